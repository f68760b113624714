import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { auditKeyFrom } from '../db/audit';
import { createFileStore, type FileStore } from '../services/files';
import { createDecisionActivities } from './decisions';
import { createItemYearActivities } from './item-years';
import { createNotificationActivities } from './notifications';
import type { NotificationChannels } from '../services/notify';
import { createPlanActivities } from './plan';
import { createPlanApprovalActivities } from './plan-approval';
import { createPlanImportActivities } from './plan-import';
import { createReportWorkflowActivities } from './report-workflow';
import { createReportActivities, sharedPdfPrinter } from './reports';

export interface ActivityDeps {
  pool: Pool;
  config: Config;
  publicBaseUrl: string;
  /** The worker's client (over the worker's own connection): the fiscal-year start starts item-years with it. */
  temporal: Client;
  /** Unset: built from the SMTP and LINE settings in config. */
  channels?: NotificationChannels;
  /** Unset: the store FILE_STORE names (services/files). */
  files?: FileStore;
}

/** Every activity the worker registers; each one is idempotent by the key its workflow passes. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createPlanActivities(deps.pool),
    ...createPlanImportActivities(deps.pool),
    ...createPlanApprovalActivities(deps.pool, auditKeyFrom(deps.config), deps.temporal),
    ...createItemYearActivities(deps.pool, auditKeyFrom(deps.config), deps.temporal),
    ...createDecisionActivities(deps),
    ...createNotificationActivities(deps),
    // One Chromium per process prints every PDF; whoever runs the worker closes it (closeSharedPdfPrinter).
    ...createReportActivities({ pool: deps.pool, files: deps.files ?? createFileStore(deps.config), printer: sharedPdfPrinter() }),
    ...createReportWorkflowActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

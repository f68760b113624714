import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { demoEnabled, type Config } from '../config';
import { importPlanJson } from '../domain/importer';
import { findOrganizationBySlug } from '../db/queries/organizations';
import { listPlans } from '../db/queries/plans';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { seedDemoPeople } from '../db/dev-seed';
import { auditKeyFrom } from '../db/audit';
import { fiscalYearOf } from '../domain/fiscal';
import { fiscalYearStartWorkflow, planLoadWorkflow } from '../workflows';
import { stateQuery, submitProposalSignal } from '../workflows/item-year/messages';
import { listItemYearsOfOrganization } from '../db/queries/item-years';
import type { Log } from '../infra/log';
import { addPlatformAdmin } from '../services/platform';
import { ensureFiscalYearSchedule, ensureReportSchedules, reportDatesFromSettings } from '../services/schedules';
import { REPO_ROOT } from '../infra/repo-root';

export const SEED_ORGANIZATION_SLUG = 'khek-noi';
/** The demo's platform administrator (SUJARIT_DEMO only); a real one is made with `platform admin add`. */
export const DEMO_PLATFORM_ADMIN_EMAIL = 'platform@sujarit.example';
export const SEED_PLAN_FILE = path.join(REPO_ROOT, 'data', 'seed', 'khek-noi.plan.json');

/**
 * Loads the Khek Noi plan on a fresh database, through the plan-load workflow like any other import, so the first
 * start also proves the worker runs. The committed canonical JSON is used, so no shared folder is needed.
 */
export async function seedDevelopmentData(deps: { config: Config; pool: Pool; temporal: Client; log: Log }): Promise<void> {
  const { pool, temporal, log, config } = deps;
  const org = await findOrganizationBySlug(pool, SEED_ORGANIZATION_SLUG);
  const alreadyLoaded = org && (await listPlans(pool)).some((p) => p.organizationSlug === SEED_ORGANIZATION_SLUG);
  if (!alreadyLoaded) {
    const text = await readFile(SEED_PLAN_FILE, 'utf8');
    const plan = importPlanJson(text);
    const sha = createHash('sha256').update(text).digest('hex');
    const result = await temporal.workflow.execute(planLoadWorkflow, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: `plan-load:${SEED_ORGANIZATION_SLUG}:${sha.slice(0, 16)}`,
      args: [{ organizationSlug: SEED_ORGANIZATION_SLUG, plan, sourceName: path.basename(SEED_PLAN_FILE), sourceSha256: sha, loadedBy: 'seed' }],
    });
    log(`โหลดแผนเข็กน้อยแล้ว / seeded the Khek Noi plan: plan ${result.planId} version ${result.version}, ${plan.items.length} items`);
  } else {
    log('แผนเข็กน้อยมีอยู่แล้ว / the Khek Noi plan is already loaded');
  }
  const seededOrg = (await findOrganizationBySlug(pool, SEED_ORGANIZATION_SLUG))!;
  if (demoEnabled(config) && (await seedDemoPeople(pool, seededOrg.id, SEED_ORGANIZATION_SLUG, { auditKey: auditKeyFrom(config) }))) {
    log('เพิ่มบุคลากรตัวอย่างแล้ว / demo people added (see /dev/inbox for their messages)');
  }
  if (demoEnabled(config)) {
    const platform = await addPlatformAdmin(
      { pool, auditKey: auditKeyFrom(config) },
      { email: DEMO_PLATFORM_ADMIN_EMAIL, fullName: 'ผู้ดูแลแพลตฟอร์มทดลอง', grantedBy: 'system:demo-seed' },
    );
    if (platform.added) log(`ผู้ดูแลแพลตฟอร์มทดลอง / demo platform administrator: ${DEMO_PLATFORM_ADMIN_EMAIL} (creates organisations at /platform)`);
  }
  await ensureFiscalYearSchedule(temporal, { organizationSlug: SEED_ORGANIZATION_SLUG, taskQueue: config.TEMPORAL_TASK_QUEUE });
  await ensureReportSchedules(temporal, { organizationSlug: SEED_ORGANIZATION_SLUG, taskQueue: config.TEMPORAL_TASK_QUEUE, dates: reportDatesFromSettings(seededOrg.settings) });
  const fiscalYear = fiscalYearOf(Date.now());
  try {
    const started = await temporal.workflow.execute(fiscalYearStartWorkflow, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: `fy-start:${SEED_ORGANIZATION_SLUG}:${fiscalYear}`,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ organizationSlug: SEED_ORGANIZATION_SLUG, fiscalYear }],
    });
    log(`เริ่มปีงบประมาณ ${fiscalYear}: ${started.started} รายการ / started FY${fiscalYear}: ${started.started} item-years`);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    log(`ปีงบประมาณ ${fiscalYear} เริ่มไปแล้ว / FY${fiscalYear} already started`);
  }
  if (demoEnabled(config)) await submitDemoProposal({ pool, temporal, log, fiscalYear });
}

/**
 * So that a person trying the system finds an approval waiting in /dev/inbox on the first start, the owner of the
 * first item has already sent its proposal. The request id is fixed, so a restart never submits it twice.
 */
async function submitDemoProposal(deps: { pool: Pool; temporal: Client; log: Log; fiscalYear: number }): Promise<void> {
  const { pool, temporal, log, fiscalYear } = deps;
  const itemYear = (await listItemYearsOfOrganization(pool, SEED_ORGANIZATION_SLUG, fiscalYear)).find(
    (row) => row.phase === 'proposal' && row.ownerPersonId !== null,
  );
  if (!itemYear) return;
  const handle = temporal.workflow.getHandle(itemYear.workflowId);
  const state = await handle.query(stateQuery);
  if (state.proposal || state.phase !== 'proposal') return;
  await handle.signal(submitProposalSignal, {
    requestId: `demo-proposal:${itemYear.workflowId}`,
    personId: itemYear.ownerPersonId!,
    memo: 'ขออนุมัติดำเนินโครงการตามแผนปฏิบัติการป้องกันการทุจริต (ตัวอย่างสำหรับทดลองใช้ระบบ)',
    budget: itemYear.budgetPlanned,
  });
  log(`ตัวอย่าง: ส่งขออนุมัติรายการ ${itemYear.itemCode} แล้ว ดูลิงก์อนุมัติที่ /dev/inbox / demo: item ${itemYear.itemCode} proposal sent; its approval link is in /dev/inbox`);
}

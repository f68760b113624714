import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { appendAudit, type AuditKey } from '../db/audit';
import { inTransaction } from '../db/pool';
import * as itemYears from '../db/queries/item-years';
import { findOrganizationById } from '../db/queries/organizations';
import { findPlanCoveringYear } from '../db/queries/plans';
import { afterTheFactRefusal, lateStartFollowUp, type AfterTheFactProblem, type AfterTheFactView, type LateStartFollowUp } from '../domain/after-the-fact';
import { DAY_MS, fiscalYearOf } from '../domain/fiscal';
import { reminderPolicySchema } from '../domain/reminder-policy-schema';
import { defaultReminderPolicy } from '../domain/reminders';
import { fiscalYearStartWorkflow } from '../workflows';
import type { FiscalYearStartResult } from '../workflows/fiscal-year-start/workflow';
import { hasRole, type Actor } from './authz';
import { AppError } from './errors';
import { afterTheFactViewsOf } from './item-year-commands';
import type { ItemYearRow } from './item-years';

/**
 * Going live in the middle of a fiscal year, for the coordinator: start the running fiscal year's item-years when
 * the organisation has none yet (its plan approved), then see, item by item, what can still be recorded after the
 * fact (services/item-year-commands.ts's recordAfterTheFact takes each record through the command path).
 */

export interface GoLiveDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
  auditKey: AuditKey;
}

export interface GoLiveItem {
  itemYear: ItemYearRow;
  view: AfterTheFactView;
  /** Why nothing more can be recorded after the fact (already recorded, moved on in the system); absent while open. */
  closed?: AfterTheFactProblem;
  /** Whether anything is recorded for it yet, and its deadlines already past when its run started. */
  followUp: LateStartFollowUp;
}

export interface GoLiveOverview {
  organizationSlug: string;
  fiscalYear: number;
  plan?: { title: string; approvalStatus: string | null };
  /** Whether the fiscal year's item-years run already. */
  started: boolean;
  items: GoLiveItem[];
  /**
   * The organisation's late-start grace in days (its reminder policy's lateStartGraceDays): what a start now gives.
   * Runs already started keep the one in their input, which is this value unless the administrator changed it since.
   */
  graceDays: number;
  /**
   * Until when deadlines already past at the start are not chased: graceDays counted from the first item-year's
   * start (domain/reminders.ts); absent before the start.
   */
  graceEndsAtMs?: number;
}

const REFUSAL = new AppError('FORBIDDEN', 'หน้านี้สำหรับผู้ประสานแผนเท่านั้น', 'This page is for the plan coordinator only.');

function requireCoordinator(actor: Actor): void {
  if (!hasRole(actor, 'coordinator', 'admin')) throw REFUSAL;
}

async function organizationOf(pool: Pool, actor: Actor) {
  const org = await findOrganizationById(pool, actor.organizationId);
  if (!org) throw new AppError('NOT_FOUND', 'ไม่พบองค์กร', 'organisation not found');
  return org;
}

/** The running fiscal year of the coordinator's organisation, each item-year with what can still be recorded. */
export async function goLiveOverview(deps: Pick<GoLiveDeps, 'pool'>, actor: Actor, nowMs: number): Promise<GoLiveOverview> {
  requireCoordinator(actor);
  const org = await organizationOf(deps.pool, actor);
  const fiscalYear = fiscalYearOf(nowMs);
  const [plan, rows] = await Promise.all([
    findPlanCoveringYear(deps.pool, org.id, fiscalYear),
    itemYears.listItemYearsOfOrganization(deps.pool, org.slug, fiscalYear),
  ]);
  const views = await afterTheFactViewsOf(deps, rows);
  const firstStartMs = rows.length ? Math.min(...rows.map((r) => r.startedAt.getTime())) : undefined;
  // As the fiscal-year start reads it (activities/item-years.ts): a stored policy that no longer parses is ignored.
  const policy = reminderPolicySchema.safeParse(org.settings.reminderPolicy ?? {});
  const graceDays = policy.success ? policy.data.lateStartGraceDays : defaultReminderPolicy.lateStartGraceDays;
  return {
    organizationSlug: org.slug,
    fiscalYear,
    ...(plan ? { plan: { title: plan.title, approvalStatus: plan.approvalStatus } } : {}),
    started: rows.length > 0,
    graceDays,
    items: rows.map((itemYear, i) => {
      const view = views[i]!;
      const closed = afterTheFactRefusal(view.state);
      const followUp = lateStartFollowUp(itemYear.state, itemYear.startedAt.getTime());
      return { itemYear, view, ...(closed ? { closed } : {}), followUp };
    }),
    ...(firstStartMs !== undefined ? { graceEndsAtMs: firstStartMs + graceDays * DAY_MS } : {}),
  };
}

/** How long the page waits for the item-years to start before it shows them as they come. */
const START_WAIT_MS = 30_000;

/**
 * Starts the running fiscal year's item-years of the coordinator's organisation (the fiscal-year start workflow, as
 * the yearly schedule and `fy start` run it), audited with who asked. A plan awaiting the นายก's approval, or not
 * approved, starts nothing.
 */
export async function startRunningFiscalYear(
  deps: GoLiveDeps,
  actor: Actor,
  nowMs: number,
): Promise<{ fiscalYear: number; result?: FiscalYearStartResult }> {
  requireCoordinator(actor);
  const org = await organizationOf(deps.pool, actor);
  const fiscalYear = fiscalYearOf(nowMs);
  const plan = await findPlanCoveringYear(deps.pool, org.id, fiscalYear);
  if (!plan) {
    throw new AppError('CONFLICT', `ยังไม่มีแผนที่ครอบคลุมปีงบประมาณ ${fiscalYear}`, `no plan covers fiscal year ${fiscalYear} yet`);
  }
  if (plan.approvalStatus !== null && plan.approvalStatus !== 'approved') {
    throw new AppError(
      'CONFLICT',
      'แผนฉบับปัจจุบันยังไม่ได้รับอนุมัติจากนายก จึงยังเริ่มใช้งานไม่ได้',
      'the current plan version is not approved by the chief executive yet, so the organisation cannot go live',
    );
  }
  const workflowId = `fy-start:${org.slug}:${fiscalYear}`;
  await inTransaction(deps.pool, (tx) =>
    appendAudit(tx, deps.auditKey, {
      idempotencyKey: `go-live:${workflowId}`,
      organizationId: org.id,
      occurredAt: new Date(nowMs),
      actor: `person:${actor.personId}`,
      action: 'fiscal_year_started',
      entityType: 'organization',
      entityId: org.slug,
      before: null,
      after: { fiscalYear, planId: plan.id, goLive: true },
    }),
  );
  try {
    const handle = await deps.temporal.workflow.start(fiscalYearStartWorkflow, {
      taskQueue: deps.taskQueue,
      workflowId,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      args: [{ organizationSlug: org.slug, fiscalYear }],
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), START_WAIT_MS);
    });
    const result = await Promise.race([handle.result(), waited]).finally(() => clearTimeout(timer));
    return { fiscalYear, ...(result ? { result } : {}) };
  } catch (err) {
    // Someone pressed the button a moment earlier: that start is under way.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { fiscalYear };
    throw err;
  }
}

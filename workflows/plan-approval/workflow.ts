import { allHandlersFinished, condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { DAY_MS, fiscalYearBounds } from '../../domain/fiscal';
import type { ScheduledReminder } from '../../domain/reminders';
import { registerCommandAcknowledgement } from '../common/commands';
import { askForDecision, decideSignal, type Decide, type DecisionPointActivities } from '../common/decision';
import { RequestLedger } from '../common/ledger';
import type { ReportWorkflowOwnActivities } from '../report/activity-contract';
import type { FiscalYearStartActivities } from '../fiscal-year-start/activity-contract';
import { DEFAULT_TIMING as ITEM_YEAR_TIMING } from '../fiscal-year-start/workflow';
import type { PlanApprovalActivities } from './activity-contract';
import { PLAN_APPROVAL_DECISION_KEY, planApprovalStateQuery, type PlanApprovalInput, type PlanApprovalState, type PlanApprovalTiming } from './messages';

const DEFAULT_TIMING: PlanApprovalTiming = { decisionDueDays: 7, dayMs: DAY_MS, linkTtlMs: 14 * DAY_MS };

const acts = proxyActivities<DecisionPointActivities & PlanApprovalActivities & Pick<ReportWorkflowOwnActivities, 'resolveReportOrganization'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2, nonRetryableErrorTypes: ['NOT_FOUND', 'VALIDATION_FAILED'] },
});

/** Starting an amendment's added items waits for the server like a fiscal year's start does. */
const { startItemYears } = proxyActivities<FiscalYearStartActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumInterval: '1 minute', nonRetryableErrorTypes: ['NOT_FOUND'] },
});

/** Runs from here remind the นายก on the organisation's reminder policy; the first runs waited silently. */
export const PLAN_APPROVAL_REMINDERS = 'plan-approval-reminders';

/**
 * Asks the นายก, by signed link, to approve a plan version the coordinator confirmed, and records the answer on the
 * version. The wait is durable timers and the decide signal, so it survives restarts for as long as it takes; the
 * นายก is reminded on the organisation's policy and working calendar, and a late นายก is escalated to the ปลัด only
 * (a plan has no unit head), as a report's sign-off is.
 */
export async function planApprovalWorkflow(input: PlanApprovalInput): Promise<PlanApprovalState> {
  const timing = { ...DEFAULT_TIMING, ...input.timing };
  const state: PlanApprovalState = { phase: 'awaiting_mayor', processedIds: [], history: [] };
  const ledger = new RequestLedger(state);
  const pending: Decide[] = [];
  setHandler(planApprovalStateQuery, () => state);
  registerCommandAcknowledgement(ledger);
  setHandler(decideSignal, (decision) => {
    if (ledger.firstTime(decision.decisionId)) pending.push(decision);
  });

  let decidedBy: number | undefined;
  const org = patched(PLAN_APPROVAL_REMINDERS) ? await acts.resolveReportOrganization({ organizationId: input.organizationId }) : undefined;
  await askForDecision({
    activities: acts,
    pending,
    point: {
      workflowId: workflowInfo().workflowId,
      decisionKey: PLAN_APPROVAL_DECISION_KEY,
      purpose: 'plan',
      approverRole: 'mayor',
      organizationId: input.organizationId,
      itemYearId: null,
      summary: {
        itemCode: `v${input.version}`,
        itemName: input.title,
        fiscalYear: input.firstFiscalYear,
        budget: input.budgetBaht,
        memo: input.amendment?.memo ?? `${input.itemCount} รายการ / ${input.itemCount} items`,
        askTh: input.amendment?.ask.th ?? 'พิจารณาอนุมัติแผนปฏิบัติการป้องกันการทุจริตที่ผู้ประสานแผนนำเข้าและยืนยันแล้ว',
        askEn: input.amendment?.ask.en ?? 'approve the anti-corruption plan the coordinator imported and confirmed',
      },
      dueAtMs: Date.now() + timing.decisionDueDays * timing.dayMs,
      linkTtlMs: timing.linkTtlMs,
    },
    announce: async () => {
      ledger.note('decision_requested', undefined, PLAN_APPROVAL_DECISION_KEY);
    },
    ...(org
      ? {
          reminders: {
            policy: { ...(org.reminderPolicy ?? {}), dayMs: timing.dayMs },
            calendar: org.calendar,
            applies: (r: ScheduledReminder) => !(r.kind === 'escalation' && r.escalateTo !== 'palad'),
          },
        }
      : {}),
    note: (event, personId, detail) => ledger.note(event, personId, detail),
    record: async (decision) => {
      await acts.recordPlanApproval({
        organizationId: input.organizationId,
        planVersionId: input.planVersionId,
        decisionId: decision.decisionId,
        outcome: decision.outcome,
        personId: decision.personId,
        actingAs: decision.actingAs,
        ...(decision.reason ? { reason: decision.reason } : {}),
      });
      state.phase = 'decided';
      state.outcome = decision.outcome;
      decidedBy = decision.personId;
    },
  });
  // Only runs asked about an amendment come here; runs of other plan versions, older ones included, never do.
  if (input.amendment && state.outcome === 'approve' && decidedBy !== undefined) {
    const years = await acts.applyPlanAmendment({ organizationId: input.organizationId, planVersionId: input.planVersionId, personId: decidedBy });
    for (const year of years.filter((y) => y.toStart.length)) {
      await startItemYears({
        organizationSlug: input.organizationSlug,
        fiscalYear: year.fiscalYear,
        itemCodes: year.toStart,
        timing: { startMs: fiscalYearBounds(year.fiscalYear).startMs, ...ITEM_YEAR_TIMING },
      });
    }
    state.applied = years.map((y) => ({ fiscalYear: y.fiscalYear, started: y.toStart, cancelled: y.cancelled, updated: y.updated }));
    state.phase = 'applied';
  }
  // The page that recorded the decision asks, by Update, whether it was taken: answer it before the run ends.
  await condition(allHandlersFinished);
  return state;
}

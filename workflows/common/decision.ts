import { condition, defineSignal, patched } from '@temporalio/workflow';
import type { WorkCalendar } from '../../domain/calendar';
import type { DecisionOutcome, DecisionPointFacts } from '../../domain/decision';
import { reminderSchedule, type ReminderPolicyInput, type ScheduledReminder } from '../../domain/reminders';

/**
 * A decision point as both workflows (item-year, report) run it: open the point (the activity sends the signed
 * links), wait for the decision with reminders on the policy's schedule, record it, close the point. Every wait is a
 * durable timer or the decide signal, so a decision that takes weeks survives restarts, and reminders already sent
 * are not sent again.
 */

/** The decide signal's payload, the same for both workflows: the decision-link page signals whichever opened the point. */
export interface Decide {
  /** Id of the row in `decisions`, written before this signal was sent. */
  decisionId: string;
  decisionKey: string;
  outcome: DecisionOutcome;
  reason?: string;
  personId: number;
  /** For messages to the owner ("approved by ..."); the id is what counts. */
  personName?: string;
  /** The authority used (e.g. a deputy deciding as mayor under delegation) as stored: authorityText, parseAuthority. */
  actingAs: string;
}

export const decideSignal = defineSignal<[Decide]>('decide');

/**
 * Runs started from here take a decision only once an activity has found its `decisions` row: anyone who can reach
 * Temporal could otherwise signal a decision no approver made. Runs from before keep taking decisions as they did.
 */
export const VERIFY_DECISIONS = 'verify-decisions';

/** What a workflow keeps of a decision it took, in its state and for the audit. */
export interface DecisionFacts {
  decisionId: string;
  decisionKey: string;
  outcome: DecisionOutcome;
  reason?: string;
  personId: number;
  actingAs: string;
  atMs: number;
}

export function decisionFacts(decision: Decide, atMs: number): DecisionFacts {
  return {
    decisionId: decision.decisionId,
    decisionKey: decision.decisionKey,
    outcome: decision.outcome,
    ...(decision.reason ? { reason: decision.reason } : {}),
    personId: decision.personId,
    actingAs: decision.actingAs,
    atMs,
  };
}

export interface OpenDecisionInput extends DecisionPointFacts {
  dueAtMs: number;
  linkTtlMs: number;
}

/** The decision point's activities (activities/decisions.ts), idempotent by workflow id + decision key. */
export interface DecisionPointActivities {
  openDecision(input: OpenDecisionInput): Promise<{ decisionPointId: number; approverPersonIds: number[] }>;
  remindDecision(input: {
    workflowId: string;
    decisionKey: string;
    seq: number;
    kind: 'before' | 'due' | 'overdue' | 'escalation';
    escalateTo?: 'unit_head' | 'palad';
    linkTtlMs: number;
  }): Promise<void>;
  closeDecision(input: {
    workflowId: string;
    decisionKey: string;
    status: 'decided' | 'withdrawn';
    decisionId?: string;
  }): Promise<void>;
  /**
   * Whether the decision is the one recorded for this point in `decisions` (same id, outcome, person and
   * authority): a decide signal is a claim, the row is the fact.
   */
  verifyDecision(input: { workflowId: string; decisionKey: string; decision: Decide }): Promise<boolean>;
}

export interface DecisionRequest {
  activities: DecisionPointActivities;
  /** Where the workflow's decide handler puts the decisions it received (each id once). */
  pending: Decide[];
  point: OpenDecisionInput;
  /** Runs before the point opens: the workflow records that it now waits for this decision. */
  announce: () => Promise<void>;
  /** Reminds the approvers on the policy's schedule while the point is open; without it the wait is silent. */
  reminders?: {
    policy: ReminderPolicyInput;
    calendar?: WorkCalendar;
    /** Which reminders of the schedule apply (e.g. no escalation to the palad of a decision the palad owes). */
    applies?: (reminder: ScheduledReminder) => boolean;
  };
  /** Records a reminder sent, and the decision, in the workflow's history. */
  note: (event: string, personId?: number, detail?: string) => void;
  /** Takes the decision into the workflow's state (and writes it) before the point is closed. */
  record: (decision: Decide, facts: DecisionFacts) => void | Promise<void>;
}

/**
 * Asks for a decision and returns it once recorded and the point closed. With `withdrawWhen`, the point is closed as
 * withdrawn, and undefined returned, as soon as that holds before a decision has been taken (an item-year that ends
 * while its cancellation is being decided).
 */
export function askForDecision(request: DecisionRequest): Promise<Decide>;
export function askForDecision(request: DecisionRequest & { withdrawWhen: () => boolean }): Promise<Decide | undefined>;
export async function askForDecision(request: DecisionRequest & { withdrawWhen?: () => boolean }): Promise<Decide | undefined> {
  const { activities, point } = request;
  const key = { workflowId: point.workflowId, decisionKey: point.decisionKey };
  await request.announce();
  await activities.openDecision(point);
  let decision: Decide | undefined;
  for (;;) {
    decision = await waitForDecision(request);
    if (!decision) {
      await activities.closeDecision({ ...key, status: 'withdrawn' });
      return undefined;
    }
    if (!patched(VERIFY_DECISIONS) || (await activities.verifyDecision({ ...key, decision }))) break;
    // Ignored, and kept in the history so the attempt shows; the real decision is still awaited.
    request.note('decision_forged_ignored', decision.personId, decision.decisionId);
  }
  request.note(`decided:${decision.outcome}`, decision.personId, decision.reason);
  await request.record(decision, decisionFacts(decision, Date.now()));
  await activities.closeDecision({ ...key, status: 'decided', decisionId: decision.decisionId });
  return decision;
}

/** Waits for the decision (or the withdrawal), sending the reminders that fall due meanwhile, and takes it off `pending`. */
async function waitForDecision(request: DecisionRequest & { withdrawWhen?: () => boolean }): Promise<Decide | undefined> {
  const { pending, point, reminders } = request;
  const taken = () => pending.some((d) => d.decisionKey === point.decisionKey);
  const withdrawn = () => request.withdrawWhen?.() ?? false;
  const settled = () => taken() || withdrawn();
  if (!reminders) {
    await condition(settled);
  } else {
    let from = Date.now();
    while (!settled()) {
      const next = reminderSchedule({
        dueAtMs: point.dueAtMs,
        fromMs: from,
        policy: reminders.policy,
        ...(reminders.calendar ? { calendar: reminders.calendar } : {}),
      }).find((reminder) => !reminders.applies || reminders.applies(reminder));
      if (!next) {
        await condition(settled);
        break;
      }
      if (await condition(settled, Math.max(1, next.atMs - Date.now()))) break;
      from = next.atMs + 1;
      await request.activities.remindDecision({
        workflowId: point.workflowId,
        decisionKey: point.decisionKey,
        seq: next.seq,
        kind: next.kind,
        ...(next.escalateTo ? { escalateTo: next.escalateTo } : {}),
        linkTtlMs: point.linkTtlMs,
      });
      request.note(`decision_reminder:${next.kind}`, undefined, point.decisionKey);
    }
  }
  if (withdrawn()) return undefined;
  const index = pending.findIndex((d) => d.decisionKey === point.decisionKey);
  return pending.splice(index, 1)[0]!;
}

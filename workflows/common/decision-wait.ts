import { condition } from '@temporalio/workflow';
import type { WorkCalendar } from '../../domain/calendar';
import { reminderSchedule, type ReminderPolicyInput, type ScheduledReminder } from '../../domain/reminders';
import type { ItemYearActivities } from '../item-year/activity-contract';
import type { Decide } from '../item-year/messages';

/**
 * Waits until the decision for `decisionKey` has arrived (the signal handler pushes it onto `pending`), reminding the
 * approvers on the policy's schedule meanwhile, then takes it off `pending`. Every wait is a durable timer, so a
 * decision that takes weeks survives restarts, and the reminders already sent are not sent again.
 */
export async function waitForDecision(opts: {
  pending: Decide[];
  decisionKey: string;
  dueAtMs: number;
  policy: ReminderPolicyInput;
  calendar?: WorkCalendar;
  /** Which reminders of the schedule apply (e.g. no escalation to the palad of a decision the palad owes). */
  applies?: (reminder: ScheduledReminder) => boolean;
  remind: (reminder: ScheduledReminder) => Promise<void>;
}): Promise<Decide> {
  const taken = () => opts.pending.some((d) => d.decisionKey === opts.decisionKey);
  let from = Date.now();
  while (!taken()) {
    const next = reminderSchedule({
      dueAtMs: opts.dueAtMs,
      fromMs: from,
      policy: opts.policy,
      ...(opts.calendar ? { calendar: opts.calendar } : {}),
    }).find((reminder) => !opts.applies || opts.applies(reminder));
    if (!next) {
      await condition(taken);
      break;
    }
    if (await condition(taken, Math.max(1, next.atMs - Date.now()))) break;
    from = next.atMs + 1;
    await opts.remind(next);
  }
  const index = opts.pending.findIndex((d) => d.decisionKey === opts.decisionKey);
  return opts.pending.splice(index, 1)[0]!;
}

/** The reminder step of waitForDecision for a workflow whose approvers are reminded through fresh signed links. */
export function remindApprovers(
  remindDecision: ItemYearActivities['remindDecision'],
  opts: { workflowId: string; decisionKey: string; linkTtlMs: number; note: (event: string, personId?: number, detail?: string) => void },
): (reminder: ScheduledReminder) => Promise<void> {
  return async (next) => {
    await remindDecision({
      workflowId: opts.workflowId,
      decisionKey: opts.decisionKey,
      seq: next.seq,
      kind: next.kind,
      ...(next.escalateTo ? { escalateTo: next.escalateTo } : {}),
      linkTtlMs: opts.linkTtlMs,
    });
    opts.note(`decision_reminder:${next.kind}`, undefined, opts.decisionKey);
  };
}

/** What both workflows keep of a decision they took, in their state and for the audit. */
export function decisionFacts(decision: Decide, atMs: number) {
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

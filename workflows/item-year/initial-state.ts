import { planItemYear, type ItemYearPlan } from '../../domain/item-year-plan';
import type { ItemYearState, StepState } from './messages';
import type { ItemYearInput } from './workflow';

/**
 * What an item-year is when its run begins: its plan and its state at revision 1 (first phase, every step's due
 * date). Pure, and the same in the workflow and in the activity that starts the year, which records this state and
 * its audit row for all of an organisation's item-years in one transaction (see startItemYears).
 */

/** Office hours end at 16:30 Bangkok: a step due "on day N" is due by then. */
const DUE_TIME_OF_DAY = 16.5 / 24;

/** The instant a plan day's work is due. */
export function planDayMs(timing: ItemYearInput['timing'], day: number): number {
  return timing.startMs + (day + DUE_TIME_OF_DAY) * timing.dayMs;
}

export function initialItemYearState(input: ItemYearInput, workflowId: string): { plan: ItemYearPlan; state: ItemYearState } {
  const plan = planItemYear({ kind: input.item.kind, steps: input.item.steps, budget: input.item.budget }, input.fiscalYear);
  const state: ItemYearState = {
    workflowId,
    revision: 1,
    status: 'in_progress',
    phase: plan.needsApproval ? 'proposal' : plan.needsCommittee ? 'committee' : 'execution',
    ...(plan.needsApproval ? { phaseDueAtMs: planDayMs(input.timing, plan.proposalDueDay) } : {}),
    ownerPersonId: input.ownerPersonId,
    ...(input.ownerName ? { ownerName: input.ownerName } : {}),
    steps: plan.executionSteps.map(
      (s): StepState => ({
        key: s.key,
        ordinal: s.ordinal,
        text: s.text,
        phase: s.phase,
        ...(s.occurrence ? { occurrence: s.occurrence } : {}),
        dueAtMs: planDayMs(input.timing, s.dueDay),
        status: 'pending',
      }),
    ),
    budgetSpent: null,
    decisions: [],
    history: [],
    processedIds: [],
  };
  return { plan, state };
}

/** The audit row of the start: who and what, as the workflow has always written it. */
export function startedAudit(state: ItemYearState): { actor: string; action: string; before: null; after: { phase: string; status: string } } {
  return { actor: 'system', action: 'started', before: null, after: { phase: state.phase, status: state.status } };
}

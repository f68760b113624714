import { fiscalYearBounds, daysBetween, quarterBounds, beToCe, formatIsoDate, daysInMonth } from './fiscal';
import type { ItemKind, Step, StepPhase } from './plan';

/**
 * How one plan item runs through one fiscal year: which stages it needs and when each step is due, as day offsets
 * from the start of the fiscal year (day 0 = 1 October). Offsets rather than instants, so a workflow can run the same
 * plan on a compressed clock in tests (a "day" of one second) and on the real fiscal calendar in production.
 */

export interface PlannedStep {
  /** Stable within the item-year: `s<ordinal>` or `s<ordinal>-<occurrence>` for a recurring check-in. */
  key: string;
  ordinal: number;
  text: string;
  phase: StepPhase;
  occurrence?: number;
  dueDay: number;
}

export interface ItemYearPlan {
  needsApproval: boolean;
  needsCommittee: boolean;
  proposalDueDay: number;
  executionSteps: PlannedStep[];
  evaluationDueDay: number;
  reportDueDay: number;
}

/** When the owner's proposal is due: a month into the year, so approved work has most of the year to run. */
export const PROPOSAL_DUE_DAY = 30;
const EXECUTION_WINDOW = { firstDay: 45, lastDay: 300 } as const;
/** Evaluation and the item report close the year before the annual report is compiled in October. */
export const EVALUATION_DUE_OFFSET_FROM_END = 30;
export const REPORT_DUE_OFFSET_FROM_END = 15;

/** Steps whose phase the workflow's own stages carry out; the rest become dated execution steps. */
const STAGE_PHASES: ReadonlySet<StepPhase> = new Set(['approval', 'committee', 'evaluation', 'reporting']);

export function planItemYear(
  item: { kind: ItemKind; steps: Step[]; budget: number | null },
  fiscalYear: number,
): ItemYearPlan {
  const fyDays = fiscalYearLengthDays(fiscalYear);
  const needsApproval =
    item.kind === 'project' || (item.budget ?? 0) > 0 || item.steps.some((s) => s.phase === 'approval');
  const needsCommittee = item.steps.some((s) => s.phase === 'committee');

  const oneOff: Array<{ step: Step; ordinal: number }> = [];
  const recurring: PlannedStep[] = [];
  item.steps.forEach((step, index) => {
    const ordinal = index + 1;
    // A step with its own rhythm ("report every month") is a series of check-ins whatever its phase.
    if (!step.recurrence && STAGE_PHASES.has(step.phase)) return;
    if (step.recurrence) {
      recurringDueDays(step.recurrence, fiscalYear).forEach((dueDay, i) =>
        recurring.push({ key: `s${ordinal}-${i + 1}`, ordinal, text: step.text, phase: step.phase, occurrence: i + 1, dueDay }),
      );
    } else {
      oneOff.push({ step, ordinal });
    }
  });

  const span = EXECUTION_WINDOW.lastDay - EXECUTION_WINDOW.firstDay;
  const executionSteps: PlannedStep[] = oneOff.map(({ step, ordinal }, i) => ({
    key: `s${ordinal}`,
    ordinal,
    text: step.text,
    phase: step.phase,
    dueDay: EXECUTION_WINDOW.firstDay + Math.round((span * (i + 1)) / oneOff.length),
  }));
  executionSteps.push(...recurring);

  // A measure runs all year; without its own rhythm it still reports progress every quarter.
  if (item.kind === 'measure' && recurring.length === 0) {
    const ordinal = item.steps.length + 1;
    recurringDueDays('quarterly', fiscalYear).forEach((dueDay, i) =>
      executionSteps.push({
        key: `q${i + 1}`,
        ordinal,
        text: `รายงานความก้าวหน้าไตรมาสที่ ${i + 1} / quarter ${i + 1} progress check-in`,
        phase: 'execution',
        occurrence: i + 1,
        dueDay,
      }),
    );
  }
  executionSteps.sort((a, b) => a.dueDay - b.dueDay || a.ordinal - b.ordinal);

  return {
    needsApproval,
    needsCommittee,
    proposalDueDay: PROPOSAL_DUE_DAY,
    executionSteps,
    evaluationDueDay: fyDays - EVALUATION_DUE_OFFSET_FROM_END,
    reportDueDay: fyDays - REPORT_DUE_OFFSET_FROM_END,
  };
}

export function fiscalYearLengthDays(fiscalYear: number): number {
  const { start, end } = fiscalYearBounds(fiscalYear);
  return daysBetween(start, end) + 1;
}

/** Day offsets (from 1 October) of the last day of each month, quarter or half of the fiscal year. */
export function recurringDueDays(
  recurrence: NonNullable<Step['recurrence']>,
  fiscalYear: number,
): number[] {
  const { start } = fiscalYearBounds(fiscalYear);
  const offsetOf = (date: string) => daysBetween(start, date);
  switch (recurrence) {
    case 'monthly': {
      const days: number[] = [];
      for (let i = 0; i < 12; i++) {
        const month = ((9 + i) % 12) + 1;
        const year = beToCe(fiscalYear) - (month >= 10 ? 1 : 0);
        days.push(offsetOf(formatIsoDate({ year, month, day: daysInMonth(year, month) })));
      }
      return days;
    }
    case 'quarterly':
      return ([1, 2, 3, 4] as const).map((q) => offsetOf(quarterBounds(fiscalYear, q).end));
    case 'semiannual':
      return ([2, 4] as const).map((q) => offsetOf(quarterBounds(fiscalYear, q).end));
    case 'annual':
      return [EXECUTION_WINDOW.lastDay];
  }
}

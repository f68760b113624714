import { lateness, type Late, type LatenessInput } from './lateness';

/**
 * Where an item stands: the one rule behind the coordinator's dashboard and the six-month and annual reports.
 *
 * completed → done; cancelled → cancelled; a phase past proposal and approval, or any step done → in progress;
 * otherwise not started. The dashboard adds "overdue" (domain/lateness.ts): what the item now waits for (the owner's
 * phase or step, or an approver's decision) was due before now. Overdue wins over in progress and not started, never
 * over done or cancelled. The reports have no "overdue": they show the year as the template asks (ดำเนินการแล้ว,
 * อยู่ระหว่างดำเนินการ, ยังไม่ได้ดำเนินการ, ยกเลิก), as of their cut-off.
 *
 * Due dates are already working days (calendar.ts moved them off holidays when the workflow set them), so no
 * holiday enters here: an item is overdue from the instant after its due date, whatever day that is.
 */

/** The report's four, in the template's order. */
export const PROGRESS_STATUSES = ['done', 'in_progress', 'not_started', 'cancelled'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** The dashboard's five, in the order its legend and tables show them. */
export const ITEM_STATUSES = ['done', 'in_progress', 'not_started', 'overdue', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Phases in which nothing of the work itself has begun: the proposal and its approval. */
const NOT_YET_UNDER_WAY: ReadonlySet<string> = new Set(['proposal', 'approval']);

export interface ProgressFacts {
  /** The item-year's status (not_started, in_progress, completed, cancelled), as of the moment asked about. */
  status: string;
  /** Its phase then; null when nothing records one (a report's cut-off before the first phase entry). */
  phase: string | null;
  /** At least one step was done by then. */
  anyStepDone: boolean;
}

export function progressStatus(item: ProgressFacts): ProgressStatus {
  if (item.status === 'completed') return 'done';
  if (item.status === 'cancelled') return 'cancelled';
  if (item.status === 'not_started') return 'not_started';
  const underWay = item.anyStepDone || (item.phase !== null && !NOT_YET_UNDER_WAY.has(item.phase));
  return underWay ? 'in_progress' : 'not_started';
}

/** The status now, with what is late when it is overdue. */
export function itemStatus(
  item: ProgressFacts & LatenessInput,
  nowMs: number,
): { status: ItemStatus; late: Late | null } {
  const progress = progressStatus(item);
  if (progress === 'done' || progress === 'cancelled') return { status: progress, late: null };
  const late = lateness(item, nowMs);
  return late ? { status: 'overdue', late } : { status: progress, late: null };
}

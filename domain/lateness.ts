/**
 * When an item-year is overdue: what it now waits for (the owner's phase or step, or an approver's decision) is past
 * its due date. The coordinator's dashboard shows it, the projection stores the due date (item_years.next_due_at) so
 * the overdue metric is one indexed count across every organisation, and both come from nextDue below.
 */

/** Phases in which the owner must hand something in by the phase's due date. */
const OWNER_PHASES = new Set(['proposal', 'committee', 'evaluation', 'report']);
/** Phases that wait for the ปลัด's or the นายก's decision by its due date. */
const DECISION_PHASES = new Set(['approval', 'committee_signoff', 'report_ack']);

export interface Late {
  /** The step's text, or the phase that is late. */
  what: { step: string } | { phase: string };
  /** Who must act: the owner, or the approver the decision waits for. */
  waitingOn: 'owner' | 'mayor' | 'palad';
  dueAtMs: number;
}

/** The parts of an item-year (its projection row and the workflow's state in it) that lateness depends on. */
export interface LatenessInput {
  status: string;
  phase: string;
  state: unknown;
}

interface StateParts {
  phaseDueAtMs?: number;
  openDecision?: { approverRole: 'mayor' | 'palad'; dueAtMs: number };
  steps?: Array<{ status: string; dueAtMs: number; text: string }>;
}

/**
 * What an in-progress item-year waits for and its due date, whether or not that has passed; null when it waits for
 * nothing dated (or is not in progress). In execution: the earliest pending step.
 */
export function nextDue(item: LatenessInput): Late | null {
  if (item.status !== 'in_progress') return null;
  const state = (item.state ?? {}) as StateParts;
  if (OWNER_PHASES.has(item.phase)) {
    return typeof state.phaseDueAtMs === 'number'
      ? { what: { phase: item.phase }, waitingOn: 'owner', dueAtMs: state.phaseDueAtMs }
      : null;
  }
  if (DECISION_PHASES.has(item.phase)) {
    return state.openDecision
      ? { what: { phase: item.phase }, waitingOn: state.openDecision.approverRole, dueAtMs: state.openDecision.dueAtMs }
      : null;
  }
  if (item.phase === 'execution') {
    const first = (state.steps ?? [])
      .filter((s) => s.status === 'pending')
      .sort((a, b) => a.dueAtMs - b.dueAtMs)[0];
    return first ? { what: { step: first.text }, waitingOn: 'owner', dueAtMs: first.dueAtMs } : null;
  }
  return null;
}

/** Overdue at `nowMs`: what it waits for was due before then. It stays overdue until the item-year moves on. */
export function lateness(item: LatenessInput, nowMs: number): Late | null {
  const due = nextDue(item);
  return due && due.dueAtMs < nowMs ? due : null;
}

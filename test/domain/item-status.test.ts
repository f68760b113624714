import { itemStatus, progressStatus, type ProgressFacts } from '../../domain/item-status';
import type { LatenessInput } from '../../domain/lateness';

const NOW = Date.UTC(2027, 0, 15, 3, 0);
const DAY = 86_400_000;

type Item = ProgressFacts & LatenessInput;
const inExecution = (dueAtMs: number, overrides: Partial<Item> = {}): Item => ({
  status: 'in_progress',
  phase: 'execution',
  anyStepDone: false,
  state: { steps: [{ key: 's1', text: 'จัดอบรม', dueAtMs, status: 'pending' }] },
  ...overrides,
});

describe('progress: the rule the reports and the dashboard share', () => {
  test('completed is done and cancelled is cancelled, whatever the phase', () => {
    expect(progressStatus({ status: 'completed', phase: 'completed', anyStepDone: true })).toBe('done');
    expect(progressStatus({ status: 'cancelled', phase: 'proposal', anyStepDone: false })).toBe('cancelled');
    expect(progressStatus({ status: 'cancelled', phase: 'execution', anyStepDone: true })).toBe('cancelled');
  });

  test('under way once past proposal and approval, or once any step is done', () => {
    expect(progressStatus({ status: 'in_progress', phase: 'proposal', anyStepDone: false })).toBe('not_started');
    expect(progressStatus({ status: 'in_progress', phase: 'approval', anyStepDone: false })).toBe('not_started');
    expect(progressStatus({ status: 'in_progress', phase: 'committee', anyStepDone: false })).toBe('in_progress');
    expect(progressStatus({ status: 'in_progress', phase: 'proposal', anyStepDone: true })).toBe('in_progress');
    // A report's cut-off before the first recorded phase: nothing shows it had begun.
    expect(progressStatus({ status: 'in_progress', phase: null, anyStepDone: false })).toBe('not_started');
  });

  test('an item-year not started is not started, even with a phase recorded', () => {
    expect(progressStatus({ status: 'not_started', phase: 'execution', anyStepDone: false })).toBe('not_started');
  });
});

describe('the status now: overdue on top of progress', () => {
  test('due exactly now is not yet overdue; a millisecond later it is', () => {
    expect(itemStatus(inExecution(NOW), NOW)).toEqual({ status: 'in_progress', late: null });
    const late = itemStatus(inExecution(NOW), NOW + 1);
    expect(late.status).toBe('overdue');
    expect(late.late).toEqual({ what: { step: 'จัดอบรม' }, waitingOn: 'owner', dueAtMs: NOW });
  });

  test('overdue wins over not started: a proposal past its date', () => {
    const proposal: Item = { status: 'in_progress', phase: 'proposal', anyStepDone: false, state: { phaseDueAtMs: NOW - DAY } };
    expect(itemStatus(proposal, NOW).status).toBe('overdue');
    expect(itemStatus(proposal, NOW - 2 * DAY).status).toBe('not_started');
  });

  test('a decision waiting past its date makes the item overdue, on the approver', () => {
    const approval: Item = {
      status: 'in_progress',
      phase: 'approval',
      anyStepDone: false,
      state: { openDecision: { approverRole: 'mayor', dueAtMs: NOW - DAY } },
    };
    expect(itemStatus(approval, NOW)).toEqual({
      status: 'overdue',
      late: { what: { phase: 'approval' }, waitingOn: 'mayor', dueAtMs: NOW - DAY },
    });
  });

  test('cancelled and completed are never overdue, also when they were finished late', () => {
    // The stored state still holds the step that was late when the item was cancelled or completed.
    expect(itemStatus(inExecution(NOW - 30 * DAY, { status: 'cancelled', phase: 'cancelled' }), NOW)).toEqual({
      status: 'cancelled',
      late: null,
    });
    expect(itemStatus(inExecution(NOW - 30 * DAY, { status: 'completed', phase: 'completed', anyStepDone: true }), NOW)).toEqual({
      status: 'done',
      late: null,
    });
  });

  test('a state without due dates (an older projection) is never overdue', () => {
    expect(itemStatus({ status: 'in_progress', phase: 'execution', anyStepDone: true, state: {} }, NOW)).toEqual({
      status: 'in_progress',
      late: null,
    });
    expect(itemStatus({ status: 'in_progress', phase: 'proposal', anyStepDone: false, state: null }, NOW).status).toBe('not_started');
  });
});

import { lateness, nextDue } from '../../domain/lateness';

const NOW = Date.UTC(2027, 0, 15, 3, 0);
const DAY = 86_400_000;
const step = (text: string, dueAtMs: number, status: 'pending' | 'done') => ({ key: text, text, dueAtMs, status });

describe('what an item-year waits for, and when it is overdue', () => {
  test("an owner's phase is due at the phase's date; a decision phase at the decision's", () => {
    const proposal = { status: 'in_progress', phase: 'proposal', state: { phaseDueAtMs: NOW - DAY } };
    expect(nextDue(proposal)).toEqual({ what: { phase: 'proposal' }, waitingOn: 'owner', dueAtMs: NOW - DAY });
    expect(lateness(proposal, NOW)).toEqual(nextDue(proposal));
    expect(lateness(proposal, NOW - DAY)).toBeNull();

    const approval = {
      status: 'in_progress',
      phase: 'approval',
      // The owner's old phase date does not count while the ปลัด decides.
      state: { phaseDueAtMs: NOW - 5 * DAY, openDecision: { approverRole: 'palad', dueAtMs: NOW + DAY } },
    };
    expect(nextDue(approval)).toEqual({ what: { phase: 'approval' }, waitingOn: 'palad', dueAtMs: NOW + DAY });
    expect(lateness(approval, NOW)).toBeNull();
    expect(lateness(approval, NOW + 2 * DAY)?.waitingOn).toBe('palad');
  });

  test('in execution, the earliest pending step; done steps and finished items never count', () => {
    const steps = [step('ก', NOW - 9 * DAY, 'done'), step('ค', NOW + 3 * DAY, 'pending'), step('ข', NOW - 2 * DAY, 'pending')];
    const running = { status: 'in_progress', phase: 'execution', state: { phaseDueAtMs: NOW - 30 * DAY, steps } };
    expect(nextDue(running)).toEqual({ what: { step: 'ข' }, waitingOn: 'owner', dueAtMs: NOW - 2 * DAY });
    expect(lateness(running, NOW)?.what).toEqual({ step: 'ข' });
    expect(nextDue({ ...running, state: { steps: [step('ก', NOW - DAY, 'done')] } })).toBeNull();
    for (const status of ['completed', 'cancelled', 'not_started']) expect(nextDue({ ...running, status })).toBeNull();
    expect(nextDue({ status: 'in_progress', phase: 'proposal', state: {} })).toBeNull();
  });
});

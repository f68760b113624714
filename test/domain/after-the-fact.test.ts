import { afterTheFactProblems, lateStartFollowUp, type AfterTheFactRecord, type AfterTheFactView } from '../../domain/after-the-fact';
import { afterTheFactInput } from '../../domain/after-the-fact-schema';
import { itemYearCommandRefusal } from '../../domain/commands';

/** A project with a committee stage, waiting for its first proposal in FY2570, on 1 December 2026. */
function view(over: Partial<Omit<AfterTheFactView, 'state'>> & { state?: Partial<AfterTheFactView['state']> } = {}): AfterTheFactView {
  const { state, ...rest } = over;
  return {
    fiscalYear: 2570,
    today: '2026-12-01',
    needsApproval: true,
    needsCommittee: true,
    budget: 20_000,
    ...rest,
    state: {
      phase: 'proposal',
      decisions: [],
      steps: [
        { key: 's2', status: 'pending' },
        { key: 's3', status: 'pending' },
      ],
      ...state,
    },
  };
}

const approval = { date: '2026-10-20', documentNumber: 'กท 73601/123' };
const committee = { orderNumber: '45/2569', orderDate: '2026-10-25' };
const codes = (record: AfterTheFactRecord, v: AfterTheFactView = view()) => afterTheFactProblems(record, v).map((p) => p.code);

describe('what happened before go-live, checked against the item-year', () => {
  test('approval, committee order, a step and the money spent are taken together', () => {
    expect(codes({ approval, committee, steps: [{ key: 's2', date: '2026-11-10', evidence: 'รายงานการประชุม' }], budgetSpent: 5000 })).toEqual([]);
  });

  test('a date outside the fiscal year or after today is refused, in Thai and English', () => {
    const problems = afterTheFactProblems(
      { approval: { ...approval, date: '2026-09-30' }, committee: { ...committee, orderDate: '2026-12-02' }, steps: [] },
      view(),
    );
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['date_outside_year', 'approval.date'],
      ['date_in_future', 'committee.orderDate'],
    ]);
    expect(problems[0]!.th).toContain('ไม่อยู่ในปีงบประมาณ 2570');
    expect(problems[0]!.en).toContain('not in fiscal year 2570');
    expect(problems[1]!.th).toContain('ยังมาไม่ถึง');
  });

  test('steps must be the item-year’s own open steps, each once, after the approval', () => {
    const v = view({ state: { steps: [{ key: 's2', status: 'pending' }, { key: 's3', status: 'done' }] } });
    const problems = afterTheFactProblems(
      {
        approval,
        committee,
        steps: [
          { key: 's9', date: '2026-11-01' },
          { key: 's2', date: '2026-10-01' },
          { key: 's2', date: '2026-11-01' },
          { key: 's3', date: '2026-11-01' },
        ],
      },
      v,
    );
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['unknown_step', 'steps.0.key'],
      ['date_order', 'steps.1.date'],
      ['step_twice', 'steps.2.key'],
      ['step_done', 'steps.3.key'],
    ]);
    expect(problems[0]!.th).toBe('ไม่พบขั้นตอน s9 ในรายการนี้');
  });

  test('steps need the stages before them: the approval, then the committee order', () => {
    expect(codes({ steps: [{ key: 's2', date: '2026-11-01' }] })).toEqual(['approval_first']);
    expect(codes({ approval, steps: [{ key: 's2', date: '2026-11-01' }] })).toEqual(['committee_first']);
    expect(codes({ committee, steps: [] })).toEqual(['approval_first']);
    expect(codes({ approval, committee: { ...committee, orderDate: '2026-10-10' }, steps: [] })).toEqual(['date_order']);
  });

  test('a stage the item does not have, or has passed, is refused', () => {
    expect(codes({ approval, steps: [] }, view({ needsApproval: false, state: { phase: 'committee' } }))).toEqual(['approval_not_needed']);
    expect(codes({ committee, steps: [] }, view({ needsCommittee: false }))).toEqual(['committee_not_needed']);
    expect(codes({ approval, committee, steps: [] }, view({ state: { phase: 'execution' } }))).toEqual(['approval_passed', 'committee_passed']);
    // In execution nothing is pending before the steps.
    expect(codes({ steps: [{ key: 's2', date: '2026-11-01' }] }, view({ state: { phase: 'execution' } }))).toEqual([]);
  });

  test('money spent on an item without a budget, or beyond its budget, is refused', () => {
    expect(codes({ approval, steps: [], budgetSpent: 25_000 })).toEqual(['over_budget']);
    expect(codes({ steps: [], budgetSpent: 100 }, view({ budget: null, needsApproval: false, needsCommittee: false, state: { phase: 'execution' } }))).toEqual(['no_budget']);
    expect(codes({ steps: [] })).toEqual(['nothing_to_record']);
  });

  test('once anything happened in the system, or a record was taken, nothing more is recorded after the fact', () => {
    const record = { approval, steps: [] };
    expect(codes(record, view({ state: { proposal: { memo: 'x' } } }))).toEqual(['wrong_phase']);
    expect(codes(record, view({ state: { phase: 'approval', openDecision: { decisionKey: 'proposal:1:palad' } } }))).toEqual(['wrong_phase']);
    expect(codes(record, view({ state: { afterTheFact: { recordedBy: 1 } } }))).toEqual(['already_recorded']);
    // The command rule the service and the workflow share says the same.
    const refusal = itemYearCommandRefusal({ status: 'in_progress', phase: 'approval', steps: [], openDecision: {} }, { name: 'recordAfterTheFact' });
    expect(refusal?.code).toBe('wrong_phase');
    expect(itemYearCommandRefusal({ status: 'in_progress', phase: 'proposal', steps: [] }, { name: 'recordAfterTheFact' })).toBeUndefined();
    expect(itemYearCommandRefusal({ status: 'completed', phase: 'completed', steps: [] }, { name: 'recordAfterTheFact' })?.code).toBe('finished');
  });
});

describe('the after-the-fact input', () => {
  test('is strict: a misspelt field, a Buddhist-era year or an empty document number is refused', () => {
    expect(afterTheFactInput.safeParse({ approval: { date: '2026-10-20', documentNo: 'x' } }).success).toBe(false);
    expect(afterTheFactInput.safeParse({ approval: { date: '2569-10-20', documentNumber: 'x' } }).success).toBe(false);
    expect(afterTheFactInput.safeParse({ approval: { date: '2026-10-20', documentNumber: '  ' } }).success).toBe(false);
    expect(afterTheFactInput.safeParse({ steps: [{ key: 'S 1', date: '2026-10-20' }] }).success).toBe(false);
    expect(afterTheFactInput.safeParse({ budgetSpent: -1 }).success).toBe(false);
    expect(afterTheFactInput.parse({ approval: { date: ' 2026-10-20 ', documentNumber: ' กท 1/2569 ' } })).toEqual({
      approval: { date: '2026-10-20', documentNumber: 'กท 1/2569' },
      steps: [],
    });
  });
});

describe('after go-live, what still needs the coordinator', () => {
  const startMs = Date.parse('2026-12-01T10:00:00+07:00');
  const before = (days: number) => startMs - days * 86_400_000;
  const fresh = {
    decisions: [],
    phaseDueAtMs: before(20),
    steps: [
      { status: 'pending', dueAtMs: before(5) },
      { status: 'pending', dueAtMs: startMs + 86_400_000 },
      { status: 'pending', dueAtMs: before(40) },
    ],
  };

  test('an item with nothing recorded lists its deadlines already past at the start, oldest first', () => {
    expect(lateStartFollowUp(fresh, startMs)).toEqual({ nothingRecorded: true, dueBeforeStartMs: [before(40), before(20), before(5)] });
    expect(lateStartFollowUp({ ...fresh, phaseDueAtMs: startMs + 1 }, startMs).dueBeforeStartMs).toEqual([before(40), before(5)]);
  });

  test('a record after the fact, a step done, a proposal or a decision in the system is something recorded', () => {
    expect(lateStartFollowUp({ ...fresh, afterTheFact: { recordedBy: 1 } }, startMs).nothingRecorded).toBe(false);
    expect(lateStartFollowUp({ ...fresh, proposal: { memo: 'x' } }, startMs).nothingRecorded).toBe(false);
    expect(lateStartFollowUp({ ...fresh, decisions: [{}] }, startMs).nothingRecorded).toBe(false);
    const stepDone = { ...fresh, steps: [{ status: 'done', dueAtMs: before(5) }, ...fresh.steps.slice(1)] };
    expect(lateStartFollowUp(stepDone, startMs)).toEqual({ nothingRecorded: false, dueBeforeStartMs: [before(40), before(20)] });
  });
});

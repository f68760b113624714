import { parseStoredItemYearState, StoredStateError } from '../../db/item-year-state-schema';
import type { ItemYearState } from '../../workflows/item-year/messages';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);

/** A state as the workflow writes it today, with every optional part present. */
const full: ItemYearState = {
  workflowId: 'item-year:khek-noi:1.1.1:2570',
  revision: 7,
  status: 'in_progress',
  phase: 'execution',
  ownerPersonId: 4,
  ownerName: 'สมชาย ใจดี',
  proposal: { memo: 'ขออนุมัติ', budget: 20000, startDate: '2026-11-01', endDate: '2027-03-31', round: 2 },
  committee: { orderNumber: '12/2569', orderDate: '2026-11-05', members: [{ name: 'สมหญิง', role: 'ประธาน' }] },
  openDecision: { decisionKey: 'cancel:1', purpose: 'cancellation', approverRole: 'mayor', dueAtMs: T0 + 40 * DAY },
  pendingCancellation: { reason: 'ไม่มีงบ', requestedBy: 4, decisionKey: 'cancel:1' },
  steps: [
    { key: 's1', ordinal: 1, text: 'จัดอบรม', phase: 'execution', occurrence: 1, dueAtMs: T0 + 30 * DAY, status: 'done', completedAtMs: T0 + 29 * DAY, completedBy: 4, notes: 'เสร็จ', evidenceIds: ['e1'] },
    { key: 's2', ordinal: 2, text: 'สรุปผล', phase: 'evaluation', dueAtMs: T0 + 60 * DAY, status: 'pending' },
  ],
  phaseDueAtMs: T0 + 10 * DAY,
  evaluation: { indicatorResults: [{ ordinal: 1, value: 80, text: 'ร้อยละ 80', met: true }], budgetSpent: 15000, problems: '', suggestions: '' },
  report: { summary: 'สรุป' },
  budgetSpent: 15000,
  cancelReason: 'ไม่มีงบ',
  decisions: [{ decisionId: 'd1', decisionKey: 'proposal:1', purpose: 'proposal', outcome: 'approve', personId: 2, actingAs: 'mayor (acting)', atMs: T0 + 3 * DAY }],
  history: [{ atMs: T0, event: 'phase:proposal' }, { atMs: T0 + DAY, event: 'proposal_submitted', personId: 4, detail: 'round 1' }],
  processedIds: ['r1', 'd1'],
};

describe('the item-year state read back from item_years.state', () => {
  test('what the workflow writes reads back unchanged, through a JSON round trip as jsonb gives it', () => {
    expect(parseStoredItemYearState(JSON.parse(JSON.stringify(full)), 'item_years 1')).toEqual(full);
  });

  test('a row the workflow has not written yet ({} or null) reads as empty lists and nothing else', () => {
    const empty = { steps: [], decisions: [], history: [], processedIds: [] };
    expect(parseStoredItemYearState({}, 'item_years 1')).toEqual(empty);
    expect(parseStoredItemYearState(null, 'item_years 1')).toEqual(empty);
  });

  test('an older projection without the fields added since still reads', () => {
    const older = {
      workflowId: full.workflowId,
      revision: 3,
      status: 'in_progress',
      phase: 'approval',
      ownerPersonId: null,
      proposal: { memo: 'ขออนุมัติ', budget: null },
      committee: { orderNumber: '1/2569', orderDate: '2026-10-20' },
      steps: [{ key: 's1', ordinal: 1, text: 'จัดอบรม', phase: 'execution', dueAtMs: T0, status: 'pending' }],
      budgetSpent: null,
      decisions: [],
      history: [],
    };
    const parsed = parseStoredItemYearState(older, 'item_years 1');
    expect(parsed.proposal).toEqual({ memo: 'ขออนุมัติ', budget: null, round: 1 });
    expect(parsed.committee?.members).toEqual([]);
    expect(parsed.processedIds).toEqual([]);
    expect(parsed.phaseDueAtMs).toBeUndefined();
    expect(parsed.ownerName).toBeUndefined();
    expect(parsed.steps[0]!.occurrence).toBeUndefined();
  });

  test('a value of the wrong shape is refused, in Thai and English, naming the row and the field', () => {
    const broken = { ...full, steps: [{ ...full.steps[0], dueAtMs: '2026-10-31' }] };
    expect(() => parseStoredItemYearState(broken, 'item_years 42')).toThrow(StoredStateError);
    expect(() => parseStoredItemYearState(broken, 'item_years 42')).toThrow(
      /สถานะที่บันทึกของ item_years 42 อ่านไม่ได้ \/ the stored state of item_years 42 does not parse: steps\.0\.dueAtMs/,
    );
    expect(() => parseStoredItemYearState({ ...full, phase: 'drafting' }, 'item_years 42')).toThrow(/phase/);
    expect(() => parseStoredItemYearState('not an object', 'item_years 42')).toThrow(StoredStateError);
  });
});

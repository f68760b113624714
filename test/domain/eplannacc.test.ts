import {
  buildEplanExport,
  eplanCells,
  eplanCutoff,
  eplanHeadings,
  eplanItem,
  eplanQuarter,
  eplanScore,
  eplanStatusOf,
  parseEplanRound,
  type EplanItemFacts,
} from '../../domain/eplannacc';
import type { SnapshotRun } from '../../domain/report';

/** A run as the report snapshot reads one (domain/report.ts's SnapshotRun); FY2570 started on 1 October 2026. */
function run(overrides: Partial<SnapshotRun> = {}): SnapshotRun {
  return {
    itemYearId: 1,
    status: 'in_progress',
    phase: 'proposal',
    budgetSpentSatang: null,
    cancelReason: null,
    startedAt: '2026-09-30T17:00:00.000Z',
    completedAt: null,
    updatedAt: '2026-10-01T00:00:00.000Z',
    phaseHistory: [{ phase: 'proposal', at: '2026-09-30T17:00:01.000Z' }],
    evaluation: null,
    steps: [],
    results: [],
    evidence: [],
    ...overrides,
  };
}

function facts(
  code: string,
  kind: EplanItemFacts['kind'],
  budgetBaht: number | null,
  itemRun: SnapshotRun | null,
  plannedStart: string | null = null,
  targetGroup: string | null = null,
): EplanItemFacts {
  return {
    code,
    name: `รายการทดสอบ ${code}`,
    kind,
    dimension: Number(code.split('.')[0]),
    budgetPlannedSatang: budgetBaht === null ? null : budgetBaht * 100,
    run: itemRun,
    plannedStart,
    targetGroup,
  };
}

const step = (key: string, dueAt: string | null, completedAt: string | null, budgetSpentSatang?: number) => ({
  key,
  ordinal: Number(key.slice(1)),
  text: `ขั้นตอน ${key}`,
  phase: 'execution',
  status: completedAt ? ('done' as const) : ('pending' as const),
  dueAt,
  completedAt,
  ...(budgetSpentSatang === undefined ? {} : { budgetSpentSatang }),
});

/**
 * A fixture organisation of six items in FY2570, each with a history that reads differently at 31 March 2027 and at
 * 30 September 2027. Cut-offs are the end of those days in Bangkok: 2027-03-31T17:00Z and 2027-09-30T17:00Z.
 */
const ITEMS: EplanItemFacts[] = [
  // Finished in February, evaluated in January with 90,000 baht spent.
  facts(
    '1.1',
    'project',
    100_000,
    run({
      status: 'completed',
      phase: 'completed',
      budgetSpentSatang: 9_000_000,
      completedAt: '2027-02-10T03:00:00.000Z',
      phaseHistory: [
        { phase: 'proposal', at: '2026-10-01T01:00:00.000Z' },
        { phase: 'execution', at: '2026-11-01T01:00:00.000Z' },
        { phase: 'evaluation', at: '2027-01-10T01:00:00.000Z' },
        { phase: 'completed', at: '2027-02-10T03:00:00.000Z' },
      ],
      evaluation: { submittedAt: '2027-01-20T01:00:00.000Z', budgetSpentSatang: 9_000_000, problems: '', suggestions: '' },
      steps: [step('s1', '2026-12-15T10:00:00.000Z', '2026-12-10T03:00:00.000Z')],
    }),
    '2026-11-01',
  ),
  // ไม่ใช้งบประมาณ, under way since December, finished in May; nobody ever recorded an amount.
  facts(
    '1.2',
    'activity',
    null,
    run({
      status: 'completed',
      phase: 'completed',
      completedAt: '2027-05-20T03:00:00.000Z',
      phaseHistory: [
        { phase: 'execution', at: '2026-12-01T01:00:00.000Z' },
        { phase: 'evaluation', at: '2027-04-20T01:00:00.000Z' },
        { phase: 'completed', at: '2027-05-20T03:00:00.000Z' },
      ],
      evaluation: { submittedAt: '2027-05-01T01:00:00.000Z', budgetSpentSatang: null, problems: '', suggestions: '' },
      steps: [step('s1', '2027-01-31T10:00:00.000Z', '2027-01-15T03:00:00.000Z')],
    }),
  ),
  // A measure under way from November with 10,000 baht spent in February, cancelled in June.
  facts(
    '1.3',
    'measure',
    50_000,
    run({
      status: 'cancelled',
      phase: 'cancelled',
      budgetSpentSatang: 1_000_000,
      cancelReason: 'ไม่ได้รับการจัดสรรงบประมาณ',
      completedAt: '2027-06-10T03:00:00.000Z',
      phaseHistory: [
        { phase: 'execution', at: '2026-11-15T01:00:00.000Z' },
        { phase: 'cancelled', at: '2027-06-10T03:00:00.000Z' },
      ],
      steps: [step('s1', '2026-12-31T09:00:00.000Z', '2027-02-01T03:00:00.000Z'), step('s2', '2027-03-31T09:00:00.000Z', null)],
    }),
  ),
  // Waiting for approval on 31 March, approved in April (planned start 15 April), 150,000 baht spent in May.
  facts(
    '2.1',
    'project',
    200_000,
    run({
      phase: 'execution',
      budgetSpentSatang: 15_000_000,
      phaseHistory: [
        { phase: 'proposal', at: '2026-10-01T01:00:00.000Z' },
        { phase: 'approval', at: '2027-03-01T01:00:00.000Z' },
        { phase: 'execution', at: '2027-04-10T01:00:00.000Z' },
      ],
      steps: [step('s1', '2027-02-28T10:00:00.000Z', '2027-05-01T03:00:00.000Z'), step('s2', '2027-08-31T10:00:00.000Z', null)],
    }),
    '2027-04-15',
  ),
  // The fiscal year never started this item: no item-year at all.
  facts('2.2', 'project', 30_000, null),
  // Under way from January, evaluated on 25 September with 18,000 baht, its report acknowledged only in October.
  facts(
    '3.1',
    'activity',
    20_000,
    run({
      status: 'completed',
      phase: 'completed',
      budgetSpentSatang: 1_800_000,
      completedAt: '2027-10-05T03:00:00.000Z',
      phaseHistory: [
        { phase: 'execution', at: '2027-01-05T01:00:00.000Z' },
        { phase: 'evaluation', at: '2027-09-01T01:00:00.000Z' },
        { phase: 'report', at: '2027-09-25T01:00:00.000Z' },
        { phase: 'completed', at: '2027-10-05T03:00:00.000Z' },
      ],
      evaluation: { submittedAt: '2027-09-25T01:00:00.000Z', budgetSpentSatang: 1_800_000, problems: '', suggestions: '' },
      steps: [step('s2', '2027-08-31T10:00:00.000Z', '2027-08-20T03:00:00.000Z'), step('s1', '2027-07-15T10:00:00.000Z', '2027-07-10T03:00:00.000Z')],
    }),
  ),
];

const organization = { slug: 'fixture-org', name: 'องค์การบริหารส่วนตำบลทดสอบ' };
const sixMonths = buildEplanExport({ organization, fiscalYear: 2570, round: 6, items: ITEMS });
const twelveMonths = buildEplanExport({ organization, fiscalYear: 2570, round: 12, items: ITEMS });
const byCode = (data: typeof sixMonths) => Object.fromEntries(data.items.map((i) => [i.code, i]));

describe('the round cut-offs', () => {
  test('FY2570: 31 March and 30 September 2027 (2570 BE), counted to the end of the day in Bangkok', () => {
    expect(eplanCutoff(2570, 6)).toEqual({ date: '2027-03-31', endExclusiveMs: Date.parse('2027-03-31T17:00:00.000Z') });
    expect(eplanCutoff(2570, 12)).toEqual({ date: '2027-09-30', endExclusiveMs: Date.parse('2027-09-30T17:00:00.000Z') });
    expect(sixMonths.cutoff).toBe('2027-03-31');
    expect(twelveMonths.cutoff).toBe('2027-09-30');
  });

  test('only 6 and 12 are rounds', () => {
    expect(parseEplanRound('6')).toBe(6);
    expect(parseEplanRound('12')).toBe(12);
    expect(parseEplanRound(12)).toBe(12);
    for (const bad of ['3', '9', '06x', '', 'six', 6.5, null, undefined]) expect(parseEplanRound(bad)).toBeNull();
  });

  test('an item completed at 23:59:59 on 31 March is done in the 6-month round; one second later it is not', () => {
    const finishing = (at: string) =>
      facts('1.1', 'project', 1_000, run({ status: 'completed', phase: 'completed', completedAt: at, phaseHistory: [{ phase: 'execution', at: '2026-11-01T01:00:00.000Z' }, { phase: 'completed', at }] }));
    const round6 = (item: EplanItemFacts) => buildEplanExport({ organization, fiscalYear: 2570, round: 6, items: [item] }).items[0]!.status;
    expect(round6(finishing('2027-03-31T16:59:59.000Z'))).toBe('done');
    expect(round6(finishing('2027-03-31T17:00:00.000Z'))).toBe('in_progress');
  });
});

describe('status as of the cut-off: each item-year state maps to one e-PlanNACC status', () => {
  test('the mapping of the report statuses', () => {
    expect(eplanStatusOf('done')).toBe('done');
    expect(eplanStatusOf('in_progress')).toBe('in_progress');
    expect(eplanStatusOf('cancelled')).toBe('not_done');
    expect(eplanStatusOf('not_started')).toBe('not_reported');
  });

  test('at 6 months (31 March 2027)', () => {
    const items = byCode(sixMonths);
    expect(Object.fromEntries(sixMonths.items.map((i) => [i.code, i.status]))).toEqual({
      '1.1': 'done',
      '1.2': 'in_progress', // finished only in May
      '1.3': 'in_progress', // cancelled only in June
      '2.1': 'not_reported', // still waiting for approval
      '2.2': 'not_reported',
      '3.1': 'in_progress',
    });
    // Spent by 31 March: 1.1's evaluation; 1.3's February amount (nothing changed it before the cut-off); 2.1's
    // only amount came in May and 3.1's with its September evaluation, so neither is known at 31 March.
    expect(Object.fromEntries(sixMonths.items.map((i) => [i.code, i.spent]))).toEqual({
      '1.1': 90_000,
      '1.2': null,
      '1.3': 10_000,
      '2.1': null,
      '2.2': null,
      '3.1': null,
    });
    expect(items['1.2']!.budget).toBeNull();
    expect(items['2.1']!.budget).toBe(200_000);
    // done 1, in progress 3 of 6: (1 + 3 × 0.5) ÷ 6 = 2.5 ÷ 6 = 5/12.
    expect(sixMonths.score).toBeCloseTo(5 / 12, 12);
    expect(eplanScore(sixMonths.items.map((i) => i.status))).toEqual({
      items: 6,
      counts: { done: 1, in_progress: 3, not_done: 0, not_reported: 2 },
      score: 2.5 / 6,
      percent: 41.67,
    });
  });

  test('at 12 months (30 September 2027)', () => {
    expect(Object.fromEntries(twelveMonths.items.map((i) => [i.code, i.status]))).toEqual({
      '1.1': 'done',
      '1.2': 'done',
      '1.3': 'not_done',
      '2.1': 'in_progress',
      '2.2': 'not_reported',
      '3.1': 'in_progress', // evaluated on 25 September, its report acknowledged only on 5 October
    });
    expect(Object.fromEntries(twelveMonths.items.map((i) => [i.code, i.spent]))).toEqual({
      '1.1': 90_000,
      '1.2': null, // evaluated without an amount: not recorded, not 0
      '1.3': 10_000,
      '2.1': 150_000,
      '2.2': null,
      '3.1': 18_000,
    });
    // done 2, in progress 2 of 6: (2 + 2 × 0.5) ÷ 6 = 3 ÷ 6 = 0.5.
    expect(twelveMonths.score).toBe(0.5);
    expect(eplanScore(twelveMonths.items.map((i) => i.status))).toMatchObject({
      counts: { done: 2, in_progress: 2, not_done: 1, not_reported: 1 },
      percent: 50,
    });
  });

  test('a round without items has no score rather than 0', () => {
    expect(eplanScore([])).toEqual({ items: 0, counts: { done: 0, in_progress: 0, not_done: 0, not_reported: 0 }, score: null, percent: null });
  });
});

describe('the quarter', () => {
  test("from the proposal's start date, else the first step's due date (Bangkok), else none", () => {
    expect(Object.fromEntries(sixMonths.items.map((i) => [i.code, i.quarter]))).toEqual({
      '1.1': 1, // planned start 1 November
      '1.2': 2, // first step due 31 January
      '1.3': 1, // first check-in due 31 December (16:00 in Bangkok)
      '2.1': 3, // planned start 15 April, although its first step was due in February
      '2.2': null,
      '3.1': 4, // steps due 15 July and 31 August, whatever their order
    });
    expect(twelveMonths.items.map((i) => i.quarter)).toEqual(sixMonths.items.map((i) => i.quarter));
  });

  test('a date outside the fiscal year counts as its first or last quarter', () => {
    expect(eplanQuarter({ plannedStart: '2026-09-20', run: null }, 2570)).toBe(1);
    expect(eplanQuarter({ plannedStart: '2027-10-02', run: null }, 2570)).toBe(4);
    // 30 June 2027 18:00 UTC is already 1 July in Bangkok.
    expect(eplanQuarter({ plannedStart: null, run: run({ steps: [step('s1', '2027-06-30T18:00:00.000Z', null)] }) }, 2570)).toBe(4);
  });
});

describe('the table', () => {
  test("e-PlanNACC's columns, with words where there is no amount", () => {
    expect(eplanHeadings('th')).toEqual([
      'ลำดับ',
      'ประเภท',
      'ชื่อโครงการ/กิจกรรม/มาตรการ',
      'ปีงบประมาณ',
      'ไตรมาส',
      'มิติ',
      'กลุ่มเป้าหมาย',
      'งบประมาณ (บาท)',
      'สถานะการดำเนินการ',
      'งบประมาณที่ใช้จ่ายจริง (บาท)',
    ]);
    const items = byCode(twelveMonths);
    expect(eplanCells(items['1.2']!, 2570, 'th', String)).toEqual([
      '1.2',
      'กิจกรรม',
      'รายการทดสอบ 1.2',
      2570,
      2,
      1,
      'ไม่ระบุในแผน',
      'ไม่ใช้งบประมาณ',
      'ดำเนินการแล้วเสร็จ',
      'ยังไม่มีข้อมูล',
    ]);
    expect(eplanCells(items['1.3']!, 2570, 'en', (baht) => baht)).toEqual([
      '1.3',
      'Measure',
      'รายการทดสอบ 1.3',
      2570,
      1,
      1,
      'Not stated in the plan',
      50_000,
      'Could not be done',
      10_000,
    ]);

    const stated = eplanItem(facts('2.1', 'project', 10_000, null, null, 'เด็กและเยาวชน จำนวน ๕๐ คน'), 2570, eplanCutoff(2570, 6));
    expect(stated.targetGroup).toBe('เด็กและเยาวชน จำนวน ๕๐ คน');
    expect(eplanCells(stated, 2570, 'th', String)[6]).toBe('เด็กและเยาวชน จำนวน ๕๐ คน');
  });
});

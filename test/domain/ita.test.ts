import {
  ITA_CHECK_LABELS,
  buildItaPack,
  reportContentGaps,
  type ItaMapEntry,
  type ItaPackInput,
  type ItaPlanFacts,
  type ItaReportFacts,
} from '../../domain/ita';
import { reportSnapshotSchema, type ReportSnapshot, type SnapshotItem, type SnapshotRun } from '../../domain/report';
import type { ReportKind } from '../../domain/report-kind';

/**
 * The ITA evidence pack's completeness check on a fixture whose gaps are known one by one: the plan without the
 * นายก's approval; a six-month report with an item done but unevaluated and unpaid, one whose spending is unknown at
 * the cut-off, and nobody's problems or suggestions; an annual report still in review, unsigned, with a
 * cancellation without a reason and an item with no result. Every gap must be named, and nothing else.
 */

const BASE = 'https://sujarit.example';

function run(overrides: Partial<SnapshotRun> = {}): SnapshotRun {
  return {
    itemYearId: 1,
    status: 'in_progress',
    phase: 'execution',
    budgetSpentSatang: null,
    cancelReason: null,
    startedAt: '2023-09-30T17:00:00.000Z',
    completedAt: null,
    updatedAt: '2023-10-01T00:00:00.000Z',
    phaseHistory: [
      { phase: 'proposal', at: '2023-09-30T17:00:01.000Z' },
      { phase: 'execution', at: '2023-10-20T01:00:00.000Z' },
    ],
    evaluation: null,
    steps: [],
    results: [],
    evidence: [],
    ...overrides,
  };
}

function item(code: string, budgetPlannedSatang: number | null, itemRun: SnapshotRun | null): SnapshotItem {
  const [dimension, seq] = code.split('.').map(Number) as [number, number];
  return {
    code,
    dimension,
    seq,
    missionCode: `${dimension}.1.1`,
    kind: 'project',
    name: `โครงการทดสอบ ${code}`,
    unitKey: 'office-of-palad',
    unitText: null,
    budgetPlannedSatang,
    indicators: [],
    run: itemRun,
  };
}

const MAYOR = { fullName: 'นายสมชาย ใจดี', positionTitle: 'นายกองค์การบริหารส่วนตำบลเข็กน้อย', acting: false };

function snapshot(kind: ReportKind, fiscalYear: number, items: SnapshotItem[], mayor: typeof MAYOR | null = MAYOR): ReportSnapshot {
  return reportSnapshotSchema.parse({
    schemaVersion: 1,
    kind,
    fiscalYear,
    createdAt: `${fiscalYear - 543}-10-05T03:00:00.000Z`,
    organization: { id: 7, slug: 'khek-noi', name: 'องค์การบริหารส่วนตำบลเข็กน้อย', district: 'เขาค้อ', province: 'เพชรบูรณ์' },
    plan: { id: 1, versionId: 2, version: 2, title: 'แผน', firstFiscalYear: 2566, lastFiscalYear: 2570 },
    targets: null,
    recorded: { itaScore: null, caseReductionPercent: null },
    dimensions: [{ number: 1, name: 'การสร้างวัฒนธรรมสุจริต' }],
    missions: [{ code: '1.1.1', name: 'ภารกิจทดสอบ' }],
    units: [{ key: 'office-of-palad', nameTh: 'สำนักปลัด', nameEn: 'Office of the Permanent Secretary' }],
    items,
    signatories: { coordinator: null, palad: null, mayor },
    evidenceBaseUrl: null,
  });
}

const MAP: ItaMapEntry[] = [
  { oCode: 'O38', documentKind: 'annual', fiscalYearOffset: -1, labelTh: 'รายงานผลประจำปี', labelEn: 'Annual report', confirmed: true, scope: 'default' },
  { oCode: 'O36', documentKind: 'plan', fiscalYearOffset: 0, labelTh: 'แผน', labelEn: 'Plan', confirmed: true, scope: 'default' },
  { oCode: 'O37', documentKind: 'six_month', fiscalYearOffset: 0, labelTh: 'รายงานรอบ ๖ เดือน', labelEn: 'Six-month report', confirmed: false, scope: 'agency_group' },
];

const approval = (decidedAt: string) => ({ personName: 'นายสมชาย ใจดี', actingAs: 'mayor', decidedAt });

/** FY2567's six-month report (cut-off: the end of 31 March 2024, Bangkok). */
const sixMonth: ItaReportFacts = {
  kind: 'six_month',
  fiscalYear: 2567,
  reportId: 11,
  version: 1,
  status: 'published',
  snapshotSha256: 'b'.repeat(64),
  publishedAt: '2024-04-20T03:00:00.000Z',
  approvals: { palad: approval('2024-04-10T03:00:00.000Z'), mayor: approval('2024-04-19T03:00:00.000Z') },
  snapshot: snapshot('six_month', 2567, [
    // Done in February without an evaluation, and with 15,000 baht planned but nothing recorded as spent.
    item('1.1', 1_500_000, run({ status: 'completed', phase: 'completed', completedAt: '2024-02-15T03:00:00.000Z' })),
    // Under way; a step done after the cut-off changed the amount and the steps do not carry it.
    item(
      '1.2',
      500_000,
      run({
        budgetSpentSatang: 300_000,
        steps: [
          { key: 's1', ordinal: 1, text: 'ขั้นที่ ๑', phase: 'execution', status: 'done', dueAt: null, completedAt: '2024-01-10T03:00:00.000Z' },
          { key: 's2', ordinal: 2, text: 'ขั้นที่ ๒', phase: 'execution', status: 'done', dueAt: null, completedAt: '2024-05-10T03:00:00.000Z' },
        ],
      }),
    ),
    // Not started by 31 March: the six-month report's status says so, which is its progress.
    item('1.3', null, null),
  ]),
};

/** FY2566's annual report, still waiting for the ปลัด and the นายก, made while nobody held the นายก's role. */
const annual: ItaReportFacts = {
  kind: 'annual',
  fiscalYear: 2566,
  reportId: 12,
  version: 2,
  status: 'in_review',
  snapshotSha256: 'c'.repeat(64),
  publishedAt: null,
  approvals: { palad: null, mayor: null },
  snapshot: snapshot(
    'annual',
    2566,
    [
      // Complete: evaluated, spent recorded, problems and suggestions left empty (the report prints "ไม่มี").
      item(
        '1.1',
        1_500_000,
        run({
          status: 'completed',
          phase: 'completed',
          budgetSpentSatang: 1_200_000,
          completedAt: '2023-08-01T03:00:00.000Z',
          evaluation: { submittedAt: '2023-07-25T03:00:00.000Z', budgetSpentSatang: 1_200_000, problems: '', suggestions: '' },
        }),
      ),
      item('1.2', 500_000, run({ status: 'cancelled', phase: 'cancelled', cancelReason: '  ', completedAt: '2023-03-01T03:00:00.000Z' })),
      item('1.3', null, null),
    ],
    null,
  ),
};

const plan: ItaPlanFacts = {
  planId: 1,
  version: 2,
  title: 'แผนปฏิบัติการป้องกันการทุจริต ๕ ปี (พ.ศ. ๒๕๖๖ – ๒๕๗๐)',
  firstFiscalYear: 2566,
  lastFiscalYear: 2570,
  loadedAt: '2023-09-01T03:00:00.000Z',
  approval: { status: null, decidedAt: null, personName: null },
  itemsInYear: (fy) => (fy === 2567 ? 3 : 0),
};

function input(overrides: Partial<ItaPackInput> = {}): ItaPackInput {
  return {
    organization: { slug: 'khek-noi', name: 'องค์การบริหารส่วนตำบลเข็กน้อย' },
    itaYear: 2567,
    agencyGroup: 'sao',
    publicBaseUrl: `${BASE}/`,
    generatedAt: '2024-05-01T03:00:00.000Z',
    map: MAP,
    planFor: (fy) => (fy >= 2566 && fy <= 2570 ? plan : null),
    reportFor: (kind, fy) => [sixMonth, annual].find((r) => r.kind === kind && r.fiscalYear === fy) ?? null,
    filesOf: (doc, folder) => (doc.type === 'report' ? [{ path: `${folder}/${doc.reportId}.pdf`, sha256: 'd'.repeat(64), sizeBytes: 10 }] : []),
    ...overrides,
  };
}

describe('ITA evidence pack', () => {
  test('names every gap of a fixture with known gaps, and nothing else', () => {
    const pack = buildItaPack(input());
    expect(pack.complete).toBe(false);
    expect(pack.gaps.map((g) => [g.oCode, g.code, g.item?.code ?? null])).toEqual([
      ['O36', 'head_approval_missing', null],
      ['O37', 'item_no_result', '1.1'],
      ['O37', 'item_spent_missing', '1.1'],
      ['O37', 'item_spent_unknown', '1.2'],
      ['O37', 'report_no_problems_suggestions', null],
      ['O38', 'report_not_published', null],
      ['O38', 'head_approval_missing', null],
      ['O38', 'item_cancel_reason_missing', '1.2'],
      ['O38', 'item_no_result', '1.3'],
      ['O38', 'head_signatory_missing', null],
    ]);
    // Each gap says what is missing in Thai first, then English, naming the item where it is about one.
    const noResult = pack.gaps.find((g) => g.code === 'item_no_result' && g.oCode === 'O37')!;
    expect(noResult.th).toBe('1.1 โครงการทดสอบ 1.1: ยังไม่มีผลการดำเนินการ (สถานะดำเนินการแล้ว ยังไม่ได้รายงานผลตามตัวชี้วัด)');
    expect(noResult.en).toBe('1.1: no result (completed, no evaluation against its indicators).');
    expect(pack.gaps.find((g) => g.oCode === 'O38' && g.code === 'report_not_published')!.th).toBe(
      'รายงานผลการดำเนินการประจำปี ปีงบประมาณ 2566 ยังไม่เผยแพร่ (ฉบับที่ 2 เป็นอยู่ระหว่างเสนอปลัดและนายก)',
    );
    expect(pack.gaps.find((g) => g.oCode === 'O36')!.th).toBe('แผนฉบับที่ 2 ยังไม่มีการอนุมัติของนายก (ไม่มีบันทึกการอนุมัติในระบบ)');
    for (const g of pack.gaps) {
      expect(g.th).toMatch(/[\u0E00-\u0E7F]/);
      expect(g.en).toMatch(/^[\x20-\x7E]+$/);
    }
  });

  test('lists the O-codes in order with their documents, versions, dates, stable addresses and checks', () => {
    const pack = buildItaPack(input());
    expect(pack.entries.map((e) => [e.oCode, e.documentKind, e.fiscalYear, e.mapScope])).toEqual([
      ['O36', 'plan', 2567, 'default'],
      ['O37', 'six_month', 2567, 'agency_group'],
      ['O38', 'annual', 2566, 'default'],
    ]);
    const [o36, o37, o38] = pack.entries;
    expect(o36!.document).toMatchObject({ type: 'plan', version: 2, url: `${BASE}/public/khek-noi#fy-2567`, publishedAt: plan.loadedAt });
    expect(o37!.document).toMatchObject({
      type: 'report',
      reportId: 11,
      version: 1,
      status: 'published',
      publishedAt: '2024-04-20T03:00:00.000Z',
      url: `${BASE}/public/khek-noi/reports/six-month/2567`,
      files: [{ path: 'O37-six-month-2567/11.pdf' }],
    });
    // Not published: no address to give the assessor yet.
    expect(o38!.document).toMatchObject({ type: 'report', version: 2, status: 'in_review', url: null });
    expect(o36!.checks).toEqual([
      { check: 'published', passed: true },
      { check: 'head_approval', passed: false },
      { check: 'plan_items', passed: true },
    ]);
    expect(o37!.checks.filter((c) => !c.passed).map((c) => c.check)).toEqual(['results', 'budget_spent', 'problems_suggestions']);
    expect(o38!.checks.filter((c) => c.passed).map((c) => c.check)).toEqual(['budget_spent', 'problems_suggestions']);
    for (const c of o37!.checks) expect(ITA_CHECK_LABELS[c.check].th).toBeTruthy();
  });

  test('a year with nothing made names each missing document', () => {
    const pack = buildItaPack(input({ itaYear: 2572, planFor: () => null, reportFor: () => null }));
    expect(pack.gaps.map((g) => [g.oCode, g.code, g.fiscalYear])).toEqual([
      ['O36', 'document_missing', 2572],
      ['O37', 'document_missing', 2572],
      ['O38', 'document_missing', 2571],
    ]);
    expect(pack.entries.every((e) => e.document === null)).toBe(true);
    expect(pack.gaps[0]!.th).toBe('ไม่มีแผนปฏิบัติการป้องกันการทุจริตที่ครอบคลุมปีงบประมาณ 2572');
  });

  test('a plan with no item in the year, and a complete pack with no gap', () => {
    const approved: ItaPlanFacts = { ...plan, approval: { status: 'approved', decidedAt: '2023-09-05T03:00:00.000Z', personName: 'นายสมชาย ใจดี' } };
    const planOnly = [MAP[1]!];
    expect(buildItaPack(input({ itaYear: 2568, map: planOnly, planFor: () => approved })).gaps.map((g) => g.code)).toEqual(['plan_no_items']);
    const clean = buildItaPack(input({ map: planOnly, planFor: () => approved }));
    expect(clean.gaps).toEqual([]);
    expect(clean.complete).toBe(true);
  });

  test('an annual report whose items were all evaluated or cancelled with a reason has no content gap', () => {
    const key = { oCode: 'O38', documentKind: 'annual' as const, fiscalYear: 2566 };
    const done = run({
      status: 'completed',
      phase: 'completed',
      budgetSpentSatang: 100,
      completedAt: '2023-08-01T03:00:00.000Z',
      evaluation: { submittedAt: '2023-07-25T03:00:00.000Z', budgetSpentSatang: 100, problems: 'ฝนตก', suggestions: 'ไม่มี' },
    });
    const cancelled = run({ status: 'cancelled', phase: 'cancelled', cancelReason: 'ไม่ได้รับงบประมาณ', completedAt: '2023-03-01T03:00:00.000Z' });
    expect(reportContentGaps(key, 'annual', snapshot('annual', 2566, [item('1.1', 100, done), item('1.2', 500, cancelled)]))).toEqual([]);
  });
});

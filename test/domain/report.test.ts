import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileEnteredYear } from '../../domain/earlier-years';
import { canonicalPlanSchema } from '../../domain/plan';
import {
  buildReportModel,
  canonicalJson,
  itemStanding,
  percentOf,
  planSnapshot,
  reportRows,
  reportSnapshotSchema,
  satangToDecimal,
  type ReportSnapshot,
  type SnapshotItem,
  type SnapshotRun,
} from '../../domain/report';

const ROOT = path.join(__dirname, '..', '..');

function khekNoiPlan() {
  const file = path.join(ROOT, 'data', 'seed', 'khek-noi.plan.json');
  return canonicalPlanSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

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

function item(code: string, budgetPlannedSatang: number | null, itemRun: SnapshotRun | null, extra: Partial<SnapshotItem> = {}): SnapshotItem {
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
    ...extra,
  };
}

function snapshot(kind: ReportSnapshot['kind'], items: SnapshotItem[], extra: Partial<ReportSnapshot> = {}): ReportSnapshot {
  return reportSnapshotSchema.parse({
    schemaVersion: 1,
    kind,
    fiscalYear: 2570,
    createdAt: '2027-10-05T03:00:00.000Z',
    organization: { id: 7, slug: 'khek-noi', name: 'องค์การบริหารส่วนตำบลเข็กน้อย', district: 'เขาค้อ', province: 'เพชรบูรณ์' },
    plan: { id: 1, versionId: 1, version: 1, title: 'แผน', firstFiscalYear: 2566, lastFiscalYear: 2570 },
    targets: { itaScore: 98, caseReductionPercent: 50 },
    recorded: { itaScore: null, caseReductionPercent: null },
    dimensions: [
      { number: 1, name: 'การสร้างวัฒนธรรมสุจริต' },
      { number: 2, name: 'การบริหารราชการด้วยความโปร่งใส' },
    ],
    missions: [
      { code: '1.1.1', name: 'ภารกิจทดสอบหนึ่ง' },
      { code: '2.1.1', name: 'ภารกิจทดสอบสอง' },
    ],
    units: [{ key: 'office-of-palad', nameTh: 'สำนักปลัด', nameEn: 'Office of the Permanent Secretary' }],
    items,
    signatories: { coordinator: null, palad: null, mayor: null },
    evidenceBaseUrl: 'https://sujarit.example/evidence',
    ...extra,
  });
}

/** A fiscal year with one item in each state, and spent amounts that need satang to add up. */
function mixedYear(kind: ReportSnapshot['kind'] = 'annual'): ReportSnapshot {
  return snapshot(kind, [
    item(
      '1.1',
      1_500_000,
      run({
        status: 'completed',
        phase: 'completed',
        budgetSpentSatang: 1_234_550,
        completedAt: '2027-02-10T03:00:00.000Z',
        phaseHistory: [
          { phase: 'proposal', at: '2026-10-01T01:00:00.000Z' },
          { phase: 'execution', at: '2026-11-01T01:00:00.000Z' },
          { phase: 'evaluation', at: '2027-01-20T01:00:00.000Z' },
          { phase: 'completed', at: '2027-02-10T03:00:00.000Z' },
        ],
        evaluation: {
          submittedAt: '2027-01-25T03:00:00.000Z',
          budgetSpentSatang: 1_234_550,
          problems: 'ผู้เข้าร่วมโครงการน้อยกว่าที่คาด',
          suggestions: 'ประชาสัมพันธ์ล่วงหน้าอย่างน้อย ๒ สัปดาห์',
        },
        results: [{ ordinal: 1, value: 85, text: '', met: null }],
        evidence: [
          {
            id: '00000000-0000-4000-8000-000000000001',
            stepKey: 's1',
            fileName: 'รูปกิจกรรม.pdf',
            contentType: 'application/pdf',
            sizeBytes: 1000,
            sha256: 'a'.repeat(64),
            uploadedAt: '2026-12-01T03:00:00.000Z',
          },
        ],
      }),
      {
        indicators: [
          { ordinal: 1, kind: 'output', text: 'ผู้เข้าร่วมโครงการ', target: { comparator: 'gte', value: 80, unit: 'percent' } },
        ],
      },
    ),
    item(
      '1.2',
      2_000_000,
      run({
        phase: 'execution',
        budgetSpentSatang: 500_025,
        phaseHistory: [{ phase: 'execution', at: '2026-11-15T01:00:00.000Z' }],
        steps: [
          { key: 's1', ordinal: 1, text: 'จัดอบรม', phase: 'execution', status: 'done', dueAt: null, completedAt: '2026-12-01T03:00:00.000Z' },
          { key: 's2', ordinal: 2, text: 'ติดตามผล', phase: 'execution', status: 'pending', dueAt: null, completedAt: null },
        ],
      }),
    ),
    // A measure needs no approval: it starts in execution, which counts as under way.
    item('1.3', null, run({ phase: 'execution', phaseHistory: [{ phase: 'execution', at: '2026-10-01T00:00:00.000Z' }] }), { kind: 'measure' }),
    item('1.4', 1_000_000, run({ phase: 'proposal' }), { kind: 'activity' }),
    item(
      '2.1',
      3_000_000,
      run({
        status: 'cancelled',
        phase: 'cancelled',
        budgetSpentSatang: 0,
        cancelReason: 'ไม่ได้รับการจัดสรรงบประมาณ',
        completedAt: '2027-01-15T03:00:00.000Z',
      }),
    ),
    item('2.2', 500_000, null, { kind: 'measure' }),
    item('2.3', 700_010, run({ phase: 'approval', phaseHistory: [{ phase: 'approval', at: '2026-10-20T03:00:00.000Z' }] })),
  ]);
}

describe('percentOf', () => {
  it('rounds half up in exact arithmetic', () => {
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 7)).toBe(14.29);
    expect(percentOf(2, 3)).toBe(66.67);
    expect(percentOf(1, 20_000)).toBe(0.01);
    expect(percentOf(1, 40_000)).toBe(0);
    expect(percentOf(3, 0)).toBeNull();
  });
});

describe('buildReportModel: a year with every kind of item', () => {
  const model = buildReportModel(mixedYear());
  const rows = new Map(reportRows(model).map((r) => [r.code, r]));

  it('maps each item-year to the status the report prints', () => {
    expect([...rows.values()].map((r) => [r.code, r.status])).toEqual([
      ['1.1', 'done'],
      ['1.2', 'in_progress'],
      ['1.3', 'in_progress'],
      ['1.4', 'not_started'],
      ['2.1', 'cancelled'],
      ['2.2', 'not_started'],
      ['2.3', 'not_started'],
    ]);
    expect(rows.get('1.1')!.statusText).toBe('ดำเนินการแล้ว');
    expect(rows.get('1.2')!.statusText).toBe('อยู่ระหว่างดำเนินการ');
    expect(rows.get('1.4')!.statusText).toBe('ยังไม่ได้ดำเนินการ');
    expect(rows.get('2.1')!.statusText).toBe('ยกเลิก (ไม่ได้รับการจัดสรรงบประมาณ)');
  });

  it('sums each dimension by hand-computed values', () => {
    const [d1, d2] = model.dimensions;
    expect(d1!.summary).toMatchObject({
      planned: 4,
      done: 1,
      inProgress: 2,
      notStarted: 1,
      cancelled: 0,
      donePercent: 25,
      budgetPlannedSatang: 4_500_000,
      budgetSpentSatang: 1_734_575,
      disbursedPercent: 38.55,
    });
    expect(d2!.summary).toMatchObject({
      planned: 3,
      done: 0,
      inProgress: 0,
      notStarted: 2,
      cancelled: 1,
      donePercent: 0,
      budgetPlannedSatang: 4_200_010,
      budgetSpentSatang: 0,
      disbursedPercent: 0,
    });
    expect(model.overall).toMatchObject({
      planned: 7,
      done: 1,
      inProgress: 2,
      notStarted: 3,
      cancelled: 1,
      donePercent: 14.29,
      budgetPlannedSatang: 8_700_010,
      budgetSpentSatang: 1_734_575,
      disbursedPercent: 19.94,
      spentUnknown: 0,
    });
    expect(satangToDecimal(model.overall.budgetPlannedSatang)).toBe('87000.10');
    expect(satangToDecimal(model.overall.budgetSpentSatang)).toBe('17345.75');
  });

  it('writes amounts, ไม่ใช้งบประมาณ and ไม่มี as ITA expects, in Thai digits', () => {
    expect(rows.get('1.1')!.budgetPlannedText).toBe('๑๕,๐๐๐.๐๐');
    expect(rows.get('1.1')!.budgetSpentText).toBe('๑๒,๓๔๕.๕๐');
    expect(rows.get('1.3')!.budgetPlannedText).toBe('ไม่ใช้งบประมาณ');
    expect(rows.get('1.3')!.budgetSpentText).toBe('ไม่ใช้งบประมาณ');
    expect(rows.get('1.4')!.budgetSpentText).toBe('๐.๐๐');
    expect(rows.get('1.1')!.problems).toBe('ผู้เข้าร่วมโครงการน้อยกว่าที่คาด');
    expect(rows.get('1.2')!.problems).toBe('ไม่มี');
    expect(rows.get('1.2')!.suggestions).toBe('ไม่มี');
    expect(rows.get('1.1')!.unit).toBe('สำนักปลัด');
  });

  it('states results against indicator targets, judging met from the target when not recorded', () => {
    expect(rows.get('1.1')!.results).toEqual([
      { indicator: 'ผู้เข้าร่วมโครงการ', target: 'ไม่น้อยกว่าร้อยละ ๘๐', result: 'ร้อยละ ๘๕', met: true },
    ]);
    expect(rows.get('1.1')!.resultsText).toBe('๑) ผู้เข้าร่วมโครงการ / เป้าหมาย ไม่น้อยกว่าร้อยละ ๘๐: ผล ร้อยละ ๘๕ (บรรลุเป้าหมาย)');
    expect(rows.get('1.2')!.resultsText).toBe('ยังไม่มีผลการประเมินตามตัวชี้วัด');
  });

  it('leaves out a target the indicator already states, and spaces a comparator from a number', () => {
    const evaluated = snapshot('annual', [
      item(
        '1.1',
        null,
        run({
          status: 'completed',
          phase: 'completed',
          completedAt: '2027-08-01T03:00:00.000Z',
          evaluation: { submittedAt: '2027-07-01T03:00:00.000Z', budgetSpentSatang: null, problems: '-', suggestions: '' },
          results: [{ ordinal: 1, value: 1, text: 'จัดได้ครั้งเดียว', met: false }],
        }),
        {
          indicators: [
            { ordinal: 1, kind: 'output', text: 'จัดอบรม ไม่น้อยกว่า ๒ ครั้งต่อปี', target: { comparator: 'gte', value: 2, unit: 'times' } },
            { ordinal: 2, kind: 'outcome', text: 'ผู้เข้าร่วมพึงพอใจ', target: { comparator: 'gte', value: 2, unit: 'times' } },
          ],
        },
      ),
    ]);
    const row = reportRows(buildReportModel(evaluated))[0]!;
    expect(row.resultsText).toBe(
      '๑) จัดอบรม ไม่น้อยกว่า ๒ ครั้งต่อปี: ผล ๑ ครั้ง (จัดได้ครั้งเดียว) (ไม่บรรลุเป้าหมาย)\n' +
        '๒) ผู้เข้าร่วมพึงพอใจ / เป้าหมาย ไม่น้อยกว่า ๒ ครั้ง: ผล ยังไม่มีข้อมูล',
    );
    expect(row.problems).toBe('ไม่มี');
    expect(row.suggestions).toBe('ไม่มี');
  });

  it('links evidence under the public base', () => {
    expect(rows.get('1.1')!.evidence).toEqual([
      { fileName: 'รูปกิจกรรม.pdf', url: 'https://sujarit.example/evidence/00000000-0000-4000-8000-000000000001' },
    ]);
  });

  it('groups rows by dimension then mission and collects the narrative', () => {
    expect(model.dimensions.map((d) => [d.heading, d.missions.map((m) => m.codeText)])).toEqual([
      ['มิติที่ ๑', ['๑.๑.๑']],
      ['มิติที่ ๒', ['๒.๑.๑']],
    ]);
    expect(model.narrative.problems).toEqual([
      { code: '๑.๑', name: 'โครงการทดสอบ 1.1', text: 'ผู้เข้าร่วมโครงการน้อยกว่าที่คาด' },
    ]);
    expect(model.narrative.suggestions).toHaveLength(1);
  });

  it('sets the plan targets beside recorded values, ยังไม่มีข้อมูล when none', () => {
    expect(model.targets.map((t) => [t.planned, t.recorded])).toEqual([
      ['๙๘ คะแนน', 'ยังไม่มีข้อมูล'],
      ['ลดลงร้อยละ ๕๐', 'ยังไม่มีข้อมูล'],
    ]);
    const recorded = buildReportModel(mixedYear(), {}).targets;
    expect(recorded[0]!.recordedValue).toBeNull();
    const withRecorded = buildReportModel(snapshot('annual', [], { recorded: { itaScore: 92.5, caseReductionPercent: null } }));
    expect(withRecorded.targets[0]!.recorded).toBe('๙๒.๕ คะแนน');
    expect(withRecorded.targets[1]!.recorded).toBe('ยังไม่มีข้อมูล');
  });

  it('titles the annual report as the template words it', () => {
    expect(model.title).toEqual(['รายงานผลการดำเนินการป้องกันการทุจริตประจำปี', 'ประจำปีงบประมาณ พ.ศ. ๒๕๗๐']);
    expect(model.organizationLine).toBe('องค์การบริหารส่วนตำบลเข็กน้อย อำเภอเขาค้อ จังหวัดเพชรบูรณ์');
  });

  it('has an English model with the same numbers', () => {
    const english = buildReportModel(mixedYear(), { lang: 'en' });
    expect(english.overall).toEqual({ ...model.overall, label: 'Total' });
    expect(reportRows(english).find((r) => r.code === '2.1')!.statusText).toBe('Cancelled (ไม่ได้รับการจัดสรรงบประมาณ)');
    expect(english.title[0]).toBe('Annual report on anti-corruption implementation results');
    expect(reportRows(english)[0]!.budgetSpentText).toBe('12,345.50');
  });

  it('is a pure function of the snapshot, whatever order its keys come in', () => {
    const shuffled = reportSnapshotSchema.parse(JSON.parse(canonicalJson(mixedYear())));
    expect(canonicalJson(shuffled)).toBe(canonicalJson(mixedYear()));
    expect(JSON.stringify(buildReportModel(shuffled))).toBe(JSON.stringify(model));
  });
});

describe('buildReportModel: the six-month report counts only what happened by 31 March', () => {
  const afterCutoff = snapshot('six_month', [
    item(
      '1.1',
      1_000_000,
      run({
        status: 'completed',
        phase: 'completed',
        budgetSpentSatang: 900_000,
        completedAt: '2027-05-20T03:00:00.000Z',
        phaseHistory: [
          { phase: 'execution', at: '2026-11-01T03:00:00.000Z' },
          { phase: 'evaluation', at: '2027-04-15T03:00:00.000Z' },
          { phase: 'completed', at: '2027-05-20T03:00:00.000Z' },
        ],
        evaluation: { submittedAt: '2027-05-01T03:00:00.000Z', budgetSpentSatang: 900_000, problems: 'ฝนตก', suggestions: 'เลื่อนกำหนด' },
        steps: [
          { key: 's1', ordinal: 1, text: 'ก', phase: 'execution', status: 'done', dueAt: null, completedAt: '2027-01-10T03:00:00.000Z' },
          { key: 's2', ordinal: 2, text: 'ข', phase: 'execution', status: 'done', dueAt: null, completedAt: '2027-04-10T03:00:00.000Z' },
        ],
        evidence: [
          { id: 'e-before', stepKey: 's1', fileName: 'ก่อน.pdf', contentType: 'application/pdf', sizeBytes: 1, sha256: 'b'.repeat(64), uploadedAt: '2027-03-31T16:59:59.000Z' },
          { id: 'e-after', stepKey: 's2', fileName: 'หลัง.pdf', contentType: 'application/pdf', sizeBytes: 1, sha256: 'c'.repeat(64), uploadedAt: '2027-03-31T17:00:00.000Z' },
        ],
      }),
    ),
    item(
      '1.2',
      500_000,
      run({ status: 'cancelled', phase: 'cancelled', cancelReason: 'ซ้ำซ้อน', completedAt: '2027-04-05T03:00:00.000Z', budgetSpentSatang: 0 }),
    ),
    item(
      '1.3',
      1_000_000,
      run({
        phase: 'execution',
        budgetSpentSatang: 800_000,
        phaseHistory: [{ phase: 'execution', at: '2026-10-10T03:00:00.000Z' }],
        steps: [
          { key: 's1', ordinal: 1, text: 'ก', phase: 'execution', status: 'done', dueAt: null, completedAt: '2027-02-01T03:00:00.000Z', budgetSpentSatang: 300_000 },
          { key: 's2', ordinal: 2, text: 'ข', phase: 'execution', status: 'done', dueAt: null, completedAt: '2027-04-20T03:00:00.000Z', budgetSpentSatang: 800_000 },
        ],
      }),
    ),
    item('1.4', 200_000, run({ phase: 'execution', startedAt: '2027-04-02T03:00:00.000Z', phaseHistory: [{ phase: 'execution', at: '2027-04-02T03:00:00.000Z' }] })),
  ]);
  const model = buildReportModel(afterCutoff);
  const rows = new Map(reportRows(model).map((r) => [r.code, r]));
  const cutoffMs = Date.parse('2027-03-31T17:00:00.000Z');

  it('titles the report with the first half of the fiscal year', () => {
    expect(model.title.join(' ')).toBe(
      'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ (๑ ตุลาคม ๒๕๖๙ – ๓๑ มีนาคม ๒๕๗๐)',
    );
    expect(model.cutoffDate).toBe('2027-03-31');
    expect(model.asOfLine).toBe('ข้อมูล ณ วันที่ ๓๑ มีนาคม ๒๕๗๐');
  });

  it('judges status, results and evidence as of the cut-off', () => {
    expect(rows.get('1.1')!.status).toBe('in_progress');
    expect(rows.get('1.1')!.problems).toBe('ไม่มี');
    expect(rows.get('1.1')!.evidence.map((e) => e.fileName)).toEqual(['ก่อน.pdf']);
    expect(rows.get('1.2')!.status).toBe('not_started');
    expect(rows.get('1.3')!.status).toBe('in_progress');
    expect(rows.get('1.4')!.status).toBe('not_started');
    expect(itemStanding(afterCutoff.items[0]!, null).status).toBe('done');
    expect(itemStanding(afterCutoff.items[1]!, null).status).toBe('cancelled');
    expect(itemStanding(afterCutoff.items[0]!, cutoffMs).evaluated).toBe(false);
  });

  it('takes spending from the steps when they carry it, and never guesses otherwise', () => {
    expect(rows.get('1.3')!.budgetSpentSatang).toBe(300_000);
    expect(rows.get('1.1')!.budgetSpentSatang).toBeNull();
    expect(rows.get('1.1')!.budgetSpentText).toBe('ยังไม่มีข้อมูล ณ วันสิ้นรอบ');
    expect(model.overall.budgetSpentSatang).toBe(300_000);
    expect(model.overall.spentUnknown).toBe(1);
    expect(model.notes).toHaveLength(1);
  });

  it('gives the annual view of the same data everything recorded', () => {
    const annual = buildReportModel({ ...afterCutoff, kind: 'annual' });
    expect(annual.overall).toMatchObject({ done: 1, cancelled: 1, inProgress: 2, budgetSpentSatang: 1_700_000, spentUnknown: 0 });
  });
});

describe('the Khek Noi plan for FY2570', () => {
  const plan = khekNoiPlan();
  const empty = planSnapshot(plan, {
    kind: 'six_month',
    fiscalYear: 2570,
    createdAt: '2027-04-03T02:00:00.000Z',
    organization: { id: 1, slug: 'khek-noi' },
  });
  const model = buildReportModel(empty);

  it('plans 215,000 / 45,000 / 30,000 / 45,000 baht by dimension, 335,000 in all', () => {
    expect(model.dimensions.map((d) => d.summary.budgetPlannedSatang / 100)).toEqual([215_000, 45_000, 30_000, 45_000]);
    expect(model.overall.budgetPlannedSatang).toBe(33_500_000);
  });

  it('reports an empty fiscal year as not started, with nothing spent and no problems', () => {
    const rows = reportRows(model);
    expect(rows.length).toBe(model.overall.planned);
    expect(rows.every((r) => r.statusText === 'ยังไม่ได้ดำเนินการ')).toBe(true);
    expect(rows.every((r) => r.problems === 'ไม่มี' && r.suggestions === 'ไม่มี')).toBe(true);
    expect(model.overall).toMatchObject({ done: 0, inProgress: 0, cancelled: 0, budgetSpentSatang: 0, donePercent: 0, disbursedPercent: 0 });
    expect(model.overall.notStarted).toBe(rows.length);
    expect(model.narrative).toEqual({ problems: [], suggestions: [] });
    expect(model.targets[0]!.planned).toBe('๙๘ คะแนน');
  });

  it('prints ไม่ใช้งบประมาณ for items without budget', () => {
    const unbudgeted = reportRows(model).filter((r) => r.budgetPlannedSatang === null);
    expect(unbudgeted.length).toBeGreaterThan(0);
    expect(unbudgeted.every((r) => r.budgetPlannedText === 'ไม่ใช้งบประมาณ' && r.budgetSpentText === 'ไม่ใช้งบประมาณ')).toBe(true);
  });

  it('writes signature blocks with the roles even before anyone is assigned', () => {
    expect(model.signatures.map((s) => [s.caption, s.name, s.positionLines])).toEqual([
      ['ผู้จัดทำรายงาน', null, ['นักวิเคราะห์นโยบายและแผน']],
      ['ผู้ตรวจสอบรายงาน', null, ['ปลัดองค์การบริหารส่วนตำบลเข็กน้อย']],
      ['ผู้รับรองรายงาน', null, ['นายกองค์การบริหารส่วนตำบลเข็กน้อย']],
    ]);
    const acting = buildReportModel({
      ...empty,
      signatories: { coordinator: null, palad: { fullName: 'นายเกียรติ ทองดี', positionTitle: 'หัวหน้าสำนักปลัด', acting: true }, mayor: null },
    });
    expect(acting.signatures[1]!.positionLines).toEqual(['หัวหน้าสำนักปลัด', 'รักษาราชการแทนปลัดองค์การบริหารส่วนตำบลเข็กน้อย']);
  });
});

describe('a year compiled from the results entered after the fact', () => {
  const base = planSnapshot(khekNoiPlan(), {
    kind: 'annual',
    fiscalYear: 2566,
    createdAt: '2026-12-01T03:00:00.000Z',
    organization: { id: 1, slug: 'khek-noi' },
    signatories: { coordinator: { fullName: 'นางสาวชฎา กิจดี', positionTitle: '', acting: false }, palad: null, mayor: { fullName: 'นายประเสริฐ มั่นคงดี', positionTitle: '', acting: false } },
  });
  const [first, second] = base.items as [SnapshotItem, SnapshotItem];
  const entries = [
    { itemCode: first.code, status: 'done' as const, budgetSpent: 1250.5, resultText: 'ครบตามแผน', recordedByName: 'นางสาวชฎา กิจดี', recordedAt: '2026-11-21T03:00:00.000Z' },
    { itemCode: second.code, status: 'cancelled' as const, budgetSpent: null, resultText: '', recordedByName: 'นายสมชาย ใจดี', recordedAt: '2026-11-20T03:00:00.000Z' },
  ];

  test('each entry stands in for its item’s run; the head says compiled, by whom and when; nobody signs', () => {
    const compiled = reportSnapshotSchema.parse(compileEnteredYear(base, entries));
    expect(itemStanding(compiled.items[0]!, null)).toEqual({ status: 'done', budgetSpentSatang: 125_050, evaluated: true });
    expect(itemStanding(compiled.items[1]!, null)).toEqual({ status: 'cancelled', budgetSpentSatang: null, evaluated: false });
    expect(compiled.items[2]!.entered).toBeUndefined();
    expect(compiled.signatories).toEqual({ coordinator: null, palad: null, mayor: null });

    const model = buildReportModel(compiled, { lang: 'th', digits: 'arabic' });
    expect(model.compiledNote).toBe(
      'เอกสารนี้รวบรวมจากผลการดำเนินงานที่บันทึกย้อนหลังจากรายงานฉบับเดิม (ปีงบประมาณนี้ไม่ได้ดำเนินการในระบบ) บันทึกโดย นางสาวชฎา กิจดี, นายสมชาย ใจดี เมื่อ 20 พฤศจิกายน 2569 – 21 พฤศจิกายน 2569 มิใช่รายงานที่ผู้บริหารลงนาม',
    );
    const row = reportRows(model).find((r) => r.code === first.code)!;
    expect([row.resultsText, row.problems, row.suggestions]).toEqual(['ครบตามแผน', 'ไม่ได้บันทึกไว้', 'ไม่ได้บันทึกไว้']);
    expect(model.narrative).toEqual({ problems: [], suggestions: [] });
    expect(buildReportModel(compiled, { lang: 'en' }).compiledNote).toContain('entered by นางสาวชฎา กิจดี, นายสมชาย ใจดี on 20 November 2026 – 21 November 2026');
  });

  test('no entry, or a six-month report, compiles nothing; a report of a year that ran has no compiled head', () => {
    expect(compileEnteredYear(base, [])).toBeNull();
    expect(compileEnteredYear({ ...base, kind: 'six_month' }, entries)).toBeNull();
    expect(buildReportModel(base).compiledNote).toBeNull();
  });
});

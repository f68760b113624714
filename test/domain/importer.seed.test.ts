import { readFileSync } from 'node:fs';
import path from 'node:path';
import { docxToText, importPlanText } from '../../domain/importer';
import type { CanonicalPlan, PlanItem } from '../../domain/plan';
import { docxFromPlanText } from '../fixtures/plan-docx';

/** The real seed plan (committed as a fixture), with the truths read from it by hand. */
const SEED_PATH = path.join(__dirname, '../fixtures/khek-noi-plan.txt');
const COMMITTED_PLAN = path.join(__dirname, '../../data/seed/khek-noi.plan.json');

let text: string;
let plan: CanonicalPlan;

beforeAll(() => {
  text = readFileSync(SEED_PATH, 'utf8');
  plan = importPlanText(text);
});

const item = (code: string): PlanItem => {
  const found = plan.items.find((i) => i.code === code);
  if (!found) throw new Error(`no item ${code}`);
  return found;
};
const byDimension = (d: number) => plan.items.filter((i) => i.dimension === d);
const sumFor = (items: readonly PlanItem[], year: number) =>
  items.reduce((s, i) => s + (i.budgetByYear[String(year)] ?? 0), 0);
const kinds = (items: readonly PlanItem[]) => ({
  project: items.filter((i) => i.kind === 'project').length,
  measure: items.filter((i) => i.kind === 'measure').length,
  activity: items.filter((i) => i.kind === 'activity').length,
});

describe('the Khek Noi seed plan', () => {
  it('names the organisation, its years and its targets', () => {
    expect(plan.organization).toEqual({ name: 'องค์การบริหารส่วนตำบลเข็กน้อย', district: 'เขาค้อ', province: 'เพชรบูรณ์' });
    expect(plan.fiscalYears).toEqual([2566, 2567, 2568, 2569, 2570]);
    expect(plan.targets).toEqual([
      { fiscalYear: 2566, itaScore: 90, caseReductionPercent: 10 },
      { fiscalYear: 2567, itaScore: 92, caseReductionPercent: 20 },
      { fiscalYear: 2568, itaScore: 94, caseReductionPercent: 30 },
      { fiscalYear: 2569, itaScore: 96, caseReductionPercent: 40 },
      { fiscalYear: 2570, itaScore: 98, caseReductionPercent: 50 },
    ]);
  });

  it('has 46 items: 22 projects, 15 measures and 9 activities by their own names, against the 22/14/10 it states', () => {
    expect(plan.items).toHaveLength(46);
    expect(kinds(plan.items)).toEqual({ project: 22, measure: 15, activity: 9 });
    expect(plan.statedTotals?.counts).toEqual({ project: 22, measure: 14, activity: 10 });
    expect([1, 2, 3, 4].map((d) => byDimension(d).length)).toEqual([18, 15, 6, 7]);
    expect(kinds(byDimension(1))).toEqual({ project: 15, measure: 1, activity: 2 });
    expect(kinds(byDimension(2))).toEqual({ project: 3, measure: 10, activity: 2 });
    const counted = plan.findings.filter((f) => f.code === 'STATED_COUNT_MISMATCH');
    expect(counted.map((f) => f.line)).toEqual([20, 22, 24]);
    expect(counted[0]!.message).toContain('22 โครงการ 14 มาตรการ 10 กิจกรรม');
    expect(counted[0]!.message).toContain('22 โครงการ 15 มาตรการ 9 กิจกรรม');
  });

  it('numbers items D.S by their ลำดับที่ in Part 3, without gaps', () => {
    expect(byDimension(1).map((i) => i.seq)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(plan.items.map((i) => i.code)).toEqual(plan.items.map((i) => `${i.dimension}.${i.seq}`));
    expect(new Set(plan.items.map((i) => i.code)).size).toBe(46);
  });

  it('adds the items up to the stated grand totals for every year', () => {
    const expected = { 2566: 325000, 2567: 290000, 2568: 290000, 2569: 275000, 2570: 335000 };
    for (const [year, total] of Object.entries(expected)) {
      expect(sumFor(plan.items, Number(year))).toBe(total);
      expect(plan.statedTotals?.budgetByYear?.[year]).toBe(total);
    }
    expect([1, 2, 3, 4].map((d) => sumFor(byDimension(d), 2570))).toEqual([215000, 45000, 30000, 45000]);
    for (const dimension of plan.dimensions) {
      for (const year of plan.fiscalYears) {
        expect(sumFor(byDimension(dimension.number), year)).toBe(dimension.statedTotals?.[String(year)]);
      }
    }
    expect(plan.findings.filter((f) => f.code === 'STATED_TOTAL_MISMATCH')).toEqual([]);
  });

  it('reads item 1.1 completely', () => {
    const i = item('1.1');
    expect(i).toMatchObject({
      kind: 'project',
      mission: '1.1.1',
      fiscalYears: [2567, 2570],
      budgetByYear: { '2567': 15000, '2570': 15000 },
      responsibleUnit: 'office-of-palad',
      responsibleUnitText: 'สำนักงานปลัดองค์การบริหารส่วนตำบลเข็กน้อย',
      line: 203,
    });
    expect(i.steps.map((s) => s.phase)).toEqual([
      'approval',
      'preparation',
      'preparation',
      'preparation',
      'execution',
      'evaluation',
      'reporting',
    ]);
    expect(i.indicators.map((d) => d.kind)).toEqual(['output', 'output', 'outcome']);
    expect(i.indicators[0]!.target).toEqual({ comparator: 'gte', value: 2, unit: 'times', unitText: 'ครั้ง' });
    expect(i.indicators[1]!.target).toEqual({ comparator: 'gte', value: 80, unit: 'percent' });
  });

  it('takes the kind from the item\'s own name, not from the "ชื่อโครงการ" label', () => {
    expect(item('1.3')).toMatchObject({ kind: 'measure', mission: '1.1.1' });
    expect(item('1.3').name.startsWith('มาตรการ ส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม')).toBe(true);
    expect(item('1.14').kind).toBe('activity');
    expect(item('2.1').kind).toBe('measure');
  });

  it('reads "ไม่ใช่ งบประมาณ" as no budget and reports Part 3\'s 5,000 baht against it', () => {
    expect(item('1.3').budgetByYear).toEqual({ '2566': null, '2567': null, '2568': null, '2569': null, '2570': null });
    expect(item('1.3').steps).toHaveLength(7);
    const codes = plan.findings.filter((f) => f.item === '1.3').map((f) => `${f.code}@${f.line}`);
    expect(codes).toEqual(expect.arrayContaining(['BUDGET_TEXT_TYPO@118', 'BUDGET_AMOUNT_MISMATCH@355']));
  });

  it('keeps a year whose cell is empty out of the item', () => {
    expect(item('1.18')).toMatchObject({
      fiscalYears: [2566, 2568, 2570],
      budgetByYear: { '2566': 10000, '2568': 10000, '2570': 10000 },
      mission: '1.3.2',
    });
  });

  it('gives each of the four items listed in one cell of mission 2.2.2 the single amount row', () => {
    for (const code of ['2.6', '2.7', '2.8', '2.9']) {
      expect(item(code).mission).toBe('2.2.2');
      expect(item(code).budgetByYear).toEqual({ '2566': 5000, '2567': 5000, '2568': 5000, '2569': 5000, '2570': 5000 });
    }
    expect(item('2.8').kind).toBe('project');
    expect(item('2.9').kind).toBe('activity');
    const shared = plan.findings.find((f) => f.code === 'SHARED_BUDGET_ROW')!;
    expect(shared.line).toBe(150);
    expect(shared.message).toContain('2.6, 2.7, 2.8, 2.9');
  });

  it('follows the budget columns where the name says other years, and reports it', () => {
    expect(item('1.2').budgetByYear).toEqual({ '2567': 25000, '2569': 25000 });
    expect(item('3.4').fiscalYears).toEqual([2567, 2568, 2569]);
    expect(item('2.10').budgetByYear).toEqual({ '2566': 5000 });
  });

  it('files items by their mission, also when it was listed under the level-2 row of the table', () => {
    expect(item('2.1').mission).toBe('2.1.1');
    expect(item('2.4').mission).toBe('2.2.1');
    expect(item('2.11').mission).toBe('2.3.1');
    expect(item('1.16').mission).toBe('1.3.1');
    expect(item('3.3').mission).toBe('3.2.1');
    expect(plan.missions).toHaveLength(44);
    expect(plan.missions.find((m) => m.code === '2.2.1')?.name).toBe(
      'การแสดงเจตนาธรรมณ์ในการปฏิบัติหน้าที่และบริหารงานด้วยความซื่อสัตย์สุจริตเป็นไปตามหลักธรรมาภิบาลของผู้บริหาร',
    );
  });

  it('normalises the responsible units', () => {
    expect(item('2.11')).toMatchObject({ responsibleUnit: 'all-units', budgetByYear: { '2566': null, '2570': null } });
    expect(item('4.1')).toMatchObject({ responsibleUnit: 'internal-audit', responsibleUnitText: 'หน่วยงานตรวจสอบภายในขององค์การบริหารส่วนตำบลเชิงกน้อย' });
    expect(item('2.14').responsibleUnit).toBe('organization');
    // ๘ หน่วยงานที่รับผิดชอบ names the office; ๙ ผู้รับผิดชอบโครงการ only the organisation.
    expect(item('2.13').responsibleUnit).toBe('office-of-palad');
    const units = new Set(plan.items.map((i) => i.responsibleUnit));
    expect([...units].sort()).toEqual(['all-units', 'internal-audit', 'office-of-palad', 'organization']);
  });

  it('keeps the section (งาน) of the office that the plan names', () => {
    const sectionOf = (code: string) => [item(code).responsibleSection, item(code).responsibleSectionText];
    // Read from the plan's ผู้รับผิดชอบ fields: 35 items name a section of the office in brackets.
    const named = plan.items.filter((i) => i.responsibleSection);
    expect(named).toHaveLength(35);
    expect(named.every((i) => i.responsibleUnit === 'office-of-palad')).toBe(true);
    const count = (key: string) => plan.items.filter((i) => i.responsibleSection === key).length;
    expect({
      legal: count('legal-affairs'),
      general: count('general-administration'),
      policy: count('policy-and-planning'),
      personnel: count('personnel'),
    }).toEqual({ legal: 28, general: 3, policy: 2, personnel: 2 });
    // The text says which: lines 1329, 1488 and 1760 (items 2.1, 2.3, 2.7), 2317 and 2401 (3.1, 3.2), 2559 and 3127 (3.4, 4.7).
    for (const code of ['2.1', '2.3', '2.7']) expect(sectionOf(code)).toEqual(['general-administration', 'งานบริหารงานทั่วไป']);
    for (const code of ['3.1', '3.2']) expect(sectionOf(code)).toEqual(['policy-and-planning', 'งานนโยบายและแผน']);
    for (const code of ['3.4', '4.7']) expect(sectionOf(code)).toEqual(['personnel', 'งานบริหารงานบุคคล']);
    expect(sectionOf('1.5')).toEqual(['legal-affairs', 'งานกฎหมายและคดี']);
    // The office named without a section keeps no section; the original text stays as written.
    expect(item('1.1')).toMatchObject({ responsibleUnit: 'office-of-palad', responsibleUnitText: 'สำนักงานปลัดองค์การบริหารส่วนตำบลเข็กน้อย' });
    expect(item('1.1').responsibleSection).toBeUndefined();
    expect(item('2.1').responsibleUnitText).toContain('(งานบริหารงานทั่วไป)');
    // Every bracketed section in the plan's text is one the organisation has.
    expect((text.match(/\(งาน[^)]*\)/g) ?? []).length).toBe(35);
    expect(plan.findings.filter((f) => f.code === 'SECTION_UNKNOWN')).toEqual([]);
  });

  it('keeps a section the organisation does not have as text, with a finding', () => {
    const other = importPlanText(text, { units: { sections: {} } });
    const legal = other.items.filter((i) => i.responsibleSectionText === 'งานกฎหมายและคดี');
    expect(legal).toHaveLength(28);
    expect(legal.every((i) => i.responsibleSection === undefined)).toBe(true);
    expect(other.findings.filter((f) => f.code === 'SECTION_UNKNOWN')).toHaveLength(35);
  });

  it('counts the method steps and notices their rhythm', () => {
    expect(item('4.6').steps).toHaveLength(10);
    expect(item('2.15').steps).toHaveLength(10);
    expect(item('2.14').steps.at(-1)).toMatchObject({ phase: 'reporting', recurrence: 'monthly' });
    expect(item('2.8').steps[3]).toMatchObject({ phase: 'reporting', recurrence: 'semiannual' });
    expect(item('4.5').steps[1]!.recurrence).toBe('annual');
    expect(item('2.5').steps.map((s) => s.phase)).toEqual(['preparation', 'preparation', 'approval', 'publication', 'evaluation', 'reporting']);
  });

  it('corrects the organisation name in item names but keeps the rest as written', () => {
    expect(item('2.14').name).toBe('มาตรการออกคำสั่งมอบหมายขององค์การบริหารส่วนตำบลเข็กน้อย ประจำปี ๒๕๖๖-๒๕๗๐');
    expect(item('1.8').name).toBe('โครงการบุคลากรต้นแบบ ด้าน “บริการเป็นเลิศ” ประจำปีงบประมาณ พ.ศ.๒๕๖๖-๒๕๗๐');
    expect(plan.items.every((i) => !/\*\*|เชิงน้อย|เช็กน้อย|เล็กน้อย/.test(i.name))).toBe(true);
  });

  it('names every defect of the document with its line', () => {
    const found = plan.findings.map((f) => [f.code, f.line, f.item].filter((x) => x !== undefined));
    expect(found).toEqual([
      ['STATED_COUNT_MISMATCH', 20],
      ['STATED_COUNT_MISMATCH', 22],
      ['STATED_COUNT_MISMATCH', 24],
      ['ORG_NAME_MISSPELLED', 62],
      ['RISK_CONTROL_NUMBERING', 67],
      ['YEARS_MISMATCH', 117, '1.2'],
      ['BUDGET_TEXT_TYPO', 118, '1.3'],
      ['EXTRA_AMOUNT_IN_REMARKS', 118, '1.3'],
      ['UNCLOSED_QUOTE', 118, '1.3'],
      ['YEARS_MISMATCH', 122, '1.5'],
      ['YEARS_MISMATCH', 124, '1.7'],
      ['YEARS_MISMATCH', 128, '1.10'],
      ['ORG_NAME_MISSPELLED', 134],
      ['EMPTY_BUDGET_CELL', 137, '1.18'],
      ['YEARS_MISMATCH', 144, '2.2'],
      ['ORG_NAME_MISSPELLED', 145],
      ['YEARS_MISMATCH', 146, '2.4'],
      ['ORG_NAME_MISSPELLED', 150],
      ['SHARED_BUDGET_ROW', 150],
      ['UNCLOSED_QUOTE', 153, '2.12'],
      ['ORG_NAME_MISSPELLED', 155],
      ['HEADING_TYPO', 159],
      ['YEARS_MISMATCH', 166, '3.4'],
      ['YEARS_MISMATCH', 167, '3.5'],
      ['EXTRA_AMOUNT_IN_REMARKS', 169],
      ['ORG_NAME_MISSPELLED', 180],
      ['EXTRA_AMOUNT_IN_REMARKS', 180, '4.6'],
      ['EXTRA_AMOUNT_IN_REMARKS', 181, '4.7'],
      ['EXTRA_AMOUNT_IN_REMARKS', 182],
      ['EXTRA_AMOUNT_IN_REMARKS', 183],
      ['DUPLICATE_HEADING', 195],
      ['STRAY_LABEL', 201],
      ['UNCLOSED_QUOTE', 314, '1.3'],
      ['BUDGET_AMOUNT_MISMATCH', 355, '1.3'],
      ['BUDGET_AMOUNT_MISMATCH', 419, '1.4'],
      ['STRAY_LABEL', 502],
      ['STRAY_MARKUP', 561, '1.7'],
      ['STRAY_LABEL', 676],
      ['OTHER_ORGANIZATION_NAME', 686],
      ['ORG_TYPE_MISSPELLED', 686],
      ['DUPLICATED_TEXT', 820, '1.11'],
      ['BUDGET_AMOUNT_MISMATCH', 835, '1.11'],
      ['ORG_NAME_MISSPELLED', 966],
      ['STRAY_MARKUP', 979, '1.14'],
      ['TARGET_VALUE_MISSING', 1150, '1.16'],
      ['DUPLICATED_TEXT', 1368, '2.2'],
      ['DUPLICATED_TEXT', 1403, '2.2'],
      ['STRAY_MARKUP', 1897, '2.10'],
      ['UNCLOSED_QUOTE', 2022, '2.12'],
      ['STRAY_MARKUP', 2086, '2.13'],
      ['FIELD_NUMBERING', 2135, '2.13'],
      ['STRAY_MARKUP', 2333, '3.2'],
      ['FIELD_NUMBERING', 2403, '3.2'],
      ['MISSION_WITHOUT_ITEMS', 2423],
      ['MISSION_WITHOUT_ITEMS', 2425],
      ['FIELD_NUMBERING', 2490, '3.3'],
      ['FOREIGN_SCRIPT', 2547, '3.4'],
      ['FIELD_NUMBERING', 2561, '3.4'],
      ['FOREIGN_SCRIPT', 2571, '3.4'],
      ['FIELD_NUMBERING', 2619, '3.5'],
      ['FIELD_NUMBERING', 2674, '3.6'],
      ['ORG_NAME_MISSPELLED', 2723],
      ['STRAY_MARKUP', 2832, '4.3'],
      ['FIELD_NUMBERING', 2936, '4.4'],
      ['FIELD_NUMBERING', 2996, '4.5'],
      ['STRAY_MARKUP', 3016, '4.6'],
      ['STEP_NUMBERING', 3058, '4.6'],
      ['STRAY_MARKUP', 3085, '4.7'],
      ['DUPLICATED_TEXT', 3090, '4.7'],
      ['BLANK_DATE', 3147],
      ['BLANK_DATE', 3189],
      ['BLANK_DATE', 3204],
      ['BLANK_DATE', 3208],
    ]);
  });

  it('reports each misspelling of the organisation once, and the other organisation left in', () => {
    const variants = plan.findings
      .filter((f) => f.code === 'ORG_NAME_MISSPELLED')
      .map((f) => /เป็น “องค์การบริหารส่วนตำบล(\S+)”/.exec(f.message)?.[1]);
    expect(variants).toEqual(['เข็ญน้อย', 'เช็กน้อย', 'เชิงน้อย', 'ตำบลเข็กน้อย', 'เล็กน้อย', 'เชิงกัน้อย', 'เข็มน้อย', 'เชิงกน้อย']);
    expect(plan.findings.find((f) => f.code === 'OTHER_ORGANIZATION_NAME')!.message).toContain('เชียงใหม่');
  });

  it('reports the Part 2 / Part 3 disagreements in words', () => {
    const years = plan.findings.find((f) => f.code === 'YEARS_MISMATCH' && f.item === '1.10')!;
    expect(years.message).toContain('ชื่อในตารางส่วนที่ ๒ 2567, 2568');
    expect(years.message).toContain('ชื่อในส่วนที่ ๓ 2567, 2569');
    expect(years.messageEn).toContain('budget year columns of Part 2 2567, 2569');
    const amount = plan.findings.find((f) => f.code === 'BUDGET_AMOUNT_MISMATCH' && f.item === '1.4')!;
    expect(amount.message).toContain('15,000 บาท/ปี');
    expect(amount.message).toContain('5,000 บาท');
  });

  it('keeps the risk table', () => {
    expect(plan.risks.map((r) => [r.seq, r.score, r.controls.length])).toEqual([
      [1, 'ปานกลาง', 7],
      [2, 'ปานกลาง', 4],
      [3, 'ปานกลาง', 5],
      [4, 'ปานกลาง', 6],
    ]);
    // Control ๔ of risk ๒ continues on the next page, below a repeated header row.
    expect(plan.risks[1]!.controls[3]).toMatch(/^มาตรการนำผลการประเมินความพึงพอใจ/);
  });

  it('reproduces the committed data/seed/khek-noi.plan.json exactly', () => {
    expect(`${JSON.stringify(plan, null, 2)}\n`).toBe(readFileSync(COMMITTED_PLAN, 'utf8'));
  });

  it('imports the same items from the seed turned into a Word document', async () => {
    const viaWord = importPlanText(await docxToText(await docxFromPlanText(text)));
    const withoutLines = (p: CanonicalPlan) => p.items.map(({ line: _line, ...rest }) => rest);
    expect(withoutLines(viaWord)).toEqual(withoutLines(plan));
    expect(viaWord.dimensions).toEqual(plan.dimensions);
    expect(viaWord.statedTotals).toEqual(plan.statedTotals);
    expect(viaWord.risks).toEqual(plan.risks);
    expect(viaWord.missions).toEqual(plan.missions);
    expect(viaWord.targets).toEqual(plan.targets);
    expect(viaWord.title).toBe(plan.title);
  }, 30000);
});

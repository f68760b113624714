import { readFileSync } from 'node:fs';
import path from 'node:path';
import { docxToText, importPlanText } from '../../domain/importer';
import type { CanonicalPlan, Finding } from '../../domain/plan';
import { docxFromPlanText } from '../fixtures/plan-docx';

/**
 * Defects the seed does not have, on small plans written here. A finding never stops the import: every
 * plan below imports, with the defect reported.
 */

interface Section {
  seq: string;
  name: string;
  period?: string;
  budget?: string;
  unit?: string;
  mission?: string;
}

const section = (s: Section) =>
  [
    s.mission ?? '',
    'รายละเอียดโครงการ/กิจกรรม/มาตรการ',
    `ลำดับที่ ${s.seq}`,
    '',
    `๑. ชื่อโครงการ : ${s.name}`,
    '',
    '๕. วิธีดำเนินการ',
    '๑) จัดทำโครงการเพื่อขออนุมัติ',
    '๒) ดำเนินการตามโครงการ',
    '๓) รายงานผลการดำเนินการ',
    '',
    '๖. ระยะเวลาดำเนินการ',
    s.period ?? 'ปีงบประมาณ พ.ศ.๒๕๖๖-๒๕๖๗',
    '',
    '๗. งบประมาณ',
    s.budget ?? 'จำนวน ๕,๐๐๐ บาท',
    '',
    '๘. ผู้รับผิดชอบ',
    s.unit ?? 'กองคลัง องค์การบริหารส่วนตำบลทดสอบ',
    '',
    '๙. ผลผลิต/ผลลัพธ์',
    'ผลผลิต',
    'จัดอบรม จำนวน ๑ ครั้ง',
    '',
  ].join('\n');

function miniPlan(tableRows: string[], sections: Section[], total = 'จำนวน ๑๐,๐๐๐.- บาท\tจำนวน ๑๐,๐๐๐.- บาท'): string {
  return [
    'แผนปฏิบัติการป้องกันการทุจริต',
    '(พ.ศ.๒๕๖๖-๒๕๖๗)',
    '',
    'องค์การบริหารส่วนตำบลทดสอบ',
    'อำเภอเมือง จังหวัดนครทดสอบ',
    '',
    'ส่วนที่ ๒',
    'มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี ๒๕๖๖\tปี ๒๕๖๗\tหมายเหตุ',
    ...tableRows,
    `รวม\t\tจำนวน ${sections.length} โครงการ ๐ มาตรการ ๐ กิจกรรม\t${total}\t`,
    '',
    'ส่วนที่ ๓',
    '',
    'มิติที่ ๑ การสร้างวัฒนธรรมสุจริต',
    '',
    '๑.๑.๑ ภารกิจทดสอบ',
    '',
    ...sections.map(section),
  ].join('\n');
}

const TWO_IN_ONE_CELL =
  'มิติที่ ๑ การสร้างวัฒนธรรมสุจริต\t๑.๑ ภารกิจหลัก ๑.๑.๑ ภารกิจทดสอบ\t<p>๑. โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗</p> <p>๒. โครงการประกวดคำขวัญ ประจำปี ๒๕๖๖-๒๕๖๗</p>\t๑๐,๐๐๐\t๑๐,๐๐๐\t';

const codes = (plan: CanonicalPlan) => plan.findings.map((f) => f.code);
const findingsOf = (plan: CanonicalPlan, code: string): Finding[] => plan.findings.filter((f) => f.code === code);

describe('one amount row for two items', () => {
  it('splits it when the stated total and Part 3 say each item has half', () => {
    const plan = importPlanText(
      miniPlan([TWO_IN_ONE_CELL], [
        { seq: '๑', name: 'โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗' },
        { seq: '๒', name: 'โครงการประกวดคำขวัญ ประจำปี ๒๕๖๖-๒๕๖๗' },
      ]),
    );
    expect(plan.items.map((i) => i.budgetByYear)).toEqual([
      { '2566': 5000, '2567': 5000 },
      { '2566': 5000, '2567': 5000 },
    ]);
    const shared = findingsOf(plan, 'SHARED_BUDGET_ROW')[0]!;
    expect(shared.message).toContain('แบ่งจำนวนเงินเท่ากัน 2 รายการ');
    expect(shared.messageEn).toContain('adds up to its stated total and it matches the budgets of Part 3');
    expect(codes(plan)).not.toContain('STATED_TOTAL_MISMATCH');
  });

  it('gives it to the first item when only that reading agrees with Part 3', () => {
    const plan = importPlanText(
      miniPlan([TWO_IN_ONE_CELL], [
        { seq: '๑', name: 'โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗', budget: 'จำนวน ๑๐,๐๐๐ บาท' },
        { seq: '๒', name: 'โครงการประกวดคำขวัญ ประจำปี ๒๕๖๖-๒๕๖๗', budget: 'ไม่ใช้งบประมาณ' },
      ]),
    );
    expect(plan.items.map((i) => i.budgetByYear)).toEqual([
      { '2566': 10000, '2567': 10000 },
      { '2566': null, '2567': null },
    ]);
    expect(findingsOf(plan, 'SHARED_BUDGET_ROW')[0]!.messageEn).toContain('belongs to the first item');
  });

  it('says so when nothing confirms the reading', () => {
    const plan = importPlanText(
      miniPlan(
        [TWO_IN_ONE_CELL],
        [
          { seq: '๑', name: 'โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗', budget: 'จำนวน ๗,๐๐๐ บาท' },
          { seq: '๒', name: 'โครงการประกวดคำขวัญ ประจำปี ๒๕๖๖-๒๕๖๗', budget: 'จำนวน ๒,๐๐๐ บาท' },
        ],
        'จำนวน ๙๙,๐๐๐.- บาท\tจำนวน ๙๙,๐๐๐.- บาท',
      ),
    );
    expect(findingsOf(plan, 'SHARED_BUDGET_ROW')[0]!.messageEn).toContain('a guess');
    expect(findingsOf(plan, 'STATED_TOTAL_MISMATCH')[0]!.messageEn).toContain('2566 stated 99,000, sum 20,000');
  });
});

describe('two items with their amounts stacked in the same cells', () => {
  const text = miniPlan(
    [
      'มิติที่ ๑ การสร้างวัฒนธรรมสุจริต\t๑.๑.๑ ภารกิจทดสอบ\t<p>๑. โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖</p> <p>๒. โครงการประกวดคำขวัญ ประจำปี ๒๕๖๖-๒๕๖๗</p>\t<p>๑๐,๐๐๐</p> <p>๒๐,๐๐๐</p>\t<p>-</p> <p>๒๐,๐๐๐</p>\t',
    ],
    [
      { seq: '๑', name: 'โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖', period: 'ปีงบประมาณ ๒๕๖๖', budget: 'จำนวน ๑๐,๐๐๐ บาท' },
      { seq: '๒', name: 'โครงการประกวดคำขวัญ ประจำปี ๒๕๖๖-๒๕๖๗', budget: 'จำนวน ๒๐,๐๐๐ บาท' },
    ],
    'จำนวน ๓๐,๐๐๐.- บาท\tจำนวน ๒๐,๐๐๐.- บาท',
  );
  const expected = [{ '2566': 10000 }, { '2566': 20000, '2567': 20000 }];

  it('reads one amount per item from each cell of the text', () => {
    const plan = importPlanText(text);
    expect(plan.items.map((i) => i.budgetByYear)).toEqual(expected);
    expect(codes(plan)).toEqual([]);
  });

  it('reads the same from Word, where the cells run together, choosing the order Part 3 confirms', async () => {
    const plan = importPlanText(await docxToText(await docxFromPlanText(text)));
    expect(plan.items.map((i) => i.budgetByYear)).toEqual(expected);
    expect(codes(plan)).toEqual(['BUDGET_LAYOUT_GUESSED']);
  });
});

describe('items found in only one part', () => {
  const rows = [
    'มิติที่ ๑ การสร้างวัฒนธรรมสุจริต\t๑.๑.๑ ภารกิจทดสอบ\t๑. โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗\t๕,๐๐๐\t๕,๐๐๐\t',
    '\t\t๒. โครงการปลูกป่าชุมชน ประจำปี ๒๕๖๖\t๕,๐๐๐\t-\t',
  ];

  it('takes budget and years from Part 3 for an item the table lacks, and reports both sides', () => {
    const plan = importPlanText(
      miniPlan(rows, [
        { seq: '๑', name: 'โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗' },
        { seq: '๒', name: 'กิจกรรมเดินรณรงค์ต่อต้านการทุจริต ประจำปี ๒๕๖๗', period: 'ปีงบประมาณ ๒๕๖๗', budget: 'จำนวน ๓,๐๐๐ บาท' },
      ]),
    );
    expect(plan.items[1]).toMatchObject({ code: '1.2', kind: 'activity', fiscalYears: [2567], budgetByYear: { '2567': 3000 } });
    expect(findingsOf(plan, 'DETAIL_ITEM_NOT_IN_TABLE').map((f) => f.item)).toEqual(['1.2']);
    expect(findingsOf(plan, 'BUDGET_FROM_DETAIL').map((f) => f.item)).toEqual(['1.2']);
    expect(findingsOf(plan, 'TABLE_ITEM_UNMATCHED')[0]!.message).toContain('โครงการปลูกป่าชุมชน');
  });
});

describe('ลำดับที่', () => {
  const rows = [
    'มิติที่ ๑ การสร้างวัฒนธรรมสุจริต\t๑.๑.๑ ภารกิจทดสอบ\t<p>๑. โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗</p> <p>๒. โครงการประกวดคำขวัญ ประจำปี ๒๕๖๖-๒๕๖๗</p> <p>๓. โครงการเสริมสร้างค่านิยม ประจำปี ๒๕๖๖-๒๕๖๗</p>\t๕,๐๐๐\t๕,๐๐๐\t',
    '\t\t\t๕,๐๐๐\t๕,๐๐๐\t',
    '\t\t\t๕,๐๐๐\t๕,๐๐๐\t',
  ];
  const names = ['โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗', 'โครงการประกวดคำขวัญ ประจำปี ๒๕๖๖-๒๕๖๗', 'โครงการเสริมสร้างค่านิยม ประจำปี ๒๕๖๖-๒๕๖๗'];

  it('keeps codes unique when a number repeats, and reports it', () => {
    const plan = importPlanText(miniPlan(rows, names.map((name, i) => ({ seq: ['๑', '๑', '๓'][i]!, name })), 'จำนวน ๑๕,๐๐๐.- บาท\tจำนวน ๑๕,๐๐๐.- บาท'));
    expect(plan.items.map((i) => i.code)).toEqual(['1.1', '1.2', '1.3']);
    expect(findingsOf(plan, 'SEQ_NUMBER_REPEATED').map((f) => f.item)).toEqual(['1.2']);
    expect(codes(plan)).not.toContain('SEQ_NUMBER_GAP');
  });

  it('keeps the number as written after a gap, and reports the gap', () => {
    const plan = importPlanText(miniPlan(rows, names.map((name, i) => ({ seq: ['๑', '๒', '๔'][i]!, name })), 'จำนวน ๑๕,๐๐๐.- บาท\tจำนวน ๑๕,๐๐๐.- บาท'));
    expect(plan.items.map((i) => i.code)).toEqual(['1.1', '1.2', '1.4']);
    expect(findingsOf(plan, 'SEQ_NUMBER_GAP')[0]).toMatchObject({ item: '1.4', message: 'มิติที่ 1: ข้ามลำดับที่ 3' });
  });
});

describe('guesses', () => {
  it('reports the kind and the unit it had to assume', () => {
    const plan = importPlanText(
      miniPlan(
        ['มิติที่ ๑ การสร้างวัฒนธรรมสุจริต\t๑.๑.๑ ภารกิจทดสอบ\t๑. อบรมคุณธรรมจริยธรรม ประจำปี ๒๕๖๖-๒๕๖๗\t๕,๐๐๐\t๕,๐๐๐\t'],
        [{ seq: '๑', name: 'อบรมคุณธรรมจริยธรรม ประจำปี ๒๕๖๖-๒๕๖๗', unit: 'นายสมชาย ใจดี' }],
        'จำนวน ๕,๐๐๐.- บาท\tจำนวน ๕,๐๐๐.- บาท',
      ),
    );
    expect(plan.items[0]).toMatchObject({ kind: 'project', responsibleUnit: 'organization', responsibleUnitText: 'นายสมชาย ใจดี' });
    expect(codes(plan)).toEqual(expect.arrayContaining(['KIND_GUESSED', 'UNIT_GUESSED']));
  });

  it('reports a missing field and still imports the item', () => {
    const text = miniPlan(
      ['มิติที่ ๑ การสร้างวัฒนธรรมสุจริต\t๑.๑.๑ ภารกิจทดสอบ\t๑. โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗\t๕,๐๐๐\t๕,๐๐๐\t'],
      [{ seq: '๑', name: 'โครงการอบรมคุณธรรม ประจำปี ๒๕๖๖-๒๕๖๗' }],
      'จำนวน ๕,๐๐๐.- บาท\tจำนวน ๕,๐๐๐.- บาท',
    ).replace('๘. ผู้รับผิดชอบ\nกองคลัง องค์การบริหารส่วนตำบลทดสอบ\n', '');
    const plan = importPlanText(text);
    expect(plan.items[0]).toMatchObject({ code: '1.1', responsibleUnit: 'organization', budgetByYear: { '2566': 5000, '2567': 5000 } });
    expect(findingsOf(plan, 'FIELD_MISSING')[0]).toMatchObject({ item: '1.1', message: 'ไม่มีหัวข้อ ผู้รับผิดชอบ' });
    expect(findingsOf(plan, 'UNIT_GUESSED')).toHaveLength(1);
  });
});

describe('the excerpt of the seed, changed', () => {
  const excerpt = readFileSync(path.join(__dirname, '../fixtures/plan-excerpt.txt'), 'utf8');

  it('reports a dimension total that does not add up, per year', () => {
    const plan = importPlanText(excerpt.replace('จำนวน ๓๐,๐๐๐.- บาท\tจำนวน ๕๐,๐๐๐.- บาท\tจำนวน ๔๕,๐๐๐', 'จำนวน ๓๐,๐๐๐.- บาท\tจำนวน ๕๕,๐๐๐.- บาท\tจำนวน ๔๕,๐๐๐'));
    const [dimension, grand] = findingsOf(plan, 'STATED_TOTAL_MISMATCH');
    expect(dimension!.message).toBe('มิติที่ 3: ยอดรวมที่ระบุไม่เท่ากับผลรวมของรายการ — ปี 2567 ระบุ 55,000 รวมได้ 50,000');
    expect(grand).toBeUndefined();
    expect(findingsOf(plan, 'STATED_TOTALS_INCONSISTENT')).toHaveLength(1);
  });

  it('reports a method step number skipped', () => {
    const plan = importPlanText(excerpt.replace('- ๔) ติดตามประเมินผลการจัดทำแผนพัฒนาท้องถิ่น', '- ๕) ติดตามประเมินผลการจัดทำแผนพัฒนาท้องถิ่น'));
    expect(findingsOf(plan, 'STEP_NUMBERING')[0]).toMatchObject({ item: '3.1', messageEn: 'Method steps are not numbered in sequence: jumps from 3 to 5' });
    expect(plan.items[0]!.steps).toHaveLength(4);
  });
});

import { parseIndicators } from '../indicators';
import type { Indicator, ItemKind, Step } from '../plan';
import { checkStepNumbering, splitMethodSteps, toPlanSteps } from '../steps';
import { normaliseResponsibleUnit, type OrganizationUnits } from '../units';
import { FindingCollector } from './findings';
import { reportRowArtefacts, type AmountRow, type BudgetCell, type Part2Group, type Part2Item, type Part2Table } from './part2';
import { EXPECTED_FIELD_NUMBER, fieldOf, fieldsOf, itemNameOf, type FieldKey, type Part3Item, type Part3Result } from './part3';
import { comparableName, dice } from './similarity';
import { formatBaht, formatYears, kindOfName, sameYears, toArabic, yearsIn } from './source';

/**
 * Items are the sections of Part 3; their budgets come from the Part 2 table when a row can be matched to
 * them by meaning (name similarity within the dimension, then mission and kind), because the table is what
 * the stated totals add up from. Every disagreement between the two parts becomes a finding.
 */

export type BudgetByYear = Record<string, number | null>;

export interface ItemDraft {
  code: string;
  dimension: number;
  seq: number;
  section: Part3Item;
  name: string;
  nameLine: number;
  kind: ItemKind;
  mission: string;
  nameYears: number[] | undefined;
  periodYears: number[] | undefined;
  periodLine: number | undefined;
  detailBudget: { amount: number | null; line: number } | undefined;
  tableItem: Part2Item | undefined;
  tableRow: AmountRow | undefined;
  budgetByYear: BudgetByYear;
  budgetSource: 'table' | 'detail';
  responsibleUnit: string;
  responsibleUnitText: string | undefined;
  responsibleSection: string | undefined;
  responsibleSectionText: string | undefined;
  targetGroup: string | undefined;
  steps: Step[];
  indicators: Indicator[];
  /** Text of the fields compared across items to find copy-pasted sections. */
  texts: Partial<Record<'rationale' | 'method' | 'outputs', { text: string; line: number }>>;
}

export interface ReconcileInput {
  part2: Part2Table;
  part3: Part3Result;
  planYears: readonly number[];
  correctName: (text: string) => string;
  findings: FindingCollector;
  /** The organisation's divisions and sections, to read the section an item names. */
  units?: OrganizationUnits;
}

const FIELD_NAME_TH: Record<FieldKey, string> = {
  name: 'ชื่อ',
  rationale: 'หลักการและเหตุผล',
  objectives: 'วัตถุประสงค์',
  target: 'กลุ่มเป้าหมาย',
  method: 'วิธีดำเนินการ',
  period: 'ระยะเวลาดำเนินการ',
  budget: 'งบประมาณ',
  responsible: 'ผู้รับผิดชอบ',
  outputs: 'ผลผลิต/ผลลัพธ์',
};

function fieldText(item: Part3Item, key: FieldKey): { text: string; line: number } | undefined {
  const field = fieldOf(item, key);
  if (!field) return undefined;
  const text = [field.inline, ...field.lines.map((l) => l.text)].filter((t) => t !== '').join(' ').trim();
  return { text, line: field.line };
}

function parseDetailBudget(item: Part3Item): ItemDraft['detailBudget'] {
  const field = fieldText(item, 'budget');
  if (!field) return undefined;
  const arabic = toArabic(field.text);
  const line = fieldOf(item, 'budget')!.lines[0]?.line ?? field.line;
  if (/ไม่ใช้\s*งบประมาณ|ไม่ใช่\s*งบประมาณ/.test(arabic)) return { amount: null, line };
  const amount = /(\d{1,3}(?:,\d{3})+|\d+)\s*บาท/.exec(arabic);
  return amount ? { amount: Number(amount[1]!.replace(/,/g, '')), line } : undefined;
}

function budgetLabel(value: number | null | undefined): { th: string; en: string } {
  if (value === null) return { th: 'ไม่ใช้งบประมาณ', en: 'no budget' };
  if (value === undefined) return { th: '-', en: '-' };
  return { th: `${formatBaht(value)} บาท`, en: `${formatBaht(value)} baht` };
}

function budgetOfRow(row: AmountRow, years: readonly number[]): BudgetByYear {
  const budget: BudgetByYear = {};
  row.cells.forEach((cell, i) => {
    const year = years[i];
    if (year === undefined) return;
    if (cell.type === 'amount') budget[String(year)] = cell.value;
    else if (cell.type === 'none') budget[String(year)] = null;
  });
  return budget;
}

function yearsOfBudget(budget: BudgetByYear): number[] {
  return Object.keys(budget)
    .map(Number)
    .sort((a, b) => a - b);
}

function describeBudget(budget: BudgetByYear): { th: string; en: string } {
  const values = [...new Set(Object.values(budget))];
  if (values.length === 1) {
    const label = budgetLabel(values[0]);
    return { th: `${label.th}/ปี`, en: `${label.en} a year` };
  }
  const entries = Object.entries(budget);
  return {
    th: entries.map(([y, v]) => `${y}: ${budgetLabel(v).th}`).join(', '),
    en: entries.map(([y, v]) => `${y}: ${budgetLabel(v).en}`).join(', '),
  };
}

/** Build drafts from Part 3, in document order, with dimension and sequence checked. */
function draftsFromSections(input: ReconcileInput): ItemDraft[] {
  const { part3, findings, correctName } = input;
  const lastSeq = new Map<number, number>();
  const drafts: ItemDraft[] = [];
  let previousDimension: number | undefined;
  for (const section of part3.items) {
    let dimension = section.dimension;
    if (dimension === undefined) {
      dimension = Number(section.missionCandidates[0]?.split('.')[0] ?? previousDimension ?? 1);
      findings.add(
        'DIMENSION_GUESSED',
        section.line,
        `ไม่พบหัวข้อมิติก่อนรายการนี้ ถือว่าอยู่ในมิติที่ ${dimension}`,
        `No dimension heading before this item; dimension ${dimension} assumed`,
      );
    }
    previousDimension = dimension;
    const previous = lastSeq.get(dimension) ?? 0;
    let seq = section.seq ?? previous + 1;
    if (section.seq !== undefined && section.seq <= previous) {
      seq = previous + 1;
      findings.add(
        'SEQ_NUMBER_REPEATED',
        section.seqLine,
        `มิติที่ ${dimension}: ลำดับที่ ${section.seq} ซ้ำหรือย้อนหลัง (ก่อนหน้าคือ ${previous}) ใช้ลำดับที่ ${seq} แทน`,
        `Dimension ${dimension}: ลำดับที่ ${section.seq} repeats or goes back (previous ${previous}); ${seq} used instead`,
        `${dimension}.${seq}`,
      );
    } else if (section.seq !== undefined && section.seq > previous + 1) {
      const missing = previous + 2 === section.seq ? `${previous + 1}` : `${previous + 1}–${section.seq - 1}`;
      findings.add(
        'SEQ_NUMBER_GAP',
        section.seqLine,
        `มิติที่ ${dimension}: ข้ามลำดับที่ ${missing}`,
        `Dimension ${dimension}: ลำดับที่ ${missing} skipped`,
        `${dimension}.${seq}`,
      );
    }
    lastSeq.set(dimension, seq);
    const code = `${dimension}.${seq}`;
    const nameSource = itemNameOf(section);
    const name = correctName(nameSource?.text ?? '').replace(/\s+/g, ' ').trim();
    const period = fieldText(section, 'period');
    drafts.push({
      code,
      dimension,
      seq,
      section,
      name: cleanName(name) || `รายการที่ ${code}`,
      nameLine: nameSource?.line ?? section.line,
      kind: kindOfName(cleanName(name)) ?? 'project',
      mission: '',
      nameYears: yearsIn(name),
      periodYears: period ? yearsIn(period.text) : undefined,
      periodLine: period ? (fieldOf(section, 'period')!.lines[0]?.line ?? period.line) : undefined,
      detailBudget: parseDetailBudget(section),
      tableItem: undefined,
      tableRow: undefined,
      budgetByYear: {},
      budgetSource: 'detail',
      responsibleUnit: 'organization',
      responsibleUnitText: undefined,
      responsibleSection: undefined,
      responsibleSectionText: undefined,
      targetGroup: undefined,
      steps: [],
      indicators: [],
      texts: {},
    });
    if (!nameSource) {
      findings.add('FIELD_MISSING', section.line, 'รายการนี้ไม่มีชื่อ (ข้อ ๑)', 'This item has no name (field ๑)', code);
    }
  }
  return drafts;
}

/** Quote marks left unbalanced by the document are dropped; balanced ones (“บริการเป็นเลิศ”) stay. */
export function cleanName(name: string): string {
  let text = name.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
  const opens = (text.match(/“/g) ?? []).length;
  const closes = (text.match(/”/g) ?? []).length;
  if (opens !== closes) text = text.replace(/[“”]/g, '');
  if ((text.match(/"/g) ?? []).length % 2 === 1) text = text.replace(/"/g, '');
  return text.replace(/\s+/g, ' ').trim();
}

function matchTableItems(drafts: ItemDraft[], input: ReconcileInput): void {
  const pairs: Array<{ p2: Part2Item; draft: ItemDraft; score: number }> = [];
  for (const p2 of input.part2.items) {
    p2.name = input.correctName(p2.name);
    const a = comparableName(p2.name);
    for (const draft of drafts) {
      if (p2.dimension !== undefined && p2.dimension !== draft.dimension) continue;
      const similarity = dice(a, comparableName(draft.name));
      if (similarity < 0.3) continue;
      const missionBonus = p2.mission && draft.section.missionCandidates.includes(p2.mission) ? 0.15 : 0;
      const kindBonus = p2.kind === draft.kind ? 0.05 : 0;
      pairs.push({ p2, draft, score: similarity + missionBonus + kindBonus });
    }
  }
  pairs.sort((x, y) => y.score - x.score || x.p2.line - y.p2.line || x.draft.seq - y.draft.seq);
  const used = new Set<Part2Item>();
  for (const { p2, draft } of pairs) {
    if (used.has(p2) || draft.tableItem) continue;
    used.add(p2);
    draft.tableItem = p2;
  }
  for (const p2 of input.part2.items) {
    if (used.has(p2)) continue;
    input.findings.add(
      'TABLE_ITEM_UNMATCHED',
      p2.line,
      `รายการในตารางส่วนที่ ๒ ไม่มีรายละเอียดในส่วนที่ ๓: “${cleanName(p2.name)}” ไม่ได้นำเข้า`,
      `An item of the Part 2 table has no section in Part 3 and was not imported: “${cleanName(p2.name)}”`,
    );
  }
}

type Hypothesis = 'each' | 'first' | 'split';

function assignBudgets(drafts: ItemDraft[], input: ReconcileInput): void {
  const { part2, findings } = input;
  const years = part2.columnYears;
  const draftOf = new Map<Part2Item, ItemDraft>();
  for (const d of drafts) if (d.tableItem) draftOf.set(d.tableItem, d);
  const agreement = (p2: Part2Item, row: AmountRow) => {
    const d = draftOf.get(p2);
    if (!d) return 0;
    const budget = budgetOfRow(row, years);
    let score = 0;
    if (d.periodYears && sameYears(d.periodYears, yearsOfBudget(budget))) score++;
    if (d.detailBudget && Object.values(budget).every((v) => v === d.detailBudget!.amount)) score++;
    return score;
  };
  const useRow = (p2: Part2Item, row: AmountRow) => {
    const d = draftOf.get(p2);
    if (!d) return;
    d.tableRow = row;
    d.budgetByYear = budgetOfRow(row, years);
    d.budgetSource = 'table';
  };
  const shared: Part2Group[] = [];
  for (const group of part2.groups) {
    const n = group.items.length;
    const r = group.rows.length;
    if (r === n) {
      let rows = group.rows;
      if (group.orderAmbiguous && n > 1) {
        const stream = rows.flatMap((row) => row.cells);
        const transposed = rows.map((row, i) => ({ ...row, cells: years.map((_, y) => stream[y * n + i] ?? ({ type: 'empty' } as BudgetCell)) }));
        const score = (candidate: AmountRow[]) => group.items.reduce((sum, p2, i) => sum + agreement(p2, candidate[i]!), 0);
        if (score(transposed) > score(rows)) {
          rows = transposed;
          findings.add(
            'BUDGET_LAYOUT_GUESSED',
            group.line,
            `ช่องงบประมาณของ ${n} รายการในช่องเดียวกันอ่านได้สองแบบ เลือกแบบเรียงตามคอลัมน์ เพราะตรงกับส่วนที่ ๓`,
            `The budget cells of ${n} items sharing a cell can be read two ways; read column by column because that matches Part 3`,
          );
        }
      }
      group.items.forEach((p2, i) => useRow(p2, rows[i]!));
    } else if (r === 1 && n > 1) {
      group.items.forEach((p2) => useRow(p2, group.rows[0]!));
      shared.push(group);
    } else if (r > 0) {
      group.items.forEach((p2, i) => group.rows[i] && useRow(p2, group.rows[i]));
      findings.add(
        'BUDGET_ROWS_UNMATCHED',
        group.line,
        `ตารางส่วนที่ ๒ มี ${n} รายการแต่มีแถวงบประมาณ ${r} แถว จับคู่ตามลำดับ รายการที่ไม่มีแถวใช้งบประมาณจากส่วนที่ ๓`,
        `The Part 2 table lists ${n} items with ${r} budget rows; matched in order, items without a row use Part 3`,
      );
    }
  }
  for (const d of drafts) {
    if (d.budgetSource === 'table' && Object.keys(d.budgetByYear).length > 0) continue;
    d.budgetSource = 'detail';
    const runYears = d.periodYears ?? d.nameYears ?? [...input.planYears];
    const amount = d.detailBudget?.amount;
    d.budgetByYear = Object.fromEntries(runYears.map((y) => [String(y), amount === undefined ? null : amount]));
    findings.add(
      'BUDGET_FROM_DETAIL',
      d.detailBudget?.line ?? d.section.line,
      d.tableItem
        ? 'แถวของรายการนี้ในตารางส่วนที่ ๒ ไม่มีจำนวนเงิน ใช้งบประมาณและปีจากส่วนที่ ๓'
        : 'ไม่พบรายการนี้ในตารางส่วนที่ ๒ ใช้งบประมาณและปีจากส่วนที่ ๓',
      d.tableItem
        ? 'The Part 2 row of this item has no amounts; budget and years taken from Part 3'
        : 'This item is not in the Part 2 table; budget and years taken from Part 3',
      d.code,
    );
    if (!d.tableItem) {
      findings.add(
        'DETAIL_ITEM_NOT_IN_TABLE',
        d.section.line,
        `รายการ “${d.name}” ไม่มีในตารางส่วนที่ ๒`,
        `Item “${d.name}” is missing from the Part 2 table`,
        d.code,
      );
    }
  }
  for (const group of shared) decideSharedRow(group, drafts, draftOf, input);
  for (const group of part2.groups) {
    for (const row of group.rows) {
      const users = drafts.filter((d) => d.tableRow === row);
      reportRowArtefacts(row, findings, users.length === 1 ? users[0]!.code : undefined);
    }
  }
}

/**
 * Several items listed in one cell with a single amount row. The document may mean that each item has
 * that amount, that the amount belongs to the first item only, or that it is split among them; the
 * reading that makes the dimension add up to its stated total is taken, then the one Part 3 confirms.
 */
function decideSharedRow(
  group: Part2Group,
  drafts: ItemDraft[],
  draftOf: Map<Part2Item, ItemDraft>,
  input: ReconcileInput,
): void {
  const { part2, findings } = input;
  const row = group.rows[0]!;
  const members = group.items.map((p2) => draftOf.get(p2)).filter((d): d is ItemDraft => Boolean(d));
  if (members.length === 0) return;
  const base = budgetOfRow(row, part2.columnYears);
  const budgetsFor = (h: Hypothesis): BudgetByYear[] =>
    members.map((_, i) => {
      if (h === 'each') return { ...base };
      if (h === 'first') return i === 0 ? { ...base } : Object.fromEntries(Object.keys(base).map((y) => [y, null]));
      return Object.fromEntries(Object.entries(base).map(([y, v]) => [y, v === null ? null : Math.round(v / members.length)]));
    });
  const dimension = members[0]!.dimension;
  const stated = part2.dimensionTotals.get(dimension);
  const totalsMatch = (h: Hypothesis): boolean => {
    if (!stated || stated.amounts.length === 0) return false;
    const replaced = new Map(members.map((m, i) => [m, budgetsFor(h)[i]!]));
    return part2.columnYears.every((year, j) => {
      const sum = drafts
        .filter((d) => d.dimension === dimension)
        .reduce((s, d) => s + ((replaced.get(d) ?? d.budgetByYear)[String(year)] ?? 0), 0);
      return stated.amounts[j] === undefined || stated.amounts[j] === sum;
    });
  };
  const detailConfirms = (h: Hypothesis): boolean =>
    members.every((m, i) => {
      const values = Object.values(budgetsFor(h)[i]!);
      return m.detailBudget !== undefined && values.every((v) => v === m.detailBudget!.amount);
    });
  const hypotheses: Hypothesis[] = ['each', 'first', 'split'];
  const byTotals = hypotheses.filter(totalsMatch);
  const byDetail = hypotheses.filter(detailConfirms);
  const chosen = byTotals.find((h) => byDetail.includes(h)) ?? byTotals[0] ?? byDetail[0] ?? 'each';
  budgetsFor(chosen).forEach((budget, i) => {
    members[i]!.budgetByYear = budget;
  });

  const codes = members.map((m) => m.code).join(', ');
  const amount = describeBudget(base);
  const meaning = {
    each: { th: `แต่ละรายการได้ ${amount.th}`, en: `each item has ${amount.en}` },
    first: { th: 'จำนวนเงินเป็นของรายการแรก รายการอื่นไม่ใช้งบประมาณ', en: 'the amount belongs to the first item; the others have no budget' },
    split: { th: `แบ่งจำนวนเงินเท่ากัน ${members.length} รายการ`, en: `the amount is split equally among ${members.length} items` },
  }[chosen];
  const reasons: Array<{ th: string; en: string }> = [];
  if (byTotals.includes(chosen)) reasons.push({ th: `ยอดรวมมิติที่ ${dimension} จึงตรงกับที่ระบุไว้`, en: `dimension ${dimension} then adds up to its stated total` });
  if (byDetail.includes(chosen)) reasons.push({ th: 'ตรงกับงบประมาณในส่วนที่ ๓', en: 'it matches the budgets of Part 3' });
  const why = reasons.length
    ? { th: `เพราะ${reasons.map((r) => r.th).join(' และ')}`, en: `because ${reasons.map((r) => r.en).join(' and ')}` }
    : { th: '(เดา: ไม่มียอดรวมหรือส่วนที่ ๓ ยืนยัน)', en: '(a guess: neither the totals nor Part 3 confirm it)' };
  const mission = group.items[0]?.mission;
  findings.add(
    'SHARED_BUDGET_ROW',
    row.line,
    `${mission ? `ภารกิจ ${mission}: ` : ''}รายการ ${codes} อยู่ในช่องเดียวกันแต่มีแถวงบประมาณแถวเดียว (${amount.th}) ตีความว่า${meaning.th} ${why.th}`,
    `${mission ? `Mission ${mission}: ` : ''}items ${codes} share one cell and a single budget row (${amount.en}); read as: ${meaning.en}, ${why.en}`,
  );
}

function chooseMission(d: ItemDraft, input: ReconcileInput): void {
  const candidates = d.section.missionCandidates;
  const fromTable = d.tableItem?.mission;
  if (fromTable && candidates.includes(fromTable)) {
    d.mission = fromTable;
  } else if (candidates.length > 0) {
    d.mission = candidates[candidates.length - 1]!;
    if (fromTable && fromTable !== d.mission) {
      input.findings.add(
        'MISSION_MISMATCH',
        d.section.line,
        `ภารกิจไม่ตรงกัน: ตารางส่วนที่ ๒ (บรรทัด ${d.tableItem!.line}) อยู่ใต้ภารกิจ ${fromTable} แต่ส่วนที่ ๓ อยู่ใต้ภารกิจ ${d.mission} ใช้ตามส่วนที่ ๓`,
        `Mission differs: the Part 2 table (line ${d.tableItem!.line}) lists it under ${fromTable}, Part 3 under ${d.mission}; Part 3 used`,
        d.code,
      );
    }
  } else if (fromTable) {
    d.mission = fromTable;
  } else {
    d.mission = `${d.dimension}.0`;
    input.findings.add(
      'MISSION_GUESSED',
      d.section.line,
      `ไม่พบภารกิจของรายการนี้ ใช้รหัส ${d.mission}`,
      `No mission found for this item; ${d.mission} used`,
      d.code,
    );
  }
}

function checkConsistency(d: ItemDraft, input: ReconcileInput): void {
  const { findings } = input;
  const p2 = d.tableItem;
  const tableKind = p2?.kind;
  const ownKind = kindOfName(d.name);
  if (!ownKind) {
    d.kind = tableKind ?? 'project';
    findings.add(
      'KIND_GUESSED',
      d.nameLine,
      `ชื่อรายการไม่ขึ้นต้นด้วย โครงการ/มาตรการ/กิจกรรม ถือเป็น${{ project: 'โครงการ', measure: 'มาตรการ', activity: 'กิจกรรม' }[d.kind]}`,
      `The item's name does not start with โครงการ/มาตรการ/กิจกรรม; taken as a ${d.kind}`,
      d.code,
    );
  } else if (tableKind && tableKind !== ownKind) {
    findings.add(
      'KIND_MISMATCH',
      d.nameLine,
      `ประเภทไม่ตรงกัน: ชื่อในตารางส่วนที่ ๒ (บรรทัด ${p2!.line}) เป็น ${tableKind} แต่ชื่อในส่วนที่ ๓ เป็น ${ownKind} ใช้ตามส่วนที่ ๓`,
      `Kind differs: the Part 2 name (line ${p2!.line}) is a ${tableKind}, the Part 3 name a ${ownKind}; Part 3 used`,
      d.code,
    );
  }

  const adopted = yearsOfBudget(d.budgetByYear);
  const sources = [
    { th: 'ชื่อในตารางส่วนที่ ๒', en: 'name in the Part 2 table', years: p2?.nameYears },
    { th: 'ชื่อในส่วนที่ ๓', en: 'name in Part 3', years: d.nameYears },
    { th: 'ระยะเวลาดำเนินการ (ข้อ ๖)', en: 'duration (field ๖)', years: d.periodYears },
    d.budgetSource === 'table'
      ? { th: 'ช่องงบประมาณรายปีในส่วนที่ ๒', en: 'budget year columns of Part 2', years: adopted }
      : undefined,
  ].filter((s): s is { th: string; en: string; years: number[] } => Boolean(s?.years));
  if (sources.some((s) => !sameYears(s.years, sources[0]!.years))) {
    const adoptedFrom =
      d.budgetSource === 'table'
        ? { th: 'ใช้ปีตามช่องงบประมาณ (ยอดรวมคำนวณจากช่องเหล่านี้)', en: 'the budget columns were used (the totals add up from them)' }
        : { th: 'ใช้ปีตามระยะเวลาดำเนินการ', en: 'the duration was used' };
    findings.add(
      'YEARS_MISMATCH',
      d.tableRow?.line ?? d.periodLine ?? d.section.line,
      `ปีดำเนินการไม่ตรงกัน: ${sources.map((s) => `${s.th} ${formatYears(s.years)}`).join('; ')} — ${adoptedFrom.th}`,
      `Years disagree: ${sources.map((s) => `${s.en} ${formatYears(s.years)}`).join('; ')} — ${adoptedFrom.en}`,
      d.code,
    );
  }

  if (d.budgetSource === 'table' && d.detailBudget) {
    const tableValues = [...new Set(Object.values(d.budgetByYear))];
    if (!tableValues.includes(d.detailBudget.amount)) {
      const table = describeBudget(d.budgetByYear);
      const detail = budgetLabel(d.detailBudget.amount);
      findings.add(
        'BUDGET_AMOUNT_MISMATCH',
        d.detailBudget.line,
        `งบประมาณไม่ตรงกัน: ตารางส่วนที่ ๒ (บรรทัด ${d.tableRow?.line}) ระบุ ${table.th} แต่ส่วนที่ ๓ ระบุ ${detail.th} — ใช้ตามตารางส่วนที่ ๒`,
        `Budget differs: the Part 2 table (line ${d.tableRow?.line}) says ${table.en}, Part 3 says ${detail.en} — the table was used`,
        d.code,
      );
    }
  }

  if (d.tableRow && d.budgetSource === 'table') {
    const filled = d.tableRow.cells.filter((c) => c.type !== 'empty').length;
    d.tableRow.cells.forEach((cell, i) => {
      if (cell.type !== 'empty' || filled === 0) return;
      const year = input.part2.columnYears[i];
      findings.add(
        'EMPTY_BUDGET_CELL',
        d.tableRow!.line,
        `ช่องงบประมาณปี ${year} ว่าง ถือว่าไม่ดำเนินการ/ไม่มีงบประมาณในปีนั้น`,
        `The budget cell for ${year} is empty; read as not running that year`,
        d.code,
      );
    });
  }
}

function fillDetails(d: ItemDraft, input: ReconcileInput): void {
  const { findings } = input;
  const section = d.section;

  const mismatched = section.fields.filter((f) => f.number !== EXPECTED_FIELD_NUMBER[f.key]);
  if (mismatched.length > 0) {
    findings.add(
      'FIELD_NUMBERING',
      mismatched[0]!.line,
      `เลขหัวข้อไม่ตรงแบบฟอร์ม: ${mismatched.map((f) => `“${FIELD_NAME_TH[f.key]}” ใช้ข้อ ${f.number} (ควรเป็นข้อ ${EXPECTED_FIELD_NUMBER[f.key]})`).join(', ')}`,
      `Field numbers differ from the template: ${mismatched.map((f) => `${f.key} numbered ${f.number} (expected ${EXPECTED_FIELD_NUMBER[f.key]})`).join(', ')}`,
      d.code,
    );
  }
  const missing = (['method', 'period', 'budget', 'responsible', 'outputs'] as const).filter((k) => !fieldOf(section, k));
  if (missing.length > 0) {
    findings.add(
      'FIELD_MISSING',
      section.line,
      `ไม่มีหัวข้อ ${missing.map((k) => FIELD_NAME_TH[k]).join(', ')}`,
      `Missing field(s): ${missing.join(', ')}`,
      d.code,
    );
  }

  const method = fieldOf(section, 'method');
  if (method) {
    const numbered = splitMethodSteps(method.lines.map((l) => ({ text: l.text, line: l.line })));
    d.steps = toPlanSteps(numbered);
    const issues = checkStepNumbering(numbered);
    if (issues.length > 0) {
      findings.add(
        'STEP_NUMBERING',
        issues[0]!.line,
        `ลำดับขั้นตอนวิธีดำเนินการไม่ต่อเนื่อง: ${issues.map((i) => (i.kind === 'gap' ? `ข้ามจาก ${i.expected - 1} ไป ${i.found}` : `ข้อ ${i.found} ซ้ำ`)).join(', ')}`,
        `Method steps are not numbered in sequence: ${issues.map((i) => (i.kind === 'gap' ? `jumps from ${i.expected - 1} to ${i.found}` : `${i.found} repeated`)).join(', ')}`,
        d.code,
      );
    }
    d.texts.method = { text: numbered.map((s) => s.text).join(' '), line: method.line };
  }
  const rationale = fieldText(section, 'rationale');
  if (rationale) d.texts.rationale = rationale;

  const outputs = fieldsOf(section, 'outputs').flatMap((f) => f.lines);
  const parsed = parseIndicators(
    outputs.filter((l) => l.part === 'output'),
    outputs.filter((l) => l.part === 'outcome'),
  );
  d.indicators = parsed.map(({ text, kind, target }) => (target ? { text, kind, target } : { text, kind }));
  if (outputs.length > 0) d.texts.outputs = { text: parsed.map((i) => i.text).join(' '), line: fieldOf(section, 'outputs')!.line };
  for (const indicator of parsed.filter((i) => i.targetValueMissing)) {
    findings.add(
      'TARGET_VALUE_MISSING',
      indicator.line,
      `ตัวชี้วัดระบุเกณฑ์แต่ไม่มีตัวเลข: “${indicator.text.slice(0, 80)}”`,
      `An indicator announces a threshold without its number: “${indicator.text.slice(0, 80)}”`,
      d.code,
    );
  }

  const target = fieldText(section, 'target');
  if (target && target.text.replace(/[-–.\s]/g, '') !== '') d.targetGroup = target.text.replace(/\s+/g, ' ');

  const responsible = fieldsOf(section, 'responsible')
    .map((f) => ({ text: [f.inline, ...f.lines.map((l) => l.text)].join(' ').replace(/\s+/g, ' ').replace(/[.\s]+$/, '').trim(), line: f.line }))
    .filter((r) => r.text !== '');
  const normalised = responsible.map((r) => ({ ...r, ...normaliseResponsibleUnit(r.text, input.units) }));
  const chosen = normalised.find((r) => r.recognised && r.unit !== 'organization') ?? normalised.find((r) => r.recognised) ?? normalised[0];
  if (chosen) {
    d.responsibleUnit = chosen.unit;
    d.responsibleUnitText = chosen.text;
    d.responsibleSection = chosen.section;
    d.responsibleSectionText = chosen.sectionText;
    if (chosen.sectionText && !chosen.section) {
      findings.add(
        'SECTION_UNKNOWN',
        chosen.line,
        `ไม่พบ “${chosen.sectionText}” ในโครงสร้างส่วนราชการขององค์กร เก็บไว้ตามที่เขียน`,
        `“${chosen.sectionText}” is not a section of the organisation's structure; kept as written`,
        d.code,
      );
    }
  }
  if (!chosen || !chosen.recognised) {
    findings.add(
      'UNIT_GUESSED',
      chosen?.line ?? section.line,
      chosen ? `ไม่รู้จักหน่วยงาน “${chosen.text}” ถือเป็นความรับผิดชอบของทั้งองค์กร` : 'ไม่ระบุผู้รับผิดชอบ ถือเป็นความรับผิดชอบของทั้งองค์กร',
      chosen ? `Unknown unit “${chosen.text}”; the whole organisation assumed` : 'No responsible unit; the whole organisation assumed',
      d.code,
    );
  }
}

export function reconcile(input: ReconcileInput): ItemDraft[] {
  const drafts = draftsFromSections(input);
  for (const d of drafts) fillDetails(d, input);
  matchTableItems(drafts, input);
  assignBudgets(drafts, input);
  for (const d of drafts) {
    chooseMission(d, input);
    checkConsistency(d, input);
  }
  return drafts;
}

export function fiscalYearsOf(d: ItemDraft): number[] {
  return yearsOfBudget(d.budgetByYear);
}

import { cellsOf, isTabLayout, type Cell } from './cells';
import { FindingCollector } from './findings';
import { kindOfName, parseAmount, parseCounts, toArabic, yearsIn, type Counts, type SourceDocument } from './source';

/**
 * Part 2, the budget table (มิติ | ภารกิจ | โครงการ/กิจกรรม/มาตรการ | one column per year | หมายเหตุ).
 *
 * The Word conversion breaks it: several item names share one cell with their amount rows below, a cell
 * holds two stacked amounts, a row is shifted by a column, a sixth amount sits in the remark column. The
 * table is therefore read as a stream of cells, not by column position: item names collect into a group
 * until amounts arrive, and the amount rows that follow belong to that group. What a group with fewer
 * rows than items means is decided later, against the stated totals and Part 3 (see reconcile.ts).
 */

export type BudgetCell =
  | { type: 'amount'; value: number }
  | { type: 'none'; typo: boolean }
  | { type: 'dash' }
  | { type: 'empty' };

export interface AmountRow {
  /** One cell per budget year column. */
  cells: BudgetCell[];
  /** Cells beyond the year columns (the remark column). */
  extra: BudgetCell[];
  line: number;
}

export interface Part2Group {
  items: Part2Item[];
  rows: AmountRow[];
  line: number;
  /** Paragraph layout with several items and as many rows: rows may be stacked cells read column by column. */
  orderAmbiguous: boolean;
}

export interface Part2Item {
  dimension: number | undefined;
  mission: string | undefined;
  /** A level-2 mission (๒.๑) the item was listed under before its level-3 mission row. */
  pendingUnder: string | undefined;
  seqInMission: number | undefined;
  name: string;
  kind: ReturnType<typeof kindOfName>;
  nameYears: number[] | undefined;
  line: number;
  group: Part2Group;
}

export interface StatedTotal {
  counts?: Counts;
  amounts: number[];
  extra: number[];
  line: number;
}

export interface Part2Table {
  columnYears: number[];
  items: Part2Item[];
  groups: Part2Group[];
  missions: Map<string, { name: string; line: number }>;
  dimensionNames: Map<number, { name: string; line: number }>;
  dimensionTotals: Map<number, StatedTotal>;
  grandTotal: StatedTotal | undefined;
}

type Event =
  | { kind: 'dimension'; number: number; name: string; line: number }
  | { kind: 'year'; year: number }
  | { kind: 'mission'; code: string; name: string; line: number }
  | { kind: 'item'; seq: number | undefined; name: string; line: number }
  | { kind: 'text'; text: string; line: number }
  | { kind: 'amounts'; values: BudgetCell[]; line: number; ambiguous: boolean }
  | { kind: 'total'; grand: boolean; counts: Counts | undefined; amounts: number[]; line: number };

type Classified =
  | { kind: 'budget'; cell: BudgetCell }
  | { kind: 'empty' }
  | { kind: 'header' }
  | { kind: 'year'; year: number }
  | { kind: 'totalStart'; grand: boolean }
  | { kind: 'counts'; counts: Counts }
  | { kind: 'totalAmount'; value: number }
  | { kind: 'dimension'; number: number; name: string }
  | { kind: 'missions'; missions: Array<{ code: string; name: string }> }
  | { kind: 'items'; items: Array<{ seq: number | undefined; name: string }> }
  | { kind: 'text'; text: string };

const HEADER = /^(มิติ|มติ|ภารกิจตาม(มิติ|มติ)|โครงการ\/กิจกรรม\/มาตรการ|งบประมาณ\s*\(บาท\)|หมายเหตุ)$/;
const NO_BUDGET = /^-?\s*ไม่ใช([้่])\s*งบประมาณ(ดำเนินการ)?\s*-?$/;
const MISSION_CODE = /(?:^|\s)(\d+\.\d+(?:\.\d+)?)\s+(?=\S)/g;
const ITEM_START = /^(\d{1,2})\s*\.\s*(?!\d)/;
const NEXT_ITEM = /\s(?=\d{1,2}\s*\.\s*[“"]?\s*(?:โครงการ|มาตรการ|กิจกรรม))/;

function classify(text: string): Classified {
  if (text === '') return { kind: 'empty' };
  const arabic = toArabic(text);
  if (/^[-–—]$/.test(arabic)) return { kind: 'budget', cell: { type: 'dash' } };
  const noBudget = NO_BUDGET.exec(arabic);
  if (noBudget) return { kind: 'budget', cell: { type: 'none', typo: noBudget[1] === '่' } };
  const amount = parseAmount(arabic);
  if (amount !== undefined) return { kind: 'budget', cell: { type: 'amount', value: amount } };
  const year = /^ปี\s*(25\d\d)$/.exec(arabic);
  if (year) return { kind: 'year', year: Number(year[1]) };
  if (HEADER.test(arabic)) return { kind: 'header' };
  const total = /^รวม(ทั้งสิ้น)?$/.exec(arabic);
  if (total) return { kind: 'totalStart', grand: Boolean(total[1]) };
  const totalAmount = /^จำนวน\s*(\d{1,3}(?:,\d{3})*|\d+)\s*(?:\.\s*-?)?\s*บาท$/.exec(arabic);
  if (totalAmount) return { kind: 'totalAmount', value: Number(totalAmount[1]!.replace(/,/g, '')) };
  const counts = /^จำนวน\s*\d/.test(arabic) ? parseCounts(arabic) : undefined;
  if (counts) return { kind: 'counts', counts };
  const dimension = /^(?:มิติ|มติ)ที่\s*(\d+)\s*(.*)$/.exec(arabic);
  if (dimension) return { kind: 'dimension', number: Number(dimension[1]), name: text.slice(text.length - dimension[2]!.length).trim() };
  if (/^[-–•]?\s*\d+\.\d+(?:\.\d+)?\s/.test(arabic)) {
    const starts = [...arabic.matchAll(MISSION_CODE)];
    return {
      kind: 'missions',
      missions: starts.map((m, i) => ({
        code: m[1]!,
        name: text.slice((m.index ?? 0) + m[0].length, starts[i + 1]?.index ?? text.length).trim(),
      })),
    };
  }
  if (ITEM_START.test(arabic)) {
    const items: Array<{ seq: number | undefined; name: string }> = [];
    let offset = 0;
    for (const part of arabic.split(NEXT_ITEM)) {
      const start = arabic.indexOf(part, offset);
      offset = start + part.length;
      const original = text.slice(start, start + part.length);
      const m = ITEM_START.exec(part);
      items.push({ seq: m ? Number(m[1]) : undefined, name: original.slice(m ? m[0].length : 0).trim() });
    }
    return { kind: 'items', items };
  }
  return { kind: 'text', text };
}

function labelEvents(c: Classified, line: number): Event[] {
  switch (c.kind) {
    case 'dimension':
      return [{ kind: 'dimension', number: c.number, name: c.name, line }];
    case 'year':
      return [{ kind: 'year', year: c.year }];
    case 'missions':
      return c.missions.map((m) => ({ kind: 'mission', code: m.code, name: m.name, line }));
    case 'items':
      return c.items.map((i) => ({ kind: 'item', seq: i.seq, name: i.name, line }));
    case 'text':
      return [{ kind: 'text', text: c.text, line }];
    default:
      return [];
  }
}

/** Tab layout: a line is a row, so a row's amounts, stacked cells and remark column are all visible. */
function tabEvents(cells: readonly Cell[]): Event[] {
  const events: Event[] = [];
  const rows = new Map<number, Cell[]>();
  for (const cell of cells) rows.set(cell.row!, [...(rows.get(cell.row!) ?? []), cell]);
  for (const rowCells of rows.values()) {
    const line = rowCells[0]!.line;
    const classified = rowCells.map((c) => ({ cell: c, c: classify(c.text) }));
    const totalStart = classified.find((x) => x.c.kind === 'totalStart');
    if (totalStart && totalStart.c.kind === 'totalStart') {
      let counts: Counts | undefined;
      const amounts: number[] = [];
      for (const x of classified) {
        if (x.c.kind === 'counts') counts ??= x.c.counts;
        if (x.c.kind === 'totalAmount') amounts.push(x.c.value);
      }
      events.push({ kind: 'total', grand: totalStart.c.grand, counts, amounts, line });
      continue;
    }
    const columns = new Map<number, Array<(typeof classified)[number]>>();
    for (const x of classified) columns.set(x.cell.column!, [...(columns.get(x.cell.column!) ?? []), x]);
    const budgetColumns: number[] = [];
    for (const [column, paragraphs] of columns) {
      const contents = paragraphs.filter((p) => p.c.kind !== 'empty');
      if (contents.length > 0 && contents.every((p) => p.c.kind === 'budget')) budgetColumns.push(column);
      else for (const p of paragraphs) events.push(...labelEvents(p.c, line));
    }
    if (budgetColumns.length === 0) continue;
    const first = Math.min(...budgetColumns);
    const last = Math.max(...budgetColumns);
    const stacks: BudgetCell[][] = [];
    for (let column = first; column <= last; column++) {
      const values = (columns.get(column) ?? [])
        .filter((p) => p.c.kind === 'budget')
        .map((p) => (p.c.kind === 'budget' ? p.c.cell : ({ type: 'empty' } as const)));
      stacks.push(values.length ? values : [{ type: 'empty' }]);
    }
    // A cell with two stacked amounts holds one amount per item listed in the row's name cell.
    const depth = Math.max(...stacks.map((s) => s.length));
    for (let j = 0; j < depth; j++) {
      events.push({
        kind: 'amounts',
        values: stacks.map((s) => s[j] ?? (s.length === 1 ? s[0]! : { type: 'empty' })),
        line,
        ambiguous: false,
      });
    }
  }
  return events;
}

/**
 * Paragraph layout (mammoth): rows are invisible, so a run of amount cells is cut into rows by what fits
 * the items waiting for them: one row of `years` cells per item, or one more when each row also fills
 * the remark column.
 */
function paragraphEvents(cells: readonly Cell[], defaultWidth: number): Event[] {
  const events: Event[] = [];
  let waitingItems = 0;
  const headerYears = new Set<number>();
  let run: Array<{ cell: BudgetCell; line: number }> = [];
  const flushRun = () => {
    const width = headerYears.size || defaultWidth;
    const filled = run.filter((r) => r.cell.type !== 'empty');
    if (filled.length === 0) {
      run = [];
      return;
    }
    let rows: Array<Array<{ cell: BudgetCell; line: number }>> = [];
    if (filled.length > 0 && waitingItems > 0 && filled.length === (width + 1) * waitingItems) {
      for (let i = 0; i < filled.length; i += width + 1) rows.push(filled.slice(i, i + width + 1));
    } else if (filled.length > 0 && filled.length % width === 0) {
      for (let i = 0; i < filled.length; i += width) rows.push(filled.slice(i, i + width));
    } else {
      let lastFilled = run.length - 1;
      while (lastFilled >= 0 && run[lastFilled]!.cell.type === 'empty') lastFilled--;
      const withGaps = run.slice(0, lastFilled + 1);
      if (withGaps.length === width || withGaps.length === width + 1) rows = [withGaps];
      else for (let i = 0; i < filled.length; i += width) rows.push(filled.slice(i, i + width));
    }
    for (const row of rows) {
      events.push({
        kind: 'amounts',
        values: row.map((r) => r.cell),
        line: row[0]!.line,
        ambiguous: waitingItems > 1 && rows.length === waitingItems,
      });
    }
    run = [];
    waitingItems = 0;
  };
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const c = classify(cell.text);
    if (c.kind === 'budget' || (c.kind === 'empty' && run.length > 0) || (c.kind === 'empty' && waitingItems > 0)) {
      run.push({ cell: c.kind === 'budget' ? c.cell : { type: 'empty' }, line: cell.line });
      continue;
    }
    if (c.kind === 'empty') continue;
    flushRun();
    if (c.kind === 'year') headerYears.add(c.year);
    if (c.kind === 'totalStart') {
      let counts: Counts | undefined;
      const amounts: number[] = [];
      let j = i + 1;
      for (; j < cells.length; j++) {
        const next = classify(cells[j]!.text);
        if (next.kind === 'counts') counts ??= next.counts;
        else if (next.kind === 'totalAmount') amounts.push(next.value);
        else if (next.kind !== 'empty') break;
      }
      events.push({ kind: 'total', grand: c.grand, counts, amounts, line: cell.line });
      i = j - 1;
      continue;
    }
    const labels = labelEvents(c, cell.line);
    waitingItems += labels.filter((e) => e.kind === 'item').length;
    events.push(...labels);
  }
  flushRun();
  return events;
}

export function parsePart2(
  doc: SourceDocument,
  from: number,
  to: number,
  defaultYears: readonly number[] | undefined,
  findings: FindingCollector,
): Part2Table {
  const table: Part2Table = {
    columnYears: [],
    items: [],
    groups: [],
    missions: new Map(),
    dimensionNames: new Map(),
    dimensionTotals: new Map(),
    grandTotal: undefined,
  };
  if (from < 0 || to <= from) return table;
  const tab = isTabLayout(doc, from, to);
  const cells = cellsOf(doc, from, to, true);
  const events = tab ? tabEvents(cells) : paragraphEvents(cells, defaultYears?.length || 5);
  const headerYears = events.flatMap((e) => (e.kind === 'year' ? [e.year] : []));
  table.columnYears = [...new Set(headerYears)].sort((a, b) => a - b);
  if (table.columnYears.length === 0 && defaultYears) table.columnYears = [...defaultYears];
  const width = table.columnYears.length;

  let dimension: number | undefined;
  let mission: string | undefined;
  let group: Part2Group | undefined;
  let last: Event['kind'] | undefined;
  let lastItem: Part2Item | undefined;
  let lastMission: string | undefined;
  const close = () => {
    group = undefined;
  };

  for (const event of events) {
    switch (event.kind) {
      case 'dimension':
        close();
        dimension = event.number;
        mission = undefined;
        if (!table.dimensionNames.has(event.number)) table.dimensionNames.set(event.number, { name: event.name, line: event.line });
        break;
      case 'mission': {
        if (group && group.rows.length > 0) close();
        dimension ??= Number(event.code.split('.')[0]);
        if (!table.missions.has(event.code)) table.missions.set(event.code, { name: event.name, line: event.line });
        const parts = event.code.split('.');
        if (parts.length === 3) {
          const parent = parts.slice(0, 2).join('.');
          for (const item of table.items) {
            if (item.mission === undefined && item.pendingUnder === parent) item.mission = event.code;
          }
        }
        mission = event.code;
        lastMission = event.code;
        break;
      }
      case 'item': {
        if (group && group.rows.length > 0) close();
        if (!group) {
          group = { items: [], rows: [], line: event.line, orderAmbiguous: false };
          table.groups.push(group);
        }
        const level3 = mission !== undefined && mission.split('.').length === 3;
        const item: Part2Item = {
          dimension,
          mission: level3 ? mission : undefined,
          pendingUnder: level3 ? undefined : mission,
          seqInMission: event.seq,
          name: event.name,
          kind: kindOfName(event.name),
          nameYears: yearsIn(event.name),
          line: event.line,
          group,
        };
        group.items.push(item);
        table.items.push(item);
        lastItem = item;
        break;
      }
      case 'text':
        if (last === 'item' && lastItem) {
          lastItem.name = `${lastItem.name} ${event.text}`;
          lastItem.kind = kindOfName(lastItem.name);
          lastItem.nameYears = yearsIn(lastItem.name);
        } else if (lastMission) {
          const entry = table.missions.get(lastMission)!;
          entry.name = `${entry.name} ${event.text}`;
        }
        break;
      case 'amounts': {
        const row: AmountRow = { cells: event.values.slice(0, width), extra: event.values.slice(width), line: event.line };
        while (row.cells.length < width) row.cells.push({ type: 'empty' });
        if (!group) {
          findings.add(
            'BUDGET_ROWS_UNMATCHED',
            event.line,
            'แถวงบประมาณไม่มีชื่อโครงการ/กิจกรรม/มาตรการกำกับ ไม่ได้นำมาใช้',
            'A budget row has no item name above it; it was not used',
          );
          break;
        }
        group.rows.push(row);
        group.orderAmbiguous ||= event.ambiguous;
        break;
      }
      case 'total': {
        close();
        const stated: StatedTotal = {
          amounts: event.amounts.slice(0, width),
          extra: event.amounts.slice(width),
          line: event.line,
          ...(event.counts ? { counts: event.counts } : {}),
        };
        if (event.grand) table.grandTotal = stated;
        else if (dimension !== undefined) table.dimensionTotals.set(dimension, stated);
        if (stated.extra.length > 0) {
          findings.add(
            'EXTRA_AMOUNT_IN_REMARKS',
            event.line,
            `แถวรวมมีจำนวนเงิน ${event.amounts.length} ช่อง เกินจำนวนปี (${width}) ช่องเกินอยู่ในคอลัมน์หมายเหตุ ไม่ได้นำมาใช้`,
            `A total row has ${event.amounts.length} amounts for ${width} years; the one in the remark column was ignored`,
          );
        }
        break;
      }
      case 'year':
        break;
    }
    last = event.kind;
  }
  for (const item of table.items) {
    if (item.mission === undefined && item.pendingUnder !== undefined) item.mission = item.pendingUnder;
  }
  return table;
}

/** Conversion artefacts of a budget row, reported once the row's item is known. */
export function reportRowArtefacts(row: AmountRow, findings: FindingCollector, item?: string): void {
  if ([...row.cells, ...row.extra].some((c) => c.type === 'none' && c.typo)) {
    findings.add(
      'BUDGET_TEXT_TYPO',
      row.line,
      'เขียน “ไม่ใช่ งบประมาณ” แทน “ไม่ใช้งบประมาณ” ถือว่าไม่ใช้งบประมาณ',
      '“ไม่ใช่ งบประมาณ” written for “ไม่ใช้งบประมาณ” (no budget); read as no budget',
      item,
    );
  }
  if (row.extra.some((c) => c.type !== 'empty')) {
    findings.add(
      'EXTRA_AMOUNT_IN_REMARKS',
      row.line,
      `แถวงบประมาณมีค่าเกินจำนวนปี ${row.extra.length} ช่อง อยู่ในคอลัมน์หมายเหตุ ไม่ได้นำมาใช้`,
      `A budget row has ${row.extra.length} value(s) beyond the year columns, in the remark column; ignored`,
      item,
    );
  }
}

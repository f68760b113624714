import { annualPeriod, bangkokDate, isIsoDate, quarterOfDate, sixMonthPeriod, type FiscalQuarter, type IsoDate } from './fiscal';
import type { ItemKind } from './plan';
import { itemStanding, percentOf, satangToDecimal, spentByCutoff, type ReportStatus, type SnapshotItem } from './report';

/**
 * The round report to the national anti-corruption commission's system, e-PlanNACC (ระบบรายงานและติดตามผลการ
 * ดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น): twice a fiscal year, at 6 months (cut-off
 * 31 March) and 12 months (cut-off 30 September), each plan item of the year with its type, quarter, dimension,
 * budget, result and budget spent, and the organisation's implementation score.
 *
 * Nothing here has a rule of its own for where an item stood: the status is domain/report.ts's `itemStanding` (the
 * rule of domain/item-status.ts applied to what was true at the cut-off, the one the six-month and annual reports
 * use), renamed into e-PlanNACC's four words:
 *
 * - done (ดำเนินการแล้วเสร็จ): the item-year was completed (its report acknowledged) before the cut-off;
 * - in_progress (อยู่ระหว่างดำเนินการ): approved and under way at the cut-off (a phase past the proposal and its
 *   approval, or a step done), including an item completed or cancelled only after the cut-off;
 * - not_done (ไม่สามารถดำเนินการได้): cancelled before the cut-off (a cancellation the นายก approved, with its reason);
 * - not_reported (ยังไม่รายงานผล): nothing under way by the cut-off: the fiscal year had not started the item, or
 *   its proposal was not yet made or not yet approved. This holds at 12 months too: an item that never started has
 *   no result and no reason recorded, and "could not be done" is a claim only a cancellation makes.
 *
 * The score is e-PlanNACC's: (done × 1 + in_progress × 0.5) ÷ items, a fraction from 0 to 1.
 */

export const EPLANNACC_ROUNDS = [6, 12] as const;
export type EplanRound = (typeof EPLANNACC_ROUNDS)[number];

/** e-PlanNACC's result statuses, in the order its form lists them. */
export const EPLANNACC_STATUSES = ['in_progress', 'done', 'not_done', 'not_reported'] as const;
export type EplanStatus = (typeof EPLANNACC_STATUSES)[number];

const STATUS_OF: Record<ReportStatus, EplanStatus> = {
  done: 'done',
  in_progress: 'in_progress',
  cancelled: 'not_done',
  not_started: 'not_reported',
};

export function eplanStatusOf(standing: ReportStatus): EplanStatus {
  return STATUS_OF[standing];
}

export function parseEplanRound(value: unknown): EplanRound | null {
  const n = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value;
  return n === 6 || n === 12 ? n : null;
}

export interface EplanCutoff {
  /** The round's last day (CE), inclusive: 31 March or 30 September of the year the fiscal year ends. */
  date: IsoDate;
  /** Bangkok midnight after it: what happened before this instant counts. */
  endExclusiveMs: number;
}

/** FY2570's 6-month round counts up to the end of 31 March 2027 (2570 BE); its 12-month round up to 30 September. */
export function eplanCutoff(fiscalYear: number, round: EplanRound): EplanCutoff {
  const period = round === 6 ? sixMonthPeriod(fiscalYear) : annualPeriod(fiscalYear);
  return { date: period.end, endExclusiveMs: period.endExclusiveMs };
}

/** What one item-year contributes: the report's snapshot item (its plan facts and its run) and the planned start. */
export interface EplanItemFacts extends Pick<SnapshotItem, 'code' | 'name' | 'kind' | 'dimension' | 'budgetPlannedSatang' | 'run'> {
  /** The start date (CE) the owner's proposal gave for the work, when it gave a valid one. */
  plannedStart: IsoDate | null;
  /** กลุ่มเป้าหมาย as the plan wrote it; null when the plan states none. */
  targetGroup: string | null;
}

export interface EplanItem {
  code: string;
  name: string;
  kind: ItemKind;
  dimension: number;
  /** Who the item is for, as the plan wrote it; null when the plan states none. */
  targetGroup: string | null;
  /** The fiscal quarter the work is scheduled to start in; null when nothing schedules it yet. */
  quarter: FiscalQuarter | null;
  /** Planned budget in baht; null = ไม่ใช้งบประมาณ. */
  budget: number | null;
  /** Baht spent by the cut-off as recorded; null when nothing was recorded by then (never a guessed 0). */
  spent: number | null;
  status: EplanStatus;
}

/** The quarter of a date within the fiscal year; a date before or after it counts as its first or last quarter. */
function quarterWithin(fiscalYear: number, date: IsoDate): FiscalQuarter {
  const { fiscalYear: fy, quarter } = quarterOfDate(date);
  return fy < fiscalYear ? 1 : fy > fiscalYear ? 4 : quarter;
}

/**
 * The quarter the work is scheduled to start in: the start date of the owner's proposal when it gave one, else the
 * due date of the item-year's first step (the plan's schedule, domain/item-year-plan.ts); null for an item the
 * fiscal year has not started. It is the schedule as known when the export is made, not a result as of the cut-off.
 */
export function eplanQuarter(facts: Pick<EplanItemFacts, 'plannedStart' | 'run'>, fiscalYear: number): FiscalQuarter | null {
  if (facts.plannedStart !== null && isIsoDate(facts.plannedStart)) return quarterWithin(fiscalYear, facts.plannedStart);
  const due = (facts.run?.steps ?? []).flatMap((s) => (s.dueAt === null ? [] : [Date.parse(s.dueAt)])).sort((a, b) => a - b);
  return due.length ? quarterWithin(fiscalYear, bangkokDate(due[0]!)) : null;
}

export function eplanItem(facts: EplanItemFacts, fiscalYear: number, cutoff: EplanCutoff): EplanItem {
  const standing = itemStanding(facts, cutoff.endExclusiveMs);
  const spent = spentByCutoff(facts.run, cutoff.endExclusiveMs);
  return {
    code: facts.code,
    name: facts.name,
    kind: facts.kind,
    dimension: facts.dimension,
    targetGroup: facts.targetGroup,
    quarter: eplanQuarter(facts, fiscalYear),
    budget: facts.budgetPlannedSatang === null ? null : facts.budgetPlannedSatang / 100,
    spent: spent.kind === 'recorded' ? spent.satang / 100 : null,
    status: eplanStatusOf(standing.status),
  };
}

export interface EplanScore {
  items: number;
  counts: Record<EplanStatus, number>;
  /** (done + 0.5 × in_progress) ÷ items; null when the round has no items to score. */
  score: number | null;
  /** The same as a percentage with two decimals, rounded half up. */
  percent: number | null;
}

export function eplanScore(statuses: readonly EplanStatus[]): EplanScore {
  const counts: Record<EplanStatus, number> = { in_progress: 0, done: 0, not_done: 0, not_reported: 0 };
  for (const status of statuses) counts[status] += 1;
  const items = statuses.length;
  // Halves counted as whole numbers, so the fraction is one division.
  const halves = 2 * counts.done + counts.in_progress;
  return {
    items,
    counts,
    score: items === 0 ? null : halves / (2 * items),
    percent: percentOf(halves, 2 * items),
  };
}

export interface EplanExport {
  organization: { slug: string; name: string };
  fiscalYear: number;
  round: EplanRound;
  /** The cut-off date (CE, inclusive). */
  cutoff: IsoDate;
  score: number | null;
  items: EplanItem[];
}

export function buildEplanExport(input: {
  organization: { slug: string; name: string };
  fiscalYear: number;
  round: EplanRound;
  items: readonly EplanItemFacts[];
}): EplanExport {
  const cutoff = eplanCutoff(input.fiscalYear, input.round);
  const items = input.items.map((facts) => eplanItem(facts, input.fiscalYear, cutoff));
  return {
    organization: { slug: input.organization.slug, name: input.organization.name },
    fiscalYear: input.fiscalYear,
    round: input.round,
    cutoff: cutoff.date,
    score: eplanScore(items.map((i) => i.status)).score,
    items,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Words: Thai for the files sent to e-PlanNACC, English beside them.

export type EplanLang = 'th' | 'en';

interface Bilingual {
  th: string;
  en: string;
}

export const EPLANNACC_STATUS_LABELS: Record<EplanStatus, Bilingual> = {
  in_progress: { th: 'อยู่ระหว่างดำเนินการ', en: 'In progress' },
  done: { th: 'ดำเนินการแล้วเสร็จ', en: 'Done' },
  not_done: { th: 'ไม่สามารถดำเนินการได้', en: 'Could not be done' },
  not_reported: { th: 'ยังไม่รายงานผล', en: 'Not yet reported' },
};

export const EPLANNACC_KIND_LABELS: Record<ItemKind, Bilingual> = {
  project: { th: 'โครงการ', en: 'Project' },
  activity: { th: 'กิจกรรม', en: 'Activity' },
  measure: { th: 'มาตรการ', en: 'Measure' },
};

/** The columns, in e-PlanNACC's order of an item's fields: what it is, when, where in the plan, money, result. */
export const EPLANNACC_COLUMNS = ['code', 'kind', 'name', 'fiscalYear', 'quarter', 'dimension', 'targetGroup', 'budget', 'status', 'spent'] as const;
export type EplanColumn = (typeof EPLANNACC_COLUMNS)[number];

export const EPLANNACC_COLUMN_LABELS: Record<EplanColumn, Bilingual> = {
  code: { th: 'ลำดับ', en: 'No.' },
  kind: { th: 'ประเภท', en: 'Type' },
  name: { th: 'ชื่อโครงการ/กิจกรรม/มาตรการ', en: 'Project / activity / measure' },
  fiscalYear: { th: 'ปีงบประมาณ', en: 'Fiscal year' },
  quarter: { th: 'ไตรมาส', en: 'Quarter' },
  dimension: { th: 'มิติ', en: 'Dimension' },
  targetGroup: { th: 'กลุ่มเป้าหมาย', en: 'Target group' },
  budget: { th: 'งบประมาณ (บาท)', en: 'Budget (baht)' },
  status: { th: 'สถานะการดำเนินการ', en: 'Status' },
  spent: { th: 'งบประมาณที่ใช้จ่ายจริง (บาท)', en: 'Budget spent (baht)' },
};

export const EPLANNACC_TEXTS = {
  noBudget: { th: 'ไม่ใช้งบประมาณ', en: 'No budget' },
  spentNotRecorded: { th: 'ยังไม่มีข้อมูล', en: 'Not recorded' },
  quarterNotScheduled: { th: 'ยังไม่กำหนด', en: 'Not scheduled' },
  targetGroupNotStated: { th: 'ไม่ระบุในแผน', en: 'Not stated in the plan' },
  score: { th: 'คะแนนการดำเนินการ', en: 'Implementation score' },
  scoreRule: { th: '(แล้วเสร็จ × 1 + อยู่ระหว่างดำเนินการ × 0.5) ÷ จำนวนรายการ', en: '(done × 1 + in progress × 0.5) ÷ items' },
  items: { th: 'จำนวนรายการ', en: 'Items' },
  organization: { th: 'องค์กรปกครองส่วนท้องถิ่น', en: 'Local government' },
  cutoff: { th: 'ข้อมูล ณ วันที่', en: 'As of' },
  round: { th: 'รอบการรายงาน', en: 'Round' },
  sheetItems: { th: 'รายการ', en: 'Items' },
  sheetSummary: { th: 'สรุป', en: 'Summary' },
} satisfies Record<string, Bilingual>;

export function eplanRoundLabel(round: EplanRound, lang: EplanLang): string {
  return lang === 'th' ? `รอบ ${round} เดือน` : `${round}-month round`;
}

export function eplanQuarterLabel(quarter: FiscalQuarter | null, lang: EplanLang): string {
  if (quarter === null) return EPLANNACC_TEXTS.quarterNotScheduled[lang];
  return lang === 'th' ? `ไตรมาสที่ ${quarter}` : `Q${quarter}`;
}

export function eplanHeadings(lang: EplanLang): string[] {
  return EPLANNACC_COLUMNS.map((c) => EPLANNACC_COLUMN_LABELS[c][lang]);
}

/**
 * One item as the cells of eplanHeadings. Amounts go through `money` (a number for a spreadsheet, exact decimal text
 * for CSV); where there is no amount (ไม่ใช้งบประมาณ, nothing recorded) the words stand in.
 */
export function eplanCells(
  item: EplanItem,
  fiscalYear: number,
  lang: EplanLang,
  money: (baht: number) => string | number,
): Array<string | number> {
  const cells: Record<EplanColumn, string | number> = {
    code: item.code,
    kind: EPLANNACC_KIND_LABELS[item.kind][lang],
    name: item.name,
    fiscalYear,
    quarter: item.quarter ?? EPLANNACC_TEXTS.quarterNotScheduled[lang],
    dimension: item.dimension,
    targetGroup: item.targetGroup ?? EPLANNACC_TEXTS.targetGroupNotStated[lang],
    budget: item.budget === null ? EPLANNACC_TEXTS.noBudget[lang] : money(item.budget),
    status: EPLANNACC_STATUS_LABELS[item.status][lang],
    spent: item.spent === null ? EPLANNACC_TEXTS.spentNotRecorded[lang] : money(item.spent),
  };
  return EPLANNACC_COLUMNS.map((c) => cells[c]);
}

/** Baht as exact decimal text with two places: 12345.5 → "12345.50". */
export function bahtDecimal(baht: number): string {
  return satangToDecimal(Math.round(baht * 100));
}

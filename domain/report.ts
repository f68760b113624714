import { z } from 'zod';
import { annualPeriod, bangkokDate, sixMonthPeriod, type DatePeriod } from './fiscal';
import {
  fiscalYearSchema,
  itemKindSchema,
  targetSchema,
  type CanonicalPlan,
  type ItemKind,
  type Target,
} from './plan';
import { arabicToThaiDigits, thaiToArabicDigits } from './thai';
import {
  fiscalYearTitle,
  formatEnglishDate,
  formatNumber,
  formatThaiDate,
  periodTitle,
  type DigitStyle,
  type Language,
} from './thai-format';
import { REPORT_KINDS, type ReportKind } from './report-kind';
import { PROGRESS_STATUSES, progressStatus, type ProgressStatus } from './item-status';
import { responsibleUnitByKey } from './units';

/**
 * The six-month and annual anti-corruption progress reports.
 *
 * A report is written from a snapshot: everything the documents show, read from Postgres once and stored with the
 * report version, so the published document can be reproduced exactly later. `buildReportModel` turns a snapshot
 * into the report's content (groups, statuses, sums, texts) and every renderer prints that model, so all formats
 * agree. Money is carried in satang (integers): sums of baht as floats drift.
 */

export const reportKindSchema = z.enum(REPORT_KINDS);

/** The report's statuses are the progress statuses of domain/item-status.ts. */
export type ReportStatus = ProgressStatus;

export const SNAPSHOT_SCHEMA_VERSION = 1;

const instantSchema = z.iso.datetime({ offset: true });
const satangSchema = z.number().int().nonnegative();

export const snapshotStepSchema = z.object({
  key: z.string(),
  ordinal: z.number().int(),
  text: z.string(),
  phase: z.string(),
  status: z.enum(['pending', 'done', 'skipped']),
  dueAt: instantSchema.nullable(),
  completedAt: instantSchema.nullable(),
  /** Spent-to-date the owner gave with this step, when the workflow recorded it per step. */
  budgetSpentSatang: satangSchema.nullable().optional(),
});

export const snapshotIndicatorSchema = z.object({
  ordinal: z.number().int(),
  kind: z.enum(['output', 'outcome']),
  text: z.string(),
  target: targetSchema.nullable(),
});

export const snapshotResultSchema = z.object({
  ordinal: z.number().int(),
  value: z.number().nullable(),
  text: z.string(),
  met: z.boolean().nullable(),
});

export const snapshotEvidenceSchema = z.object({
  id: z.string(),
  stepKey: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedAt: instantSchema,
});

/** What the item-year workflow recorded for the item this fiscal year (item_years and the rows beside it). */
export const snapshotRunSchema = z.object({
  itemYearId: z.number().int(),
  status: z.enum(['not_started', 'in_progress', 'completed', 'cancelled']),
  phase: z.string(),
  budgetSpentSatang: satangSchema.nullable(),
  cancelReason: z.string().nullable(),
  startedAt: instantSchema,
  /** When the item-year finished: completed or cancelled. */
  completedAt: instantSchema.nullable(),
  updatedAt: instantSchema,
  /** Each phase the item entered, oldest first (from the workflow's history). */
  phaseHistory: z.array(z.object({ phase: z.string(), at: instantSchema })),
  evaluation: z
    .object({
      /** Null when the workflow's history no longer says when; it then counts only in the annual report. */
      submittedAt: instantSchema.nullable(),
      budgetSpentSatang: satangSchema.nullable(),
      problems: z.string(),
      suggestions: z.string(),
    })
    .nullable(),
  steps: z.array(snapshotStepSchema),
  results: z.array(snapshotResultSchema),
  evidence: z.array(snapshotEvidenceSchema),
});
export type SnapshotRun = z.infer<typeof snapshotRunSchema>;

export const snapshotItemSchema = z.object({
  code: z.string(),
  dimension: z.number().int(),
  seq: z.number().int(),
  missionCode: z.string(),
  kind: itemKindSchema,
  name: z.string(),
  unitKey: z.string(),
  unitText: z.string().nullable(),
  /** This fiscal year's budget; null = ไม่ใช้งบประมาณ. */
  budgetPlannedSatang: satangSchema.nullable(),
  indicators: z.array(snapshotIndicatorSchema),
  /** Null when the fiscal year has not started the item (no item-year row). */
  run: snapshotRunSchema.nullable(),
  /**
   * The year's result as the coordinator entered it from the old report (services/earlier-years.ts), for a year
   * that did not run in the system; absent otherwise. It stands in for the run.
   */
  entered: z
    .object({ status: z.enum(PROGRESS_STATUSES), budgetSpentSatang: satangSchema.nullable(), resultText: z.string() })
    .optional(),
});
export type SnapshotItem = z.infer<typeof snapshotItemSchema>;

export const signatorySchema = z.object({
  fullName: z.string(),
  positionTitle: z.string(),
  /** Holds the role as รักษาราชการแทน. */
  acting: z.boolean(),
});
export type Signatory = z.infer<typeof signatorySchema>;

const yearFiguresSchema = z.object({
  itaScore: z.number().nullable(),
  /** Percent reduction of corruption cases against the plan's base year. */
  caseReductionPercent: z.number().nullable(),
});
export type YearFigures = z.infer<typeof yearFiguresSchema>;

/**
 * The year before, for the annual report's comparison: each item's status and money as the year ran in the system,
 * or as the coordinator entered it from that year's own report when the organisation went live later.
 */
const previousYearSchema = z.object({
  fiscalYear: fiscalYearSchema,
  source: z.enum(['system', 'entered']),
  items: z.array(
    z.object({
      code: z.string(),
      status: z.enum(PROGRESS_STATUSES),
      budgetPlannedSatang: satangSchema.nullable(),
      budgetSpentSatang: satangSchema.nullable(),
    }),
  ),
});
export type PreviousYear = z.infer<typeof previousYearSchema>;

export const reportSnapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  kind: reportKindSchema,
  fiscalYear: fiscalYearSchema,
  /** When the snapshot was taken; documents carry this as their date. */
  createdAt: instantSchema,
  organization: z.object({
    id: z.number().int(),
    slug: z.string(),
    name: z.string(),
    district: z.string(),
    province: z.string(),
  }),
  plan: z
    .object({
      id: z.number().int(),
      versionId: z.number().int(),
      version: z.number().int(),
      title: z.string(),
      firstFiscalYear: z.number().int(),
      lastFiscalYear: z.number().int(),
    })
    .nullable(),
  /** The plan's targets for this fiscal year; null when the plan sets none. */
  targets: yearFiguresSchema.nullable(),
  /** What the organisation recorded for the year (ITA result, case reduction), entered when the report is made. */
  recorded: yearFiguresSchema,
  dimensions: z.array(z.object({ number: z.number().int(), name: z.string() })),
  missions: z.array(z.object({ code: z.string(), name: z.string() })),
  units: z.array(z.object({ key: z.string(), nameTh: z.string(), nameEn: z.string() })),
  items: z.array(snapshotItemSchema),
  signatories: z.object({
    coordinator: signatorySchema.nullable(),
    palad: signatorySchema.nullable(),
    mayor: signatorySchema.nullable(),
  }),
  /** Public base of evidence links: a file's link is `<base>/<evidence id>`. Null: file names only. */
  evidenceBaseUrl: z.string().nullable(),
  /** The annual report's year before; absent in snapshots taken before it, null when nothing is known of it. */
  previousYear: previousYearSchema.nullable().optional(),
  /**
   * Set when the whole report is compiled from results entered after the fact (the year did not run in the system):
   * who entered them and when, which the document states at its head.
   */
  compiledFromEntries: z
    .object({ recordedBy: z.array(z.string()), firstRecordedAt: instantSchema, lastRecordedAt: instantSchema })
    .optional(),
});
export type ReportSnapshot = z.infer<typeof reportSnapshotSchema>;

/** Reads a stored snapshot (e.g. reports.snapshot) back, refusing one that does not fit the schema. */
export function parseReportSnapshot(value: unknown): ReportSnapshot {
  return reportSnapshotSchema.parse(value);
}

/**
 * JSON with object keys sorted at every level. jsonb keeps neither key order nor whitespace, so a hash over this
 * form still matches after the snapshot has been stored and read back.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) sorted[key] = sortKeys(v);
    }
    return sorted;
  }
  return value;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Baht as stored (numeric(14,2), a JS number) to satang. */
export function bahtToSatang(baht: number): number {
  const satang = Math.round(baht * 100);
  if (!Number.isSafeInteger(satang) || satang < 0) {
    throw new RangeError(`จำนวนเงินไม่ถูกต้อง / invalid amount of baht: ${String(baht)}`);
  }
  return satang;
}

/** Exact decimal text of an amount in satang: 1234550 → "12345.50". */
export function satangToDecimal(satang: number): string {
  const whole = Math.floor(satang / 100);
  return `${whole}.${String(satang % 100).padStart(2, '0')}`;
}

/**
 * num / den as a percentage with two decimals, rounded half up, in integer arithmetic so 1/8 and 335000/670000 give
 * exactly what a person computing by hand writes. Null when there is nothing to divide by.
 */
export function percentOf(num: number, den: number): number | null {
  if (den <= 0) return null;
  const scaled = (BigInt(num) * 20_000n + BigInt(den)) / (2n * BigInt(den));
  return Number(scaled) / 100;
}

// ---------------------------------------------------------------------------------------------------------------
// Status and money as of the report's cut-off

export interface ItemStanding {
  status: ReportStatus;
  /** Null when the amount spent by the cut-off cannot be known from what was recorded. */
  budgetSpentSatang: number | null;
  /** The evaluation (indicator results, problems, suggestions) was submitted before the cut-off. */
  evaluated: boolean;
}

function before(at: string | null | undefined, cutoffMs: number | null): boolean {
  if (at === null || at === undefined) return false;
  return cutoffMs === null || Date.parse(at) < cutoffMs;
}

/**
 * Where an item stood at the cut-off (the end of 31 March for the six-month report; none for the annual report,
 * which shows everything recorded for the year), by domain/item-status.ts's rule applied to what was true then: an
 * item completed or cancelled after the cut-off was still under way at it, in the phase its history records.
 * The report prints nothing recorded as 0 baht spent (its template has no other word for it).
 */
export function itemStanding(item: Pick<SnapshotItem, 'run' | 'entered'>, cutoffMs: number | null): ItemStanding {
  // An entered result is the old report's own judgement of the year: there is no history to cut off.
  if (item.entered) {
    return { status: item.entered.status, budgetSpentSatang: item.entered.budgetSpentSatang, evaluated: item.entered.resultText.trim() !== '' };
  }
  const run = item.run;
  if (!run || !startedBy(run, cutoffMs)) {
    return { status: 'not_started', budgetSpentSatang: 0, evaluated: false };
  }
  const evaluated = evaluatedBy(run, cutoffMs);
  const spent = spentByCutoff(run, cutoffMs);
  const budgetSpentSatang = spent.kind === 'recorded' ? spent.satang : spent.kind === 'nothing_recorded' ? 0 : null;
  const finishedInTime = cutoffMs === null || before(run.completedAt, cutoffMs);
  const status = progressStatus({
    status: finishedInTime ? run.status : 'in_progress',
    phase: cutoffMs === null ? run.phase : phaseAt(run, cutoffMs),
    anyStepDone: run.steps.some((s) => s.status === 'done' && before(s.completedAt, cutoffMs)),
  });
  return { status, budgetSpentSatang, evaluated };
}

function startedBy(run: SnapshotRun, cutoffMs: number | null): boolean {
  return run.status !== 'not_started' && before(run.startedAt, cutoffMs);
}

function evaluatedBy(run: SnapshotRun, cutoffMs: number | null): boolean {
  return run.evaluation !== null && (cutoffMs === null || before(run.evaluation.submittedAt, cutoffMs));
}

/** The phase the item was in at the cut-off; null when its history records no phase before it. */
function phaseAt(run: SnapshotRun, cutoffMs: number): string | null {
  let phase: string | null = null;
  for (const entry of run.phaseHistory) {
    if (Date.parse(entry.at) < cutoffMs) phase = entry.phase;
  }
  return phase;
}

/**
 * What was recorded as spent by the cut-off: an amount, nothing at all (no step completion or evaluation gave one),
 * or unknown (it changed after the cut-off, and nothing says what it was before).
 */
export type SpentByCutoff = { kind: 'recorded'; satang: number } | { kind: 'nothing_recorded' } | { kind: 'unknown' };

const recorded = (satang: number | null | undefined): SpentByCutoff =>
  satang === null || satang === undefined ? { kind: 'nothing_recorded' } : { kind: 'recorded', satang };

/**
 * Spent budget by the cut-off. The amount only changes when a step is completed or the evaluation is submitted, so
 * when neither happened after the cut-off the current amount is the amount at the cut-off. When one did, the
 * amount is taken from the steps if they carry it, and is otherwise unknown rather than guessed.
 */
export function spentByCutoff(run: SnapshotRun | null, cutoffMs: number | null): SpentByCutoff {
  if (!run || !startedBy(run, cutoffMs)) return { kind: 'nothing_recorded' };
  if (cutoffMs === null) return recorded(run.budgetSpentSatang);
  const evaluated = evaluatedBy(run, cutoffMs);
  if (evaluated && run.evaluation) return recorded(run.evaluation.budgetSpentSatang);
  const doneSteps = run.steps.filter((s) => s.status === 'done' && s.completedAt !== null);
  const changedLater =
    doneSteps.some((s) => !before(s.completedAt, cutoffMs)) || (run.evaluation !== null && !evaluated);
  if (!changedLater) return recorded(run.budgetSpentSatang);
  if (run.steps.some((s) => s.budgetSpentSatang !== undefined)) {
    const reported = doneSteps
      .filter((s) => before(s.completedAt, cutoffMs) && s.budgetSpentSatang !== undefined && s.budgetSpentSatang !== null)
      .sort((a, b) => Date.parse(a.completedAt!) - Date.parse(b.completedAt!));
    return recorded(reported.at(-1)?.budgetSpentSatang);
  }
  return { kind: 'unknown' };
}

// ---------------------------------------------------------------------------------------------------------------
// Texts

export interface ReportLabels {
  statuses: Record<ReportStatus, string>;
  kinds: Record<ItemKind, string>;
  noBudget: string;
  none: string;
  noData: string;
  notEvaluated: string;
  spentUnknown: string;
  notSetInPlan: string;
  met: string;
  notMet: string;
  target: string;
  result: string;
  dimension: (n: string) => string;
  dimensionTotal: (n: string) => string;
  mission: string;
  total: string;
  columns: {
    code: string;
    name: string;
    budgetPlanned: string;
    budgetSpent: string;
    status: string;
    results: string;
    problems: string;
    suggestions: string;
    unit: string;
    evidence: string;
    dimension: string;
    mission: string;
    kind: string;
  };
  summaryColumns: {
    dimension: string;
    planned: string;
    done: string;
    inProgress: string;
    notStarted: string;
    cancelled: string;
    donePercent: string;
    budgetPlanned: string;
    budgetSpent: string;
    disbursedPercent: string;
  };
  sections: { summary: string; targets: string; charts: string; details: string; narrative: string; signatures: string };
  targetColumns: { target: string; planned: string; recorded: string };
  itaScore: string;
  caseReduction: string;
  charts: { status: string; budget: string; planned: string; spent: string; items: string; baht: string };
  problems: string;
  suggestions: string;
  period: string;
  asOf: (date: string) => string;
  generatedOn: (date: string) => string;
  signatureCaptions: { coordinator: string; palad: string; mayor: string };
  signLine: string;
  defaultPositions: { coordinator: string; palad: (org: string) => string; mayor: (org: string) => string };
  acting: string;
  spentUnknownNote: string;
  comparison: { heading: (fy: string) => string; year: (fy: string) => string; enteredNote: string };
  /** The head of a report compiled from entered results: who entered them, and the day or days. */
  compiled: (people: string, days: string) => string;
  /** What an entered result has nothing for (problems, suggestions): the old report's own text was not entered. */
  notEntered: string;
  sheetNames: { items: string; summary: string; targets: string };
}

const TH_LABELS: ReportLabels = {
  statuses: {
    done: 'ดำเนินการแล้ว',
    in_progress: 'อยู่ระหว่างดำเนินการ',
    not_started: 'ยังไม่ได้ดำเนินการ',
    cancelled: 'ยกเลิก',
  },
  kinds: { project: 'โครงการ', measure: 'มาตรการ', activity: 'กิจกรรม' },
  noBudget: 'ไม่ใช้งบประมาณ',
  none: 'ไม่มี',
  noData: 'ยังไม่มีข้อมูล',
  notEvaluated: 'ยังไม่มีผลการประเมินตามตัวชี้วัด',
  spentUnknown: 'ยังไม่มีข้อมูล ณ วันสิ้นรอบ',
  notSetInPlan: 'ไม่ได้กำหนดไว้ในแผน',
  met: 'บรรลุเป้าหมาย',
  notMet: 'ไม่บรรลุเป้าหมาย',
  target: 'เป้าหมาย',
  result: 'ผล',
  dimension: (n) => `มิติที่ ${n}`,
  dimensionTotal: (n) => `รวมมิติที่ ${n}`,
  mission: 'ภารกิจ',
  total: 'รวมทั้งสิ้น',
  columns: {
    code: 'ลำดับ',
    name: 'โครงการ/กิจกรรม/มาตรการ',
    budgetPlanned: 'งบประมาณที่ตั้งไว้ (บาท)',
    budgetSpent: 'งบประมาณที่ใช้จ่าย (บาท)',
    status: 'สถานะการดำเนินการ',
    results: 'ผลการดำเนินการตามตัวชี้วัด',
    problems: 'ปัญหาและอุปสรรค',
    suggestions: 'ข้อเสนอแนะ',
    unit: 'หน่วยงานรับผิดชอบ',
    evidence: 'หลักฐาน',
    dimension: 'มิติ',
    mission: 'ภารกิจ',
    kind: 'ประเภท',
  },
  summaryColumns: {
    dimension: 'มิติ',
    planned: 'จำนวนทั้งหมด',
    done: 'ดำเนินการแล้ว',
    inProgress: 'อยู่ระหว่างดำเนินการ',
    notStarted: 'ยังไม่ได้ดำเนินการ',
    cancelled: 'ยกเลิก',
    donePercent: 'ร้อยละที่ดำเนินการแล้ว',
    budgetPlanned: 'งบประมาณที่ตั้งไว้ (บาท)',
    budgetSpent: 'งบประมาณที่ใช้จ่าย (บาท)',
    disbursedPercent: 'ร้อยละการเบิกจ่าย',
  },
  sections: {
    summary: 'ส่วนที่ ๑ สรุปผลการดำเนินการ',
    targets: 'ค่าเป้าหมายตามแผนและผลที่บันทึก',
    charts: 'แผนภูมิ',
    details: 'ส่วนที่ ๒ รายละเอียดผลการดำเนินการรายโครงการ/กิจกรรม/มาตรการ',
    narrative: 'ส่วนที่ ๓ ปัญหา อุปสรรค และข้อเสนอแนะ',
    signatures: 'การรับรองรายงาน',
  },
  targetColumns: { target: 'ตัวชี้วัดของแผน', planned: 'ค่าเป้าหมายตามแผน', recorded: 'ผลที่บันทึก' },
  itaScore: 'คะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)',
  caseReduction: 'จำนวนเรื่องร้องเรียนการทุจริตลดลง',
  charts: {
    status: 'สถานะการดำเนินการรายมิติ',
    budget: 'งบประมาณที่ตั้งไว้และที่ใช้จ่ายรายมิติ',
    planned: 'ตั้งไว้',
    spent: 'ใช้จ่าย',
    items: 'รายการ',
    baht: 'บาท',
  },
  problems: 'ปัญหาและอุปสรรค',
  suggestions: 'ข้อเสนอแนะ',
  period: 'ระยะเวลารายงาน',
  asOf: (date) => `ข้อมูล ณ วันที่ ${date}`,
  generatedOn: (date) => `จัดทำเมื่อวันที่ ${date}`,
  signatureCaptions: { coordinator: 'ผู้จัดทำรายงาน', palad: 'ผู้ตรวจสอบรายงาน', mayor: 'ผู้รับรองรายงาน' },
  signLine: '(ลงชื่อ)',
  defaultPositions: {
    coordinator: 'นักวิเคราะห์นโยบายและแผน',
    palad: (org) => `ปลัด${org}`,
    mayor: (org) => `นายก${org}`,
  },
  acting: 'รักษาราชการแทน',
  spentUnknownNote:
    'รายการที่ระบุว่า "ยังไม่มีข้อมูล ณ วันสิ้นรอบ" มีการบันทึกการใช้จ่ายหลังวันสิ้นรอบรายงาน จึงไม่นับรวมในยอดใช้จ่าย',
  comparison: {
    heading: (fy) => `เปรียบเทียบกับปีงบประมาณ พ.ศ. ${fy}`,
    year: (fy) => `ปีงบประมาณ พ.ศ. ${fy}`,
    enteredNote: 'ผลของปีก่อนบันทึกย้อนหลังจากรายงานผลการดำเนินงานฉบับเดิม',
  },
  compiled: (people, days) =>
    `เอกสารนี้รวบรวมจากผลการดำเนินงานที่บันทึกย้อนหลังจากรายงานฉบับเดิม (ปีงบประมาณนี้ไม่ได้ดำเนินการในระบบ) บันทึกโดย ${people} เมื่อ ${days} มิใช่รายงานที่ผู้บริหารลงนาม`,
  notEntered: 'ไม่ได้บันทึกไว้',
  sheetNames: { items: 'รายละเอียด', summary: 'สรุป', targets: 'ค่าเป้าหมาย' },
};

const EN_LABELS: ReportLabels = {
  statuses: { done: 'Completed', in_progress: 'In progress', not_started: 'Not started', cancelled: 'Cancelled' },
  kinds: { project: 'Project', measure: 'Measure', activity: 'Activity' },
  noBudget: 'No budget',
  none: 'None',
  noData: 'No data yet',
  notEvaluated: 'No indicator results yet',
  spentUnknown: 'No data as of the end of the period',
  notSetInPlan: 'Not set in the plan',
  met: 'met',
  notMet: 'not met',
  target: 'target',
  result: 'result',
  dimension: (n) => `Dimension ${n}`,
  dimensionTotal: (n) => `Total, dimension ${n}`,
  mission: 'Mission',
  total: 'Total',
  columns: {
    code: 'No.',
    name: 'Project / activity / measure',
    budgetPlanned: 'Budget planned (baht)',
    budgetSpent: 'Budget spent (baht)',
    status: 'Status',
    results: 'Results against indicators',
    problems: 'Problems and obstacles',
    suggestions: 'Suggestions',
    unit: 'Responsible unit',
    evidence: 'Evidence',
    dimension: 'Dimension',
    mission: 'Mission',
    kind: 'Kind',
  },
  summaryColumns: {
    dimension: 'Dimension',
    planned: 'Items planned',
    done: 'Completed',
    inProgress: 'In progress',
    notStarted: 'Not started',
    cancelled: 'Cancelled',
    donePercent: '% completed',
    budgetPlanned: 'Budget planned (baht)',
    budgetSpent: 'Budget spent (baht)',
    disbursedPercent: '% disbursed',
  },
  sections: {
    summary: 'Part 1 Summary of results',
    targets: 'Plan targets and recorded results',
    charts: 'Charts',
    details: 'Part 2 Results by project, activity and measure',
    narrative: 'Part 3 Problems, obstacles and suggestions',
    signatures: 'Certification',
  },
  targetColumns: { target: 'Plan indicator', planned: 'Target in the plan', recorded: 'Recorded' },
  itaScore: 'Integrity and Transparency Assessment (ITA) score',
  caseReduction: 'Reduction in corruption complaints',
  charts: {
    status: 'Status by dimension',
    budget: 'Budget planned and spent by dimension',
    planned: 'Planned',
    spent: 'Spent',
    items: 'items',
    baht: 'baht',
  },
  problems: 'Problems and obstacles',
  suggestions: 'Suggestions',
  period: 'Reporting period',
  asOf: (date) => `Data as of ${date}`,
  generatedOn: (date) => `Prepared on ${date}`,
  signatureCaptions: { coordinator: 'Prepared by', palad: 'Reviewed by', mayor: 'Certified by' },
  signLine: '(Signed)',
  defaultPositions: {
    coordinator: 'Policy and Plan Analyst',
    palad: (org) => `Permanent Secretary, ${org}`,
    mayor: (org) => `Chief Executive, ${org}`,
  },
  acting: 'Acting',
  spentUnknownNote:
    'Items marked "No data as of the end of the period" recorded spending after the period ended; they are left out of the amounts spent.',
  comparison: {
    heading: (fy) => `Compared with fiscal year ${fy} BE`,
    year: (fy) => `Fiscal year ${fy} BE`,
    enteredNote: 'The earlier year’s results were entered after the fact from its original report.',
  },
  compiled: (people, days) =>
    `Compiled from results entered after the fact from the original report (this fiscal year did not run in the system), entered by ${people} on ${days}; not a report signed by the chief executive.`,
  notEntered: 'Not entered',
  sheetNames: { items: 'Items', summary: 'Summary', targets: 'Targets' },
};

export function reportLabels(lang: Language): ReportLabels {
  return lang === 'en' ? EN_LABELS : TH_LABELS;
}

// ---------------------------------------------------------------------------------------------------------------
// The model every renderer prints

export interface ReportStyle {
  lang: Language;
  /** Thai documents write Thai digits; spreadsheets and English keep Arabic ones. */
  digits: DigitStyle;
}

export interface ReportResultLine {
  indicator: string;
  target: string | null;
  result: string | null;
  met: boolean | null;
}

export interface ReportRow {
  code: string;
  codeText: string;
  name: string;
  kind: ItemKind;
  kindText: string;
  dimension: number;
  missionCode: string;
  budgetPlannedSatang: number | null;
  budgetPlannedText: string;
  budgetSpentSatang: number | null;
  budgetSpentText: string;
  status: ReportStatus;
  statusText: string;
  cancelReason: string | null;
  results: ReportResultLine[];
  resultsText: string;
  problems: string;
  suggestions: string;
  unit: string;
  evidence: Array<{ fileName: string; url: string | null }>;
}

export interface ReportMission {
  code: string;
  codeText: string;
  name: string;
  rows: ReportRow[];
}

export interface ReportSummary {
  label: string;
  planned: number;
  done: number;
  inProgress: number;
  notStarted: number;
  cancelled: number;
  donePercent: number | null;
  budgetPlannedSatang: number;
  budgetSpentSatang: number;
  disbursedPercent: number | null;
  /** Items whose spending by the cut-off is unknown (left out of budgetSpentSatang). */
  spentUnknown: number;
}

export interface ReportDimension {
  number: number;
  numberText: string;
  heading: string;
  name: string;
  missions: ReportMission[];
  summary: ReportSummary;
}

export interface ReportTargetRow {
  label: string;
  planned: string;
  recorded: string;
  plannedValue: number | null;
  recordedValue: number | null;
}

export interface ReportSignature {
  role: 'coordinator' | 'palad' | 'mayor';
  caption: string;
  name: string | null;
  positionLines: string[];
}

export interface ReportModel {
  kind: ReportKind;
  fiscalYear: number;
  style: ReportStyle;
  createdAt: string;
  organization: { slug: string; name: string; district: string; province: string };
  period: { start: string; end: string };
  /** The last day whose events count (Bangkok date); the annual report counts everything recorded. */
  cutoffDate: string | null;
  title: string[];
  organizationLine: string;
  periodLine: string;
  asOfLine: string;
  dimensions: ReportDimension[];
  overall: ReportSummary;
  targets: ReportTargetRow[];
  narrative: {
    problems: Array<{ code: string; name: string; text: string }>;
    suggestions: Array<{ code: string; name: string; text: string }>;
  };
  signatures: ReportSignature[];
  notes: string[];
  /** The annual report's comparison with the year before: that year's summary, then this year's; null without one. */
  comparison: { heading: string; rows: ReportSummary[]; note: string | null } | null;
  /** For a report compiled from entered results: the statement at its head saying so, by whom and when. */
  compiledNote: string | null;
}

export interface ReportModelOptions {
  lang?: Language;
  digits?: DigitStyle;
}

export function reportPeriod(kind: ReportKind, fiscalYear: number): DatePeriod {
  return kind === 'six_month' ? sixMonthPeriod(fiscalYear) : annualPeriod(fiscalYear);
}

/** The report's title lines, as the ป.ป.ช. template words them. */
export function reportTitle(kind: ReportKind, fiscalYear: number, style: ReportStyle): string[] {
  const period = reportPeriod(kind, fiscalYear);
  if (style.lang === 'en') {
    const fy = `fiscal year ${fiscalYear} BE`;
    if (kind === 'six_month') {
      return [
        'Six-month monitoring report on anti-corruption implementation',
        `${fy} (${periodTitle(period, { lang: 'en' })})`,
      ];
    }
    return ['Annual report on anti-corruption implementation results', fy];
  }
  const fy = `ประจำ${fiscalYearTitle(fiscalYear, { digits: style.digits })}`;
  if (kind === 'six_month') {
    const half = style.digits === 'thai' ? arabicToThaiDigits('6') : '6';
    return [
      `รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ${half} เดือน`,
      `${fy} (${periodTitle(period, { digits: style.digits })})`,
    ];
  }
  return ['รายงานผลการดำเนินการป้องกันการทุจริตประจำปี', fy];
}

function digitsOf(text: string, style: ReportStyle): string {
  return style.lang === 'th' && style.digits === 'thai' ? arabicToThaiDigits(text) : text;
}

export function formatCount(value: number, style: ReportStyle): string {
  return formatNumber(value, { digits: style.lang === 'th' ? style.digits : 'arabic' });
}

/** Amounts as Thai finance documents write them: 15,000.00 */
export function formatSatang(satang: number, style: ReportStyle): string {
  return formatNumber(satang / 100, { decimals: 2, digits: style.lang === 'th' ? style.digits : 'arabic' });
}

export function formatPercentValue(value: number | null, style: ReportStyle): string {
  if (value === null) return '-';
  return formatNumber(value, { decimals: 2, digits: style.lang === 'th' ? style.digits : 'arabic' });
}

function formatDay(date: string, style: ReportStyle): string {
  return style.lang === 'en' ? formatEnglishDate(date) : formatThaiDate(date, { digits: style.digits });
}

const COMPARATOR_WORDS: Record<Language, Record<Target['comparator'], string>> = {
  th: { gte: 'ไม่น้อยกว่า', lte: 'ไม่เกิน', gt: 'มากกว่า', lt: 'น้อยกว่า', eq: '' },
  en: { gte: 'at least', lte: 'at most', gt: 'more than', lt: 'less than', eq: '' },
};

function quantity(value: number, target: Target, style: ReportStyle): string {
  const n = formatNumber(value, { decimals: 2, trimZeros: true, digits: style.lang === 'th' ? style.digits : 'arabic' });
  const th = style.lang === 'th';
  switch (target.unit) {
    case 'percent':
      return th ? `ร้อยละ ${n}` : `${n}%`;
    case 'score':
      return th ? `${n} คะแนน` : `${n} points`;
    case 'times':
      return th ? `${n} ครั้ง` : `${n} times`;
    case 'level':
      return th ? `ระดับ ${n}` : `level ${n}`;
    case 'count':
      return target.unitText ? `${n} ${target.unitText}` : n;
    default:
      return n;
  }
}

export function formatTarget(target: Target, style: ReportStyle): string {
  const word = COMPARATOR_WORDS[style.lang][target.comparator];
  const amount = quantity(target.value, target, style);
  // Thai joins a comparator to a word (ไม่น้อยกว่าร้อยละ ๘๐) but spaces it from a number (ไม่น้อยกว่า ๒ ครั้ง).
  const joined = style.lang === 'th' && !/^[0-9๐-๙]/.test(amount);
  return word ? `${word}${joined ? '' : ' '}${amount}` : amount;
}

function meets(value: number, target: Target): boolean {
  switch (target.comparator) {
    case 'gte':
      return value >= target.value;
    case 'lte':
      return value <= target.value;
    case 'gt':
      return value > target.value;
    case 'lt':
      return value < target.value;
    default:
      return value === target.value;
  }
}

function resultLines(item: SnapshotItem, evaluated: boolean, style: ReportStyle): ReportResultLine[] {
  if (!evaluated || !item.run) return [];
  const results = new Map(item.run.results.map((r) => [r.ordinal, r]));
  const lines: ReportResultLine[] = item.indicators.map((indicator) => {
    const r = results.get(indicator.ordinal);
    results.delete(indicator.ordinal);
    const target = indicator.target;
    let result: string | null = null;
    let met: boolean | null = r?.met ?? null;
    if (r) {
      const valueText =
        r.value === null
          ? null
          : target
            ? quantity(r.value, target, style)
            : formatNumber(r.value, { decimals: 2, trimZeros: true, digits: style.lang === 'th' ? style.digits : 'arabic' });
      const note = r.text.trim();
      result = valueText && note ? `${valueText} (${note})` : (valueText ?? (note || null));
      if (met === null && r.value !== null && target) met = meets(r.value, target);
    }
    return { indicator: indicator.text, target: target ? formatTarget(target, style) : null, result, met };
  });
  for (const r of results.values()) {
    const note = r.text.trim();
    const valueText =
      r.value === null ? null : formatNumber(r.value, { decimals: 2, trimZeros: true, digits: style.lang === 'th' ? style.digits : 'arabic' });
    lines.push({ indicator: '', target: null, result: valueText && note ? `${valueText} (${note})` : (valueText ?? note), met: r.met });
  }
  return lines;
}

/** Whether the indicator's own wording already states its target value (most plan indicators do). */
function statesTarget(indicator: string, target: Target): boolean {
  return thaiToArabicDigits(indicator).replace(/,/g, '').includes(String(target.value));
}

function resultsText(item: SnapshotItem, lines: ReportResultLine[], labels: ReportLabels, style: ReportStyle): string {
  if (!lines.length) return labels.notEvaluated;
  return lines
    .map((line, i) => {
      const target = item.indicators[i]?.target;
      const parts: string[] = [];
      if (line.indicator) parts.push(line.indicator);
      if (line.target && !(target && statesTarget(line.indicator, target))) parts.push(`${labels.target} ${line.target}`);
      const verdict = line.met === null ? '' : ` (${line.met ? labels.met : labels.notMet})`;
      return `${digitsOf(String(i + 1), style)}) ${parts.join(' / ')}: ${labels.result} ${line.result ?? labels.noData}${verdict}`;
    })
    .join('\n');
}

function unitName(snapshot: ReportSnapshot, key: string, lang: Language): string {
  const own = snapshot.units.find((u) => u.key === key);
  if (own) return lang === 'en' ? own.nameEn : own.nameTh;
  const known = responsibleUnitByKey(key);
  if (known) return lang === 'en' ? known.nameEn : known.nameTh;
  return key;
}

/** Mission and item codes sort by their numbers: 1.2 before 1.10. */
export function compareCodes(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function emptySummary(label: string): ReportSummary {
  return {
    label,
    planned: 0,
    done: 0,
    inProgress: 0,
    notStarted: 0,
    cancelled: 0,
    donePercent: null,
    budgetPlannedSatang: 0,
    budgetSpentSatang: 0,
    disbursedPercent: null,
    spentUnknown: 0,
  };
}

function addRow(summary: ReportSummary, row: ReportRow): void {
  summary.planned += 1;
  if (row.status === 'done') summary.done += 1;
  else if (row.status === 'in_progress') summary.inProgress += 1;
  else if (row.status === 'not_started') summary.notStarted += 1;
  else summary.cancelled += 1;
  summary.budgetPlannedSatang += row.budgetPlannedSatang ?? 0;
  if (row.budgetSpentSatang === null) summary.spentUnknown += 1;
  else summary.budgetSpentSatang += row.budgetSpentSatang;
}

function closeSummary(summary: ReportSummary): ReportSummary {
  summary.donePercent = percentOf(summary.done, summary.planned);
  summary.disbursedPercent = percentOf(summary.budgetSpentSatang, summary.budgetPlannedSatang);
  for (const amount of [summary.budgetPlannedSatang, summary.budgetSpentSatang]) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`ยอดเงินเกินช่วง / amount out of range: ${amount}`);
  }
  return summary;
}

/** A summary's cells in the order of labels.summaryColumns. */
export function summaryCells(summary: ReportSummary, style: ReportStyle): string[] {
  return [
    summary.label,
    formatCount(summary.planned, style),
    formatCount(summary.done, style),
    formatCount(summary.inProgress, style),
    formatCount(summary.notStarted, style),
    formatCount(summary.cancelled, style),
    formatPercentValue(summary.donePercent, style),
    formatSatang(summary.budgetPlannedSatang, style),
    formatSatang(summary.budgetSpentSatang, style),
    formatPercentValue(summary.disbursedPercent, style),
  ];
}

export function summaryHeadings(labels: ReportLabels): string[] {
  const c = labels.summaryColumns;
  return [c.dimension, c.planned, c.done, c.inProgress, c.notStarted, c.cancelled, c.donePercent, c.budgetPlanned, c.budgetSpent, c.disbursedPercent];
}

/** The detail table's headings, in the order the renderers print a row. */
export function rowHeadings(labels: ReportLabels): string[] {
  const c = labels.columns;
  return [c.code, c.name, c.budgetPlanned, c.budgetSpent, c.status, c.results, c.problems, c.suggestions, c.unit, c.evidence];
}

function textOrNone(text: string | null | undefined, labels: ReportLabels): string {
  const trimmed = (text ?? '').trim();
  return trimmed && !/^-+$/.test(trimmed) ? trimmed : labels.none;
}

function buildRow(snapshot: ReportSnapshot, item: SnapshotItem, cutoffMs: number | null, style: ReportStyle, labels: ReportLabels): ReportRow {
  const standing = itemStanding(item, cutoffMs);
  const run = item.run;
  const cancelReason = standing.status === 'cancelled' ? (run?.cancelReason?.trim() || null) : null;
  const evaluation = standing.evaluated ? run?.evaluation : null;
  const results = resultLines(item, standing.evaluated, style);
  const planned = item.budgetPlannedSatang;
  const spent = standing.budgetSpentSatang;
  const evidence = (run?.evidence ?? [])
    .filter((e) => cutoffMs === null || Date.parse(e.uploadedAt) < cutoffMs)
    .map((e) => ({
      fileName: e.fileName,
      url: snapshot.evidenceBaseUrl ? `${snapshot.evidenceBaseUrl.replace(/\/+$/, '')}/${encodeURIComponent(e.id)}` : null,
    }));
  return {
    code: item.code,
    codeText: digitsOf(item.code, style),
    name: item.name,
    kind: item.kind,
    kindText: labels.kinds[item.kind],
    dimension: item.dimension,
    missionCode: item.missionCode,
    budgetPlannedSatang: planned,
    budgetPlannedText: planned === null ? labels.noBudget : formatSatang(planned, style),
    budgetSpentSatang: spent,
    budgetSpentText:
      spent === null ? labels.spentUnknown : planned === null && spent === 0 ? labels.noBudget : formatSatang(spent, style),
    status: standing.status,
    statusText: cancelReason ? `${labels.statuses.cancelled} (${cancelReason})` : labels.statuses[standing.status],
    cancelReason,
    results,
    resultsText: item.entered ? item.entered.resultText.trim() || labels.notEvaluated : resultsText(item, results, labels, style),
    problems: item.entered ? labels.notEntered : textOrNone(evaluation?.problems, labels),
    suggestions: item.entered ? labels.notEntered : textOrNone(evaluation?.suggestions, labels),
    unit: unitName(snapshot, item.unitKey, style.lang),
    evidence,
  };
}

function signature(
  role: ReportSignature['role'],
  person: Signatory | null,
  snapshot: ReportSnapshot,
  labels: ReportLabels,
  style: ReportStyle,
): ReportSignature {
  const org = snapshot.organization.name;
  const roleTitle =
    role === 'coordinator'
      ? labels.defaultPositions.coordinator
      : role === 'palad'
        ? labels.defaultPositions.palad(org)
        : labels.defaultPositions.mayor(org);
  const positionLines: string[] = [];
  if (!person) {
    positionLines.push(roleTitle);
  } else {
    const title = person.positionTitle.trim();
    positionLines.push(title || roleTitle);
    if (person.acting && !title.includes(labels.acting)) {
      positionLines.push(style.lang === 'en' ? `${labels.acting} ${roleTitle}` : `${labels.acting}${roleTitle}`);
    }
  }
  return {
    role,
    caption: labels.signatureCaptions[role],
    name: person ? person.fullName : null,
    positionLines: positionLines.map((l) => digitsOf(l, style)),
  };
}

function targetRows(snapshot: ReportSnapshot, labels: ReportLabels, style: ReportStyle): ReportTargetRow[] {
  const plannedIta = snapshot.targets?.itaScore ?? null;
  const plannedCases = snapshot.targets?.caseReductionPercent ?? null;
  const number = (v: number) =>
    formatNumber(v, { decimals: 2, trimZeros: true, digits: style.lang === 'th' ? style.digits : 'arabic' });
  const score = (v: number) => (style.lang === 'en' ? `${number(v)} points` : `${number(v)} คะแนน`);
  const reduction = (v: number) => (style.lang === 'en' ? `down ${number(v)}%` : `ลดลงร้อยละ ${number(v)}`);
  return [
    {
      label: labels.itaScore,
      planned: plannedIta === null ? labels.notSetInPlan : score(plannedIta),
      recorded: snapshot.recorded.itaScore === null ? labels.noData : score(snapshot.recorded.itaScore),
      plannedValue: plannedIta,
      recordedValue: snapshot.recorded.itaScore,
    },
    {
      label: labels.caseReduction,
      planned: plannedCases === null ? labels.notSetInPlan : reduction(plannedCases),
      recorded:
        snapshot.recorded.caseReductionPercent === null ? labels.noData : reduction(snapshot.recorded.caseReductionPercent),
      plannedValue: plannedCases,
      recordedValue: snapshot.recorded.caseReductionPercent,
    },
  ];
}

/** Turns a snapshot into the report's content. Pure: the same snapshot and options give the same model. */
export function buildReportModel(snapshot: ReportSnapshot, options: ReportModelOptions = {}): ReportModel {
  const lang = options.lang ?? 'th';
  const style: ReportStyle = { lang, digits: lang === 'en' ? 'arabic' : (options.digits ?? 'thai') };
  const labels = reportLabels(lang);
  const period = reportPeriod(snapshot.kind, snapshot.fiscalYear);
  const cutoffMs = snapshot.kind === 'six_month' ? period.endExclusiveMs : null;

  const dimensionNames = new Map(snapshot.dimensions.map((d) => [d.number, d.name]));
  const missionNames = new Map(snapshot.missions.map((m) => [m.code, m.name]));
  const numbers = [...new Set([...snapshot.dimensions.map((d) => d.number), ...snapshot.items.map((i) => i.dimension)])].sort(
    (a, b) => a - b,
  );
  const overall = emptySummary(labels.total);
  const dimensions: ReportDimension[] = numbers.map((number) => {
    const numberText = digitsOf(String(number), style);
    const summary = emptySummary(labels.dimension(numberText));
    const items = snapshot.items
      .filter((i) => i.dimension === number)
      .sort((a, b) => compareCodes(a.missionCode, b.missionCode) || a.seq - b.seq || compareCodes(a.code, b.code));
    const missions: ReportMission[] = [];
    for (const item of items) {
      const row = buildRow(snapshot, item, cutoffMs, style, labels);
      addRow(summary, row);
      addRow(overall, row);
      let mission = missions.at(-1);
      if (!mission || mission.code !== item.missionCode) {
        mission = {
          code: item.missionCode,
          codeText: digitsOf(item.missionCode, style),
          name: missionNames.get(item.missionCode) ?? '',
          rows: [],
        };
        missions.push(mission);
      }
      mission.rows.push(row);
    }
    return {
      number,
      numberText,
      heading: labels.dimension(numberText),
      name: dimensionNames.get(number) ?? '',
      missions,
      summary: closeSummary(summary),
    };
  });
  closeSummary(overall);

  const rows = dimensions.flatMap((d) => d.missions.flatMap((m) => m.rows));
  const narrative = {
    problems: rows
      .filter((r) => r.problems !== labels.none && r.problems !== labels.notEntered)
      .map((r) => ({ code: r.codeText, name: r.name, text: r.problems })),
    suggestions: rows
      .filter((r) => r.suggestions !== labels.none && r.suggestions !== labels.notEntered)
      .map((r) => ({ code: r.codeText, name: r.name, text: r.suggestions })),
  };
  const org = snapshot.organization;
  const place = [
    org.name,
    org.district ? (lang === 'en' ? `${org.district} District` : `อำเภอ${org.district}`) : '',
    org.province ? (lang === 'en' ? `${org.province} Province` : `จังหวัด${org.province}`) : '',
  ].filter(Boolean);
  const createdDate = bangkokDate(Date.parse(snapshot.createdAt));
  const asOfDate = cutoffMs !== null && createdDate > period.end ? period.end : createdDate;

  return {
    kind: snapshot.kind,
    fiscalYear: snapshot.fiscalYear,
    style,
    createdAt: snapshot.createdAt,
    organization: { slug: org.slug, name: org.name, district: org.district, province: org.province },
    period: { start: period.start, end: period.end },
    cutoffDate: cutoffMs === null ? null : period.end,
    title: reportTitle(snapshot.kind, snapshot.fiscalYear, style),
    organizationLine: place.join(lang === 'en' ? ', ' : ' '),
    periodLine: `${labels.period} ${lang === 'en' ? periodTitle(period, { lang: 'en' }) : periodTitle(period, { digits: style.digits })}`,
    asOfLine: labels.asOf(formatDay(asOfDate, style)),
    dimensions,
    overall,
    targets: targetRows(snapshot, labels, style),
    narrative,
    signatures: [
      signature('coordinator', snapshot.signatories.coordinator, snapshot, labels, style),
      signature('palad', snapshot.signatories.palad, snapshot, labels, style),
      signature('mayor', snapshot.signatories.mayor, snapshot, labels, style),
    ],
    notes: overall.spentUnknown > 0 ? [labels.spentUnknownNote] : [],
    comparison: comparisonOf(snapshot, overall, labels, style),
    compiledNote: compiledNoteOf(snapshot, labels, style),
  };
}

function compiledNoteOf(snapshot: ReportSnapshot, labels: ReportLabels, style: ReportStyle): string | null {
  const compiled = snapshot.compiledFromEntries;
  if (!compiled) return null;
  const first = formatDay(bangkokDate(Date.parse(compiled.firstRecordedAt)), style);
  const last = formatDay(bangkokDate(Date.parse(compiled.lastRecordedAt)), style);
  return labels.compiled(compiled.recordedBy.join(', '), first === last ? first : `${first} – ${last}`);
}

/** The year before beside this one, for the annual report only; a year nothing is known of is left out. */
function comparisonOf(snapshot: ReportSnapshot, overall: ReportSummary, labels: ReportLabels, style: ReportStyle): ReportModel['comparison'] {
  const previous = snapshot.previousYear;
  if (snapshot.kind !== 'annual' || !previous || previous.items.length === 0) return null;
  const before = emptySummary(labels.comparison.year(digitsOf(String(previous.fiscalYear), style)));
  for (const item of previous.items) {
    before.planned += 1;
    if (item.status === 'done') before.done += 1;
    else if (item.status === 'in_progress') before.inProgress += 1;
    else if (item.status === 'not_started') before.notStarted += 1;
    else before.cancelled += 1;
    before.budgetPlannedSatang += item.budgetPlannedSatang ?? 0;
    if (item.budgetSpentSatang === null) before.spentUnknown += 1;
    else before.budgetSpentSatang += item.budgetSpentSatang;
  }
  return {
    heading: labels.comparison.heading(digitsOf(String(previous.fiscalYear), style)),
    rows: [closeSummary(before), { ...overall, label: labels.comparison.year(digitsOf(String(snapshot.fiscalYear), style)) }],
    note: previous.source === 'entered' ? labels.comparison.enteredNote : null,
  };
}

/** Every row of the model in document order. */
export function reportRows(model: ReportModel): ReportRow[] {
  return model.dimensions.flatMap((d) => d.missions.flatMap((m) => m.rows));
}

/** The columns the CSV and the spreadsheet share, one item a row. */
export function itemTableHeadings(labels: ReportLabels): string[] {
  const c = labels.columns;
  return [c.dimension, c.mission, c.code, c.kind, c.name, c.budgetPlanned, c.budgetSpent, c.status, c.results, c.problems, c.suggestions, c.unit, c.evidence];
}

/**
 * One item as plain values for itemTableHeadings. Amounts are numbers in the format's own form (`money`); where there
 * is no amount to show (ไม่ใช้งบประมาณ, not yet known) the row's text stands in.
 */
export function itemTableCells(
  row: ReportRow,
  money: (satang: number) => string | number,
  evidenceSeparator: string,
): Array<string | number> {
  const spentIsText = row.budgetSpentSatang === null || (row.budgetPlannedSatang === null && row.budgetSpentSatang === 0);
  return [
    row.dimension,
    row.missionCode,
    row.code,
    row.kindText,
    row.name,
    row.budgetPlannedSatang === null ? row.budgetPlannedText : money(row.budgetPlannedSatang),
    spentIsText ? row.budgetSpentText : money(row.budgetSpentSatang!),
    row.statusText,
    row.resultsText,
    row.problems,
    row.suggestions,
    row.unit,
    row.evidence.map((e) => e.url ?? e.fileName).join(evidenceSeparator),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// A snapshot straight from a canonical plan: a report before the year has started, and fixtures for tests.

export interface PlanSnapshotInput {
  kind: ReportKind;
  fiscalYear: number;
  createdAt: string;
  organization: { id: number; slug: string };
  recorded?: Partial<YearFigures>;
  signatories?: ReportSnapshot['signatories'];
  evidenceBaseUrl?: string | null;
}

/** The report of a fiscal year none of whose items has started: every item of the plan that runs that year. */
export function planSnapshot(plan: CanonicalPlan, input: PlanSnapshotInput): ReportSnapshot {
  const year = String(input.fiscalYear);
  const target = plan.targets.find((t) => t.fiscalYear === input.fiscalYear);
  const items: SnapshotItem[] = plan.items
    .filter((item) => Object.prototype.hasOwnProperty.call(item.budgetByYear, year))
    .map((item) => {
      const budget = item.budgetByYear[year];
      return {
        code: item.code,
        dimension: item.dimension,
        seq: item.seq,
        missionCode: item.mission,
        kind: item.kind,
        name: item.name,
        unitKey: item.responsibleUnit,
        unitText: item.responsibleUnitText ?? null,
        budgetPlannedSatang: budget === null || budget === undefined ? null : bahtToSatang(budget),
        indicators: item.indicators.map((indicator, i) => ({
          ordinal: i + 1,
          kind: indicator.kind,
          text: indicator.text,
          target: indicator.target ?? null,
        })),
        run: null,
      };
    });
  return reportSnapshotSchema.parse({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    kind: input.kind,
    fiscalYear: input.fiscalYear,
    createdAt: input.createdAt,
    organization: {
      id: input.organization.id,
      slug: input.organization.slug,
      name: plan.organization.name,
      district: plan.organization.district,
      province: plan.organization.province,
    },
    plan: null,
    targets: target
      ? { itaScore: target.itaScore ?? null, caseReductionPercent: target.caseReductionPercent ?? null }
      : null,
    recorded: { itaScore: input.recorded?.itaScore ?? null, caseReductionPercent: input.recorded?.caseReductionPercent ?? null },
    dimensions: plan.dimensions.map((d) => ({ number: d.number, name: d.name })),
    missions: plan.missions.map((m) => ({ code: m.code, name: m.name })),
    units: [],
    items,
    signatories: input.signatories ?? { coordinator: null, palad: null, mayor: null },
    evidenceBaseUrl: input.evidenceBaseUrl ?? null,
  });
}

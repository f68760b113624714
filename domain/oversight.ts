import { BANGKOK_OFFSET_MS, beToCe, DAY_MS } from './fiscal';
import type { ReportKind } from './report-kind';
import { percentOf } from './report';

/**
 * The province's and the district's view (สถ.จ. / สถ.อ.) over the local governments that chose to share with it:
 * which organisations an office covers, when a six-month or annual report counts as published on time, and the
 * money of a round. The implementation score is not here: it is e-PlanNACC's (domain/eplannacc.ts `eplanScore`).
 */

export const OVERSIGHT_LEVELS = ['province', 'district'] as const;
export type OversightLevel = (typeof OVERSIGHT_LEVELS)[number];

export interface OversightOfficePlace {
  level: OversightLevel;
  province: string;
  /** The district a district office covers; null for a province office. */
  district: string | null;
}

const PROVINCE_PREFIXES = ['จังหวัด', 'จ.'];
const DISTRICT_PREFIXES = ['กิ่งอำเภอ', 'อำเภอ', 'อ.'];

/**
 * A place name as people type it, for comparison: spaces collapsed, and the word for the kind of place dropped, so
 * "จังหวัดขอนแก่น", "จ. ขอนแก่น" and "ขอนแก่น" are one province. Nothing else is guessed: a misspelt name is another
 * place, and the office or the organisation fixes its own record.
 */
export function placeKey(name: string, kind: 'province' | 'district'): string {
  let text = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  for (const prefix of kind === 'province' ? PROVINCE_PREFIXES : DISTRICT_PREFIXES) {
    if (text.startsWith(prefix) && text.length > prefix.length) {
      text = text.slice(prefix.length).trim();
      break;
    }
  }
  return text.toLowerCase();
}

/** A province office covers the organisations of its province; a district office those of its district too. */
export function officeCovers(office: OversightOfficePlace, organization: { province: string; district: string }): boolean {
  if (placeKey(office.province, 'province') !== placeKey(organization.province, 'province')) return false;
  if (office.level === 'province') return true;
  return office.district !== null && placeKey(office.district, 'district') === placeKey(organization.district, 'district');
}

/** Why an office's place cannot be stored, or null: a district office names its district, a province office none. */
export function officePlaceProblem(office: { level: string; province: string; district: string }): { th: string; en: string } | null {
  if (!(OVERSIGHT_LEVELS as readonly string[]).includes(office.level)) return { th: 'กรุณาเลือกระดับสำนักงาน', en: 'Please choose the office’s level.' };
  if (!placeKey(office.province, 'province')) return { th: 'กรุณาระบุจังหวัด', en: 'Please give the province.' };
  if (office.level === 'district' && !placeKey(office.district, 'district')) return { th: 'สำนักงานระดับอำเภอต้องระบุอำเภอ', en: 'A district office needs its district.' };
  if (office.level === 'province' && office.district.trim()) return { th: 'สำนักงานระดับจังหวัดไม่ต้องระบุอำเภอ', en: 'A province office covers the whole province; leave the district empty.' };
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Reports published on time

/**
 * Days after the organisation's report date (when its report schedule writes the report) within which the
 * approved report must be on the public page to count as on time. The report is written that day and then goes to
 * the ปลัด and the นายก by signed link; 30 days is the schedule's own catch-up window (services/schedules.ts
 * REPORT_CATCHUP_WINDOW) and leaves about three weeks of working days for the two sign-offs and a send-back.
 */
export const REPORT_PUBLICATION_GRACE_DAYS = 30;

/** A yearly report date in Bangkok time, as organizations.settings.reportDates holds it (services/schedules.ts). */
export interface YearlyReportDate {
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * The instant a fiscal year's report is due on the public page: the organisation's report date after the period
 * (the six-month date, April-September, in the year the fiscal year ends; the annual date, October-March, after
 * 30 September of that year) plus the grace days. FY2570's six-month report with the default 1 April 00:00 is due
 * by 1 May 2027 00:00 Bangkok.
 */
export function reportDeadlineMs(kind: ReportKind, fiscalYear: number, date: YearlyReportDate, graceDays = REPORT_PUBLICATION_GRACE_DAYS): number {
  const endYear = beToCe(fiscalYear);
  const year = kind === 'six_month' || date.month >= 10 ? endYear : endYear + 1;
  return Date.UTC(year, date.month - 1, date.day, date.hour, date.minute) - BANGKOK_OFFSET_MS + graceDays * DAY_MS;
}

/**
 * Where a fiscal year's report stands for the office: published by the deadline or after it (the first version's
 * publication counts: a corrected version later does not make it late), awaiting the sign-offs, not yet written,
 * or past the deadline with nothing published.
 */
export const REPORT_STANDINGS = ['published_on_time', 'published_late', 'in_review', 'not_published', 'overdue'] as const;
export type ReportStanding = (typeof REPORT_STANDINGS)[number];

export function reportStanding(input: { firstPublishedAtMs: number | null; inReview: boolean; deadlineMs: number; nowMs: number }): ReportStanding {
  if (input.firstPublishedAtMs !== null) return input.firstPublishedAtMs <= input.deadlineMs ? 'published_on_time' : 'published_late';
  if (input.nowMs > input.deadlineMs) return 'overdue';
  return input.inReview ? 'in_review' : 'not_published';
}

/** Column headings of the office's table and its workbook, Thai and English (the pages' and the XLSX's one source). */
export const OVERSIGHT_COLUMNS = {
  organization: { th: 'องค์กรปกครองส่วนท้องถิ่น', en: 'Local government' },
  district: { th: 'อำเภอ', en: 'District' },
  items: { th: 'จำนวนรายการ', en: 'Items' },
  done: { th: 'ดำเนินการแล้วเสร็จ', en: 'Done' },
  inProgress: { th: 'อยู่ระหว่างดำเนินการ', en: 'In progress' },
  notDone: { th: 'ไม่สามารถดำเนินการได้', en: 'Could not be done' },
  notReported: { th: 'ยังไม่รายงานผล', en: 'Not reported' },
  score: { th: 'คะแนนการดำเนินงาน (ร้อยละ)', en: 'Implementation score (%)' },
  planned: { th: 'งบประมาณตามแผน (บาท)', en: 'Budget planned (baht)' },
  spent: { th: 'เบิกจ่ายแล้ว (บาท)', en: 'Spent (baht)' },
  disbursed: { th: 'ร้อยละการเบิกจ่าย', en: 'Disbursed (%)' },
  sixMonth: { th: 'รายงานรอบ ๖ เดือน', en: 'Six-month report' },
  annual: { th: 'รายงานประจำปี', en: 'Annual report' },
  overdue: { th: 'รายการที่เลยกำหนด', en: 'Overdue items' },
  publicPage: { th: 'หน้าสาธารณะ', en: 'Public page' },
} as const;

/** A report's standing as the office reads it. */
export const REPORT_STANDING_LABELS: Record<ReportStanding, { th: string; en: string }> = {
  published_on_time: { th: 'อนุมัติและเผยแพร่ตรงเวลา', en: 'Approved and published on time' },
  published_late: { th: 'อนุมัติและเผยแพร่หลังกำหนด', en: 'Approved and published late' },
  in_review: { th: 'รอการลงนาม', en: 'Awaiting sign-off' },
  not_published: { th: 'ยังไม่เผยแพร่', en: 'Not yet published' },
  overdue: { th: 'เลยกำหนดเผยแพร่', en: 'Past the deadline, not published' },
};

// ---------------------------------------------------------------------------------------------------------------
// Money of a round

export interface BudgetTotals {
  /** Baht planned for the items with a budget (ไม่ใช้งบประมาณ counts nothing). */
  planned: number;
  /** Baht recorded as spent by the round's cut-off. */
  spent: number;
  /** spent ÷ planned as a percentage with two decimals, rounded half up; null when nothing is planned. */
  percent: number | null;
}

/** Sums in satang, so 0.1 + 0.2 baht is 0.30 and never 0.30000000000000004. */
export function budgetTotals(items: ReadonlyArray<{ budget: number | null; spent: number | null }>): BudgetTotals {
  let planned = 0;
  let spent = 0;
  for (const item of items) {
    planned += Math.round((item.budget ?? 0) * 100);
    spent += Math.round((item.spent ?? 0) * 100);
  }
  return { planned: planned / 100, spent: spent / 100, percent: percentOf(spent, planned) };
}

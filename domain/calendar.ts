import { addDays, dayOfWeek, fiscalYearBounds, parseIsoDate, type IsoDate } from './fiscal';

/**
 * Working days of a Thai government office. Each organisation keeps its own holiday table: no maintained package
 * carries Thai substitution days (วันหยุดชดเชย) or the special days the cabinet adds each year, and regional and
 * local holidays differ between provinces.
 */

/** Validated where it enters the system (calendar-schema.ts); plain here so workflows can import it without zod. */
export interface WorkCalendar {
  skipWeekends: boolean;
  holidays: string[];
}

/** Bounds every walk over the calendar: a table that closes more than a year in a row is a data error. */
const MAX_CONSECUTIVE_CLOSED_DAYS = 366;

function isOpen(date: IsoDate, calendar: WorkCalendar, holidays: ReadonlySet<string>): boolean {
  if (calendar.skipWeekends) {
    const weekday = dayOfWeek(date);
    if (weekday === 0 || weekday === 6) return false;
  }
  return !holidays.has(date);
}

function step(date: IsoDate, direction: 1 | -1, calendar: WorkCalendar, holidays: ReadonlySet<string>): IsoDate {
  let candidate = date;
  for (let i = 0; i <= MAX_CONSECUTIVE_CLOSED_DAYS; i += 1) {
    if (isOpen(candidate, calendar, holidays)) return candidate;
    candidate = addDays(candidate, direction);
  }
  const limit = MAX_CONSECUTIVE_CLOSED_DAYS;
  throw new RangeError(`ไม่พบวันทำการภายใน ${limit} วันจาก ${date} / no working day within ${limit} days of ${date}`);
}

export function isWorkingDay(date: IsoDate, calendar: WorkCalendar): boolean {
  parseIsoDate(date);
  return isOpen(date, calendar, new Set(calendar.holidays));
}

/** `date` itself when it is a working day, otherwise the first working day after it. */
export function nextWorkingDay(date: IsoDate, calendar: WorkCalendar): IsoDate {
  parseIsoDate(date);
  return step(date, 1, calendar, new Set(calendar.holidays));
}

/** `date` itself when it is a working day, otherwise the last working day before it. */
export function previousWorkingDay(date: IsoDate, calendar: WorkCalendar): IsoDate {
  parseIsoDate(date);
  return step(date, -1, calendar, new Set(calendar.holidays));
}

/**
 * The n-th working day after `date` (before it when n is negative), not counting `date` itself: a task given on
 * Friday with 1 working day is due on Monday. With n = 0 the result is nextWorkingDay(date).
 */
export function addWorkingDays(date: IsoDate, n: number, calendar: WorkCalendar): IsoDate {
  parseIsoDate(date);
  if (!Number.isInteger(n)) throw new RangeError(`n must be an integer: ${String(n)}`);
  const holidays = new Set(calendar.holidays);
  if (n === 0) return step(date, 1, calendar, holidays);
  const direction = n > 0 ? 1 : -1;
  let current = date;
  for (let remaining = Math.abs(n); remaining > 0; remaining -= 1) {
    current = step(addDays(current, direction), direction, calendar, holidays);
  }
  return current;
}

/** Working days in the half-open range [from, to): how many office days a deadline really leaves. */
export function countWorkingDays(from: IsoDate, to: IsoDate, calendar: WorkCalendar): number {
  parseIsoDate(from);
  parseIsoDate(to);
  const holidays = new Set(calendar.holidays);
  let count = 0;
  for (let day = from; day < to; day = addDays(day, 1)) {
    if (isOpen(day, calendar, holidays)) count += 1;
  }
  return count;
}

export type HolidayKind = 'fixed' | 'lunar' | 'substitution' | 'special';

export interface PublicHoliday {
  date: IsoDate;
  name: string;
  nameEn: string;
  kind: HolidayKind;
}

const NEW_YEAR = ['วันขึ้นปีใหม่', "New Year's Day"] as const;
const NEW_YEAR_EVE = ['วันสิ้นปี', "New Year's Eve"] as const;
const MAKHA_BUCHA = ['วันมาฆบูชา', 'Makha Bucha Day'] as const;
const CHAKRI = ['วันจักรี', 'Chakri Memorial Day'] as const;
const SONGKRAN = ['วันสงกรานต์', 'Songkran Festival'] as const;
const CORONATION = ['วันฉัตรมงคล', 'Coronation Day'] as const;
const VISAKHA_BUCHA = ['วันวิสาขบูชา', 'Visakha Bucha Day'] as const;
const QUEEN_BIRTHDAY = [
  'วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี',
  "HM Queen Suthida's Birthday",
] as const;
const ASARNHA_BUCHA = ['วันอาสาฬหบูชา', 'Asarnha Bucha Day'] as const;
const KHAO_PHANSA = ['วันเข้าพรรษา', 'Buddhist Lent Day'] as const;
const KING_BIRTHDAY = ['วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว', "HM the King's Birthday"] as const;
const MOTHERS_DAY = ['วันแม่แห่งชาติ', "National Mother's Day"] as const;
const BHUMIBOL_MEMORIAL = ['วันนวมินทรมหาราช', 'King Bhumibol Adulyadej Memorial Day'] as const;
const CHULALONGKORN = ['วันปิยมหาราช', 'King Chulalongkorn Memorial Day'] as const;
const FATHERS_DAY = [
  'วันคล้ายวันพระบรมราชสมภพ รัชกาลที่ ๙ วันชาติ และวันพ่อแห่งชาติ',
  "King Bhumibol Adulyadej's Birthday, National Day and National Father's Day",
] as const;
const CONSTITUTION = ['วันรัฐธรรมนูญ', 'Constitution Day'] as const;
const SPECIAL = ['วันหยุดราชการเพิ่มเป็นกรณีพิเศษ', 'Special government holiday'] as const;

function holiday(date: IsoDate, [name, nameEn]: readonly [string, string], kind: HolidayKind): PublicHoliday {
  return { date, name, nameEn, kind };
}

function substitute(date: IsoDate, [name, nameEn]: readonly [string, string]): PublicHoliday {
  return { date, name: `วันหยุดชดเชย${name}`, nameEn: `Substitution for ${nameEn}`, kind: 'substitution' };
}

/**
 * A STARTING POINT, not an authority: Thai national government holidays for FY2569-FY2571
 * (1 Oct 2025 .. 30 Sep 2028), which each organisation reviews and edits.
 *
 * - Lunar (Buddhist) days for 2027-2028 are computed from the Thai lunisolar calendar and must be checked against
 *   the cabinet's announcement for each year.
 * - Substitution days follow the usual rule (a holiday on Saturday or Sunday gives the next working day off);
 *   the cabinet confirms or changes them yearly.
 * - Special days appear only where already announced (2 Jan 2026). Royal Ploughing Day (วันพืชมงคล, set each
 *   year by the palace), National Labour Day (not a government holiday), and regional or local holidays are
 *   left for each organisation to add.
 */
export const DEFAULT_THAI_PUBLIC_HOLIDAYS: readonly PublicHoliday[] = Object.freeze([
  // FY2569
  holiday('2025-10-13', BHUMIBOL_MEMORIAL, 'fixed'),
  holiday('2025-10-23', CHULALONGKORN, 'fixed'),
  holiday('2025-12-05', FATHERS_DAY, 'fixed'),
  holiday('2025-12-10', CONSTITUTION, 'fixed'),
  holiday('2025-12-31', NEW_YEAR_EVE, 'fixed'),
  holiday('2026-01-01', NEW_YEAR, 'fixed'),
  holiday('2026-01-02', SPECIAL, 'special'),
  holiday('2026-03-03', MAKHA_BUCHA, 'lunar'),
  holiday('2026-04-06', CHAKRI, 'fixed'),
  holiday('2026-04-13', SONGKRAN, 'fixed'),
  holiday('2026-04-14', SONGKRAN, 'fixed'),
  holiday('2026-04-15', SONGKRAN, 'fixed'),
  holiday('2026-05-04', CORONATION, 'fixed'),
  holiday('2026-05-31', VISAKHA_BUCHA, 'lunar'),
  substitute('2026-06-01', VISAKHA_BUCHA),
  holiday('2026-06-03', QUEEN_BIRTHDAY, 'fixed'),
  holiday('2026-07-28', KING_BIRTHDAY, 'fixed'),
  holiday('2026-07-29', ASARNHA_BUCHA, 'lunar'),
  holiday('2026-07-30', KHAO_PHANSA, 'lunar'),
  holiday('2026-08-12', MOTHERS_DAY, 'fixed'),
  // FY2570
  holiday('2026-10-13', BHUMIBOL_MEMORIAL, 'fixed'),
  holiday('2026-10-23', CHULALONGKORN, 'fixed'),
  holiday('2026-12-05', FATHERS_DAY, 'fixed'),
  substitute('2026-12-07', FATHERS_DAY),
  holiday('2026-12-10', CONSTITUTION, 'fixed'),
  holiday('2026-12-31', NEW_YEAR_EVE, 'fixed'),
  holiday('2027-01-01', NEW_YEAR, 'fixed'),
  holiday('2027-02-21', MAKHA_BUCHA, 'lunar'),
  substitute('2027-02-22', MAKHA_BUCHA),
  holiday('2027-04-06', CHAKRI, 'fixed'),
  holiday('2027-04-13', SONGKRAN, 'fixed'),
  holiday('2027-04-14', SONGKRAN, 'fixed'),
  holiday('2027-04-15', SONGKRAN, 'fixed'),
  holiday('2027-05-04', CORONATION, 'fixed'),
  holiday('2027-05-20', VISAKHA_BUCHA, 'lunar'),
  holiday('2027-06-03', QUEEN_BIRTHDAY, 'fixed'),
  holiday('2027-07-18', ASARNHA_BUCHA, 'lunar'),
  holiday('2027-07-19', KHAO_PHANSA, 'lunar'),
  substitute('2027-07-20', ASARNHA_BUCHA),
  holiday('2027-07-28', KING_BIRTHDAY, 'fixed'),
  holiday('2027-08-12', MOTHERS_DAY, 'fixed'),
  // FY2571
  holiday('2027-10-13', BHUMIBOL_MEMORIAL, 'fixed'),
  holiday('2027-10-23', CHULALONGKORN, 'fixed'),
  substitute('2027-10-25', CHULALONGKORN),
  holiday('2027-12-05', FATHERS_DAY, 'fixed'),
  substitute('2027-12-06', FATHERS_DAY),
  holiday('2027-12-10', CONSTITUTION, 'fixed'),
  holiday('2027-12-31', NEW_YEAR_EVE, 'fixed'),
  holiday('2028-01-01', NEW_YEAR, 'fixed'),
  substitute('2028-01-03', NEW_YEAR),
  holiday('2028-02-10', MAKHA_BUCHA, 'lunar'),
  holiday('2028-04-06', CHAKRI, 'fixed'),
  holiday('2028-04-13', SONGKRAN, 'fixed'),
  holiday('2028-04-14', SONGKRAN, 'fixed'),
  holiday('2028-04-15', SONGKRAN, 'fixed'),
  substitute('2028-04-17', SONGKRAN),
  holiday('2028-05-04', CORONATION, 'fixed'),
  holiday('2028-05-08', VISAKHA_BUCHA, 'lunar'),
  holiday('2028-06-03', QUEEN_BIRTHDAY, 'fixed'),
  substitute('2028-06-05', QUEEN_BIRTHDAY),
  holiday('2028-07-06', ASARNHA_BUCHA, 'lunar'),
  holiday('2028-07-07', KHAO_PHANSA, 'lunar'),
  holiday('2028-07-28', KING_BIRTHDAY, 'fixed'),
  holiday('2028-08-12', MOTHERS_DAY, 'fixed'),
  substitute('2028-08-14', MOTHERS_DAY),
].map((entry) => Object.freeze(entry)));

/** The default holidays that fall in one fiscal year. */
export function defaultHolidaysForFiscalYear(fiscalYear: number): PublicHoliday[] {
  const { start, end } = fiscalYearBounds(fiscalYear);
  return DEFAULT_THAI_PUBLIC_HOLIDAYS.filter((entry) => entry.date >= start && entry.date <= end);
}

/** Monday-Friday office days minus the default holiday table: what a new organisation starts from. */
export function defaultWorkCalendar(): WorkCalendar {
  return { skipWeekends: true, holidays: DEFAULT_THAI_PUBLIC_HOLIDAYS.map((entry) => entry.date) };
}

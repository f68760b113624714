/**
 * The Thai fiscal calendar and the date arithmetic everything else builds on.
 *
 * This module runs inside Temporal workflow code, so it is pure integer arithmetic: no wall clock, no host time
 * zone, no Intl. Bangkok has kept UTC+7 without daylight saving since 1920, so a fixed offset is exact for every
 * date this system handles.
 *
 * Conventions: instants are epoch milliseconds; calendar dates are ISO strings 'YYYY-MM-DD' in the Common Era;
 * fiscal years are Buddhist Era years (FY2570 = 1 Oct 2026 .. 30 Sep 2027).
 */

export const DAY_MS = 86_400_000;
export const BANGKOK_OFFSET_MS = 7 * 3_600_000;
export const BUDDHIST_ERA_OFFSET = 543;

/** Month (1-12, CE calendar) in which a fiscal year starts. */
const FISCAL_YEAR_START_MONTH = 10;

export type IsoDate = string;

export interface CivilDate {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
}

/** A closed range of calendar dates together with the instants that bound it in Bangkok time. */
export interface DatePeriod {
  /** First day, inclusive. */
  start: IsoDate;
  /** Last day, inclusive. */
  end: IsoDate;
  /** Bangkok midnight at the start of `start`. */
  startMs: number;
  /** Bangkok midnight after `end`: the period is [startMs, endExclusiveMs). */
  endExclusiveMs: number;
}

export type FiscalHalf = 1 | 2;
export type FiscalQuarter = 1 | 2 | 3 | 4;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function assertInteger(value: number, what: string): void {
  if (!Number.isInteger(value)) {
    throw new RangeError(`${what} ต้องเป็นจำนวนเต็ม / ${what} must be an integer: ${String(value)}`);
  }
}

function assertEpochMs(epochMs: number): void {
  if (!Number.isFinite(epochMs)) {
    throw new RangeError(`เวลาไม่ถูกต้อง / invalid epoch milliseconds: ${String(epochMs)}`);
  }
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseIsoDate(value: string): CivilDate {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match || !isIsoDate(value)) {
    throw new RangeError(
      `วันที่ไม่ถูกต้อง (ต้องเป็น YYYY-MM-DD ค.ศ.) / invalid date, expected YYYY-MM-DD (CE): ${value}`,
    );
  }
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

export function formatIsoDate({ year, month, day }: CivilDate): IsoDate {
  if (year < 1 || year > 9999) {
    throw new RangeError(`ปีอยู่นอกช่วง 1-9999 / year out of range 1-9999: ${year}`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil), so that date
 * arithmetic never goes through the host's Date and time zone.
 */
export function epochDayOf(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function dateOfEpochDay(epochDay: number): IsoDate {
  assertInteger(epochDay, 'epochDay');
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatIsoDate({ year, month, day });
}

export function ceToBe(ceYear: number): number {
  assertInteger(ceYear, 'ceYear');
  return ceYear + BUDDHIST_ERA_OFFSET;
}

export function beToCe(beYear: number): number {
  assertInteger(beYear, 'beYear');
  return beYear - BUDDHIST_ERA_OFFSET;
}

/** The calendar date in Bangkok at an instant. */
export function bangkokDate(epochMs: number): IsoDate {
  assertEpochMs(epochMs);
  return dateOfEpochDay(Math.floor((epochMs + BANGKOK_OFFSET_MS) / DAY_MS));
}

/** The instant at which a date begins in Bangkok. */
export function bangkokMidnightMs(date: IsoDate): number {
  return epochDayOf(date) * DAY_MS - BANGKOK_OFFSET_MS;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  assertInteger(days, 'days');
  return dateOfEpochDay(epochDayOf(date) + days);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDayOf(to) - epochDayOf(from);
}

/** 0 = Sunday .. 6 = Saturday, as in Date#getUTCDay. */
export function dayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((epochDayOf(date) + 4) % 7) + 7) % 7;
}

export function fiscalYearOfDate(date: IsoDate): number {
  const { year, month } = parseIsoDate(date);
  return ceToBe(month >= FISCAL_YEAR_START_MONTH ? year + 1 : year);
}

/** The BE fiscal year an instant belongs to, judged by the Bangkok calendar date. */
export function fiscalYearOf(epochMs: number): number {
  return fiscalYearOfDate(bangkokDate(epochMs));
}

function assertFiscalYear(fiscalYear: number): void {
  assertInteger(fiscalYear, 'fiscalYear');
  // Until 1940 CE the Thai year began on 1 April, so BE = CE + 543 does not hold for older January-March dates;
  // FY2485 is the first fiscal year lying wholly in the modern reckoning.
  if (fiscalYear < 2485 || fiscalYear > 9999 + BUDDHIST_ERA_OFFSET) {
    throw new RangeError(`ปีงบประมาณอยู่นอกช่วงที่รองรับ / fiscal year out of supported range: ${fiscalYear}`);
  }
}

/** Whole months: from the first day of the start month to the last day of the end month. */
function monthSpan(startYear: number, startMonth: number, endYear: number, endMonth: number): DatePeriod {
  const start = formatIsoDate({ year: startYear, month: startMonth, day: 1 });
  const end = formatIsoDate({ year: endYear, month: endMonth, day: daysInMonth(endYear, endMonth) });
  return periodOf(start, end);
}

/** Builds a DatePeriod from inclusive first and last dates. */
export function periodOf(start: IsoDate, end: IsoDate): DatePeriod {
  if (daysBetween(start, end) < 0) {
    throw new RangeError(`วันสิ้นสุดก่อนวันเริ่มต้น / period ends before it starts: ${start} .. ${end}`);
  }
  return {
    start,
    end,
    startMs: bangkokMidnightMs(start),
    endExclusiveMs: bangkokMidnightMs(addDays(end, 1)),
  };
}

/** FY N (BE): 1 October of N-1 to 30 September of N. */
export function fiscalYearBounds(fiscalYear: number): DatePeriod {
  assertFiscalYear(fiscalYear);
  const endCeYear = beToCe(fiscalYear);
  return monthSpan(endCeYear - 1, FISCAL_YEAR_START_MONTH, endCeYear, 9);
}

/** FY quarters: Q1 = October-December, Q2 = January-March, Q3 = April-June, Q4 = July-September. */
export function quarterBounds(fiscalYear: number, quarter: FiscalQuarter): DatePeriod {
  assertFiscalYear(fiscalYear);
  if (![1, 2, 3, 4].includes(quarter)) {
    throw new RangeError(`ไตรมาสต้องเป็น 1-4 / quarter must be 1-4: ${String(quarter)}`);
  }
  const endCeYear = beToCe(fiscalYear);
  const monthsFromStart = (quarter - 1) * 3;
  const firstMonthIndex = FISCAL_YEAR_START_MONTH - 1 + monthsFromStart;
  const startYear = endCeYear - 1 + Math.floor(firstMonthIndex / 12);
  const startMonth = (firstMonthIndex % 12) + 1;
  const lastMonthIndex = firstMonthIndex + 2;
  const endYear = endCeYear - 1 + Math.floor(lastMonthIndex / 12);
  const endMonth = (lastMonthIndex % 12) + 1;
  return monthSpan(startYear, startMonth, endYear, endMonth);
}

/** Half 1 = 1 October .. 31 March (the รอบ ๖ เดือน report period); half 2 = 1 April .. 30 September. */
export function halfBounds(fiscalYear: number, half: FiscalHalf): DatePeriod {
  assertFiscalYear(fiscalYear);
  if (half !== 1 && half !== 2) {
    throw new RangeError(`ครึ่งปีต้องเป็น 1 หรือ 2 / half must be 1 or 2: ${String(half)}`);
  }
  const endCeYear = beToCe(fiscalYear);
  return half === 1 ? monthSpan(endCeYear - 1, 10, endCeYear, 3) : monthSpan(endCeYear, 4, endCeYear, 9);
}

/** The period the six-month monitoring report covers: 1 October .. 31 March. */
export function sixMonthPeriod(fiscalYear: number): DatePeriod {
  return halfBounds(fiscalYear, 1);
}

/** The period the annual result report covers: the whole fiscal year. */
export function annualPeriod(fiscalYear: number): DatePeriod {
  return fiscalYearBounds(fiscalYear);
}

export function halfOfDate(date: IsoDate): { fiscalYear: number; half: FiscalHalf } {
  const { month } = parseIsoDate(date);
  return { fiscalYear: fiscalYearOfDate(date), half: month >= 10 || month <= 3 ? 1 : 2 };
}

export function halfOf(epochMs: number): { fiscalYear: number; half: FiscalHalf } {
  return halfOfDate(bangkokDate(epochMs));
}

export function quarterOfDate(date: IsoDate): { fiscalYear: number; quarter: FiscalQuarter } {
  const { month } = parseIsoDate(date);
  const monthsIntoFiscalYear = (month - FISCAL_YEAR_START_MONTH + 12) % 12;
  return { fiscalYear: fiscalYearOfDate(date), quarter: (Math.floor(monthsIntoFiscalYear / 3) + 1) as FiscalQuarter };
}

export function quarterOf(epochMs: number): { fiscalYear: number; quarter: FiscalQuarter } {
  return quarterOfDate(bangkokDate(epochMs));
}

export function isWithinPeriod(epochMs: number, period: DatePeriod): boolean {
  return epochMs >= period.startMs && epochMs < period.endExclusiveMs;
}

import { bangkokDate, ceToBe, daysBetween, dayOfWeek, fiscalYearBounds, isIsoDate, parseIsoDate, type IsoDate } from './fiscal';
import { arabicToThaiDigits } from './thai';

/**
 * Text for documents and pages, Thai first with an English variant.
 *
 * Month and weekday names come from our own tables rather than Intl: this code also runs inside Temporal
 * workflows, which must be deterministic, and ICU's Thai output has changed between releases.
 */

export type DigitStyle = 'thai' | 'arabic';
export type Language = 'th' | 'en';
/** A calendar date 'YYYY-MM-DD' (CE), or an instant in epoch milliseconds read in Bangkok time. */
export type DateInput = IsoDate | number;

export const THAI_MONTHS = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
] as const;

export const THAI_MONTHS_ABBREVIATED = [
  'ม.ค.',
  'ก.พ.',
  'มี.ค.',
  'เม.ย.',
  'พ.ค.',
  'มิ.ย.',
  'ก.ค.',
  'ส.ค.',
  'ก.ย.',
  'ต.ค.',
  'พ.ย.',
  'ธ.ค.',
] as const;

/** Indexed by day of week, 0 = Sunday. */
export const THAI_WEEKDAYS = ['อาทิตย์', 'จันทร์', 'อังคาร', 'พุธ', 'พฤหัสบดี', 'ศุกร์', 'เสาร์'] as const;
export const THAI_WEEKDAYS_ABBREVIATED = ['อา.', 'จ.', 'อ.', 'พ.', 'พฤ.', 'ศ.', 'ส.'] as const;

export const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export const ENGLISH_MONTHS_ABBREVIATED = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

export const ENGLISH_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const ENGLISH_WEEKDAYS_ABBREVIATED = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** The dash Thai official documents put between the ends of a period, spaced. */
export const PERIOD_SEPARATOR = ' – ';

function toIsoDate(date: DateInput): IsoDate {
  return typeof date === 'number' ? bangkokDate(date) : date;
}

function withDigits(text: string, digits: DigitStyle): string {
  return digits === 'thai' ? arabicToThaiDigits(text) : text;
}

function pick<T>(table: readonly T[], index: number): T {
  const value = table[index];
  if (value === undefined) throw new RangeError(`index out of range: ${index}`);
  return value;
}

export interface ThaiDateOptions {
  /** Default 'arabic' (pages); documents pass 'thai'. */
  digits?: DigitStyle;
  /** 'long': 1 ตุลาคม 2569 (default); 'short': 1 ต.ค. 69, with the two-digit BE year as Thai forms write it. */
  month?: 'long' | 'short';
  /** Write พ.ศ. before the year: 1 ตุลาคม พ.ศ. 2569. Only for the long form; the short form never carries it. */
  era?: boolean;
  /** Long: วันพฤหัสบดีที่ 1 ตุลาคม 2569; short: พฤ. 1 ต.ค. 69. */
  weekday?: boolean;
}

export function formatThaiDate(date: DateInput, options: ThaiDateOptions = {}): string {
  const iso = toIsoDate(date);
  const { year, month, day } = parseIsoDate(iso);
  const beYear = ceToBe(year);
  const short = options.month === 'short';
  const weekdayIndex = options.weekday ? dayOfWeek(iso) : -1;
  let text: string;
  if (short) {
    const twoDigitYear = String(beYear % 100).padStart(2, '0');
    text = `${day} ${pick(THAI_MONTHS_ABBREVIATED, month - 1)} ${twoDigitYear}`;
    if (weekdayIndex >= 0) text = `${pick(THAI_WEEKDAYS_ABBREVIATED, weekdayIndex)} ${text}`;
  } else {
    text = `${day} ${pick(THAI_MONTHS, month - 1)} ${options.era ? 'พ.ศ. ' : ''}${beYear}`;
    if (weekdayIndex >= 0) text = `วัน${pick(THAI_WEEKDAYS, weekdayIndex)}ที่ ${text}`;
  }
  return withDigits(text, options.digits ?? 'arabic');
}

export interface EnglishDateOptions {
  /** 'long': 1 October 2026 (default); 'short': 1 Oct 2026. */
  month?: 'long' | 'short';
  /** Thursday 1 October 2026 / Thu 1 Oct 2026. */
  weekday?: boolean;
}

/** English dates keep the Common Era year: that is what an English reader expects. */
export function formatEnglishDate(date: DateInput, options: EnglishDateOptions = {}): string {
  const iso = toIsoDate(date);
  const { year, month, day } = parseIsoDate(iso);
  const short = options.month === 'short';
  const monthName = pick(short ? ENGLISH_MONTHS_ABBREVIATED : ENGLISH_MONTHS, month - 1);
  const text = `${day} ${monthName} ${year}`;
  if (!options.weekday) return text;
  return `${pick(short ? ENGLISH_WEEKDAYS_ABBREVIATED : ENGLISH_WEEKDAYS, dayOfWeek(iso))} ${text}`;
}

/**
 * A date read back from storage rather than computed: written as stored when it is not a real date (one kept before
 * input was checked, or from a corrupted row), so one bad value never makes a whole page fail.
 */
export function formatStoredThaiDate(date: DateInput, options: ThaiDateOptions = {}): string {
  return typeof date === 'string' && !isIsoDate(date) ? date : formatThaiDate(date, options);
}

export function formatStoredEnglishDate(date: DateInput, options: EnglishDateOptions = {}): string {
  return typeof date === 'string' && !isIsoDate(date) ? date : formatEnglishDate(date, options);
}

export type LocalizedDateOptions = ThaiDateOptions & { lang?: Language };

export function formatDate(date: DateInput, options: LocalizedDateOptions = {}): string {
  return options.lang === 'en' ? formatEnglishDate(date, options) : formatThaiDate(date, options);
}

/**
 * Rounds half away from zero at `decimals` places and returns the digits without sign. Scaling through the
 * decimal exponent avoids binary artefacts such as 1.005 * 100 = 100.49999.
 */
function roundedDigits(value: number, decimals: number): { negative: boolean; integer: string; fraction: string } {
  if (!Number.isFinite(value)) throw new RangeError(`ตัวเลขไม่ถูกต้อง / not a finite number: ${String(value)}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
    throw new RangeError(`จำนวนทศนิยมต้องเป็น 0-6 / decimals must be 0-6: ${String(decimals)}`);
  }
  const magnitude = Math.abs(value);
  const magnitudeText = String(magnitude);
  const scaled = Math.round(
    magnitudeText.includes('e') ? magnitude * 10 ** decimals : Number(`${magnitudeText}e${decimals}`),
  );
  if (!Number.isSafeInteger(scaled)) {
    throw new RangeError(`ตัวเลขใหญ่เกินไป / number too large to format exactly: ${String(value)}`);
  }
  const unit = 10 ** decimals;
  const integer = String(Math.floor(scaled / unit));
  const fraction = decimals === 0 ? '' : String(scaled % unit).padStart(decimals, '0');
  return { negative: value < 0 && scaled !== 0, integer, fraction };
}

function groupThousands(integerDigits: string): string {
  return integerDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface NumberOptions {
  digits?: DigitStyle;
  /** Exact number of decimal places (default 0). */
  decimals?: number;
  /** Drop trailing zeros of the fraction (and the point when nothing is left). */
  trimZeros?: boolean;
}

/** Grouped with commas, as Thai official documents write numbers: 1,234,567.50 */
export function formatNumber(value: number, options: NumberOptions = {}): string {
  const { negative, integer, fraction } = roundedDigits(value, options.decimals ?? 0);
  const shownFraction = options.trimZeros ? fraction.replace(/0+$/, '') : fraction;
  const text = `${negative ? '-' : ''}${groupThousands(integer)}${shownFraction ? `.${shownFraction}` : ''}`;
  return withDigits(text, options.digits ?? 'arabic');
}

export interface BahtOptions {
  digits?: DigitStyle;
  /** Append the currency: 15,000 บาท / 15,000 baht. */
  unit?: boolean;
  lang?: Language;
  /** Default: 0 for whole baht, 2 when there are satang. */
  decimals?: number;
}

export function formatBaht(amount: number, options: BahtOptions = {}): string {
  const hasSatang = roundedDigits(amount, 2).fraction !== '00';
  const decimals = options.decimals ?? (hasSatang ? 2 : 0);
  const digits = options.lang === 'en' ? 'arabic' : (options.digits ?? 'arabic');
  const number = formatNumber(amount, { decimals, digits });
  if (!options.unit) return number;
  return `${number} ${options.lang === 'en' ? 'baht' : 'บาท'}`;
}

export interface PercentOptions {
  digits?: DigitStyle;
  lang?: Language;
  /** At most this many decimals, trailing zeros dropped (default 2): 66.67, 80, 12.5. */
  maximumFractionDigits?: number;
  /** 'symbol': 80% (default); 'words': ร้อยละ 80 / 80 percent, the form Thai indicators use. */
  style?: 'symbol' | 'words';
}

/** `value` is already a percentage: 80 means 80%, matching how plan targets store percent values. */
export function formatPercent(value: number, options: PercentOptions = {}): string {
  const english = options.lang === 'en';
  const digits = english ? 'arabic' : (options.digits ?? 'arabic');
  const number = formatNumber(value, { decimals: options.maximumFractionDigits ?? 2, trimZeros: true, digits });
  if (options.style !== 'words') return `${number}%`;
  return english ? `${number} percent` : `ร้อยละ ${number}`;
}

export interface RelativeDayOptions {
  lang?: Language;
  /** Thai text only; English always uses Arabic digits. Default 'thai' (documents and messages). */
  digits?: DigitStyle;
  /**
   * 'plain': past days read เมื่อวาน / เมื่อ ๕ วันที่แล้ว (5 days ago).
   * 'due' (default): the target is a deadline, so the past reads เลยกำหนด ๕ วัน (5 days overdue).
   */
  mode?: 'plain' | 'due';
}

/** `days` from today to the target: 3 → อีก ๓ วัน / in 3 days; 0 → วันนี้ / today; -5 → เลยกำหนด ๕ วัน. */
export function formatRelativeDays(days: number, options: RelativeDayOptions = {}): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${String(days)}`);
  const english = options.lang === 'en';
  const due = (options.mode ?? 'due') === 'due';
  const count = Math.abs(days);
  if (english) {
    const unit = count === 1 ? 'day' : 'days';
    if (days === 0) return 'today';
    if (days === 1) return 'tomorrow';
    if (days > 0) return `in ${count} ${unit}`;
    if (due) return `${count} ${unit} overdue`;
    return days === -1 ? 'yesterday' : `${count} ${unit} ago`;
  }
  const number = withDigits(String(count), options.digits ?? 'thai');
  if (days === 0) return 'วันนี้';
  if (days === 1) return 'พรุ่งนี้';
  if (days > 0) return `อีก ${number} วัน`;
  if (due) return `เลยกำหนด ${number} วัน`;
  return days === -1 ? 'เมื่อวาน' : `เมื่อ ${number} วันที่แล้ว`;
}

/** Relative wording for `target` as seen on `today` (both read as Bangkok calendar dates). */
export function formatRelativeDate(target: DateInput, today: DateInput, options: RelativeDayOptions = {}): string {
  return formatRelativeDays(daysBetween(toIsoDate(today), toIsoDate(target)), options);
}

export interface TitleOptions {
  lang?: Language;
  /** Thai text only. Default 'thai', as report headings are document text. */
  digits?: DigitStyle;
}

/** Report heading for a period: ๑ ตุลาคม ๒๕๖๙ – ๓๑ มีนาคม ๒๕๗๐ / 1 October 2026 – 31 March 2027. */
export function periodTitle(period: { start: IsoDate; end: IsoDate }, options: TitleOptions = {}): string {
  if (options.lang === 'en') {
    return `${formatEnglishDate(period.start)}${PERIOD_SEPARATOR}${formatEnglishDate(period.end)}`;
  }
  const digits = options.digits ?? 'thai';
  return `${formatThaiDate(period.start, { digits })}${PERIOD_SEPARATOR}${formatThaiDate(period.end, { digits })}`;
}

/** ปีงบประมาณ พ.ศ. ๒๕๗๐ / fiscal year 2570 BE (1 October 2026 – 30 September 2027). */
export function fiscalYearTitle(fiscalYear: number, options: TitleOptions = {}): string {
  const bounds = fiscalYearBounds(fiscalYear);
  if (options.lang === 'en') return `fiscal year ${fiscalYear} BE (${periodTitle(bounds, { lang: 'en' })})`;
  return withDigits(`ปีงบประมาณ พ.ศ. ${fiscalYear}`, options.digits ?? 'thai');
}

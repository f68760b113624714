import fc from 'fast-check';
import { annualPeriod, dateOfEpochDay, epochDayOf, sixMonthPeriod } from '../../domain/fiscal';
import { thaiToArabicDigits } from '../../domain/thai';
import {
  formatStoredEnglishDate,
  formatStoredThaiDate,
  formatBaht,
  formatDate,
  formatEnglishDate,
  formatNumber,
  formatPercent,
  formatRelativeDate,
  formatRelativeDays,
  formatThaiDate,
  fiscalYearTitle,
  periodTitle,
} from '../../domain/thai-format';

const isoDate = fc
  .integer({ min: epochDayOf('1950-01-01'), max: epochDayOf('2150-12-31') })
  .map(dateOfEpochDay);

/** Noon Bangkok on the date, so the Intl cross-check cannot be off by a day. */
function noonBangkok(date: string): Date {
  return new Date(`${date}T12:00:00+07:00`);
}

describe('Thai dates', () => {
  it('formats the examples of the brief', () => {
    expect(formatThaiDate('2026-10-01')).toBe('1 ตุลาคม 2569');
    expect(formatThaiDate('2026-10-01', { digits: 'thai' })).toBe('๑ ตุลาคม ๒๕๖๙');
    expect(formatThaiDate('2026-10-01', { month: 'short' })).toBe('1 ต.ค. 69');
    expect(formatThaiDate('2026-10-01', { month: 'short', digits: 'thai' })).toBe('๑ ต.ค. ๖๙');
  });

  it('writes the era and the weekday when asked', () => {
    expect(formatThaiDate('2026-10-01', { era: true })).toBe('1 ตุลาคม พ.ศ. 2569');
    expect(formatThaiDate('2026-10-01', { weekday: true, digits: 'thai' })).toBe('วันพฤหัสบดีที่ ๑ ตุลาคม ๒๕๖๙');
    expect(formatThaiDate('2027-03-31', { weekday: true, month: 'short' })).toBe('พ. 31 มี.ค. 70');
  });

  it('pads the two-digit year of the short form', () => {
    expect(formatThaiDate('2057-01-05', { month: 'short' })).toBe('5 ม.ค. 00');
    expect(formatThaiDate('2066-02-28', { month: 'short' })).toBe('28 ก.พ. 09');
  });

  it('reads an instant in Bangkok time', () => {
    expect(formatThaiDate(Date.UTC(2026, 8, 30, 17))).toBe('1 ตุลาคม 2569');
    expect(formatThaiDate(Date.UTC(2026, 8, 30, 16, 59))).toBe('30 กันยายน 2569');
  });

  it('matches ICU for every date (Arabic and Thai digits)', () => {
    const arabic = new Intl.DateTimeFormat('th-TH', {
      timeZone: 'Asia/Bangkok',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const thai = new Intl.DateTimeFormat('th-TH-u-nu-thai', {
      timeZone: 'Asia/Bangkok',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    fc.assert(
      fc.property(
        isoDate,
        (date) =>
          formatThaiDate(date) === arabic.format(noonBangkok(date)) &&
          formatThaiDate(date, { digits: 'thai' }) === thai.format(noonBangkok(date)),
      ),
    );
  });

  it('rejects malformed dates', () => {
    expect(() => formatThaiDate('2026-02-30')).toThrow(RangeError);
  });
});

describe('English dates', () => {
  it('keeps the CE year', () => {
    expect(formatEnglishDate('2026-10-01')).toBe('1 October 2026');
    expect(formatEnglishDate('2026-10-01', { month: 'short', weekday: true })).toBe('Thu 1 Oct 2026');
    expect(formatEnglishDate('2026-10-01', { weekday: true })).toBe('Thursday 1 October 2026');
    expect(formatDate('2026-10-01', { lang: 'en' })).toBe('1 October 2026');
    expect(formatDate('2026-10-01')).toBe('1 ตุลาคม 2569');
  });

  it('matches ICU en-GB', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Bangkok',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    fc.assert(fc.property(isoDate, (date) => formatEnglishDate(date) === intl.format(noonBangkok(date))));
  });
});

describe('numbers and baht', () => {
  it('groups thousands', () => {
    expect(formatBaht(15000)).toBe('15,000');
    expect(formatBaht(15000, { digits: 'thai' })).toBe('๑๕,๐๐๐');
    expect(formatBaht(15000, { unit: true })).toBe('15,000 บาท');
    expect(formatBaht(15000, { unit: true, digits: 'thai' })).toBe('๑๕,๐๐๐ บาท');
    expect(formatBaht(15000, { unit: true, lang: 'en', digits: 'thai' })).toBe('15,000 baht');
    expect(formatBaht(0)).toBe('0');
    expect(formatBaht(999)).toBe('999');
    expect(formatBaht(1234567)).toBe('1,234,567');
    expect(formatBaht(-2500)).toBe('-2,500');
  });

  it('shows satang only when there are some', () => {
    expect(formatBaht(1234.5)).toBe('1,234.50');
    expect(formatBaht(0.1 + 0.2)).toBe('0.30');
    expect(formatBaht(1.005)).toBe('1.01');
    expect(formatBaht(99.999)).toBe('100');
    expect(formatBaht(15000, { decimals: 2 })).toBe('15,000.00');
    expect(formatBaht(-0.001)).toBe('0');
  });

  it('refuses what it cannot format exactly', () => {
    expect(() => formatBaht(Number.NaN)).toThrow(RangeError);
    expect(() => formatBaht(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => formatBaht(1e17)).toThrow(RangeError);
    expect(() => formatNumber(1, { decimals: 1.5 })).toThrow(RangeError);
  });

  it('round-trips whole baht and keeps Thai and Arabic forms equivalent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (amount) => {
        const arabic = formatBaht(amount);
        return (
          Number(arabic.replace(/,/g, '')) === amount &&
          thaiToArabicDigits(formatBaht(amount, { digits: 'thai' })) === arabic &&
          /^-?\d{1,3}(,\d{3})*$/.test(arabic)
        );
      }),
    );
  });

  it('rounds satang to the nearest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e10 }), (satang) => {
        const text = formatBaht(satang / 100, { decimals: 2 });
        return Math.round(Number(text.replace(/,/g, '')) * 100) === satang;
      }),
    );
  });
});

describe('percent', () => {
  it('trims to at most two decimals', () => {
    expect(formatPercent(80)).toBe('80%');
    expect(formatPercent(200 / 3)).toBe('66.67%');
    expect(formatPercent(12.5)).toBe('12.5%');
    expect(formatPercent(12.5, { maximumFractionDigits: 0 })).toBe('13%');
  });

  it('writes ร้อยละ for indicators', () => {
    expect(formatPercent(80, { style: 'words', digits: 'thai' })).toBe('ร้อยละ ๘๐');
    expect(formatPercent(80, { style: 'words' })).toBe('ร้อยละ 80');
    expect(formatPercent(80, { style: 'words', lang: 'en', digits: 'thai' })).toBe('80 percent');
    expect(formatPercent(95.5, { digits: 'thai' })).toBe('๙๕.๕%');
  });
});

describe('relative days', () => {
  it('uses Thai digits by default and the deadline wording', () => {
    expect(formatRelativeDays(3)).toBe('อีก ๓ วัน');
    expect(formatRelativeDays(0)).toBe('วันนี้');
    expect(formatRelativeDays(1)).toBe('พรุ่งนี้');
    expect(formatRelativeDays(-5)).toBe('เลยกำหนด ๕ วัน');
    expect(formatRelativeDays(-1)).toBe('เลยกำหนด ๑ วัน');
    expect(formatRelativeDays(12, { digits: 'arabic' })).toBe('อีก 12 วัน');
  });

  it('has a plain wording for the past', () => {
    expect(formatRelativeDays(-1, { mode: 'plain' })).toBe('เมื่อวาน');
    expect(formatRelativeDays(-5, { mode: 'plain' })).toBe('เมื่อ ๕ วันที่แล้ว');
    expect(formatRelativeDays(-5, { mode: 'plain', lang: 'en' })).toBe('5 days ago');
    expect(formatRelativeDays(-1, { mode: 'plain', lang: 'en' })).toBe('yesterday');
  });

  it('speaks English', () => {
    expect(formatRelativeDays(3, { lang: 'en' })).toBe('in 3 days');
    expect(formatRelativeDays(0, { lang: 'en' })).toBe('today');
    expect(formatRelativeDays(1, { lang: 'en' })).toBe('tomorrow');
    expect(formatRelativeDays(-5, { lang: 'en' })).toBe('5 days overdue');
    expect(formatRelativeDays(-1, { lang: 'en' })).toBe('1 day overdue');
    expect(formatRelativeDays(3, { lang: 'en', digits: 'thai' })).toBe('in 3 days');
  });

  it('counts calendar days between dates', () => {
    expect(formatRelativeDate('2026-10-04', '2026-10-01')).toBe('อีก ๓ วัน');
    expect(formatRelativeDate('2026-09-26', '2026-10-01', { lang: 'en' })).toBe('5 days overdue');
    // 23:30 and 00:30 Bangkok on consecutive days are one calendar day apart.
    expect(formatRelativeDate(Date.UTC(2026, 9, 1, 17, 30), Date.UTC(2026, 9, 1, 16, 30))).toBe('พรุ่งนี้');
  });

  it('rejects fractional days', () => {
    expect(() => formatRelativeDays(1.5)).toThrow(RangeError);
  });
});

describe('report headings', () => {
  it('titles the six-month period of FY2570', () => {
    expect(periodTitle(sixMonthPeriod(2570))).toBe('๑ ตุลาคม ๒๕๖๙ – ๓๑ มีนาคม ๒๕๗๐');
    expect(periodTitle(sixMonthPeriod(2570), { digits: 'arabic' })).toBe('1 ตุลาคม 2569 – 31 มีนาคม 2570');
    expect(periodTitle(sixMonthPeriod(2570), { lang: 'en' })).toBe('1 October 2026 – 31 March 2027');
  });

  it('titles the annual period', () => {
    expect(periodTitle(annualPeriod(2570))).toBe('๑ ตุลาคม ๒๕๖๙ – ๓๐ กันยายน ๒๕๗๐');
  });

  it('titles the fiscal year', () => {
    expect(fiscalYearTitle(2570)).toBe('ปีงบประมาณ พ.ศ. ๒๕๗๐');
    expect(fiscalYearTitle(2570, { digits: 'arabic' })).toBe('ปีงบประมาณ พ.ศ. 2570');
    expect(fiscalYearTitle(2570, { lang: 'en' })).toBe('fiscal year 2570 BE (1 October 2026 – 30 September 2027)');
  });
});

describe('stored dates', () => {
  it('formats a real stored date as usual and writes an impossible one as it was stored', () => {
    expect(formatStoredThaiDate('2026-10-01')).toBe(formatThaiDate('2026-10-01'));
    expect(formatStoredEnglishDate('2026-10-01')).toBe(formatEnglishDate('2026-10-01'));
    expect(formatStoredThaiDate('2570-02-30')).toBe('2570-02-30');
    expect(formatStoredEnglishDate('0NaN-NaN-NaN')).toBe('0NaN-NaN-NaN');
  });
});

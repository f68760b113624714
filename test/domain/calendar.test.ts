import fc from 'fast-check';
import {
  DEFAULT_THAI_PUBLIC_HOLIDAYS,
  addWorkingDays,
  countWorkingDays,
  defaultHolidaysForFiscalYear,
  defaultWorkCalendar,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  type WorkCalendar,
} from '../../domain/calendar';
import { workCalendarSchema } from '../../domain/calendar-schema';
import { addDays, dateOfEpochDay, dayOfWeek, epochDayOf, fiscalYearOfDate, isIsoDate } from '../../domain/fiscal';

const weekdaysOnly: WorkCalendar = { skipWeekends: true, holidays: [] };
const thai = defaultWorkCalendar();

const startDay = epochDayOf('2025-01-01');
const isoDate = fc.integer({ min: startDay, max: startDay + 1500 }).map(dateOfEpochDay);
const calendar: fc.Arbitrary<WorkCalendar> = fc.record({
  skipWeekends: fc.boolean(),
  holidays: fc.array(isoDate, { maxLength: 60 }),
});

describe('isWorkingDay', () => {
  it('closes weekends only when asked', () => {
    expect(isWorkingDay('2026-10-02', weekdaysOnly)).toBe(true);
    expect(isWorkingDay('2026-10-03', weekdaysOnly)).toBe(false);
    expect(isWorkingDay('2026-10-04', weekdaysOnly)).toBe(false);
    expect(isWorkingDay('2026-10-03', { skipWeekends: false, holidays: [] })).toBe(true);
  });

  it('closes listed holidays', () => {
    expect(isWorkingDay('2026-10-13', thai)).toBe(false);
    expect(isWorkingDay('2026-10-13', weekdaysOnly)).toBe(true);
    expect(isWorkingDay('2026-10-14', thai)).toBe(true);
  });

  it('rejects malformed dates', () => {
    expect(() => isWorkingDay('2026-10-32', thai)).toThrow(RangeError);
  });
});

describe('next and previous working day', () => {
  it('keeps a working day', () => {
    expect(nextWorkingDay('2026-10-02', thai)).toBe('2026-10-02');
    expect(previousWorkingDay('2026-10-02', thai)).toBe('2026-10-02');
  });

  it('steps over weekends', () => {
    expect(nextWorkingDay('2026-10-03', weekdaysOnly)).toBe('2026-10-05');
    expect(previousWorkingDay('2026-10-04', weekdaysOnly)).toBe('2026-10-02');
  });

  it('steps over a holiday that follows a weekend and its substitution day', () => {
    // 5 Dec 2026 is a Saturday; Monday 7 Dec is the substitution day.
    expect(nextWorkingDay('2026-12-05', thai)).toBe('2026-12-08');
    expect(previousWorkingDay('2026-12-07', thai)).toBe('2026-12-04');
  });

  it('steps over Songkran', () => {
    expect(nextWorkingDay('2026-04-13', thai)).toBe('2026-04-16');
    expect(previousWorkingDay('2026-04-15', thai)).toBe('2026-04-10');
  });

  it('gives up on a table that closes the office for over a year', () => {
    const closed: WorkCalendar = {
      skipWeekends: false,
      holidays: Array.from({ length: 400 }, (_, i) => addDays('2026-01-01', i)),
    };
    expect(() => nextWorkingDay('2026-01-01', closed)).toThrow(RangeError);
  });

  it('always lands on the nearest working day in its direction', () => {
    fc.assert(
      fc.property(isoDate, calendar, (date, cal) => {
        const next = nextWorkingDay(date, cal);
        const previous = previousWorkingDay(date, cal);
        const allClosed = (from: string, to: string) => {
          for (let d = from; d < to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) return false;
          return true;
        };
        return (
          isWorkingDay(next, cal) &&
          isWorkingDay(previous, cal) &&
          next >= date &&
          previous <= date &&
          allClosed(date, next) &&
          allClosed(addDays(previous, 1), addDays(date, 1))
        );
      }),
    );
  });
});

describe('addWorkingDays', () => {
  it('does not count the start day', () => {
    expect(addWorkingDays('2026-10-02', 1, weekdaysOnly)).toBe('2026-10-05');
    expect(addWorkingDays('2026-10-05', -1, weekdaysOnly)).toBe('2026-10-02');
    expect(addWorkingDays('2026-10-03', 0, weekdaysOnly)).toBe('2026-10-05');
    expect(addWorkingDays('2026-10-01', 10, weekdaysOnly)).toBe('2026-10-15');
  });

  it('skips holidays', () => {
    // 13 Oct 2026 (Tue) is วันนวมินทรมหาราช.
    expect(addWorkingDays('2026-10-12', 1, thai)).toBe('2026-10-14');
    // Fri 23 Oct 2026 is วันปิยมหาราช: ten working days from 1 Oct end on 16 Oct.
    expect(addWorkingDays('2026-10-01', 10, thai)).toBe('2026-10-16');
  });

  it('rejects fractional counts', () => {
    expect(() => addWorkingDays('2026-10-01', 1.5, thai)).toThrow(RangeError);
  });

  it('moves exactly n working days', () => {
    fc.assert(
      fc.property(isoDate, calendar, fc.integer({ min: 1, max: 40 }), (date, cal, n) => {
        const forward = addWorkingDays(date, n, cal);
        const backward = addWorkingDays(date, -n, cal);
        return (
          isWorkingDay(forward, cal) &&
          isWorkingDay(backward, cal) &&
          countWorkingDays(addDays(date, 1), addDays(forward, 1), cal) === n &&
          countWorkingDays(backward, date, cal) === n
        );
      }),
    );
  });

  it('undoes itself from a working day', () => {
    fc.assert(
      fc.property(isoDate, calendar, fc.integer({ min: -40, max: 40 }), (date, cal, n) => {
        const start = nextWorkingDay(date, cal);
        return addWorkingDays(addWorkingDays(start, n, cal), -n, cal) === start;
      }),
    );
  });
});

describe('countWorkingDays', () => {
  it('counts a half-open range', () => {
    expect(countWorkingDays('2026-10-01', '2026-10-08', weekdaysOnly)).toBe(5);
    expect(countWorkingDays('2026-10-01', '2026-10-01', weekdaysOnly)).toBe(0);
    expect(countWorkingDays('2026-10-01', '2026-11-01', thai)).toBe(20);
  });
});

describe('default Thai public holidays', () => {
  const dates = DEFAULT_THAI_PUBLIC_HOLIDAYS.map((h) => h.date);

  it('are valid, sorted, unique and named in Thai and English', () => {
    expect(dates.every(isIsoDate)).toBe(true);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const entry of DEFAULT_THAI_PUBLIC_HOLIDAYS) {
      expect(entry.name).toMatch(/[\u0E00-\u0E7F]/);
      expect(entry.nameEn).toMatch(/^[\x20-\x7E]+$/);
    }
  });

  it('cover FY2569 to FY2571', () => {
    expect(new Set(dates.map(fiscalYearOfDate))).toEqual(new Set([2569, 2570, 2571]));
    expect(defaultHolidaysForFiscalYear(2570).map((h) => h.date)).toEqual(
      dates.filter((d) => d >= '2026-10-01' && d <= '2027-09-30'),
    );
    expect(defaultHolidaysForFiscalYear(2572)).toEqual([]);
  });

  it('hold every fixed-date holiday in each fiscal year', () => {
    const fixedMonthDays = [
      '10-13',
      '10-23',
      '12-05',
      '12-10',
      '12-31',
      '01-01',
      '04-06',
      '04-13',
      '04-14',
      '04-15',
      '05-04',
      '06-03',
      '07-28',
      '08-12',
    ];
    for (const fy of [2569, 2570, 2571]) {
      const held = new Set(defaultHolidaysForFiscalYear(fy).map((h) => h.date.slice(5)));
      for (const monthDay of fixedMonthDays) expect(held).toContain(monthDay);
      expect(defaultHolidaysForFiscalYear(fy).filter((h) => h.kind === 'lunar')).toHaveLength(4);
    }
  });

  it('give a substitution day for each weekend holiday, on the next free weekday', () => {
    const observed = DEFAULT_THAI_PUBLIC_HOLIDAYS.filter((h) => h.kind !== 'substitution').map((h) => h.date);
    const closed = new Set(observed);
    const expected: string[] = [];
    for (const date of observed) {
      const weekday = dayOfWeek(date);
      if (weekday !== 0 && weekday !== 6) continue;
      let candidate = addDays(date, 1);
      while ([0, 6].includes(dayOfWeek(candidate)) || closed.has(candidate)) candidate = addDays(candidate, 1);
      closed.add(candidate);
      expected.push(candidate);
    }
    const substitutions = DEFAULT_THAI_PUBLIC_HOLIDAYS.filter((h) => h.kind === 'substitution').map((h) => h.date);
    expect(substitutions).toEqual(expected.sort());
  });

  it('are a copy each organisation can edit', () => {
    const mine = defaultWorkCalendar();
    mine.holidays.push('2026-11-20');
    expect(defaultWorkCalendar().holidays).not.toContain('2026-11-20');
    expect(Object.isFrozen(DEFAULT_THAI_PUBLIC_HOLIDAYS)).toBe(true);
    expect(workCalendarSchema.parse(mine)).toEqual(mine);
  });

  it('validate an edited table', () => {
    expect(workCalendarSchema.safeParse({ skipWeekends: true, holidays: ['2026-02-30'] }).success).toBe(false);
    expect(workCalendarSchema.safeParse({ skipWeekends: true, holidays: ['13/10/2569'] }).success).toBe(false);
  });
});

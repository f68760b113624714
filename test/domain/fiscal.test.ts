import fc from 'fast-check';
import {
  DAY_MS,
  addDays,
  annualPeriod,
  bangkokDate,
  bangkokMidnightMs,
  beToCe,
  ceToBe,
  dateOfEpochDay,
  dayOfWeek,
  daysBetween,
  epochDayOf,
  fiscalYearBounds,
  fiscalYearOf,
  fiscalYearOfDate,
  halfBounds,
  halfOf,
  isIsoDate,
  isWithinPeriod,
  parseIsoDate,
  quarterBounds,
  quarterOf,
  sixMonthPeriod,
  type FiscalQuarter,
} from '../../domain/fiscal';

/** 1950-01-01 .. 2150-12-31 UTC: far wider than any plan, still inside the supported fiscal years. */
const instant = fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2150, 11, 31) });
const epochDay = fc.integer({ min: epochDayOf('1950-01-01'), max: epochDayOf('2150-12-31') });
const isoDate = epochDay.map(dateOfEpochDay);
const fiscalYear = fc.integer({ min: 2493, max: 2693 });
/** Instants within a millisecond or two of a fiscal-year boundary, where off-by-one errors live. */
const nearFiscalBoundary = fc
  .tuple(fiscalYear, fc.integer({ min: -2, max: 1 }))
  .map(([fy, delta]) => fiscalYearBounds(fy).startMs + delta);

const bangkokIntl = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Bangkok',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

describe('Buddhist Era', () => {
  it('is CE + 543', () => {
    expect(ceToBe(2026)).toBe(2569);
    expect(beToCe(2570)).toBe(2027);
  });

  it('round-trips', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9000 }), (year) => beToCe(ceToBe(year)) === year));
  });

  it('rejects fractional years', () => {
    expect(() => ceToBe(2026.5)).toThrow(RangeError);
  });
});

describe('ISO dates', () => {
  it('validates real calendar dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('2026-10-01T00:00')).toBe(false);
    expect(() => parseIsoDate('2026-09-31')).toThrow(/YYYY-MM-DD/);
  });

  it('counts epoch days exactly like Date.UTC', () => {
    fc.assert(
      fc.property(epochDay, (day) => {
        const iso = dateOfEpochDay(day);
        return epochDayOf(iso) === day && new Date(day * DAY_MS).toISOString().slice(0, 10) === iso;
      }),
    );
  });

  it('gives the same weekday as Date#getUTCDay', () => {
    expect(dayOfWeek('2026-10-01')).toBe(4);
    fc.assert(fc.property(epochDay, (day) => dayOfWeek(dateOfEpochDay(day)) === new Date(day * DAY_MS).getUTCDay()));
  });

  it('adds and counts days consistently', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-10-01', '2027-10-01')).toBe(365);
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -4000, max: 4000 }), (date, n) => {
        const moved = addDays(date, n);
        return daysBetween(date, moved) === n && addDays(moved, -n) === date;
      }),
    );
  });
});

describe('Bangkok time', () => {
  it('turns the date at 17:00 UTC', () => {
    expect(bangkokDate(Date.UTC(2026, 8, 30, 16, 59, 59, 999))).toBe('2026-09-30');
    expect(bangkokDate(Date.UTC(2026, 8, 30, 17))).toBe('2026-10-01');
    expect(bangkokMidnightMs('2026-10-01')).toBe(Date.UTC(2026, 8, 30, 17));
  });

  it('agrees with Intl in the Asia/Bangkok zone', () => {
    fc.assert(fc.property(instant, (ms) => bangkokDate(ms) === bangkokIntl.format(ms)));
  });

  it('round-trips dates through midnight', () => {
    fc.assert(fc.property(isoDate, (date) => bangkokDate(bangkokMidnightMs(date)) === date));
    fc.assert(
      fc.property(instant, (ms) => {
        const midnight = bangkokMidnightMs(bangkokDate(ms));
        return midnight <= ms && ms < midnight + DAY_MS;
      }),
    );
  });
});

describe('fiscal years', () => {
  it('FY2570 runs from 1 Oct 2026 to 30 Sep 2027 Bangkok time', () => {
    expect(fiscalYearBounds(2570)).toEqual({
      start: '2026-10-01',
      end: '2027-09-30',
      startMs: Date.UTC(2026, 8, 30, 17),
      endExclusiveMs: Date.UTC(2027, 8, 30, 17),
    });
    expect(annualPeriod(2570)).toEqual(fiscalYearBounds(2570));
  });

  it('changes year at Bangkok midnight on 1 October', () => {
    expect(fiscalYearOf(Date.UTC(2026, 8, 30, 16, 59, 59, 999))).toBe(2569);
    expect(fiscalYearOf(Date.UTC(2026, 8, 30, 17))).toBe(2570);
    expect(fiscalYearOfDate('2027-09-30')).toBe(2570);
    expect(fiscalYearOfDate('2027-10-01')).toBe(2571);
  });

  it('places every instant in exactly one fiscal year', () => {
    fc.assert(
      fc.property(fc.oneof(instant, nearFiscalBoundary), (ms) => {
        const fy = fiscalYearOf(ms);
        return (
          isWithinPeriod(ms, fiscalYearBounds(fy)) &&
          !isWithinPeriod(ms, fiscalYearBounds(fy - 1)) &&
          !isWithinPeriod(ms, fiscalYearBounds(fy + 1))
        );
      }),
    );
  });

  it('has contiguous bounds', () => {
    fc.assert(
      fc.property(fiscalYear, (fy) => {
        const current = fiscalYearBounds(fy);
        const next = fiscalYearBounds(fy + 1);
        return (
          current.endExclusiveMs === next.startMs &&
          addDays(current.end, 1) === next.start &&
          current.endExclusiveMs - current.startMs === (daysBetween(current.start, current.end) + 1) * DAY_MS
        );
      }),
    );
  });

  it('counts 366 days in a fiscal year holding 29 February', () => {
    const fy2571 = fiscalYearBounds(2571);
    expect(daysBetween(fy2571.start, fy2571.end) + 1).toBe(366);
    expect(quarterBounds(2571, 2).end).toBe('2028-03-31');
  });

  it('rejects fiscal years outside the modern reckoning', () => {
    expect(() => fiscalYearBounds(2400)).toThrow(RangeError);
    expect(() => fiscalYearBounds(2570.5)).toThrow(RangeError);
  });
});

describe('halves and quarters', () => {
  it('the six-month period is 1 October to 31 March', () => {
    expect(sixMonthPeriod(2570)).toMatchObject({ start: '2026-10-01', end: '2027-03-31' });
    expect(halfBounds(2570, 2)).toMatchObject({ start: '2027-04-01', end: '2027-09-30' });
  });

  it('quarters start in October', () => {
    expect([1, 2, 3, 4].map((q) => quarterBounds(2570, q as FiscalQuarter))).toMatchObject([
      { start: '2026-10-01', end: '2026-12-31' },
      { start: '2027-01-01', end: '2027-03-31' },
      { start: '2027-04-01', end: '2027-06-30' },
      { start: '2027-07-01', end: '2027-09-30' },
    ]);
    expect(() => quarterBounds(2570, 5 as FiscalQuarter)).toThrow(RangeError);
  });

  it('halves and quarters tile the fiscal year', () => {
    fc.assert(
      fc.property(fiscalYear, (fy) => {
        const year = fiscalYearBounds(fy);
        const quarters = ([1, 2, 3, 4] as const).map((q) => quarterBounds(fy, q));
        const halves = ([1, 2] as const).map((h) => halfBounds(fy, h));
        const tiles = (parts: typeof quarters) =>
          parts[0]!.startMs === year.startMs &&
          parts[parts.length - 1]!.endExclusiveMs === year.endExclusiveMs &&
          parts.every((part, i) => i === 0 || parts[i - 1]!.endExclusiveMs === part.startMs);
        return tiles(quarters) && tiles(halves);
      }),
    );
  });

  it('halfOf and quarterOf agree with the bounds', () => {
    expect(halfOf(Date.UTC(2027, 2, 31, 16, 59))).toEqual({ fiscalYear: 2570, half: 1 });
    expect(halfOf(Date.UTC(2027, 2, 31, 17))).toEqual({ fiscalYear: 2570, half: 2 });
    expect(quarterOf(Date.UTC(2026, 11, 31, 12))).toEqual({ fiscalYear: 2570, quarter: 1 });
    fc.assert(
      fc.property(instant, (ms) => {
        const { fiscalYear: fy, half } = halfOf(ms);
        const { fiscalYear: qfy, quarter } = quarterOf(ms);
        return fy === qfy && isWithinPeriod(ms, halfBounds(fy, half)) && isWithinPeriod(ms, quarterBounds(fy, quarter));
      }),
    );
  });
});

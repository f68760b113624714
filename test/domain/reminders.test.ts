import fc from 'fast-check';
import { defaultWorkCalendar, isWorkingDay, type WorkCalendar } from '../../domain/calendar';
import { DAY_MS, addDays, bangkokDate, bangkokMidnightMs, dateOfEpochDay, epochDayOf } from '../../domain/fiscal';
import {
  DEFAULT_LATE_START_GRACE_DAYS,
  defaultReminderPolicy,
  reminderIdempotencyKey,
  reminderSchedule,
  resolveReminderPolicy,
  type ReminderPolicyInput,
  type ScheduledReminder,
} from '../../domain/reminders';
import { reminderPolicySchema } from '../../domain/reminder-policy-schema';

const HOUR_MS = 3_600_000;
const thai = defaultWorkCalendar();

/** 09:00 Bangkok on a date: when reminders go out under the default policy. */
function nineAm(date: string): number {
  return bangkokMidnightMs(date) + 9 * HOUR_MS;
}

/** [Bangkok date, kind, seq, daysFromDue, escalation target] */
type Row = [string, ScheduledReminder['kind'], number, number, string?];

function rows(schedule: ScheduledReminder[]): Row[] {
  return schedule.map((r) => {
    expect(r.atMs).toBe(nineAm(bangkokDate(r.atMs)));
    const row: Row = [bangkokDate(r.atMs), r.kind, r.seq, r.daysFromDue];
    if (r.escalateTo) row.push(r.escalateTo);
    return row;
  });
}

describe('reminder policy', () => {
  it('defaults to 7 and 1 days before, the due day, every 3 days overdue, escalations at 7 and 14', () => {
    expect(defaultReminderPolicy).toEqual({
      beforeDays: [7, 1],
      onDueDay: true,
      overdueEveryDays: 3,
      overdueCapDays: 60,
      escalations: [
        { afterDaysOverdue: 7, to: 'unit_head' },
        { afterDaysOverdue: 14, to: 'palad' },
      ],
      dayMs: 86_400_000,
      sendAtHour: 9,
      shiftToWorkingDays: true,
      lateStartGraceDays: 14,
    });
    expect(Object.isFrozen(defaultReminderPolicy.escalations)).toBe(true);
  });

  it('rejects policies that would never end or make no sense', () => {
    expect(reminderPolicySchema.safeParse({ overdueEveryDays: 0 }).success).toBe(false);
    expect(reminderPolicySchema.safeParse({ dayMs: 0 }).success).toBe(false);
    expect(reminderPolicySchema.safeParse({ sendAtHour: 24 }).success).toBe(false);
    expect(reminderPolicySchema.safeParse({ overdueCapDays: 100_000 }).success).toBe(false);
    expect(reminderPolicySchema.safeParse({ escalations: [{ afterDaysOverdue: 7, to: 'mayor' }] }).success).toBe(false);
    for (const lateStartGraceDays of [-1, 61, 1.5, Number.NaN]) {
      expect({ lateStartGraceDays, ok: reminderPolicySchema.safeParse({ lateStartGraceDays }).success }).toEqual({ lateStartGraceDays, ok: false });
      expect(() => reminderSchedule({ dueAtMs: 0, fromMs: 0, policy: { lateStartGraceDays } })).toThrow(RangeError);
    }
    expect(reminderPolicySchema.parse({ lateStartGraceDays: 0 }).lateStartGraceDays).toBe(0);
    expect(reminderPolicySchema.parse({ lateStartGraceDays: 60 }).lateStartGraceDays).toBe(60);
    expect(() => reminderSchedule({ dueAtMs: 0, fromMs: 0, policy: { beforeDays: [-1] } })).toThrow();
  });
});

describe('default schedule', () => {
  const dueAtMs = bangkokMidnightMs('2026-10-15');

  it('is exactly this list for a due date of 15 Oct 2026 without a calendar', () => {
    const overdue: Row[] = [];
    for (let days = 15, seq = 10; days <= 60; days += 3, seq += 1) {
      overdue.push([addDays('2026-10-15', days), 'overdue', seq, days]);
    }
    expect(rows(reminderSchedule({ dueAtMs, fromMs: 0 }))).toEqual([
      ['2026-10-08', 'before', 1, -7],
      ['2026-10-14', 'before', 2, -1],
      ['2026-10-15', 'due', 3, 0],
      ['2026-10-18', 'overdue', 4, 3],
      ['2026-10-21', 'overdue', 5, 6],
      ['2026-10-22', 'escalation', 6, 7, 'unit_head'],
      ['2026-10-24', 'overdue', 7, 9],
      ['2026-10-27', 'overdue', 8, 12],
      ['2026-10-29', 'escalation', 9, 14, 'palad'],
      ...overdue,
    ]);
    expect(overdue.at(-1)).toEqual(['2026-12-14', 'overdue', 25, 60]);
  });

  it('moves overdue reminders off weekends and holidays with the Thai calendar', () => {
    const schedule = reminderSchedule({ dueAtMs, fromMs: 0, calendar: thai });
    expect(rows(schedule).slice(0, 12)).toEqual([
      ['2026-10-08', 'before', 1, -7],
      ['2026-10-14', 'before', 2, -1],
      ['2026-10-15', 'due', 3, 0],
      ['2026-10-19', 'overdue', 4, 4], // Sun 18 Oct -> Mon
      ['2026-10-21', 'overdue', 5, 6],
      ['2026-10-22', 'escalation', 6, 7, 'unit_head'],
      ['2026-10-26', 'overdue', 7, 11], // Sat 24 Oct -> Mon (Fri 23 is วันปิยมหาราช, irrelevant going forward)
      ['2026-10-27', 'overdue', 8, 12],
      ['2026-10-29', 'escalation', 9, 14, 'palad'],
      ['2026-10-30', 'overdue', 10, 15],
      ['2026-11-02', 'overdue', 11, 18],
      ['2026-11-05', 'overdue', 12, 21],
    ]);
    // Day 51 (Sat 5 Dec) would move past Sun 6 and the substitution Monday 7 Dec onto Tue 8 Dec, which already
    // has day 54's reminder: one message that day, keeping the later slot.
    const december = rows(schedule).filter(([date]) => date >= '2026-12-01');
    expect(december).toEqual([
      ['2026-12-02', 'overdue', 21, 48],
      ['2026-12-08', 'overdue', 23, 54],
      ['2026-12-11', 'overdue', 24, 57],
      ['2026-12-14', 'overdue', 25, 60],
    ]);
  });
});

describe('weekend and holiday shifting', () => {
  it('moves "before" reminders to the previous working day', () => {
    // Due Monday 2 Nov 2026: the day before is a Sunday.
    const schedule = reminderSchedule({ dueAtMs: bangkokMidnightMs('2026-11-02'), fromMs: 0, calendar: thai });
    expect(rows(schedule).slice(0, 3)).toEqual([
      ['2026-10-26', 'before', 1, -7],
      ['2026-10-30', 'before', 2, -3],
      ['2026-11-02', 'due', 3, 0],
    ]);
    expect(schedule[1]!.nominalDaysFromDue).toBe(-1);
  });

  it('sends the due-day reminder before a due date that falls on a holiday, once', () => {
    // Due Wed 14 Apr 2027 (Songkran, 13-15 Apr): the day-before and due-day slots both land on Mon 12 Apr.
    const schedule = reminderSchedule({ dueAtMs: bangkokMidnightMs('2027-04-14'), fromMs: 0, calendar: thai });
    expect(rows(schedule).slice(0, 5)).toEqual([
      ['2027-04-07', 'before', 1, -7],
      ['2027-04-12', 'due', 3, -2],
      ['2027-04-19', 'overdue', 4, 5], // Sat 17 Apr -> Mon 19 Apr
      ['2027-04-20', 'overdue', 5, 6],
      ['2027-04-21', 'escalation', 6, 7, 'unit_head'],
    ]);
  });

  it('escalates on the next working day, never earlier', () => {
    // Due Fri 27 Nov 2026: day 7 is Fri 4 Dec and day 14 is Fri 11 Dec; due Sat 28 Nov, both fall on Saturdays.
    const friday = reminderSchedule({ dueAtMs: bangkokMidnightMs('2026-11-27'), fromMs: 0, calendar: thai });
    const saturday = reminderSchedule({ dueAtMs: bangkokMidnightMs('2026-11-28'), fromMs: 0, calendar: thai });
    const escalations = (s: ScheduledReminder[]) =>
      s.filter((r) => r.kind === 'escalation').map((r) => [bangkokDate(r.atMs), r.escalateTo]);
    expect(escalations(friday)).toEqual([
      ['2026-12-04', 'unit_head'],
      ['2026-12-11', 'palad'],
    ]);
    // Sat 5 Dec -> Tue 8 Dec (Mon 7 Dec is the substitution day); Sat 12 Dec -> Mon 14 Dec.
    expect(escalations(saturday)).toEqual([
      ['2026-12-08', 'unit_head'],
      ['2026-12-14', 'palad'],
    ]);
  });

  it('can be turned off by the policy', () => {
    const dueAtMs = bangkokMidnightMs('2026-11-02');
    expect(reminderSchedule({ dueAtMs, fromMs: 0, calendar: thai, policy: { shiftToWorkingDays: false } })).toEqual(
      reminderSchedule({ dueAtMs, fromMs: 0 }),
    );
  });
});

describe('escalations', () => {
  it('go to the unit head after 7 days overdue and to the ปลัด after 14', () => {
    const dueAtMs = bangkokMidnightMs('2027-01-15');
    const escalations = reminderSchedule({ dueAtMs, fromMs: 0 }).filter((r) => r.kind === 'escalation');
    expect(escalations.map((r) => [r.daysFromDue, r.escalateTo, r.atMs])).toEqual([
      [7, 'unit_head', nineAm('2027-01-22')],
      [14, 'palad', nineAm('2027-01-29')],
    ]);
  });

  it('follow the organisation policy', () => {
    const schedule = reminderSchedule({
      dueAtMs: 0,
      fromMs: 0,
      policy: { dayMs: 1000, escalations: [{ afterDaysOverdue: 3, to: 'palad' }] },
    });
    expect(schedule.filter((r) => r.kind === 'escalation')).toEqual([
      { atMs: 3000, kind: 'escalation', seq: 5, escalateTo: 'palad', daysFromDue: 3, nominalDaysFromDue: 3 },
    ]);
    // The overdue reminder of the same day comes first.
    expect(schedule.find((r) => r.atMs === 3000 && r.kind === 'overdue')?.seq).toBe(4);
  });
});

describe('late start (go-live during the year)', () => {
  const dueAtMs = bangkokMidnightMs('2026-10-15');
  /** The item-year started on 20 Oct at 14:00, five days after the step's due date. */
  const liveFromMs = bangkokMidnightMs('2026-10-20') + 14 * HOUR_MS;

  it('chases a step overdue before the start only after the grace, on its own schedule, with no escalation burst', () => {
    expect(DEFAULT_LATE_START_GRACE_DAYS).toBe(14);
    const without = rows(reminderSchedule({ dueAtMs, fromMs: liveFromMs }));
    // Without the rule: an overdue reminder the next morning and both escalations within nine days.
    expect(without.slice(0, 3)).toEqual([
      ['2026-10-21', 'overdue', 5, 6],
      ['2026-10-22', 'escalation', 6, 7, 'unit_head'],
      ['2026-10-24', 'overdue', 7, 9],
    ]);
    const graced = rows(reminderSchedule({ dueAtMs, fromMs: liveFromMs, liveFromMs }));
    // The grace ends 3 Nov 14:00: the 2 Nov slot falls inside it and is skipped, not sent late.
    expect(graced[0]).toEqual(['2026-11-05', 'overdue', 12, 21]);
    expect(graced.filter(([, kind]) => kind !== 'overdue')).toEqual([]);
    expect(graced).toEqual(without.filter(([date]) => date >= '2026-11-04'));
    expect(graced.at(-1)).toEqual(['2026-12-14', 'overdue', 25, 60]);
  });

  it("takes the grace's length from the policy: a shorter grace lets the later escalation through, a longer one waits", () => {
    const without = rows(reminderSchedule({ dueAtMs, fromMs: liveFromMs }));
    // Three days: the grace ends 23 Oct 14:00, so the head of division's escalation (22 Oct) is skipped, the palad's kept.
    const short = rows(reminderSchedule({ dueAtMs, fromMs: liveFromMs, liveFromMs, policy: { lateStartGraceDays: 3 } }));
    expect(short.slice(0, 3)).toEqual([
      ['2026-10-24', 'overdue', 7, 9],
      ['2026-10-27', 'overdue', 8, 12],
      ['2026-10-29', 'escalation', 9, 14, 'palad'],
    ]);
    expect(short).toEqual(without.filter(([date]) => date >= '2026-10-24'));
    // Thirty days: the grace ends 19 Nov 14:00, after that morning's slot; the next one is day 36.
    const long = rows(reminderSchedule({ dueAtMs, fromMs: liveFromMs, liveFromMs, policy: { lateStartGraceDays: 30 } }));
    expect(long[0]).toEqual(['2026-11-20', 'overdue', expect.any(Number), 36]);
    expect(long).toEqual(without.filter(([date]) => date >= '2026-11-20'));
    // Leaving the setting out is the old fixed rule exactly.
    expect(reminderSchedule({ dueAtMs, fromMs: liveFromMs, liveFromMs, policy: { lateStartGraceDays: DEFAULT_LATE_START_GRACE_DAYS } })).toEqual(
      reminderSchedule({ dueAtMs, fromMs: liveFromMs, liveFromMs }),
    );
  });

  it('with a grace of 0 chases a step overdue at the start at once, as if there were no late start', () => {
    const none = reminderSchedule({ dueAtMs, fromMs: liveFromMs, liveFromMs, policy: { lateStartGraceDays: 0 } });
    expect(none).toEqual(reminderSchedule({ dueAtMs, fromMs: liveFromMs }));
    expect(rows(none)[0]).toEqual(['2026-10-21', 'overdue', 5, 6]);
    // On a compressed timeline too: the first overdue slot after the start (day 3 at 13 s), and both escalations.
    const compressed = reminderSchedule({ dueAtMs: 10_000, fromMs: 12_500, liveFromMs: 12_500, policy: { dayMs: 1000, lateStartGraceDays: 0 } });
    expect(compressed.map((r) => [r.atMs, r.kind]).slice(0, 2)).toEqual([
      [13_000, 'overdue'],
      [16_000, 'overdue'],
    ]);
    expect(compressed.filter((r) => r.kind === 'escalation')).toHaveLength(2);
  });

  it('leaves a due date at or after the start alone, and a step already past the cap at the start is not chased', () => {
    const later = bangkokMidnightMs('2026-10-25');
    expect(reminderSchedule({ dueAtMs: later, fromMs: liveFromMs, liveFromMs })).toEqual(reminderSchedule({ dueAtMs: later, fromMs: liveFromMs }));
    const longAgo = bangkokMidnightMs('2026-08-20');
    expect(reminderSchedule({ dueAtMs: longAgo, fromMs: liveFromMs, liveFromMs })).toEqual([]);
  });

  it('is the same schedule whenever it is computed: a later one is a suffix of an earlier one', () => {
    const first = reminderSchedule({ dueAtMs, fromMs: liveFromMs, liveFromMs, calendar: thai });
    for (const reminder of first) {
      expect(reminderSchedule({ dueAtMs, fromMs: reminder.atMs, liveFromMs, calendar: thai })).toEqual(first.slice(first.indexOf(reminder)));
    }
  });

  it('counts the grace in policy days on a compressed timeline', () => {
    const policy = { dayMs: 1000 };
    const schedule = reminderSchedule({ dueAtMs: 10_000, fromMs: 12_500, liveFromMs: 12_500, policy });
    // Grace ends at 12.5 s + 14 days = 26.5 s: the first overdue reminder is day 18 (28 s), no escalation at 17 s or 24 s.
    expect(schedule.map((r) => [r.atMs, r.kind])[0]).toEqual([28_000, 'overdue']);
    expect(schedule.some((r) => r.kind === 'escalation')).toBe(false);
    expect(() => reminderSchedule({ dueAtMs: 0, fromMs: 0, liveFromMs: Number.NaN })).toThrow(RangeError);
  });
});

describe('compressed timeline', () => {
  it('uses dayMs as the unit and ignores the calendar and the sending hour', () => {
    const dueAtMs = 1_000_000;
    const schedule = reminderSchedule({
      dueAtMs,
      fromMs: 0,
      calendar: { skipWeekends: true, holidays: [bangkokDate(dueAtMs)] },
      policy: { dayMs: 1000, overdueCapDays: 12 },
    });
    expect(schedule.map((r) => [r.atMs - dueAtMs, r.kind, r.seq, r.escalateTo])).toEqual([
      [-7000, 'before', 1, undefined],
      [-1000, 'before', 2, undefined],
      [0, 'due', 3, undefined],
      [3000, 'overdue', 4, undefined],
      [6000, 'overdue', 5, undefined],
      [7000, 'escalation', 6, 'unit_head'],
      [9000, 'overdue', 7, undefined],
      [12000, 'overdue', 8, undefined],
      [14000, 'escalation', 9, 'palad'],
    ]);
    expect(schedule.every((r) => r.daysFromDue === r.nominalDaysFromDue)).toBe(true);
  });

  it('fits a whole default schedule in about a minute with one-second days', () => {
    const schedule = reminderSchedule({ dueAtMs: 10_000, fromMs: 0, policy: { dayMs: 1000 } });
    expect(schedule.at(0)!.atMs).toBe(3000);
    expect(schedule.at(-1)!.atMs).toBe(70_000);
  });
});

describe('bounds', () => {
  it('stops overdue reminders at the cap', () => {
    const schedule = reminderSchedule({ dueAtMs: 0, fromMs: 0, policy: { dayMs: 1000 } });
    const overdue = schedule.filter((r) => r.kind === 'overdue');
    expect(overdue).toHaveLength(20);
    expect(Math.max(...overdue.map((r) => r.daysFromDue))).toBe(60);
  });

  it('stops after maxOverdue reminders, counted over the whole schedule', () => {
    const policy = { dayMs: 1000 };
    const full = reminderSchedule({ dueAtMs: 0, fromMs: 0, policy, maxOverdue: 2 });
    expect(full.filter((r) => r.kind === 'overdue').map((r) => r.daysFromDue)).toEqual([3, 6]);
    expect(full.filter((r) => r.kind === 'escalation')).toHaveLength(2);
    const later = reminderSchedule({ dueAtMs: 0, fromMs: 4000, policy, maxOverdue: 2 });
    expect(later.filter((r) => r.kind === 'overdue').map((r) => r.daysFromDue)).toEqual([6]);
    expect(() => reminderSchedule({ dueAtMs: 0, fromMs: 0, maxOverdue: -1 })).toThrow(RangeError);
  });

  it('keeps the time of day of the due instant when sendAtHour is null', () => {
    const dueAtMs = bangkokMidnightMs('2026-10-15') + 16 * HOUR_MS + 30 * 60_000;
    const schedule = reminderSchedule({ dueAtMs, fromMs: 0, policy: { sendAtHour: null } });
    expect(schedule.slice(0, 3).map((r) => r.atMs - dueAtMs)).toEqual([-7 * DAY_MS, -DAY_MS, 0]);
  });

  it('rejects non-finite instants', () => {
    expect(() => reminderSchedule({ dueAtMs: Number.NaN, fromMs: 0 })).toThrow(RangeError);
    expect(() => reminderSchedule({ dueAtMs: 0, fromMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

describe('stability', () => {
  const startDay = epochDayOf('2025-10-01');
  const dueAtMs = fc
    .tuple(fc.integer({ min: startDay, max: startDay + 3 * 365 }), fc.integer({ min: 0, max: DAY_MS - 1 }))
    .map(([day, ms]) => bangkokMidnightMs(dateOfEpochDay(day)) + ms);
  const policy: fc.Arbitrary<ReminderPolicyInput> = fc.record({
    beforeDays: fc.uniqueArray(fc.integer({ min: 1, max: 14 }), { maxLength: 3 }),
    onDueDay: fc.boolean(),
    overdueEveryDays: fc.integer({ min: 1, max: 7 }),
    overdueCapDays: fc.integer({ min: 1, max: 45 }),
    escalations: fc.array(
      fc.record({ afterDaysOverdue: fc.integer({ min: 1, max: 30 }), to: fc.constantFrom('unit_head', 'palad') }),
      { maxLength: 3 },
    ),
    sendAtHour: fc.option(fc.integer({ min: 0, max: 23 })),
    dayMs: fc.constantFrom(DAY_MS, 1000),
    lateStartGraceDays: fc.integer({ min: 0, max: 60 }),
  });
  const calendar: fc.Arbitrary<WorkCalendar | undefined> = fc.option(
    fc.record({
      skipWeekends: fc.boolean(),
      holidays: fc.array(
        fc.integer({ min: startDay - 30, max: startDay + 3 * 365 + 60 }).map(dateOfEpochDay),
        { maxLength: 80 },
      ),
    }),
    { nil: undefined },
  );
  const maxOverdue = fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined });
  /** Where fromMs falls between the first and the last reminder. */
  const fraction = fc.double({ min: 0, max: 1, noNaN: true });

  it('completes a validated policy exactly as the schema parses it (the workflow side has no zod)', () => {
    const partial = policy.chain((full) =>
      fc.subarray(Object.keys(full) as (keyof ReminderPolicyInput)[]).map((keys) =>
        Object.fromEntries(keys.map((key) => [key, full[key]])),
      ),
    );
    fc.assert(
      fc.property(partial, (p) => {
        expect(resolveReminderPolicy(p)).toEqual(reminderPolicySchema.parse(p));
      }),
    );
    expect(resolveReminderPolicy()).toEqual(reminderPolicySchema.parse({}));
    // Outside the bounds, both refuse the same policies.
    const wide = fc.record(
      {
        beforeDays: fc.array(fc.integer({ min: -2, max: 400 }), { maxLength: 3 }),
        overdueEveryDays: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.double({ min: 0.1, max: 3, noNaN: true })),
        overdueCapDays: fc.integer({ min: -1, max: 4000 }),
        escalations: fc.array(
          fc.record({ afterDaysOverdue: fc.integer({ min: -1, max: 4000 }), to: fc.constantFrom('unit_head', 'palad', 'mayor') }),
          { maxLength: 2 },
        ),
        sendAtHour: fc.option(fc.integer({ min: -1, max: 25 })),
        dayMs: fc.integer({ min: -1, max: 2 * DAY_MS }),
        lateStartGraceDays: fc.oneof(fc.integer({ min: -1, max: 61 }), fc.double({ min: 0.1, max: 3, noNaN: true })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(wide, (p) => {
        const resolved = (() => {
          try {
            resolveReminderPolicy(p as ReminderPolicyInput);
            return true;
          } catch {
            return false;
          }
        })();
        expect(resolved).toBe(reminderPolicySchema.safeParse(p).success);
      }),
    );

    expect(resolveReminderPolicy({ beforeDays: undefined, extra: 1 } as ReminderPolicyInput)).toEqual(defaultReminderPolicy);
    // A resolved policy is the caller's: changing it leaves the frozen defaults alone.
    expect(() => resolveReminderPolicy().beforeDays.push(3)).not.toThrow();
  });

  it('a schedule from a later fromMs is a suffix of the full schedule', () => {
    fc.assert(
      fc.property(dueAtMs, policy, calendar, maxOverdue, fraction, (due, p, cal, max, f) => {
        const full = reminderSchedule({ dueAtMs: due, fromMs: 0, policy: p, calendar: cal, maxOverdue: max });
        if (full.length === 0) return true;
        const first = full[0]!.atMs;
        const last = full[full.length - 1]!.atMs;
        const fromMs = Math.round(first + f * (last - first + 1));
        const later = reminderSchedule({ dueAtMs: due, fromMs, policy: p, calendar: cal, maxOverdue: max });
        const suffix = full.slice(full.length - later.length);
        return (
          JSON.stringify(later) === JSON.stringify(suffix) &&
          later.every((r) => r.atMs >= fromMs) &&
          full.slice(0, full.length - later.length).every((r) => r.atMs < fromMs)
        );
      }),
    );
  });

  it('is ordered, numbered uniquely, and each seq names the same policy slot whatever the calendar', () => {
    fc.assert(
      fc.property(dueAtMs, policy, calendar, maxOverdue, (due, p, cal, max) => {
        const shifted = reminderSchedule({ dueAtMs: due, fromMs: 0, policy: p, calendar: cal, maxOverdue: max });
        const plain = reminderSchedule({ dueAtMs: due, fromMs: 0, policy: p, maxOverdue: max });
        const slotOf = new Map(plain.map((r) => [r.seq, `${r.kind}:${r.nominalDaysFromDue}:${r.escalateTo}`]));
        return shifted.every(
          (r, i) =>
            (i === 0 || (shifted[i - 1]!.atMs <= r.atMs && shifted[i - 1]!.seq < r.seq)) &&
            slotOf.get(r.seq) === `${r.kind}:${r.nominalDaysFromDue}:${r.escalateTo}`,
        );
      }),
    );
  });

  it('with real days and a calendar, only ever sends on working days, never in the wrong direction', () => {
    fc.assert(
      fc.property(dueAtMs, policy, calendar, (due, p, cal) => {
        const realPolicy = { ...p, dayMs: DAY_MS };
        const schedule = reminderSchedule({ dueAtMs: due, fromMs: 0, policy: realPolicy, calendar: cal });
        const dueDate = bangkokDate(due);
        const perDay = new Map<string, number>();
        for (const r of schedule) {
          if (r.kind !== 'escalation') perDay.set(bangkokDate(r.atMs), (perDay.get(bangkokDate(r.atMs)) ?? 0) + 1);
        }
        return (
          [...perDay.values()].every((n) => n === 1) &&
          schedule.every((r) => {
            const date = bangkokDate(r.atMs);
            const early = r.kind === 'before' || r.kind === 'due';
            return (
              (!cal || isWorkingDay(date, cal)) &&
              date === addDays(dueDate, r.daysFromDue) &&
              (early ? r.daysFromDue <= r.nominalDaysFromDue : r.daysFromDue >= r.nominalDaysFromDue)
            );
          })
        );
      }),
    );
  });
});

describe('idempotency key', () => {
  it('names the workflow, the step and the reminder number', () => {
    expect(reminderIdempotencyKey('item-2570-1.1', 'approval', 4)).toBe('item-2570-1.1:approval:reminder:4');
  });
});

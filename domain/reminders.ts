import { nextWorkingDay, previousWorkingDay, type WorkCalendar } from './calendar';
import { DAY_MS, addDays, bangkokDate, bangkokMidnightMs, daysBetween } from './fiscal';

/**
 * When to remind people of a due date: item owners before their step is due, and approvers before the decision
 * they owe is due (the same policy, counted from the decision's due date).
 *
 * Pure and deterministic so workflows can compute the schedule themselves and sleep until each reminder.
 * Durations are expressed in `dayMs` so the same code yields a compressed timeline for tests (dayMs = 1000).
 *
 * Calendar shifting, when a WorkCalendar is given and days are real:
 * - 'before' and 'due' reminders that fall on a non-working day move to the previous working day, so the
 *   warning still arrives before the deadline rather than after it;
 * - 'overdue' and 'escalation' reminders move to the next working day, so nobody is chased (and no ปลัด is
 *   alerted) on a day the office is closed, and nothing escalates earlier than the policy allows.
 * If two reminders (other than escalations) land on the same day, only the one for the later policy slot is kept:
 * one message a day is enough, and the later slot is the more urgent. Escalations are always kept.
 * With a compressed `dayMs`, shifting is disabled: a compressed "day" does not correspond to a calendar date (a
 * whole compressed schedule fits inside one real day), so there is no weekend or holiday to avoid, and a shift of
 * one real day would move a reminder by tens of thousands of compressed days.
 *
 * A late start (the organisation went live during the year, or its year started late): a due date that had already
 * passed when the item began to be followed in the system (`liveFromMs`) gets no 'overdue' reminder and no
 * escalation during the policy's lateStartGraceDays after that moment (DEFAULT_LATE_START_GRACE_DAYS unless the
 * organisation's administrator chose otherwise; 0 chases them at once). Those steps were usually done on paper, and the
 * coordinator needs the days to record them after the fact; without the grace every such step of every item would
 * be chased within the first few days, and the ปลัด alerted about work nobody had a chance to record. After the
 * grace the policy's own schedule, still counted from the original due date, carries on: the slots that fell inside
 * the grace are skipped, not delivered late in one burst, so the wording still says how long the step is overdue
 * and the overdue cap still ends the series. The go-live page lists the items with nothing recorded, so nothing
 * depends on a reminder to be found. A due date at or after liveFromMs is reminded as usual from the first day.
 */

export const ESCALATION_TARGETS = ['unit_head', 'palad'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export const REMINDER_KINDS = ['before', 'due', 'overdue', 'escalation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * Days after a late start during which a due date already past at the start is not chased (module comment), when
 * the policy does not say: the rule's length before it became a setting, so runs whose input carries no value keep
 * the schedule their histories followed.
 */
export const DEFAULT_LATE_START_GRACE_DAYS = 14;
/** The longest grace an organisation may choose: past two months, work done on paper is no longer "just recorded". */
export const MAX_LATE_START_GRACE_DAYS = 60;

/** Overdue reminders stop after this many days at most, whatever a policy says: a reminder loop must end. */
export const MAX_OVERDUE_CAP_DAYS = 3650;

/**
 * The policy as the schedule uses it. Its validation (reminder-policy-schema.ts, zod) runs where a policy enters the
 * system (the admin page, the activities that read the organisation's settings); this module stays free of zod
 * because workflows import it and every module of the workflow bundle is evaluated again for each workflow run.
 */
export interface ReminderPolicy {
  /** Days before the due date on which to remind. */
  beforeDays: number[];
  onDueDay: boolean;
  /** While overdue, remind every this many days. */
  overdueEveryDays: number;
  /** No overdue reminders later than this many days after the due date. */
  overdueCapDays: number;
  escalations: Array<{ afterDaysOverdue: number; to: EscalationTarget }>;
  /** Length of one policy "day" in milliseconds: 86,400,000 in production, e.g. 1000 in tests. */
  dayMs: number;
  /**
   * Bangkok hour at which reminders go out when days are real, so that a due date stored as midnight does not
   * produce messages at midnight. null: keep the time of day of dueAtMs.
   */
  sendAtHour: number | null;
  /** Move reminders off weekends and holidays when a WorkCalendar is supplied. */
  shiftToWorkingDays: boolean;
  /** Policy days after a late start during which a due date already past at the start is not chased; 0: none. */
  lateStartGraceDays: number;
}
/** A stored or configured policy: every field may be left out and takes its default. */
export type ReminderPolicyInput = { [K in keyof ReminderPolicy]?: ReminderPolicy[K] | undefined };

export const defaultReminderPolicy: ReminderPolicy = deepFreeze({
  beforeDays: [7, 1],
  onDueDay: true,
  overdueEveryDays: 3,
  overdueCapDays: 60,
  escalations: [
    { afterDaysOverdue: 7, to: 'unit_head' },
    { afterDaysOverdue: 14, to: 'palad' },
  ],
  dayMs: DAY_MS,
  sendAtHour: 9,
  shiftToWorkingDays: true,
  lateStartGraceDays: DEFAULT_LATE_START_GRACE_DAYS,
});

/**
 * A validated policy input completed with the defaults: only the policy's own fields are kept, so the result is the
 * same as the schema's parse of that input (test/domain/reminders.test.ts holds the two together).
 */
export function resolveReminderPolicy(input: ReminderPolicyInput = {}): ReminderPolicy {
  const field = <K extends keyof ReminderPolicy>(key: K): ReminderPolicy[K] =>
    input[key] === undefined ? structuredCopy(defaultReminderPolicy[key]) : (input[key] as ReminderPolicy[K]);
  const policy: ReminderPolicy = {
    beforeDays: field('beforeDays'),
    onDueDay: field('onDueDay'),
    overdueEveryDays: field('overdueEveryDays'),
    overdueCapDays: field('overdueCapDays'),
    escalations: field('escalations').map(({ afterDaysOverdue, to }) => ({ afterDaysOverdue, to })),
    dayMs: field('dayMs'),
    sendAtHour: field('sendAtHour'),
    shiftToWorkingDays: field('shiftToWorkingDays'),
    lateStartGraceDays: field('lateStartGraceDays'),
  };
  assertPolicy(policy);
  return policy;
}

/**
 * The bounds the schedule relies on to end and to make sense, the same as the schema's: a workflow given a policy
 * that slipped past validation fails its task (and is fixed by a deploy) rather than loop or remind at random.
 */
function assertPolicy(policy: ReminderPolicy): void {
  const wholeIn = (value: unknown, min: number, max: number): boolean =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  const problems = [
    !policy.beforeDays.every((days) => wholeIn(days, 1, 365)) && 'beforeDays',
    typeof policy.onDueDay !== 'boolean' && 'onDueDay',
    !wholeIn(policy.overdueEveryDays, 1, Number.MAX_SAFE_INTEGER) && 'overdueEveryDays',
    !wholeIn(policy.overdueCapDays, 1, MAX_OVERDUE_CAP_DAYS) && 'overdueCapDays',
    !policy.escalations.every(
      (e) => wholeIn(e.afterDaysOverdue, 1, MAX_OVERDUE_CAP_DAYS) && ESCALATION_TARGETS.includes(e.to),
    ) && 'escalations',
    !wholeIn(policy.dayMs, 1, Number.MAX_SAFE_INTEGER) && 'dayMs',
    policy.sendAtHour !== null && !wholeIn(policy.sendAtHour, 0, 23) && 'sendAtHour',
    typeof policy.shiftToWorkingDays !== 'boolean' && 'shiftToWorkingDays',
    !wholeIn(policy.lateStartGraceDays, 0, MAX_LATE_START_GRACE_DAYS) && 'lateStartGraceDays',
  ].filter(Boolean);
  if (problems.length) throw new RangeError(`invalid reminder policy: ${problems.join(', ')}`);
}

/** The defaults are frozen; a resolved policy is the caller's to keep, so it gets its own arrays. */
function structuredCopy<T>(value: T): T {
  return (Array.isArray(value) ? value.map((inner: unknown) => structuredCopy(inner)) : value && typeof value === 'object' ? { ...value } : value) as T;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export interface ScheduledReminder {
  atMs: number;
  kind: ReminderKind;
  /**
   * 1-based number of the policy slot this reminder fills. It depends only on the policy (not on fromMs, the
   * calendar or the due date), so it can go into an idempotency key and survives restarts, continue-as-new and
   * edits to the holiday table.
   */
  seq: number;
  escalateTo?: EscalationTarget;
  /** Policy days from the due date to this reminder after any working-day shift: -7, 0, 3 ... Use it for wording. */
  daysFromDue: number;
  /** The policy slot before shifting, e.g. -1 for "one day before" even when sent three days before. */
  nominalDaysFromDue: number;
}

export interface ReminderScheduleInput {
  /** The deadline; with real days its Bangkok calendar date is the due date. */
  dueAtMs: number;
  /** Only reminders at or after this instant are returned (e.g. the workflow's current time). */
  fromMs: number;
  /** Defaults to defaultReminderPolicy; partial policies are completed with the defaults. */
  policy?: ReminderPolicyInput;
  calendar?: WorkCalendar;
  /** At most this many overdue reminders (counted over the whole schedule, so the cut is stable too). */
  maxOverdue?: number;
  /**
   * When the item began to be followed in the system (its run's start). A due date before it is a late start's:
   * no overdue reminder or escalation until the policy's lateStartGraceDays after it (module comment).
   */
  liveFromMs?: number;
}

interface Slot {
  seq: number;
  kind: ReminderKind;
  offsetDays: number;
  escalateTo?: EscalationTarget;
}

const KIND_ORDER: Record<ReminderKind, number> = { before: 0, due: 1, overdue: 2, escalation: 3 };

/** Every slot the policy defines, numbered in timeline order; nothing here depends on dates or fromMs. */
function policySlots(policy: ReminderPolicy, maxOverdue: number | undefined): Slot[] {
  const slots: Omit<Slot, 'seq'>[] = [];
  for (const days of new Set(policy.beforeDays)) slots.push({ kind: 'before', offsetDays: -days });
  if (policy.onDueDay) slots.push({ kind: 'due', offsetDays: 0 });
  const overdueLimit = maxOverdue ?? Number.POSITIVE_INFINITY;
  for (let count = 1; count <= overdueLimit && count * policy.overdueEveryDays <= policy.overdueCapDays; count += 1) {
    slots.push({ kind: 'overdue', offsetDays: count * policy.overdueEveryDays });
  }
  const escalationKeys = new Set<string>();
  for (const { afterDaysOverdue, to } of policy.escalations) {
    const key = `${afterDaysOverdue}:${to}`;
    if (escalationKeys.has(key)) continue;
    escalationKeys.add(key);
    slots.push({ kind: 'escalation', offsetDays: afterDaysOverdue, escalateTo: to });
  }
  slots.sort(
    (a, b) =>
      a.offsetDays - b.offsetDays ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      ESCALATION_TARGETS.indexOf(a.escalateTo ?? 'unit_head') - ESCALATION_TARGETS.indexOf(b.escalateTo ?? 'unit_head'),
  );
  return slots.map((slot, index) => ({ ...slot, seq: index + 1 }));
}

function assertInstant(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite epoch-millisecond value: ${value}`);
}

/**
 * The reminders still to send for one due date, in time order. The full schedule is computed first and then cut
 * at fromMs, so a schedule computed later is always a suffix of an earlier one (same atMs, same seq): a workflow
 * that restarts recomputes it and carries on without resending. A reminder whose time passed while the workflow
 * was down is not in the result; pass the time of the last reminder sent + 1 as fromMs to catch up instead.
 */
export function reminderSchedule(input: ReminderScheduleInput): ScheduledReminder[] {
  assertInstant(input.dueAtMs, 'dueAtMs');
  assertInstant(input.fromMs, 'fromMs');
  if (input.liveFromMs !== undefined) assertInstant(input.liveFromMs, 'liveFromMs');
  if (input.maxOverdue !== undefined && (!Number.isInteger(input.maxOverdue) || input.maxOverdue < 0)) {
    throw new RangeError(`maxOverdue must be a non-negative integer: ${input.maxOverdue}`);
  }
  const policy = resolveReminderPolicy(input.policy);
  const slots = policySlots(policy, input.maxOverdue);
  const realDays = policy.dayMs === DAY_MS;

  let placed: ScheduledReminder[];
  if (!realDays) {
    placed = slots.map((slot) => reminderAt(slot, input.dueAtMs + slot.offsetDays * policy.dayMs, slot.offsetDays));
  } else {
    const dueDate = bangkokDate(input.dueAtMs);
    // Bangkok has no daylight saving, so adding whole days to the anchor keeps the time of day.
    const anchorMs =
      policy.sendAtHour === null ? input.dueAtMs : bangkokMidnightMs(dueDate) + policy.sendAtHour * 3_600_000;
    const calendar = policy.shiftToWorkingDays ? input.calendar : undefined;
    placed = slots.map((slot) => {
      const nominalDate = addDays(dueDate, slot.offsetDays);
      const date = calendar ? shiftedDate(nominalDate, slot.kind, calendar) : nominalDate;
      const daysFromDue = daysBetween(dueDate, date);
      return reminderAt(slot, anchorMs + daysFromDue * DAY_MS, daysFromDue);
    });
    placed = keepOnePerDay(placed);
  }

  if (input.liveFromMs !== undefined && input.dueAtMs < input.liveFromMs) {
    // Depends on the due date and the start only, never on fromMs: a later schedule is still a suffix of an earlier one.
    const graceEndMs = input.liveFromMs + policy.lateStartGraceDays * policy.dayMs;
    placed = placed.filter((reminder) => (reminder.kind !== 'overdue' && reminder.kind !== 'escalation') || reminder.atMs >= graceEndMs);
  }

  placed.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  return placed.filter((reminder) => reminder.atMs >= input.fromMs);
}

function shiftedDate(date: string, kind: ReminderKind, calendar: WorkCalendar): string {
  return kind === 'before' || kind === 'due' ? previousWorkingDay(date, calendar) : nextWorkingDay(date, calendar);
}

function reminderAt(slot: Slot, atMs: number, daysFromDue: number): ScheduledReminder {
  const reminder: ScheduledReminder = {
    atMs,
    kind: slot.kind,
    seq: slot.seq,
    daysFromDue,
    nominalDaysFromDue: slot.offsetDays,
  };
  if (slot.escalateTo) reminder.escalateTo = slot.escalateTo;
  return reminder;
}

/** After shifting, several non-escalation reminders may share a day: keep the one for the latest slot. */
function keepOnePerDay(reminders: ScheduledReminder[]): ScheduledReminder[] {
  const latestSlotByDay = new Map<number, number>();
  for (const reminder of reminders) {
    if (reminder.kind === 'escalation') continue;
    const current = latestSlotByDay.get(reminder.daysFromDue);
    if (current === undefined || reminder.seq > current) latestSlotByDay.set(reminder.daysFromDue, reminder.seq);
  }
  return reminders.filter(
    (reminder) => reminder.kind === 'escalation' || latestSlotByDay.get(reminder.daysFromDue) === reminder.seq,
  );
}

/** Key for the side effect of sending one reminder: retried activities and restarted workflows reuse it. */
export function reminderIdempotencyKey(workflowId: string, stepKey: string, seq: number): string {
  return `${workflowId}:${stepKey}:reminder:${seq}`;
}

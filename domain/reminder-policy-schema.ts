import { z } from 'zod';
import {
  ESCALATION_TARGETS,
  MAX_LATE_START_GRACE_DAYS,
  MAX_OVERDUE_CAP_DAYS,
  defaultReminderPolicy,
  type EscalationTarget,
  type ReminderPolicy,
} from './reminders';

/**
 * Validation of a reminder policy where one enters the system (the admin page, an organisation's stored settings).
 * The defaults are the schedule's own (reminders.ts), so a parsed policy and a resolved one are the same.
 */

export const escalationTargetSchema = z.enum(ESCALATION_TARGETS);

const defaults = defaultReminderPolicy;

export const reminderPolicySchema = z.object({
  beforeDays: z.array(z.number().int().positive().max(365)).default(() => [...defaults.beforeDays]),
  onDueDay: z.boolean().default(defaults.onDueDay),
  overdueEveryDays: z.number().int().positive().default(defaults.overdueEveryDays),
  overdueCapDays: z.number().int().positive().max(MAX_OVERDUE_CAP_DAYS).default(defaults.overdueCapDays),
  escalations: z
    .array(
      z.object({ afterDaysOverdue: z.number().int().positive().max(MAX_OVERDUE_CAP_DAYS), to: escalationTargetSchema }),
    )
    .default(() => defaults.escalations.map((e) => ({ ...e }))),
  dayMs: z.number().int().positive().default(defaults.dayMs),
  sendAtHour: z.number().int().min(0).max(23).nullable().default(defaults.sendAtHour),
  shiftToWorkingDays: z.boolean().default(defaults.shiftToWorkingDays),
  // A policy stored before the setting existed parses to the default, which is the rule's length before it.
  lateStartGraceDays: z.number().int().min(0).max(MAX_LATE_START_GRACE_DAYS).default(defaults.lateStartGraceDays),
}) satisfies z.ZodType<ReminderPolicy>;

// The schema and the interface describe one policy; a field added to one and not the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesPolicy: Same<z.output<typeof reminderPolicySchema>, ReminderPolicy> = true;
const escalationTargetsMatch: Same<z.output<typeof escalationTargetSchema>, EscalationTarget> = true;
void schemaMatchesPolicy;
void escalationTargetsMatch;

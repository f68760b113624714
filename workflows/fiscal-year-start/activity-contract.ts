import type { WorkCalendar } from '../../domain/calendar';
import type { ReminderPolicyInput } from '../../domain/reminders';
import type { ItemYearInput } from '../item-year/workflow';

/**
 * What the fiscal-year start workflow asks of the outside world. Types only: activities/item-years.ts implements
 * it; creating the item-year rows is idempotent (rows already there are kept), so starting a year twice is safe.
 */

export interface PreparedItemYear {
  workflowId: string;
  input: Omit<ItemYearInput, 'timing' | 'reminderPolicy' | 'calendar' | 'approvalRoute'>;
}

export interface PreparedFiscalYear {
  organizationId: number;
  planId: number;
  approvalRoute: ItemYearInput['approvalRoute'];
  /** The organisation's own reminder policy (settings.reminderPolicy), when it has set one. */
  reminderPolicy?: ReminderPolicyInput;
  /** Weekends and the organisation's holiday table, for moving reminders off days the office is closed. */
  calendar: WorkCalendar;
  itemYears: PreparedItemYear[];
}

export interface FiscalYearStartActivities {
  /** Creates the item-year rows of a fiscal year and returns what the workflow needs to start each one. */
  prepareFiscalYear(input: { organizationSlug: string; fiscalYear: number; itemCodes?: string[] }): Promise<PreparedFiscalYear>;
}

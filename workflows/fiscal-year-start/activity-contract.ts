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

export interface StartItemYearsInput {
  organizationSlug: string;
  fiscalYear: number;
  itemCodes?: string[];
  timing: ItemYearInput['timing'];
  /** Given by the caller; otherwise the organisation's own policy, when it has set one. */
  reminderPolicy?: ReminderPolicyInput;
  /** Unset: the task queue this activity runs on. */
  taskQueue?: string;
}

/** How many item-years one attempt found, started, and found already running (a retry counts its earlier starts here). */
export interface StartItemYearsResult {
  itemYears: number;
  started: number;
  alreadyRunning: number;
}

export interface FiscalYearStartActivities {
  /** Creates the item-year rows of a fiscal year and returns what the workflow needs to start each one. */
  prepareFiscalYear(input: { organizationSlug: string; fiscalYear: number; itemCodes?: string[] }): Promise<PreparedFiscalYear>;
  /**
   * prepareFiscalYear, then records every item-year's revision 1 and its 'started' audit row in one transaction, then
   * starts every item-year workflow from the worker's client, told that its first revision is recorded (ids are
   * stable, so a retry starts only what is missing). The inputs never enter the fiscal-year start's own history.
   */
  startItemYears(input: StartItemYearsInput): Promise<StartItemYearsResult>;
}

import type { WorkCalendar } from '../../domain/calendar';
import type { ReportNotice } from '../../domain/messages';
import type { ReminderPolicyInput } from '../../domain/reminders';
import type { ReportKind } from '../../domain/report-kind';
import type { ItemYearActivities, Recipient } from '../item-year/activity-contract';
import type { Regenerate, ReportVersionState } from './messages';

export type { ReportNotice };

/**
 * What the report workflow asks of the outside world. Types only: activities/reports (the report store and its
 * renderers) and activities/report-workflow.ts implement it, each call idempotent by the key the workflow passes;
 * the decision and message activities are the item-year workflow's own.
 */

export interface ReportFacts {
  organizationName: string;
  titleTh: string;
  titleEn: string;
  /** For the decision point: the plan's budget for the items this report covers, in baht. */
  budgetPlannedBaht: number;
  /** Thai lines first, then English: what the approver reads above the decision form and in the message. */
  memo: string;
  /** Absolute link to the PDF (a signed-in person of the organisation may open it before publication). */
  documentUrl: string;
}

/** The report store: a version from a fresh snapshot, its files, its publication. */
export interface ReportStoreActivities {
  /** The same request key returns the version it created. */
  createReportVersion(input: {
    organizationId: number;
    kind: ReportKind;
    fiscalYear: number;
    requestKey: string;
    /** The workflow's clock, so a replay asks for the same snapshot time. */
    createdAtMs: number;
    recorded?: Regenerate['recorded'];
  }): Promise<{ reportId: number; version: number; snapshotSha256: string }>;
  /** Every format in both languages (the PDF through Chromium); heartbeats while it renders. */
  renderReportFiles(input: { reportId: number }): Promise<ReportVersionState['files']>;
  publishReport(input: { reportId: number; publishedAtMs: number }): Promise<{ reportId: number; version: number; status: string }>;
}

/** The report workflow's own: the organisation and period, facts for the sign-off, review status, audit, notices. */
/** One audit row per workflow revision of a report. */
export interface ReportEventInput {
  workflowId: string;
  revision: number;
  organizationId: number | null;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface ReportWorkflowOwnActivities {
  resolveReportOrganization(input: {
    organizationSlug?: string;
    organizationId?: number;
  }): Promise<{ id: number; slug: string; name: string; reminderPolicy?: ReminderPolicyInput; calendar: WorkCalendar }>;
  findPublishedReportVersion(input: {
    organizationId: number;
    kind: ReportKind;
    fiscalYear: number;
  }): Promise<{ reportId: number; version: number } | null>;
  describeReportVersion(input: { reportId: number }): Promise<ReportFacts>;
  setReportReview(input: { reportId: number; from: 'draft' | 'in_review'; to: 'draft' | 'in_review' }): Promise<void>;
  /** One audit row per workflow revision. */
  recordReportEvent(input: ReportEventInput): Promise<void>;
  notifyReport(input: {
    idempotencyKey: string;
    organizationId: number;
    reportId: number;
    recipients: Recipient[];
    notice: ReportNotice;
  }): Promise<{ outboxIds: number[] }>;
}

export type ReportWorkflowActivities = ReportStoreActivities &
  ReportWorkflowOwnActivities &
  Pick<ItemYearActivities, 'openDecision' | 'remindDecision' | 'closeDecision' | 'verifyDecision' | 'notify'>;

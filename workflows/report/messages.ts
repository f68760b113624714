import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ApproverRole } from '../../domain/decision';
import { fiscalYearOf, halfOf } from '../../domain/fiscal';
import { reportKindSlug, type ReportKind } from '../../domain/report-kind';
import { commandAppliedUpdate, hasProcessedQuery } from '../common/commands';
import { decideSignal, type Decide, type DecisionFacts } from '../common/decision';

/**
 * The report workflow's message contract. Decisions arrive on the same `decide` signal as the item-year
 * workflow's (the decision-link page signals whichever workflow opened the point), and `hasProcessed` answers the
 * same question, so one decision route serves both. Every payload carries an id the caller stored first; the
 * workflow ignores an id it has already processed.
 */

export { commandAppliedUpdate, decideSignal, hasProcessedQuery, type Decide };

export type ReportPhase =
  /** Finding the organisation and the period. */
  | 'starting'
  /** Snapshot, new version, every format rendered. */
  | 'generating'
  | 'palad_review'
  | 'mayor_review'
  /** An approver sent the report back; the coordinator regenerates it. */
  | 'sent_back'
  | 'publishing'
  | 'published'
  /** The period already had a published report when this run began: nothing was made. */
  | 'already_published'
  /** A scheduled (or otherwise named) run that started the period's own workflow and ended. */
  | 'handed_over';

/** The coordinator asks for a new version from a fresh snapshot after a send-back. */
export interface Regenerate {
  requestId: string;
  personId: number;
  /** What was corrected, for the record. */
  note?: string;
  /** Figures the organisation recorded for the year (ITA result, case reduction), printed in the report. */
  recorded?: { itaScore?: number | null; caseReductionPercent?: number | null };
}

export interface ReportVersionState {
  reportId: number;
  version: number;
  snapshotSha256: string;
  files: Array<{ format: string; lang: string; fileName: string; sha256: string; sizeBytes: number }>;
}

export interface ReportDecisionRecord extends DecisionFacts {
  role: ApproverRole;
  reportId: number;
}

export interface ReportWorkflowState {
  workflowId: string;
  revision: number;
  kind: ReportKind;
  fiscalYear: number | null;
  organizationId: number | null;
  organizationSlug: string | null;
  phase: ReportPhase;
  /** Sign-off round: 1 for the first version sent up, +1 each time the chain restarts. */
  round: number;
  current?: ReportVersionState;
  /** Every version this workflow made, oldest first; older ones stay as drafts. */
  versions: ReportVersionState[];
  openDecision?: { decisionKey: string; role: 'palad' | 'mayor'; dueAtMs: number };
  sentBack?: { role: 'palad' | 'mayor'; reason: string; personId: number; atMs: number };
  decisions: ReportDecisionRecord[];
  published?: { reportId: number; version: number; atMs: number; publicPath: string };
  /** The last rendering failure while it is being retried (cleared once a rendering succeeds). */
  renderError?: { reportId: number; message: string; atMs: number; failures: number };
  /** The period's own workflow, when this run handed over to it. */
  handedOverTo?: { workflowId: string; started: boolean };
  history: Array<{ atMs: number; event: string; personId?: number; detail?: string }>;
  processedIds: string[];
}

export const regenerateSignal = defineSignal<[Regenerate]>('regenerate');
export const reportStateQuery = defineQuery<ReportWorkflowState>('state');

/**
 * The one workflow id of a report period. Every way of starting a report (schedule, command line, API) ends up in
 * the workflow with this id, and a start is refused while one exists, so a period never gets two sign-off chains.
 */
export function reportWorkflowId(organizationSlug: string, kind: ReportKind, fiscalYear: number): string {
  return `report:${organizationSlug}:${kind}:${fiscalYear}`;
}

/** Where the public finds the latest published version of a report period. */
export function publicReportPath(organizationSlug: string, kind: ReportKind, fiscalYear: number): string {
  return `/public/${organizationSlug}/reports/${reportKindSlug(kind)}/${fiscalYear}`;
}

/**
 * The period a scheduled run reports on: the most recent one that has ended. On 1 April that is the first half of
 * the current fiscal year; on 1 October, the fiscal year just ended. The same answer holds for a run that starts
 * late (a server down at midnight, caught up within the schedule's window), and a schedule triggered by hand in
 * October-March gets the previous year's six-month period, which has ended, rather than a half still running.
 */
export function scheduledReportFiscalYear(kind: ReportKind, atMs: number): number {
  if (kind === 'annual') return fiscalYearOf(atMs) - 1;
  const { fiscalYear, half } = halfOf(atMs);
  return half === 2 ? fiscalYear : fiscalYear - 1;
}

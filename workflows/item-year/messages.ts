import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ApproverRole, DecisionPurpose } from '../../domain/decision';
import type { AfterTheFactRecord } from '../../domain/after-the-fact';
import type { Step, StepPhase } from '../../domain/plan';
import { decideSignal, type Decide, type DecisionFacts } from '../common/decision';

/**
 * The item-year workflow's message contract. Every payload is one object carrying a requestId (or decisionId) that
 * the caller stored first: signals may arrive twice and HTTP requests are retried, so the workflow ignores an id it
 * has already processed.
 */

export type ItemYearPhase =
  | 'proposal'
  | 'approval'
  | 'committee'
  | 'committee_signoff'
  | 'execution'
  | 'evaluation'
  | 'report'
  | 'report_ack'
  | 'completed'
  | 'cancelled';

export type ItemYearStatusName = 'not_started' | 'in_progress' | 'completed' | 'cancelled';

export interface SubmitProposal {
  requestId: string;
  personId: number;
  memo: string;
  /** Baht asked for this year; null = ไม่ใช้งบประมาณ. */
  budget: number | null;
  startDate?: string;
  endDate?: string;
}

export interface RecordCommittee {
  requestId: string;
  personId: number;
  orderNumber: string;
  orderDate: string;
  members: Array<{ name: string; role: string }>;
}

export interface CompleteStep {
  requestId: string;
  personId: number;
  stepKey: string;
  notes: string;
  evidenceIds: string[];
  budgetSpent?: number;
}

export interface MoveDueDate {
  requestId: string;
  personId: number;
  stepKey: string;
  newDueAtMs: number;
  reason: string;
}

export interface IndicatorResult {
  ordinal: number;
  value?: number;
  text: string;
  met?: boolean;
}

export interface SubmitEvaluation {
  requestId: string;
  personId: number;
  indicatorResults: IndicatorResult[];
  budgetSpent: number | null;
  problems: string;
  suggestions: string;
}

export interface SubmitReport {
  requestId: string;
  personId: number;
  summary: string;
}

export interface RequestCancellation {
  requestId: string;
  personId: number;
  reason: string;
}

export interface Reassign {
  requestId: string;
  personId: number;
  newOwnerPersonId: number;
  newOwnerName?: string;
}

/**
 * What already happened on paper before the organisation went live (domain/after-the-fact.ts), recorded by the
 * coordinator: the run moves past the stages it covers without asking for those decisions.
 */
export interface RecordAfterTheFact {
  requestId: string;
  personId: number;
  /** Who recorded it, for the audit row and the item page. */
  personName?: string;
  record: AfterTheFactRecord;
  /** The evidence files uploaded with the record, by step key (their rows are written before the signal). */
  evidenceIds?: Record<string, string[]>;
}

/** What the state keeps of an after-the-fact record: who recorded it and when, and the paper facts it covers. */
export interface AfterTheFactState {
  recordedBy: number;
  recordedByName?: string;
  recordedAtMs: number;
  approval?: { date: string; documentNumber: string };
  committee?: { orderNumber: string; orderDate: string };
  stepKeys: string[];
}

/**
 * An approved plan amendment (แผนฯ แก้ไขเพิ่มเติม/เปลี่ยนแปลง) told to a running item-year: the item no longer runs
 * this year (cancelled, the amendment its reason), or its budget for the year, its name, its responsible unit or its
 * method steps changed. Sent by the amendment's application (activities/plan-approval.ts, applyPlanAmendment) through
 * the command path; runs from before it never got it, and runs from before unit and steps never got those.
 */
export interface ApplyAmendment {
  requestId: string;
  /** The นายก who approved the amendment: the audit names them. */
  personId: number;
  amendment: { planVersionId: number; number: number };
  change: { kind: 'cancel'; reason: string } | AmendmentUpdateChange;
}

export interface AmendmentUpdateChange {
  kind: 'update';
  budget: number | null;
  name: string;
  /**
   * The responsible division (unit key) and section now, with the owner the application found for that unit (null:
   * the unit head is told instead). Only when the amendment moved the item.
   */
  unit?: { unitKey: string; section: string | null; owner: { personId: number | null; name?: string } };
  /** The item's method steps now, only when they changed: the run works out this year's steps and due dates again. */
  steps?: Step[];
}

export interface StepState {
  key: string;
  ordinal: number;
  text: string;
  phase: StepPhase;
  /** Check-in number for a recurring step (1..n), absent for a one-off step. */
  occurrence?: number;
  dueAtMs: number;
  status: 'pending' | 'done';
  completedAtMs?: number;
  completedBy?: number;
  notes?: string;
  evidenceIds?: string[];
  /** Done on paper before go-live: completedAtMs is the day the coordinator recorded it was done. */
  recordedAfterTheFact?: true;
}

export interface DecisionRecord extends DecisionFacts {
  purpose: DecisionPurpose;
}

export interface HistoryEntry {
  atMs: number;
  event: string;
  personId?: number;
  detail?: string;
}

export interface ItemYearState {
  workflowId: string;
  revision: number;
  status: ItemYearStatusName;
  phase: ItemYearPhase;
  ownerPersonId: number | null;
  ownerName?: string;
  proposal?: { memo: string; budget: number | null; startDate?: string; endDate?: string; round: number };
  committee?: { orderNumber: string; orderDate: string; members: Array<{ name: string; role: string }> };
  openDecision?: { decisionKey: string; purpose: DecisionPurpose; approverRole: ApproverRole; dueAtMs: number };
  pendingCancellation?: { reason: string; requestedBy: number; decisionKey: string };
  steps: StepState[];
  phaseDueAtMs?: number;
  evaluation?: Omit<SubmitEvaluation, 'requestId' | 'personId'>;
  report?: { summary: string };
  budgetSpent: number | null;
  cancelReason?: string;
  afterTheFact?: AfterTheFactState;
  /**
   * The item as the last amendment applied to this run has it (its budget for the year and its name), and the
   * responsible unit once an amendment moved it (kept by later amendments that do not).
   */
  amended?: { planVersionId: number; number: number; budget: number | null; name: string; unit?: { unitKey: string; section: string | null } };
  decisions: DecisionRecord[];
  history: HistoryEntry[];
  /** Request and decision ids processed, so the API can tell when its signal has been taken. */
  processedIds: string[];
}

export const submitProposalSignal = defineSignal<[SubmitProposal]>('submitProposal');
export const recordCommitteeSignal = defineSignal<[RecordCommittee]>('recordCommittee');
export const completeStepSignal = defineSignal<[CompleteStep]>('completeStep');
export const moveDueDateSignal = defineSignal<[MoveDueDate]>('moveDueDate');
export const submitEvaluationSignal = defineSignal<[SubmitEvaluation]>('submitEvaluation');
export const submitReportSignal = defineSignal<[SubmitReport]>('submitReport');
export const requestCancellationSignal = defineSignal<[RequestCancellation]>('requestCancellation');
export const reassignSignal = defineSignal<[Reassign]>('reassign');
export const recordAfterTheFactSignal = defineSignal<[RecordAfterTheFact]>('recordAfterTheFact');
export const applyAmendmentSignal = defineSignal<[ApplyAmendment]>('applyAmendment');

export const stateQuery = defineQuery<ItemYearState>('state');
export { commandAppliedUpdate, hasProcessedQuery } from '../common/commands';
/** Decisions arrive on the decide signal both workflows share (workflows/common/decision.ts). */
export { decideSignal, type Decide };

import type { DecisionOutcome } from '../../domain/decision';

/**
 * What the plan-approval workflow asks of the outside world beyond the decision point's own activities. Types only:
 * activities/plan-approval.ts implements it, idempotent by the decision id.
 */

export interface RecordPlanApprovalInput {
  organizationId: number;
  planVersionId: number;
  decisionId: string;
  outcome: DecisionOutcome;
  personId: number;
  actingAs: string;
  reason?: string;
}

export interface ApplyPlanAmendmentInput {
  organizationId: number;
  planVersionId: number;
  /** The นายก who approved it: the running item-years' audit rows name them. */
  personId: number;
}

/** What an approved amendment did to one started fiscal year, by item code. */
export interface AppliedAmendmentYear {
  fiscalYear: number;
  /** Items that now run this year and have no running item-year: the workflow starts them (startItemYears). */
  toStart: string[];
  cancelled: string[];
  updated: string[];
  /**
   * Of toStart, the items whose item-year an earlier amendment cancelled: their row was given a new workflow id and
   * starts again as a new run (absent when none).
   */
  restarted?: string[];
}

export interface PlanApprovalActivities {
  /**
   * Marks the version approved, rejected or sent back by the decision, audited; an approved version becomes the plan
   * in force in the same transaction. A repeat changes nothing.
   */
  recordPlanApproval(input: RecordPlanApprovalInput): Promise<void>;
  /**
   * Applies an approved amendment to the running item-years of its plan, against the version it replaced: the
   * commands to cancel removed items and to tell changed ones are stored (once, audited) and delivered; the items to
   * start are returned. A retry delivers what is left and stores nothing twice.
   */
  applyPlanAmendment(input: ApplyPlanAmendmentInput): Promise<AppliedAmendmentYear[]>;
}

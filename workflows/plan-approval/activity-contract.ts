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

export interface PlanApprovalActivities {
  /** Marks the version approved, rejected or sent back by the decision, audited; a repeat changes nothing. */
  recordPlanApproval(input: RecordPlanApprovalInput): Promise<void>;
}

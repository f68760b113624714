import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { appendAudit, type AuditKey } from '../db/audit';
import { inTransaction } from '../db/pool';
import { decidePlanVersionApproval, type PlanApprovalStatus } from '../db/queries/plans';
import type { DecisionOutcome } from '../domain/decision';
import type { PlanApprovalActivities, RecordPlanApprovalInput } from '../workflows/plan-approval/activity-contract';

const STATUS_OF: Partial<Record<DecisionOutcome, Exclude<PlanApprovalStatus, 'pending'>>> = {
  approve: 'approved',
  reject: 'rejected',
  send_back: 'sent_back',
};

export function createPlanApprovalActivities(pool: Pool, auditKey: AuditKey): PlanApprovalActivities {
  return {
    async recordPlanApproval(input: RecordPlanApprovalInput): Promise<void> {
      const status = STATUS_OF[input.outcome];
      if (!status) {
        throw ApplicationFailure.nonRetryable(`ผลการพิจารณาใช้กับแผนไม่ได้ / outcome ${input.outcome} does not apply to a plan`, 'VALIDATION_FAILED');
      }
      // The version's status and its audit row commit together; the audit key makes a retry add nothing.
      await inTransaction(pool, async (tx) => {
        const changed = await decidePlanVersionApproval(tx, { versionId: input.planVersionId, status, decisionId: input.decisionId });
        if (!changed) return;
        await appendAudit(tx, auditKey, {
          idempotencyKey: `plan-approval:${input.planVersionId}:${input.decisionId}`,
          organizationId: input.organizationId,
          occurredAt: new Date(),
          actor: `person:${input.personId}`,
          action: `plan_version_${status}`,
          entityType: 'plan_version',
          entityId: String(input.planVersionId),
          before: { approvalStatus: 'pending' },
          after: { approvalStatus: status, decisionId: input.decisionId, actingAs: input.actingAs, ...(input.reason ? { reason: input.reason } : {}) },
        });
      });
    },
  };
}

import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { appendAudit, type AuditKey } from '../db/audit';
import { putVersionInForce } from '../db/plan-store';
import { inTransaction } from '../db/pool';
import { listUndeliveredCommandsWithPrefix } from '../db/queries/commands';
import * as itemYears from '../db/queries/item-years';
import {
  decidePlanVersionApproval,
  findVersionCanonical,
  findVersionForAmendment,
  markAmendmentApplied,
  type PlanApprovalStatus,
} from '../db/queries/plans';
import type { DecisionOutcome } from '../domain/decision';
import { planAmendmentCancelReason } from '../domain/messages';
import { canonicalPlanSchema, planTitle } from '../domain/plan';
import { amendmentForYear, diffCounts, diffPlans } from '../domain/plan-diff';
import { deliverStoredCommand, storeCommand } from '../services/commands';
import { applyAmendmentSignal, type ApplyAmendment } from '../workflows/item-year/messages';
import type {
  AppliedAmendmentYear,
  ApplyPlanAmendmentInput,
  PlanApprovalActivities,
  RecordPlanApprovalInput,
} from '../workflows/plan-approval/activity-contract';

const STATUS_OF: Partial<Record<DecisionOutcome, Exclude<PlanApprovalStatus, 'pending'>>> = {
  approve: 'approved',
  reject: 'rejected',
  send_back: 'sent_back',
};

/** The id prefix of one amendment's commands: a retry finds what is left to deliver by it. */
function amendmentCommandPrefix(planVersionId: number): string {
  return `amendment:v${planVersionId}:`;
}

export function createPlanApprovalActivities(pool: Pool, auditKey: AuditKey, temporal: Client): PlanApprovalActivities {
  return {
    async recordPlanApproval(input: RecordPlanApprovalInput): Promise<void> {
      const status = STATUS_OF[input.outcome];
      if (!status) {
        throw ApplicationFailure.nonRetryable(`ผลการพิจารณาใช้กับแผนไม่ได้ / outcome ${input.outcome} does not apply to a plan`, 'VALIDATION_FAILED');
      }
      // The version's status, its being in force once approved, and the audit row commit together; the audit key
      // makes a retry add nothing.
      await inTransaction(pool, async (tx) => {
        const changed = await decidePlanVersionApproval(tx, { versionId: input.planVersionId, status, decisionId: input.decisionId });
        if (!changed) return;
        let inForce: { replacedVersionId: number | null } | undefined;
        if (status === 'approved') {
          const version = (await findVersionForAmendment(tx, input.planVersionId))!;
          const plan = canonicalPlanSchema.parse(version.canonical);
          inForce = await putVersionInForce(tx, { planId: version.planId, versionId: input.planVersionId, title: planTitle(plan) });
        }
        await appendAudit(tx, auditKey, {
          idempotencyKey: `plan-approval:${input.planVersionId}:${input.decisionId}`,
          organizationId: input.organizationId,
          occurredAt: new Date(),
          actor: `person:${input.personId}`,
          action: `plan_version_${status}`,
          entityType: 'plan_version',
          entityId: String(input.planVersionId),
          before: { approvalStatus: 'pending' },
          after: {
            approvalStatus: status,
            decisionId: input.decisionId,
            actingAs: input.actingAs,
            ...(input.reason ? { reason: input.reason } : {}),
            ...(inForce ? { inForce: true, replacedVersionId: inForce.replacedVersionId } : {}),
          },
        });
      });
    },

    async applyPlanAmendment(input: ApplyPlanAmendmentInput): Promise<AppliedAmendmentYear[]> {
      const version = await findVersionForAmendment(pool, input.planVersionId);
      if (!version) throw ApplicationFailure.nonRetryable(`ไม่พบแผนฉบับนี้ / no plan version ${input.planVersionId}`, 'NOT_FOUND');
      if (version.approvalStatus !== 'approved' || version.amendmentNumber === null) {
        throw ApplicationFailure.nonRetryable('แผนฉบับนี้ไม่ใช่การแก้ไขที่นายกอนุมัติ / not an approved amendment', 'VALIDATION_FAILED');
      }
      // Approved while it was already the plan in force (nothing replaced): there is nothing to apply.
      if (version.replacedVersionId === null) return [];
      const amended = canonicalPlanSchema.parse(version.canonical);
      const replaced = canonicalPlanSchema.parse(await findVersionCanonical(pool, version.replacedVersionId));
      const diff = diffPlans(replaced, amended);
      const amendment = { planVersionId: input.planVersionId, number: version.amendmentNumber };
      const reason = planAmendmentCancelReason({ number: version.amendmentNumber, version: version.version });
      const prefix = amendmentCommandPrefix(input.planVersionId);

      const years = await inTransaction(pool, async (tx) => {
        const running = await itemYears.listRunningItemYearsOfPlan(tx, version.planId);
        const result: AppliedAmendmentYear[] = [];
        const commands: Array<{ workflowId: string; payload: ApplyAmendment }> = [];
        const kept: number[] = [];
        const restarts: Array<{ fiscalYear: number; code: string; itemYearId: number }> = [];
        for (const fiscalYear of [...new Set(running.map((r) => r.fiscalYear))]) {
          const forYear = amendmentForYear(diff, fiscalYear);
          const here = new Map(running.filter((r) => r.fiscalYear === fiscalYear).map((r) => [r.itemCode, r]));
          const existing = await itemYears.listItemYearsOfYear(tx, version.planId, fiscalYear);
          const command = (row: itemYears.RunningItemYearRow, change: ApplyAmendment['change']) =>
            commands.push({
              workflowId: row.workflowId,
              payload: { requestId: `${prefix}${row.itemCode}:${fiscalYear}`, personId: input.personId, amendment, change },
            });
          const cancelled = forYear.cancel.filter((code) => here.has(code));
          for (const code of cancelled) command(here.get(code)!, { kind: 'cancel', reason });
          const updated = forYear.update.filter((u) => here.has(u.code));
          for (const u of updated) {
            // The item moved: its owner is found in the new unit by the rule a new item-year's is.
            const unit = u.unit
              ? { unitKey: u.unit.division, section: u.unit.section, owner: await itemYears.findUnitOwner(tx, input.organizationId, u.unit.division) }
              : undefined;
            command(here.get(u.code)!, { kind: 'update', budget: u.budget, name: u.name, ...(unit ? { unit } : {}), ...(u.steps ? { steps: u.steps } : {}) });
          }
          for (const [code, row] of here) if (!cancelled.includes(code)) kept.push(row.itemYearId);
          // An item put back after an earlier amendment took it out of this year runs again, as a new run of its row.
          const again = forYear.start.filter((code) => existing.get(code)?.status === 'cancelled');
          for (const code of again) restarts.push({ fiscalYear, code, itemYearId: existing.get(code)!.itemYearId });
          result.push({
            fiscalYear,
            // A row not started yet (one restarted by an attempt of this activity that committed) is started too.
            toStart: forYear.start.filter((code) => !existing.has(code) || again.includes(code) || existing.get(code)!.status === 'not_started'),
            cancelled,
            updated: updated.map((u) => u.code),
            ...(again.length ? { restarted: again } : {}),
          });
        }
        // Once per amendment: the commands, the item-years' new version and the audit row commit together.
        if (!(await markAmendmentApplied(tx, input.planVersionId))) return result;
        for (const c of commands) {
          await storeCommand(tx, { workflowId: c.workflowId, signal: applyAmendmentSignal, payload: c.payload, commandId: c.payload.requestId });
        }
        await itemYears.pointItemYearsAtVersion(tx, { itemYearIds: kept, planVersionId: input.planVersionId });
        for (const r of restarts) {
          const restarted = await itemYears.restartItemYear(tx, { organizationId: input.organizationId, itemYearId: r.itemYearId, planVersionId: input.planVersionId });
          if (!restarted) continue;
          await appendAudit(tx, auditKey, {
            idempotencyKey: `plan-amendment:${input.planVersionId}:restart:${r.itemYearId}`,
            organizationId: input.organizationId,
            occurredAt: new Date(),
            actor: `person:${input.personId}`,
            action: 'restarted_by_amendment',
            entityType: 'item_year',
            entityId: restarted.workflowId,
            before: { workflowId: restarted.workflowIdBefore, status: 'cancelled' },
            after: { workflowId: restarted.workflowId, run: restarted.run, item: r.code, fiscalYear: r.fiscalYear, amendment },
          });
        }
        await appendAudit(tx, auditKey, {
          idempotencyKey: `plan-amendment:${input.planVersionId}:applied`,
          organizationId: input.organizationId,
          occurredAt: new Date(),
          actor: `person:${input.personId}`,
          action: 'plan_amendment_applied',
          entityType: 'plan_version',
          entityId: String(input.planVersionId),
          before: { versionInForce: version.replacedVersionId },
          after: { amendment: version.amendmentNumber, ...diffCounts(diff), fiscalYears: result },
        });
        return result;
      });

      // Delivered now (and by a retry of this activity for what is left); a workflow that ended meanwhile is skipped.
      const undelivered = await listUndeliveredCommandsWithPrefix(pool, prefix);
      const outcomes = await Promise.all(undelivered.map((row) => deliverStoredCommand({ pool, temporal }, row)));
      if (outcomes.includes('failed')) {
        throw ApplicationFailure.retryable('ส่งการแก้ไขแผนถึงรายการที่ดำเนินอยู่ไม่ครบ / the amendment did not reach every running item-year yet', 'DELIVERY_FAILED');
      }
      return years;
    },
  };
}

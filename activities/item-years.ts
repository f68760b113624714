import { Context, log } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Pool } from 'pg';
import { appendAudit, appendAuditEntries, type AuditKey } from '../db/audit';
import { inTransaction } from '../db/pool';
import { findOrganizationBySlug } from '../db/queries/organizations';
import { listHolidayDates } from '../db/queries/holidays';
import * as itemYears from '../db/queries/item-years';
import { listPlans } from '../db/queries/plans';
import { mapBounded } from '../infra/bounded';
import { storing } from './storable';
import { fiscalYearBounds } from '../domain/fiscal';
import type { Indicator, ItemKind, Step } from '../domain/plan';
import { reminderPolicySchema } from '../domain/reminder-policy-schema';
import type { ItemYearActivities } from '../workflows/item-year/activity-contract';
import { initialItemYearState, startedAudit } from '../workflows/item-year/initial-state';
import type { ItemYearInput, itemYearWorkflow } from '../workflows/item-year/workflow';
import type {
  FiscalYearStartActivities,
  PreparedFiscalYear,
  StartItemYearsInput,
  StartItemYearsResult,
} from '../workflows/fiscal-year-start/activity-contract';

/** Item-year starts one organisation's year keeps in flight: enough to hide the round trips, not to crowd the server. */
const START_CONCURRENCY = 8;

export function itemYearWorkflowIdPrefix(organizationSlug: string, planId: number): string {
  return `item-year:${organizationSlug}:${planId}:`;
}

/**
 * The item-year workflow's projection write and the fiscal-year start's preparation, over one pool; the item-years
 * start through `temporal`, the worker's own client.
 */
export function createItemYearActivities(
  pool: Pool,
  auditKey: AuditKey,
  temporal: Client,
): Pick<ItemYearActivities, 'recordItemYear'> & FiscalYearStartActivities {
  const activities: Pick<ItemYearActivities, 'recordItemYear'> & FiscalYearStartActivities = {
    async recordItemYear(input: Parameters<ItemYearActivities['recordItemYear']>[0]): Promise<void> {
      const { state } = input;
      await storing({ th: 'สถานะรายการ', en: 'the item-year projection' }, () => inTransaction(pool, async (tx) => {
        const applied = await itemYears.applyItemYearState(tx, input.itemYearId, state);
        if (applied) {
          await itemYears.upsertItemYearSteps(tx, input.itemYearId, state.steps);
          if (state.evaluation) {
            await itemYears.replaceIndicatorResults(tx, input.itemYearId, state.evaluation.indicatorResults);
          }
        }
        // The audit row is keyed by revision, so a retried write appends nothing.
        await appendAudit(tx, auditKey, {
          idempotencyKey: `${state.workflowId}:rev:${state.revision}`,
          organizationId: input.organizationId,
          occurredAt: new Date(),
          actor: input.audit.actor,
          action: input.audit.action,
          entityType: 'item_year',
          entityId: state.workflowId,
          before: input.audit.before,
          after: input.audit.after,
        });
      }));
    },

    /** Creates the item-year rows of a fiscal year and returns what the workflow needs to start each one. */
    async prepareFiscalYear(input: {
      organizationSlug: string;
      fiscalYear: number;
      itemCodes?: string[];
    }): Promise<PreparedFiscalYear> {
      const org = await findOrganizationBySlug(pool, input.organizationSlug);
      if (!org) {
        throw ApplicationFailure.nonRetryable(
          `ไม่พบองค์กร ${input.organizationSlug} / organisation not found`,
          'NOT_FOUND',
        );
      }
      const plan = (await listPlans(pool)).find(
        (p) =>
          p.organizationSlug === org.slug &&
          p.firstFiscalYear <= input.fiscalYear &&
          input.fiscalYear <= p.lastFiscalYear &&
          p.currentVersionId !== null,
      );
      if (!plan) {
        throw ApplicationFailure.nonRetryable(
          `ไม่มีแผนที่ครอบคลุมปีงบประมาณ ${input.fiscalYear} / no plan covers fiscal year ${input.fiscalYear}`,
          'NOT_FOUND',
        );
      }
      const prefix = itemYearWorkflowIdPrefix(org.slug, plan.id);
      await itemYears.ensureItemYears(pool, {
        organizationId: org.id,
        planId: plan.id,
        fiscalYear: input.fiscalYear,
        workflowIdPrefix: prefix,
        ...(input.itemCodes ? { itemCodes: input.itemCodes } : {}),
      });
      const rows = (await itemYears.listItemYearsToStart(pool, plan.id, input.fiscalYear)).filter(
        (r) => !input.itemCodes || input.itemCodes.includes(r.itemCode),
      );
      const itemIds = rows.map((r) => r.itemId);
      const [steps, indicators] = await Promise.all([
        itemYears.listItemSteps(pool, itemIds),
        itemYears.listItemIndicators(pool, itemIds),
      ]);
      const approvalRoute = org.settings.approvalRoute === 'direct' ? 'direct' : 'via_palad';
      const policy = reminderPolicySchema.omit({ dayMs: true }).safeParse(org.settings.reminderPolicy ?? {});
      if (!policy.success) log.warn('ignoring an invalid reminder policy in the organisation settings', { organization: org.slug });
      const bounds = fiscalYearBounds(input.fiscalYear);
      const holidays = await listHolidayDates(pool, org.id, bounds.start, bounds.end);
      return {
        organizationId: org.id,
        planId: plan.id,
        approvalRoute,
        ...(policy.success && org.settings.reminderPolicy ? { reminderPolicy: policy.data } : {}),
        calendar: { skipWeekends: true, holidays },
        itemYears: rows.map((row) => ({
          workflowId: row.workflowId,
          input: {
            organizationId: org.id,
            itemYearId: row.itemYearId,
            fiscalYear: input.fiscalYear,
            ownerPersonId: row.ownerPersonId,
            ...(row.ownerName ? { ownerName: row.ownerName } : {}),
            item: {
              code: row.itemCode,
              name: row.itemName,
              kind: row.kind as ItemKind,
              unitKey: row.unitKey,
              budget: row.budget,
              steps: steps
                .filter((s) => s.itemId === row.itemId)
                .map((s) => ({ text: s.text, phase: s.phase, ...(s.recurrence ? { recurrence: s.recurrence } : {}) }) as Step),
              indicators: indicators
                .filter((i) => i.itemId === row.itemId)
                .map(
                  (i) =>
                    ({
                      text: i.text,
                      kind: i.kind,
                      ...(i.comparator !== null && i.value !== null
                        ? { target: { comparator: i.comparator, value: i.value, unit: i.unit ?? 'other', ...(i.unitText ? { unitText: i.unitText } : {}) } }
                        : {}),
                    }) as Indicator,
                ),
            },
          },
        })),
      };
    },

    async startItemYears(input: StartItemYearsInput): Promise<StartItemYearsResult> {
      const prepared = await activities.prepareFiscalYear({
        organizationSlug: input.organizationSlug,
        fiscalYear: input.fiscalYear,
        ...(input.itemCodes ? { itemCodes: input.itemCodes } : {}),
      });
      const context = Context.current();
      const taskQueue = input.taskQueue ?? context.info.taskQueue;
      const reminderPolicy = input.reminderPolicy ?? prepared.reminderPolicy;
      const starts = prepared.itemYears.map(({ workflowId, input: itemInput }) => {
        const full: ItemYearInput = {
          ...itemInput,
          approvalRoute: prepared.approvalRoute,
          timing: input.timing,
          calendar: prepared.calendar,
          ...(reminderPolicy ? { reminderPolicy } : {}),
          initialStateRecorded: true,
        };
        return { workflowId, input: full, state: initialItemYearState(full, workflowId).state };
      });
      // Revision 1 of every item-year, before its run starts: a row already further on keeps its state, a 'started'
      // audit row already written is not written again, so a retried attempt records nothing twice.
      await storing({ th: 'สถานะรายการเมื่อเริ่มปี', en: "the item-years' first projection" }, () =>
        inTransaction(pool, async (tx) => {
          for (const { input: full, state } of starts) {
            if (await itemYears.applyItemYearState(tx, full.itemYearId, state)) {
              await itemYears.upsertItemYearSteps(tx, full.itemYearId, state.steps);
            }
          }
          const occurredAt = new Date();
          await appendAuditEntries(
            tx,
            auditKey,
            starts.map(({ workflowId, input: full, state }) => ({
              ...startedAudit(state),
              idempotencyKey: `${workflowId}:rev:1`,
              organizationId: full.organizationId,
              occurredAt,
              entityType: 'item_year',
              entityId: workflowId,
            })),
          );
        }),
      );
      let settled = 0;
      const outcomes = await mapBounded(starts, START_CONCURRENCY, async ({ workflowId, input: full }) => {
        try {
          await temporal.workflow.start<typeof itemYearWorkflow>('itemYearWorkflow', {
            workflowId,
            taskQueue,
            args: [full],
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          });
          return 'started' as const;
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already' as const;
          throw err;
        } finally {
          context.heartbeat(++settled);
        }
      });
      return {
        itemYears: prepared.itemYears.length,
        started: outcomes.filter((o) => o === 'started').length,
        alreadyRunning: outcomes.filter((o) => o === 'already').length,
      };
    },
  };
  return activities;
}

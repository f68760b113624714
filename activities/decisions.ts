import { ApplicationFailure, log } from '@temporalio/activity';
import type { Pool } from 'pg';
import { reachFaultPoint } from '../config/fault-points';
import { bangkokDate, daysBetween } from '../domain/fiscal';
import { renderMessage } from '../domain/messages';
import * as decisions from '../db/queries/decisions';
import * as people from '../db/queries/people';
import type { DecisionPointActivities } from '../workflows/common/decision';
import { absoluteLink, channelsOf, logPermanentFailures, throwIfDeliveryMustRetry, todayInBangkok, type NotificationDeps } from './notifications';
import { deliverOutbox, enqueueMessage, formOfAddress, type DeliveryReport } from '../services/outbox';
import type { NotificationChannels } from '../services/notify';
import { resolveApprovers } from '../services/approvers';
import { issueLinkWithMessage } from '../services/links';
import { storing } from './storable';

export type DecisionDeps = NotificationDeps;

type OpenDecisionInput = Parameters<DecisionPointActivities['openDecision']>[0];
type RemindDecisionInput = Parameters<DecisionPointActivities['remindDecision']>[0];
type CloseDecisionInput = Parameters<DecisionPointActivities['closeDecision']>[0];

function requireTtl(linkTtlMs: number): number {
  if (!Number.isFinite(linkTtlMs) || linkTtlMs <= 0) {
    throw ApplicationFailure.nonRetryable(`linkTtlMs ต้องมากกว่า 0 / linkTtlMs must be positive: ${linkTtlMs}`, 'VALIDATION_FAILED');
  }
  return linkTtlMs;
}

function finishDelivery(report: DeliveryReport): void {
  throwIfDeliveryMustRetry(report);
  // A refused e-mail address must not keep the point from opening: the in-app inbox has the message.
  logPermanentFailures(report);
}

async function requirePoint(pool: Pool, key: { workflowId: string; decisionKey: string }) {
  const point = await decisions.findDecisionPoint(pool, key);
  if (!point) {
    throw ApplicationFailure.nonRetryable(
      `ไม่พบจุดตัดสินใจ / decision point ${key.workflowId}/${key.decisionKey} not found`,
      'NOT_FOUND',
    );
  }
  return point;
}

export function createDecisionActivities(deps: DecisionDeps) {
  const { pool, publicBaseUrl } = deps;

  return {
    async openDecision(input: OpenDecisionInput): Promise<{ decisionPointId: number; approverPersonIds: number[] }> {
      const ttlMs = requireTtl(input.linkTtlMs);
      await storing({ th: 'เรื่องที่ขอให้พิจารณา', en: 'the decision point' }, () =>
        decisions.insertDecisionPoint(pool, {
          workflowId: input.workflowId,
          decisionKey: input.decisionKey,
          purpose: input.purpose,
          approverRole: input.approverRole,
          organizationId: input.organizationId,
          itemYearId: input.itemYearId,
          summary: input.summary,
          dueAt: new Date(input.dueAtMs),
        }),
      );
      const point = await requirePoint(pool, input);
      if (point.status === 'open') {
        const approvers = await resolveApprovers(pool, input.organizationId, input.approverRole, point.itemYearId);
        const alreadyAsked = await decisions.listLinkHolders(pool, point.id);
        if (!approvers.length && !alreadyAsked.length) {
          // Retryable on purpose: once an administrator records who holds the role, the next attempt succeeds.
          throw ApplicationFailure.retryable(
            `ไม่มีผู้ดำรงตำแหน่ง ${input.approverRole} ที่จะพิจารณา กรุณากำหนดผู้ดำรงตำแหน่งหรือผู้รักษาราชการแทน / ` +
              `nobody holds the ${input.approverRole} role in organisation ${input.organizationId}`,
            'NO_APPROVER',
          );
        }
        const channels = channelsOf(deps);
        const keys: string[] = [];
        for (const approver of approvers) {
          const { outboxKey } = await issueLinkWithMessage(pool, channels, publicBaseUrl, {
            point,
            personId: approver.personId,
            issueKey: `${input.workflowId}:${input.decisionKey}:${approver.personId}:request`,
            ttlMs,
            kind: { kind: 'request' },
          });
          keys.push(outboxKey);
        }
        finishDelivery(await deliverOutbox(pool, channels, keys));
      }
      return { decisionPointId: point.id, approverPersonIds: await decisions.listLinkHolders(pool, point.id) };
    },

    async remindDecision(input: RemindDecisionInput): Promise<void> {
      const ttlMs = requireTtl(input.linkTtlMs);
      const point = await requirePoint(pool, input);
      if (point.status !== 'open') return;
      const organizationId = point.organizationId;
      if (organizationId === null) {
        throw ApplicationFailure.nonRetryable(`จุดตัดสินใจไม่มีหน่วยงาน / decision point ${point.id} has no organisation`, 'NOT_FOUND');
      }
      const channels = channelsOf(deps);
      const current = (await resolveApprovers(pool, organizationId, point.approverRole, point.itemYearId)).map((a) => a.personId);
      // With nobody holding the role today, remind whoever was asked rather than no one.
      const approverIds = current.length ? current : await decisions.listLinkHolders(pool, point.id);
      if (input.kind === 'escalation') {
        await escalate(point, organizationId, approverIds, input, channels);
        return;
      }
      const keys: string[] = [];
      for (const personId of approverIds) {
        const { outboxKey } = await issueLinkWithMessage(pool, channels, publicBaseUrl, {
          point,
          personId,
          issueKey: `${input.workflowId}:${input.decisionKey}:${personId}:reminder:${input.seq}`,
          ttlMs,
          kind: { kind: 'reminder', reminder: input.kind },
        });
        keys.push(outboxKey);
      }
      finishDelivery(await deliverOutbox(pool, channels, keys));
    },

    async verifyDecision(input: Parameters<DecisionPointActivities['verifyDecision']>[0]): Promise<boolean> {
      reachFaultPoint('decision-verifying');
      const point = await decisions.findDecisionPoint(pool, input);
      const stored = point ? await decisions.findDecisionOfPoint(pool, point.id) : undefined;
      const { decision } = input;
      const genuine =
        stored !== undefined &&
        stored.id === decision.decisionId &&
        stored.decisionKey === decision.decisionKey &&
        stored.outcome === decision.outcome &&
        stored.personId === decision.personId &&
        stored.actingAs === decision.actingAs;
      if (!genuine) log.warn('decision without its decisions row ignored', { workflowId: input.workflowId, decisionKey: input.decisionKey, decisionId: decision.decisionId });
      return genuine;
    },

    async closeDecision(input: CloseDecisionInput): Promise<void> {
      const point = await decisions.findDecisionPoint(pool, input);
      if (!point) return;
      await decisions.closeDecisionPoint(pool, { pointId: point.id, status: input.status });
      // The workflow has taken the decision even if the page that recorded it stopped waiting before it did.
      if (input.decisionId) await decisions.markDecisionAcknowledged(pool, input.decisionId);
    },
  };

  /**
   * Tells the unit head (or the ปลัด) who is late. They get no decision link: they cannot decide, only chase.
   * The item's unit head is asked when the item-year has one; otherwise the ปลัด.
   */
  async function escalate(
    point: decisions.DecisionPointRow,
    organizationId: number,
    lateApproverIds: number[],
    input: RemindDecisionInput,
    channels: NotificationChannels,
  ): Promise<void> {
    const onDate = todayInBangkok();
    let recipientIds: number[] = [];
    if (input.escalateTo !== 'palad' && point.itemYearId !== null) {
      const unitKey = await decisions.findItemYearUnitKey(pool, point.itemYearId);
      if (unitKey) recipientIds = await people.listUnitHeads(pool, { organizationId, unitKey, onDate });
    }
    if (!recipientIds.length) {
      recipientIds = (await resolveApprovers(pool, organizationId, 'palad')).map((a) => a.personId);
    }
    if (!recipientIds.length) {
      log.warn('ไม่มีผู้รับการรายงานความล่าช้า / nobody to escalate to', { decisionPointId: point.id });
      return;
    }
    const late = await people.findPeopleByIds(pool, lateApproverIds);
    const recipients = await people.findPeopleByIds(pool, recipientIds);
    const dueDate = bangkokDate((point.dueAt ?? point.requestedAt).getTime());
    const daysOverdue = Math.max(1, daysBetween(dueDate, onDate));
    const lateNames = late.map((p) => (p.positionTitle ? `${p.fullName} (${p.positionTitle})` : p.fullName)).join(', ');
    const keys: string[] = [];
    for (const recipient of recipients) {
      const content = renderMessage(
        {
          template: 'escalationMessage',
          data: {
            item: { code: point.summary.itemCode, name: point.summary.itemName },
            step: point.summary.askTh,
            dueDate,
            daysOverdue,
            escalateTo: input.escalateTo === 'palad' ? 'palad' : 'unit_head',
            owner: { name: lateNames || point.approverRole },
            link: absoluteLink(publicBaseUrl, undefined),
          },
        },
        { recipient: formOfAddress(recipient) },
      );
      const idempotencyKey = `${input.workflowId}:${input.decisionKey}:escalation:${input.seq}:p${recipient.id}`;
      await enqueueMessage(pool, {
        idempotencyKey,
        organizationId,
        person: recipient,
        content,
        links: [absoluteLink(publicBaseUrl, undefined)],
        channels,
      });
      keys.push(idempotencyKey);
    }
    finishDelivery(await deliverOutbox(pool, channels, keys));
  }
}

export type DecisionActivities = ReturnType<typeof createDecisionActivities>;

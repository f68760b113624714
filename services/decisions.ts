import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { resolveApprovers } from './approvers';
import * as decisions from '../db/queries/decisions';
import { inTransaction, type Db } from '../db/pool';
import {
  acceptedOutcomes,
  authorityNote,
  DECISION_OUTCOMES,
  outcomeNeedsReason,
  type Authority,
  type DecisionOutcome,
} from '../domain/decision';
import { freeText } from '../domain/input-schema';
import { decideSignal, type Decide } from '../workflows/common/decision';
import { deliverAndAwait, storeCommand, type Command } from './commands';

/**
 * Deciding a point, the one path behind the signed-link page (/d/:token), the signed-in approver's page (/approvals)
 * and LINE's decision buttons (services/line-webhook.ts): who may decide today, the checks of what was chosen, the
 * transaction that records the decision against the approver's link, and the signal-then-confirm with the workflow.
 * The callers differ only in how the person is identified (a link token, a session, or the linked LINE user the
 * platform names in a signed event), whether an expired link still counts (a session or a linked LINE account proves
 * who is deciding without the link), and what they render.
 */

/** How long a decision waits for the workflow to take it before the page says "being processed". */
export const DEFAULT_DECISION_WAIT_MS = 10_000;

export const NO_AUTHORITY = {
  th: 'ขณะนี้ท่านไม่มีอำนาจพิจารณาเรื่องนี้แล้ว (เช่น การมอบหมายหรือการรักษาราชการแทนสิ้นสุดแล้ว)',
  en: 'You no longer have the authority to decide this (for example, the delegation or acting appointment has ended).',
};

/** The authority the link's person holds for the point's role today (roles, acting posts, delegations); none if not. */
export async function authorityOf(db: Db, link: decisions.DecisionLinkRow): Promise<Authority | undefined> {
  const { point } = link;
  if (point.organizationId === null) return undefined;
  const approver = (await resolveApprovers(db, point.organizationId, point.approverRole, point.itemYearId)).find((a) => a.personId === link.personId);
  return approver ? { role: point.approverRole, basis: approver.basis } : undefined;
}

/** The decisions taken before this point on the same item-year (or, for a report, the same workflow). */
export function earlierDecisions(db: Db, point: decisions.DecisionPointRow): Promise<decisions.DecisionRow[]> {
  return decisions.listEarlierDecisions(db, { itemYearId: point.itemYearId, workflowId: point.workflowId, excludePointId: point.id });
}

const decisionBody = z.object({
  outcome: z.enum(DECISION_OUTCOMES),
  reason: freeText({ max: 4000, min: 0 })
    .optional()
    .transform((r) => r || undefined),
});

export type CheckedDecision =
  | { ok: true; outcome: DecisionOutcome; reason: string | undefined }
  | { ok: false; problem: { th: string; en: string }; previous: { outcome?: string; reason?: string } };

/** What the form sent, checked against the point's purpose: a reason is required to reject or send back. */
export function checkDecisionInput(point: Pick<decisions.DecisionPointRow, 'purpose' | 'itemYearId' | 'decisionKey'>, input: unknown): CheckedDecision {
  const body = decisionBody.safeParse(input ?? {});
  const problem = !body.success
    ? body.error.issues.some((i) => i.path[0] === 'reason')
      ? { th: 'เหตุผลไม่ถูกต้อง (มีอักขระที่ไม่อนุญาตหรือยาวเกิน 4000 ตัวอักษร)', en: 'The reason is not valid (a character that is not allowed, or longer than 4000 characters).' }
      : { th: 'กรุณาเลือกผลการพิจารณา', en: 'Please choose a decision.' }
    : !acceptedOutcomes(point).includes(body.data.outcome)
      ? { th: 'ผลการพิจารณานี้ใช้กับเรื่องนี้ไม่ได้', en: 'That decision does not apply to this request.' }
      : outcomeNeedsReason(body.data.outcome) && !body.data.reason
        ? { th: 'กรุณาระบุเหตุผลเมื่อไม่อนุมัติหรือส่งกลับให้แก้ไข', en: 'A reason is required to reject or send back.' }
        : undefined;
  if (problem || !body.success) {
    const raw = (input ?? {}) as Record<string, unknown>;
    return {
      ok: false,
      problem: problem ?? { th: 'ข้อมูลไม่ถูกต้อง', en: 'Invalid input.' },
      previous: {
        ...(typeof raw.outcome === 'string' ? { outcome: raw.outcome } : {}),
        ...(typeof raw.reason === 'string' ? { reason: raw.reason } : {}),
      },
    };
  }
  return { ok: true, outcome: body.data.outcome, reason: body.data.reason };
}

export interface RecordOptions {
  enforceExpiry: boolean;
  /**
   * Runs in the recording transaction once the decision and its command are stored (LINE stores the webhook event
   * that carried it, so a redelivered event finds it done); throwing rolls the decision back.
   */
  alsoStore?: (tx: PoolClient) => Promise<void>;
}

export type RecordResult =
  | { kind: 'closed' }
  | { kind: 'expired' }
  | { kind: 'unauthorised' }
  | { kind: 'recorded'; decision: decisions.DecisionRow };

/**
 * Records the decision in one transaction with the point and the link locked, so two approvers (or two clicks)
 * cannot both decide: the point must be open, the link unused (and unexpired when `enforceExpiry`), and the person
 * must hold the authority today.
 */
export async function recordDecision(
  pool: Pool,
  link: decisions.DecisionLinkRow,
  decision: { outcome: DecisionOutcome; reason: string | undefined },
  options: RecordOptions,
): Promise<RecordResult> {
  const { point } = link;
  return inTransaction(pool, async (client) => {
    const status = await decisions.lockDecisionPoint(client, point.id);
    const locked = await decisions.lockDecisionLink(client, link.linkId);
    if (status !== 'open' || !locked || locked.usedAt) return { kind: 'closed' as const };
    if (options.enforceExpiry && locked.expired) return { kind: 'expired' as const };
    const authority = await authorityOf(client, link);
    if (!authority) return { kind: 'unauthorised' as const };
    await decisions.insertDecision(client, {
      id: randomUUID(),
      decisionPointId: point.id,
      personId: link.personId,
      authority,
      outcome: decision.outcome,
      reason: decision.reason ?? null,
      linkId: link.linkId,
    });
    await decisions.markDecisionLinkUsed(client, link.linkId);
    await decisions.closeDecisionPoint(client, { pointId: point.id, status: 'decided' });
    // The command to the workflow commits with the decision, so a decision recorded is a decision delivered.
    const recorded = (await decisions.findDecisionOfPoint(client, point.id))!;
    await storeCommand(client, decideCommand(point, recorded));
    await options.alsoStore?.(client);
    return { kind: 'recorded' as const, decision: recorded };
  });
}

/** "name position", plus the authority when it was not the post's own: how a memo names who decided. */
export function decidedByText(decision: decisions.DecisionRow): string {
  return [decision.personName, decision.personPosition, authorityNote(decision.actingAs)?.th].filter(Boolean).join(' ');
}

/** The decision as the workflow's command: the same payload whether the request or the sweeper delivers it. */
export function decideCommand(point: decisions.DecisionPointRow, decision: decisions.DecisionRow): Command<Decide> {
  return {
    workflowId: point.workflowId,
    signal: decideSignal,
    commandId: decision.id,
    payload: {
      decisionId: decision.id,
      decisionKey: point.decisionKey,
      outcome: decision.outcome,
      ...(decision.reason ? { reason: decision.reason } : {}),
      personId: decision.personId,
      personName: decidedByText(decision),
      actingAs: decision.actingAs,
    },
  };
}

/**
 * Delivers the decision, stored with its command by recordDecision, to the workflow through the command path
 * (signal, then an Update that returns once the workflow has processed that decision id), waiting at most waitMs.
 * Without a worker the decision stays recorded and the workflow takes it when a worker is back; with Temporal down
 * the command sweeper delivers it. The workflow's closeDecision sets acknowledged_at: the one writer of that fact.
 */
export async function signalDecisionAndWait(
  deps: { pool: Pool; temporal: Client; log: FastifyBaseLogger },
  point: decisions.DecisionPointRow,
  decision: decisions.DecisionRow,
  waitMs: number,
): Promise<boolean> {
  const { log } = deps;
  const outcome = await deliverAndAwait(deps, decideCommand(point, decision), {
    waitMs,
    onProblem: (stage, err) =>
      stage === 'signal'
        ? log.error({ err, decisionId: decision.id }, 'signalling the decision failed; the command sweeper delivers it')
        : log.info({ err: (err as Error).message, decisionId: decision.id }, 'workflow has not confirmed the decision yet'),
  });
  return outcome === 'applied';
}

export type DecideResult =
  | { kind: 'invalid'; problem: { th: string; en: string }; previous: { outcome?: string; reason?: string } }
  | { kind: 'closed' }
  | { kind: 'expired' }
  | { kind: 'unauthorised' }
  | { kind: 'recorded'; decision: decisions.DecisionRow; processed: boolean };

/**
 * A decision sent from either page: checked, recorded against the person's link, then delivered to the workflow
 * (waiting at most waitMs for it to be taken). Input that does not fit an open point is refused with what was typed,
 * so the form can be shown again; on a point that is no longer open it is simply 'closed'.
 */
export async function decide(
  deps: { pool: Pool; temporal: Client; log: FastifyBaseLogger },
  link: decisions.DecisionLinkRow,
  input: unknown,
  options: RecordOptions & { waitMs?: number },
): Promise<DecideResult> {
  const checked = checkDecisionInput(link.point, input);
  if (!checked.ok) return link.point.status === 'open' ? { kind: 'invalid', problem: checked.problem, previous: checked.previous } : { kind: 'closed' };
  const result = await recordDecision(deps.pool, link, checked, {
    enforceExpiry: options.enforceExpiry,
    ...(options.alsoStore ? { alsoStore: options.alsoStore } : {}),
  });
  if (result.kind !== 'recorded') return result;
  const { decision } = result;
  const processed = await signalDecisionAndWait(deps, link.point, decision, options.waitMs ?? DEFAULT_DECISION_WAIT_MS);
  return { kind: 'recorded', decision, processed };
}

import { validateSignature } from '@line/bot-sdk';
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import type { AuditKey } from '../db/audit';
import * as decisionRows from '../db/queries/decisions';
import * as lineRows from '../db/queries/line';
import { inTransaction } from '../db/pool';
import { acceptedOutcomes, type DecisionOutcome } from '../domain/decision';
import { LINE_REPLIES, OUTCOME_WORDS, parseDecisionPostbackData } from '../domain/line-messages';
import { authorityOf, decide } from './decisions';
import { linkByCode, normalizeLinkCode } from './line-accounts';
import type { LineChannel } from './notify';

/**
 * The LINE webhook (POST /line/webhook): a request counts only when its x-line-signature is the HMAC-SHA256, under
 * the channel secret, of the raw body as received. Then each event: a one-time code links the sender's LINE account
 * (services/line-accounts.ts); a decision button's postback decides through services/decisions.ts exactly like the
 * signed link, for the person linked to the LINE user the event names; the text after "send back" is its reason.
 * An event that took effect is stored by its webhookEventId in the same transaction, so a redelivery (LINE's
 * deliveryContext.isRedelivery) or a replayed request does nothing twice. A refusal stores nothing.
 */

/** How long a reason asked for after "send back" is waited for. */
export const REASON_WINDOW_MS = 10 * 60_000;
/** LINE expects the webhook answered within seconds; a decision the workflow has not taken by then is still recorded. */
export const LINE_DECISION_WAIT_MS = 3_000;

export function isValidLineSignature(rawBody: Buffer, channelSecret: string, signature: unknown): boolean {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(signature)) return false;
  return validateSignature(rawBody, channelSecret, signature);
}

const LINE_USER_ID = /^U[0-9a-f]{32}$/;

const eventSchema = z.object({
  type: z.string(),
  webhookEventId: z.string().min(1).max(64),
  deliveryContext: z.object({ isRedelivery: z.boolean() }).optional(),
  replyToken: z.string().optional(),
  source: z.object({ type: z.string(), userId: z.string().regex(LINE_USER_ID).optional() }).optional(),
  message: z.object({ type: z.string(), text: z.string().optional() }).optional(),
  postback: z.object({ data: z.string() }).optional(),
});
type LineEvent = z.infer<typeof eventSchema>;

const bodySchema = z.object({ destination: z.string().optional(), events: z.array(z.unknown()) });

export interface LineWebhookDeps {
  pool: Pool;
  temporal: Client;
  log: FastifyBaseLogger;
  line: LineChannel;
  auditKey: AuditKey;
  decisionWaitMs?: number;
}

/** What happened to one event, for the log and the tests. */
export type LineEventOutcome =
  | 'ignored'
  | 'duplicate'
  | 'linked'
  | 'link-refused'
  | 'decided'
  | 'reason-asked'
  | 'refused'
  | 'unknown-text';

/** Raised inside a recording transaction when a concurrent delivery of the same event stored it first. */
class EventAlreadyStored extends Error {}

function storeEvent(event: LineEvent, lineUserId: string): (tx: PoolClient) => Promise<void> {
  return async (tx) => {
    if (!(await lineRows.recordWebhookEvent(tx, { webhookEventId: event.webhookEventId, lineUserId, kind: event.type }))) {
      throw new EventAlreadyStored();
    }
  };
}

export async function handleLineWebhook(deps: LineWebhookDeps, body: unknown): Promise<LineEventOutcome[]> {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return [];
  const outcomes: LineEventOutcome[] = [];
  for (const raw of parsed.data.events) {
    const event = eventSchema.safeParse(raw);
    if (!event.success) {
      outcomes.push('ignored');
      continue;
    }
    outcomes.push(await handleEvent(deps, event.data));
  }
  return outcomes;
}

async function handleEvent(deps: LineWebhookDeps, event: LineEvent): Promise<LineEventOutcome> {
  const lineUserId = event.source?.userId;
  if (!lineUserId || event.source?.type !== 'user') return 'ignored';
  if (await lineRows.webhookEventSeen(deps.pool, event.webhookEventId)) return 'duplicate';
  let result: { outcome: LineEventOutcome; reply?: string };
  try {
    if (event.type === 'postback' && event.postback) result = await onPostback(deps, event, lineUserId, event.postback.data);
    else if (event.type === 'message' && event.message?.type === 'text' && event.message.text !== undefined) {
      result = await onText(deps, event, lineUserId, event.message.text);
    } else return 'ignored';
  } catch (err) {
    if (err instanceof EventAlreadyStored) return 'duplicate';
    throw err;
  }
  if (result.reply && event.replyToken) await reply(deps, event.replyToken, result.reply);
  return result.outcome;
}

async function reply(deps: LineWebhookDeps, replyToken: string, text: string): Promise<void> {
  try {
    await deps.line.replyLine({ replyToken, messages: [{ type: 'text', text }] });
  } catch (err) {
    // A reply token lives about a minute and once: a late or redelivered event cannot be answered, which changes nothing stored.
    deps.log.warn({ err: (err as Error).message }, 'LINE reply not delivered');
  }
}

async function onText(deps: LineWebhookDeps, event: LineEvent, lineUserId: string, text: string): Promise<{ outcome: LineEventOutcome; reply?: string }> {
  const linked = await lineRows.findLinkedPerson(deps.pool, lineUserId);
  if (linked) {
    const pending = await inTransaction(deps.pool, (tx) => lineRows.takeReasonRequest(tx, lineUserId));
    if (pending && pending.personId === linked.personId) {
      return decideFromLine(deps, event, lineUserId, linked.personId, pending.decisionPointId, pending.outcome, text);
    }
    return normalizeLinkCode(text) ? { outcome: 'link-refused', reply: LINE_REPLIES.alreadyLinked } : { outcome: 'unknown-text', reply: LINE_REPLIES.unknown };
  }
  const code = normalizeLinkCode(text);
  if (!code) return { outcome: 'unknown-text', reply: LINE_REPLIES.notLinked };
  const linkedNow = await linkByCode(deps.pool, deps.auditKey, { lineUserId, code, alsoStore: storeEvent(event, lineUserId) });
  if (linkedNow.kind === 'linked') return { outcome: 'linked', reply: LINE_REPLIES.linked(linkedNow.fullName) };
  return { outcome: 'link-refused', reply: linkedNow.kind === 'already-linked' ? LINE_REPLIES.alreadyLinked : LINE_REPLIES.badCode };
}

async function onPostback(deps: LineWebhookDeps, event: LineEvent, lineUserId: string, data: string): Promise<{ outcome: LineEventOutcome; reply?: string }> {
  const postback = parseDecisionPostbackData(data);
  if (!postback) return { outcome: 'ignored' };
  const linked = await lineRows.findLinkedPerson(deps.pool, lineUserId);
  if (!linked) return { outcome: 'refused', reply: LINE_REPLIES.notLinked };
  const link = await decisionRows.findLatestLinkOfPerson(deps.pool, { pointId: postback.pointId, personId: linked.personId });
  if (!link) return { outcome: 'refused', reply: LINE_REPLIES.notApprover };
  if (link.point.status !== 'open') return { outcome: 'refused', reply: LINE_REPLIES.closed };
  if (!acceptedOutcomes(link.point).includes(postback.outcome)) return { outcome: 'refused', reply: LINE_REPLIES.notAccepted };
  if (!(await authorityOf(deps.pool, link))) return { outcome: 'refused', reply: LINE_REPLIES.notApprover };
  if (postback.outcome === 'send_back') {
    const outcome = postback.outcome;
    await inTransaction(deps.pool, async (tx) => {
      await lineRows.upsertReasonRequest(tx, {
        lineUserId,
        decisionPointId: link.point.id,
        personId: linked.personId,
        outcome,
        expiresAt: new Date(Date.now() + REASON_WINDOW_MS),
      });
      await storeEvent(event, lineUserId)(tx);
    });
    return { outcome: 'reason-asked', reply: LINE_REPLIES.askReason };
  }
  return decideFromLine(deps, event, lineUserId, linked.personId, link.point.id, postback.outcome);
}

/** The same decide() as the signed link and /approvals; the linked LINE account proves the person, as a session does. */
async function decideFromLine(
  deps: LineWebhookDeps,
  event: LineEvent,
  lineUserId: string,
  personId: number,
  pointId: number,
  outcome: DecisionOutcome,
  reason?: string,
): Promise<{ outcome: LineEventOutcome; reply?: string }> {
  const link = await decisionRows.findLatestLinkOfPerson(deps.pool, { pointId, personId });
  if (!link) return { outcome: 'refused', reply: LINE_REPLIES.notApprover };
  const result = await decide(
    { pool: deps.pool, temporal: deps.temporal, log: deps.log },
    link,
    { outcome, ...(reason === undefined ? {} : { reason }) },
    { enforceExpiry: false, waitMs: deps.decisionWaitMs ?? LINE_DECISION_WAIT_MS, alsoStore: storeEvent(event, lineUserId) },
  );
  switch (result.kind) {
    case 'recorded':
      return { outcome: 'decided', reply: LINE_REPLIES.recorded(OUTCOME_WORDS[outcome].th, OUTCOME_WORDS[outcome].en, link.point.summary.itemCode) };
    case 'invalid':
      return { outcome: 'refused', reply: reason === undefined ? LINE_REPLIES.notAccepted : LINE_REPLIES.badReason };
    case 'closed':
    case 'expired':
      return { outcome: 'refused', reply: LINE_REPLIES.closed };
    case 'unauthorised':
      return { outcome: 'refused', reply: LINE_REPLIES.notApprover };
  }
}

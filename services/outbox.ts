import type { Pool } from 'pg';
import { reachFaultPoint } from '../config/fault-points';
import type { NotificationContent } from '../domain/messages';
import * as outbox from '../db/queries/outbox';
import { inTransaction, type Db } from '../db/pool';
import { z } from 'zod';
import {
  isDeliveryError,
  isPermanentDeliveryError,
  LINE_MESSAGES_PER_PUSH,
  LineDeliveryError,
  lineTextMessages,
  type LineMessage,
  type NotificationChannels,
} from './notify';

/**
 * The notification outbox, for activities and routes alike: rows are written first (idempotent by key and channel),
 * then e-mail and LINE rows are delivered and marked. A row marked sent is never sent again. Delivery is otherwise
 * at-least-once: if the process dies after the SMTP server or LINE accepted a message but before the row is marked
 * sent, the next attempt sends it again once the hand-over's lease has run out; that resend carries the same
 * Message-ID (derived from the row's idempotency key), which mail clients and archives use to recognise the copy,
 * and the same X-Line-Retry-Key, for which LINE answers 409 instead of delivering twice, and it is recorded as a
 * possible duplicate.
 */

export interface MessageRecipient {
  id: number;
  fullName: string;
  email: string | null;
  lineUserId: string | null;
}

/**
 * Writes one message for one person: always to the in-app inbox, and to e-mail and LINE when the person can be
 * reached there and the channel is configured. Returns the ids of the rows this call created (none on a repeat).
 */
export async function enqueueMessage(
  db: Db,
  message: {
    idempotencyKey: string;
    organizationId: number | null;
    person: MessageRecipient;
    content: NotificationContent;
    links: string[];
    channels: NotificationChannels;
    /** LINE messages after the text (a Flex message with decision buttons), for a person with a linked LINE account. */
    lineExtra?: LineMessage[];
  },
): Promise<number[]> {
  const { person, content, channels } = message;
  const base = {
    idempotencyKey: message.idempotencyKey,
    organizationId: message.organizationId,
    personId: person.id,
    subject: content.subject,
    links: message.links,
  };
  const rows: outbox.NewOutboxMessage[] = [
    { ...base, channel: 'inbox', toAddress: person.fullName, bodyText: content.text, bodyHtml: content.html },
  ];
  if (person.email && channels.email) {
    rows.push({ ...base, channel: 'email', toAddress: person.email, bodyText: content.text, bodyHtml: content.html });
  }
  if (person.lineUserId && channels.line) {
    rows.push({
      ...base,
      channel: 'line',
      toAddress: person.lineUserId,
      bodyText: content.lineText,
      bodyHtml: null,
      ...(message.lineExtra?.length ? { lineExtraMessages: message.lineExtra } : {}),
    });
  }
  const ids: number[] = [];
  for (const row of rows) {
    const id = await outbox.insertOutboxMessage(db, row);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

export interface DeliveryFailure {
  outboxId: number;
  channel: outbox.OutboxChannel;
  message: string;
}

export interface DeliveryReport {
  sent: number[];
  transient: DeliveryFailure[];
  /** Rows that can never be delivered: failed now or on an earlier attempt. */
  permanent: DeliveryFailure[];
  /** Rows sent again after a hand-over whose outcome is unknown: their recipients may have them twice. */
  resentAfterUnknownOutcome: number[];
}

async function send(row: outbox.OutboxRow, channels: NotificationChannels): Promise<void> {
  if (row.channel === 'email') {
    if (!channels.email) throw new ChannelUnavailableError('email');
    await channels.email.sendEmail({
      to: row.toAddress,
      subject: row.subject,
      text: row.bodyText,
      ...(row.bodyHtml !== null ? { html: row.bodyHtml } : {}),
      idempotencyKey: `${row.idempotencyKey}:email`,
    });
  } else if (row.channel === 'line') {
    if (!channels.line) throw new ChannelUnavailableError('line');
    await channels.line.pushLine({
      to: row.toAddress,
      messages: lineMessagesOf(row),
      idempotencyKey: `${row.idempotencyKey}:line`,
    });
  }
}

const storedLineMessages = z.array(
  z.union([
    z.object({ type: z.literal('text'), text: z.string() }),
    z.object({ type: z.literal('flex'), altText: z.string(), contents: z.record(z.string(), z.unknown()) }),
  ]),
);

/** The row's text, then its stored extra messages, in one push of at most five. */
function lineMessagesOf(row: outbox.OutboxRow): LineMessage[] {
  const text: LineMessage[] = lineTextMessages(row.bodyText);
  const extra = row.lineExtraMessages === null ? [] : storedLineMessages.parse(row.lineExtraMessages);
  const messages = [...text, ...extra];
  if (messages.length > LINE_MESSAGES_PER_PUSH) {
    throw new LineDeliveryError('too-long', true, `ข้อความ LINE เกิน ${LINE_MESSAGES_PER_PUSH} ข้อความ / more than ${LINE_MESSAGES_PER_PUSH} LINE messages`);
  }
  return messages;
}

/** The row was written while the channel was configured and the settings have since been removed. */
class ChannelUnavailableError extends Error {
  constructor(readonly channel: 'email' | 'line') {
    super(`ช่องทาง ${channel} ไม่ได้ตั้งค่าไว้ / the ${channel} channel is not configured`);
    this.name = 'ChannelUnavailableError';
  }
}

function isPermanent(err: unknown): boolean {
  return err instanceof ChannelUnavailableError || isPermanentDeliveryError(err);
}

/** An error as one stored line: its message, cut to what a column keeps. */
export function describeError(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 2000);
}

/**
 * How long a hand-over keeps others from sending the same row: longer than one send can take (nodemailer's connect,
 * greeting and socket timeouts in services/notify/email.ts add up to 90 seconds), so a slow sender that is still
 * alive is never overtaken, and short enough that a row whose sender died goes out within minutes.
 */
export const DEFAULT_HANDOFF_LEASE_MS = 180_000;

type Claim =
  | { kind: 'claimed'; row: outbox.OutboxRow; handoffId: number; afterUnknownOutcome: boolean }
  | { kind: 'settled' }
  | { kind: 'busy' };

/**
 * Takes the row for one hand-over, in a transaction of its own that commits before anything is sent: the lock only
 * orders attempts deciding at the same moment, and the committed hand-over, not a lock held through a slow SMTP
 * conversation, is what keeps a second attempt from sending while the first may still be at it.
 */
async function claimForHandoff(pool: Pool, outboxId: number, leaseMs: number): Promise<Claim> {
  return inTransaction(pool, async (client) => {
    const row = await outbox.lockOutboxRow(client, outboxId);
    if (!row || row.status !== 'pending') return { kind: 'settled' } as const;
    const earlier = await outbox.countUnfinishedHandoffs(client, outboxId);
    if (earlier.live > 0) return { kind: 'busy' } as const;
    const afterUnknownOutcome = earlier.unfinished > 0;
    const handoffId = await outbox.insertOutboxHandoff(client, { outboxId, leaseMs, afterUnknownOutcome });
    return { kind: 'claimed', row, handoffId, afterUnknownOutcome } as const;
  });
}

/**
 * Delivers the pending e-mail and LINE rows written under these keys, each under a committed hand-over (see
 * claimForHandoff) and marked in one transaction with it afterwards. A row another attempt is sending now is reported
 * transient, so the caller tries again later and then finds it sent.
 */
export async function deliverOutbox(
  pool: Pool,
  channels: NotificationChannels,
  idempotencyKeys: readonly string[],
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], transient: [], permanent: [], resentAfterUnknownOutcome: [] };
  const leaseMs = channels.handoffLeaseMs ?? DEFAULT_HANDOFF_LEASE_MS;
  const rows = await outbox.listOutboxByKeys(pool, idempotencyKeys);
  for (const candidate of rows) {
    if (candidate.channel === 'inbox') continue;
    if (candidate.status === 'failed') {
      report.permanent.push({
        outboxId: candidate.id,
        channel: candidate.channel,
        message: candidate.lastError ?? 'failed',
      });
      continue;
    }
    if (candidate.status !== 'pending') continue;
    const claim = await claimForHandoff(pool, candidate.id, leaseMs);
    if (claim.kind === 'settled') continue;
    if (claim.kind === 'busy') {
      report.transient.push({
        outboxId: candidate.id,
        channel: candidate.channel,
        message: 'กำลังส่งโดยอีกกระบวนการหนึ่ง / another attempt is delivering it now',
      });
      continue;
    }
    const { row, handoffId } = claim;
    reachFaultPoint('notification-sending');
    try {
      await send(row, channels);
    } catch (err) {
      if (!isDeliveryError(err) && !(err instanceof ChannelUnavailableError)) {
        // Not a verdict on the message (a bug, a dropped connection mid-conversation): the hand-over stays unfinished,
        // its outcome unknown, and the retry after its lease decides.
        throw err;
      }
      const permanent = isPermanent(err);
      const failure = { outboxId: row.id, channel: row.channel, message: describeError(err) };
      await inTransaction(pool, async (client) => {
        await outbox.markOutboxAttemptFailed(client, { id: row.id, error: failure.message, permanent });
        await outbox.finishOutboxHandoff(client, { id: handoffId, outcome: 'failed' });
      });
      (permanent ? report.permanent : report.transient).push(failure);
      continue;
    }
    await recordSent(pool, row.id, handoffId);
    report.sent.push(row.id);
    if (claim.afterUnknownOutcome) report.resentAfterUnknownOutcome.push(row.id);
  }
  return report;
}

const RECORD_SENT_ATTEMPTS = 5;
const RECORD_SENT_PAUSE_MS = 200;

/**
 * The message went out: record it, trying again on a fresh connection if the database connection is cut meanwhile,
 * since a row left pending would be sent again once the hand-over's lease runs out.
 */
async function recordSent(pool: Pool, outboxId: number, handoffId: number): Promise<void> {
  const errors: unknown[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      await inTransaction(pool, async (client) => {
        await outbox.markOutboxSent(client, outboxId);
        await outbox.finishOutboxHandoff(client, { id: handoffId, outcome: 'sent' });
      });
      return;
    } catch (err) {
      errors.push(err);
      if (attempt >= RECORD_SENT_ATTEMPTS) throw new AggregateError(errors, `outbox ${outboxId} was sent but could not be recorded as sent`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, RECORD_SENT_PAUSE_MS * attempt));
    }
  }
}

/** How a message addresses its reader, as a memo would: by position when there is one. */
export function formOfAddress(person: { fullName: string; positionTitle: string }): string {
  return person.positionTitle.trim() || person.fullName;
}

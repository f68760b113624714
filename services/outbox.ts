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
 * then e-mail and LINE rows are delivered and marked. Delivery is at-least-once. If the process dies after the SMTP
 * server or LINE accepted a message but before the row is marked sent, the next attempt sends it again; that resend
 * carries the same Message-ID (derived from the row's idempotency key), which mail clients and archives use to
 * recognise the copy, and the same X-Line-Retry-Key, for which LINE answers 409 instead of delivering twice. A row
 * marked sent is never sent again.
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
 * Delivers the pending e-mail and LINE rows written under these keys. Each row is sent while its lock is held and
 * marked in the same transaction, so two concurrent attempts never both send it.
 */
export async function deliverOutbox(
  pool: Pool,
  channels: NotificationChannels,
  idempotencyKeys: readonly string[],
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], transient: [], permanent: [] };
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
    let sentId: number | undefined;
    try {
      await inTransaction(pool, async (client) => {
        const row = await outbox.lockOutboxRow(client, candidate.id);
        if (!row || row.status !== 'pending') return;
        reachFaultPoint('notification-sending');
        try {
          await send(row, channels);
        } catch (err) {
          if (!isDeliveryError(err) && !(err instanceof ChannelUnavailableError)) {
            // Not a verdict on the message (a bug, a dropped database connection): record nothing, let the retry decide.
            throw err;
          }
          const permanent = isPermanent(err);
          const failure = { outboxId: row.id, channel: row.channel, message: describeError(err) };
          await outbox.markOutboxAttemptFailed(client, { id: row.id, error: failure.message, permanent });
          (permanent ? report.permanent : report.transient).push(failure);
          return;
        }
        sentId = row.id;
        await outbox.markOutboxSent(client, row.id);
      });
    } catch (err) {
      if (sentId === undefined) throw err;
      // The message went out, but the transaction that was to record it did not commit (its database connection was
      // cut): the next attempt would send it again. Record it on a fresh connection instead.
      await recordSentAfterLostConnection(pool, sentId, err);
    }
    if (sentId !== undefined) report.sent.push(sentId);
  }
  return report;
}

const RECORD_SENT_ATTEMPTS = 5;
const RECORD_SENT_PAUSE_MS = 200;

async function recordSentAfterLostConnection(pool: Pool, outboxId: number, cause: unknown): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await outbox.markOutboxSent(pool, outboxId);
      return;
    } catch (err) {
      if (attempt >= RECORD_SENT_ATTEMPTS) throw new AggregateError([cause, err], `outbox ${outboxId} was sent but could not be recorded as sent`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, RECORD_SENT_PAUSE_MS * attempt));
    }
  }
}

/** How a message addresses its reader, as a memo would: by position when there is one. */
export function formOfAddress(person: { fullName: string; positionTitle: string }): string {
  return person.positionTitle.trim() || person.fullName;
}

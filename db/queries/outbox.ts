import type { Db } from '../pool';

export type OutboxChannel = 'email' | 'line' | 'inbox';
export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxRow {
  id: number;
  idempotencyKey: string;
  organizationId: number | null;
  personId: number | null;
  channel: OutboxChannel;
  toAddress: string;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  links: string[];
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** LINE message objects pushed after a LINE row's text (services/line-flex.ts); parsed where they are sent. */
  lineExtraMessages: unknown[] | null;
}

const OUTBOX_COLUMNS = `id, idempotency_key AS "idempotencyKey", organization_id AS "organizationId",
  person_id AS "personId", channel, to_address AS "toAddress", subject, body_text AS "bodyText",
  body_html AS "bodyHtml", links, status, attempts, last_error AS "lastError", created_at AS "createdAt",
  sent_at AS "sentAt", line_extra_messages AS "lineExtraMessages"`;

export interface NewOutboxMessage {
  idempotencyKey: string;
  organizationId: number | null;
  personId: number;
  channel: OutboxChannel;
  toAddress: string;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  links: string[];
  lineExtraMessages?: unknown[] | null;
}

/**
 * One row per (key, channel), whatever the number of attempts. An inbox row is delivered by being written, so it
 * starts out sent; e-mail and LINE rows wait for the delivery step.
 */
export async function insertOutboxMessage(db: Db, message: NewOutboxMessage): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO outbox (idempotency_key, organization_id, person_id, channel, to_address, subject, body_text,
                         body_html, links, line_extra_messages, status, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
             CASE WHEN $4 = 'inbox' THEN 'sent' ELSE 'pending' END,
             CASE WHEN $4 = 'inbox' THEN now() END)
     ON CONFLICT (idempotency_key, channel) DO NOTHING
     RETURNING id`,
    [
      message.idempotencyKey,
      message.organizationId,
      message.personId,
      message.channel,
      message.toAddress,
      message.subject,
      message.bodyText,
      message.bodyHtml,
      JSON.stringify(message.links),
      message.lineExtraMessages ? JSON.stringify(message.lineExtraMessages) : null,
    ],
  );
  return rows[0]?.id;
}

export async function listOutboxByKeys(db: Db, idempotencyKeys: readonly string[]): Promise<OutboxRow[]> {
  if (!idempotencyKeys.length) return [];
  const { rows } = await db.query<OutboxRow>(
    `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE idempotency_key = ANY($1::text[]) ORDER BY id`,
    [idempotencyKeys],
  );
  return rows;
}

/** Holds the row for the few statements that decide whether this attempt may hand it to its channel. */
export async function lockOutboxRow(db: Db, id: number): Promise<OutboxRow | undefined> {
  const { rows } = await db.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE id = $1 FOR NO KEY UPDATE`, [id]);
  return rows[0];
}

export interface UnfinishedHandoffs {
  /** Hand-overs whose sender may still be at work (lease not yet run out). */
  live: number;
  /** Hand-overs that never finished, live or not: the recipient may already have the message. */
  unfinished: number;
}

export async function countUnfinishedHandoffs(db: Db, outboxId: number): Promise<UnfinishedHandoffs> {
  const { rows } = await db.query<UnfinishedHandoffs>(
    `SELECT count(*) FILTER (WHERE lease_until > now())::int AS live, count(*)::int AS unfinished
     FROM outbox_handoffs WHERE outbox_id = $1 AND finished_at IS NULL`,
    [outboxId],
  );
  return rows[0]!;
}

export async function insertOutboxHandoff(
  db: Db,
  handoff: { outboxId: number; leaseMs: number; afterUnknownOutcome: boolean },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO outbox_handoffs (outbox_id, lease_until, after_unknown_outcome)
     VALUES ($1, now() + $2 * interval '1 millisecond', $3) RETURNING id`,
    [handoff.outboxId, handoff.leaseMs, handoff.afterUnknownOutcome],
  );
  return rows[0]!.id;
}

export async function finishOutboxHandoff(db: Db, handoff: { id: number; outcome: 'sent' | 'failed' }): Promise<void> {
  await db.query(`UPDATE outbox_handoffs SET finished_at = now(), outcome = $2 WHERE id = $1 AND finished_at IS NULL`, [
    handoff.id,
    handoff.outcome,
  ]);
}

export async function markOutboxSent(db: Db, id: number): Promise<void> {
  await db.query(
    `UPDATE outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
     WHERE id = $1 AND status <> 'sent'`,
    [id],
  );
}

export async function markOutboxAttemptFailed(
  db: Db,
  failure: { id: number; error: string; permanent: boolean },
): Promise<void> {
  await db.query(
    `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                       status = CASE WHEN $3 THEN 'failed' ELSE status END
     WHERE id = $1 AND status = 'pending'`,
    [failure.id, failure.error, failure.permanent],
  );
}

export async function listRecentOutbox(db: Db, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT ${OUTBOX_COLUMNS} FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows;
}

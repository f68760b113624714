import type { Db } from '../pool';

/** LINE accounts linked to people, their one-time link codes, processed webhook events and pending reasons. */

export interface LineAccountRow {
  personId: number;
  lineUserId: string;
  linkedAt: Date;
}

const ACCOUNT_COLUMNS = `person_id AS "personId", line_user_id AS "lineUserId", linked_at AS "linkedAt"`;

export async function findLineAccountOfPerson(db: Db, personId: number): Promise<LineAccountRow | undefined> {
  const { rows } = await db.query<LineAccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM line_accounts WHERE person_id = $1`, [personId]);
  return rows[0];
}

/** The linked person of a LINE user, only while the person is active. */
export async function findLinkedPerson(
  db: Db,
  lineUserId: string,
): Promise<{ personId: number; organizationId: number; fullName: string } | undefined> {
  const { rows } = await db.query<{ personId: number; organizationId: number; fullName: string }>(
    `SELECT p.id AS "personId", p.organization_id AS "organizationId", p.full_name AS "fullName"
     FROM line_accounts la JOIN people p ON p.id = la.person_id AND p.active
     WHERE la.line_user_id = $1`,
    [lineUserId],
  );
  return rows[0];
}

export async function insertLineAccount(db: Db, account: { personId: number; lineUserId: string }): Promise<void> {
  await db.query(`INSERT INTO line_accounts (person_id, line_user_id) VALUES ($1, $2)`, [account.personId, account.lineUserId]);
}

export async function deleteLineAccount(db: Db, personId: number): Promise<LineAccountRow | undefined> {
  const { rows } = await db.query<LineAccountRow>(`DELETE FROM line_accounts WHERE person_id = $1 RETURNING ${ACCOUNT_COLUMNS}`, [personId]);
  return rows[0];
}

/** A new code replaces the person's earlier unused ones: only the latest shown code works. */
export async function insertLinkCode(db: Db, code: { personId: number; codeHash: string; expiresAt: Date }): Promise<void> {
  await db.query(`UPDATE line_link_codes SET used_at = now() WHERE person_id = $1 AND used_at IS NULL`, [code.personId]);
  await db.query(`INSERT INTO line_link_codes (person_id, code_hash, expires_at) VALUES ($1, $2, $3)`, [
    code.personId,
    code.codeHash,
    code.expiresAt,
  ]);
}

/** Spends an unused, unexpired code; answers whose it was, or nothing. */
export async function useLinkCode(db: Db, codeHash: string): Promise<number | undefined> {
  const { rows } = await db.query<{ personId: number }>(
    `UPDATE line_link_codes SET used_at = now()
     WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
     RETURNING person_id AS "personId"`,
    [codeHash],
  );
  return rows[0]?.personId;
}

export async function webhookEventSeen(db: Db, webhookEventId: string): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM line_webhook_events WHERE webhook_event_id = $1`, [webhookEventId]);
  return (rowCount ?? 0) > 0;
}

/** False when the event was already recorded (a concurrent redelivery won). */
export async function recordWebhookEvent(db: Db, event: { webhookEventId: string; lineUserId: string; kind: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO line_webhook_events (webhook_event_id, line_user_id, kind) VALUES ($1, $2, $3)
     ON CONFLICT (webhook_event_id) DO NOTHING`,
    [event.webhookEventId, event.lineUserId, event.kind],
  );
  return (rowCount ?? 0) > 0;
}

export interface ReasonRequestRow {
  lineUserId: string;
  decisionPointId: number;
  personId: number;
  outcome: 'reject' | 'send_back';
}

export async function upsertReasonRequest(db: Db, request: ReasonRequestRow & { expiresAt: Date }): Promise<void> {
  await db.query(
    `INSERT INTO line_reason_requests (line_user_id, decision_point_id, person_id, outcome, expires_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (line_user_id) DO UPDATE
       SET decision_point_id = EXCLUDED.decision_point_id, person_id = EXCLUDED.person_id,
           outcome = EXCLUDED.outcome, expires_at = EXCLUDED.expires_at`,
    [request.lineUserId, request.decisionPointId, request.personId, request.outcome, request.expiresAt],
  );
}

/** Takes the LINE user's pending reason request, if one is still in its window; it is gone afterwards either way. */
export async function takeReasonRequest(db: Db, lineUserId: string): Promise<ReasonRequestRow | undefined> {
  const { rows } = await db.query<ReasonRequestRow & { live: boolean }>(
    `DELETE FROM line_reason_requests WHERE line_user_id = $1
     RETURNING line_user_id AS "lineUserId", decision_point_id AS "decisionPointId", person_id AS "personId", outcome,
               expires_at > now() AS live`,
    [lineUserId],
  );
  const row = rows[0];
  return row?.live ? { lineUserId: row.lineUserId, decisionPointId: row.decisionPointId, personId: row.personId, outcome: row.outcome } : undefined;
}

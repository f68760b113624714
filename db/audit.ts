import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Db } from './pool';

/**
 * The append-only, hash-chained audit log. Each row's hash covers the previous row's hash and the row's own content
 * in a canonical form (sorted keys), so editing, deleting or reordering any row breaks the chain from there on.
 */

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises appends: each needs the hash of the row before it. */
const AUDIT_CHAIN_LOCK = 736_462_020;

export interface AuditEntry {
  idempotencyKey: string;
  organizationId: number | null;
  occurredAt: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, entry: AuditEntry): string {
  const content = canonicalJson({
    idempotencyKey: entry.idempotencyKey,
    organizationId: entry.organizationId,
    occurredAt: entry.occurredAt.toISOString(),
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
  return createHash('sha256').update(`${prevHash}\n${content}`).digest('hex');
}

/** Appends one entry inside the caller's transaction; a key already present is left as it is. */
export async function appendAudit(tx: PoolClient, entry: AuditEntry): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  const exists = await tx.query('SELECT 1 FROM audit_log WHERE idempotency_key = $1', [entry.idempotencyKey]);
  if (exists.rowCount) return;
  const last = await tx.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
  await tx.query(
    `INSERT INTO audit_log (idempotency_key, organization_id, occurred_at, actor, action, entity_type, entity_id,
                            before, after, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.idempotencyKey,
      entry.organizationId,
      entry.occurredAt,
      entry.actor,
      entry.action,
      entry.entityType,
      entry.entityId,
      JSON.stringify(entry.before ?? null),
      JSON.stringify(entry.after ?? null),
      prevHash,
      auditHash(prevHash, entry),
    ],
  );
}

export interface AuditRow {
  id: number;
  idempotencyKey: string;
  organizationId: number | null;
  occurredAt: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

const AUDIT_COLUMNS = `id, idempotency_key AS "idempotencyKey", organization_id AS "organizationId",
  occurred_at AS "occurredAt", actor, action, entity_type AS "entityType", entity_id AS "entityId", before, after,
  prev_hash AS "prevHash", hash`;

export async function listAuditPage(db: Db, afterId: number, limit: number): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}

export async function listAuditForEntity(db: Db, entityType: string, entityId: string): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
    [entityType, entityId],
  );
  return rows;
}

export type AuditVerification =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenId: number; reason: 'prev_hash_mismatch' | 'hash_mismatch' };

/** Walks the whole chain in id order, a page at a time, and names the first row that does not hold. */
export async function verifyAuditChain(pool: Pool, pageSize = 1000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let count = 0;
  for (;;) {
    const page = await listAuditPage(pool, afterId, pageSize);
    if (!page.length) return { ok: true, rows: count };
    for (const row of page) {
      count++;
      if (row.prevHash !== prevHash) return { ok: false, rows: count, brokenId: row.id, reason: 'prev_hash_mismatch' };
      if (auditHash(prevHash, row) !== row.hash) return { ok: false, rows: count, brokenId: row.id, reason: 'hash_mismatch' };
      prevHash = row.hash;
      afterId = row.id;
    }
  }
}

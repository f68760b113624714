import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Config } from '../config';
import type { Db } from './pool';

/**
 * The append-only, hash-chained audit log. Each row's hash covers the previous row's hash and the row's own content
 * in a canonical form (sorted keys), so editing, deleting or reordering any row breaks the chain from there on.
 * New rows are keyed (HMAC-SHA256 under a key from configuration, never stored in the database), so someone who can
 * write to the database but does not hold the key cannot re-hash rows they changed. Rows from before the key
 * ('sha256') stay verifiable; the first keyed row covers their last hash, so they cannot be rewritten either.
 * Cutting rows off the end leaves a shorter chain that holds: the chain head (auditHead) is published on each
 * organisation's public page, and `audit verify --head` checks the log still reaches a head once published.
 */

export const GENESIS_HASH = '0'.repeat(64);
export type AuditScheme = 'sha256' | 'hmac-sha256';
/** The key new rows are hashed under; opaque so it is not logged or compared by accident. */
export interface AuditKey {
  readonly hmacKey: Buffer;
}

export class MissingAuditKeyError extends Error {
  constructor() {
    super(
      'ไม่ได้ตั้งค่า AUDIT_KEY หรือ APP_SECRET จึงลงนามบันทึกตรวจสอบไม่ได้ / neither AUDIT_KEY nor APP_SECRET is set: ' +
        'the audit log cannot be signed',
    );
    this.name = 'MissingAuditKeyError';
  }
}

/**
 * AUDIT_KEY when set (so the audit key can be held apart from the session secret); otherwise derived from
 * APP_SECRET under its own label, so it never equals a key that signs cookies or links.
 */
export function auditKeyFrom(config: Pick<Config, 'AUDIT_KEY' | 'APP_SECRET'>): AuditKey {
  if (config.AUDIT_KEY) return { hmacKey: Buffer.from(config.AUDIT_KEY, 'utf8') };
  if (!config.APP_SECRET) throw new MissingAuditKeyError();
  return { hmacKey: createHmac('sha256', config.APP_SECRET).update('sujarit:audit-chain:v1').digest() };
}
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

function auditContent(entry: AuditEntry): string {
  return canonicalJson({
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
}

/** The hash of a row under its scheme: 'sha256' only to check rows written before the chain was keyed. */
export function auditHash(prevHash: string, entry: AuditEntry, scheme: AuditScheme, key?: AuditKey): string {
  const message = `${prevHash}\n${auditContent(entry)}`;
  if (scheme === 'sha256') return createHash('sha256').update(message).digest('hex');
  if (!key) throw new MissingAuditKeyError();
  return createHmac('sha256', key.hmacKey).update(message).digest('hex');
}

/** Appends one entry inside the caller's transaction; a key already present is left as it is. */
export async function appendAudit(tx: PoolClient, key: AuditKey, entry: AuditEntry): Promise<void> {
  await appendAuditEntries(tx, key, [entry]);
}

/**
 * The audit row of a change a person makes once, through a page or the command line, in the change's transaction: no
 * retry can repeat it, so its idempotency key is the kind of change and a fresh UUID, and it happened now.
 */
export async function appendChangeAudit(
  tx: PoolClient,
  key: AuditKey,
  keyPrefix: string,
  entry: Omit<AuditEntry, 'idempotencyKey' | 'occurredAt' | 'entityId'> & { entityId: string | number },
): Promise<void> {
  await appendAudit(tx, key, {
    ...entry,
    idempotencyKey: `${keyPrefix}:${randomUUID()}`,
    occurredAt: new Date(),
    entityId: String(entry.entityId),
  });
}

const AUDIT_INSERT_COLUMNS = 12;

/**
 * Appends entries in their order inside the caller's transaction, each chained to the one before; keys already
 * present (or repeated in the list) are left as they are. One lock, one read of the chain's head and one INSERT for
 * all of them: the fiscal-year start records an organisation's 37 item-years this way.
 */
export async function appendAuditEntries(tx: PoolClient, key: AuditKey, entries: readonly AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  const present = await tx.query<{ key: string }>(
    'SELECT idempotency_key AS key FROM audit_log WHERE idempotency_key = ANY($1::text[])',
    [entries.map((e) => e.idempotencyKey)],
  );
  const seen = new Set(present.rows.map((r) => r.key));
  const fresh: AuditEntry[] = [];
  for (const entry of entries) {
    if (seen.has(entry.idempotencyKey)) continue;
    seen.add(entry.idempotencyKey);
    fresh.push(entry);
  }
  if (!fresh.length) return;
  const last = await tx.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  let prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
  const values: unknown[] = [];
  for (const entry of fresh) {
    const hash = auditHash(prevHash, entry, 'hmac-sha256', key);
    values.push(
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
      hash,
      'hmac-sha256',
    );
    prevHash = hash;
  }
  const rows = fresh.map((_, i) => {
    const at = i * AUDIT_INSERT_COLUMNS;
    return `(${Array.from({ length: AUDIT_INSERT_COLUMNS }, (_, c) => `$${at + c + 1}`).join(', ')})`;
  });
  // VALUES rows are inserted in their order, so the ids follow the chain.
  await tx.query(
    `INSERT INTO audit_log (idempotency_key, organization_id, occurred_at, actor, action, entity_type, entity_id,
                            before, after, prev_hash, hash, scheme)
     VALUES ${rows.join(', ')}`,
    values,
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
  scheme: AuditScheme;
}

const AUDIT_COLUMNS = `id, idempotency_key AS "idempotencyKey", organization_id AS "organizationId",
  occurred_at AS "occurredAt", actor, action, entity_type AS "entityType", entity_id AS "entityId", before, after,
  prev_hash AS "prevHash", hash, scheme`;

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

/** The last row of the chain: published so that rows cut off the end, or a chain rebuilt, show. */
export interface AuditHead {
  id: number;
  hash: string;
  occurredAt: Date;
}

export async function auditHead(db: Db): Promise<AuditHead | undefined> {
  const { rows } = await db.query<AuditHead>(
    `SELECT id::int AS id, hash, occurred_at AS "occurredAt" FROM audit_log ORDER BY id DESC LIMIT 1`,
  );
  return rows[0];
}

/** `<id>:<hash>`, as the public page shows it and `audit verify --head` takes it. */
export function formatAuditHead(head: Pick<AuditHead, 'id' | 'hash'>): string {
  return `${head.id}:${head.hash}`;
}

export function parseAuditHead(text: string): Pick<AuditHead, 'id' | 'hash'> | undefined {
  const match = /^(\d{1,18}):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { id: Number(match[1]), hash: match[2]! } : undefined;
}

export type AuditBreak =
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  /** A plain SHA-256 row after a keyed one: written by someone without the key. */
  | 'unkeyed_after_keyed';

export type AuditVerification =
  | { ok: true; rows: number; head: AuditHead | undefined }
  | { ok: false; rows: number; brokenId: number; reason: AuditBreak }
  /** The chain holds but no longer reaches the published head: rows were cut off or the chain was rebuilt. */
  | { ok: false; rows: number; reason: 'head_missing' | 'head_mismatch'; expected: Pick<AuditHead, 'id' | 'hash'> };

/**
 * Walks the whole chain in id order, a page at a time, and names the first row that does not hold; with `expected`
 * (a head published earlier), the row of that id must be in the chain with that hash.
 */
export async function verifyAuditChain(
  pool: Pool,
  key: AuditKey,
  options: { expected?: Pick<AuditHead, 'id' | 'hash'>; pageSize?: number } = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 1000;
  const expected = options.expected;
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let count = 0;
  let keyed = false;
  let last: AuditRow | undefined;
  let expectedSeen = false;
  for (;;) {
    const page = await listAuditPage(pool, afterId, pageSize);
    if (!page.length) break;
    for (const row of page) {
      count++;
      if (row.prevHash !== prevHash) return { ok: false, rows: count, brokenId: row.id, reason: 'prev_hash_mismatch' };
      if (keyed && row.scheme !== 'hmac-sha256') return { ok: false, rows: count, brokenId: row.id, reason: 'unkeyed_after_keyed' };
      if (auditHash(prevHash, row, row.scheme, key) !== row.hash) return { ok: false, rows: count, brokenId: row.id, reason: 'hash_mismatch' };
      if (expected && Number(row.id) === expected.id) {
        if (row.hash !== expected.hash) return { ok: false, rows: count, reason: 'head_mismatch', expected };
        expectedSeen = true;
      }
      keyed ||= row.scheme === 'hmac-sha256';
      prevHash = row.hash;
      afterId = row.id;
      last = row;
    }
  }
  if (expected && !expectedSeen) return { ok: false, rows: count, reason: 'head_missing', expected };
  return { ok: true, rows: count, head: last ? { id: Number(last.id), hash: last.hash, occurredAt: last.occurredAt } : undefined };
}

/**
 * A record of authority and the log disagree: a decision, role assignment, delegation, platform administrator,
 * oversight officer or an organisation's current consent to its oversight office with no audit row (it bypassed the
 * services), or an audited decision with no `decisions` row behind it (a decision forged to the
 * workflow).
 */
export interface AuditMismatch {
  kind: 'not_audited' | 'audited_without_record';
  table: 'decisions' | 'role_assignments' | 'delegations' | 'platform_admins' | 'oversight_officers' | 'oversight_shares';
  /** The row's id, or for an audited decision without its row, the audit row's id. */
  id: string;
}

/**
 * Compares the tables that grant or use authority with the log. A role assignment or delegation is recorded by the
 * administrator's action (services/admin.ts); a decision by the workflow revision that took it (action
 * `decision:<outcome>` on the workflow, with the point's decision key), once the workflow has acknowledged it. An
 * item-year's cancellation decision is audited only by its effect (`cancellation_refused`, the phase `cancelled`),
 * without its decision key, so it is not matched here.
 */
export async function reconcileWithAudit(db: Db): Promise<AuditMismatch[]> {
  const { rows } = await db.query<AuditMismatch>(
    `SELECT 'not_audited' AS kind, 'role_assignments' AS "table", r.id::text AS id FROM role_assignments r
      WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'role_assignment' AND a.entity_id = r.id::text
                          AND a.action = 'role_assigned')
     UNION ALL
     SELECT 'not_audited', 'delegations', d.id::text FROM delegations d
      WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'delegation' AND a.entity_id = d.id::text
                          AND a.action = 'delegation_added')
     UNION ALL
     SELECT 'not_audited', 'platform_admins', pa.person_id::text FROM platform_admins pa
      WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'person' AND a.entity_id = pa.person_id::text
                          AND a.action = 'platform_admin_added')
     UNION ALL
     SELECT 'not_audited', 'oversight_officers', f.person_id::text FROM oversight_officers f
      WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'person' AND a.entity_id = f.person_id::text
                          AND a.action = 'oversight_officer_added')
     UNION ALL
     SELECT 'not_audited', 'oversight_shares', s.organization_id::text FROM oversight_shares s
      WHERE (SELECT a.action FROM audit_log a
              WHERE a.entity_type = 'organization' AND a.entity_id = s.organization_id::text
                AND a.action IN ('oversight_shared', 'oversight_unshared')
              ORDER BY a.id DESC LIMIT 1) IS DISTINCT FROM 'oversight_shared'
     UNION ALL
     SELECT 'not_audited', 'decisions', d.id::text FROM decisions d JOIN decision_points p ON p.id = d.decision_point_id
      WHERE d.acknowledged_at IS NOT NULL AND p.purpose <> 'cancellation'
        AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = p.workflow_id AND a.action = 'decision:' || d.outcome
                          AND a.after ->> 'decisionKey' = p.decision_key)
     UNION ALL
     SELECT 'audited_without_record', 'decisions', a.id::text FROM audit_log a
      WHERE a.action LIKE 'decision:%' AND a.entity_type IN ('item_year', 'report')
        AND NOT EXISTS (SELECT 1 FROM decision_points p JOIN decisions d ON d.decision_point_id = p.id
                         WHERE p.workflow_id = a.entity_id AND p.decision_key = a.after ->> 'decisionKey'
                           AND 'decision:' || d.outcome = a.action)
     ORDER BY 1, 2, 3`,
  );
  return rows;
}

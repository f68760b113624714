import type { Db } from '../pool';

/** A command as stored in the outbox (db/migrations/008_commands.sql). */
export interface CommandRow {
  workflowId: string;
  commandId: string;
  signalName: string;
  payload: unknown;
  attempts: number;
}

export interface NewCommand {
  workflowId: string;
  commandId: string;
  signalName: string;
  payload: unknown;
  /** How long the request that stores the command has to deliver it before the sweeper may. */
  graceMs: number;
}

/**
 * Stores the command once: a retried request (the same Idempotency-Key) finds its first row. Returns false when the
 * row already existed.
 */
export async function insertCommand(db: Db, command: NewCommand): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO commands (workflow_id, command_id, signal_name, payload, next_attempt_at)
     VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')
     ON CONFLICT (workflow_id, command_id) DO NOTHING`,
    [command.workflowId, command.commandId, command.signalName, JSON.stringify(command.payload), command.graceMs],
  );
  return rowCount === 1;
}

/**
 * Leases up to `limit` undelivered commands that are due: their next attempt moves `leaseMs` ahead, so another
 * sweeper (a second API) skips them while this one delivers, and a sweeper that dies mid-way leaves them for the next.
 */
export async function leaseDueCommands(db: Db, opts: { limit: number; leaseMs: number }): Promise<CommandRow[]> {
  const { rows } = await db.query<CommandRow>(
    `UPDATE commands c SET next_attempt_at = now() + $2 * interval '1 millisecond'
     FROM (SELECT workflow_id, command_id FROM commands
           WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now()
           ORDER BY next_attempt_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED) due
     WHERE c.workflow_id = due.workflow_id AND c.command_id = due.command_id
     RETURNING c.workflow_id AS "workflowId", c.command_id AS "commandId", c.signal_name AS "signalName",
               c.payload, c.attempts`,
    [opts.limit, opts.leaseMs],
  );
  return rows;
}

export async function markCommandDelivered(db: Db, key: { workflowId: string; commandId: string }): Promise<void> {
  await db.query(
    `UPDATE commands SET delivered_at = now(), attempts = attempts + 1, last_error = NULL
     WHERE workflow_id = $1 AND command_id = $2 AND delivered_at IS NULL`,
    [key.workflowId, key.commandId],
  );
}

/** A failed attempt: tried again after `retryInMs`. */
export async function markCommandAttemptFailed(
  db: Db,
  key: { workflowId: string; commandId: string },
  failure: { error: string; retryInMs: number },
): Promise<void> {
  await db.query(
    `UPDATE commands SET attempts = attempts + 1, last_error = $3,
                         next_attempt_at = now() + $4 * interval '1 millisecond'
     WHERE workflow_id = $1 AND command_id = $2 AND delivered_at IS NULL`,
    [key.workflowId, key.commandId, failure.error.slice(0, 2000), failure.retryInMs],
  );
}

export async function markCommandAbandoned(
  db: Db,
  key: { workflowId: string; commandId: string },
  reason: string,
): Promise<void> {
  await db.query(
    `UPDATE commands SET abandoned_at = now(), attempts = attempts + 1, last_error = $3
     WHERE workflow_id = $1 AND command_id = $2 AND delivered_at IS NULL`,
    [key.workflowId, key.commandId, reason.slice(0, 2000)],
  );
}

/** Delivered commands are kept for a while for inquiries, then removed: the workflow's history holds them. */
export async function deleteDeliveredCommandsBefore(db: Db, before: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM commands WHERE delivered_at < $1', [before]);
  return rowCount ?? 0;
}

export interface CommandCounts {
  undelivered: number;
  abandoned: number;
  oldestUndeliveredAt: Date | null;
}

/** For health and metrics: what waits for delivery, and since when. */
export async function countUndeliveredCommands(db: Db): Promise<CommandCounts> {
  const { rows } = await db.query<CommandCounts>(
    `SELECT count(*) FILTER (WHERE delivered_at IS NULL AND abandoned_at IS NULL)::int AS undelivered,
            count(*) FILTER (WHERE abandoned_at IS NOT NULL)::int AS abandoned,
            min(accepted_at) FILTER (WHERE delivered_at IS NULL AND abandoned_at IS NULL) AS "oldestUndeliveredAt"
     FROM commands`,
  );
  return rows[0]!;
}

/** Every waiting command becomes due now (an operator's "deliver now" after an outage). */
export async function makeCommandsDueNow(db: Db): Promise<number> {
  const { rowCount } = await db.query(
    'UPDATE commands SET next_attempt_at = now() WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at > now()',
  );
  return rowCount ?? 0;
}

/**
 * After a restore whose Temporal copy is older than ours: a command delivered (or given up) at or after `since`, the
 * moment Temporal's copy was taken, may never have reached the restored workflow. It waits for delivery again, due
 * now; the workflow ignores a command id it already has.
 */
export async function redeliverCommandsSettledSince(db: Db, since: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE commands SET delivered_at = NULL, abandoned_at = NULL, next_attempt_at = now()
     WHERE delivered_at >= $1 OR abandoned_at >= $1`,
    [since],
  );
  return rowCount ?? 0;
}

/** The commands of one origin (an amendment's, by their id prefix) not yet delivered nor abandoned. */
export async function listUndeliveredCommandsWithPrefix(db: Db, commandIdPrefix: string): Promise<CommandRow[]> {
  const { rows } = await db.query<CommandRow>(
    `SELECT workflow_id AS "workflowId", command_id AS "commandId", signal_name AS "signalName", payload, attempts
     FROM commands WHERE starts_with(command_id, $1) AND delivered_at IS NULL AND abandoned_at IS NULL
     ORDER BY accepted_at, workflow_id`,
    [commandIdPrefix],
  );
  return rows;
}

import type { Db } from '../pool';

/** Server-side sessions (sessions): only the SHA-256 of a session token is stored. */

export async function insertSession(db: Db, session: { personId: number; tokenHash: string; expiresAt: Date }): Promise<void> {
  await db.query('INSERT INTO sessions (person_id, token_hash, expires_at) VALUES ($1, $2, $3)', [
    session.personId,
    session.tokenHash,
    session.expiresAt,
  ]);
}

export interface LiveSessionRow {
  personId: number;
  /** Milliseconds since the session was last used; the caller refreshes last_seen_at when it is stale. */
  idleMs: number;
}

/** The session when it is neither revoked, expired, nor idle for longer than idleMs. */
export async function findLiveSession(db: Db, tokenHash: string, idleMs: number): Promise<LiveSessionRow | undefined> {
  const { rows } = await db.query<LiveSessionRow>(
    `SELECT person_id::int AS "personId", (extract(epoch FROM now() - last_seen_at) * 1000)::int AS "idleMs"
     FROM sessions
     WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
       AND last_seen_at > now() - make_interval(secs => $2::double precision / 1000)`,
    [tokenHash, idleMs],
  );
  return rows[0];
}

export async function touchSession(db: Db, tokenHash: string): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
}

export async function revokeSession(db: Db, tokenHash: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
}

/** Every live session of a person: "sign out everywhere", and a change to what the person may do. */
export async function revokeSessionsOfPerson(db: Db, personId: number): Promise<number> {
  const { rowCount } = await db.query('UPDATE sessions SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL', [personId]);
  return rowCount ?? 0;
}

/** Rows ended more than a day ago carry nothing anyone needs. */
export async function deleteStaleSessions(db: Db, before: Date): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1', [before]);
}

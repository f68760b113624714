import type { Db } from '../pool';

/** Sign-in by e-mailed link: who may sign in with an address, and the one-use tokens (signin_tokens). */

export interface SignInPerson {
  id: number;
  /** NULL for a platform administrator. */
  organizationId: number | null;
  fullName: string;
  positionTitle: string;
  email: string | null;
  lineUserId: string | null;
}

/** Active people with this e-mail address (the same address may exist once per organisation). */
export async function findActivePeopleByEmail(db: Db, email: string): Promise<SignInPerson[]> {
  const { rows } = await db.query<SignInPerson>(
    `SELECT id, organization_id AS "organizationId", full_name AS "fullName", position_title AS "positionTitle",
            email, COALESCE((SELECT la.line_user_id FROM line_accounts la WHERE la.person_id = people.id), line_user_id) AS "lineUserId"
     FROM people WHERE active AND email IS NOT NULL AND lower(email) = lower($1) ORDER BY id`,
    [email],
  );
  return rows;
}

export async function countRecentSignInTokens(db: Db, personId: number, since: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM signin_tokens WHERE person_id = $1 AND created_at >= $2',
    [personId, since],
  );
  return rows[0]!.n;
}

export async function insertSignInToken(
  db: Db,
  token: { personId: number; tokenHash: string; nextPath: string | null; expiresAt: Date },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO signin_tokens (person_id, token_hash, next_path, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [token.personId, token.tokenHash, token.nextPath, token.expiresAt],
  );
  return rows[0]!.id;
}

/** Rows past their expiry by more than a day carry nothing anyone needs. */
export async function deleteStaleSignInTokens(db: Db, before: Date): Promise<void> {
  await db.query('DELETE FROM signin_tokens WHERE expires_at < $1', [before]);
}

export interface SignInTokenRow {
  id: number;
  personId: number;
  personName: string;
  personActive: boolean;
  /** NULL for a platform administrator, who belongs to no organisation. */
  organizationId: number | null;
  nextPath: string | null;
  expired: boolean;
  usedAt: Date | null;
}

const SIGNIN_TOKEN_COLUMNS = `t.id, t.person_id AS "personId", p.full_name AS "personName", p.active AS "personActive",
  p.organization_id AS "organizationId",
  t.next_path AS "nextPath", t.expires_at <= now() AS expired, t.used_at AS "usedAt"`;

export async function findSignInToken(db: Db, tokenHash: string): Promise<SignInTokenRow | undefined> {
  const { rows } = await db.query<SignInTokenRow>(
    `SELECT ${SIGNIN_TOKEN_COLUMNS} FROM signin_tokens t JOIN people p ON p.id = t.person_id WHERE t.token_hash = $1`,
    [tokenHash],
  );
  return rows[0];
}

/** Holds the token row until the transaction ends, so two clicks cannot both use it. */
export async function lockSignInToken(db: Db, tokenHash: string): Promise<SignInTokenRow | undefined> {
  const { rows } = await db.query<SignInTokenRow>(
    `SELECT ${SIGNIN_TOKEN_COLUMNS} FROM signin_tokens t JOIN people p ON p.id = t.person_id
     WHERE t.token_hash = $1 FOR UPDATE OF t`,
    [tokenHash],
  );
  return rows[0];
}

export async function markSignInTokenUsed(db: Db, id: number): Promise<void> {
  await db.query('UPDATE signin_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL', [id]);
}

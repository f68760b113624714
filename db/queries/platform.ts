import type { Db } from '../pool';

/** Platform administrators (platform_admins): people of no organisation who onboard organisations. */

export interface PlatformAdminRow {
  personId: number;
  fullName: string;
  email: string | null;
  lineUserId: string | null;
}

export async function findPlatformAdmin(db: Db, personId: number): Promise<PlatformAdminRow | undefined> {
  const { rows } = await db.query<PlatformAdminRow>(
    `SELECT p.id AS "personId", p.full_name AS "fullName", p.email, p.line_user_id AS "lineUserId"
     FROM platform_admins a JOIN people p ON p.id = a.person_id AND p.active AND p.organization_id IS NULL
     WHERE a.person_id = $1`,
    [personId],
  );
  return rows[0];
}

export async function findPlatformPersonByEmail(db: Db, email: string): Promise<{ id: number; isAdmin: boolean } | undefined> {
  const { rows } = await db.query<{ id: number; isAdmin: boolean }>(
    `SELECT p.id, EXISTS (SELECT 1 FROM platform_admins a WHERE a.person_id = p.id) AS "isAdmin"
     FROM people p WHERE p.organization_id IS NULL AND lower(p.email) = lower($1)`,
    [email],
  );
  return rows[0];
}

export async function insertPlatformPerson(db: Db, person: { fullName: string; email: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO people (organization_id, full_name, position_title, email) VALUES (NULL, $1, '', $2) RETURNING id`,
    [person.fullName, person.email],
  );
  return rows[0]!.id;
}

/** False when the person is a platform administrator already. */
export async function insertPlatformAdmin(db: Db, personId: number, grantedBy: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO platform_admins (person_id, granted_by) VALUES ($1, $2) ON CONFLICT (person_id) DO NOTHING',
    [personId, grantedBy],
  );
  return (rowCount ?? 0) > 0;
}

/** Returns the row as it was, for the audit log; undefined when the person was not a platform administrator. */
export async function deletePlatformAdmin(db: Db, personId: number): Promise<{ grantedAt: Date; grantedBy: string } | undefined> {
  const { rows } = await db.query<{ grantedAt: Date; grantedBy: string }>(
    'DELETE FROM platform_admins WHERE person_id = $1 RETURNING granted_at AS "grantedAt", granted_by AS "grantedBy"',
    [personId],
  );
  return rows[0];
}

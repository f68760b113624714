import type { ApproverRole, AuthorityBasis } from '../../domain/decision';
import type { Db } from '../pool';

export interface PersonRow {
  id: number;
  organizationId: number;
  fullName: string;
  positionTitle: string;
  unitId: number | null;
  unitNameTh: string | null;
  /** The section (งาน) within the unit; empty when not known. */
  section: string;
  email: string | null;
  lineUserId: string | null;
  active: boolean;
}

/** A LINE account the person linked themselves (line_accounts) is where their LINE messages go; else the admin's entry. */
const PERSON_COLUMNS = `p.id, p.organization_id AS "organizationId", p.full_name AS "fullName",
  p.position_title AS "positionTitle", p.unit_id AS "unitId", u.name_th AS "unitNameTh", p.section, p.email,
  COALESCE((SELECT la.line_user_id FROM line_accounts la WHERE la.person_id = p.id), p.line_user_id) AS "lineUserId",
  p.active`;

export async function findPeopleByIds(db: Db, ids: readonly number[]): Promise<PersonRow[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM people p LEFT JOIN units u ON u.id = p.unit_id
     WHERE p.id = ANY($1::bigint[]) ORDER BY p.id`,
    [ids],
  );
  return rows;
}

export interface AuthorityRow {
  personId: number;
  basis: AuthorityBasis;
}

/**
 * Everyone who may decide for `role` on `onDate` (a Bangkok calendar day), active people only: the role's holder,
 * or its acting holders (รักษาราชการแทน) when there are any, since an acting appointment exists precisely because
 * the holder is away; plus the delegates of a delegation in force (a รองนายก deciding for the นายก).
 */
export async function listAuthorities(
  db: Db,
  query: { organizationId: number; role: ApproverRole; onDate: string },
): Promise<AuthorityRow[]> {
  const { rows } = await db.query<AuthorityRow>(
    `WITH holders AS (
       SELECT ra.person_id, ra.acting
       FROM role_assignments ra JOIN people p ON p.id = ra.person_id AND p.active
       WHERE ra.organization_id = $1 AND ra.role = $2
         AND (ra.valid_from IS NULL OR ra.valid_from <= $3::date)
         AND (ra.valid_to IS NULL OR ra.valid_to >= $3::date)
     )
     SELECT DISTINCT person_id AS "personId", CASE WHEN acting THEN 'acting' ELSE 'holder' END AS basis
     FROM holders WHERE acting = (SELECT bool_or(acting) FROM holders)
     UNION ALL
     SELECT DISTINCT d.delegate_person_id, 'delegated'
     FROM delegations d JOIN people p ON p.id = d.delegate_person_id AND p.active
     WHERE d.organization_id = $1 AND d.role = $2
       AND d.valid_from <= $3::date AND (d.valid_to IS NULL OR d.valid_to >= $3::date)`,
    [query.organizationId, query.role, query.onDate],
  );
  return rows;
}

/** Holders of a role that is not a decision-making one (coordinator, auditor): acting holders count as holders. */
export async function listRoleHolders(
  db: Db,
  query: { organizationId: number; role: string; onDate: string },
): Promise<number[]> {
  const { rows } = await db.query<{ personId: number }>(
    `SELECT DISTINCT ra.person_id AS "personId"
     FROM role_assignments ra JOIN people p ON p.id = ra.person_id AND p.active
     WHERE ra.organization_id = $1 AND ra.role = $2
       AND (ra.valid_from IS NULL OR ra.valid_from <= $3::date)
       AND (ra.valid_to IS NULL OR ra.valid_to >= $3::date)
     ORDER BY 1`,
    [query.organizationId, query.role, query.onDate],
  );
  return rows.map((r) => r.personId);
}

/** The head of one unit (หัวหน้าสำนักปลัด, ผู้อำนวยการกอง...), found by the unit's key. */
export async function listUnitHeads(
  db: Db,
  query: { organizationId: number; unitKey: string; onDate: string },
): Promise<number[]> {
  const { rows } = await db.query<{ personId: number }>(
    `SELECT DISTINCT ra.person_id AS "personId"
     FROM role_assignments ra
     JOIN people p ON p.id = ra.person_id AND p.active
     JOIN units u ON u.id = coalesce(ra.unit_id, p.unit_id)
     WHERE ra.organization_id = $1 AND ra.role = 'unit_head' AND u.key = $2
       AND (ra.valid_from IS NULL OR ra.valid_from <= $3::date)
       AND (ra.valid_to IS NULL OR ra.valid_to >= $3::date)
     ORDER BY 1`,
    [query.organizationId, query.unitKey, query.onDate],
  );
  return rows.map((r) => r.personId);
}

export interface PersonProfile {
  id: number;
  fullName: string;
  positionTitle: string;
  organizationId: number;
  organizationSlug: string;
  organizationName: string;
}

export async function findPersonProfile(db: Db, personId: number): Promise<PersonProfile | undefined> {
  const { rows } = await db.query<PersonProfile>(
    `SELECT p.id, p.full_name AS "fullName", p.position_title AS "positionTitle", o.id AS "organizationId",
            o.slug AS "organizationSlug", o.name AS "organizationName"
     FROM people p JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1 AND p.active`,
    [personId],
  );
  return rows[0];
}

export async function findPeopleNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query<{ id: number; fullName: string }>(
    'SELECT id, full_name AS "fullName" FROM people WHERE id = ANY($1::bigint[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.fullName]));
}

/** A person as the administration pages list them: the organisation is the page's own. */
export type AdminPersonRow = Omit<PersonRow, 'organizationId'>;

const ADMIN_PERSON_COLUMNS = `p.id, p.full_name AS "fullName", p.position_title AS "positionTitle", p.unit_id AS "unitId",
  u.name_th AS "unitNameTh", p.section, p.email, p.line_user_id AS "lineUserId", p.active`;

export async function listPeopleOfOrganization(db: Db, organizationId: number): Promise<AdminPersonRow[]> {
  const { rows } = await db.query<AdminPersonRow>(
    `SELECT ${ADMIN_PERSON_COLUMNS} FROM people p LEFT JOIN units u ON u.id = p.unit_id
     WHERE p.organization_id = $1 ORDER BY p.active DESC, p.id`,
    [organizationId],
  );
  return rows;
}

export async function findPersonOfOrganization(
  db: Db,
  organizationId: number,
  personId: number,
): Promise<AdminPersonRow | undefined> {
  const { rows } = await db.query<AdminPersonRow>(
    `SELECT ${ADMIN_PERSON_COLUMNS} FROM people p LEFT JOIN units u ON u.id = p.unit_id
     WHERE p.organization_id = $1 AND p.id = $2`,
    [organizationId, personId],
  );
  return rows[0];
}

export interface PersonFields {
  fullName: string;
  positionTitle: string;
  unitId: number | null;
  email: string | null;
  lineUserId: string | null;
  active: boolean;
}

/** Returns undefined when another person of the organisation already uses the e-mail address. */
export async function insertPerson(db: Db, organizationId: number, person: PersonFields): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO people (organization_id, full_name, position_title, unit_id, email, line_user_id, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (organization_id, lower(email)) WHERE email IS NOT NULL DO NOTHING
     RETURNING id`,
    [organizationId, person.fullName, person.positionTitle, person.unitId, person.email, person.lineUserId, person.active],
  );
  return rows[0]?.id;
}

export async function isEmailTaken(db: Db, organizationId: number, email: string, exceptPersonId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    'SELECT 1 FROM people WHERE organization_id = $1 AND lower(email) = lower($2) AND id <> $3',
    [organizationId, email, exceptPersonId],
  );
  return (rowCount ?? 0) > 0;
}

export async function updatePerson(db: Db, organizationId: number, personId: number, person: PersonFields): Promise<void> {
  await db.query(
    `UPDATE people SET full_name = $3, position_title = $4, unit_id = $5, email = $6, line_user_id = $7, active = $8
     WHERE organization_id = $1 AND id = $2`,
    [organizationId, personId, person.fullName, person.positionTitle, person.unitId, person.email, person.lineUserId, person.active],
  );
}

export async function findActivePerson(
  db: Db,
  personId: number,
): Promise<{ id: number; organizationId: number | null; fullName: string } | undefined> {
  const { rows } = await db.query(
    `SELECT id, organization_id AS "organizationId", full_name AS "fullName" FROM people WHERE id = $1 AND active`,
    [personId],
  );
  return rows[0];
}

/** Lower-case e-mail addresses of the organisation's people, active or not (an address stays theirs). */
export async function listOrganizationEmails(db: Db, organizationId: number): Promise<Set<string>> {
  const { rows } = await db.query<{ email: string }>(
    'SELECT lower(email) AS email FROM people WHERE organization_id = $1 AND email IS NOT NULL',
    [organizationId],
  );
  return new Set(rows.map((r) => r.email));
}

export async function findPersonEmail(db: Db, personId: number): Promise<string | null> {
  const { rows } = await db.query<{ email: string | null }>('SELECT email FROM people WHERE id = $1', [personId]);
  return rows[0]?.email ?? null;
}

/** An imported person with their section; undefined when the address is taken (the import then stores nothing). */
export async function insertImportedPerson(
  db: Db,
  organizationId: number,
  person: PersonFields & { section: string },
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO people (organization_id, full_name, position_title, unit_id, section, email, line_user_id, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, true)
     ON CONFLICT (organization_id, lower(email)) WHERE email IS NOT NULL DO NOTHING
     RETURNING id`,
    [organizationId, person.fullName, person.positionTitle, person.unitId, person.section, person.email, person.lineUserId],
  );
  return rows[0]?.id;
}

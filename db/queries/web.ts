import type { DecisionLinkRow } from './decisions';
import type { Db } from '../pool';

/** What the web pages read and write beyond the item-year API: sign-in, the dashboard, approvals and admin. */

// ---------------------------------------------------------------------------------------------------------------
// Sign-in

export interface SignInPerson {
  id: number;
  organizationId: number;
  fullName: string;
  positionTitle: string;
  email: string | null;
  lineUserId: string | null;
}

/** Active people with this e-mail address (the same address may exist once per organisation). */
export async function findActivePeopleByEmail(db: Db, email: string): Promise<SignInPerson[]> {
  const { rows } = await db.query<SignInPerson>(
    `SELECT id, organization_id AS "organizationId", full_name AS "fullName", position_title AS "positionTitle",
            email, line_user_id AS "lineUserId"
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
  nextPath: string | null;
  expired: boolean;
  usedAt: Date | null;
}

const SIGNIN_TOKEN_COLUMNS = `t.id, t.person_id AS "personId", p.full_name AS "personName", p.active AS "personActive",
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

// ---------------------------------------------------------------------------------------------------------------
// The signed-in person

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

/** Open decisions this person holds a link for (the same rule as the tasks API). */
export async function countOpenApprovals(db: Db, personId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(DISTINCT dp.id)::int AS n FROM decision_points dp
     JOIN decision_links l ON l.decision_point_id = dp.id AND l.person_id = $1
     WHERE dp.status = 'open'`,
    [personId],
  );
  return rows[0]!.n;
}

/**
 * The newest link a person holds for a decision point, in the shape the decision pages take. Signed in, the person
 * is identified by the session; the link records whom the point asked and becomes the decision's link.
 */
export async function findLatestLinkOfPerson(
  db: Db,
  query: { pointId: number; personId: number },
): Promise<DecisionLinkRow | undefined> {
  const { rows } = await db.query(
    `SELECT l.id AS "linkId", l.person_id AS "personId", p.full_name AS "personName",
            p.position_title AS "personPosition", l.expires_at AS "expiresAt", l.used_at AS "usedAt",
            l.created_at AS "createdAt",
            dp.id, dp.workflow_id AS "workflowId", dp.decision_key AS "decisionKey", dp.purpose,
            dp.approver_role AS "approverRole", dp.organization_id AS "organizationId",
            dp.item_year_id AS "itemYearId", dp.summary, dp.requested_at AS "requestedAt", dp.due_at AS "dueAt",
            dp.status
     FROM decision_links l JOIN decision_points dp ON dp.id = l.decision_point_id JOIN people p ON p.id = l.person_id
     WHERE l.decision_point_id = $1 AND l.person_id = $2
     ORDER BY l.id DESC LIMIT 1`,
    [query.pointId, query.personId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { linkId, personId, personName, personPosition, expiresAt, usedAt, createdAt, ...point } = row;
  return { linkId, personId, personName, personPosition, expiresAt, usedAt, createdAt, point };
}

export async function findPeopleNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query<{ id: number; fullName: string }>(
    'SELECT id, full_name AS "fullName" FROM people WHERE id = ANY($1::bigint[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.fullName]));
}

// ---------------------------------------------------------------------------------------------------------------
// Dashboard

export interface DashboardRow {
  itemYearId: number;
  itemCode: string;
  itemName: string;
  kind: string;
  dimension: number;
  dimensionName: string;
  missionCode: string;
  missionName: string;
  unitKey: string;
  unitName: string | null;
  ownerPersonId: number | null;
  ownerName: string | null;
  status: string;
  phase: string;
  budgetPlanned: number | null;
  budgetSpent: number | null;
  state: unknown;
  stepsDone: number;
}

/** Every item-year of one fiscal year with its place in the plan (มิติ, ภารกิจ), unit and owner. */
export async function listDashboardRows(db: Db, organizationId: number, fiscalYear: number): Promise<DashboardRow[]> {
  const { rows } = await db.query<DashboardRow>(
    `SELECT y.id AS "itemYearId", y.item_code AS "itemCode", i.name AS "itemName", i.kind, i.dimension,
            coalesce(d.name, '') AS "dimensionName", i.mission_code AS "missionCode",
            coalesce(m.name, '') AS "missionName", y.unit_key AS "unitKey", u.name_th AS "unitName",
            y.owner_person_id AS "ownerPersonId", p.full_name AS "ownerName", y.status, y.phase,
            y.budget_planned AS "budgetPlanned", y.budget_spent AS "budgetSpent", y.state,
            (SELECT count(*)::int FROM item_year_steps s WHERE s.item_year_id = y.id AND s.status = 'done') AS "stepsDone"
     FROM item_years y
     JOIN items i ON i.id = y.item_id
     LEFT JOIN dimensions d ON d.plan_version_id = i.plan_version_id AND d.number = i.dimension
     LEFT JOIN missions m ON m.plan_version_id = i.plan_version_id AND m.code = i.mission_code
     LEFT JOIN units u ON u.organization_id = y.organization_id AND u.key = y.unit_key
     LEFT JOIN people p ON p.id = y.owner_person_id
     WHERE y.organization_id = $1 AND y.fiscal_year = $2
     ORDER BY i.dimension, i.seq`,
    [organizationId, fiscalYear],
  );
  return rows;
}

export async function listFiscalYearsOfOrganization(db: Db, organizationId: number): Promise<number[]> {
  const { rows } = await db.query<{ fiscalYear: number }>(
    'SELECT DISTINCT fiscal_year AS "fiscalYear" FROM item_years WHERE organization_id = $1 ORDER BY 1 DESC',
    [organizationId],
  );
  return rows.map((r) => r.fiscalYear);
}

// ---------------------------------------------------------------------------------------------------------------
// Admin: units, people, roles, delegations

export interface UnitRow {
  id: number;
  key: string;
  nameTh: string;
  nameEn: string;
}

export async function listUnits(db: Db, organizationId: number): Promise<UnitRow[]> {
  const { rows } = await db.query<UnitRow>(
    `SELECT id, key, name_th AS "nameTh", name_en AS "nameEn" FROM units WHERE organization_id = $1 ORDER BY name_th, id`,
    [organizationId],
  );
  return rows;
}

export async function findUnit(db: Db, organizationId: number, unitId: number): Promise<UnitRow | undefined> {
  const { rows } = await db.query<UnitRow>(
    `SELECT id, key, name_th AS "nameTh", name_en AS "nameEn" FROM units WHERE organization_id = $1 AND id = $2`,
    [organizationId, unitId],
  );
  return rows[0];
}

/** Returns undefined when the key is taken. */
export async function insertUnit(
  db: Db,
  unit: { organizationId: number; key: string; nameTh: string; nameEn: string },
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO units (organization_id, key, name_th, name_en) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organization_id, key) DO NOTHING RETURNING id`,
    [unit.organizationId, unit.key, unit.nameTh, unit.nameEn],
  );
  return rows[0]?.id;
}

export async function updateUnitNames(
  db: Db,
  unit: { organizationId: number; id: number; nameTh: string; nameEn: string },
): Promise<void> {
  await db.query('UPDATE units SET name_th = $3, name_en = $4 WHERE organization_id = $1 AND id = $2', [
    unit.organizationId,
    unit.id,
    unit.nameTh,
    unit.nameEn,
  ]);
}

export interface AdminPersonRow {
  id: number;
  fullName: string;
  positionTitle: string;
  unitId: number | null;
  unitNameTh: string | null;
  email: string | null;
  lineUserId: string | null;
  active: boolean;
}

const ADMIN_PERSON_COLUMNS = `p.id, p.full_name AS "fullName", p.position_title AS "positionTitle", p.unit_id AS "unitId",
  u.name_th AS "unitNameTh", p.email, p.line_user_id AS "lineUserId", p.active`;

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

export interface RoleAssignmentRow {
  id: number;
  personId: number;
  personName: string;
  role: string;
  unitId: number | null;
  unitNameTh: string | null;
  acting: boolean;
  validFrom: string | null;
  validTo: string | null;
}

const ROLE_COLUMNS = `ra.id, ra.person_id AS "personId", p.full_name AS "personName", ra.role, ra.unit_id AS "unitId",
  u.name_th AS "unitNameTh", ra.acting, ra.valid_from AS "validFrom", ra.valid_to AS "validTo"`;

export async function listRoleAssignments(db: Db, organizationId: number): Promise<RoleAssignmentRow[]> {
  const { rows } = await db.query<RoleAssignmentRow>(
    `SELECT ${ROLE_COLUMNS} FROM role_assignments ra JOIN people p ON p.id = ra.person_id
     LEFT JOIN units u ON u.id = ra.unit_id
     WHERE ra.organization_id = $1 ORDER BY ra.person_id, ra.id`,
    [organizationId],
  );
  return rows;
}

export async function insertRoleAssignment(
  db: Db,
  role: { organizationId: number; personId: number; role: string; unitId: number | null; acting: boolean; validFrom: string | null; validTo: string | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO role_assignments (organization_id, person_id, role, unit_id, acting, valid_from, valid_to)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [role.organizationId, role.personId, role.role, role.unitId, role.acting, role.validFrom, role.validTo],
  );
  return rows[0]!.id;
}

/** Returns the row as it was, for the audit log; undefined when it is not this organisation's. */
export async function deleteRoleAssignment(
  db: Db,
  organizationId: number,
  id: number,
): Promise<RoleAssignmentRow | undefined> {
  const { rows } = await db.query<RoleAssignmentRow>(
    `SELECT ${ROLE_COLUMNS} FROM role_assignments ra JOIN people p ON p.id = ra.person_id
     LEFT JOIN units u ON u.id = ra.unit_id WHERE ra.organization_id = $1 AND ra.id = $2 FOR UPDATE OF ra`,
    [organizationId, id],
  );
  if (!rows[0]) return undefined;
  await db.query('DELETE FROM role_assignments WHERE id = $1', [id]);
  return rows[0];
}

export interface DelegationRow {
  id: number;
  role: string;
  delegatePersonId: number;
  delegateName: string;
  validFrom: string;
  validTo: string | null;
  note: string;
}

const DELEGATION_COLUMNS = `d.id, d.role, d.delegate_person_id AS "delegatePersonId", p.full_name AS "delegateName",
  d.valid_from AS "validFrom", d.valid_to AS "validTo", d.note`;

export async function listDelegations(db: Db, organizationId: number): Promise<DelegationRow[]> {
  const { rows } = await db.query<DelegationRow>(
    `SELECT ${DELEGATION_COLUMNS} FROM delegations d JOIN people p ON p.id = d.delegate_person_id
     WHERE d.organization_id = $1 ORDER BY d.valid_from DESC, d.id DESC`,
    [organizationId],
  );
  return rows;
}

export async function insertDelegation(
  db: Db,
  delegation: { organizationId: number; role: string; delegatePersonId: number; validFrom: string; validTo: string | null; note: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO delegations (organization_id, role, delegate_person_id, valid_from, valid_to, note)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [delegation.organizationId, delegation.role, delegation.delegatePersonId, delegation.validFrom, delegation.validTo, delegation.note],
  );
  return rows[0]!.id;
}

/**
 * Ends a delegation on `lastDay` (it still holds that day). A delegation that has not begun by then is ended on
 * its first day instead, which the table's check allows. Returns the row before and after.
 */
export async function endDelegation(
  db: Db,
  organizationId: number,
  id: number,
  lastDay: string,
): Promise<{ before: DelegationRow; after: DelegationRow } | undefined> {
  const { rows } = await db.query<DelegationRow>(
    `SELECT ${DELEGATION_COLUMNS} FROM delegations d JOIN people p ON p.id = d.delegate_person_id
     WHERE d.organization_id = $1 AND d.id = $2 FOR UPDATE OF d`,
    [organizationId, id],
  );
  const before = rows[0];
  if (!before) return undefined;
  const validTo = lastDay < before.validFrom ? before.validFrom : lastDay;
  await db.query('UPDATE delegations SET valid_to = $2 WHERE id = $1', [id, validTo]);
  return { before, after: { ...before, validTo } };
}

// ---------------------------------------------------------------------------------------------------------------
// Admin: settings and holidays

export async function findOrganizationSettings(db: Db, organizationId: number): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ settings: Record<string, unknown> }>(
    'SELECT settings FROM organizations WHERE id = $1',
    [organizationId],
  );
  return rows[0]?.settings ?? {};
}

/** Replaces one key of organizations.settings, leaving the others (approval route, report dates) as they are. */
export async function setOrganizationSetting(db: Db, organizationId: number, key: string, value: unknown): Promise<void> {
  await db.query(
    `UPDATE organizations SET settings = jsonb_set(settings, ARRAY[$2::text], $3::jsonb, true) WHERE id = $1`,
    [organizationId, key, JSON.stringify(value)],
  );
}

export interface HolidayRow {
  day: string;
  nameTh: string;
}

export async function listHolidays(db: Db, organizationId: number, from: string, to: string): Promise<HolidayRow[]> {
  const { rows } = await db.query<HolidayRow>(
    `SELECT day, name_th AS "nameTh" FROM holidays WHERE organization_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day`,
    [organizationId, from, to],
  );
  return rows;
}

export async function countHolidays(db: Db, organizationId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM holidays WHERE organization_id = $1', [
    organizationId,
  ]);
  return rows[0]!.n;
}

/** Inserts or renames holidays; returns the rows that were there before (for the audit log). */
export async function upsertHolidays(db: Db, organizationId: number, holidays: readonly HolidayRow[]): Promise<HolidayRow[]> {
  if (!holidays.length) return [];
  const days = holidays.map((h) => h.day);
  const { rows: before } = await db.query<HolidayRow>(
    `SELECT day, name_th AS "nameTh" FROM holidays WHERE organization_id = $1 AND day = ANY($2::date[]) ORDER BY day`,
    [organizationId, days],
  );
  await db.query(
    `INSERT INTO holidays (organization_id, day, name_th)
     SELECT $1, h.day, h.name FROM unnest($2::date[], $3::text[]) AS h(day, name)
     ON CONFLICT (organization_id, day) DO UPDATE SET name_th = EXCLUDED.name_th`,
    [organizationId, days, holidays.map((h) => h.nameTh)],
  );
  return before;
}

export async function deleteHoliday(db: Db, organizationId: number, day: string): Promise<HolidayRow | undefined> {
  const { rows } = await db.query<HolidayRow>(
    `DELETE FROM holidays WHERE organization_id = $1 AND day = $2 RETURNING day, name_th AS "nameTh"`,
    [organizationId, day],
  );
  return rows[0];
}

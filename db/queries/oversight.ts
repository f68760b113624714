import type { OversightLevel } from '../../domain/oversight';
import type { ReportKind } from '../../domain/report-kind';
import type { Db } from '../pool';

/**
 * Oversight offices (สถ.จ. / สถ.อ.), their officers (people of no organisation, migration 021) and the organisations'
 * consent to be shown to them. Nothing here reads an organisation's people, items or decisions: the summary's
 * figures come from the e-PlanNACC export and the counts below.
 */

export interface OversightOfficeRow {
  id: number;
  level: OversightLevel;
  province: string;
  district: string | null;
  name: string;
  createdAt: Date;
}

const OFFICE_COLUMNS = 'o.id, o.level, o.province, o.district, o.name, o.created_at AS "createdAt"';

export async function insertOversightOffice(
  db: Db,
  office: { level: OversightLevel; province: string; district: string | null; name: string; createdBy: string },
): Promise<OversightOfficeRow> {
  const { rows } = await db.query<OversightOfficeRow>(
    `INSERT INTO oversight_offices AS o (level, province, district, name, created_by) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${OFFICE_COLUMNS}`,
    [office.level, office.province, office.district, office.name, office.createdBy],
  );
  return rows[0]!;
}

export async function findOversightOffice(db: Db, id: number): Promise<OversightOfficeRow | undefined> {
  const { rows } = await db.query<OversightOfficeRow>(`SELECT ${OFFICE_COLUMNS} FROM oversight_offices o WHERE o.id = $1`, [id]);
  return rows[0];
}

export interface OversightOfficeListRow extends OversightOfficeRow {
  officers: Array<{ fullName: string; email: string | null }>;
}

/** Every office with its officers' names and addresses, for the platform administrator's page. */
export async function listOversightOffices(db: Db): Promise<OversightOfficeListRow[]> {
  const { rows } = await db.query<OversightOfficeListRow>(
    `SELECT ${OFFICE_COLUMNS},
            coalesce((SELECT json_agg(json_build_object('fullName', p.full_name, 'email', p.email) ORDER BY p.id)
                      FROM oversight_officers f JOIN people p ON p.id = f.person_id AND p.active
                      WHERE f.office_id = o.id), '[]'::json) AS officers
     FROM oversight_offices o ORDER BY o.province, o.district NULLS FIRST, o.id`,
  );
  return rows;
}

/** False when the person is an officer already (of this office or another). */
export async function insertOversightOfficer(db: Db, officer: { personId: number; officeId: number; grantedBy: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO oversight_officers (person_id, office_id, granted_by) VALUES ($1, $2, $3) ON CONFLICT (person_id) DO NOTHING',
    [officer.personId, officer.officeId, officer.grantedBy],
  );
  return (rowCount ?? 0) > 0;
}

export interface OversightOfficerRow {
  personId: number;
  fullName: string;
  office: OversightOfficeRow;
}

/** The officer behind a session: an active person of no organisation with an officers row. */
export async function findOversightOfficer(db: Db, personId: number): Promise<OversightOfficerRow | undefined> {
  const { rows } = await db.query<{ personId: number; fullName: string } & OversightOfficeRow>(
    `SELECT p.id AS "personId", p.full_name AS "fullName", ${OFFICE_COLUMNS}
     FROM oversight_officers f
     JOIN people p ON p.id = f.person_id AND p.active AND p.organization_id IS NULL
     JOIN oversight_offices o ON o.id = f.office_id
     WHERE f.person_id = $1`,
    [personId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { personId: id, fullName, ...office } = row;
  return { personId: id, fullName, office };
}

// Consent -----------------------------------------------------------------------------------------------------

export interface OversightShareRow {
  sharedAt: Date;
  sharedBy: number;
  sharedByName: string;
}

export async function findOversightShare(db: Db, organizationId: number): Promise<OversightShareRow | undefined> {
  const { rows } = await db.query<OversightShareRow>(
    `SELECT s.shared_at AS "sharedAt", s.shared_by AS "sharedBy", p.full_name AS "sharedByName"
     FROM oversight_shares s JOIN people p ON p.id = s.shared_by WHERE s.organization_id = $1`,
    [organizationId],
  );
  return rows[0];
}

/** False when the organisation shares already (nothing is written then). */
export async function insertOversightShare(db: Db, share: { organizationId: number; sharedBy: number }): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO oversight_shares (organization_id, shared_by) VALUES ($1, $2) ON CONFLICT (organization_id) DO NOTHING',
    [share.organizationId, share.sharedBy],
  );
  return (rowCount ?? 0) > 0;
}

/** The share as it was, for the audit log; undefined when the organisation did not share. */
export async function deleteOversightShare(db: Db, organizationId: number): Promise<{ sharedAt: Date; sharedBy: number } | undefined> {
  const { rows } = await db.query<{ sharedAt: Date; sharedBy: number }>(
    'DELETE FROM oversight_shares WHERE organization_id = $1 RETURNING shared_at AS "sharedAt", shared_by AS "sharedBy"',
    [organizationId],
  );
  return rows[0];
}

export interface SharedOrganizationRow {
  id: number;
  slug: string;
  name: string;
  district: string;
  province: string;
  settings: Record<string, unknown>;
  sharedAt: Date;
}

/** Every organisation that shares with its oversight offices; which office covers which is domain/oversight.ts's. */
export async function listSharedOrganizations(db: Db): Promise<SharedOrganizationRow[]> {
  const { rows } = await db.query<SharedOrganizationRow>(
    `SELECT o.id, o.slug, o.name, o.district, o.province, o.settings, s.shared_at AS "sharedAt"
     FROM oversight_shares s JOIN organizations o ON o.id = s.organization_id
     ORDER BY o.province, o.district, o.name, o.id`,
  );
  return rows;
}

/**
 * The fiscal year's item-years past the due date of what they wait for, per organisation: the rule of the metrics
 * gauge (db/queries/metrics.ts countOverdueItemYears, domain/lateness.ts's next_due_at before now).
 */
export async function countOverdueItemYearsOf(db: Db, query: { organizationIds: readonly number[]; fiscalYear: number; now: Date }): Promise<Map<number, number>> {
  const { rows } = await db.query<{ organizationId: number; count: number }>(
    `SELECT organization_id AS "organizationId", count(*)::int AS count
     FROM item_years WHERE organization_id = ANY($1::bigint[]) AND fiscal_year = $2 AND next_due_at < $3
     GROUP BY organization_id`,
    [query.organizationIds, query.fiscalYear, query.now],
  );
  return new Map(rows.map((r) => [r.organizationId, r.count]));
}

export interface ReportPublicationRow {
  organizationId: number;
  kind: ReportKind;
  /** When the first version of the fiscal year's report was published; null while none has been. */
  firstPublishedAt: Date | null;
  /** A version waits for the ปลัด's or the นายก's sign-off. */
  inReview: boolean;
}

/** Per organisation and kind, the fiscal year's report as the oversight view needs it: no content, only dates. */
export async function listReportPublications(db: Db, query: { organizationIds: readonly number[]; fiscalYear: number }): Promise<ReportPublicationRow[]> {
  const { rows } = await db.query<ReportPublicationRow>(
    `SELECT organization_id AS "organizationId", kind, min(published_at) AS "firstPublishedAt",
            bool_or(status = 'in_review') AS "inReview"
     FROM reports WHERE organization_id = ANY($1::bigint[]) AND fiscal_year = $2
     GROUP BY organization_id, kind`,
    [query.organizationIds, query.fiscalYear],
  );
  return rows;
}

import type { ReportKind } from '../../domain/report-kind';
import type { Db } from '../pool';
import type { OrganizationKind } from '../../domain/organizations';

/** Reports, their rendered files, the ITA document map, and the reads a report snapshot is made of. */

export type ReportStatusName = 'draft' | 'in_review' | 'published' | 'superseded';
export type ReportFileFormat = 'html' | 'pdf' | 'docx' | 'xlsx' | 'csv' | 'json';

// ---------------------------------------------------------------------------------------------------------------
// Snapshot reads

export interface ReportPlanRow {
  id: number;
  versionId: number;
  version: number;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
}

/** The organisation's plan covering the fiscal year, at its current version (the newest plan if several overlap). */
export async function findPlanForFiscalYear(
  db: Db,
  organizationId: number,
  fiscalYear: number,
): Promise<ReportPlanRow | undefined> {
  const { rows } = await db.query<ReportPlanRow>(
    `SELECT p.id, v.id AS "versionId", v.version, p.title, p.first_fiscal_year AS "firstFiscalYear",
            p.last_fiscal_year AS "lastFiscalYear"
     FROM plans p JOIN plan_versions v ON v.id = p.current_version_id
     WHERE p.organization_id = $1 AND $2 BETWEEN p.first_fiscal_year AND p.last_fiscal_year
     ORDER BY p.id DESC LIMIT 1`,
    [organizationId, fiscalYear],
  );
  return rows[0];
}

export async function findPlanTargets(
  db: Db,
  planVersionId: number,
  fiscalYear: number,
): Promise<{ itaScore: number | null; caseReductionPercent: number | null } | undefined> {
  const { rows } = await db.query<{ itaScore: number | null; caseReductionPercent: number | null }>(
    `SELECT ita_score AS "itaScore", case_reduction_percent AS "caseReductionPercent"
     FROM plan_targets WHERE plan_version_id = $1 AND fiscal_year = $2`,
    [planVersionId, fiscalYear],
  );
  return rows[0];
}

export async function listPlanDimensions(db: Db, planVersionId: number): Promise<Array<{ number: number; name: string }>> {
  const { rows } = await db.query<{ number: number; name: string }>(
    'SELECT number, name FROM dimensions WHERE plan_version_id = $1 ORDER BY number',
    [planVersionId],
  );
  return rows;
}

export async function listPlanMissions(db: Db, planVersionId: number): Promise<Array<{ code: string; name: string }>> {
  const { rows } = await db.query<{ code: string; name: string }>(
    'SELECT code, name FROM missions WHERE plan_version_id = $1 ORDER BY code',
    [planVersionId],
  );
  return rows;
}

export async function listOrganizationUnits(
  db: Db,
  organizationId: number,
): Promise<Array<{ key: string; nameTh: string; nameEn: string }>> {
  const { rows } = await db.query<{ key: string; nameTh: string; nameEn: string }>(
    `SELECT key, name_th AS "nameTh", name_en AS "nameEn" FROM units WHERE organization_id = $1 ORDER BY key`,
    [organizationId],
  );
  return rows;
}

export interface ReportItemRow {
  itemId: number;
  code: string;
  dimension: number;
  seq: number;
  missionCode: string;
  kind: 'project' | 'measure' | 'activity';
  name: string;
  unitKey: string;
  unitText: string | null;
  /** กลุ่มเป้าหมาย as the plan wrote it; null when it states none or was stored before it was read. */
  targetGroup: string | null;
  /** Integer satang (numeric(14,2) × 100 is exact); null = ไม่ใช้งบประมาณ. */
  budgetPlannedSatang: number | null;
  itemYearId: number | null;
  status: string | null;
  phase: string | null;
  budgetSpentSatang: number | null;
  problems: string | null;
  suggestions: string | null;
  cancelReason: string | null;
  state: Record<string, unknown> | null;
  startedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date | null;
}

/**
 * Every item of the plan version that runs in the fiscal year (it has a budget row for it, an amount or
 * ไม่ใช้งบประมาณ), with its item-year when the year has started it. Item-years are matched by code, so a plan
 * re-imported during the year still reports the work already done.
 */
export async function listReportItems(
  db: Db,
  key: { planId: number; planVersionId: number; fiscalYear: number },
): Promise<ReportItemRow[]> {
  const { rows } = await db.query<ReportItemRow>(
    `SELECT i.id AS "itemId", i.code, i.dimension, i.seq, i.mission_code AS "missionCode", i.kind, i.name,
            i.responsible_unit_key AS "unitKey", i.responsible_unit_text AS "unitText", i.target_group AS "targetGroup",
            (b.amount * 100)::bigint AS "budgetPlannedSatang",
            y.id AS "itemYearId", y.status, y.phase, (y.budget_spent * 100)::bigint AS "budgetSpentSatang",
            y.problems, y.suggestions, y.cancel_reason AS "cancelReason", y.state, y.started_at AS "startedAt",
            y.completed_at AS "completedAt", y.updated_at AS "updatedAt"
     FROM items i
     JOIN item_budgets b ON b.item_id = i.id AND b.fiscal_year = $3
     LEFT JOIN item_years y ON y.plan_id = $1 AND y.item_code = i.code AND y.fiscal_year = $3
     WHERE i.plan_version_id = $2
     ORDER BY i.dimension, i.seq`,
    [key.planId, key.planVersionId, key.fiscalYear],
  );
  return rows;
}

export interface ReportIndicatorRow {
  itemId: number;
  ordinal: number;
  kind: 'output' | 'outcome';
  text: string;
  comparator: string | null;
  value: number | null;
  unit: string | null;
  unitText: string | null;
}

export async function listReportIndicators(db: Db, itemIds: readonly number[]): Promise<ReportIndicatorRow[]> {
  if (!itemIds.length) return [];
  const { rows } = await db.query<ReportIndicatorRow>(
    `SELECT item_id AS "itemId", ordinal, kind, text, target_comparator AS comparator, target_value AS value,
            target_unit AS unit, target_unit_text AS "unitText"
     FROM item_indicators WHERE item_id = ANY($1::bigint[]) ORDER BY item_id, ordinal`,
    [itemIds],
  );
  return rows;
}

export interface ReportStepRow {
  itemYearId: number;
  stepKey: string;
  ordinal: number;
  text: string;
  phase: string;
  status: 'pending' | 'done' | 'skipped';
  dueAt: Date | null;
  completedAt: Date | null;
}

export async function listReportSteps(db: Db, itemYearIds: readonly number[]): Promise<ReportStepRow[]> {
  if (!itemYearIds.length) return [];
  const { rows } = await db.query<ReportStepRow>(
    `SELECT item_year_id AS "itemYearId", step_key AS "stepKey", ordinal, text, phase, status, due_at AS "dueAt",
            completed_at AS "completedAt"
     FROM item_year_steps WHERE item_year_id = ANY($1::bigint[])
     ORDER BY item_year_id, ordinal, due_at NULLS LAST, step_key`,
    [itemYearIds],
  );
  return rows;
}

export interface ReportResultRow {
  itemYearId: number;
  ordinal: number;
  value: number | null;
  text: string;
  met: boolean | null;
}

export async function listReportIndicatorResults(db: Db, itemYearIds: readonly number[]): Promise<ReportResultRow[]> {
  if (!itemYearIds.length) return [];
  const { rows } = await db.query<ReportResultRow>(
    `SELECT item_year_id AS "itemYearId", ordinal, value, text, met
     FROM indicator_results WHERE item_year_id = ANY($1::bigint[]) ORDER BY item_year_id, ordinal`,
    [itemYearIds],
  );
  return rows;
}

export interface ReportEvidenceRow {
  id: string;
  itemYearId: number;
  stepKey: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
}

export async function listReportEvidence(db: Db, itemYearIds: readonly number[]): Promise<ReportEvidenceRow[]> {
  if (!itemYearIds.length) return [];
  const { rows } = await db.query<ReportEvidenceRow>(
    `SELECT id::text AS id, item_year_id AS "itemYearId", step_key AS "stepKey", file_name AS "fileName",
            content_type AS "contentType", size_bytes AS "sizeBytes", sha256, uploaded_at AS "uploadedAt"
     FROM evidence_files WHERE item_year_id = ANY($1::bigint[])
     ORDER BY item_year_id, uploaded_at, id`,
    [itemYearIds],
  );
  return rows;
}

export interface ReportSignatoryRow {
  role: 'coordinator' | 'palad' | 'mayor';
  fullName: string;
  positionTitle: string;
  acting: boolean;
}

/**
 * Who signs the report on a day: one person per role. An acting holder (รักษาราชการแทน) comes first, since an
 * acting appointment exists because the holder is away; then the earliest assignment.
 */
export async function listReportSignatories(
  db: Db,
  query: { organizationId: number; onDate: string },
): Promise<ReportSignatoryRow[]> {
  const { rows } = await db.query<ReportSignatoryRow>(
    `SELECT DISTINCT ON (ra.role) ra.role, p.full_name AS "fullName", p.position_title AS "positionTitle", ra.acting
     FROM role_assignments ra JOIN people p ON p.id = ra.person_id AND p.active
     WHERE ra.organization_id = $1 AND ra.role IN ('coordinator', 'palad', 'mayor')
       AND (ra.valid_from IS NULL OR ra.valid_from <= $2::date)
       AND (ra.valid_to IS NULL OR ra.valid_to >= $2::date)
     ORDER BY ra.role, ra.acting DESC, ra.id`,
    [query.organizationId, query.onDate],
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

export interface ReportRow {
  id: number;
  organizationId: number;
  kind: ReportKind;
  fiscalYear: number;
  version: number;
  status: ReportStatusName;
  requestKey: string | null;
  snapshotSha256: string;
  createdAt: Date;
  publishedAt: Date | null;
}

const REPORT_COLUMNS = `id, organization_id AS "organizationId", kind, fiscal_year AS "fiscalYear", version, status,
  request_key AS "requestKey", snapshot_sha256 AS "snapshotSha256", created_at AS "createdAt",
  published_at AS "publishedAt"`;

/**
 * Adds the next version of a report as a draft. A request key already used returns nothing: the caller reads the
 * version that key created (findReportByRequestKey).
 */
export async function insertReportVersion(
  db: Db,
  report: {
    organizationId: number;
    kind: ReportKind;
    fiscalYear: number;
    requestKey: string | null;
    snapshot: unknown;
    snapshotSha256: string;
    createdAt: Date;
  },
): Promise<ReportRow | undefined> {
  const { rows } = await db.query<ReportRow>(
    `INSERT INTO reports (organization_id, kind, fiscal_year, version, request_key, snapshot, snapshot_sha256, created_at)
     SELECT $1, $2, $3, coalesce(max(version), 0) + 1, $4, $5, $6, $7
     FROM reports WHERE organization_id = $1 AND kind = $2 AND fiscal_year = $3
     ON CONFLICT (request_key) DO NOTHING
     RETURNING ${REPORT_COLUMNS}`,
    [
      report.organizationId,
      report.kind,
      report.fiscalYear,
      report.requestKey,
      JSON.stringify(report.snapshot),
      report.snapshotSha256,
      report.createdAt,
    ],
  );
  return rows[0];
}

export async function findReportByRequestKey(db: Db, requestKey: string): Promise<ReportRow | undefined> {
  const { rows } = await db.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE request_key = $1`, [requestKey]);
  return rows[0];
}

export async function findReportById(db: Db, id: number): Promise<ReportRow | undefined> {
  const { rows } = await db.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = $1`, [id]);
  return rows[0];
}

/** The stored snapshot as jsonb gave it back; parse it with parseReportSnapshot before use. */
export async function findReportSnapshot(db: Db, id: number): Promise<{ snapshot: unknown; snapshotSha256: string } | undefined> {
  const { rows } = await db.query<{ snapshot: unknown; snapshotSha256: string }>(
    'SELECT snapshot, snapshot_sha256 AS "snapshotSha256" FROM reports WHERE id = $1',
    [id],
  );
  return rows[0];
}

export async function listReports(
  db: Db,
  filter: { organizationId: number; kind?: ReportKind; fiscalYear?: number },
): Promise<ReportRow[]> {
  const { rows } = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM reports
     WHERE organization_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::int IS NULL OR fiscal_year = $3)
     ORDER BY fiscal_year DESC, kind, version DESC`,
    [filter.organizationId, filter.kind ?? null, filter.fiscalYear ?? null],
  );
  return rows;
}

export async function findPublishedReport(
  db: Db,
  key: { organizationId: number; kind: ReportKind; fiscalYear: number },
): Promise<ReportRow | undefined> {
  const { rows } = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM reports
     WHERE organization_id = $1 AND kind = $2 AND fiscal_year = $3 AND status = 'published'`,
    [key.organizationId, key.kind, key.fiscalYear],
  );
  return rows[0];
}

/** draft → in_review, or in_review → draft when sent back. Returns false when the report was not in `from`. */
export async function setReportReviewStatus(
  db: Db,
  id: number,
  change: { from: 'draft' | 'in_review'; to: 'draft' | 'in_review' },
): Promise<boolean> {
  const result = await db.query('UPDATE reports SET status = $3 WHERE id = $1 AND status = $2', [id, change.from, change.to]);
  return (result.rowCount ?? 0) > 0;
}

/** Marks the published version of the same report superseded, except `keepId`; run before publishing keepId. */
export async function supersedePublishedReports(db: Db, keepId: number): Promise<number> {
  const result = await db.query(
    `UPDATE reports r SET status = 'superseded'
     FROM reports k
     WHERE k.id = $1 AND r.organization_id = k.organization_id AND r.kind = k.kind
       AND r.fiscal_year = k.fiscal_year AND r.status = 'published' AND r.id <> k.id`,
    [keepId],
  );
  return result.rowCount ?? 0;
}

/** Publishes a draft or reviewed version; publishing it again keeps the first publication time. */
export async function markReportPublished(db: Db, id: number, publishedAt: Date): Promise<ReportRow | undefined> {
  const { rows } = await db.query<ReportRow>(
    `UPDATE reports SET status = 'published', published_at = coalesce(published_at, $2)
     WHERE id = $1 AND status IN ('draft', 'in_review', 'published')
     RETURNING ${REPORT_COLUMNS}`,
    [id, publishedAt],
  );
  return rows[0];
}

// ---------------------------------------------------------------------------------------------------------------
// Rendered files

export interface ReportFileRow {
  reportId: number;
  format: ReportFileFormat;
  lang: 'th' | 'en';
  contentType: string;
  fileName: string;
  storagePath: string | null;
  sha256: string;
  sizeBytes: number;
}

const REPORT_FILE_COLUMNS = `report_id AS "reportId", format, lang, content_type AS "contentType",
  file_name AS "fileName", storage_path AS "storagePath", sha256, size_bytes AS "sizeBytes"`;

/** Rendering again (a retried activity) replaces the file with the same format and language. */
export async function upsertReportFile(
  db: Db,
  file: Omit<ReportFileRow, 'storagePath'> & { bytes: Buffer | null; storagePath: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO report_files (report_id, format, lang, content_type, file_name, bytes, storage_path, sha256, size_bytes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (report_id, format, lang) DO UPDATE SET
       content_type = EXCLUDED.content_type, file_name = EXCLUDED.file_name, bytes = EXCLUDED.bytes,
       storage_path = EXCLUDED.storage_path, sha256 = EXCLUDED.sha256, size_bytes = EXCLUDED.size_bytes,
       created_at = now()`,
    [file.reportId, file.format, file.lang, file.contentType, file.fileName, file.bytes, file.storagePath, file.sha256, file.sizeBytes],
  );
}

export async function listReportFiles(db: Db, reportId: number): Promise<ReportFileRow[]> {
  const { rows } = await db.query<ReportFileRow>(
    `SELECT ${REPORT_FILE_COLUMNS} FROM report_files WHERE report_id = $1 ORDER BY lang DESC, format`,
    [reportId],
  );
  return rows;
}

export async function findReportFile(
  db: Db,
  key: { reportId: number; format: ReportFileFormat; lang: 'th' | 'en' },
): Promise<(ReportFileRow & { bytes: Buffer | null }) | undefined> {
  const { rows } = await db.query<ReportFileRow & { bytes: Buffer | null }>(
    `SELECT ${REPORT_FILE_COLUMNS}, bytes FROM report_files WHERE report_id = $1 AND format = $2 AND lang = $3`,
    [key.reportId, key.format, key.lang],
  );
  return rows[0];
}

// ---------------------------------------------------------------------------------------------------------------
// ITA document map

/** ITA's groups of local governments are their kinds (domain/organizations.ts). */
export type ItaAgencyGroup = OrganizationKind;

export interface ItaDocumentRow {
  id: number;
  /** Set: this organisation's own row. */
  organizationId: number | null;
  /** Set: the row for one agency group; both null: the default for every organisation. */
  agencyGroup: ItaAgencyGroup | null;
  itaYear: number;
  oCode: string;
  documentKind: 'plan' | 'six_month' | 'annual';
  fiscalYearOffset: number;
  labelTh: string;
  labelEn: string;
  confirmed: boolean;
}

const ITA_COLUMNS = `id, organization_id AS "organizationId", agency_group AS "agencyGroup", ita_year AS "itaYear",
  o_code AS "oCode", document_kind AS "documentKind", fiscal_year_offset AS "fiscalYearOffset", label_th AS "labelTh",
  label_en AS "labelEn", confirmed`;

/**
 * The ITA items of one year for an organisation, one per document kind: its own row where it has one, else its
 * agency group's, else the default (migration 020).
 */
export async function listItaDocuments(
  db: Db,
  query: { organizationId: number; agencyGroup: ItaAgencyGroup | null; itaYear: number },
): Promise<ItaDocumentRow[]> {
  const { rows } = await db.query<ItaDocumentRow>(
    `SELECT DISTINCT ON (document_kind) ${ITA_COLUMNS}
     FROM ita_document_map
     WHERE ita_year = $2
       AND (organization_id = $1 OR (organization_id IS NULL AND (agency_group IS NULL OR agency_group = $3)))
     ORDER BY document_kind, organization_id NULLS LAST, agency_group NULLS LAST`,
    [query.organizationId, query.itaYear, query.agencyGroup],
  );
  return rows;
}

/** The ITA years the map has an entry for that reach this organisation (its own, its group's, the defaults), newest first. */
export async function listItaYears(db: Db, query: { organizationId: number; agencyGroup: ItaAgencyGroup | null }): Promise<number[]> {
  const { rows } = await db.query<{ itaYear: number }>(
    `SELECT DISTINCT ita_year AS "itaYear" FROM ita_document_map
     WHERE organization_id = $1 OR (organization_id IS NULL AND (agency_group IS NULL OR agency_group = $2))
     ORDER BY ita_year DESC`,
    [query.organizationId, query.agencyGroup],
  );
  return rows.map((r) => r.itaYear);
}

/**
 * Sets the O-code of a document kind in an ITA year: for one organisation (organizationId), one agency group
 * (agencyGroup), or everyone (both null). Returns the row before the change too, for the audit log.
 */
export async function upsertItaDocument(
  db: Db,
  row: Omit<ItaDocumentRow, 'id' | 'agencyGroup'> & { agencyGroup?: ItaAgencyGroup | null },
): Promise<ItaDocumentRow> {
  const { rows } = await db.query<ItaDocumentRow>(
    `INSERT INTO ita_document_map (organization_id, agency_group, ita_year, o_code, document_kind, fiscal_year_offset,
                                   label_th, label_en, confirmed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (organization_id, agency_group, ita_year, document_kind) DO UPDATE SET
       o_code = EXCLUDED.o_code, fiscal_year_offset = EXCLUDED.fiscal_year_offset, label_th = EXCLUDED.label_th,
       label_en = EXCLUDED.label_en, confirmed = EXCLUDED.confirmed, updated_at = now()
     RETURNING ${ITA_COLUMNS}`,
    [
      row.organizationId,
      row.agencyGroup ?? null,
      row.itaYear,
      row.oCode,
      row.documentKind,
      row.fiscalYearOffset,
      row.labelTh,
      row.labelEn,
      row.confirmed,
    ],
  );
  return rows[0]!;
}

/** Every row an organisation's map of one ITA year is made of (its own, its group's, the defaults), for the admin page. */
export async function listItaMapRows(
  db: Db,
  query: { organizationId: number; agencyGroup: ItaAgencyGroup | null; itaYear: number },
): Promise<ItaDocumentRow[]> {
  const { rows } = await db.query<ItaDocumentRow>(
    `SELECT ${ITA_COLUMNS} FROM ita_document_map
     WHERE ita_year = $2
       AND (organization_id = $1 OR (organization_id IS NULL AND (agency_group IS NULL OR agency_group = $3)))
     ORDER BY document_kind, organization_id NULLS LAST, agency_group NULLS LAST`,
    [query.organizationId, query.itaYear, query.agencyGroup],
  );
  return rows;
}

/** Removes an organisation's own row of a document kind (the group's or the default row applies again). */
export async function deleteOwnItaDocument(
  db: Db,
  key: { organizationId: number; itaYear: number; documentKind: ItaDocumentRow['documentKind'] },
): Promise<ItaDocumentRow | undefined> {
  const { rows } = await db.query<ItaDocumentRow>(
    `DELETE FROM ita_document_map WHERE organization_id = $1 AND ita_year = $2 AND document_kind = $3
     RETURNING ${ITA_COLUMNS}`,
    [key.organizationId, key.itaYear, key.documentKind],
  );
  return rows[0];
}

/** How each item-year of a fiscal year that ran in the system stands now: the annual report's year before. */
export async function listYearStandings(
  db: Db,
  organizationId: number,
  fiscalYear: number,
): Promise<Array<{ code: string; status: string; phase: string; anyStepDone: boolean; budgetPlannedSatang: number | null; budgetSpentSatang: number | null }>> {
  const { rows } = await db.query(
    `SELECT y.item_code AS code, y.status, y.phase,
            EXISTS (SELECT 1 FROM item_year_steps s WHERE s.item_year_id = y.id AND s.status = 'done') AS "anyStepDone",
            round(y.budget_planned * 100)::bigint::float8 AS "budgetPlannedSatang",
            round(y.budget_spent * 100)::bigint::float8 AS "budgetSpentSatang"
     FROM item_years y WHERE y.organization_id = $1 AND y.fiscal_year = $2 ORDER BY y.item_code`,
    [organizationId, fiscalYear],
  );
  return rows;
}

/** What the coordinator entered of a fiscal year from its old report, with that year's planned budget in the plan. */
export async function listEnteredYearResults(
  db: Db,
  organizationId: number,
  fiscalYear: number,
): Promise<Array<{ code: string; status: string; budgetPlannedSatang: number | null; budgetSpentSatang: number | null }>> {
  const { rows } = await db.query(
    `SELECT r.item_code AS code, r.status,
            (SELECT round(b.amount * 100)::bigint::float8 FROM items i JOIN item_budgets b ON b.item_id = i.id AND b.fiscal_year = r.fiscal_year
              WHERE i.plan_version_id = p.current_version_id AND i.code = r.item_code) AS "budgetPlannedSatang",
            round(r.budget_spent * 100)::bigint::float8 AS "budgetSpentSatang"
     FROM earlier_year_results r JOIN plans p ON p.id = r.plan_id
     WHERE r.organization_id = $1 AND r.fiscal_year = $2 ORDER BY r.item_code`,
    [organizationId, fiscalYear],
  );
  return rows;
}

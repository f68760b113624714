import type { Db } from '../pool';

/** Results of fiscal years before go-live, entered from the old reports (migration 023). */

export interface EarlierYearResultRow {
  itemCode: string;
  fiscalYear: number;
  status: 'done' | 'in_progress' | 'not_started' | 'cancelled';
  budgetSpent: number | null;
  resultText: string;
  recordedBy: number;
  recordedAt: Date;
}

const COLUMNS = `item_code AS "itemCode", fiscal_year AS "fiscalYear", status, budget_spent::float8 AS "budgetSpent",
  result_text AS "resultText", recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export async function listEarlierYearResults(db: Db, planId: number, fiscalYear: number): Promise<EarlierYearResultRow[]> {
  const { rows } = await db.query<EarlierYearResultRow>(
    `SELECT ${COLUMNS} FROM earlier_year_results WHERE plan_id = $1 AND fiscal_year = $2 ORDER BY item_code`,
    [planId, fiscalYear],
  );
  return rows;
}

/** One organisation's entries of one fiscal year, whatever plan they were entered against (the annual report's year before). */
export async function listEarlierYearResultsOfOrganization(db: Db, organizationId: number, fiscalYear: number): Promise<EarlierYearResultRow[]> {
  const { rows } = await db.query<EarlierYearResultRow>(
    `SELECT ${COLUMNS} FROM earlier_year_results WHERE organization_id = $1 AND fiscal_year = $2 ORDER BY item_code`,
    [organizationId, fiscalYear],
  );
  return rows;
}

/** Writes one item's entry for the year, replacing an earlier one. */
export async function upsertEarlierYearResult(
  db: Db,
  row: { organizationId: number; planId: number; itemCode: string; fiscalYear: number; status: string; budgetSpent: number | null; resultText: string; recordedBy: number },
): Promise<void> {
  await db.query(
    `INSERT INTO earlier_year_results (organization_id, plan_id, item_code, fiscal_year, status, budget_spent, result_text, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (plan_id, item_code, fiscal_year) DO UPDATE SET
       status = EXCLUDED.status, budget_spent = EXCLUDED.budget_spent, result_text = EXCLUDED.result_text,
       recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
    [row.organizationId, row.planId, row.itemCode, row.fiscalYear, row.status, row.budgetSpent, row.resultText, row.recordedBy],
  );
}

export async function deleteEarlierYearResult(db: Db, key: { planId: number; itemCode: string; fiscalYear: number }): Promise<void> {
  await db.query('DELETE FROM earlier_year_results WHERE plan_id = $1 AND item_code = $2 AND fiscal_year = $3', [key.planId, key.itemCode, key.fiscalYear]);
}

/** One organisation's entries of a fiscal year with who entered each, for the report compiled from them (ITA pack). */
export async function listEnteredResultsWithRecorder(
  db: Db,
  organizationId: number,
  fiscalYear: number,
): Promise<Array<EarlierYearResultRow & { recordedByName: string }>> {
  const { rows } = await db.query<EarlierYearResultRow & { recordedByName: string }>(
    `SELECT r.item_code AS "itemCode", r.fiscal_year AS "fiscalYear", r.status, r.budget_spent::float8 AS "budgetSpent",
            r.result_text AS "resultText", r.recorded_by AS "recordedBy", r.recorded_at AS "recordedAt", p.full_name AS "recordedByName"
       FROM earlier_year_results r JOIN people p ON p.id = r.recorded_by
      WHERE r.organization_id = $1 AND r.fiscal_year = $2 ORDER BY r.item_code`,
    [organizationId, fiscalYear],
  );
  return rows;
}

/** The old report's file of an earlier year (migration 026). */
export interface EarlierYearReportRow {
  organizationId: number;
  fiscalYear: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: number;
  uploadedByName: string;
  uploadedAt: Date;
}

export async function findEarlierYearReport(db: Db, organizationId: number, fiscalYear: number): Promise<EarlierYearReportRow | null> {
  const { rows } = await db.query<EarlierYearReportRow>(
    `SELECT r.organization_id AS "organizationId", r.fiscal_year AS "fiscalYear", r.file_name AS "fileName", r.content_type AS "contentType",
            r.size_bytes AS "sizeBytes", r.sha256, r.storage_key AS "storageKey", r.uploaded_by AS "uploadedBy",
            p.full_name AS "uploadedByName", r.uploaded_at AS "uploadedAt"
       FROM earlier_year_reports r JOIN people p ON p.id = r.uploaded_by
      WHERE r.organization_id = $1 AND r.fiscal_year = $2`,
    [organizationId, fiscalYear],
  );
  return rows[0] ?? null;
}

/** Keeps the year's old report, replacing the one uploaded before. */
export async function upsertEarlierYearReport(
  db: Db,
  row: { organizationId: number; fiscalYear: number; fileName: string; contentType: string; sizeBytes: number; sha256: string; storageKey: string; uploadedBy: number },
): Promise<void> {
  await db.query(
    `INSERT INTO earlier_year_reports (organization_id, fiscal_year, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (organization_id, fiscal_year) DO UPDATE SET
       file_name = EXCLUDED.file_name, content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256,
       storage_key = EXCLUDED.storage_key, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = now()`,
    [row.organizationId, row.fiscalYear, row.fileName, row.contentType, row.sizeBytes, row.sha256, row.storageKey, row.uploadedBy],
  );
}

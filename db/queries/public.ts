import type { Db } from '../pool';
import type { ReportFileRow, ReportRow } from './reports';

/**
 * Reads for the public transparency page and the report routes. Everything here is either public by nature (the
 * plan, its items and budgets, published reports) or filtered by the caller (drafts for a signed-in member).
 */

export interface PublicPlanRow {
  id: number;
  versionId: number;
  version: number;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  loadedAt: Date;
}

/** The organisation's plans at their current versions, newest first. */
export async function listPublicPlans(db: Db, organizationId: number): Promise<PublicPlanRow[]> {
  const { rows } = await db.query<PublicPlanRow>(
    `SELECT p.id, v.id AS "versionId", v.version, p.title, p.first_fiscal_year AS "firstFiscalYear",
            p.last_fiscal_year AS "lastFiscalYear", v.loaded_at AS "loadedAt"
     FROM plans p JOIN plan_versions v ON v.id = p.current_version_id
     WHERE p.organization_id = $1
     ORDER BY p.first_fiscal_year DESC, p.id DESC`,
    [organizationId],
  );
  return rows;
}

export interface PublicPlanItemYearRow {
  code: string;
  dimension: number;
  seq: number;
  kind: 'project' | 'measure' | 'activity';
  name: string;
  unitKey: string;
  unitText: string | null;
  fiscalYear: number;
  /** Baht; null = ไม่ใช้งบประมาณ. */
  budget: number | null;
  /** From the item-year once the year has started it. */
  status: 'not_started' | 'in_progress' | 'completed' | 'cancelled' | null;
  /** The dates the approved proposal gives, when it gives them. */
  startDate: string | null;
  endDate: string | null;
}

/**
 * Every item of a plan version in every fiscal year it runs (it has a budget row for the year), with what the
 * year's workflow recorded. Item-years are matched by code, as the reports match them.
 */
export async function listPublicPlanItemYears(
  db: Db,
  plan: { planId: number; planVersionId: number },
): Promise<PublicPlanItemYearRow[]> {
  const { rows } = await db.query<PublicPlanItemYearRow>(
    `SELECT i.code, i.dimension, i.seq, i.kind, i.name, i.responsible_unit_key AS "unitKey",
            i.responsible_unit_text AS "unitText", b.fiscal_year AS "fiscalYear", b.amount AS budget, y.status,
            CASE WHEN y.state #>> '{proposal,startDate}' ~ '^\\d{4}-\\d{2}-\\d{2}$'
                 THEN y.state #>> '{proposal,startDate}' END AS "startDate",
            CASE WHEN y.state #>> '{proposal,endDate}' ~ '^\\d{4}-\\d{2}-\\d{2}$'
                 THEN y.state #>> '{proposal,endDate}' END AS "endDate"
     FROM items i
     JOIN item_budgets b ON b.item_id = i.id
     LEFT JOIN item_years y ON y.plan_id = $1 AND y.item_code = i.code AND y.fiscal_year = b.fiscal_year
     WHERE i.plan_version_id = $2
     ORDER BY b.fiscal_year, i.dimension, i.seq`,
    [plan.planId, plan.planVersionId],
  );
  return rows;
}

/** Published versions only: what anyone may read. */
export async function listPublishedReports(db: Db, organizationId: number): Promise<ReportRow[]> {
  const { rows } = await db.query<ReportRow>(
    `SELECT id, organization_id AS "organizationId", kind, fiscal_year AS "fiscalYear", version, status,
            request_key AS "requestKey", snapshot_sha256 AS "snapshotSha256", created_at AS "createdAt",
            published_at AS "publishedAt"
     FROM reports WHERE organization_id = $1 AND status = 'published'
     ORDER BY fiscal_year DESC, kind DESC`,
    [organizationId],
  );
  return rows;
}

/** The rendered files of several reports at once (no bytes), keyed by report id. */
export async function listFilesOfReports(db: Db, reportIds: readonly number[]): Promise<Map<number, ReportFileRow[]>> {
  const byReport = new Map<number, ReportFileRow[]>(reportIds.map((id) => [id, []]));
  if (!reportIds.length) return byReport;
  const { rows } = await db.query<ReportFileRow>(
    `SELECT report_id AS "reportId", format, lang, content_type AS "contentType", file_name AS "fileName",
            storage_path AS "storagePath", sha256, size_bytes AS "sizeBytes"
     FROM report_files WHERE report_id = ANY($1::bigint[]) ORDER BY report_id, lang DESC, format`,
    [reportIds],
  );
  for (const row of rows) byReport.get(row.reportId)?.push(row);
  return byReport;
}

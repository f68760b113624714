import { z } from 'zod';
import type { Db } from '../pool';

/** Plan files being imported by the plan-import workflow, and the pages it has read by OCR. */

export async function insertPlanImport(
  db: Db,
  row: { organizationId: number; fileName: string; source: Uint8Array; planYears: readonly number[] | undefined; requestedBy: string },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO plan_imports (organization_id, file_name, source, plan_years, requested_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [row.organizationId, row.fileName, Buffer.from(row.source), row.planYears ? [...row.planYears] : null, row.requestedBy],
  );
  return Number(rows[0]!.id);
}

const sourceRow = z.object({
  organizationId: z.coerce.number(),
  organizationSlug: z.string(),
  fileName: z.string(),
  source: z.instanceof(Buffer),
  planYears: z.array(z.number().int()).nullable(),
});
export type PlanImportSource = z.infer<typeof sourceRow>;

export async function findPlanImportSource(db: Db, importId: number): Promise<PlanImportSource | undefined> {
  const { rows } = await db.query(
    `SELECT i.organization_id AS "organizationId", o.slug AS "organizationSlug", i.file_name AS "fileName", i.source,
            i.plan_years AS "planYears"
     FROM plan_imports i JOIN organizations o ON o.id = i.organization_id WHERE i.id = $1`,
    [importId],
  );
  return rows[0] ? sourceRow.parse(rows[0]) : undefined;
}

/** Idempotent by (import, page): a retried activity keeps the first reading. */
export async function storePlanImportPage(db: Db, importId: number, page: number, layout: unknown): Promise<void> {
  await db.query(
    `INSERT INTO plan_import_pages (import_id, page, layout) VALUES ($1, $2, $3) ON CONFLICT (import_id, page) DO NOTHING`,
    [importId, page, JSON.stringify(layout)],
  );
}

export async function listPlanImportPages(db: Db, importId: number): Promise<Array<{ page: number; layout: unknown }>> {
  const { rows } = await db.query(`SELECT page, layout FROM plan_import_pages WHERE import_id = $1 ORDER BY page`, [importId]);
  return z.array(z.object({ page: z.number().int(), layout: z.unknown() })).parse(rows);
}

export async function finishPlanImportRow(db: Db, importId: number, outcome: { result: unknown } | { error: unknown }): Promise<void> {
  await db.query(`UPDATE plan_imports SET result = $2, error = $3, finished_at = now() WHERE id = $1`, [
    importId,
    'result' in outcome ? JSON.stringify(outcome.result) : null,
    'error' in outcome ? JSON.stringify(outcome.error) : null,
  ]);
}

const outcomeRow = z.object({
  organizationId: z.coerce.number(),
  fileName: z.string(),
  result: z.unknown().nullable(),
  /** The plan as the coordinator corrected it, when corrected; `result` stays as the importer read it. */
  corrected: z.unknown().nullable(),
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string() }).nullable(),
  finished: z.boolean(),
});
export type PlanImportOutcome = z.infer<typeof outcomeRow>;

export async function findPlanImportOutcome(db: Db, importId: number): Promise<PlanImportOutcome | undefined> {
  const { rows } = await db.query(
    `SELECT organization_id AS "organizationId", file_name AS "fileName", result, corrected, error, finished_at IS NOT NULL AS finished
     FROM plan_imports WHERE id = $1`,
    [importId],
  );
  return rows[0] ? outcomeRow.parse(rows[0]) : undefined;
}

/** The same, locked for a correction: two corrections of one import apply one after the other. */
export async function lockPlanImportOutcome(db: Db, importId: number): Promise<PlanImportOutcome | undefined> {
  const { rows } = await db.query(
    `SELECT organization_id AS "organizationId", file_name AS "fileName", result, corrected, error, finished_at IS NOT NULL AS finished
     FROM plan_imports WHERE id = $1 FOR UPDATE`,
    [importId],
  );
  return rows[0] ? outcomeRow.parse(rows[0]) : undefined;
}

export async function setPlanImportCorrected(db: Db, importId: number, plan: unknown): Promise<void> {
  await db.query(`UPDATE plan_imports SET corrected = $2 WHERE id = $1`, [importId, JSON.stringify(plan)]);
}

/** The SHA-256 of the uploaded file, as a stored version records its source. */
export async function findPlanImportSourceSha256(db: Db, importId: number): Promise<string | undefined> {
  const { rows } = await db.query(`SELECT encode(sha256(source), 'hex') AS sha FROM plan_imports WHERE id = $1`, [importId]);
  return rows[0] ? z.object({ sha: z.string() }).parse(rows[0]).sha : undefined;
}

export async function setPlanImportVersion(db: Db, importId: number, planVersionId: number): Promise<void> {
  await db.query(`UPDATE plan_imports SET plan_version_id = $2 WHERE id = $1`, [importId, planVersionId]);
}

const importedVersionRow = z.object({
  planId: z.coerce.number(),
  versionId: z.coerce.number(),
  version: z.number().int(),
  approvalStatus: z.enum(['pending', 'approved', 'rejected', 'sent_back']).nullable(),
  /** For an amendment: the version in force it was confirmed against, and its number (ครั้งที่ n). */
  amendsVersionId: z.coerce.number().nullable(),
  amendmentNumber: z.number().int().nullable(),
  /** When the approved amendment reached the running item-years. */
  amendmentApplied: z.boolean(),
});
export type ImportedVersion = z.infer<typeof importedVersionRow>;

/** The plan version a confirmed upload became, with where its approval stands; undefined before confirmation. */
export async function findImportedVersion(db: Db, importId: number): Promise<ImportedVersion | undefined> {
  const { rows } = await db.query(
    `SELECT v.plan_id AS "planId", v.id AS "versionId", v.version, v.approval_status AS "approvalStatus",
            v.amends_version_id AS "amendsVersionId", v.amendment_number AS "amendmentNumber",
            v.amendment_applied_at IS NOT NULL AS "amendmentApplied"
     FROM plan_imports i JOIN plan_versions v ON v.id = i.plan_version_id WHERE i.id = $1`,
    [importId],
  );
  return rows[0] ? importedVersionRow.parse(rows[0]) : undefined;
}

const earlierCorrectionRow = z.object({
  importId: z.coerce.number(),
  occurredAt: z.date(),
  actor: z.string(),
  personName: z.string().nullable(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
});
export type EarlierCorrection = z.infer<typeof earlierCorrectionRow>;

/**
 * The audited item corrections of the organisation's other imports that became versions of this plan, oldest first,
 * with the corrector's name: what an amendment made from the uncorrected document could undo.
 */
export async function listEarlierImportCorrections(
  db: Db,
  key: { organizationId: number; planId: number; importId: number },
): Promise<EarlierCorrection[]> {
  const { rows } = await db.query(
    `SELECT i.id AS "importId", a.occurred_at AS "occurredAt", a.actor, p.full_name AS "personName", a.before, a.after
     FROM audit_log a
     JOIN plan_imports i ON i.id::text = a.entity_id AND i.organization_id = a.organization_id
     JOIN plan_versions v ON v.id = i.plan_version_id
     LEFT JOIN people p ON a.actor = 'person:' || p.id::text
     WHERE a.action = 'plan_import_item_corrected' AND a.entity_type = 'plan_import'
       AND a.organization_id = $1 AND v.plan_id = $2 AND i.id <> $3
     ORDER BY a.occurred_at, a.id`,
    [key.organizationId, key.planId, key.importId],
  );
  return z.array(earlierCorrectionRow).parse(rows);
}

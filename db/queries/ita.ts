import type { Db } from '../pool';

/** The reads the ITA evidence pack is made of beyond the reports' own (services/ita.ts). */

export interface ItaPlanVersionRow {
  versionId: number;
  loadedAt: Date;
  approvalStatus: 'pending' | 'approved' | 'rejected' | 'sent_back' | null;
  approvalDecidedAt: Date | null;
  approverName: string | null;
}

/** A plan version's loading time and the นายก's decision on it (migration 017), with the decider's name. */
export async function findItaPlanVersion(db: Db, versionId: number): Promise<ItaPlanVersionRow | undefined> {
  const { rows } = await db.query<ItaPlanVersionRow>(
    `SELECT v.id AS "versionId", v.loaded_at AS "loadedAt", v.approval_status AS "approvalStatus",
            v.approval_decided_at AS "approvalDecidedAt", p.full_name AS "approverName"
     FROM plan_versions v
     LEFT JOIN decisions d ON d.id = v.approval_decision_id
     LEFT JOIN people p ON p.id = d.person_id
     WHERE v.id = $1`,
    [versionId],
  );
  return rows[0];
}

/** How many items of a plan version run in each fiscal year (have a budget row for it, NULL = ไม่ใช้งบประมาณ). */
export async function countItemsByFiscalYear(db: Db, versionId: number): Promise<Map<number, number>> {
  const { rows } = await db.query<{ fiscalYear: number; items: number }>(
    `SELECT b.fiscal_year AS "fiscalYear", count(*)::int AS items
     FROM items i JOIN item_budgets b ON b.item_id = i.id
     WHERE i.plan_version_id = $1 GROUP BY b.fiscal_year`,
    [versionId],
  );
  return new Map(rows.map((r) => [r.fiscalYear, r.items]));
}

export interface PlanSourceFileRow {
  importId: number;
  fileName: string;
  sha256: string;
  sizeBytes: number;
}

/** The uploaded document a confirmed import made this version from, when the version came from an upload. */
export async function findPlanSourceFile(db: Db, versionId: number): Promise<PlanSourceFileRow | undefined> {
  const { rows } = await db.query<PlanSourceFileRow>(
    `SELECT id AS "importId", file_name AS "fileName", encode(sha256(source), 'hex') AS sha256,
            octet_length(source) AS "sizeBytes"
     FROM plan_imports WHERE plan_version_id = $1 ORDER BY id DESC LIMIT 1`,
    [versionId],
  );
  return rows[0];
}

export async function readPlanSource(db: Db, importId: number): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ source: Buffer }>('SELECT source FROM plan_imports WHERE id = $1', [importId]);
  return rows[0]?.source;
}

export interface SignOffApprovalRow {
  role: 'palad' | 'mayor';
  personName: string;
  actingAs: string;
  decidedAt: Date;
}

/**
 * The approvals of one version of a report period in its sign-off chain: the report workflow opens one decision point
 * per role and round, naming the version it asks about as `v<version>` in its summary (workflows/report/workflow.ts).
 */
export async function listSignOffApprovals(
  db: Db,
  key: { workflowId: string; version: number },
): Promise<SignOffApprovalRow[]> {
  const { rows } = await db.query<SignOffApprovalRow>(
    `SELECT dp.approver_role AS role, p.full_name AS "personName", d.acting_as AS "actingAs", d.decided_at AS "decidedAt"
     FROM decision_points dp
     JOIN decisions d ON d.decision_point_id = dp.id
     JOIN people p ON p.id = d.person_id
     WHERE dp.workflow_id = $1 AND dp.purpose = 'report' AND dp.summary->>'itemCode' = $2
       AND dp.approver_role IN ('palad', 'mayor') AND d.outcome = 'approve'
     ORDER BY d.decided_at DESC`,
    [key.workflowId, `v${key.version}`],
  );
  return rows;
}

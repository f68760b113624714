import { parseStoredItemYearState, type StoredItemYearState } from '../item-year-state-schema';
import type { Db } from '../pool';

/** Roles a person holds today, with the unit key of unit-bound roles. */
export async function listPersonRoles(
  db: Db,
  personId: number,
  onDate: string,
): Promise<Array<{ role: string; unitKey: string | null; acting: boolean; organizationId: number }>> {
  const { rows } = await db.query(
    `SELECT ra.role, u.key AS "unitKey", ra.acting, ra.organization_id AS "organizationId"
     FROM role_assignments ra JOIN people p ON p.id = ra.person_id AND p.active
     LEFT JOIN units u ON u.id = ra.unit_id
     WHERE ra.person_id = $1
       AND (ra.valid_from IS NULL OR ra.valid_from <= $2::date)
       AND (ra.valid_to IS NULL OR ra.valid_to >= $2::date)`,
    [personId, onDate],
  );
  return rows;
}

export async function findActivePerson(
  db: Db,
  personId: number,
): Promise<{ id: number; organizationId: number; fullName: string } | undefined> {
  const { rows } = await db.query(
    `SELECT id, organization_id AS "organizationId", full_name AS "fullName" FROM people WHERE id = $1 AND active`,
    [personId],
  );
  return rows[0];
}

export async function insertEvidenceFile(
  db: Db,
  file: {
    id: string;
    itemYearId: number;
    stepKey: string;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    uploadedBy: number;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO evidence_files (id, item_year_id, step_key, file_name, content_type, size_bytes, sha256, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
    [file.id, file.itemYearId, file.stepKey, file.fileName, file.contentType, file.sizeBytes, file.sha256, file.uploadedBy],
  );
}

export async function listEvidenceOfItemYear(
  db: Db,
  itemYearId: number,
): Promise<Array<{ id: string; stepKey: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; uploadedBy: number | null; uploadedAt: Date }>> {
  const { rows } = await db.query(
    `SELECT id, step_key AS "stepKey", file_name AS "fileName", content_type AS "contentType",
            size_bytes AS "sizeBytes", sha256, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"
     FROM evidence_files WHERE item_year_id = $1 ORDER BY uploaded_at, file_name`,
    [itemYearId],
  );
  return rows;
}

export async function findEvidenceFile(
  db: Db,
  id: string,
): Promise<{ id: string; itemYearId: number; fileName: string; contentType: string; sizeBytes: number; sha256: string } | undefined> {
  const { rows } = await db.query(
    `SELECT id, item_year_id AS "itemYearId", file_name AS "fileName", content_type AS "contentType",
            size_bytes AS "sizeBytes", sha256
     FROM evidence_files WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export async function insertDueDateChange(
  db: Db,
  change: { requestId: string; itemYearId: number; stepKey: string; oldDueAt: Date | null; newDueAt: Date; reason: string; changedBy: number },
): Promise<void> {
  await db.query(
    `INSERT INTO due_date_changes (request_id, item_year_id, step_key, old_due_at, new_due_at, reason, changed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING`,
    [change.requestId, change.itemYearId, change.stepKey, change.oldDueAt, change.newDueAt, change.reason, change.changedBy],
  );
}

export async function listDueDateChanges(
  db: Db,
  itemYearId: number,
): Promise<Array<{ stepKey: string; oldDueAt: Date | null; newDueAt: Date; reason: string; changedBy: number | null; changedAt: Date }>> {
  const { rows } = await db.query(
    `SELECT step_key AS "stepKey", old_due_at AS "oldDueAt", new_due_at AS "newDueAt", reason,
            changed_by AS "changedBy", changed_at AS "changedAt"
     FROM due_date_changes WHERE item_year_id = $1 ORDER BY changed_at`,
    [itemYearId],
  );
  return rows;
}

export async function listDecisionsOfWorkflow(
  db: Db,
  workflowId: string,
): Promise<Array<{ decisionKey: string; purpose: string; status: string; outcome: string | null; reason: string | null; decidedBy: string | null; actingAs: string | null; decidedAt: Date | null; requestedAt: Date }>> {
  const { rows } = await db.query(
    `SELECT dp.decision_key AS "decisionKey", dp.purpose, dp.status, d.outcome, d.reason,
            p.full_name AS "decidedBy", d.acting_as AS "actingAs", d.decided_at AS "decidedAt",
            dp.requested_at AS "requestedAt"
     FROM decision_points dp LEFT JOIN decisions d ON d.decision_point_id = dp.id
     LEFT JOIN people p ON p.id = d.person_id
     WHERE dp.workflow_id = $1 ORDER BY dp.requested_at, dp.id`,
    [workflowId],
  );
  return rows;
}

/** What an owner must do: item-years they own that wait on them, with the phase's own due date or next step's. */
export async function listOwnerTasks(
  db: Db,
  personId: number,
): Promise<Array<{ itemYearId: number; organizationSlug: string; itemCode: string; itemName: string; fiscalYear: number; phase: string; state: StoredItemYearState }>> {
  const { rows } = await db.query<{ itemYearId: number; organizationSlug: string; itemCode: string; itemName: string; fiscalYear: number; phase: string; state: unknown }>(
    `SELECT y.id AS "itemYearId", o.slug AS "organizationSlug", y.item_code AS "itemCode", i.name AS "itemName",
            y.fiscal_year AS "fiscalYear", y.phase, y.state
     FROM item_years y JOIN items i ON i.id = y.item_id JOIN organizations o ON o.id = y.organization_id
     WHERE y.owner_person_id = $1 AND y.status = 'in_progress'
       AND y.phase IN ('proposal', 'committee', 'execution', 'evaluation', 'report')
     ORDER BY y.fiscal_year, i.dimension, i.seq`,
    [personId],
  );
  return rows.map((row) => ({ ...row, state: parseStoredItemYearState(row.state, `item_years ${row.itemYearId}`) }));
}

/** Open decisions this person holds a live link for. */
export async function listApproverTasks(
  db: Db,
  personId: number,
): Promise<Array<{ decisionPointId: number; decisionKey: string; purpose: string; dueAt: Date | null; requestedAt: Date; itemCode: string | null; itemName: string | null; fiscalYear: number | null; organizationSlug: string | null }>> {
  const { rows } = await db.query(
    `SELECT DISTINCT ON (dp.id) dp.id AS "decisionPointId", dp.decision_key AS "decisionKey", dp.purpose,
            dp.due_at AS "dueAt", dp.requested_at AS "requestedAt", y.item_code AS "itemCode", i.name AS "itemName",
            y.fiscal_year AS "fiscalYear", o.slug AS "organizationSlug"
     FROM decision_points dp
     JOIN decision_links l ON l.decision_point_id = dp.id AND l.person_id = $1
     LEFT JOIN item_years y ON y.id = dp.item_year_id
     LEFT JOIN items i ON i.id = y.item_id
     LEFT JOIN organizations o ON o.id = y.organization_id
     WHERE dp.status = 'open'
     ORDER BY dp.id`,
    [personId],
  );
  return rows;
}

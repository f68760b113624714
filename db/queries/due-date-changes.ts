import type { Db } from '../pool';

// Every move of a step's due date with its reason, kept beside the workflow's own record of it.

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

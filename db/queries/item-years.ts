import { nextDue } from '../../domain/lateness';
import type { ItemParties } from '../../domain/duties';
import type { ItemYearState } from '../../workflows/item-year/messages';
import { parseStoredItemYearState, type StoredItemYearState } from '../item-year-state-schema';
import type { Db } from '../pool';

/** Who owns a unit's items: its owner, else its head. The one rule for a new item-year and an item an amendment moved. */
function unitOwnerSql(organizationId: string, unitKey: string): string {
  return `(SELECT ra.person_id FROM role_assignments ra JOIN units u ON u.id = ra.unit_id
            WHERE ra.organization_id = ${organizationId} AND u.key = ${unitKey} AND ra.role IN ('owner', 'unit_head')
            ORDER BY (ra.role = 'owner') DESC, ra.id LIMIT 1)`;
}

export interface ItemYearToStart {
  itemYearId: number;
  workflowId: string;
  itemId: number;
  itemCode: string;
  itemName: string;
  kind: 'project' | 'measure' | 'activity';
  unitKey: string;
  budget: number | null;
  ownerPersonId: number | null;
  ownerName: string | null;
}

/**
 * Creates the item-year rows of every item of the plan's current version that runs in the fiscal year (it has a
 * budget entry for that year, a number or ไม่ใช้งบประมาณ). Rows already there are kept: starting a year twice is safe.
 */
export async function ensureItemYears(
  db: Db,
  input: { organizationId: number; planId: number; fiscalYear: number; workflowIdPrefix: string; itemCodes?: string[] },
): Promise<void> {
  await db.query(
    `INSERT INTO item_years (workflow_id, organization_id, plan_id, item_id, item_code, fiscal_year, unit_key,
                             owner_person_id, budget_planned)
     SELECT $4 || i.code || ':' || $3::text, $1, $2, i.id, i.code, $3, i.responsible_unit_key,
            ${unitOwnerSql('$1', 'i.responsible_unit_key')},
            b.amount
     FROM plans p
     JOIN items i ON i.plan_version_id = p.current_version_id
     JOIN item_budgets b ON b.item_id = i.id AND b.fiscal_year = $3
     WHERE p.id = $2 AND ($5::text[] IS NULL OR i.code = ANY($5::text[]))
     ON CONFLICT (plan_id, item_code, fiscal_year) DO NOTHING`,
    [input.organizationId, input.planId, input.fiscalYear, input.workflowIdPrefix, input.itemCodes ?? null],
  );
}

export async function listItemYearsToStart(db: Db, planId: number, fiscalYear: number): Promise<ItemYearToStart[]> {
  const { rows } = await db.query<ItemYearToStart>(
    `SELECT y.id AS "itemYearId", y.workflow_id AS "workflowId", i.id AS "itemId", i.code AS "itemCode",
            i.name AS "itemName", i.kind, y.unit_key AS "unitKey", y.budget_planned AS budget,
            y.owner_person_id AS "ownerPersonId", owner.full_name AS "ownerName"
     FROM item_years y JOIN items i ON i.id = y.item_id LEFT JOIN people owner ON owner.id = y.owner_person_id
     WHERE y.plan_id = $1 AND y.fiscal_year = $2
     ORDER BY i.dimension, i.seq`,
    [planId, fiscalYear],
  );
  return rows;
}

export async function listItemSteps(
  db: Db,
  itemIds: number[],
): Promise<Array<{ itemId: number; text: string; phase: string; recurrence: string | null }>> {
  const { rows } = await db.query(
    `SELECT item_id AS "itemId", text, phase, recurrence FROM item_steps WHERE item_id = ANY($1::bigint[])
     ORDER BY item_id, ordinal`,
    [itemIds],
  );
  return rows;
}

export async function listItemIndicators(
  db: Db,
  itemIds: number[],
): Promise<Array<{ itemId: number; kind: string; text: string; comparator: string | null; value: number | null; unit: string | null; unitText: string | null }>> {
  const { rows } = await db.query(
    `SELECT item_id AS "itemId", kind, text, target_comparator AS comparator, target_value AS value,
            target_unit AS unit, target_unit_text AS "unitText"
     FROM item_indicators WHERE item_id = ANY($1::bigint[]) ORDER BY item_id, ordinal`,
    [itemIds],
  );
  return rows;
}

/**
 * Applies a workflow snapshot unless a newer one is already stored (activities can land out of order on retry), with
 * the due date of what it now waits for (next_due_at, for the overdue count).
 */
export async function applyItemYearState(db: Db, itemYearId: number, state: ItemYearState): Promise<boolean> {
  const due = nextDue({ status: state.status, phase: state.phase, state });
  const result = await db.query(
    `UPDATE item_years SET
       status = $3, phase = $4, owner_person_id = $5, budget_spent = $6,
       problems = $7, suggestions = $8, cancel_reason = $9, revision = $2, state = $10, next_due_at = $11,
       budget_planned = CASE WHEN $12::boolean THEN $13::numeric ELSE budget_planned END,
       unit_key = coalesce($14, unit_key),
       completed_at = CASE WHEN $3 IN ('completed', 'cancelled') THEN coalesce(completed_at, now()) ELSE NULL END,
       updated_at = now()
     WHERE id = $1 AND revision < $2`,
    [
      itemYearId,
      state.revision,
      state.status,
      state.phase,
      state.ownerPersonId,
      state.budgetSpent,
      state.evaluation?.problems ?? null,
      state.evaluation?.suggestions ?? null,
      state.cancelReason ?? null,
      JSON.stringify(state),
      due ? new Date(due.dueAtMs) : null,
      // An amendment changed this year's budget: the run's own figure replaces the one the row was made with.
      state.amended !== undefined,
      state.amended?.budget ?? null,
      // An amendment moved the item: its unit head is the one decisions and escalations now reach.
      state.amended?.unit?.unitKey ?? null,
    ],
  );
  return (result.rowCount ?? 0) > 0;
}

/**
 * The run's steps as its state has them: an amendment may reword a step or drop it (a step no longer in the state is
 * no longer one of the year's steps), and a restarted year's new run has steps of its own.
 */
export async function upsertItemYearSteps(db: Db, itemYearId: number, steps: ItemYearState['steps']): Promise<void> {
  await db.query('DELETE FROM item_year_steps WHERE item_year_id = $1 AND NOT (step_key = ANY($2::text[]))', [itemYearId, steps.map((s) => s.key)]);
  if (!steps.length) return;
  await db.query(
    `INSERT INTO item_year_steps (item_year_id, step_key, ordinal, text, phase, due_at, status, completed_at,
                                  completed_by, notes)
     SELECT $1, s.key, s.ordinal, s.text, s.phase, to_timestamp(s.due / 1000.0), s.status,
            CASE WHEN s.done IS NULL THEN NULL ELSE to_timestamp(s.done / 1000.0) END, s.by, s.notes
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::float8[], $9::bigint[],
                 $10::text[]) AS s(key, ordinal, text, phase, due, status, done, by, notes)
     ON CONFLICT (item_year_id, step_key) DO UPDATE SET
       ordinal = EXCLUDED.ordinal, text = EXCLUDED.text, phase = EXCLUDED.phase, due_at = EXCLUDED.due_at, status = EXCLUDED.status, completed_at = EXCLUDED.completed_at,
       completed_by = EXCLUDED.completed_by, notes = EXCLUDED.notes`,
    [
      itemYearId,
      steps.map((s) => s.key),
      steps.map((s) => s.ordinal),
      steps.map((s) => s.text),
      steps.map((s) => s.phase),
      steps.map((s) => s.dueAtMs),
      steps.map((s) => s.status),
      steps.map((s) => s.completedAtMs ?? null),
      steps.map((s) => s.completedBy ?? null),
      steps.map((s) => s.notes ?? null),
    ],
  );
}

export async function replaceIndicatorResults(
  db: Db,
  itemYearId: number,
  results: NonNullable<ItemYearState['evaluation']>['indicatorResults'],
): Promise<void> {
  await db.query('DELETE FROM indicator_results WHERE item_year_id = $1', [itemYearId]);
  if (!results.length) return;
  await db.query(
    `INSERT INTO indicator_results (item_year_id, ordinal, value, text, met)
     SELECT $1, r.ordinal, r.value, r.text, r.met FROM unnest($2::int[], $3::numeric[], $4::text[], $5::boolean[])
       AS r(ordinal, value, text, met)`,
    [
      itemYearId,
      results.map((r) => r.ordinal),
      results.map((r) => r.value ?? null),
      results.map((r) => r.text),
      results.map((r) => r.met ?? null),
    ],
  );
}

export interface ItemYearRow {
  id: number;
  workflowId: string;
  organizationId: number;
  organizationSlug: string;
  planId: number;
  itemId: number;
  itemCode: string;
  itemName: string;
  kind: string;
  fiscalYear: number;
  ownerPersonId: number | null;
  unitKey: string;
  status: string;
  phase: string;
  budgetPlanned: number | null;
  budgetSpent: number | null;
  problems: string | null;
  suggestions: string | null;
  cancelReason: string | null;
  revision: number;
  state: StoredItemYearState;
  startedAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
}

const ITEM_YEAR_COLUMNS = `y.id, y.workflow_id AS "workflowId", y.organization_id AS "organizationId",
  o.slug AS "organizationSlug", y.plan_id AS "planId", y.item_id AS "itemId", y.item_code AS "itemCode",
  i.name AS "itemName", i.kind, y.fiscal_year AS "fiscalYear", y.owner_person_id AS "ownerPersonId",
  y.unit_key AS "unitKey", y.status, y.phase, y.budget_planned AS "budgetPlanned", y.budget_spent AS "budgetSpent",
  y.problems, y.suggestions, y.cancel_reason AS "cancelReason", y.revision, y.state, y.started_at AS "startedAt",
  y.completed_at AS "completedAt", y.updated_at AS "updatedAt"`;

/** Rows as they come from the database, before their state is parsed. */
type Stored<Row extends { state: StoredItemYearState }> = Omit<Row, 'state'> & { state: unknown };

function withState<Row extends { state: StoredItemYearState }>(row: Stored<Row>, where: string): Row {
  return { ...row, state: parseStoredItemYearState(row.state, where) } as Row;
}

export async function findItemYear(
  db: Db,
  key: { organizationSlug: string; itemCode: string; fiscalYear: number },
): Promise<ItemYearRow | undefined> {
  const { rows } = await db.query<Stored<ItemYearRow>>(
    `SELECT ${ITEM_YEAR_COLUMNS}
     FROM item_years y JOIN organizations o ON o.id = y.organization_id JOIN items i ON i.id = y.item_id
     JOIN plans p ON p.id = y.plan_id
     WHERE o.slug = $1 AND y.item_code = $2 AND y.fiscal_year = $3
     ORDER BY p.id DESC LIMIT 1`,
    [key.organizationSlug, key.itemCode, key.fiscalYear],
  );
  return rows[0] && withState(rows[0], `item_years ${rows[0].id}`);
}

export async function findItemYearById(db: Db, id: number): Promise<ItemYearRow | undefined> {
  const { rows } = await db.query<Stored<ItemYearRow>>(
    `SELECT ${ITEM_YEAR_COLUMNS}
     FROM item_years y JOIN organizations o ON o.id = y.organization_id JOIN items i ON i.id = y.item_id
     WHERE y.id = $1`,
    [id],
  );
  return rows[0] && withState(rows[0], `item_years ${rows[0].id}`);
}

export async function listItemYearStepRows(
  db: Db,
  itemYearId: number,
): Promise<Array<{ stepKey: string; ordinal: number; text: string; phase: string; dueAt: Date | null; status: string; completedAt: Date | null; completedBy: number | null; notes: string | null }>> {
  const { rows } = await db.query(
    `SELECT step_key AS "stepKey", ordinal, text, phase, due_at AS "dueAt", status, completed_at AS "completedAt",
            completed_by AS "completedBy", notes
     FROM item_year_steps WHERE item_year_id = $1 ORDER BY due_at, ordinal`,
    [itemYearId],
  );
  return rows;
}

export async function countItemYears(db: Db, planId: number, fiscalYear: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM item_years WHERE plan_id = $1 AND fiscal_year = $2',
    [planId, fiscalYear],
  );
  return rows[0]!.n;
}

export async function listItemYearsOfOrganization(
  db: Db,
  organizationSlug: string,
  fiscalYear: number,
): Promise<ItemYearRow[]> {
  const { rows } = await db.query<Stored<ItemYearRow>>(
    `SELECT ${ITEM_YEAR_COLUMNS}
     FROM item_years y JOIN organizations o ON o.id = y.organization_id JOIN items i ON i.id = y.item_id
     WHERE o.slug = $1 AND y.fiscal_year = $2
     ORDER BY i.dimension, i.seq`,
    [organizationSlug, fiscalYear],
  );
  return rows.map((row) => withState(row, `item_years ${row.id}`));
}

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
  state: StoredItemYearState;
  stepsDone: number;
}

/** Every item-year of one fiscal year with its place in the plan (มิติ, ภารกิจ), unit and owner. */
export async function listDashboardRows(db: Db, organizationId: number, fiscalYear: number): Promise<DashboardRow[]> {
  const { rows } = await db.query<Stored<DashboardRow>>(
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
  return rows.map((row) => withState(row, `item_years ${row.itemYearId}`));
}

export async function listFiscalYearsOfOrganization(db: Db, organizationId: number): Promise<number[]> {
  const { rows } = await db.query<{ fiscalYear: number }>(
    'SELECT DISTINCT fiscal_year AS "fiscalYear" FROM item_years WHERE organization_id = $1 ORDER BY 1 DESC',
    [organizationId],
  );
  return rows.map((r) => r.fiscalYear);
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

/**
 * The item-year's owner and everyone who submitted a proposal for it (from the workflow's projected history), for
 * separation of duties (domain/duties.ts); undefined when there is no such item-year.
 */
export async function findItemParties(db: Db, itemYearId: number): Promise<ItemParties | undefined> {
  const { rows } = await db.query<{ ownerPersonId: string | null; proposerPersonIds: string[] }>(
    `SELECT owner_person_id AS "ownerPersonId",
            ARRAY(SELECT DISTINCT h ->> 'personId' FROM jsonb_array_elements(coalesce(state -> 'history', '[]'::jsonb)) h
                   WHERE h ->> 'event' = 'proposal_submitted' AND h ? 'personId') AS "proposerPersonIds"
       FROM item_years WHERE id = $1`,
    [itemYearId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    ownerPersonId: row.ownerPersonId === null ? null : Number(row.ownerPersonId),
    proposerPersonIds: row.proposerPersonIds.map(Number),
  };
}

export interface RunningItemYearRow {
  itemYearId: number;
  workflowId: string;
  itemCode: string;
  fiscalYear: number;
}

/** A plan's item-years that have not ended, in every fiscal year: what an approved amendment reaches. */
export async function listRunningItemYearsOfPlan(db: Db, planId: number): Promise<RunningItemYearRow[]> {
  const { rows } = await db.query<RunningItemYearRow>(
    `SELECT id AS "itemYearId", workflow_id AS "workflowId", item_code AS "itemCode", fiscal_year AS "fiscalYear"
     FROM item_years WHERE plan_id = $1 AND status NOT IN ('completed', 'cancelled')
     ORDER BY fiscal_year, item_code`,
    [planId],
  );
  return rows;
}

/** The item-years of the fiscal year, ended or not, by item code. */
export async function listItemYearsOfYear(
  db: Db,
  planId: number,
  fiscalYear: number,
): Promise<Map<string, { itemYearId: number; workflowId: string; status: string }>> {
  const { rows } = await db.query<{ code: string; itemYearId: number; workflowId: string; status: string }>(
    `SELECT item_code AS code, id::int AS "itemYearId", workflow_id AS "workflowId", status
     FROM item_years WHERE plan_id = $1 AND fiscal_year = $2`,
    [planId, fiscalYear],
  );
  return new Map(rows.map(({ code, ...row }) => [code, row]));
}


export async function findUnitOwner(db: Db, organizationId: number, unitKey: string): Promise<{ personId: number | null; name?: string }> {
  const { rows } = await db.query<{ personId: number | null; name: string | null }>(
    `SELECT o.id::int AS "personId", o.full_name AS name FROM (SELECT ${unitOwnerSql('$1', '$2')} AS id) x LEFT JOIN people o ON o.id = x.id`,
    [organizationId, unitKey],
  );
  const row = rows[0];
  return row?.personId ? { personId: row.personId, ...(row.name ? { name: row.name } : {}) } : { personId: null };
}

/**
 * Makes a cancelled item-year ready to run again from the given plan version: a new workflow id (`…:run<n>`), the
 * version's item, unit, owner and budget, and the projection back at revision 0 for the new run's first write.
 * Returns the ids before and after, or undefined when the row is not cancelled (nothing changes then).
 */
export async function restartItemYear(
  db: Db,
  input: { organizationId: number; itemYearId: number; planVersionId: number },
): Promise<{ workflowIdBefore: string; workflowId: string; run: number } | undefined> {
  const { rows } = await db.query<{ workflowIdBefore: string; workflowId: string; run: number }>(
    `WITH old AS (SELECT id, workflow_id FROM item_years WHERE id = $2 AND status = 'cancelled' FOR UPDATE)
     UPDATE item_years y SET
       workflow_id = regexp_replace(y.workflow_id, ':run[0-9]+$', '') || ':run' || (y.run + 1)::text,
       run = y.run + 1, item_id = i.id, unit_key = i.responsible_unit_key, budget_planned = b.amount,
       owner_person_id = ${unitOwnerSql('$1', 'i.responsible_unit_key')},
       status = 'not_started', phase = 'proposal', revision = 0, state = '{}'::jsonb, budget_spent = NULL,
       problems = NULL, suggestions = NULL, cancel_reason = NULL, next_due_at = NULL, completed_at = NULL,
       started_at = now(), updated_at = now()
     FROM old, items i JOIN item_budgets b ON b.item_id = i.id
     WHERE y.id = old.id AND i.plan_version_id = $3 AND i.code = y.item_code AND b.fiscal_year = y.fiscal_year
     RETURNING old.workflow_id AS "workflowIdBefore", y.workflow_id AS "workflowId", y.run`,
    [input.organizationId, input.itemYearId, input.planVersionId],
  );
  return rows[0];
}

/** Running item-years of items the new version keeps now refer to that version's item (its name, steps, budgets). */
export async function pointItemYearsAtVersion(db: Db, input: { itemYearIds: number[]; planVersionId: number }): Promise<void> {
  if (!input.itemYearIds.length) return;
  await db.query(
    `UPDATE item_years y SET item_id = i.id
     FROM items i WHERE i.plan_version_id = $2 AND i.code = y.item_code AND y.id = ANY($1::bigint[])`,
    [input.itemYearIds, input.planVersionId],
  );
}

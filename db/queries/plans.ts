import type { CanonicalPlan, Finding, Indicator, PlanItem, Step } from '../../domain/plan';
import type { Db } from '../pool';

export interface PlanSummaryRow {
  id: number;
  organizationId: number;
  organizationSlug: string;
  organizationName: string;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  currentVersionId: number | null;
  currentVersion: number | null;
  itemCount: number;
  findingCount: number;
  loadedAt: string | null;
}

export async function findPlan(
  db: Db,
  key: { organizationId: number; firstFiscalYear: number; lastFiscalYear: number },
): Promise<{ id: number } | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM plans WHERE organization_id = $1 AND first_fiscal_year = $2 AND last_fiscal_year = $3`,
    [key.organizationId, key.firstFiscalYear, key.lastFiscalYear],
  );
  return rows[0];
}

export async function insertPlan(
  db: Db,
  plan: { organizationId: number; firstFiscalYear: number; lastFiscalYear: number; title: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO plans (organization_id, first_fiscal_year, last_fiscal_year, title) VALUES ($1, $2, $3, $4)
     RETURNING id`,
    [plan.organizationId, plan.firstFiscalYear, plan.lastFiscalYear, plan.title],
  );
  return rows[0]!.id;
}

/** Serialises concurrent loads of one plan so version numbers never collide. */
export async function lockPlan(db: Db, planId: number): Promise<void> {
  await db.query('SELECT id FROM plans WHERE id = $1 FOR UPDATE', [planId]);
}

export async function findVersionByLoadKey(
  db: Db,
  loadKey: string,
): Promise<{ id: number; planId: number; version: number; amendsVersionId: number | null; amendmentNumber: number | null } | undefined> {
  const { rows } = await db.query<{ id: number; planId: number; version: number; amendsVersionId: number | null; amendmentNumber: number | null }>(
    `SELECT id::int, plan_id::int AS "planId", version, amends_version_id::int AS "amendsVersionId",
            amendment_number AS "amendmentNumber"
     FROM plan_versions WHERE load_key = $1`,
    [loadKey],
  );
  return rows[0];
}

export async function insertPlanVersion(
  db: Db,
  v: {
    planId: number;
    loadKey: string;
    sourceName: string;
    sourceSha256: string;
    canonical: CanonicalPlan;
    loadedBy: string;
  },
): Promise<{ id: number; version: number }> {
  const { rows } = await db.query<{ id: number; version: number }>(
    `INSERT INTO plan_versions (plan_id, version, load_key, source_name, source_sha256, canonical, loaded_by)
     VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM plan_versions WHERE plan_id = $1), $2, $3, $4, $5, $6)
     RETURNING id, version`,
    [v.planId, v.loadKey, v.sourceName, v.sourceSha256, JSON.stringify(v.canonical), v.loadedBy],
  );
  return rows[0]!;
}

export async function findCurrentVersionId(db: Db, planId: number): Promise<number | null> {
  const { rows } = await db.query<{ id: number | null }>('SELECT current_version_id::int AS id FROM plans WHERE id = $1', [planId]);
  return rows[0]?.id ?? null;
}

/** Whether any plan of the organisation has a version in force. */
export async function hasPlanInForce(db: Db, organizationId: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM plans WHERE organization_id = $1 AND current_version_id IS NOT NULL LIMIT 1', [organizationId]);
  return rows.length > 0;
}

export async function markVersionInForce(db: Db, v: { versionId: number; replacedVersionId: number | null }): Promise<void> {
  await db.query('UPDATE plan_versions SET in_force_at = now(), replaced_version_id = $2 WHERE id = $1', [v.versionId, v.replacedVersionId]);
}

/** Amendments of the plan the นายก approved: the next one is numbered after them (ครั้งที่ n). */
export async function countAppliedAmendments(db: Db, planId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM plan_versions WHERE plan_id = $1 AND amendment_number IS NOT NULL AND approval_status = 'approved'`,
    [planId],
  );
  return rows[0]!.n;
}

export async function markVersionAmendment(db: Db, v: { versionId: number; amendsVersionId: number; number: number }): Promise<void> {
  await db.query('UPDATE plan_versions SET amends_version_id = $2, amendment_number = $3 WHERE id = $1', [v.versionId, v.amendsVersionId, v.number]);
}

export interface VersionForAmendment {
  planId: number;
  version: number;
  approvalStatus: PlanApprovalStatus | null;
  amendmentNumber: number | null;
  replacedVersionId: number | null;
  amendmentAppliedAt: string | null;
  canonical: unknown;
}

export async function findVersionForAmendment(db: Db, versionId: number): Promise<VersionForAmendment | undefined> {
  const { rows } = await db.query<VersionForAmendment>(
    `SELECT plan_id::int AS "planId", version, approval_status AS "approvalStatus", amendment_number AS "amendmentNumber",
            replaced_version_id::int AS "replacedVersionId", amendment_applied_at AS "amendmentAppliedAt", canonical
     FROM plan_versions WHERE id = $1`,
    [versionId],
  );
  return rows[0];
}

export async function findVersionCanonical(db: Db, versionId: number): Promise<unknown> {
  const { rows } = await db.query<{ canonical: unknown }>('SELECT canonical FROM plan_versions WHERE id = $1', [versionId]);
  return rows[0]?.canonical;
}

/** True when this call marked it: an amendment is applied to the running item-years once. */
export async function markAmendmentApplied(db: Db, versionId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE plan_versions SET amendment_applied_at = now() WHERE id = $1 AND amendment_applied_at IS NULL',
    [versionId],
  );
  return (rowCount ?? 0) > 0;
}

export async function setCurrentVersion(db: Db, planId: number, versionId: number, title: string): Promise<void> {
  await db.query('UPDATE plans SET current_version_id = $2, title = $3 WHERE id = $1', [planId, versionId, title]);
}

export async function insertTargets(db: Db, versionId: number, targets: CanonicalPlan['targets']): Promise<void> {
  if (!targets.length) return;
  await db.query(
    `INSERT INTO plan_targets (plan_version_id, fiscal_year, ita_score, case_reduction_percent)
     SELECT $1, t.fy, t.ita, t.cases
     FROM unnest($2::int[], $3::numeric[], $4::numeric[]) AS t(fy, ita, cases)`,
    [
      versionId,
      targets.map((t) => t.fiscalYear),
      targets.map((t) => t.itaScore ?? null),
      targets.map((t) => t.caseReductionPercent ?? null),
    ],
  );
}

export async function insertDimensions(db: Db, versionId: number, dims: CanonicalPlan['dimensions']): Promise<void> {
  if (!dims.length) return;
  await db.query(
    `INSERT INTO dimensions (plan_version_id, number, name, stated_counts, stated_totals)
     SELECT $1, d.number, d.name, d.counts, d.totals
     FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::jsonb[]) AS d(number, name, counts, totals)`,
    [
      versionId,
      dims.map((d) => d.number),
      dims.map((d) => d.name),
      dims.map((d) => (d.statedCounts ? JSON.stringify(d.statedCounts) : null)),
      dims.map((d) => (d.statedTotals ? JSON.stringify(d.statedTotals) : null)),
    ],
  );
}

export async function insertMissions(db: Db, versionId: number, missions: CanonicalPlan['missions']): Promise<void> {
  if (!missions.length) return;
  await db.query(
    `INSERT INTO missions (plan_version_id, code, name)
     SELECT $1, m.code, m.name FROM unnest($2::text[], $3::text[]) AS m(code, name)`,
    [versionId, missions.map((m) => m.code), missions.map((m) => m.name)],
  );
}

export async function insertItem(db: Db, versionId: number, item: PlanItem): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO items (plan_version_id, code, dimension, seq, mission_code, kind, name, fiscal_years,
                        responsible_unit_key, responsible_unit_text, responsible_section_key,
                        responsible_section_text, source_line, target_group)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      versionId,
      item.code,
      item.dimension,
      item.seq,
      item.mission,
      item.kind,
      item.name,
      item.fiscalYears,
      item.responsibleUnit,
      item.responsibleUnitText ?? null,
      item.responsibleSection ?? null,
      item.responsibleSectionText ?? null,
      item.line ?? null,
      item.targetGroup ?? null,
    ],
  );
  return rows[0]!.id;
}

export async function insertItemBudgets(db: Db, itemId: number, budgetByYear: PlanItem['budgetByYear']): Promise<void> {
  const years = Object.keys(budgetByYear);
  if (!years.length) return;
  await db.query(
    `INSERT INTO item_budgets (item_id, fiscal_year, amount)
     SELECT $1, b.fy, b.amount FROM unnest($2::int[], $3::numeric[]) AS b(fy, amount)`,
    [itemId, years.map(Number), years.map((y) => budgetByYear[y] ?? null)],
  );
}

export async function insertItemSteps(db: Db, itemId: number, steps: Step[]): Promise<void> {
  if (!steps.length) return;
  await db.query(
    `INSERT INTO item_steps (item_id, ordinal, text, phase, recurrence)
     SELECT $1, s.ordinal, s.text, s.phase, s.recurrence
     FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS s(ordinal, text, phase, recurrence)`,
    [
      itemId,
      steps.map((_, i) => i + 1),
      steps.map((s) => s.text),
      steps.map((s) => s.phase),
      steps.map((s) => s.recurrence ?? null),
    ],
  );
}

export async function insertItemIndicators(db: Db, itemId: number, indicators: Indicator[]): Promise<void> {
  if (!indicators.length) return;
  await db.query(
    `INSERT INTO item_indicators (item_id, ordinal, kind, text, target_comparator, target_value, target_unit,
                                  target_unit_text)
     SELECT $1, i.ordinal, i.kind, i.text, i.comparator, i.value, i.unit, i.unit_text
     FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::text[])
       AS i(ordinal, kind, text, comparator, value, unit, unit_text)`,
    [
      itemId,
      indicators.map((_, n) => n + 1),
      indicators.map((i) => i.kind),
      indicators.map((i) => i.text),
      indicators.map((i) => i.target?.comparator ?? null),
      indicators.map((i) => i.target?.value ?? null),
      indicators.map((i) => i.target?.unit ?? null),
      indicators.map((i) => i.target?.unitText ?? null),
    ],
  );
}

export async function insertFindings(db: Db, versionId: number, findings: Finding[]): Promise<void> {
  if (!findings.length) return;
  await db.query(
    `INSERT INTO import_findings (plan_version_id, severity, code, message_th, message_en, line, item_code)
     SELECT $1, f.severity, f.code, f.th, f.en, f.line, f.item
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[])
       AS f(severity, code, th, en, line, item)`,
    [
      versionId,
      findings.map((f) => f.severity),
      findings.map((f) => f.code),
      findings.map((f) => f.message),
      findings.map((f) => f.messageEn),
      findings.map((f) => f.line),
      findings.map((f) => f.item ?? null),
    ],
  );
}

export async function listPlans(db: Db): Promise<PlanSummaryRow[]> {
  const { rows } = await db.query<PlanSummaryRow>(
    `SELECT p.id, p.organization_id::int AS "organizationId", o.slug AS "organizationSlug", o.name AS "organizationName", p.title,
            p.first_fiscal_year AS "firstFiscalYear", p.last_fiscal_year AS "lastFiscalYear",
            p.current_version_id AS "currentVersionId", v.version AS "currentVersion",
            (SELECT count(*) FROM items i WHERE i.plan_version_id = v.id)::int AS "itemCount",
            (SELECT count(*) FROM import_findings f WHERE f.plan_version_id = v.id)::int AS "findingCount",
            v.loaded_at AS "loadedAt"
     FROM plans p
     JOIN organizations o ON o.id = p.organization_id
     LEFT JOIN plan_versions v ON v.id = p.current_version_id
     ORDER BY p.id`,
  );
  return rows;
}

export async function getPlanSummary(db: Db, planId: number): Promise<PlanSummaryRow | undefined> {
  return (await listPlans(db)).find((p) => p.id === planId);
}

export interface ItemWithBudgetsRow {
  id: number;
  code: string;
  dimension: number;
  seq: number;
  mission: string;
  kind: string;
  name: string;
  fiscalYears: number[];
  responsibleUnit: string;
  responsibleUnitName: string | null;
  /** Null for items that name no section, and for every item of a version stored before sections were read. */
  responsibleSection: string | null;
  responsibleSectionText: string | null;
  budgetByYear: Record<string, number | null>;
  stepCount: number;
  indicatorCount: number;
}

export async function listItemsOfVersion(db: Db, versionId: number): Promise<ItemWithBudgetsRow[]> {
  const { rows } = await db.query<ItemWithBudgetsRow>(
    `SELECT i.id, i.code, i.dimension, i.seq, i.mission_code AS mission, i.kind, i.name,
            i.fiscal_years AS "fiscalYears", i.responsible_unit_key AS "responsibleUnit",
            u.name_th AS "responsibleUnitName", i.responsible_section_key AS "responsibleSection",
            i.responsible_section_text AS "responsibleSectionText",
            coalesce((SELECT jsonb_object_agg(b.fiscal_year::text, b.amount) FROM item_budgets b
                      WHERE b.item_id = i.id), '{}'::jsonb) AS "budgetByYear",
            (SELECT count(*) FROM item_steps s WHERE s.item_id = i.id)::int AS "stepCount",
            (SELECT count(*) FROM item_indicators n WHERE n.item_id = i.id)::int AS "indicatorCount"
     FROM items i
     JOIN plan_versions v ON v.id = i.plan_version_id
     JOIN plans p ON p.id = v.plan_id
     LEFT JOIN units u ON u.organization_id = p.organization_id AND u.key = i.responsible_unit_key
     WHERE i.plan_version_id = $1
     ORDER BY i.dimension, i.seq`,
    [versionId],
  );
  return rows;
}

export interface FindingRow {
  severity: string;
  code: string;
  message: string;
  messageEn: string;
  line: number;
  item: string | null;
}

export async function listFindingsOfVersion(db: Db, versionId: number): Promise<FindingRow[]> {
  const { rows } = await db.query<FindingRow>(
    `SELECT severity, code, message_th AS message, message_en AS "messageEn", line, item_code AS item
     FROM import_findings WHERE plan_version_id = $1
     ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, line, id`,
    [versionId],
  );
  return rows;
}

export async function listVersionsOfPlan(
  db: Db,
  planId: number,
): Promise<Array<{ id: number; version: number; sourceName: string; loadedAt: string; loadedBy: string }>> {
  const { rows } = await db.query(
    `SELECT id, version, source_name AS "sourceName", loaded_at AS "loadedAt", loaded_by AS "loadedBy"
     FROM plan_versions WHERE plan_id = $1 ORDER BY version`,
    [planId],
  );
  return rows;
}

export type PlanApprovalStatus = 'pending' | 'approved' | 'rejected' | 'sent_back';

export async function setPlanVersionApprovalPending(db: Db, versionId: number): Promise<void> {
  await db.query(`UPDATE plan_versions SET approval_status = 'pending' WHERE id = $1 AND approval_status IS NULL`, [versionId]);
}

/**
 * The นายก's decision on a pending version. Only a pending version changes, so a retried activity (or a second
 * decision) leaves the first one standing; true when this call changed it.
 */
export async function decidePlanVersionApproval(
  db: Db,
  input: { versionId: number; status: Exclude<PlanApprovalStatus, 'pending'>; decisionId: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE plan_versions SET approval_status = $2, approval_decision_id = $3, approval_decided_at = now()
     WHERE id = $1 AND approval_status = 'pending'`,
    [input.versionId, input.status, input.decisionId],
  );
  return (rowCount ?? 0) > 0;
}

/** The organisation's plan that covers a fiscal year, with its current version's approval by the นายก (null: none asked). */
export async function findPlanCoveringYear(
  db: Db,
  organizationId: number,
  fiscalYear: number,
): Promise<{ id: number; title: string; currentVersionId: number | null; approvalStatus: PlanApprovalStatus | null } | undefined> {
  const { rows } = await db.query<{ id: number; title: string; currentVersionId: number | null; approvalStatus: PlanApprovalStatus | null }>(
    `SELECT p.id::int AS id, p.title, p.current_version_id AS "currentVersionId", v.approval_status AS "approvalStatus"
     FROM plans p LEFT JOIN plan_versions v ON v.id = p.current_version_id
     WHERE p.organization_id = $1 AND p.first_fiscal_year <= $2 AND $2 <= p.last_fiscal_year AND p.current_version_id IS NOT NULL
     ORDER BY p.id LIMIT 1`,
    [organizationId, fiscalYear],
  );
  return rows[0];
}

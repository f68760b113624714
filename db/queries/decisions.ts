import {
  authorityText,
  type ApproverRole,
  type Authority,
  type DecisionOutcome,
  type DecisionPointFacts,
  type DecisionPointStatus,
  type DecisionPurpose,
  type DecisionSummary,
} from '../../domain/decision';
import type { Db } from '../pool';

export interface DecisionPointRow {
  id: number;
  workflowId: string;
  decisionKey: string;
  purpose: DecisionPurpose;
  approverRole: ApproverRole;
  organizationId: number | null;
  itemYearId: number | null;
  summary: DecisionSummary;
  requestedAt: Date;
  dueAt: Date | null;
  status: DecisionPointStatus;
}

const POINT_COLUMNS = `dp.id, dp.workflow_id AS "workflowId", dp.decision_key AS "decisionKey", dp.purpose,
  dp.approver_role AS "approverRole", dp.organization_id AS "organizationId", dp.item_year_id AS "itemYearId",
  dp.summary, dp.requested_at AS "requestedAt", dp.due_at AS "dueAt", dp.status`;

/** A retried openDecision finds the point its first attempt created: the first summary and due date stay. */
export async function insertDecisionPoint(
  db: Db,
  point: DecisionPointFacts & { dueAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO decision_points (workflow_id, decision_key, purpose, approver_role, organization_id, item_year_id,
                                  summary, due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (workflow_id, decision_key) DO NOTHING`,
    [
      point.workflowId,
      point.decisionKey,
      point.purpose,
      point.approverRole,
      point.organizationId,
      point.itemYearId,
      JSON.stringify(point.summary),
      point.dueAt,
    ],
  );
}

export async function findDecisionPoint(
  db: Db,
  key: { workflowId: string; decisionKey: string },
): Promise<DecisionPointRow | undefined> {
  const { rows } = await db.query<DecisionPointRow>(
    `SELECT ${POINT_COLUMNS} FROM decision_points dp WHERE dp.workflow_id = $1 AND dp.decision_key = $2`,
    [key.workflowId, key.decisionKey],
  );
  return rows[0];
}

/** Serialises deciding a point: two approvers clicking at once cannot both decide it. */
export async function lockDecisionPoint(db: Db, pointId: number): Promise<DecisionPointStatus | undefined> {
  const { rows } = await db.query<{ status: DecisionPointStatus }>(
    'SELECT status FROM decision_points WHERE id = $1 FOR UPDATE',
    [pointId],
  );
  return rows[0]?.status;
}

/** Only an open point changes: closing twice, or withdrawing a point already decided, leaves it as it is. */
export async function closeDecisionPoint(
  db: Db,
  close: { pointId: number; status: 'decided' | 'withdrawn' },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE decision_points SET status = $2 WHERE id = $1 AND status = 'open'`,
    [close.pointId, close.status],
  );
  return rowCount === 1;
}

/** Returns undefined when a link with this issue key exists already (a retried activity issues nothing new). */
export async function insertDecisionLink(
  db: Db,
  link: { decisionPointId: number; personId: number; tokenHash: string; issueKey: string; expiresAt: Date },
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO decision_links (decision_point_id, person_id, token_hash, issue_key, expires_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (issue_key) DO NOTHING
     RETURNING id`,
    [link.decisionPointId, link.personId, link.tokenHash, link.issueKey, link.expiresAt],
  );
  return rows[0]?.id;
}

export interface DecisionLinkRow {
  linkId: number;
  personId: number;
  personName: string;
  personPosition: string;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
  point: DecisionPointRow;
}

export async function findDecisionLinkByTokenHash(db: Db, tokenHash: string): Promise<DecisionLinkRow | undefined> {
  const { rows } = await db.query<Omit<DecisionLinkRow, 'point'> & DecisionPointRow>(
    `SELECT l.id AS "linkId", l.person_id AS "personId", p.full_name AS "personName",
            p.position_title AS "personPosition", l.expires_at AS "expiresAt", l.used_at AS "usedAt",
            l.created_at AS "createdAt", ${POINT_COLUMNS}
     FROM decision_links l
     JOIN decision_points dp ON dp.id = l.decision_point_id
     JOIN people p ON p.id = l.person_id
     WHERE l.token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { linkId, personId, personName, personPosition, expiresAt, usedAt, createdAt, ...point } = row;
  return { linkId, personId, personName, personPosition, expiresAt, usedAt, createdAt, point };
}

export async function lockDecisionLink(
  db: Db,
  linkId: number,
): Promise<{ usedAt: Date | null; expiresAt: Date; expired: boolean } | undefined> {
  const { rows } = await db.query<{ usedAt: Date | null; expiresAt: Date; expired: boolean }>(
    `SELECT used_at AS "usedAt", expires_at AS "expiresAt", expires_at <= now() AS expired
     FROM decision_links WHERE id = $1 FOR UPDATE`,
    [linkId],
  );
  return rows[0];
}

export async function markDecisionLinkUsed(db: Db, linkId: number): Promise<void> {
  await db.query('UPDATE decision_links SET used_at = now() WHERE id = $1 AND used_at IS NULL', [linkId]);
}

export async function findDecisionLinkByIssueKey(
  db: Db,
  issueKey: string,
): Promise<{ id: number; expiresAt: Date } | undefined> {
  const { rows } = await db.query<{ id: number; expiresAt: Date }>(
    'SELECT id, expires_at AS "expiresAt" FROM decision_links WHERE issue_key = $1',
    [issueKey],
  );
  return rows[0];
}

/** Whom a point has asked so far, in the order they were first asked. */
export async function listLinkHolders(db: Db, pointId: number): Promise<number[]> {
  const { rows } = await db.query<{ personId: number }>(
    `SELECT person_id AS "personId" FROM decision_links WHERE decision_point_id = $1
     GROUP BY person_id ORDER BY min(id)`,
    [pointId],
  );
  return rows.map((r) => r.personId);
}

export async function insertDecision(
  db: Db,
  decision: {
    id: string;
    decisionPointId: number;
    personId: number;
    /** Stored as its text (`mayor (delegated)`), the form rows and workflow histories already hold. */
    authority: Authority;
    outcome: DecisionOutcome;
    reason: string | null;
    linkId: number;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO decisions (id, decision_point_id, person_id, acting_as, outcome, reason, link_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      decision.id,
      decision.decisionPointId,
      decision.personId,
      authorityText(decision.authority),
      decision.outcome,
      decision.reason,
      decision.linkId,
    ],
  );
}

export interface DecisionRow {
  id: string;
  decisionPointId: number;
  decisionKey: string;
  purpose: DecisionPurpose;
  personId: number;
  personName: string;
  personPosition: string;
  /** The stored authority text; read it with parseAuthority (domain/decision.ts). */
  actingAs: string;
  outcome: DecisionOutcome;
  reason: string | null;
  linkId: number | null;
  decidedAt: Date;
  acknowledgedAt: Date | null;
}

const DECISION_COLUMNS = `d.id, d.decision_point_id AS "decisionPointId", dp.decision_key AS "decisionKey",
  dp.purpose, d.person_id AS "personId", p.full_name AS "personName", p.position_title AS "personPosition",
  d.acting_as AS "actingAs", d.outcome, d.reason, d.link_id AS "linkId", d.decided_at AS "decidedAt",
  d.acknowledged_at AS "acknowledgedAt"`;

export async function findDecisionOfPoint(db: Db, pointId: number): Promise<DecisionRow | undefined> {
  const { rows } = await db.query<DecisionRow>(
    `SELECT ${DECISION_COLUMNS}
     FROM decisions d JOIN decision_points dp ON dp.id = d.decision_point_id JOIN people p ON p.id = d.person_id
     WHERE d.decision_point_id = $1`,
    [pointId],
  );
  return rows[0];
}

/** Earlier decisions on the same item-year (or, without one, the same workflow), oldest first. */
export async function listEarlierDecisions(
  db: Db,
  scope: { itemYearId: number | null; workflowId: string; excludePointId: number },
): Promise<DecisionRow[]> {
  const { rows } = await db.query<DecisionRow>(
    `SELECT ${DECISION_COLUMNS}
     FROM decisions d JOIN decision_points dp ON dp.id = d.decision_point_id JOIN people p ON p.id = d.person_id
     WHERE dp.id <> $3 AND (CASE WHEN $1::bigint IS NULL THEN dp.workflow_id = $2 ELSE dp.item_year_id = $1 END)
     ORDER BY d.decided_at, d.id`,
    [scope.itemYearId, scope.workflowId, scope.excludePointId],
  );
  return rows;
}

/** The workflow has taken the decision: set once, the first time anyone learns it. */
export async function markDecisionAcknowledged(db: Db, decisionId: string): Promise<void> {
  await db.query('UPDATE decisions SET acknowledged_at = now() WHERE id = $1 AND acknowledged_at IS NULL', [
    decisionId,
  ]);
}

export async function findItemYearUnitKey(db: Db, itemYearId: number): Promise<string | undefined> {
  const { rows } = await db.query<{ unitKey: string }>('SELECT unit_key AS "unitKey" FROM item_years WHERE id = $1', [
    itemYearId,
  ]);
  return rows[0]?.unitKey;
}

/** Open decisions this person holds a link for (the same rule as the tasks API). */
export async function countOpenApprovals(db: Db, personId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(DISTINCT dp.id)::int AS n FROM decision_points dp
     JOIN decision_links l ON l.decision_point_id = dp.id AND l.person_id = $1
     WHERE dp.status = 'open'`,
    [personId],
  );
  return rows[0]!.n;
}

/**
 * The newest link a person holds for a decision point, in the shape the decision pages take. Signed in, the person
 * is identified by the session; the link records whom the point asked and becomes the decision's link.
 */
export async function findLatestLinkOfPerson(
  db: Db,
  query: { pointId: number; personId: number },
): Promise<DecisionLinkRow | undefined> {
  const { rows } = await db.query(
    `SELECT l.id AS "linkId", l.person_id AS "personId", p.full_name AS "personName",
            p.position_title AS "personPosition", l.expires_at AS "expiresAt", l.used_at AS "usedAt",
            l.created_at AS "createdAt",
            dp.id, dp.workflow_id AS "workflowId", dp.decision_key AS "decisionKey", dp.purpose,
            dp.approver_role AS "approverRole", dp.organization_id AS "organizationId",
            dp.item_year_id AS "itemYearId", dp.summary, dp.requested_at AS "requestedAt", dp.due_at AS "dueAt",
            dp.status
     FROM decision_links l JOIN decision_points dp ON dp.id = l.decision_point_id JOIN people p ON p.id = l.person_id
     WHERE l.decision_point_id = $1 AND l.person_id = $2
     ORDER BY l.id DESC LIMIT 1`,
    [query.pointId, query.personId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { linkId, personId, personName, personPosition, expiresAt, usedAt, createdAt, ...point } = row;
  return { linkId, personId, personName, personPosition, expiresAt, usedAt, createdAt, point };
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

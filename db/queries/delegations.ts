import type { Db } from '../pool';

/** Delegations of a role's authority (delegations), as the admin page lists, adds and ends them. */

export interface DelegationRow {
  id: number;
  role: string;
  delegatePersonId: number;
  delegateName: string;
  validFrom: string;
  validTo: string | null;
  note: string;
}

const DELEGATION_COLUMNS = `d.id, d.role, d.delegate_person_id AS "delegatePersonId", p.full_name AS "delegateName",
  d.valid_from AS "validFrom", d.valid_to AS "validTo", d.note`;

export async function listDelegations(db: Db, organizationId: number): Promise<DelegationRow[]> {
  const { rows } = await db.query<DelegationRow>(
    `SELECT ${DELEGATION_COLUMNS} FROM delegations d JOIN people p ON p.id = d.delegate_person_id
     WHERE d.organization_id = $1 ORDER BY d.valid_from DESC, d.id DESC`,
    [organizationId],
  );
  return rows;
}

export async function insertDelegation(
  db: Db,
  delegation: { organizationId: number; role: string; delegatePersonId: number; validFrom: string; validTo: string | null; note: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO delegations (organization_id, role, delegate_person_id, valid_from, valid_to, note)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [delegation.organizationId, delegation.role, delegation.delegatePersonId, delegation.validFrom, delegation.validTo, delegation.note],
  );
  return rows[0]!.id;
}

/**
 * Ends a delegation on `lastDay` (it still holds that day). A delegation that has not begun by then is ended on
 * its first day instead, which the table's check allows. Returns the row before and after.
 */
export async function endDelegation(
  db: Db,
  organizationId: number,
  id: number,
  lastDay: string,
): Promise<{ before: DelegationRow; after: DelegationRow } | undefined> {
  const { rows } = await db.query<DelegationRow>(
    `SELECT ${DELEGATION_COLUMNS} FROM delegations d JOIN people p ON p.id = d.delegate_person_id
     WHERE d.organization_id = $1 AND d.id = $2 FOR UPDATE OF d`,
    [organizationId, id],
  );
  const before = rows[0];
  if (!before) return undefined;
  const validTo = lastDay < before.validFrom ? before.validFrom : lastDay;
  await db.query('UPDATE delegations SET valid_to = $2 WHERE id = $1', [id, validTo]);
  return { before, after: { ...before, validTo } };
}

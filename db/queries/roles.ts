import type { Db } from '../pool';

/** Role assignments (role_assignments) as the admin page lists and edits them. */

export interface RoleAssignmentRow {
  id: number;
  personId: number;
  personName: string;
  role: string;
  unitId: number | null;
  unitNameTh: string | null;
  acting: boolean;
  validFrom: string | null;
  validTo: string | null;
}

const ROLE_COLUMNS = `ra.id, ra.person_id AS "personId", p.full_name AS "personName", ra.role, ra.unit_id AS "unitId",
  u.name_th AS "unitNameTh", ra.acting, ra.valid_from AS "validFrom", ra.valid_to AS "validTo"`;

export async function listRoleAssignments(db: Db, organizationId: number): Promise<RoleAssignmentRow[]> {
  const { rows } = await db.query<RoleAssignmentRow>(
    `SELECT ${ROLE_COLUMNS} FROM role_assignments ra JOIN people p ON p.id = ra.person_id
     LEFT JOIN units u ON u.id = ra.unit_id
     WHERE ra.organization_id = $1 ORDER BY ra.person_id, ra.id`,
    [organizationId],
  );
  return rows;
}

export async function insertRoleAssignment(
  db: Db,
  role: { organizationId: number; personId: number; role: string; unitId: number | null; acting: boolean; validFrom: string | null; validTo: string | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO role_assignments (organization_id, person_id, role, unit_id, acting, valid_from, valid_to)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [role.organizationId, role.personId, role.role, role.unitId, role.acting, role.validFrom, role.validTo],
  );
  return rows[0]!.id;
}

/** Returns the row as it was, for the audit log; undefined when it is not this organisation's. */
export async function deleteRoleAssignment(
  db: Db,
  organizationId: number,
  id: number,
): Promise<RoleAssignmentRow | undefined> {
  const { rows } = await db.query<RoleAssignmentRow>(
    `SELECT ${ROLE_COLUMNS} FROM role_assignments ra JOIN people p ON p.id = ra.person_id
     LEFT JOIN units u ON u.id = ra.unit_id WHERE ra.organization_id = $1 AND ra.id = $2 FOR UPDATE OF ra`,
    [organizationId, id],
  );
  if (!rows[0]) return undefined;
  await db.query('DELETE FROM role_assignments WHERE id = $1', [id]);
  return rows[0];
}

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

import type { Db } from '../pool';

/** The organisation's units (สำนัก, กอง): the admin page's list and edits, and the plan import's upsert. */

export interface UnitRow {
  id: number;
  key: string;
  nameTh: string;
  nameEn: string;
}

export async function listUnits(db: Db, organizationId: number): Promise<UnitRow[]> {
  const { rows } = await db.query<UnitRow>(
    `SELECT id, key, name_th AS "nameTh", name_en AS "nameEn" FROM units WHERE organization_id = $1 ORDER BY name_th, id`,
    [organizationId],
  );
  return rows;
}

export async function findUnit(db: Db, organizationId: number, unitId: number): Promise<UnitRow | undefined> {
  const { rows } = await db.query<UnitRow>(
    `SELECT id, key, name_th AS "nameTh", name_en AS "nameEn" FROM units WHERE organization_id = $1 AND id = $2`,
    [organizationId, unitId],
  );
  return rows[0];
}

/** Returns undefined when the key is taken. */
export async function insertUnit(
  db: Db,
  unit: { organizationId: number; key: string; nameTh: string; nameEn: string },
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO units (organization_id, key, name_th, name_en) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organization_id, key) DO NOTHING RETURNING id`,
    [unit.organizationId, unit.key, unit.nameTh, unit.nameEn],
  );
  return rows[0]?.id;
}

export async function updateUnitNames(
  db: Db,
  unit: { organizationId: number; id: number; nameTh: string; nameEn: string },
): Promise<void> {
  await db.query('UPDATE units SET name_th = $3, name_en = $4 WHERE organization_id = $1 AND id = $2', [
    unit.organizationId,
    unit.id,
    unit.nameTh,
    unit.nameEn,
  ]);
}

/** The plan import's unit: created on first sight, kept (with any name an administrator fixed) afterwards. */
export async function upsertUnit(
  db: Db,
  unit: { organizationId: number; key: string; nameTh: string; nameEn: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO units (organization_id, key, name_th, name_en) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organization_id, key) DO UPDATE SET key = EXCLUDED.key
     RETURNING id`,
    [unit.organizationId, unit.key, unit.nameTh, unit.nameEn],
  );
  return rows[0]!.id;
}

import type { Db } from '../pool';

/** The organisation's holidays (holidays), which working-day arithmetic skips. */

export interface HolidayRow {
  day: string;
  nameTh: string;
}

export async function listHolidays(db: Db, organizationId: number, from: string, to: string): Promise<HolidayRow[]> {
  const { rows } = await db.query<HolidayRow>(
    `SELECT day, name_th AS "nameTh" FROM holidays WHERE organization_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day`,
    [organizationId, from, to],
  );
  return rows;
}

export async function countHolidays(db: Db, organizationId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM holidays WHERE organization_id = $1', [
    organizationId,
  ]);
  return rows[0]!.n;
}

/** Inserts or renames holidays; returns the rows that were there before (for the audit log). */
export async function upsertHolidays(db: Db, organizationId: number, holidays: readonly HolidayRow[]): Promise<HolidayRow[]> {
  if (!holidays.length) return [];
  const days = holidays.map((h) => h.day);
  const { rows: before } = await db.query<HolidayRow>(
    `SELECT day, name_th AS "nameTh" FROM holidays WHERE organization_id = $1 AND day = ANY($2::date[]) ORDER BY day`,
    [organizationId, days],
  );
  await db.query(
    `INSERT INTO holidays (organization_id, day, name_th)
     SELECT $1, h.day, h.name FROM unnest($2::date[], $3::text[]) AS h(day, name)
     ON CONFLICT (organization_id, day) DO UPDATE SET name_th = EXCLUDED.name_th`,
    [organizationId, days, holidays.map((h) => h.nameTh)],
  );
  return before;
}

export async function deleteHoliday(db: Db, organizationId: number, day: string): Promise<HolidayRow | undefined> {
  const { rows } = await db.query<HolidayRow>(
    `DELETE FROM holidays WHERE organization_id = $1 AND day = $2 RETURNING day, name_th AS "nameTh"`,
    [organizationId, day],
  );
  return rows[0];
}

/** The days alone, for working-day arithmetic. */
export async function listHolidayDates(db: Db, organizationId: number, from: string, to: string): Promise<string[]> {
  const { rows } = await db.query<{ day: string }>(
    'SELECT day FROM holidays WHERE organization_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day',
    [organizationId, from, to],
  );
  return rows.map((r) => r.day);
}

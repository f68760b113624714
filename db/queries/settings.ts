import type { Db } from '../pool';

/** One organisation's settings (organizations.settings: approval route, report dates, reminder policy). */

export async function findOrganizationSettings(db: Db, organizationId: number): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ settings: Record<string, unknown> }>(
    'SELECT settings FROM organizations WHERE id = $1',
    [organizationId],
  );
  return rows[0]?.settings ?? {};
}

/** Replaces one key of organizations.settings, leaving the others (approval route, report dates) as they are. */
export async function setOrganizationSetting(db: Db, organizationId: number, key: string, value: unknown): Promise<void> {
  await db.query(
    `UPDATE organizations SET settings = jsonb_set(settings, ARRAY[$2::text], $3::jsonb, true) WHERE id = $1`,
    [organizationId, key, JSON.stringify(value)],
  );
}

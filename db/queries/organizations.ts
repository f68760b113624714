import type { Db } from '../pool';

/** The one read of an organisation (by id or slug), for every caller: pages, reports, activities, the seed. */

export interface OrganizationRow {
  id: number;
  slug: string;
  name: string;
  district: string;
  province: string;
  settings: Record<string, unknown>;
}

export async function findOrganizationById(db: Db, id: number): Promise<OrganizationRow | undefined> {
  const { rows } = await db.query<OrganizationRow>(
    'SELECT id, slug, name, district, province, settings FROM organizations WHERE id = $1',
    [id],
  );
  return rows[0];
}

export async function findOrganizationBySlug(db: Db, slug: string): Promise<OrganizationRow | undefined> {
  const { rows } = await db.query<OrganizationRow>(
    'SELECT id, slug, name, district, province, settings FROM organizations WHERE slug = $1',
    [slug],
  );
  return rows[0];
}

export async function listOrganizations(db: Db): Promise<OrganizationRow[]> {
  const { rows } = await db.query<OrganizationRow>(
    'SELECT id, slug, name, district, province, settings FROM organizations ORDER BY id',
  );
  return rows;
}

/** Creates the organisation on its first import; later imports keep the name an administrator may have fixed. */
export async function ensureOrganization(
  db: Db,
  org: { slug: string; name: string; district: string; province: string },
): Promise<OrganizationRow> {
  const { rows } = await db.query<OrganizationRow>(
    `INSERT INTO organizations (slug, name, district, province) VALUES ($1, $2, $3, $4)
     ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug
     RETURNING id, slug, name, district, province, settings`,
    [org.slug, org.name, org.district, org.province],
  );
  return rows[0]!;
}

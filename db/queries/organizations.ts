import type { Db } from '../pool';
import type { OrganizationKind } from '../../domain/organizations';

/** The one read of an organisation (by id or slug), for every caller: pages, reports, activities, the seed. */

export interface OrganizationRow {
  id: number;
  slug: string;
  name: string;
  district: string;
  province: string;
  /** The kind of local government (domain/organizations.ts); null for one created before kinds were recorded. */
  kind: OrganizationKind | null;
  settings: Record<string, unknown>;
}

export async function findOrganizationById(db: Db, id: number): Promise<OrganizationRow | undefined> {
  const { rows } = await db.query<OrganizationRow>(
    'SELECT id, slug, name, district, province, kind, settings FROM organizations WHERE id = $1',
    [id],
  );
  return rows[0];
}

export async function findOrganizationBySlug(db: Db, slug: string): Promise<OrganizationRow | undefined> {
  const { rows } = await db.query<OrganizationRow>(
    'SELECT id, slug, name, district, province, kind, settings FROM organizations WHERE slug = $1',
    [slug],
  );
  return rows[0];
}

export async function listOrganizations(db: Db): Promise<OrganizationRow[]> {
  const { rows } = await db.query<OrganizationRow>(
    'SELECT id, slug, name, district, province, kind, settings FROM organizations ORDER BY id',
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

/** A new organisation from the onboarding form; undefined when the slug is taken (nothing is written then). */
export async function insertOrganization(
  db: Db,
  org: { slug: string; name: string; kind: string; district: string; province: string },
): Promise<OrganizationRow | undefined> {
  const { rows } = await db.query<OrganizationRow>(
    `INSERT INTO organizations (slug, name, kind, district, province) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (slug) DO NOTHING
     RETURNING id, slug, name, district, province, settings`,
    [org.slug, org.name, org.kind, org.district, org.province],
  );
  return rows[0];
}

export interface PlatformOrganizationRow {
  id: number;
  slug: string;
  name: string;
  kind: string | null;
  district: string;
  province: string;
  createdAt: Date;
  /** Whom to ask about the organisation: its coordinators, by name and address, nothing else of its people. */
  coordinators: Array<{ fullName: string; email: string | null }>;
}

/** Every organisation as the platform administrator sees it: what onboarding needs, none of its plans or items. */
export async function listOrganizationsForPlatform(db: Db): Promise<PlatformOrganizationRow[]> {
  const { rows } = await db.query<PlatformOrganizationRow>(
    `SELECT o.id, o.slug, o.name, o.kind, o.district, o.province, o.created_at AS "createdAt",
            coalesce((SELECT json_agg(json_build_object('fullName', p.full_name, 'email', p.email) ORDER BY p.id)
                      FROM people p
                      WHERE p.organization_id = o.id AND p.active
                        AND EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.person_id = p.id AND ra.role = 'coordinator')),
                     '[]'::json) AS coordinators
     FROM organizations o ORDER BY o.id`,
  );
  return rows;
}

/**
 * What an organisation is when a platform administrator creates one: its kind (the four kinds of local government
 * that run an anti-corruption plan), its names, and its slug, the short Latin name in its public address
 * (/public/<slug>). Pure rules, shared by the service that stores it and the page that explains a refusal.
 */

export const ORGANIZATION_KINDS = ['sao', 'subdistrict_municipality', 'town_municipality', 'city_municipality'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** The official prefix of each kind's name (องค์การบริหารส่วนตำบลเข็กน้อย), its short form, and the English name. */
export const ORGANIZATION_KIND_NAMES: Record<OrganizationKind, { th: string; short: string; en: string }> = {
  sao: { th: 'องค์การบริหารส่วนตำบล', short: 'อบต.', en: 'Subdistrict Administrative Organisation' },
  subdistrict_municipality: { th: 'เทศบาลตำบล', short: 'ทต.', en: 'Subdistrict Municipality' },
  town_municipality: { th: 'เทศบาลเมือง', short: 'ทม.', en: 'Town Municipality' },
  city_municipality: { th: 'เทศบาลนคร', short: 'ทน.', en: 'City Municipality' },
};

/**
 * The organisation's full Thai name from its kind and place name. A place name typed with the prefix already (in
 * full or short form) is not given it twice.
 */
export function organizationFullName(kind: OrganizationKind, placeName: string): string {
  const names = ORGANIZATION_KIND_NAMES[kind];
  const place = placeName.trim();
  if (place.startsWith(names.th)) return place;
  const bare = place.startsWith(names.short) ? place.slice(names.short.length).trim() : place;
  return `${names.th}${bare}`;
}

export type SlugProblem = 'empty' | 'length' | 'characters' | 'hyphens' | 'reserved';

/** Slugs that read as something other than an organisation in an address or a log line. */
const RESERVED_SLUGS = new Set(['admin', 'api', 'platform', 'public', 'signin', 'assets', 'dev', 'new', 'test']);

/**
 * Why a slug cannot be used, or undefined when it can: 2 to 63 characters of a-z, 0-9 and single hyphens between
 * them (the database's check, plus the readability rules a person would be surprised to break).
 */
export function slugProblem(slug: string): SlugProblem | undefined {
  if (slug === '') return 'empty';
  if (slug.length < 2 || slug.length > 63) return 'length';
  if (!/^[a-z0-9-]+$/.test(slug)) return 'characters';
  if (slug.startsWith('-') || slug.endsWith('-') || slug.includes('--')) return 'hyphens';
  if (RESERVED_SLUGS.has(slug)) return 'reserved';
  return undefined;
}

export const SLUG_PROBLEM_MESSAGES: Record<SlugProblem | 'taken', { th: string; en: string }> = {
  empty: { th: 'กรุณากรอกชื่อย่อภาษาอังกฤษ (slug)', en: 'Please enter a slug.' },
  length: { th: 'ชื่อย่อ (slug) ต้องยาว 2 ถึง 63 ตัวอักษร', en: 'The slug must be 2 to 63 characters long.' },
  characters: {
    th: 'ชื่อย่อ (slug) ใช้ได้เฉพาะอักษรภาษาอังกฤษตัวเล็ก a-z ตัวเลข 0-9 และขีด (-)',
    en: 'The slug may contain only lower-case letters a-z, digits 0-9 and hyphens (-).',
  },
  hyphens: {
    th: 'ชื่อย่อ (slug) ต้องไม่ขึ้นต้นหรือลงท้ายด้วยขีด และไม่มีขีดติดกันสองตัว',
    en: 'The slug may not start or end with a hyphen, or have two hyphens in a row.',
  },
  reserved: { th: 'ชื่อย่อ (slug) นี้สงวนไว้สำหรับระบบ กรุณาเลือกชื่ออื่น', en: 'This slug is reserved by the system; please choose another.' },
  taken: { th: 'ชื่อย่อ (slug) นี้มีองค์กรอื่นใช้แล้ว กรุณาเลือกชื่ออื่น', en: 'Another organisation already uses this slug; please choose another.' },
};

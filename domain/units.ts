/**
 * Responsible units of a Thai local government (อบต./เทศบาล) under canonical keys.
 *
 * Plans name the unit in free text ("สำนักปลัดองค์การบริหารส่วนตำบลเข็กน้อย (งานกฎหมายและคดี) อำเภอ...",
 * "สำนักงานปลัด...", "ทุกสำนัก/กอง ของ...") and often misspell the organisation's own name, so the
 * normaliser looks only at the unit words and never at the place name that follows them.
 */

export const RESPONSIBLE_UNITS = [
  { key: 'office-of-palad', nameTh: 'สำนักปลัด', nameEn: 'Office of the Permanent Secretary' },
  { key: 'finance', nameTh: 'กองคลัง', nameEn: 'Finance Division' },
  { key: 'public-works', nameTh: 'กองช่าง', nameEn: 'Public Works Division' },
  { key: 'education', nameTh: 'กองการศึกษา ศาสนา และวัฒนธรรม', nameEn: 'Education, Religion and Culture Division' },
  { key: 'public-health', nameTh: 'กองสาธารณสุขและสิ่งแวดล้อม', nameEn: 'Public Health and Environment Division' },
  { key: 'social-welfare', nameTh: 'กองสวัสดิการสังคม', nameEn: 'Social Welfare Division' },
  { key: 'agriculture', nameTh: 'กองส่งเสริมการเกษตร', nameEn: 'Agricultural Promotion Division' },
  { key: 'internal-audit', nameTh: 'หน่วยตรวจสอบภายใน', nameEn: 'Internal Audit Unit' },
  { key: 'all-units', nameTh: 'ทุกสำนัก/กอง', nameEn: 'All divisions' },
  { key: 'organization', nameTh: 'ทั้งองค์กร', nameEn: 'The whole organisation' },
] as const;

export type ResponsibleUnitKey = (typeof RESPONSIBLE_UNITS)[number]['key'];
export type ResponsibleUnit = (typeof RESPONSIBLE_UNITS)[number];

const UNIT_PATTERNS: ReadonlyArray<{ key: ResponsibleUnitKey; pattern: RegExp }> = [
  // Checked first: "ทุกสำนัก/กอง" also contains the word สำนัก.
  { key: 'all-units', pattern: /ทุก(สำนัก|กอง|ส่วนราชการ|หน่วยงาน)/ },
  { key: 'internal-audit', pattern: /(หน่วย(งาน)?)?ตรวจสอบภายใน/ },
  { key: 'office-of-palad', pattern: /สำนัก(งาน)?ปลัด/ },
  { key: 'finance', pattern: /(กอง|ส่วน)(การ)?คลัง/ },
  { key: 'public-works', pattern: /กองช่าง|ส่วนโยธา/ },
  { key: 'education', pattern: /(กอง|ส่วน)การศึกษา/ },
  { key: 'public-health', pattern: /(กอง|ส่วน)สาธารณสุข/ },
  { key: 'social-welfare', pattern: /(กอง|ส่วน)สวัสดิการ/ },
  { key: 'agriculture', pattern: /(กอง|ส่วน)(ส่งเสริม)?การเกษตร/ },
  { key: 'organization', pattern: /^(องค์การ|องค์กร)บริหารส่วน(ตำบล|จังหวัด)|^อบต\.|^อบจ\.|^เทศบาล/ },
];

/**
 * A section (งาน) inside a division: the desk that actually does an item ("สำนักปลัด (งานกฎหมายและคดี)").
 * Keys are unique within an organisation.
 */
export interface UnitSection {
  key: string;
  nameTh: string;
  nameEn: string;
  /** Other names plans use for the same section (an older or shortened name). */
  aliasesTh?: readonly string[];
}

/** An organisation's structure: the sections of each division. */
export interface OrganizationUnits {
  sections: Partial<Record<ResponsibleUnitKey, readonly UnitSection[]>>;
}

/**
 * The sections most อบต. have under the standard structure of the Department of Local Administration. An
 * organisation whose structure differs gets an entry of its own in ORGANIZATION_UNITS.
 */
export const STANDARD_UNITS: OrganizationUnits = {
  sections: {
    'office-of-palad': [
      { key: 'general-administration', nameTh: 'งานบริหารงานทั่วไป', nameEn: 'General Administration Section', aliasesTh: ['งานบริหารทั่วไป', 'งานธุรการ'] },
      { key: 'policy-and-planning', nameTh: 'งานนโยบายและแผน', nameEn: 'Policy and Planning Section', aliasesTh: ['งานวิเคราะห์นโยบายและแผน'] },
      { key: 'legal-affairs', nameTh: 'งานกฎหมายและคดี', nameEn: 'Legal Affairs Section', aliasesTh: ['งานนิติการ'] },
      { key: 'personnel', nameTh: 'งานบริหารงานบุคคล', nameEn: 'Personnel Section', aliasesTh: ['งานการเจ้าหน้าที่'] },
      { key: 'disaster-prevention', nameTh: 'งานป้องกันและบรรเทาสาธารณภัย', nameEn: 'Disaster Prevention and Mitigation Section' },
      { key: 'council-affairs', nameTh: 'งานกิจการสภา', nameEn: 'Council Affairs Section' },
    ],
    finance: [
      { key: 'finance-and-accounting', nameTh: 'งานการเงินและบัญชี', nameEn: 'Finance and Accounting Section', aliasesTh: ['งานการเงิน', 'งานบัญชี'] },
      { key: 'revenue', nameTh: 'งานพัฒนาและจัดเก็บรายได้', nameEn: 'Revenue Section', aliasesTh: ['งานจัดเก็บรายได้'] },
      { key: 'procurement', nameTh: 'งานทะเบียนทรัพย์สินและพัสดุ', nameEn: 'Assets and Procurement Section', aliasesTh: ['งานพัสดุและทรัพย์สิน', 'งานพัสดุ'] },
    ],
    'public-works': [
      { key: 'construction', nameTh: 'งานก่อสร้าง', nameEn: 'Construction Section' },
      { key: 'building-control', nameTh: 'งานออกแบบและควบคุมอาคาร', nameEn: 'Design and Building Control Section' },
      { key: 'utilities', nameTh: 'งานประสานสาธารณูปโภค', nameEn: 'Utilities Section' },
    ],
    education: [
      { key: 'education-administration', nameTh: 'งานบริหารการศึกษา', nameEn: 'Education Administration Section' },
      { key: 'education-promotion', nameTh: 'งานส่งเสริมการศึกษา ศาสนา และวัฒนธรรม', nameEn: 'Education, Religion and Culture Promotion Section' },
    ],
  },
};

/** Organisations (by slug) whose structure is not the standard one, or is known section by section. */
export const ORGANIZATION_UNITS: Readonly<Record<string, OrganizationUnits>> = {
  // The sections the Khek Noi plan names, as its organisation chart has them.
  'khek-noi': {
    sections: {
      'office-of-palad': STANDARD_UNITS.sections['office-of-palad']!.filter((s) =>
        ['general-administration', 'policy-and-planning', 'legal-affairs', 'personnel', 'disaster-prevention'].includes(s.key),
      ),
      finance: STANDARD_UNITS.sections.finance,
      'public-works': STANDARD_UNITS.sections['public-works'],
      education: STANDARD_UNITS.sections.education,
    },
  },
};

export function unitsOfOrganization(slug: string | undefined): OrganizationUnits {
  return (slug && ORGANIZATION_UNITS[slug]) || STANDARD_UNITS;
}

export interface NormalisedUnit {
  unit: ResponsibleUnitKey;
  /** False when nothing in the text named a unit and the whole organisation was assumed. */
  recognised: boolean;
  /** Key of the section (งาน) the text names, when the organisation has it. */
  section?: string;
  /** The section as the text wrote it ("งานกฎหมายและคดี"), whether or not the organisation has it. */
  sectionText?: string;
}

const compactOf = (text: string) => text.replace(/[\s\u00a0\u200b]+/g, '');
/** A section named in brackets after the division, the way plans write it: "สำนักปลัด... (งานกฎหมายและคดี)". */
const BRACKETED_SECTION = /[(（]\s*((?:งาน|ฝ่าย)[^()（）]+?)\s*[)）]/;

function findSection(text: string, unit: ResponsibleUnitKey, units: OrganizationUnits): Pick<NormalisedUnit, 'section' | 'sectionText'> {
  // Plans write ฝ่าย for what the structure calls งาน.
  const comparable = (name: string) => compactOf(name).replace(/^ฝ่าย/, 'งาน');
  const bracketed = BRACKETED_SECTION.exec(text)?.[1]?.replace(/\s+/g, ' ');
  const compact = comparable(bracketed ?? text);
  // The longest name first: "งานการเงินและบัญชี" also holds the alias "งานการเงิน".
  const known = (units.sections[unit] ?? [])
    .flatMap((s) => [s.nameTh, ...(s.aliasesTh ?? [])].map((name) => ({ key: s.key, name: comparable(name) })))
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => (bracketed ? compact === c.name : compact.includes(c.name)));
  if (known) return { section: known.key, sectionText: bracketed ?? (units.sections[unit] ?? []).find((s) => s.key === known.key)!.nameTh };
  return bracketed ? { sectionText: bracketed } : {};
}

/**
 * The division the text names and, inside it, the section (งาน) it names, looked up in the organisation's
 * structure. A section the organisation does not have is kept as text only.
 */
export function normaliseResponsibleUnit(text: string, units: OrganizationUnits = STANDARD_UNITS): NormalisedUnit {
  const compact = compactOf(text);
  for (const { key, pattern } of UNIT_PATTERNS) {
    if (pattern.test(compact)) return { unit: key, recognised: true, ...findSection(text, key, units) };
  }
  return { unit: 'organization', recognised: false };
}

export function sectionByKey(units: OrganizationUnits, key: string): (UnitSection & { division: ResponsibleUnitKey }) | undefined {
  for (const [division, sections] of Object.entries(units.sections) as Array<[ResponsibleUnitKey, readonly UnitSection[]]>) {
    const found = sections.find((s) => s.key === key);
    if (found) return { ...found, division };
  }
  return undefined;
}

export function responsibleUnitByKey(key: string): ResponsibleUnit | undefined {
  return RESPONSIBLE_UNITS.find((u) => u.key === key);
}

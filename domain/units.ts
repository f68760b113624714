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

export interface NormalisedUnit {
  unit: ResponsibleUnitKey;
  /** False when nothing in the text named a unit and the whole organisation was assumed. */
  recognised: boolean;
}

export function normaliseResponsibleUnit(text: string): NormalisedUnit {
  const compact = text.replace(/[\s\u00a0\u200b]+/g, '');
  for (const { key, pattern } of UNIT_PATTERNS) {
    if (pattern.test(compact)) return { unit: key, recognised: true };
  }
  return { unit: 'organization', recognised: false };
}

export function responsibleUnitByKey(key: string): ResponsibleUnit | undefined {
  return RESPONSIBLE_UNITS.find((u) => u.key === key);
}

import { z } from 'zod';
import { SELF_GRANT_MESSAGE } from './duties';
import { textProblem } from './input-schema';
import { ROLES, type Role } from './roles';
import { normaliseResponsibleUnit, STANDARD_UNITS, type OrganizationUnits } from './units';

/**
 * People imported from a spreadsheet (XLSX or CSV) an organisation already keeps: one row per person with name,
 * position, division (กอง/สำนัก), section (งาน), e-mail, LINE id and roles. Every row is checked before anything is
 * stored, and every problem is named with its row, in Thai and English: an import stores all rows or none.
 */

export type ImportColumn = 'fullName' | 'positionTitle' | 'division' | 'section' | 'email' | 'lineUserId' | 'roles';

/** Header words each column is known by, compared without spaces, case or punctuation. */
const HEADER_NAMES: Record<ImportColumn, readonly string[]> = {
  fullName: ['ชื่อ', 'ชื่อนามสกุล', 'ชื่อสกุล', 'name', 'fullname'],
  positionTitle: ['ตำแหน่ง', 'position', 'title', 'positiontitle'],
  division: ['กอง', 'สำนักกอง', 'สังกัด', 'ส่วนราชการ', 'หน่วยงาน', 'division', 'unit', 'department'],
  section: ['งาน', 'ฝ่าย', 'section'],
  email: ['อีเมล', 'อีเมล์', 'email', 'e-mail', 'mail'],
  lineUserId: ['line', 'lineid', 'lineuserid', 'ไลน์'],
  roles: ['บทบาท', 'หน้าที่ในระบบ', 'roles', 'role'],
};

const comparableHeader = (text: string) => text.toLowerCase().replace(/[\s\-_./()]+/g, '');

export interface ImportTable {
  /** Column index of each recognised column. */
  columns: Partial<Record<ImportColumn, number>>;
  /** Data rows with their line number in the file (the header is line 1 when it is the first row). */
  rows: Array<{ line: number; cells: string[] }>;
}

export interface ImportProblem {
  severity: 'error' | 'warning';
  code: string;
  th: string;
  en: string;
}

/** The file's header row (the first row that names a name column) and the data rows under it. */
export function readImportTable(lines: readonly string[][]): { table: ImportTable } | { problem: ImportProblem } {
  const headerIndex = lines.findIndex((cells) => cells.some((c) => HEADER_NAMES.fullName.includes(comparableHeader(c))));
  if (headerIndex < 0) {
    return {
      problem: {
        severity: 'error',
        code: 'no_header',
        th: 'ไม่พบแถวหัวตาราง ต้องมีคอลัมน์ "ชื่อ-นามสกุล" (และ ตำแหน่ง กอง งาน อีเมล LINE บทบาท)',
        en: 'No header row: the file needs a "name" column (and position, division, section, e-mail, LINE id, roles).',
      },
    };
  }
  const columns: ImportTable['columns'] = {};
  lines[headerIndex]!.forEach((cell, index) => {
    const header = comparableHeader(cell);
    for (const [column, names] of Object.entries(HEADER_NAMES) as Array<[ImportColumn, readonly string[]]>) {
      if (columns[column] === undefined && names.includes(header)) columns[column] = index;
    }
  });
  const rows = lines
    .map((cells, index) => ({ line: index + 1, cells: cells.map((c) => c.trim()) }))
    .slice(headerIndex + 1)
    .filter((row) => row.cells.some((c) => c !== ''));
  return { table: { columns, rows } };
}

/** Role names as a person writes them in a spreadsheet, Thai or English, to the role they mean. */
const ROLE_WORDS: Record<string, Role> = {
  นายก: 'mayor',
  นายกองค์การบริหารส่วนตำบล: 'mayor',
  นายกเทศมนตรี: 'mayor',
  รองนายก: 'deputy_mayor',
  รองนายกเทศมนตรี: 'deputy_mayor',
  ปลัด: 'palad',
  หัวหน้าส่วนราชการ: 'unit_head',
  หัวหน้าส่วน: 'unit_head',
  ผู้อำนวยการกอง: 'unit_head',
  หัวหน้าสำนักปลัด: 'unit_head',
  ผู้ประสานแผน: 'coordinator',
  ผู้ประสานงานแผน: 'coordinator',
  ผู้รับผิดชอบรายการ: 'owner',
  ผู้รับผิดชอบ: 'owner',
  ผู้ตรวจสอบภายใน: 'auditor',
  ผู้ดูแลระบบ: 'admin',
  chiefexecutive: 'mayor',
  deputychiefexecutive: 'deputy_mayor',
  permanentsecretary: 'palad',
  headofdivision: 'unit_head',
  plancoordinator: 'coordinator',
  itemowner: 'owner',
  internalauditor: 'auditor',
  administrator: 'admin',
};
for (const role of ROLES) ROLE_WORDS[role.replace('_', '')] = role;

/** The Thai word a template offers for each role (the first the import knows it by), with its English key. */
export const ROLE_TEMPLATE_WORDS: ReadonlyArray<{ role: Role; th: string }> = ROLES.map((role) => ({
  role,
  th: Object.entries(ROLE_WORDS).find(([, r]) => r === role)![0],
}));

/** The template's header row: the first of each column's names, Thai then English. */
export const TEMPLATE_HEADER: ReadonlyArray<{ column: ImportColumn; th: string; en: string }> = [
  { column: 'fullName', th: 'ชื่อ-นามสกุล', en: 'name' },
  { column: 'positionTitle', th: 'ตำแหน่ง', en: 'position' },
  { column: 'division', th: 'กอง', en: 'division' },
  { column: 'section', th: 'งาน', en: 'section' },
  { column: 'email', th: 'อีเมล', en: 'e-mail' },
  { column: 'lineUserId', th: 'LINE', en: 'LINE id' },
  { column: 'roles', th: 'บทบาท', en: 'roles' },
];

const ACTING = /\s*[(（]?\s*(รักษาราชการแทน|รก\.|acting)\s*[)）]?\s*/i;

export interface ImportedRole {
  role: Role;
  acting: boolean;
}

/** The roles of a cell ("ผู้รับผิดชอบรายการ, ปลัด (รักษาราชการแทน)"); undefined entries are words no role has. */
export function parseRoles(cell: string): Array<{ text: string; role?: ImportedRole }> {
  return cell
    .split(/[,;\n、]+/)
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text) => {
      const acting = ACTING.test(text);
      const word = comparableHeader(text.replace(ACTING, ''));
      const role = ROLE_WORDS[word];
      return role ? { text, role: { role, acting } } : { text };
    });
}

/** A unit of the organisation the division column may name. */
export interface ImportUnit {
  id: number;
  key: string;
  nameTh: string;
  nameEn: string;
}

export interface ImportContext {
  units: readonly ImportUnit[];
  /** The organisation's structure (sections per division), for the section column. */
  structure?: OrganizationUnits;
  /** E-mail addresses the organisation's people have already, lower-case. */
  existingEmails: ReadonlySet<string>;
  /** The importing administrator's own address: a row for them would be a role granted to oneself. */
  importerEmail: string | null;
}

/** One person as they will be stored, with their roles; unitId is one of the organisation's units. */
export interface ImportedPerson {
  fullName: string;
  positionTitle: string;
  unitId: number | null;
  section: string;
  email: string | null;
  lineUserId: string | null;
  roles: ImportedRole[];
}

export interface CheckedRow {
  line: number;
  /** The row as written, for the preview. */
  values: Record<ImportColumn, string>;
  person?: ImportedPerson;
  problems: ImportProblem[];
}

const emailSchema = z.email().max(254);
const LINE_USER_ID = /^U[0-9a-f]{32}$/;
const UNIT_ROLES: ReadonlySet<Role> = new Set(['unit_head', 'owner']);

const error = (code: string, th: string, en: string): ImportProblem => ({ severity: 'error', code, th, en });
const warning = (code: string, th: string, en: string): ImportProblem => ({ severity: 'warning', code, th, en });

function findUnit(division: string, ctx: ImportContext): ImportUnit | undefined {
  const plain = comparableHeader(division);
  const exact = ctx.units.find((u) => [u.key, u.nameTh, u.nameEn].some((name) => comparableHeader(name) === plain));
  if (exact) return exact;
  const normalised = normaliseResponsibleUnit(division, ctx.structure ?? STANDARD_UNITS);
  return normalised.recognised ? ctx.units.find((u) => u.key === normalised.unit) : undefined;
}

/** The section's name as the organisation's structure has it, or undefined when the division has no such section. */
function findSection(unit: ImportUnit, section: string, ctx: ImportContext): string | undefined {
  const structure = ctx.structure ?? STANDARD_UNITS;
  const named = /^(งาน|ฝ่าย)/.test(section) ? section : `งาน${section}`;
  const found = normaliseResponsibleUnit(`${unit.nameTh} (${named})`, structure);
  if (!found.section) return undefined;
  const sections = Object.values(structure.sections).flat();
  return sections.find((s) => s?.key === found.section)?.nameTh;
}

function cellText(value: string, max: number, field: { th: string; en: string }, problems: ImportProblem[]): string {
  const problem = textProblem(value);
  if (problem) problems.push(error('bad_text', `${field.th}: ${problem.th}`, `${field.en}: ${problem.en}`));
  if (value.length > max) problems.push(error('too_long', `${field.th} ยาวเกิน ${max} ตัวอักษร`, `${field.en} is longer than ${max} characters`));
  return value;
}

/**
 * Checks every row against the organisation: names present, addresses valid and unused (in the organisation and
 * earlier in the file), LINE ids well formed, divisions known, roles known and with the unit they need, and no row
 * for the importer themselves (separation of duties: nobody grants a role to themselves, domain/duties.ts).
 */
export function checkImportRows(table: ImportTable, ctx: ImportContext): CheckedRow[] {
  const seen = new Map<string, number>();
  const cell = (row: { cells: string[] }, column: ImportColumn) => {
    const index = table.columns[column];
    return index === undefined ? '' : (row.cells[index] ?? '').trim();
  };
  return table.rows.map((row) => {
    const values = Object.fromEntries(
      (Object.keys(HEADER_NAMES) as ImportColumn[]).map((column) => [column, cell(row, column)]),
    ) as Record<ImportColumn, string>;
    const problems: ImportProblem[] = [];
    const fullName = cellText(values.fullName, 200, { th: 'ชื่อ-นามสกุล', en: 'Name' }, problems);
    if (!fullName) problems.push(error('no_name', 'ไม่มีชื่อ-นามสกุล', 'The name is missing.'));
    const positionTitle = cellText(values.positionTitle, 200, { th: 'ตำแหน่ง', en: 'Position' }, problems);
    const sectionText = cellText(values.section, 200, { th: 'งาน', en: 'Section' }, problems);

    let email: string | null = null;
    if (values.email) {
      const parsed = emailSchema.safeParse(values.email);
      if (!parsed.success) {
        problems.push(error('bad_email', `อีเมล "${values.email}" ไม่ถูกต้อง`, `The e-mail address "${values.email}" is not valid.`));
      } else {
        email = parsed.data.toLowerCase();
        const earlier = seen.get(email);
        if (earlier !== undefined) {
          problems.push(error('duplicate_email', `อีเมลซ้ำกับแถวที่ ${earlier}`, `The same e-mail address as row ${earlier}.`));
        } else if (ctx.existingEmails.has(email)) {
          problems.push(error('email_taken', 'อีเมลนี้มีผู้ใช้อยู่แล้วในองค์กร', 'Someone in this organisation already has this e-mail address.'));
        } else {
          seen.set(email, row.line);
        }
        if (ctx.importerEmail && email === ctx.importerEmail.toLowerCase()) {
          problems.push(error('self_grant', SELF_GRANT_MESSAGE.th, SELF_GRANT_MESSAGE.en));
        }
      }
    } else {
      problems.push(warning('no_email', 'ไม่มีอีเมล: บุคคลนี้จะเข้าสู่ระบบไม่ได้จนกว่าจะเพิ่มอีเมล', 'No e-mail address: this person cannot sign in until one is added.'));
    }

    const lineUserId = values.lineUserId || null;
    if (lineUserId && !LINE_USER_ID.test(lineUserId)) {
      problems.push(
        error('bad_line_id', 'LINE user ID ต้องขึ้นต้นด้วย U ตามด้วยอักขระ 0-9 a-f 32 ตัว', 'A LINE user ID is U followed by 32 characters 0-9 a-f.'),
      );
    }

    let unit: ImportUnit | undefined;
    if (values.division) {
      unit = findUnit(values.division, ctx);
      if (!unit) {
        problems.push(
          error('unknown_division', `ไม่พบกอง/สำนัก "${values.division}" ในองค์กร`, `No division "${values.division}" in this organisation.`),
        );
      }
    }
    let section = sectionText;
    if (sectionText && unit) {
      const known = findSection(unit, sectionText, ctx);
      if (known) section = known;
      else {
        problems.push(
          warning('unknown_section', `ไม่พบงาน "${sectionText}" ใน${unit.nameTh} จะบันทึกตามที่เขียน`, `No section "${sectionText}" in ${unit.nameEn}; it is stored as written.`),
        );
      }
    }

    const roles: ImportedRole[] = [];
    for (const parsed of parseRoles(values.roles)) {
      if (!parsed.role) {
        problems.push(error('unknown_role', `ไม่รู้จักบทบาท "${parsed.text}"`, `Unknown role "${parsed.text}".`));
        continue;
      }
      if (roles.some((r) => r.role === parsed.role!.role)) continue;
      if (UNIT_ROLES.has(parsed.role.role) && !unit) {
        problems.push(
          error('role_needs_unit', `บทบาท "${parsed.text}" ต้องระบุกอง/สำนัก`, `The role "${parsed.text}" needs the person's division.`),
        );
      }
      roles.push(parsed.role);
    }

    const person: ImportedPerson | undefined = problems.some((p) => p.severity === 'error')
      ? undefined
      : { fullName, positionTitle, unitId: unit?.id ?? null, section, email, lineUserId, roles };
    return { line: row.line, values, ...(person ? { person } : {}), problems };
  });
}

/**
 * A CSV file's rows: RFC 4180 quoting (commas, quotes and line breaks inside quotes), a comma or semicolon as the
 * separator (Excel in some locales writes semicolons), and a UTF-8 byte-order mark ignored.
 */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

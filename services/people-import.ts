import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { PoolClient } from 'pg';
import { inTransaction } from '../db/pool';
import { findOrganizationById } from '../db/queries/organizations';
import * as peopleRows from '../db/queries/people';
import * as roleRows from '../db/queries/roles';
import * as unitRows from '../db/queries/units';
import {
  checkImportRows,
  parseCsv,
  readImportTable,
  type CheckedRow,
  type ImportColumn,
  type ImportProblem,
  type ImportTable,
  ROLE_TEMPLATE_WORDS,
  TEMPLATE_HEADER,
} from '../domain/people-import';
import { bangkokDate } from '../domain/fiscal';
import { rolesImportedMessage } from '../domain/messages';
import { unitsOfOrganization } from '../domain/units';
import type { Role } from '../domain/roles';
import { auditAdminChange, type AdminDeps, type Administrator } from './admin';
import { AppError } from './errors';
import { deliverOutbox, enqueueMessage, formOfAddress } from './outbox';

/**
 * Importing an organisation's people from XLSX or CSV in two steps: `previewPeopleImport` reads the file and checks
 * every row (domain/people-import.ts) without writing anything; `confirmPeopleImport` checks the same rows again
 * against the organisation as it is now and stores all of them, people, roles and audit rows, in one transaction,
 * or none. What is confirmed is the previewed table itself, signed for the administrator's session, so it is
 * exactly what they saw.
 */

/** A spreadsheet of an organisation's people is small; this bounds what a mistaken upload costs to read. */
export const MAX_IMPORT_ROWS = 2_000;
const COLUMNS: ImportColumn[] = ['fullName', 'positionTitle', 'division', 'section', 'email', 'lineUserId', 'roles'];

export interface ImportFile {
  fileName: string;
  bytes: Buffer;
}

export interface PeoplePreview {
  fileName: string;
  rows: CheckedRow[];
  /** A problem with the file as a whole (no header, not a spreadsheet); then there are no rows. */
  fileProblem?: ImportProblem;
  errors: number;
  warnings: number;
  /** The rows as read, to confirm with; only when no row has an error. */
  confirmable?: { table: string; signature: string };
}

const unusable = (th: string, en: string): ImportProblem => ({ severity: 'error', code: 'unusable_file', th, en });

function xlsxCellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  // A hyperlinked address (mailto:) shows its text; a formula its last result.
  if (typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text;
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  return cell.text;
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const lines: string[][] = [];
  for (let r = 1; r <= Math.min(sheet.rowCount, MAX_IMPORT_ROWS + 20); r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(xlsxCellText(row.getCell(c)));
    lines.push(cells);
  }
  return lines;
}

/** UTF-8 as Excel's "CSV UTF-8" writes it; a Thai Windows Excel's plain CSV is Windows-874 (TIS-620) instead. */
function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-874').decode(bytes);
  }
}

async function readLines(file: ImportFile): Promise<string[][] | ImportProblem> {
  const isZip = file.bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const name = file.fileName.toLowerCase();
  if (isZip || name.endsWith('.xlsx')) {
    try {
      return await readXlsx(file.bytes);
    } catch {
      return unusable('เปิดไฟล์ Excel นี้ไม่ได้ กรุณาบันทึกเป็น .xlsx หรือ .csv แล้วลองอีกครั้ง', 'This Excel file cannot be read; save it as .xlsx or .csv and try again.');
    }
  }
  if (name.endsWith('.xls') || file.bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return unusable('ไฟล์ .xls รุ่นเก่าอ่านไม่ได้ กรุณาบันทึกเป็น .xlsx หรือ .csv', 'Old .xls files cannot be read; save it as .xlsx or .csv.');
  }
  if (file.bytes.includes(0)) return unusable('ไฟล์นี้ไม่ใช่ตาราง XLSX หรือ CSV', 'This file is not an XLSX or CSV table.');
  return parseCsv(decodeCsv(file.bytes));
}

/** One query after another: inside the confirming transaction they share one client. */
async function contextOf(db: AdminDeps['pool'] | PoolClient, admin: Administrator) {
  const units = await unitRows.listUnits(db, admin.organizationId);
  const existingEmails = await peopleRows.listOrganizationEmails(db, admin.organizationId);
  const importerEmail = await peopleRows.findPersonEmail(db, admin.personId);
  const organization = await findOrganizationById(db, admin.organizationId);
  return { units, existingEmails, importerEmail, structure: unitsOfOrganization(organization?.slug) };
}

function signTable(secret: string, scope: string, table: string): string {
  return createHmac('sha256', secret).update(`people-import\n${scope}\n${table}`).digest('base64url');
}

function summarise(fileName: string, rows: CheckedRow[], confirm?: { secret: string; scope: string; table: string }): PeoplePreview {
  const errors = rows.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'error').length, 0);
  const warnings = rows.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'warning').length, 0);
  return {
    fileName,
    rows,
    errors,
    warnings,
    ...(errors === 0 && rows.length > 0 && confirm ? { confirmable: { table: confirm.table, signature: signTable(confirm.secret, confirm.scope, confirm.table) } } : {}),
  };
}

/** The previewed rows in a form that reads back into the same table: one array of cells per row, with its line. */
function serialise(rows: CheckedRow[]): string {
  return JSON.stringify(rows.map((r) => [r.line, ...COLUMNS.map((c) => r.values[c])]));
}

function deserialise(table: string): ImportTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(table);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((r) => Array.isArray(r) && typeof r[0] === 'number' && r.slice(1).every((c: unknown) => typeof c === 'string'))) {
    throw new AppError('VALIDATION_FAILED', 'ข้อมูลนำเข้าไม่ถูกต้อง กรุณาอัปโหลดไฟล์อีกครั้ง', 'The import data is not valid; please upload the file again.');
  }
  return {
    columns: Object.fromEntries(COLUMNS.map((c, i) => [c, i])),
    rows: (parsed as Array<[number, ...string[]]>).map(([line, ...cells]) => ({ line, cells })),
  };
}

/**
 * Reads and checks the file; writes nothing. `signing` binds the confirmable table to the administrator's session
 * (the caller's secret and a scope naming the session).
 */
export async function previewPeopleImport(
  deps: AdminDeps,
  admin: Administrator,
  file: ImportFile,
  signing: { secret: string; scope: string },
): Promise<PeoplePreview> {
  const lines = await readLines(file);
  if (!Array.isArray(lines)) return { fileName: file.fileName, rows: [], fileProblem: lines, errors: 1, warnings: 0 };
  const read = readImportTable(lines);
  if ('problem' in read) return { fileName: file.fileName, rows: [], fileProblem: read.problem, errors: 1, warnings: 0 };
  if (read.table.rows.length > MAX_IMPORT_ROWS) {
    const problem = unusable(`ไฟล์มีเกิน ${MAX_IMPORT_ROWS} แถว กรุณาแบ่งนำเข้าทีละส่วน`, `The file has more than ${MAX_IMPORT_ROWS} rows; import it in parts.`);
    return { fileName: file.fileName, rows: [], fileProblem: problem, errors: 1, warnings: 0 };
  }
  if (read.table.rows.length === 0) {
    const problem = unusable('ไม่มีแถวข้อมูลใต้หัวตาราง', 'There are no rows under the header.');
    return { fileName: file.fileName, rows: [], fileProblem: problem, errors: 1, warnings: 0 };
  }
  const rows = checkImportRows(read.table, await contextOf(deps.pool, admin));
  return summarise(file.fileName, rows, { ...signing, table: serialise(rows) });
}

export type ConfirmOutcome = { stored: true; people: number; roles: number } | { stored: false; preview: PeoplePreview };

/**
 * Stores the previewed rows: checked again inside the transaction, under a lock on the organisation (two imports
 * at once would each see the other's addresses as free). A row that no longer passes (an address someone took
 * meanwhile) returns the preview with its problem, and nothing is stored.
 */
export async function confirmPeopleImport(
  deps: AdminDeps,
  admin: Administrator,
  confirmed: { fileName: string; table: string; signature: string },
  signing: { secret: string; scope: string },
): Promise<ConfirmOutcome> {
  const outcome = await storeImport(deps, admin, confirmed, signing);
  if (outcome.stored && deps.notices && outcome.noticeKeys.length) await deliverOutbox(deps.pool, deps.notices.channels, outcome.noticeKeys);
  return outcome.stored ? { stored: true, people: outcome.people, roles: outcome.roles } : outcome;
}

/** Whoever holds the นายก's or the auditor's role once the import is in (people it adds included). */
const TOLD_OF_ROLE_GRANTS = ['mayor', 'auditor'] as const;

/**
 * One message per นายก and auditor listing every role the import granted, written in the import's transaction (as
 * services/admin.ts does for a single grant); answers the outbox keys to deliver after the commit.
 */
async function enqueueRolesImportedNotices(
  deps: AdminDeps,
  tx: PoolClient,
  admin: Administrator,
  imported: { importId: string; people: number; grants: Array<{ person: string; role: Role; acting: boolean }> },
): Promise<string[]> {
  if (!deps.notices || !imported.grants.length) return [];
  const today = bangkokDate(Date.now());
  const recipientIds = new Set<number>();
  for (const role of TOLD_OF_ROLE_GRANTS) {
    for (const id of await peopleRows.listRoleHolders(tx, { organizationId: admin.organizationId, role, onDate: today })) recipientIds.add(id);
  }
  const recipients = await peopleRows.findPeopleByIds(tx, [...recipientIds]);
  const administrator = (await peopleRows.findPeopleNames(tx, [admin.personId])).get(admin.personId) ?? `#${admin.personId}`;
  const organization = await findOrganizationById(tx, admin.organizationId);
  const link = `${deps.notices.publicBaseUrl.replace(/\/+$/, '')}/dashboard`;
  const keys: string[] = [];
  for (const person of recipients) {
    const key = `roles-imported:${imported.importId}:${person.id}`;
    await enqueueMessage(tx, {
      idempotencyKey: key,
      organizationId: admin.organizationId,
      person,
      content: rolesImportedMessage({
        recipient: formOfAddress(person),
        organization: organization?.name ?? '',
        administrator,
        people: imported.people,
        grants: imported.grants,
        importedOn: today,
        link,
      }),
      links: [link],
      channels: deps.notices.channels,
    });
    keys.push(key);
  }
  return keys;
}

async function storeImport(
  deps: AdminDeps,
  admin: Administrator,
  confirmed: { fileName: string; table: string; signature: string },
  signing: { secret: string; scope: string },
): Promise<{ stored: true; people: number; roles: number; noticeKeys: string[] } | { stored: false; preview: PeoplePreview }> {
  const expected = Buffer.from(signTable(signing.secret, signing.scope, confirmed.table));
  const given = Buffer.from(confirmed.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AppError('FORBIDDEN', 'ข้อมูลนำเข้าไม่ตรงกับที่ตรวจสอบไว้ กรุณาอัปโหลดไฟล์อีกครั้ง', 'The import does not match the preview; please upload the file again.');
  }
  const table = deserialise(confirmed.table);
  return inTransaction(deps.pool, async (tx) => {
    await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [admin.organizationId]);
    const rows = checkImportRows(table, await contextOf(tx, admin));
    if (rows.some((r) => !r.person)) return { stored: false as const, preview: summarise(confirmed.fileName, rows) };
    const importId = randomUUID();
    let roleCount = 0;
    const grants: Array<{ person: string; role: Role; acting: boolean }> = [];
    const audit = (entry: { action: string; entityType: string; entityId: string | number; after: unknown }) =>
      auditAdminChange(deps, tx, admin, { ...entry, before: null });
    for (const row of rows) {
      const { roles, ...person } = row.person!;
      const personId = await peopleRows.insertImportedPerson(tx, admin.organizationId, { ...person, active: true });
      if (personId === undefined) {
        throw new AppError('CONFLICT', `อีเมลในแถวที่ ${row.line} มีผู้ใช้อยู่แล้วในองค์กร`, `The e-mail address in row ${row.line} is already someone's in this organisation.`);
      }
      await audit({ action: 'person_added', entityType: 'person', entityId: personId, after: { ...person, importId, line: row.line } });
      for (const role of roles) {
        const assigned = {
          personId,
          role: role.role,
          unitId: role.role === 'unit_head' || role.role === 'owner' ? person.unitId : null,
          acting: role.acting,
          validFrom: null,
          validTo: null,
        };
        const id = await roleRows.insertRoleAssignment(tx, { organizationId: admin.organizationId, ...assigned });
        await audit({ action: 'role_assigned', entityType: 'role_assignment', entityId: id, after: { ...assigned, importId } });
        roleCount++;
        grants.push({ person: person.fullName, role: role.role, acting: role.acting });
      }
    }
    await audit({
      action: 'people_imported',
      entityType: 'organization',
      entityId: admin.organizationId,
      after: { importId, fileName: confirmed.fileName, people: rows.length, roles: roleCount },
    });
    const noticeKeys = await enqueueRolesImportedNotices(deps, tx, admin, { importId, people: rows.length, grants });
    return { stored: true as const, people: rows.length, roles: roleCount, noticeKeys };
  });
}

/**
 * An XLSX to fill in: the header row the import reads (Thai names, which it knows), one example row, and a second
 * sheet with the organisation's divisions and the role words, so what is typed is what the import recognises.
 */
export async function peopleImportTemplate(deps: Pick<AdminDeps, 'pool'>, organizationId: number): Promise<Buffer> {
  const units = await unitRows.listUnits(deps.pool, organizationId);
  const workbook = new ExcelJS.Workbook();
  const people = workbook.addWorksheet('บุคลากร');
  people.addRow(TEMPLATE_HEADER.map((h) => h.th)).font = { bold: true };
  people.addRow(['นางสาวตัวอย่าง ใจดี', 'นักวิชาการเงินและบัญชี', 'กองคลัง', 'งานการเงินและบัญชี', 'example@org.example', '', 'ผู้รับผิดชอบรายการ']);
  people.columns.forEach((column) => {
    column.width = 28;
  });
  const help = workbook.addWorksheet('คำอธิบาย');
  help.addRow(['กอง / division', 'บทบาท', 'role']).font = { bold: true };
  for (let i = 0; i < Math.max(units.length, ROLE_TEMPLATE_WORDS.length); i++) {
    const unit = units[i];
    const role = ROLE_TEMPLATE_WORDS[i];
    help.addRow([unit ? unit.nameTh : '', role ? role.th : '', role ? role.role : '']);
  }
  help.addRow([]);
  help.addRow(['ลบแถวตัวอย่างก่อนนำเข้า บทบาทหลายบทบาทคั่นด้วยจุลภาค รักษาราชการแทน: เช่น "ปลัด (รักษาราชการแทน)"']);
  help.addRow(['Delete the example row before importing; separate several roles with commas; acting: e.g. "palad (acting)".']);
  help.columns.forEach((column) => {
    column.width = 40;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

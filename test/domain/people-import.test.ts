import { checkImportRows, parseCsv, parseRoles, readImportTable, type ImportContext, type ImportTable } from '../../domain/people-import';
import { SELF_GRANT_MESSAGE } from '../../domain/duties';

const UNITS = [
  { id: 11, key: 'office-of-palad', nameTh: 'สำนักปลัด', nameEn: 'Office of the Permanent Secretary' },
  { id: 12, key: 'finance', nameTh: 'กองคลัง', nameEn: 'Finance Division' },
];
const CONTEXT: ImportContext = { units: UNITS, existingEmails: new Set(['taken@org.example']), importerEmail: 'admin@org.example' };

function table(lines: string[][]): ImportTable {
  const read = readImportTable(lines);
  if ('problem' in read) throw new Error(read.problem.en);
  return read.table;
}

const HEADER = ['ชื่อ-นามสกุล', 'ตำแหน่ง', 'กอง', 'งาน', 'อีเมล', 'LINE', 'บทบาท'];
const codes = (lines: string[][]) => checkImportRows(table([HEADER, ...lines]), CONTEXT).map((r) => r.problems.map((p) => p.code));

describe('parseCsv', () => {
  test('quotes, doubled quotes, line breaks inside quotes, CRLF and a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,"b, c","say ""hi"""\r\n"two\nlines",x,\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['two\nlines', 'x', ''],
    ]);
  });

  test('semicolons when the header uses them', () => {
    expect(parseCsv('name;email\nสมชาย;s@x.example')).toEqual([
      ['name', 'email'],
      ['สมชาย', 's@x.example'],
    ]);
  });
});

describe('readImportTable', () => {
  test('finds the header below title rows, in English too, and skips empty rows', () => {
    const read = table([['รายชื่อบุคลากร'], [], ['Name', 'E-mail', 'Roles'], ['A', 'a@x.example', 'owner'], ['', '', '']]);
    expect(read.columns).toEqual({ fullName: 0, email: 1, roles: 2 });
    expect(read.rows).toEqual([{ line: 4, cells: ['A', 'a@x.example', 'owner'] }]);
  });

  test('a file without a name column is refused in Thai and English', () => {
    const read = readImportTable([['email'], ['a@x.example']]);
    expect(read).toEqual({ problem: expect.objectContaining({ code: 'no_header', th: expect.stringContaining('ชื่อ-นามสกุล'), en: expect.stringContaining('name') }) });
  });
});

describe('parseRoles', () => {
  test('Thai and English names, acting, and unknown words kept for the message', () => {
    expect(parseRoles('ผู้รับผิดชอบรายการ, ปลัด (รักษาราชการแทน); unit_head, chief')).toEqual([
      { text: 'ผู้รับผิดชอบรายการ', role: { role: 'owner', acting: false } },
      { text: 'ปลัด (รักษาราชการแทน)', role: { role: 'palad', acting: true } },
      { text: 'unit_head', role: { role: 'unit_head', acting: false } },
      { text: 'chief' },
    ]);
  });
});

describe('checkImportRows', () => {
  test('a good row becomes a person with the unit, the structure’s section name and roles', () => {
    const [row] = checkImportRows(table([HEADER, ['นายก ข', 'นักวิชาการเงินและบัญชี', 'กองคลัง', 'การเงินและบัญชี', 'Good@Org.example', `U${'a'.repeat(32)}`, 'ผู้รับผิดชอบรายการ']]), CONTEXT);
    expect(row!.problems).toEqual([]);
    expect(row!.person).toEqual({
      fullName: 'นายก ข',
      positionTitle: 'นักวิชาการเงินและบัญชี',
      unitId: 12,
      section: 'งานการเงินและบัญชี',
      email: 'good@org.example',
      lineUserId: `U${'a'.repeat(32)}`,
      roles: [{ role: 'owner', acting: false }],
    });
  });

  test('every problem of a row is named, and a row with an error stores no person', () => {
    expect(codes([['', '', 'กองบิน', '', 'not-an-address', 'line-id', 'chief, owner']])).toEqual([
      ['no_name', 'bad_email', 'bad_line_id', 'unknown_division', 'unknown_role', 'role_needs_unit'],
    ]);
    const [row] = checkImportRows(table([HEADER, ['x', '', '', '', 'bad', '', '']]), CONTEXT);
    expect(row!.person).toBeUndefined();
  });

  test('addresses: taken in the organisation, repeated in the file, or the importer’s own (a self-grant)', () => {
    expect(codes([['A', '', '', '', 'taken@org.example', '', ''], ['B', '', '', '', 'b@org.example', '', ''], ['C', '', '', '', 'B@org.example', '', ''], ['D', '', '', '', 'admin@org.example', '', 'admin']])).toEqual([
      ['email_taken'],
      [],
      ['duplicate_email'],
      ['self_grant'],
    ]);
    const [row] = checkImportRows(table([HEADER, ['D', '', '', '', 'admin@org.example', '', 'admin']]), CONTEXT);
    expect(row!.problems[0]).toMatchObject({ th: SELF_GRANT_MESSAGE.th, en: SELF_GRANT_MESSAGE.en });
  });

  test('warnings do not stop a row: no e-mail, a section the division does not have', () => {
    const [row] = checkImportRows(table([HEADER, ['A', '', 'สำนักปลัด', 'งานสวนสนุก', '', '', '']]), CONTEXT);
    expect(row!.problems.map((p) => [p.severity, p.code])).toEqual([
      ['warning', 'no_email'],
      ['warning', 'unknown_section'],
    ]);
    expect(row!.person).toMatchObject({ unitId: 11, section: 'งานสวนสนุก', email: null });
  });

  test('control characters in a cell are an error, in Thai and English', () => {
    const [row] = checkImportRows(table([HEADER, ['A\u0000', '', '', '', 'a@org.example', '', '']]), CONTEXT);
    expect(row!.problems).toEqual([expect.objectContaining({ code: 'bad_text', th: expect.stringMatching(/^ชื่อ-นามสกุล: /), en: expect.stringMatching(/^Name: /) })]);
  });
});

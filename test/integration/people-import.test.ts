import ExcelJS from 'exceljs';
import { auditKeyFrom, reconcileWithAudit, verifyAuditChain } from '../../db/audit';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * People imported from XLSX and CSV through the admin pages, on a real database: the preview names every row's
 * problem and stores nothing; the confirmation stores every row with its roles and audit rows in one transaction,
 * or, when the organisation changed meanwhile or the previewed table was altered, nothing.
 */

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('people-import');
});

afterAll(async () => {
  await sys?.close();
});

const HEADER = ['ชื่อ-นามสกุล', 'ตำแหน่ง', 'กอง', 'งาน', 'อีเมล', 'LINE id', 'บทบาท'];
const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;

async function xlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('บุคลากร');
  sheet.addRow(['รายชื่อบุคลากรสำหรับระบบสุจริต']);
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  // An address typed into Excel usually becomes a mailto: hyperlink.
  const first = sheet.getRow(3).getCell(5);
  if (first.text) first.value = { text: first.text, hyperlink: `mailto:${first.text}` };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function csrf(cookie: string): Promise<string> {
  const page = await sys.app.inject({ url: '/admin/people/import', headers: { cookie } });
  expect(page.statusCode).toBe(200);
  return /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
}

async function upload(file: { name: string; bytes: Buffer; type: string }, cookie = sys.cookieFor('coordinator')) {
  const token = await csrf(cookie);
  const boundary = '----people-import-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return sys.app.inject({
    method: 'POST',
    url: '/admin/people/import',
    headers: { cookie, origin: sys.origin, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

function confirmFields(body: string) {
  const field = (name: string) => {
    const raw = new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1];
    return raw === undefined ? undefined : raw.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  };
  return { csrf: field('csrf')!, fileName: field('fileName'), table: field('table'), signature: field('signature') };
}

function confirm(fields: Record<string, string>, cookie = sys.cookieFor('coordinator')) {
  return sys.app.inject({
    method: 'POST',
    url: '/admin/people/import/confirm',
    headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

async function peopleCount(): Promise<number> {
  return (await sys.db.pool.query('SELECT count(*)::int AS n FROM people WHERE organization_id = $1', [sys.organizationId])).rows[0].n;
}

const GOOD_ROWS = [
  ['นางสาวมาลี ใจงาม', 'นักวิชาการเงินและบัญชี', 'กองคลัง', 'งานการเงินและบัญชี', 'malee@import.example', LINE_ID, 'ผู้รับผิดชอบรายการ'],
  ['นายสมพงษ์ ช่างคิด', 'ผู้อำนวยการกองช่าง', 'กองช่าง', '', 'sompong@import.example', '', 'หัวหน้าส่วนราชการ, ผู้รับผิดชอบรายการ'],
  ['นางวันดี มีสุข', 'เจ้าพนักงานธุรการ', 'สำนักปลัด', 'งานสารบรรณพิเศษ', '', '', ''],
];

test('a file with problems: every row is shown with its problems in Thai and English, and nothing is stored', async () => {
  const before = await peopleCount();
  const auditBefore = (await sys.db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
  const response = await upload({
    name: 'people.xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: await xlsx([
      ...GOOD_ROWS,
      ['', 'ไม่มีชื่อ', '', '', 'noname@import.example', '', ''],
      ['นายซ้ำ อีเมล', '', '', '', 'MALEE@import.example', '', ''],
      ['นายมี แล้ว', '', '', '', sys.people.legal!.email, '', ''],
      ['นายกอง ไม่มี', '', 'กองอวกาศ', '', 'space@import.example', 'not-a-line-id', 'ผู้วิเศษ, หัวหน้าส่วนราชการ'],
      ['ผู้ดูแล เอง', '', '', '', sys.people.coordinator!.email, '', 'ผู้ดูแลระบบ'],
    ]),
  });
  expect(response.statusCode).toBe(200);
  for (const text of [
    'ไม่มีชื่อ-นามสกุล',
    'The name is missing.',
    'อีเมลซ้ำกับแถวที่ 3',
    'The same e-mail address as row 3.',
    'อีเมลนี้มีผู้ใช้อยู่แล้วในองค์กร',
    'ไม่พบกอง/สำนัก',
    'LINE user ID ต้องขึ้นต้นด้วย U',
    'ไม่รู้จักบทบาท',
    'ต้องระบุกอง/สำนัก',
    'ผู้ดูแลระบบกำหนดบทบาทหรือรับมอบอำนาจให้ตนเองไม่ได้',
    'An administrator cannot grant a role or a delegation to themselves',
    'ไม่มีอีเมล',
    'ไม่พบงาน',
    'ยังไม่ได้บันทึกข้อมูลใด',
  ]) {
    expect(response.body).toContain(text);
  }
  // The Thai wording comes before its English line.
  expect(response.body.indexOf('ไม่มีชื่อ-นามสกุล')).toBeLessThan(response.body.indexOf('The name is missing.'));
  expect(response.body).not.toContain('action="/admin/people/import/confirm"');
  expect(await peopleCount()).toBe(before);
  expect((await sys.db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(auditBefore);
});

test('a clean XLSX is previewed, then confirmed: all people, roles and audit rows in one go', async () => {
  const before = await peopleCount();
  const preview = await upload({ name: 'people.xlsx', type: 'application/octet-stream', bytes: await xlsx(GOOD_ROWS) });
  expect(preview.statusCode).toBe(200);
  expect(preview.body).toContain('ยืนยันนำเข้า 3 คน');
  expect(await peopleCount()).toBe(before);

  const stored = await confirm(confirmFields(preview.body) as Record<string, string>);
  expect(stored.statusCode).toBe(303);
  expect(stored.headers.location).toBe('/admin?done=imported&people=3');
  const { rows } = await sys.db.pool.query(
    `SELECT p.full_name, p.section, p.line_user_id, u.key AS unit,
            array(SELECT ra.role || coalesce(':' || ru.key, '') FROM role_assignments ra LEFT JOIN units ru ON ru.id = ra.unit_id
                  WHERE ra.person_id = p.id ORDER BY ra.role) AS roles
     FROM people p LEFT JOIN units u ON u.id = p.unit_id WHERE p.organization_id = $1 AND p.email LIKE '%@import.example' OR p.full_name = 'นางวันดี มีสุข'
     ORDER BY p.id`,
    [sys.organizationId],
  );
  expect(rows).toEqual([
    { full_name: 'นางสาวมาลี ใจงาม', section: 'งานการเงินและบัญชี', line_user_id: LINE_ID, unit: 'finance', roles: ['owner:finance'] },
    { full_name: 'นายสมพงษ์ ช่างคิด', section: '', line_user_id: null, unit: 'public-works', roles: ['owner:public-works', 'unit_head:public-works'] },
    { full_name: 'นางวันดี มีสุข', section: 'งานสารบรรณพิเศษ', line_user_id: null, unit: 'office-of-palad', roles: [] },
  ]);
  const audit = await sys.db.pool.query(
    "SELECT action, count(*)::int AS n FROM audit_log WHERE after->>'importId' IS NOT NULL GROUP BY action ORDER BY action",
  );
  expect(audit.rows).toEqual([
    { action: 'people_imported', n: 1 },
    { action: 'person_added', n: 3 },
    { action: 'role_assigned', n: 3 },
  ]);
  expect((await verifyAuditChain(sys.db.pool, auditKeyFrom(sys.config))).ok).toBe(true);
  expect(await reconcileWithAudit(sys.db.pool)).toEqual([]);

  // The นายก and the auditor are told of every role the import granted, in one message each, Thai first.
  const { rows: notices } = await sys.db.pool.query(
    "SELECT person_id, channel, subject, body_text, status FROM outbox WHERE idempotency_key LIKE 'roles-imported:%' ORDER BY person_id, channel",
  );
  const told = [sys.people.mayor!.id, sys.people.auditor!.id].sort((a, b) => a - b);
  expect(notices.map((n) => [n.person_id, n.channel])).toEqual(told.flatMap((id) => [[id, 'email'], [id, 'inbox']]));
  for (const notice of notices) {
    expect(notice.status).toBe('sent');
    expect(notice.subject).toMatch(/^มีการนำเข้าบุคลากร .+ \/ People imported: 3 people with 3 roles$/);
    expect(notice.body_text).toContain('นายสมพงษ์ ช่างคิด: หัวหน้าส่วนราชการ');
    expect(notice.body_text.indexOf('นายสมพงษ์ ช่างคิด: หัวหน้าส่วนราชการ')).toBeLessThan(notice.body_text.indexOf('Head of division'));
  }

  const page = await sys.app.inject({ url: '/admin?done=imported', headers: { cookie: sys.cookieFor('coordinator') } });
  expect(page.body).toContain('นำเข้าบุคลากรแล้ว');
  expect(page.body).toContain('กองคลัง · งานการเงินและบัญชี');

  // The same confirmation again stores nothing more: the addresses are taken now.
  const again = await confirm(confirmFields(preview.body) as Record<string, string>);
  expect(again.statusCode).toBe(409);
  expect(again.body).toContain('อีเมลนี้มีผู้ใช้อยู่แล้วในองค์กร');
  expect(await peopleCount()).toBe(before + 3);
});

test('a CSV from Thai Windows Excel (Windows-874) reads the same', async () => {
  const text = `${HEADER.join(',')}\r\nนายซีเอสวี ทดสอบ,นิติกร,สำนักปลัด,งานกฎหมายและคดี,csv@import.example,,"ผู้รับผิดชอบรายการ"\r\n`;
  const bytes = Buffer.from(new Uint8Array([...text].map((ch) => (ch.charCodeAt(0) >= 0x0e01 && ch.charCodeAt(0) <= 0x0e5b ? ch.charCodeAt(0) - 0x0e00 + 0xa0 : ch.charCodeAt(0)))));
  const preview = await upload({ name: 'people.csv', type: 'text/csv', bytes });
  expect(preview.statusCode).toBe(200);
  expect(preview.body).toContain('นายซีเอสวี ทดสอบ');
  expect(preview.body).toContain('งานกฎหมายและคดี');
  expect(preview.body).toContain('ยืนยันนำเข้า 1 คน');
});

test('an address taken between preview and confirmation: nothing of the import is stored', async () => {
  const rows = [
    ['นายหนึ่ง ก่อน', '', 'กองคลัง', '', 'one@race.example', '', 'ผู้รับผิดชอบรายการ'],
    ['นายสอง หลัง', '', 'กองคลัง', '', 'two@race.example', '', ''],
  ];
  const preview = await upload({ name: 'race.xlsx', type: 'application/octet-stream', bytes: await xlsx(rows) });
  expect(preview.body).toContain('ยืนยันนำเข้า 2 คน');
  await sys.db.pool.query("INSERT INTO people (organization_id, full_name, email) VALUES ($1, 'คนอื่น', 'two@race.example')", [sys.organizationId]);
  const before = await peopleCount();
  const response = await confirm(confirmFields(preview.body) as Record<string, string>);
  expect(response.statusCode).toBe(409);
  expect(response.body).toContain('ยังไม่ได้บันทึกข้อมูลใด');
  expect(await peopleCount()).toBe(before);
  expect((await sys.db.pool.query("SELECT 1 FROM people WHERE email = 'one@race.example'")).rowCount).toBe(0);
});

test('an altered table, another session’s preview, or a non-administrator is refused', async () => {
  const preview = await upload({ name: 'people.xlsx', type: 'application/octet-stream', bytes: await xlsx([['นายแก้ ไข', '', '', '', 'edit@import.example', '', '']]) });
  const fields = confirmFields(preview.body) as Record<string, string>;
  const altered = await confirm({ ...fields, table: fields.table!.replace('edit@import.example', 'evil@import.example') });
  expect(altered.statusCode).toBe(403);
  const otherSession = await sys.newSessionCookie(sys.people.coordinator!.id);
  const otherCsrf = await csrf(otherSession);
  expect((await confirm({ ...fields, csrf: otherCsrf }, otherSession)).statusCode).toBe(403);
  expect((await sys.db.pool.query("SELECT 1 FROM people WHERE email LIKE '%edit@import.example' OR email LIKE 'evil@%'")).rowCount).toBe(0);

  const owner = await sys.app.inject({ url: '/admin/people/import', headers: { cookie: sys.cookieFor('legal'), accept: 'application/json' } });
  expect(owner.statusCode).toBe(403);
});

test('not a spreadsheet, or no header: the file is refused in Thai and English', async () => {
  const binary = await upload({ name: 'photo.csv', type: 'text/csv', bytes: Buffer.from([0xff, 0xd8, 0x00, 0x01]) });
  expect(binary.statusCode).toBe(400);
  expect(binary.body).toContain('ไฟล์นี้ไม่ใช่ตาราง XLSX หรือ CSV');
  const noHeader = await upload({ name: 'x.csv', type: 'text/csv', bytes: Buffer.from('email\na@x.example\n') });
  expect(noHeader.statusCode).toBe(400);
  expect(noHeader.body).toContain('ไม่พบแถวหัวตาราง');
  expect(noHeader.body).toContain('No header row');
  const broken = await upload({ name: 'x.xlsx', type: 'application/octet-stream', bytes: Buffer.from('PK\u0003\u0004 not a workbook') });
  expect(broken.statusCode).toBe(400);
  expect(broken.body).toContain('เปิดไฟล์ Excel นี้ไม่ได้');
});

test('the XLSX template names the columns and the organisation’s divisions and roles, and reads back clean', async () => {
  const response = await sys.app.inject({ url: '/admin/people/import/template.xlsx', headers: { cookie: sys.cookieFor('coordinator') } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-disposition']).toContain('attachment');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const [people, help] = workbook.worksheets;
  expect(people!.getRow(1).values).toEqual([undefined, ...HEADER.slice(0, 5), 'LINE', 'บทบาท']);
  const helpText = JSON.stringify(help!.getSheetValues());
  for (const text of ['กองคลัง', 'สำนักปลัด', 'หัวหน้าส่วนราชการ', 'unit_head', 'ผู้รับผิดชอบรายการ']) expect(helpText).toContain(text);

  people!.getRow(2).getCell(5).value = 'template@import.example';
  const preview = await upload({ name: 'template.xlsx', type: 'application/octet-stream', bytes: Buffer.from(await workbook.xlsx.writeBuffer()) });
  expect(preview.statusCode).toBe(200);
  expect(preview.body).toContain('ยืนยันนำเข้า 1 คน');
  expect((await sys.app.inject({ url: '/admin/people/import/template.xlsx', headers: { cookie: sys.cookieFor('legal'), accept: 'application/json' } })).statusCode).toBe(403);
});

test('a large organisation’s file (1,000 people) is previewed and confirmed in one go', async () => {
  const before = await peopleCount();
  const rows = Array.from({ length: 1000 }, (_, i) => [
    `นางสาวบุคลากร ลำดับที่${i + 1} นามสกุลยาวพอสมควร`,
    'นักวิชาการเงินและบัญชีชำนาญการพิเศษ',
    'กองคลัง',
    'งานการเงินและบัญชี',
    `staff${i + 1}@large.example`,
    '',
    'ผู้รับผิดชอบรายการ',
  ]);
  const preview = await upload({ name: 'large.xlsx', type: 'application/octet-stream', bytes: await xlsx(rows) });
  expect(preview.statusCode).toBe(200);
  expect(preview.body).toContain('ยืนยันนำเข้า 1000 คน');
  const stored = await confirm(confirmFields(preview.body) as Record<string, string>);
  expect(stored.statusCode).toBe(303);
  expect(await peopleCount()).toBe(before + 1000);
}, 60_000);

import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { DAY_MS } from '../../domain/fiscal';
import { stateQuery, type ItemYearState } from '../../workflows/item-year/messages';
import {
  DECISION_LINK,
  DESKTOP,
  PHONE,
  SIGN_IN_LINK,
  horizontalOverflow,
  linkMailedTo,
  screenshot,
  signInByEmail,
  startBrowserSystem,
  type BrowserSystem,
} from '../support/browser';
import { decideThroughLink, eventually } from '../support/system';

/**
 * The web application in a real headless Chromium against the whole system (Temporal, PostgreSQL, the worker, SMTP):
 * an owner signs in by e-mailed link and completes steps with evidence, approvers decide from the e-mailed link and
 * from their own list, the coordinator's dashboard follows, and refusals are Thai pages. The plan's day 0 lies 40
 * real days back, so proposals are overdue and execution steps are weeks ahead; no reminder falls due during a run.
 */

const FY = 2570;
const ITEMS = ['1.1', '1.6', '4.1', '2.14'];
// A 1x1 PNG and a minimal PDF: evidence is checked by its bytes, not only by its name.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

// Each test drives a browser through workflows on a real Temporal server.
jest.setTimeout(180_000);

let sys: BrowserSystem;
let owner: Page;
let coordinator: Page;

function workflowId(code: string): string {
  return `item-year:${sys.organizationSlug}:${sys.planId}:${code}:${FY}`;
}

async function stateOf(code: string): Promise<ItemYearState> {
  return sys.client.workflow.getHandle(workflowId(code)).query(stateQuery);
}

async function waitForPhase(code: string, phase: string): Promise<ItemYearState> {
  return eventually(`item ${code} to reach ${phase}`, async () => {
    const state = await stateOf(code);
    return state.phase === phase ? state : undefined;
  });
}

async function newPage(viewport: { width: number; height: number } = PHONE, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await sys.newContext(viewport, options);
  return { context, page: await context.newPage() };
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  expect(innerWidth).toBe(PHONE.width);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Waits for the first element the locator finds to be shown. */
async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
}

async function hasText(locator: Locator, text: string): Promise<void> {
  await eventually(`"${text}" to appear`, async () => ((await locator.first().innerText()).includes(text) ? true : undefined), 15_000);
}

/** The text of main content, for comparing what two answers say. */
async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim();
}

beforeAll(async () => {
  sys = await startBrowserSystem('web');
  await sys.startWorker();
  await sys.startFiscalYear({ fiscalYear: FY, itemCodes: ITEMS, timing: { startMs: Date.now() - 40 * DAY_MS } });
  await eventually('every item-year to be projected', async () => {
    const { rows } = await sys.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM item_years WHERE plan_id = $1 AND fiscal_year = $2 AND revision > 0`,
      [sys.planId, FY],
    );
    return rows[0]!.n === ITEMS.length ? true : undefined;
  });
}, 180_000);

afterAll(async () => {
  await sys?.closeAll();
});

describe('sign-in by e-mailed link', () => {
  test('an unknown address gets the same answer as a known one, and no mail', async () => {
    const { page } = await newPage();
    await page.goto(`${sys.baseUrl}/tasks`);
    expect(page.url()).toBe(`${sys.baseUrl}/signin?next=%2Ftasks`);

    const before = sys.smtp.mails.length;
    const answers: string[] = [];
    for (const address of ['nobody@nowhere.example', sys.people.legal!.email]) {
      await page.goto(`${sys.baseUrl}/signin`);
      await page.getByLabel('อีเมล').fill(address);
      await page.getByRole('button', { name: 'ส่งลิงก์เข้าสู่ระบบ' }).click();
      await page.getByRole('heading', { name: 'ตรวจสอบอีเมลของท่าน' }).waitFor();
      answers.push((await mainText(page)).replace(address, '<address>'));
    }
    expect(answers[0]).toBe(answers[1]);
    await linkMailedTo(sys, sys.people.legal!.email, SIGN_IN_LINK, before);
    expect(sys.smtp.mails.slice(before).some((m) => m.envelopeTo.includes('nobody@nowhere.example'))).toBe(false);
  });

  test('a link shows a button, signs in once with a strict cookie, and cannot be used again', async () => {
    const address = sys.people.legal!.email;
    const from = sys.smtp.mails.length;
    const { context, page } = await newPage();
    await page.goto(`${sys.baseUrl}/signin`);
    await page.getByLabel('อีเมล').fill(address);
    await page.getByRole('button', { name: 'ส่งลิงก์เข้าสู่ระบบ' }).click();
    const link = await linkMailedTo(sys, address, SIGN_IN_LINK, from);

    // Opening the link (a mail scanner does) signs nobody in and does not use the link up.
    await page.goto(`${sys.baseUrl}${link}`);
    await page.goto(`${sys.baseUrl}${link}`);
    await visible(page.getByText('เข้าสู่ระบบในชื่อ นายวิทยา ศิริกุล'));
    expect((await context.cookies()).find((c) => c.name === 'sujarit_session')).toBeUndefined();

    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.waitForURL(`${sys.baseUrl}/tasks`);
    const cookie = (await context.cookies()).find((c) => c.name === 'sujarit_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });

    const { page: other } = await newPage();
    await other.goto(`${sys.baseUrl}${link}`);
    await other.getByRole('heading', { name: 'ลิงก์เข้าสู่ระบบใช้ไม่ได้' }).waitFor();
  });
});

describe('an item from proposal to evidence', () => {
  test('the coordinator signs in and sees the proposals overdue before any work', async () => {
    ({ page: coordinator } = await newPage(DESKTOP));
    await signInByEmail(sys, coordinator, 'coordinator');
    await coordinator.goto(`${sys.baseUrl}/dashboard?fy=${FY}`);
    const overdue = coordinator.locator('section[aria-labelledby="overdue-title"]');
    await visible(overdue.getByRole('link', { name: /^1\.1 / }));
    await visible(overdue.getByRole('link', { name: /^4\.1 / }));
    await screenshot(coordinator, 'dashboard-before-desktop');
  });

  test('the palad approves by link and the นายก approves from the e-mailed link in the browser', async () => {
    const from = sys.smtp.mails.length;
    const proposal = await sys.app.inject({
      method: 'POST',
      url: `/api/items/1.1/years/${FY}/proposal?org=${sys.organizationSlug}`,
      headers: sys.apiHeaders('legal'),
      payload: { memo: 'ขออนุมัติจัดอบรมกฎหมายให้บุคลากร', budget: 15000, startDate: '2027-01-10', endDate: '2027-01-11' },
    });
    expect(proposal.statusCode).toBe(200);
    const paladLink = await linkMailedTo(sys, sys.people.palad!.email, DECISION_LINK, from);
    expect((await decideThroughLink(sys.app, paladLink, { outcome: 'approve' })).status).toBe(200);

    const mayorLink = await linkMailedTo(sys, sys.people.mayor!.email, DECISION_LINK, from);
    const { page } = await newPage();
    await page.goto(`${sys.baseUrl}${mayorLink}`);
    await visible(page.getByText('ขออนุมัติจัดอบรมกฎหมายให้บุคลากร'));
    await screenshot(page, 'decision-link-mayor-phone');
    await expectNoSidewaysScroll(page);
    await page.locator('input[name="outcome"][value="approve"]').check();
    await page.getByRole('button', { name: /ยืนยันการพิจารณา/ }).click();
    await page.getByRole('heading', { name: /บันทึกผลการพิจารณาแล้ว/ }).waitFor();
    await waitForPhase('1.1', 'execution');
  });

  test('the owner signs in by link and sees due and overdue work with Thai dates', async () => {
    ({ page: owner } = await newPage());
    await signInByEmail(sys, owner, 'legal');
    await owner.getByRole('heading', { name: 'งานของฉัน' }).waitFor();
    const overdue = owner.locator('section[aria-labelledby="group-overdue"]');
    await visible(overdue.getByText('เสนอโครงการเพื่อขออนุมัติ').first());
    await visible(overdue.getByText(/เลยกำหนด [๐-๙]+ วัน/).first());
    const later = owner.locator('section[aria-labelledby="group-later"]');
    await visible(later.getByText(/อีก [๐-๙]+ วัน/).first());
    await visible(owner.getByText(/ปีงบประมาณ 2570/).first());
    await visible(owner.getByText(/25(69|70) · /).first());
    await screenshot(owner, 'tasks-owner-phone');
    await expectNoSidewaysScroll(owner);
  });

  test('the owner completes a step with a photo; the upload goes through the progress script', async () => {
    const state = await stateOf('1.1');
    const step = state.steps[0]!;
    await owner.goto(`${sys.baseUrl}/items/1.1/years/${FY}`);
    await owner.getByRole('link', { name: step.text }).first().click();
    await owner.getByRole('heading', { name: 'บันทึกผลการดำเนินการ' }).waitFor();
    await screenshot(owner, 'step-form-phone');
    await expectNoSidewaysScroll(owner);

    const scriptedPosts: string[] = [];
    owner.on('request', (request) => {
      if (request.method() === 'POST' && (request.headers().accept ?? '').includes('application/json')) scriptedPosts.push(request.url());
    });
    await owner.getByLabel('ผลการดำเนินการ / หมายเหตุ').fill('จัดเตรียมเอกสารและห้องประชุมแล้ว');
    await owner.getByLabel('งบประมาณที่ใช้จ่ายแล้ว (บาท)').fill('12000');
    await owner.getByLabel('ไฟล์หลักฐาน (รูปภาพ PDF เอกสาร)').setInputFiles({ name: 'รูปกิจกรรม.png', mimeType: 'image/png', buffer: PNG });
    await owner.getByRole('button', { name: 'บันทึกว่าเสร็จแล้ว' }).click();
    await owner.waitForURL(/\/items\/1\.1\/years\/2570\?done=complete$/);
    expect(scriptedPosts).toHaveLength(1);

    await visible(owner.getByText('บันทึกผลการดำเนินการขั้นตอนแล้ว'));
    await visible(owner.getByRole('link', { name: 'รูปกิจกรรม.png' }));
    await visible(owner.getByText('12,000 บาท'));
    await visible(owner.locator('.timeline').getByText('บันทึกผลการดำเนินการขั้นตอน').first());
    const { rows } = await sys.db.pool.query('SELECT file_name, content_type, size_bytes FROM evidence_files WHERE step_key = $1', [step.key]);
    expect(rows).toEqual([{ file_name: 'รูปกิจกรรม.png', content_type: 'image/png', size_bytes: PNG.length }]);
    expect((await stateOf('1.1')).steps[0]).toMatchObject({ status: 'done', notes: 'จัดเตรียมเอกสารและห้องประชุมแล้ว' });
    await screenshot(owner, 'item-after-step-phone');
    await expectNoSidewaysScroll(owner);
  });

  test('without script the same form posts normally, here with a PDF', async () => {
    const { page } = await newPage(PHONE, { javaScriptEnabled: false });
    await signInByEmail(sys, page, 'legal');
    const step = (await stateOf('1.1')).steps[1]!;
    await page.goto(`${sys.baseUrl}/items/1.1/years/${FY}/steps/${step.key}`);
    await page.getByLabel('ผลการดำเนินการ / หมายเหตุ').fill('ส่งหนังสือเชิญวิทยากรแล้ว');
    await page.getByLabel('ไฟล์หลักฐาน (รูปภาพ PDF เอกสาร)').setInputFiles({ name: 'หนังสือเชิญ.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'บันทึกว่าเสร็จแล้ว' }).click();
    await page.waitForURL(/\?done=complete$/);
    await visible(page.getByRole('link', { name: 'หนังสือเชิญ.pdf' }));
    expect((await stateOf('1.1')).steps.filter((s) => s.status === 'done')).toHaveLength(2);
  });

  test('a refused file comes back as a Thai message on the form, and nothing is recorded', async () => {
    const step = (await stateOf('1.1')).steps[2]!;
    await owner.goto(`${sys.baseUrl}/items/1.1/years/${FY}/steps/${step.key}`);
    await owner.getByLabel('ไฟล์หลักฐาน (รูปภาพ PDF เอกสาร)').setInputFiles({ name: 'โปรแกรม.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a pdf') });
    await owner.getByRole('button', { name: 'บันทึกว่าเสร็จแล้ว' }).click();
    await visible(owner.getByText(/เนื้อไฟล์ โปรแกรม\.pdf ไม่ใช่PDF/));
    expect(owner.url()).toContain(`/steps/${step.key}`);
    expect((await stateOf('1.1')).steps[2]!.status).toBe('pending');
  });
});

describe('refusals', () => {
  test('an owner may read another unit’s item but is refused its work with a clear Thai page', async () => {
    await owner.goto(`${sys.baseUrl}/items/4.1/years/${FY}`);
    await visible(owner.getByText('ท่านดูรายการนี้ได้ แต่ไม่ได้เป็นผู้รับผิดชอบ'));
    expect(await owner.locator('form[action$="/proposal"]').count()).toBe(0);

    const step = (await stateOf('4.1')).steps[0]!;
    const response = await owner.goto(`${sys.baseUrl}/items/4.1/years/${FY}/steps/${step.key}`);
    expect(response?.status()).toBe(403);
    expect(response?.headers()['content-type']).toContain('text/html');
    await owner.getByRole('heading', { name: 'ไม่มีสิทธิ์ดำเนินการ' }).waitFor();
    await visible(owner.getByText('เป็นงานของหน่วยงานอื่น'));
    await screenshot(owner, 'refused-other-unit-phone');
    await expectNoSidewaysScroll(owner);

    const csrf = await owner.locator('header input[name="csrf"]').getAttribute('value');
    const posted = await owner.request.post(`${sys.baseUrl}/items/4.1/years/${FY}/proposal`, {
      form: { csrf: csrf!, memo: 'ไม่ใช่งานของฉัน', budget: '' },
      headers: { origin: sys.baseUrl },
    });
    expect(posted.status()).toBe(403);
    expect(posted.headers()['content-type']).toContain('text/html');
    expect(await posted.text()).toContain('ท่านไม่มีสิทธิ์ดำเนินการกับรายการนี้');
    expect((await stateOf('4.1')).proposal).toBeUndefined();

    const admin = await owner.goto(`${sys.baseUrl}/admin`);
    expect(admin?.status()).toBe(403);
    await visible(owner.getByText('หน้านี้สำหรับผู้ดูแลระบบเท่านั้น'));
  });

  test('a form without this session’s token is refused', async () => {
    const posted = await owner.request.post(`${sys.baseUrl}/items/1.6/years/${FY}/proposal`, {
      form: { csrf: 'forged', memo: 'ปลอม', budget: '' },
      headers: { origin: sys.baseUrl },
    });
    expect(posted.status()).toBe(403);
    expect(await posted.text()).toContain('คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบ');
  });
});

describe('approvals and the dashboard', () => {
  test('the owner proposes on the item page and the palad decides from their own approvals list', async () => {
    await owner.goto(`${sys.baseUrl}/items/1.6/years/${FY}`);
    await owner.getByLabel('บันทึกข้อความเสนอ').fill('ขออนุมัติโครงการฝึกอบรมคุณธรรม');
    await owner.getByLabel('งบประมาณที่ขอ (บาท)').fill('25000');
    await owner.getByRole('button', { name: 'ส่งเสนอขออนุมัติ' }).click();
    await owner.waitForURL(/\?done=proposal$/);
    await waitForPhase('1.6', 'approval');

    const { page: palad } = await newPage();
    await signInByEmail(sys, palad, 'palad');
    await hasText(palad.locator('nav').getByRole('link', { name: /รออนุมัติ/ }), '1');
    await palad.goto(`${sys.baseUrl}/approvals`);
    await palad.getByRole('link', { name: /1\.6/ }).click();
    await visible(palad.getByText('ขออนุมัติโครงการฝึกอบรมคุณธรรม'));
    await screenshot(palad, 'approval-form-palad-phone');
    await expectNoSidewaysScroll(palad);

    // Without a choice the browser itself keeps the form (the options are required).
    const formUrl = palad.url();
    await palad.getByRole('button', { name: 'ยืนยันการพิจารณา' }).click();
    expect(palad.url()).toBe(formUrl);
    await palad.locator('input[name="outcome"][value="approve"]').check();
    await palad.getByRole('button', { name: 'ยืนยันการพิจารณา' }).click();
    await palad.waitForURL(/\/approvals\?done=(recorded|pending)$/);
    await visible(palad.getByText(/บันทึกผลการพิจารณาแล้ว/));
    await eventually('the decision to move on to the นายก', async () => {
      const state = await stateOf('1.6');
      return state.openDecision?.approverRole === 'mayor' ? state : undefined;
    });
    const { rows } = await sys.db.pool.query(
      `SELECT d.outcome, d.acting_as, d.link_id IS NOT NULL AS "hasLink" FROM decisions d JOIN decision_points dp ON dp.id = d.decision_point_id
       WHERE dp.workflow_id = $1`,
      [workflowId('1.6')],
    );
    expect(rows).toEqual([{ outcome: 'approve', acting_as: 'palad (acting)', hasLink: true }]);
  });

  test('the coordinator’s dashboard shows the change, filters by unit and exports the view', async () => {
    await coordinator.goto(`${sys.baseUrl}/dashboard?fy=${FY}`);
    const overdue = coordinator.locator('section[aria-labelledby="overdue-title"]');
    await visible(overdue.getByRole('link', { name: /^4\.1 / }));
    expect(await overdue.getByRole('link', { name: /^1\.1 / }).count()).toBe(0);
    await visible(overdue.getByText('นางอรุณี ตรงธรรม'));
    const byDimension = coordinator.locator('section[aria-labelledby="by-dimension"] tbody tr').first();
    await hasText(byDimension, '12,000.00');
    expect(await coordinator.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await screenshot(coordinator, 'dashboard-after-desktop');

    await coordinator.setViewportSize(PHONE);
    await coordinator.reload();
    await screenshot(coordinator, 'dashboard-after-phone');
    await expectNoSidewaysScroll(coordinator);
    await coordinator.setViewportSize(DESKTOP);

    await coordinator.getByLabel('หน่วยงาน').selectOption('internal-audit');
    await coordinator.getByRole('button', { name: 'แสดง' }).click();
    await coordinator.waitForURL(/unit=internal-audit/);
    await hasText(coordinator.getByRole('heading', { level: 1 }), 'หน่วยตรวจสอบภายใน');
    expect(await coordinator.locator('section[aria-labelledby="overdue-title"] a').count()).toBe(1);

    const [download] = await Promise.all([
      coordinator.waitForEvent('download'),
      coordinator.getByRole('link', { name: /ส่งออกมุมมองนี้เป็น Excel/ }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['สรุปตามมิติ', 'สรุปตามภารกิจ', 'รายการ', 'เลยกำหนด']);
    const items = workbook.getWorksheet('รายการ')!;
    expect(items.getRow(2).getCell(1).value).toBe('4.1');
    expect(items.rowCount).toBe(2);

  });
});

describe('administration', () => {
  test('a contact channel, the reminder policy and the holiday table change, each audited', async () => {
    await coordinator.goto(`${sys.baseUrl}/admin`);
    await coordinator.getByRole('link', { name: 'นายวิทยา ศิริกุล' }).click();
    const lineId = `U${'0123456789abcdef'.repeat(2)}`;
    await coordinator.getByLabel('LINE user ID').fill(lineId);
    await coordinator.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await visible(coordinator.getByText('บันทึกแล้ว'));
    const person = await sys.db.pool.query('SELECT line_user_id FROM people WHERE id = $1', [sys.people.legal!.id]);
    expect(person.rows[0].line_user_id).toBe(lineId);

    await coordinator.goto(`${sys.baseUrl}/admin/reminders`);
    await coordinator.getByLabel('เมื่อเลยกำหนด เตือนทุก ๆ (วัน)').fill('5');
    await coordinator.getByRole('button', { name: 'บันทึกนโยบาย' }).click();
    await visible(coordinator.getByText('บันทึกแล้ว'));
    // Past the schema's limit (a reminder loop must end), which the browser does not know.
    await coordinator.getByLabel('หยุดเตือนเมื่อเลยกำหนดเกิน (วัน)').fill('5000');
    await coordinator.getByRole('button', { name: 'บันทึกนโยบาย' }).click();
    await visible(coordinator.getByText(/ข้อมูลไม่ถูกต้อง: หยุดเตือนหลัง/));
    const settings = await sys.db.pool.query('SELECT settings FROM organizations WHERE id = $1', [sys.organizationId]);
    expect(settings.rows[0].settings.reminderPolicy).toMatchObject({ overdueEveryDays: 5, beforeDays: [7, 1] });

    await coordinator.goto(`${sys.baseUrl}/admin/holidays?fy=${FY}`);
    // Opening the page changes nothing; loading the defaults is the form's POST.
    expect((await sys.db.pool.query('SELECT count(*)::int AS n FROM holidays WHERE organization_id = $1', [sys.organizationId])).rows[0].n).toBe(0);
    await coordinator.getByRole('button', { name: 'นำเข้าวันหยุดราชการเริ่มต้น' }).click();
    await visible(coordinator.getByText('นำเข้าวันหยุดราชการเริ่มต้นแล้ว'));
    await visible(coordinator.getByText('วันปิยมหาราช'));
    await coordinator.getByLabel('วันที่').fill('2027-03-15');
    await coordinator.getByLabel('ชื่อวันหยุด').fill('วันหยุดท้องถิ่นงานประจำปี');
    await coordinator.getByRole('button', { name: 'บันทึกวันหยุด' }).click();
    await visible(coordinator.getByText('วันหยุดท้องถิ่นงานประจำปี'));
    await screenshot(coordinator, 'admin-holidays-desktop');

    await coordinator.goto(`${sys.baseUrl}/admin/delegations`);
    await coordinator.getByLabel('อำนาจของ').selectOption('mayor');
    await coordinator.getByLabel('ผู้รับมอบ').selectOption({ label: 'นายวิชัย รักษ์ถิ่น' });
    await coordinator.getByLabel('อ้างอิงคำสั่ง / หมายเหตุ').fill('คำสั่งที่ 45/2570');
    await coordinator.getByRole('button', { name: 'บันทึกการมอบอำนาจ' }).click();
    await visible(coordinator.getByText('คำสั่งที่ 45/2570'));
    await coordinator.getByRole('button', { name: 'สิ้นสุดการมอบอำนาจให้ นายวิชัย รักษ์ถิ่น วันนี้' }).click();
    await visible(coordinator.getByText('สิ้นสุดการมอบอำนาจแล้ว'));
    const delegation = await sys.db.pool.query('SELECT role, delegate_person_id, valid_to IS NOT NULL AS ended FROM delegations');
    expect(delegation.rows).toEqual([{ role: 'mayor', delegate_person_id: sys.people.deputy1!.id, ended: true }]);

    const audit = await sys.db.pool.query(
      `SELECT action, actor FROM audit_log WHERE organization_id = $1 AND idempotency_key LIKE 'admin:%' ORDER BY id`,
      [sys.organizationId],
    );
    const actor = `person:${sys.people.coordinator!.id}`;
    expect(audit.rows).toEqual([
      { action: 'person_updated', actor },
      { action: 'reminder_policy_changed', actor },
      { action: 'holidays_seeded', actor },
      { action: 'holiday_saved', actor },
      { action: 'delegation_added', actor },
      { action: 'delegation_ended', actor },
    ]);
  });
});

describe('language', () => {
  test('the English switch shows the pages in English and back', async () => {
    await owner.goto(`${sys.baseUrl}/tasks`);
    await owner.getByRole('link', { name: 'EN', exact: true }).click();
    await owner.getByRole('heading', { name: 'My tasks' }).waitFor();
    await visible(owner.getByRole('button', { name: 'Sign out' }));
    expect(await owner.getAttribute('html', 'lang')).toBe('en');
    await screenshot(owner, 'tasks-owner-english-phone');
    await owner.getByRole('link', { name: 'ไทย', exact: true }).click();
    await owner.getByRole('heading', { name: 'งานของฉัน' }).waitFor();
  });
});

import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { auditKeyFrom } from '../../db/audit';
import { addPlatformAdmin } from '../../services/platform';
import { fiscalYearScheduleId, reportScheduleId } from '../../services/schedules';
import { PHONE, SIGN_IN_LINK, horizontalOverflow, linkMailedTo, startBrowserSystem, type BrowserSystem } from '../support/browser';

/**
 * Onboarding in a real headless Chromium: the platform administrator signs in by e-mailed link, is told in Thai that
 * a slug is taken, creates the organisation; its coordinator opens the e-mailed invitation, lands on the people
 * page and imports the organisation's people from an XLSX file through the preview.
 */

jest.setTimeout(180_000);

const PLATFORM_EMAIL = 'platform@browser.example';
const COORDINATOR_EMAIL = 'coordinator@nong-bua.example';
let sys: BrowserSystem;
let slug: string;

beforeAll(async () => {
  sys = await startBrowserSystem('onboarding');
  slug = `nong-bua-${Date.now().toString(36)}`;
  await addPlatformAdmin({ pool: sys.db.pool, auditKey: auditKeyFrom(sys.config) }, { email: PLATFORM_EMAIL, fullName: 'นางสาวแพลต ฟอร์ม', grantedBy: 'test' });
});

afterAll(async () => {
  for (const id of [fiscalYearScheduleId(slug), reportScheduleId(slug, 'six_month'), reportScheduleId(slug, 'annual')]) {
    await sys?.client.schedule.getHandle(id).delete().catch(() => undefined);
  }
  await sys?.closeAll();
});

async function signInWithLink(page: Page, address: string, from: number): Promise<void> {
  const link = await linkMailedTo(sys, address, SIGN_IN_LINK, from);
  await page.goto(`${sys.baseUrl}${link}`);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
}

test('a platform administrator creates an organisation; its coordinator imports the people', async () => {
  const platform = await (await sys.newContext(PHONE)).newPage();
  let from = sys.smtp.mails.length;
  await platform.goto(`${sys.baseUrl}/signin`);
  await platform.getByLabel('อีเมล').fill(PLATFORM_EMAIL);
  await platform.getByRole('button', { name: 'ส่งลิงก์เข้าสู่ระบบ' }).click();
  await platform.getByRole('heading', { name: 'ตรวจสอบอีเมลของท่าน' }).waitFor();
  await signInWithLink(platform, PLATFORM_EMAIL, from);
  await platform.waitForURL(`${sys.baseUrl}/platform`);
  const { scrollWidth, innerWidth } = await horizontalOverflow(platform);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);

  // The same page has the oversight office form, with its own อำเภอ and จังหวัด: the organisation form's fields by id.
  await platform.getByLabel('ประเภทองค์กร').selectOption('sao');
  await platform.locator('#org-placeName').fill('หนองบัว');
  await platform.locator('#org-district').fill('เมือง');
  await platform.locator('#org-province').fill('อุดรธานี');
  await platform.locator('#org-slug').fill(sys.organizationSlug);
  await platform.locator('#org-coordinatorName').fill('นางสาวบัวขาว ใจดี');
  await platform.locator('#org-coordinatorEmail').fill(COORDINATOR_EMAIL);
  await platform.getByRole('button', { name: 'สร้างองค์กรและส่งคำเชิญ' }).click();
  await platform.getByRole('alert').getByText('ชื่อย่อ (slug) นี้มีองค์กรอื่นใช้แล้ว').waitFor();
  // What was typed is kept; only the slug needs changing.
  expect(await platform.locator('#org-placeName').inputValue()).toBe('หนองบัว');

  from = sys.smtp.mails.length;
  await platform.locator('#org-slug').fill(slug);
  await platform.getByRole('button', { name: 'สร้างองค์กรและส่งคำเชิญ' }).click();
  await platform.getByRole('status').getByText(`สร้างองค์กร ${slug}`).waitFor();
  await platform.getByText('องค์การบริหารส่วนตำบลหนองบัว').waitFor();

  const coordinator = await (await sys.newContext(PHONE)).newPage();
  await signInWithLink(coordinator, COORDINATOR_EMAIL, from);
  await coordinator.waitForURL(`${sys.baseUrl}/admin`);
  await coordinator.getByRole('link', { name: 'นำเข้าบุคลากรจากไฟล์' }).click();

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('บุคลากร');
  sheet.addRow(['ชื่อ-นามสกุล', 'ตำแหน่ง', 'กอง', 'งาน', 'อีเมล', 'LINE', 'บทบาท']);
  sheet.addRow(['นายกล้า หาญ', 'นายกองค์การบริหารส่วนตำบล', '', '', 'mayor@nong-bua.example', '', 'นายก']);
  sheet.addRow(['นางสาวพร ดี', 'นักวิชาการเงินและบัญชี', 'กองคลัง', 'งานการเงินและบัญชี', 'porn@nong-bua.example', '', 'ผู้รับผิดชอบรายการ']);
  sheet.addRow(['นายเอง คนเดิม', '', '', '', COORDINATOR_EMAIL, '', 'ปลัด']);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

  await coordinator.locator('input#import-file').setInputFiles({ name: 'people.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
  await coordinator.getByRole('button', { name: 'ตรวจสอบไฟล์' }).click();
  await coordinator.getByText('ผู้ดูแลระบบกำหนดบทบาทหรือรับมอบอำนาจให้ตนเองไม่ได้').first().waitFor();
  await coordinator.getByRole('alert').getByText('ยังไม่ได้บันทึกข้อมูลใด').waitFor();
  expect(await coordinator.getByRole('button', { name: /ยืนยันนำเข้า/ }).count()).toBe(0);

  sheet.spliceRows(4, 1);
  const fixed = Buffer.from(await workbook.xlsx.writeBuffer());
  await coordinator.locator('input#import-file').setInputFiles({ name: 'people.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: fixed });
  await coordinator.getByRole('button', { name: 'ตรวจสอบไฟล์' }).click();
  await coordinator.getByRole('button', { name: 'ยืนยันนำเข้า 2 คน' }).click();
  await coordinator.waitForURL(/\/admin\?done=imported/);
  await coordinator.getByRole('status').getByText('นำเข้าบุคลากรแล้ว').waitFor();
  await coordinator.getByRole('link', { name: 'นางสาวพร ดี' }).waitFor();
  await coordinator.getByText('กองคลัง · งานการเงินและบัญชี').waitFor();
});

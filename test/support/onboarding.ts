import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import type { OrganizationKind } from '../../domain/organizations';
import { SIGN_IN_LINK, linkMailedTo, type BrowserSystem } from './browser';

/**
 * The onboarding steps as the people take them in the browser, shared by the browser tests: the platform
 * administrator signs in by e-mailed link and creates an organisation on /platform, its coordinator opens the
 * e-mailed invitation, and people are imported from an XLSX file through the preview.
 */

export interface NewOrganization {
  kind: OrganizationKind;
  placeName: string;
  district: string;
  province: string;
  slug: string;
  coordinatorName: string;
  coordinatorEmail: string;
}

/** Opens the sign-in link last mailed to `address` (since mail number `from`) and presses the button. */
export async function signInWithMailedLink(sys: BrowserSystem, page: Page, address: string, from: number): Promise<void> {
  const link = await linkMailedTo(sys, address, SIGN_IN_LINK, from);
  await page.goto(`${sys.baseUrl}${link}`);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
}

/** A platform administrator asks for a sign-in link and opens it; they land on /platform. */
export async function signInPlatformAdmin(sys: BrowserSystem, page: Page, email: string): Promise<void> {
  const from = sys.smtp.mails.length;
  await page.goto(`${sys.baseUrl}/signin`);
  await page.getByLabel('อีเมล').fill(email);
  await page.getByRole('button', { name: 'ส่งลิงก์เข้าสู่ระบบ' }).click();
  await page.getByRole('heading', { name: 'ตรวจสอบอีเมลของท่าน' }).waitFor();
  await signInWithMailedLink(sys, page, email, from);
  await page.waitForURL(`${sys.baseUrl}/platform`);
}

/**
 * Fills the organisation form of /platform. The same page has the oversight office form, with its own อำเภอ and
 * จังหวัด: the organisation form's fields by id.
 */
export async function fillOrganizationForm(page: Page, org: NewOrganization): Promise<void> {
  await page.getByLabel('ประเภทองค์กร').selectOption(org.kind);
  await page.locator('#org-placeName').fill(org.placeName);
  await page.locator('#org-district').fill(org.district);
  await page.locator('#org-province').fill(org.province);
  await page.locator('#org-slug').fill(org.slug);
  await page.locator('#org-coordinatorName').fill(org.coordinatorName);
  await page.locator('#org-coordinatorEmail').fill(org.coordinatorEmail);
}

export const CREATE_ORGANIZATION_BUTTON = 'สร้างองค์กรและส่งคำเชิญ';

/**
 * Submits the filled organisation form and waits for the page to say it was made. Answers the mail number from
 * which the coordinator's invitation is to be looked for.
 */
export async function submitOrganizationForm(sys: BrowserSystem, page: Page, slug: string): Promise<number> {
  const from = sys.smtp.mails.length;
  await page.getByRole('button', { name: CREATE_ORGANIZATION_BUTTON }).click();
  await page.getByRole('status').getByText(`สร้างองค์กร ${slug}`).waitFor();
  return from;
}

/** The coordinator opens the e-mailed invitation and lands on the administration page. */
export async function acceptInvitation(sys: BrowserSystem, page: Page, email: string, from: number): Promise<void> {
  await signInWithMailedLink(sys, page, email, from);
  await page.waitForURL(`${sys.baseUrl}/admin`);
}

/** The platform administrator makes the organisation; its coordinator, in `coordinator`, accepts the invitation. */
export async function onboardOrganization(sys: BrowserSystem, platform: Page, coordinator: Page, org: NewOrganization): Promise<void> {
  await fillOrganizationForm(platform, org);
  const from = await submitOrganizationForm(sys, platform, org.slug);
  await acceptInvitation(sys, coordinator, org.coordinatorEmail, from);
}

export const PEOPLE_HEADERS = ['ชื่อ-นามสกุล', 'ตำแหน่ง', 'กอง', 'งาน', 'อีเมล', 'LINE', 'บทบาท'] as const;
export type PersonRow = [name: string, position: string, division: string, section: string, email: string, line: string, roles: string];

/** A people workbook as an office fills in the template: one header row, one row a person. */
export function peopleWorkbook(rows: readonly PersonRow[]): { workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet } {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('บุคลากร');
  sheet.addRow([...PEOPLE_HEADERS]);
  for (const row of rows) sheet.addRow([...row]);
  return { workbook, sheet };
}

/** Chooses the workbook on the people import page and asks for the preview. */
export async function previewPeopleFile(page: Page, workbook: ExcelJS.Workbook): Promise<void> {
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  await page.locator('input#import-file').setInputFiles({ name: 'people.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  await page.getByRole('button', { name: 'ตรวจสอบไฟล์' }).click();
}

/** From the administration page: the preview of the workbook made of `rows`, then the import of all of them. */
export async function importPeople(sys: BrowserSystem, page: Page, rows: readonly PersonRow[]): Promise<void> {
  await page.goto(`${sys.baseUrl}/admin`);
  await page.getByRole('link', { name: 'นำเข้าบุคลากรจากไฟล์' }).click();
  await previewPeopleFile(page, peopleWorkbook(rows).workbook);
  await page.getByRole('button', { name: `ยืนยันนำเข้า ${rows.length} คน` }).click();
  await page.waitForURL(/\/admin\?done=imported/);
  await page.getByRole('status').getByText('นำเข้าบุคลากรแล้ว').waitFor();
}

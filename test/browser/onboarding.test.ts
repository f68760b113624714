import { auditKeyFrom } from '../../db/audit';
import { addPlatformAdmin } from '../../services/platform';
import { fiscalYearScheduleId, reportScheduleId } from '../../services/schedules';
import { PHONE, horizontalOverflow, startBrowserSystem, type BrowserSystem } from '../support/browser';
import {
  CREATE_ORGANIZATION_BUTTON,
  acceptInvitation,
  fillOrganizationForm,
  peopleWorkbook,
  previewPeopleFile,
  signInPlatformAdmin,
  submitOrganizationForm,
  type NewOrganization,
} from '../support/onboarding';

/**
 * Onboarding in a real headless Chromium: the platform administrator signs in by e-mailed link, is told in Thai that
 * a slug is taken, creates the organisation; its coordinator opens the e-mailed invitation, lands on the people
 * page and imports the organisation's people from an XLSX file through the preview.
 */

jest.setTimeout(180_000);

const PLATFORM_EMAIL = 'platform@browser.example';
const COORDINATOR_EMAIL = 'coordinator@nong-bua.example';
const ORGANIZATION: Omit<NewOrganization, 'slug'> = {
  kind: 'sao',
  placeName: 'หนองบัว',
  district: 'เมือง',
  province: 'อุดรธานี',
  coordinatorName: 'นางสาวบัวขาว ใจดี',
  coordinatorEmail: COORDINATOR_EMAIL,
};
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

test('a platform administrator creates an organisation; its coordinator imports the people', async () => {
  const platform = await (await sys.newContext(PHONE)).newPage();
  await signInPlatformAdmin(sys, platform, PLATFORM_EMAIL);
  const { scrollWidth, innerWidth } = await horizontalOverflow(platform);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);

  await fillOrganizationForm(platform, { ...ORGANIZATION, slug: sys.organizationSlug });
  await platform.getByRole('button', { name: CREATE_ORGANIZATION_BUTTON }).click();
  await platform.getByRole('alert').getByText('ชื่อย่อ (slug) นี้มีองค์กรอื่นใช้แล้ว').waitFor();
  // What was typed is kept; only the slug needs changing.
  expect(await platform.locator('#org-placeName').inputValue()).toBe('หนองบัว');

  await platform.locator('#org-slug').fill(slug);
  const from = await submitOrganizationForm(sys, platform, slug);
  await platform.getByText('องค์การบริหารส่วนตำบลหนองบัว').waitFor();

  const coordinator = await (await sys.newContext(PHONE)).newPage();
  await acceptInvitation(sys, coordinator, COORDINATOR_EMAIL, from);
  await coordinator.getByRole('link', { name: 'นำเข้าบุคลากรจากไฟล์' }).click();

  const { workbook, sheet } = peopleWorkbook([
    ['นายกล้า หาญ', 'นายกองค์การบริหารส่วนตำบล', '', '', 'mayor@nong-bua.example', '', 'นายก'],
    ['นางสาวพร ดี', 'นักวิชาการเงินและบัญชี', 'กองคลัง', 'งานการเงินและบัญชี', 'porn@nong-bua.example', '', 'ผู้รับผิดชอบรายการ'],
    ['นายเอง คนเดิม', '', '', '', COORDINATOR_EMAIL, '', 'ปลัด'],
  ]);
  await previewPeopleFile(coordinator, workbook);
  await coordinator.getByText('ผู้ดูแลระบบกำหนดบทบาทหรือรับมอบอำนาจให้ตนเองไม่ได้').first().waitFor();
  await coordinator.getByRole('alert').getByText('ยังไม่ได้บันทึกข้อมูลใด').waitFor();
  expect(await coordinator.getByRole('button', { name: /ยืนยันนำเข้า/ }).count()).toBe(0);

  sheet.spliceRows(4, 1);
  await previewPeopleFile(coordinator, workbook);
  await coordinator.getByRole('button', { name: 'ยืนยันนำเข้า 2 คน' }).click();
  await coordinator.waitForURL(/\/admin\?done=imported/);
  await coordinator.getByRole('status').getByText('นำเข้าบุคลากรแล้ว').waitFor();
  await coordinator.getByRole('link', { name: 'นางสาวพร ดี' }).waitFor();
  await coordinator.getByText('กองคลัง · งานการเงินและบัญชี').waitFor();
});

import type { CanonicalPlan } from '../../domain/plan';
import { CORRECTION_UNDONE } from '../../domain/plan-correction-undo';
import { correctionFormFields, postForm, uploadPlanFile } from '../support/plan-upload';
import { decideThroughLink, decisionLinkPath, eventually, loadSeedPlan, startTestSystem, type TestSystem } from '../support/system';

/**
 * An amendment made from the same file as an earlier, corrected import, on the real dev server, worker and Postgres:
 * the budget corrected before the first upload was confirmed and approved comes back at the document's value in the
 * amendment, the review says it undoes that correction (who, when, the corrected value) as a finding the
 * confirmation waits on, and keeping the correction puts the corrected value back (audited) so the difference
 * from the version in force no longer shows it.
 */

jest.setTimeout(180_000);

const CODE = '1.4';
const YEAR = '2570';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('plan-amend-corr');
  await sys.startWorker();
});

afterAll(async () => {
  await sys?.close();
});

function post(cookie: string, url: string, fields: Record<string, string>) {
  return postForm(sys, cookie, url, fields);
}

async function uploadAndRead(cookie: string, name: string, plan: CanonicalPlan): Promise<{ location: string; page: string }> {
  const location = await uploadPlanFile(sys, cookie, { name, contentType: 'application/json', bytes: Buffer.from(JSON.stringify(plan)) });
  const page = await eventually('the import page to offer the confirmation', async () => {
    const shown = await sys.app.inject({ url: location, headers: { cookie } });
    return shown.body.includes(`action="${location}/confirm"`) ? shown.body : undefined;
  });
  return { location, page };
}

async function versionOf(location: string): Promise<number> {
  const { rows } = await sys.db.pool.query<{ id: string }>('SELECT plan_version_id AS id FROM plan_imports WHERE id = $1', [Number(location.split('/').at(-1))]);
  return Number(rows[0]!.id);
}

/** The amendment's part of the page: from its heading to the table of the whole plan. */
function amendmentSection(page: string, plan: CanonicalPlan): string {
  const start = page.indexOf('id="amendment"');
  expect(start).toBeGreaterThan(0);
  return page.slice(start, page.indexOf(`<caption>${plan.organization.name}</caption>`, start));
}

test('an amendment bringing back a corrected budget says so, and keeping the correction removes the change', async () => {
  const seed: CanonicalPlan = { ...(await loadSeedPlan()), findings: [] };
  const documentBudget = seed.items.find((i) => i.code === CODE)!.budgetByYear[YEAR];
  expect(documentBudget).toBe(15000);
  const cookie = sys.cookieFor('coordinator');
  const { rows: people } = await sys.db.pool.query<{ full_name: string }>('SELECT full_name FROM people WHERE id = $1', [sys.people.coordinator!.id]);
  const coordinatorName = people[0]!.full_name;

  // The first upload: the budget corrected on the review page, confirmed, approved by the นายก.
  const first = await uploadAndRead(cookie, 'plan.json', seed);
  const edit = await sys.app.inject({ url: `${first.location}/items/${CODE}`, headers: { cookie } });
  expect(edit.statusCode).toBe(200);
  const fields = correctionFormFields(edit.body);
  expect((await post(cookie, `${first.location}/items/${CODE}`, { ...fields, [`budget-${YEAR}`]: '42,000' })).statusCode).toBe(303);
  const mailsBefore = sys.smtp.mails.length;
  expect((await post(cookie, `${first.location}/confirm`, { csrf: fields.csrf! })).statusCode).toBe(303);
  const firstVersion = await versionOf(first.location);
  const link = await eventually('a decision link mailed to the นายก', async () => {
    for (const mail of sys.smtp.mails.slice(mailsBefore).filter((m) => m.envelopeTo.includes(sys.people.mayor!.email))) {
      const found = decisionLinkPath(mail.parsed.text ?? '');
      if (found) return found;
    }
    return undefined;
  });
  expect((await decideThroughLink(sys.app, link, { outcome: 'approve' })).status).toBe(200);
  await eventually('the corrected version to be in force', async () => {
    const { rows } = await sys.db.pool.query<{ id: string }>('SELECT current_version_id AS id FROM plans WHERE id = $1', [sys.planId]);
    return Number(rows[0]!.id) === firstVersion ? true : undefined;
  });

  // The amendment, from the same file: the budget is back at the document's value, shown as undoing the correction.
  const amendment = await uploadAndRead(cookie, 'amendment.json', seed);
  const section = amendmentSection(amendment.page, seed);
  expect(section).toContain(`งบประมาณ ${YEAR}: 42,000 บาท → 15,000 บาท`);
  expect(section).toContain('การเปลี่ยนแปลงต่อไปนี้จะยกเลิกการแก้ไขที่ทำไว้ในการนำเข้าครั้งก่อน');
  expect(section).toContain(`รายการ ${CODE}: งบประมาณในแผนที่แก้ไขเป็น`);
  expect(section).toContain(`${YEAR}: 42,000 บาท`);
  expect(section).toContain(coordinatorName);
  expect(section).toContain('These changes would undo corrections made on an earlier import');
  expect(section).toContain(`action="${amendment.location}/keep-correction"`);
  // It is a finding of the confirmation: confirming without accounting for it stores nothing.
  expect(amendment.page).toContain(CORRECTION_UNDONE);
  expect(amendment.page).toContain('name="accept-0" value="yes"');
  const csrf = /name="csrf" value="([^"]+)"/.exec(amendment.page)![1]!;
  const refused = await post(cookie, `${amendment.location}/confirm`, { csrf });
  expect(refused.statusCode).toBe(400);
  expect(refused.body).toContain('ยังบันทึกไม่ได้');
  expect(await versionOf(amendment.location)).toBe(0);

  // Keep the earlier correction: one action, through the correction path, audited.
  const kept = await post(cookie, `${amendment.location}/keep-correction`, { csrf, item: CODE, field: 'budgetByYear' });
  expect(kept.statusCode).toBe(303);
  expect(kept.headers.location).toBe(`${amendment.location}#amendment`);
  const audit = await sys.db.pool.query<{ entity_id: string; actor: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
    `SELECT entity_id, actor, before, after FROM audit_log WHERE action = 'plan_import_item_corrected' ORDER BY id`,
  );
  expect(audit.rows).toHaveLength(2);
  const keptAudit = audit.rows[1]!;
  expect(keptAudit.entity_id).toBe(amendment.location.split('/').at(-1));
  expect(keptAudit.actor).toBe(`person:${sys.people.coordinator!.id}`);
  expect(keptAudit.before).toMatchObject({ item: CODE, budgetByYear: { [YEAR]: 15000 } });
  expect(keptAudit.after).toMatchObject({ item: CODE, budgetByYear: { [YEAR]: 42000 }, keepsCorrection: { importId: Number(first.location.split('/').at(-1)) } });

  // The difference no longer shows the change, nor the finding; keeping it again is refused.
  const after = await sys.app.inject({ url: amendment.location, headers: { cookie } });
  expect(after.body).not.toContain('42,000 บาท → 15,000 บาท');
  expect(after.body).not.toContain('จะยกเลิกการแก้ไขที่ทำไว้');
  expect(after.body).not.toContain(CORRECTION_UNDONE);
  expect(after.body).toContain('เปลี่ยนแปลง 0 รายการ');
  expect((await post(cookie, `${amendment.location}/keep-correction`, { csrf, item: CODE, field: 'budgetByYear' })).statusCode).toBe(409);
  expect((await post(cookie, `${amendment.location}/confirm`, { csrf })).statusCode).toBe(303);
  expect(await versionOf(amendment.location)).toBeGreaterThan(firstVersion);
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findVersionCanonical } from '../../db/queries/plans';
import { canonicalPlanSchema, type PlanItem } from '../../domain/plan';
import { planImportStatus } from '../../services/plan-import';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { correctionFormFields, postForm, uploadPlanFile } from '../support/plan-upload';

/**
 * The coordinator corrects imported items on the review page before confirming, on the real dev server, worker and
 * Postgres: a refused correction shows each problem and stores nothing; a budget, a name and a step's phase
 * corrected are audited field by field, a finding is marked fixed, and the confirmed version holds the corrections.
 */

const FIXTURES = path.join(__dirname, '../fixtures');

jest.setTimeout(180_000);

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('plan-correct');
  await sys.startWorker();
});

afterAll(async () => {
  await sys?.close();
});

function post(cookie: string, url: string, fields: Record<string, string>) {
  return postForm(sys, cookie, url, fields);
}

async function importRow(importId: number) {
  const { rows } = await sys.db.pool.query<{ corrected: unknown }>('SELECT corrected FROM plan_imports WHERE id = $1', [importId]);
  return rows[0]!;
}

describe('correcting an imported plan before confirming it', () => {
  test('refuses bad input per field, stores and audits corrections, and the confirmed version has them', async () => {
    const cookie = sys.cookieFor('coordinator');
    const location = await uploadPlanFile(sys, cookie, { name: 'plan.txt', contentType: 'text/plain', bytes: await readFile(path.join(FIXTURES, 'khek-noi-plan.txt')) });
    const importId = Number(location.split('/').at(-1));
    await eventually('the import to be read', async () => {
      const shown = await sys.app.inject({ url: location, headers: { cookie } });
      return shown.body.includes(`action="${location}/confirm"`) ? shown.body : undefined;
    });
    const deps = { pool: sys.db.pool, temporal: sys.client, taskQueue: sys.taskQueue };
    const read = (await planImportStatus(deps, importId, sys.organizationId))!.plan!;
    const item: PlanItem = read.items.find((i) => i.steps.length >= 2 && Object.values(i.budgetByYear).some((b) => typeof b === 'number'))!;
    const year = Object.keys(item.budgetByYear).find((y) => typeof item.budgetByYear[y] === 'number')!;
    const itemUrl = `${location}/items/${item.code}`;
    const review = await sys.app.inject({ url: location, headers: { cookie } });
    expect(review.body).toContain(`href="${itemUrl}"`);

    const edit = await sys.app.inject({ url: itemUrl, headers: { cookie } });
    expect(edit.statusCode).toBe(200);
    const fields = correctionFormFields(edit.body);
    expect(fields.name).toBe(item.name);
    expect(fields[`budget-${year}`]).toBe(String(item.budgetByYear[year]));

    // Without the CSRF token, or by someone who does not coordinate plans, nothing happens.
    expect((await post(cookie, itemUrl, { ...fields, csrf: '' })).statusCode).toBe(403);
    expect((await post(sys.cookieFor('legal'), itemUrl, fields)).statusCode).toBe(403);

    const refused = await post(cookie, itemUrl, { ...fields, [`budget-${year}`]: '-5000', 'run-2590': 'yes', unit: 'ministry-of-magic', name: 'ชื่อที่พิมพ์ไว้' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('ยังไม่ได้บันทึกการแก้ไข');
    expect(refused.body).toContain('งบประมาณต้องเป็นจำนวนเงินบาทไม่ติดลบ');
    expect(refused.body).toContain('The budget must be a non-negative amount');
    expect(refused.body).toContain('ปี 2590 ไม่อยู่ในปีงบประมาณของแผน');
    expect(refused.body).toContain('This division is not in the organisation’s structure.');
    // What was typed is shown again.
    expect(refused.body).toContain('ชื่อที่พิมพ์ไว้');
    expect((await importRow(importId)).corrected).toBeNull();
    const noAudit = await sys.db.pool.query(`SELECT 1 FROM audit_log WHERE action = 'plan_import_item_corrected'`);
    expect(noAudit.rowCount).toBe(0);

    const newName = `${item.name} ฉบับแก้ไข`;
    const newPhase = item.steps[1]!.phase === 'reporting' ? 'publication' : 'reporting';
    const corrected = await post(cookie, itemUrl, { ...fields, name: newName, [`budget-${year}`]: '๔๒,๐๐๐', 'step-phase-1': newPhase });
    expect(corrected.statusCode).toBe(303);
    expect(corrected.headers.location).toBe(`${location}#item-${item.code}`);
    expect((await importRow(importId)).corrected).not.toBeNull();

    const audit = await sys.db.pool.query<{ actor: string; entity_id: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
      `SELECT actor, entity_id, before, after FROM audit_log WHERE action = 'plan_import_item_corrected'`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor: `person:${sys.people.coordinator!.id}`, entity_id: String(importId) });
    expect(audit.rows[0]!.before).toMatchObject({ item: item.code, name: item.name, budgetByYear: item.budgetByYear });
    expect(audit.rows[0]!.after).toMatchObject({ item: item.code, name: newName, budgetByYear: { [year]: 42000 } });
    expect(Object.keys(audit.rows[0]!.after).sort()).toEqual(['budgetByYear', 'item', 'name', 'steps']);

    // The review page shows the corrected item; the importer's own reading is kept.
    const reviewed = await sys.app.inject({ url: location, headers: { cookie } });
    expect(reviewed.body).toContain(newName);
    const findings = read.findings;
    const fixedIndex = Math.max(0, findings.findIndex((f) => f.item === item.code));
    const confirmFields: Record<string, string> = { csrf: fields.csrf! };
    findings.forEach((_, i) => {
      confirmFields[`accept-${i}`] = i === fixedIndex ? 'fixed' : 'yes';
      confirmFields[`note-${i}`] = i === fixedIndex ? 'แก้ไขในหน้าตรวจทานแล้ว' : `ตรวจกับต้นฉบับแล้ว ${i}`;
    });
    expect(reviewed.body).toContain(`value="fixed"`);
    const confirmed = await post(cookie, `${location}/confirm`, confirmFields);
    expect(confirmed.statusCode).toBe(303);

    const version = await sys.db.pool.query<{ plan_version_id: string }>('SELECT plan_version_id FROM plan_imports WHERE id = $1', [importId]);
    const stored = canonicalPlanSchema.parse(await findVersionCanonical(sys.db.pool, Number(version.rows[0]!.plan_version_id)));
    const storedItem = stored.items.find((i) => i.code === item.code)!;
    expect(storedItem.name).toBe(newName);
    expect(storedItem.budgetByYear[year]).toBe(42000);
    expect(storedItem.steps[1]!.phase).toBe(newPhase);
    const budget = await sys.db.pool.query<{ amount: string }>(
      `SELECT b.amount FROM item_budgets b JOIN items i ON i.id = b.item_id WHERE i.plan_version_id = $1 AND i.code = $2 AND b.fiscal_year = $3`,
      [version.rows[0]!.plan_version_id, item.code, Number(year)],
    );
    expect(Number(budget.rows[0]!.amount)).toBe(42000);
    const confirmAudit = await sys.db.pool.query<{ after: { acceptedFindings: Array<{ index: number; resolution?: string; note: string }> } }>(
      `SELECT after FROM audit_log WHERE action = 'plan_import_confirmed'`,
    );
    expect(confirmAudit.rows[0]!.after.acceptedFindings.find((f) => f.index === fixedIndex)).toMatchObject({ resolution: 'fixed', note: 'แก้ไขในหน้าตรวจทานแล้ว' });

    // Once confirmed, the item is a version's: corrections are refused.
    expect((await post(cookie, itemUrl, { ...fields, name: 'อีกชื่อ' })).statusCode).toBe(409);
  });
});

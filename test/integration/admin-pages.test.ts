import { auditKeyFrom, reconcileWithAudit, verifyAuditChain } from '../../db/audit';
import { escapeHtml } from '../../domain/messages';
import { startTestSystem, type TestSystem } from '../support/system';
import { reminderForm } from '../support/reminder-form';

/** The administration pages on services/admin.ts: refusals come back on the form's page and change nothing; changes are audited. */

let sys: TestSystem;
let csrf: string;
/** One session for the whole file: the form token is bound to it. */
let adminCookie: string;

beforeAll(async () => {
  sys = await startTestSystem('adminpages');
  adminCookie = sys.cookieFor('coordinator');
  const page = await sys.app.inject({ url: '/admin', headers: { cookie: adminCookie } });
  expect(page.statusCode).toBe(200);
  csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
});

afterAll(async () => {
  await sys?.close();
});

test('the roles of the demo people are in the audit log, so audit verify finds nothing unaudited on a seeded database', async () => {
  const { rows } = await sys.db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM role_assignments WHERE organization_id = $1',
    [sys.organizationId],
  );
  expect(rows[0]!.n).toBeGreaterThan(5);
  const mismatches = await reconcileWithAudit(sys.db.pool);
  expect(mismatches.filter((m) => m.table === 'role_assignments')).toEqual([]);
  expect((await verifyAuditChain(sys.db.pool, auditKeyFrom(sys.config))).ok).toBe(true);
});

function post(path: string, form: Record<string, string>) {
  return sys.app.inject({
    method: 'POST',
    url: path,
    headers: { cookie: adminCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf, ...form }).toString(),
  });
}

const count = async (sql: string, params: unknown[]) => (await sys.db.pool.query(sql, params)).rows[0].n as number;
const adminAudits = () => count(`SELECT count(*)::int AS n FROM audit_log WHERE organization_id = $1 AND idempotency_key LIKE 'admin:%'`, [sys.organizationId]);

test('a refused change is a notice on its page, with the status of the refusal, and writes nothing', async () => {
  const audits = await adminAudits();
  const people = await count('SELECT count(*)::int AS n FROM people WHERE organization_id = $1', [sys.organizationId]);
  const roles = await count('SELECT count(*)::int AS n FROM role_assignments WHERE organization_id = $1', [sys.organizationId]);
  const legal = sys.people.legal!;

  const taken = await post('/admin/people', { fullName: 'นายซ้ำ อีเมล', email: legal.email, active: 'on' });
  expect(taken.statusCode).toBe(409);
  expect(taken.headers['content-type']).toContain('text/html');
  expect(taken.body).toContain(escapeHtml('อีเมลนี้มีผู้ใช้อยู่แล้วในองค์กร'));
  expect(taken.body).toContain(escapeHtml('นายซ้ำ อีเมล'));

  const noUnit = await post('/admin/roles', { personId: String(legal.id), role: 'owner', unitId: '' });
  expect(noUnit.statusCode).toBe(400);
  expect(noUnit.body).toContain(escapeHtml('บทบาทนี้ต้องระบุหน่วยงาน'));

  const backwards = await post('/admin/delegations', { role: 'mayor', delegatePersonId: String(legal.id), validFrom: '2027-01-10', validTo: '2027-01-01' });
  expect(backwards.statusCode).toBe(400);
  expect(backwards.body).toContain(escapeHtml('วันสิ้นสุดต้องไม่ก่อนวันเริ่ม'));

  const missing = await post('/admin/roles/999999/delete', {});
  expect(missing.statusCode).toBe(404);

  expect(await adminAudits()).toBe(audits);
  expect(await count('SELECT count(*)::int AS n FROM people WHERE organization_id = $1', [sys.organizationId])).toBe(people);
  expect(await count('SELECT count(*)::int AS n FROM role_assignments WHERE organization_id = $1', [sys.organizationId])).toBe(roles);
});

test('a change is made with its audit row, and a second unit with the same key is refused on the page', async () => {
  const audits = await adminAudits();
  const added = await post('/admin/units', { key: 'tourism', nameTh: 'กองการท่องเที่ยว', nameEn: 'Tourism Division' });
  expect(added.statusCode).toBe(303);
  expect(added.headers.location).toBe('/admin/units?done=added');
  const { rows } = await sys.db.pool.query(
    `SELECT action, actor FROM audit_log WHERE organization_id = $1 AND idempotency_key LIKE 'admin:%' ORDER BY id DESC LIMIT 1`,
    [sys.organizationId],
  );
  expect(rows[0]).toEqual({ action: 'unit_added', actor: `person:${sys.people.coordinator!.id}` });

  const again = await post('/admin/units', { key: 'tourism', nameTh: 'ซ้ำ', nameEn: 'Again' });
  expect(again.statusCode).toBe(409);
  expect(again.body).toContain(escapeHtml('รหัสหน่วยงานนี้มีอยู่แล้ว'));
  expect(await adminAudits()).toBe(audits + 1);
});

test('an administrator cannot grant themselves a role or the authority of the palad or the mayor', async () => {
  const audits = await adminAudits();
  const me = sys.people.coordinator!.id;
  const roles = () => count('SELECT count(*)::int AS n FROM role_assignments WHERE person_id = $1', [me]);
  const delegations = () => count('SELECT count(*)::int AS n FROM delegations WHERE delegate_person_id = $1', [me]);
  const [rolesBefore, delegationsBefore] = [await roles(), await delegations()];

  const role = await post('/admin/roles', { personId: String(me), role: 'mayor', unitId: '' });
  expect(role.statusCode).toBe(403);
  expect(role.body).toContain(escapeHtml('ผู้ดูแลระบบกำหนดบทบาทหรือรับมอบอำนาจให้ตนเองไม่ได้'));
  for (const delegated of ['palad', 'mayor']) {
    const refused = await post('/admin/delegations', { role: delegated, delegatePersonId: String(me), validFrom: '2027-01-01', validTo: '' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(escapeHtml('ผู้ดูแลระบบกำหนดบทบาทหรือรับมอบอำนาจให้ตนเองไม่ได้'));
  }
  expect(await roles()).toBe(rolesBefore);
  expect(await delegations()).toBe(delegationsBefore);
  expect(await adminAudits()).toBe(audits);
});

test('only an administrator reaches the pages', async () => {
  const page = await sys.app.inject({ url: '/admin/units', headers: { cookie: sys.cookieFor('legal') } });
  expect(page.statusCode).toBe(403);
});

const storedPolicy = async () =>
  (await sys.db.pool.query(`SELECT settings->'reminderPolicy' AS policy FROM organizations WHERE id = $1`, [sys.organizationId])).rows[0].policy as
    | Record<string, unknown>
    | null;

test('the late-start grace is stored from the reminder page and audited; outside 0 to 60 days, or not a number, it is refused', async () => {
  const page = await sys.app.inject({ url: '/admin/reminders', headers: { cookie: adminCookie } });
  expect(page.body).toContain('ช่วงผ่อนผันหลังเริ่มใช้ระบบ');
  expect(page.body).toMatch(/id="lateStartGraceDays" name="lateStartGraceDays" value="14"/);

  const audits = await adminAudits();
  const saved = await post('/admin/reminders', reminderForm('21'));
  expect(saved.statusCode).toBe(303);
  expect(saved.headers.location).toBe('/admin/reminders?done=saved');
  expect(await storedPolicy()).toMatchObject({ lateStartGraceDays: 21, overdueEveryDays: 3 });
  const { rows } = await sys.db.pool.query(
    `SELECT action, before, after FROM audit_log WHERE organization_id = $1 AND idempotency_key LIKE 'admin:%' ORDER BY id DESC LIMIT 1`,
    [sys.organizationId],
  );
  expect(rows[0]).toMatchObject({ action: 'reminder_policy_changed', after: { lateStartGraceDays: 21 } });
  expect(await adminAudits()).toBe(audits + 1);
  const shown = await sys.app.inject({ url: '/admin/reminders', headers: { cookie: adminCookie } });
  expect(shown.body).toMatch(/name="lateStartGraceDays" value="21"/);

  for (const bad of ['61', '-1', 'สิบสี่', '']) {
    const refused = await post('/admin/reminders', reminderForm(bad));
    expect({ bad, status: refused.statusCode }).toEqual({ bad, status: 400 });
    expect(refused.body).toContain(escapeHtml('ช่วงผ่อนผันหลังเริ่มใช้ระบบ ต้องเป็นจำนวนเต็ม 0 ถึง 60 วัน'));
    // What was typed stays in the box to be corrected.
    expect(refused.body).toContain(`name="lateStartGraceDays" value="${escapeHtml(bad)}"`);
  }
  const english = await sys.app.inject({
    method: 'POST',
    url: '/admin/reminders',
    headers: { cookie: `${adminCookie}; lang=en`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf, ...reminderForm('61') }).toString(),
  });
  expect(english.statusCode).toBe(400);
  expect(english.body).toContain('grace after go-live, which must be a whole number of days from 0 to 60');
  expect(await storedPolicy()).toMatchObject({ lateStartGraceDays: 21 });
  expect(await adminAudits()).toBe(audits + 1);

  expect((await post('/admin/reminders', reminderForm('0'))).statusCode).toBe(303);
  expect(await storedPolicy()).toMatchObject({ lateStartGraceDays: 0 });
});

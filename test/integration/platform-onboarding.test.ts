import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { auditKeyFrom, reconcileWithAudit, verifyAuditChain } from '../../db/audit';
import { addPlatformAdmin } from '../../services/platform';
import { fiscalYearScheduleId, reportScheduleId } from '../../services/schedules';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * Onboarding an organisation: the first platform administrator from the command line, the /platform page that
 * creates an organisation and invites its coordinator by e-mail, every refusal of the form (nothing stored), and
 * what the platform administrator may not see. Real PostgreSQL, the real SMTP path (a local SMTP server).
 */

const REPO = path.join(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');

let sys: TestSystem;
let platformCookie: string;

beforeAll(async () => {
  sys = await startTestSystem('platform');
  const { personId } = await addPlatformAdmin(
    { pool: sys.db.pool, auditKey: auditKeyFrom(sys.config) },
    { email: 'root@platform.example', fullName: 'นางสาวแพลต ฟอร์ม', grantedBy: 'test' },
  );
  platformCookie = await sys.newSessionCookie(personId);
});

/** Every test file shares the run's Temporal server: the organisation's schedules go with the file. */
const scheduleIds = () => [fiscalYearScheduleId(SLUG), reportScheduleId(SLUG, 'six_month'), reportScheduleId(SLUG, 'annual')];

afterAll(async () => {
  for (const id of scheduleIds()) await sys?.client.schedule.getHandle(id).delete().catch(() => undefined);
  await sys?.close();
});

async function csrfOf(url: string, cookie: string): Promise<string> {
  const page = await sys.app.inject({ url, headers: { cookie } });
  expect(page.statusCode).toBe(200);
  return /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
}

async function createOrganization(fields: Record<string, string>, cookie = platformCookie) {
  const csrf = await csrfOf('/platform', cookie);
  return sys.app.inject({
    method: 'POST',
    url: '/platform/organizations',
    headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf, ...fields }).toString(),
  });
}

const SLUG = `ban-mai-${Date.now().toString(36)}`;

const VALID = {
  kind: 'subdistrict_municipality',
  placeName: 'บ้านใหม่',
  district: 'เมือง',
  province: 'ขอนแก่น',
  slug: SLUG,
  coordinatorName: 'นางสาวสมใจ ตั้งใจ',
  coordinatorEmail: 'Somjai@Ban-Mai.example',
};

async function counts() {
  const { rows } = await sys.db.pool.query<{ orgs: number; people: number; audit: number; outbox: number }>(
    `SELECT (SELECT count(*)::int FROM organizations) AS orgs, (SELECT count(*)::int FROM people) AS people,
            (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM outbox) AS outbox`,
  );
  return rows[0]!;
}

describe('the first platform administrator', () => {
  test('is made by `platform admin add`, audited, and a rerun changes nothing', async () => {
    const run = async (args: string[]) => {
      try {
        const { stdout } = await promisify(execFile)(TSX, [path.join(REPO, 'cli/main.ts'), ...args], {
          cwd: REPO,
          env: { ...process.env, DATABASE_URL: sys.db.url, DATA_DIR: sys.config.DATA_DIR, NODE_ENV: 'test', APP_SECRET: sys.config.APP_SECRET },
          timeout: 60_000,
        });
        return { code: 0, stdout };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout + e.stderr };
      }
    };
    const first = await run(['platform', 'admin', 'add', 'ops@platform.example', '--name', 'นายปฏิบัติ การ']);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining('platform administrator added') });
    const again = await run(['platform', 'admin', 'add', 'OPS@platform.example', '--name', 'นายปฏิบัติ การ']);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('already a platform administrator') });
    expect((await run(['platform', 'admin', 'add', 'not-an-address', '--name', 'x'])).code).toBe(2);
    expect((await run(['platform', 'admin', 'add', 'ops2@platform.example'])).code).toBe(2);

    const { rows } = await sys.db.pool.query(
      `SELECT p.organization_id, a.granted_by FROM platform_admins a JOIN people p ON p.id = a.person_id WHERE lower(p.email) = 'ops@platform.example'`,
    );
    expect(rows).toEqual([{ organization_id: null, granted_by: 'cli' }]);
    const audited = await sys.db.pool.query("SELECT actor FROM audit_log WHERE action = 'platform_admin_added' AND after->>'email' = 'ops@platform.example'");
    expect(audited.rows).toEqual([{ actor: 'cli' }]);

    // Removing the grant ends the person's sessions at once, and is audited; a second removal says there was none.
    const { rows: ops } = await sys.db.pool.query<{ id: number }>("SELECT id FROM people WHERE organization_id IS NULL AND email = 'ops@platform.example'");
    const cookie = await sys.newSessionCookie(ops[0]!.id);
    expect((await sys.app.inject({ url: '/platform', headers: { cookie } })).statusCode).toBe(200);
    expect(await run(['platform', 'admin', 'remove', 'ops@platform.example'])).toMatchObject({ code: 0, stdout: expect.stringContaining('platform administrator removed') });
    expect((await sys.app.inject({ url: '/platform', headers: { cookie } })).headers.location).toMatch(/^\/signin/);
    expect((await sys.db.pool.query('SELECT 1 FROM platform_admins WHERE person_id = $1', [ops[0]!.id])).rowCount).toBe(0);
    const removed = await sys.db.pool.query("SELECT actor FROM audit_log WHERE action = 'platform_admin_removed' AND entity_id = $1", [String(ops[0]!.id)]);
    expect(removed.rows).toEqual([{ actor: 'cli' }]);
    expect((await run(['platform', 'admin', 'remove', 'ops@platform.example'])).code).toBe(1);
  }, 180_000);

  test('audit verify finds a platform administrator granted outside the command', async () => {
    const { rows } = await sys.db.pool.query<{ id: number }>("INSERT INTO people (full_name, email) VALUES ('แอบ เพิ่ม', 'sneaky@platform.example') RETURNING id");
    await sys.db.pool.query("INSERT INTO platform_admins (person_id, granted_by) VALUES ($1, 'sql')", [rows[0]!.id]);
    expect(await reconcileWithAudit(sys.db.pool)).toEqual([{ kind: 'not_audited', table: 'platform_admins', id: String(rows[0]!.id) }]);
    await sys.db.pool.query('DELETE FROM platform_admins WHERE person_id = $1', [rows[0]!.id]);
  });

  test('the database refuses a platform administrator who belongs to an organisation', async () => {
    await expect(
      sys.db.pool.query("INSERT INTO platform_admins (person_id, granted_by) VALUES ($1, 'forged')", [sys.people.coordinator!.id]),
    ).rejects.toThrow(/belongs to no organisation/);
  });

  test('signing in by address lands on /platform', async () => {
    const before = sys.smtp.mails.length;
    const asked = await sys.app.inject({
      method: 'POST',
      url: '/signin',
      headers: { origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=root%40platform.example',
    });
    expect(asked.statusCode).toBe(200);
    const mail = await waitForMail(before, 'root@platform.example');
    const link = /\/signin\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')![0];
    const signedIn = await useSignInLink(link);
    expect(signedIn.location).toBe('/platform');
    expect((await sys.app.inject({ url: '/platform', headers: { cookie: signedIn.cookie } })).statusCode).toBe(200);
  });
});

async function waitForMail(before: number, to: string) {
  for (let i = 0; i < 100; i++) {
    const mail = sys.smtp.mails.slice(before).find((m) => m.envelopeTo.includes(to));
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to}`);
}

async function useSignInLink(linkPath: string): Promise<{ location: string; cookie: string }> {
  const page = await sys.app.inject({ url: linkPath });
  expect(page.statusCode).toBe(200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const used = await sys.app.inject({
    method: 'POST',
    url: linkPath,
    headers: { origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf }).toString(),
  });
  expect(used.statusCode).toBe(303);
  const setCookie = String(used.headers['set-cookie']).split(';')[0]!;
  return { location: String(used.headers.location), cookie: setCookie };
}

describe('creating an organisation', () => {
  test('only a platform administrator opens /platform; an organisation administrator is refused', async () => {
    expect((await sys.app.inject({ url: '/platform' })).headers.location).toMatch(/^\/signin/);
    const orgAdmin = await sys.app.inject({ url: '/platform', headers: { cookie: sys.cookieFor('coordinator'), accept: 'application/json' } });
    expect(orgAdmin.statusCode).toBe(403);
    const page = await sys.app.inject({ url: '/platform', headers: { cookie: platformCookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(sys.organizationSlug);
    for (const kind of ['องค์การบริหารส่วนตำบล', 'เทศบาลตำบล', 'เทศบาลเมือง', 'เทศบาลนคร']) expect(page.body).toContain(kind);
  });

  test.each([
    ['an empty slug', '', 'กรุณากรอกชื่อย่อ', 'Please enter a slug'],
    ['capitals and Thai', 'บ้านใหม่-Ban', 'ใช้ได้เฉพาะอักษรภาษาอังกฤษตัวเล็ก', 'only lower-case letters'],
    ['a trailing hyphen', 'ban-mai-', 'ต้องไม่ขึ้นต้นหรือลงท้ายด้วยขีด', 'may not start or end with a hyphen'],
    ['one character', 'b', 'ต้องยาว 2 ถึง 63', '2 to 63 characters'],
    ['a reserved word', 'admin', 'สงวนไว้สำหรับระบบ', 'reserved'],
  ])('a bad slug (%s) is refused in Thai and English, and nothing is stored', async (_what, slug, th, en) => {
    const before = await counts();
    const response = await createOrganization({ ...VALID, slug });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(th);
    expect(response.body).toContain(en);
    expect(response.body).toContain('value="บ้านใหม่"');
    expect(await counts()).toEqual(before);
  });

  test('a taken slug is refused with 409 in Thai and English, and nothing is stored', async () => {
    const before = await counts();
    const response = await createOrganization({ ...VALID, slug: sys.organizationSlug });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('ชื่อย่อ (slug) นี้มีองค์กรอื่นใช้แล้ว');
    expect(response.body).toContain('Another organisation already uses this slug');
    expect(await counts()).toEqual(before);
  });

  test('other bad fields are named together with a bad slug', async () => {
    const before = await counts();
    const response = await createOrganization({ ...VALID, kind: 'province', coordinatorEmail: 'nobody', province: '', slug: 'ok-slug--x' });
    expect(response.statusCode).toBe(400);
    for (const text of ['ประเภทองค์กร', 'อีเมลผู้ประสานงาน', 'จังหวัด', 'ขีดติดกันสองตัว']) expect(response.body).toContain(text);
    expect(await counts()).toEqual(before);
  });

  test('a form from another site is refused', async () => {
    const response = await sys.app.inject({
      method: 'POST',
      url: '/platform/organizations',
      headers: { cookie: platformCookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      payload: new URLSearchParams({ csrf: 'forged', ...VALID }).toString(),
    });
    expect(response.statusCode).toBe(403);
  });

  test('a valid form creates the organisation, its units and coordinator, audited, and e-mails the invitation', async () => {
    const before = sys.smtp.mails.length;
    const response = await createOrganization(VALID);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/platform?created=${SLUG}`);

    const { rows: orgs } = await sys.db.pool.query('SELECT id, name, kind, district, province FROM organizations WHERE slug = $1', [SLUG]);
    expect(orgs).toEqual([{ id: expect.any(Number), name: 'เทศบาลตำบลบ้านใหม่', kind: 'subdistrict_municipality', district: 'เมือง', province: 'ขอนแก่น' }]);
    const orgId = Number(orgs[0].id);
    const { rows: people } = await sys.db.pool.query('SELECT id, full_name, email FROM people WHERE organization_id = $1', [orgId]);
    expect(people).toEqual([{ id: expect.any(Number), full_name: 'นางสาวสมใจ ตั้งใจ', email: 'somjai@ban-mai.example' }]);
    const { rows: roles } = await sys.db.pool.query('SELECT role FROM role_assignments WHERE organization_id = $1 ORDER BY role', [orgId]);
    expect(roles.map((r) => r.role)).toEqual(['admin', 'coordinator']);
    expect((await sys.db.pool.query('SELECT 1 FROM units WHERE organization_id = $1', [orgId])).rowCount).toBeGreaterThanOrEqual(10);
    const { rows: audit } = await sys.db.pool.query('SELECT action, actor FROM audit_log WHERE organization_id = $1 ORDER BY id', [orgId]);
    expect(audit.map((a) => a.action)).toEqual(['organization_created', 'units_added', 'person_added', 'role_assigned', 'role_assigned']);
    expect(new Set(audit.map((a) => a.actor)).size).toBe(1);
    expect(audit[0].actor).toMatch(/^person:\d+$/);
    expect((await verifyAuditChain(sys.db.pool, auditKeyFrom(sys.config))).ok).toBe(true);
    expect(await reconcileWithAudit(sys.db.pool)).toEqual([]);
    for (const id of scheduleIds()) {
      const schedule = await sys.client.schedule.getHandle(id).describe();
      expect(schedule.action).toMatchObject({ type: 'startWorkflow', args: [expect.objectContaining({ organizationSlug: SLUG })] });
    }

    const mail = await waitForMail(before, 'somjai@ban-mai.example');
    expect(mail.parsed.subject).toContain('เทศบาลตำบลบ้านใหม่');
    expect(mail.parsed.text).toContain('ผู้ประสานงานแผน');
    expect(mail.parsed.text).toContain('plan coordinator');
    const link = /\/signin\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')![0];
    const signedIn = await useSignInLink(link);
    expect(signedIn.location).toBe('/admin');
    const admin = await sys.app.inject({ url: '/admin', headers: { cookie: signedIn.cookie } });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain('นางสาวสมใจ ตั้งใจ');
    expect(admin.body).not.toContain(sys.people.legal!.email);

    const listed = await sys.app.inject({ url: `/platform?created=${SLUG}`, headers: { cookie: platformCookie } });
    expect(listed.body).toContain(`สร้างองค์กร ${SLUG}`);
    expect(listed.body).toContain('somjai@ban-mai.example');
  });
});

describe('inviting another coordinator', () => {
  async function invite(slug: string, fields: Record<string, string>, cookie = platformCookie) {
    const csrf = await csrfOf('/platform', platformCookie);
    return sys.app.inject({
      method: 'POST',
      url: `/platform/organizations/${slug}/coordinators`,
      headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf, ...fields }).toString(),
    });
  }

  test('a wrong first address is mended: the new coordinator is invited with both roles, audited', async () => {
    const before = sys.smtp.mails.length;
    const response = await invite(SLUG, { coordinatorName: 'นายแก้ ไขใหม่', coordinatorEmail: 'kae@ban-mai.example' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/platform?invited=${SLUG}`);
    const { rows } = await sys.db.pool.query(
      `SELECT array(SELECT role FROM role_assignments ra WHERE ra.person_id = p.id ORDER BY role) AS roles
       FROM people p JOIN organizations o ON o.id = p.organization_id WHERE o.slug = $1 AND p.email = 'kae@ban-mai.example'`,
      [SLUG],
    );
    expect(rows).toEqual([{ roles: ['admin', 'coordinator'] }]);
    expect(await reconcileWithAudit(sys.db.pool)).toEqual([]);
    const mail = await waitForMail(before, 'kae@ban-mai.example');
    expect(mail.parsed.subject).toContain('เทศบาลตำบลบ้านใหม่');
  });

  test('an address already in the organisation, a bad one or an unknown organisation is refused; nothing is stored', async () => {
    const before = await counts();
    const again = await invite(SLUG, { coordinatorName: 'ซ้ำ', coordinatorEmail: 'KAE@ban-mai.example' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('อีเมลนี้มีผู้ใช้อยู่แล้วในองค์กร');
    expect((await invite(SLUG, { coordinatorName: 'ผิด', coordinatorEmail: 'nope' })).statusCode).toBe(400);
    expect((await invite('no-such-org', { coordinatorName: 'ใคร', coordinatorEmail: 'who@x.example' })).statusCode).toBe(404);
    const orgAdmin = await invite(SLUG, { coordinatorName: 'แอบ', coordinatorEmail: 'sneak@x.example' }, sys.cookieFor('coordinator'));
    expect(orgAdmin.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('what a platform administrator may not see', () => {
  test.each(['/tasks', '/approvals', '/dashboard', '/admin', '/api/plans', '/api/plans/1'])('%s is refused', async (url) => {
    const response = await sys.app.inject({ url, headers: { cookie: platformCookie, accept: 'application/json' } });
    expect(response.statusCode).toBe(403);
  });

  test('the organisation list shows names, places and coordinators, not plans, items or other people', async () => {
    const page = await sys.app.inject({ url: '/platform', headers: { cookie: platformCookie } });
    expect(page.body).toContain(sys.people.coordinator!.email);
    for (const key of ['legal', 'mayor', 'palad', 'auditor']) expect(page.body).not.toContain(sys.people[key]!.email);
    expect(page.body).not.toContain('/items/');
  });
});

import { buildApp } from '../../api/app';
import { publicBaseUrl } from '../../config';
import { auditKeyFrom } from '../../db/audit';
import { storePlanVersion } from '../../db/plan-store';
import { createNotificationChannels } from '../../services/notify';
import { confirmPeopleImport, previewPeopleImport } from '../../services/people-import';
import { createOversightOffice, setOversightSharing } from '../../services/oversight';
import { addPlatformAdmin, createOrganization } from '../../services/platform';
import { fiscalYearScheduleId, reportScheduleId } from '../../services/schedules';
import { loadSeedPlan, sessionCookieHeader, startTestSystem, type TestSystem } from '../support/system';

/**
 * Attacks on authorisation, CSRF, sessions and headers, against the whole API: another organisation's people, a
 * stranger, another site's page, a stolen or left-behind session, and a flood of requests.
 */

let sys: TestSystem;
/**
 * A second organisation, onboarded as a real one is: created by a platform administrator (services/platform.ts),
 * its people imported by its invited coordinator (services/people-import.ts), its plan loaded. Its people, one of
 * each role, must see nothing of the first; the platform administrator nothing of either beyond /platform.
 */
const other = { slug: '', id: 0, planId: 0, people: {} as Record<string, number> };
const otherCookies: Record<string, string> = {};
let platformCookie = '';
/** An officer of the province office (สถ.จ.) of the first organisation's province, which shares with it. */
let officerCookie = '';

/** One person of each role the other organisation has, by the key the tests use, with their import row. */
const OTHER_PEOPLE: Array<{ key: string; row: string[] }> = [
  { key: 'mayor', row: ['นายก อื่น', 'นายกเทศมนตรีตำบล', '', '', 'mayor@other.example', '', 'นายก'] },
  { key: 'deputy1', row: ['รองนายก อื่น', 'รองนายกเทศมนตรีตำบล', '', '', 'deputy@other.example', '', 'รองนายก'] },
  { key: 'palad', row: ['ปลัด อื่น', 'หัวหน้าสำนักปลัด', 'สำนักปลัด', '', 'palad@other.example', '', 'ปลัด (รักษาราชการแทน), หัวหน้าส่วนราชการ'] },
  { key: 'finance-head', row: ['ผอ.คลัง อื่น', 'ผู้อำนวยการกองคลัง', 'กองคลัง', '', 'finance@other.example', '', 'หัวหน้าส่วนราชการ'] },
  { key: 'legal', row: ['นิติกร อื่น', 'นิติกร', 'สำนักปลัด', 'งานกฎหมายและคดี', 'legal@other.example', '', 'ผู้รับผิดชอบรายการ'] },
  { key: 'auditor', row: ['ผู้ตรวจ อื่น', 'นักวิชาการตรวจสอบภายใน', 'หน่วยตรวจสอบภายใน', '', 'auditor@other.example', '', 'ผู้ตรวจสอบภายใน'] },
];

beforeAll(async () => {
  sys = await startTestSystem('attacks');
  const auditKey = auditKeyFrom(sys.config);
  const platform = await addPlatformAdmin({ pool: sys.db.pool, auditKey }, { email: 'platform@attacks.example', fullName: 'ผู้ดูแลแพลตฟอร์ม', grantedBy: 'test' });
  platformCookie = await sessionCookieHeader(sys.db.pool, sys.config, platform.personId);
  other.slug = `other-${Date.now().toString(36)}`;
  const channels = createNotificationChannels(sys.config);
  try {
    const created = await createOrganization(
      { pool: sys.db.pool, auditKey, channels, publicBaseUrl: publicBaseUrl(sys.config), temporal: sys.client, taskQueue: sys.taskQueue },
      { personId: platform.personId, fullName: 'ผู้ดูแลแพลตฟอร์ม' },
      { kind: 'subdistrict_municipality', placeName: 'อื่น', district: 'เมือง', province: 'ขอนแก่น', slug: other.slug, coordinatorName: 'ผู้ประสาน อื่น', coordinatorEmail: 'coordinator@other.example' },
    );
    other.id = created.organizationId;
    other.people.coordinator = created.coordinatorPersonId;
  } finally {
    await channels.close();
  }
  const coordinator = { personId: other.people.coordinator!, organizationId: other.id };
  const signing = { secret: sys.config.APP_SECRET!, scope: 'test:attacks' };
  const csv = ['ชื่อ-นามสกุล,ตำแหน่ง,กอง,งาน,อีเมล,LINE,บทบาท', ...OTHER_PEOPLE.map((p) => p.row.map((c) => `"${c}"`).join(','))].join('\n');
  const preview = await previewPeopleImport({ pool: sys.db.pool, auditKey }, coordinator, { fileName: 'people.csv', bytes: Buffer.from(csv) }, signing);
  expect(preview.rows.flatMap((r) => r.problems.filter((p) => p.severity === 'error'))).toEqual([]);
  const stored = await confirmPeopleImport({ pool: sys.db.pool, auditKey }, coordinator, { fileName: 'people.csv', ...preview.confirmable! }, signing);
  expect(stored).toMatchObject({ stored: true, people: OTHER_PEOPLE.length });
  const { rows } = await sys.db.pool.query<{ id: number; email: string }>('SELECT id, email FROM people WHERE organization_id = $1', [other.id]);
  for (const p of OTHER_PEOPLE) other.people[p.key] = rows.find((r) => r.email === p.row[4])!.id;
  const loaded = await storePlanVersion(sys.db.pool, {
    organizationSlug: other.slug,
    plan: await loadSeedPlan(),
    loadKey: 'test:attacks-b',
    sourceName: 'khek-noi.plan.json',
    sourceSha256: 'test',
    loadedBy: 'test',
  });
  expect(loaded.organizationId).toBe(other.id);
  other.planId = loaded.planId;
  for (const [key, id] of Object.entries(other.people)) otherCookies[key] = await sessionCookieHeader(sys.db.pool, sys.config, id);

  const { rows: [place] } = await sys.db.pool.query<{ province: string }>('SELECT province FROM organizations WHERE id = $1', [sys.organizationId]);
  await setOversightSharing({ pool: sys.db.pool, auditKey }, { personId: sys.people.coordinator!.id, organizationId: sys.organizationId }, true);
  const officeChannels = createNotificationChannels(sys.config);
  try {
    await createOversightOffice(
      { pool: sys.db.pool, auditKey, channels: officeChannels, publicBaseUrl: publicBaseUrl(sys.config) },
      { personId: platform.personId, fullName: 'ผู้ดูแลแพลตฟอร์ม' },
      { level: 'province', name: `สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด${place!.province}`, province: place!.province, district: '', officerName: 'เจ้าหน้าที่ สถ.จ.', officerEmail: 'officer@attacks.example' },
    );
  } finally {
    await officeChannels.close();
  }
  const { rows: [officer] } = await sys.db.pool.query<{ id: number }>("SELECT id FROM people WHERE email = 'officer@attacks.example'");
  officerCookie = await sessionCookieHeader(sys.db.pool, sys.config, officer!.id);
});

afterAll(async () => {
  // Every test file shares the run's Temporal server: the onboarded organisation's schedules go with the file.
  for (const id of [fiscalYearScheduleId(other.slug), reportScheduleId(other.slug, 'six_month'), reportScheduleId(other.slug, 'annual')]) {
    await sys?.client.schedule.getHandle(id).delete().catch(() => undefined);
  }
  await sys?.close();
});


describe('another organisation', () => {
  test.each(['coordinator', 'palad', 'mayor'])("a %s cannot read a person's tasks in another organisation", async (key) => {
    const response = await sys.app.inject({ url: `/api/people/${sys.people.legal!.id}/tasks`, headers: { cookie: otherCookies[key]! } });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain(sys.organizationSlug);
    const own = await sys.app.inject({ url: `/api/people/${other.people.legal}/tasks`, headers: { cookie: otherCookies[key]! } });
    expect(own.statusCode).toBe(200);
  });

  test('plans are for the signed-in people of their organisation', async () => {
    expect((await sys.app.inject({ url: '/api/plans' })).statusCode).toBe(401);
    expect((await sys.app.inject({ url: `/api/plans/${sys.planId}` })).statusCode).toBe(401);
    expect((await sys.app.inject({ url: `/api/plans/${sys.planId}/findings` })).statusCode).toBe(401);
    const list = await sys.app.inject({ url: '/api/plans', headers: { cookie: otherCookies.coordinator! } });
    expect(list.json().plans.map((p: { organizationSlug: string }) => p.organizationSlug)).toEqual([other.slug]);
    for (const suffix of ['', '/findings']) {
      const foreign = await sys.app.inject({ url: `/api/plans/${sys.planId}${suffix}`, headers: { cookie: otherCookies.coordinator! } });
      expect(foreign.statusCode).toBe(404);
    }
    const own = await sys.app.inject({ url: `/api/plans/${sys.planId}`, headers: { cookie: sys.cookieFor('legal') } });
    expect(own.statusCode).toBe(200);
    expect(own.json().items.length).toBeGreaterThan(0);
  });
});

describe('requests from another site', () => {
  const step = () => `/api/items/1.1/years/2570/steps/s1/complete?org=${sys.organizationSlug}`;

  test.each([
    ['text/plain', 'text/plain', '{"notes":"x"}'],
    ['no body at all', undefined, undefined],
    ['a form', 'application/x-www-form-urlencoded', 'notes=x'],
  ])('step completion refuses %s with 415', async (_what, type, payload) => {
    const response = await sys.app.inject({
      method: 'POST',
      url: step(),
      headers: { cookie: sys.cookieFor('coordinator'), origin: sys.origin, ...(type ? { 'content-type': type } : {}) },
      ...(payload === undefined ? {} : { payload }),
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/[ก-๙]/), messageEn: expect.any(String) });
  });

  test.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a sibling subdomain', { origin: 'http://evil.sujarit.test' }],
    ['a same-site fetch without Origin', { 'sec-fetch-site': 'same-site' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
  ])('a cookie-authenticated write with %s is refused with 403', async (_what, origin: Record<string, string>) => {
    const response = await sys.app.inject({
      method: 'POST',
      url: `/api/items/1.1/years/2570/proposal?org=${sys.organizationSlug}`,
      headers: { cookie: sys.cookieFor('coordinator'), 'content-type': 'application/json', ...origin },
      payload: { memo: 'forged', budget: null },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
    const form = await sys.app.inject({
      method: 'POST',
      url: '/admin/units',
      headers: { cookie: sys.cookieFor('coordinator'), 'content-type': 'application/x-www-form-urlencoded', ...origin },
      payload: 'key=forged&nameTh=forged',
    });
    expect(form.statusCode).toBe(403);
    expect((await sys.db.pool.query("SELECT 1 FROM units WHERE key = 'forged'")).rowCount).toBe(0);
  });

  test('a web upload with a wrong CSRF field is refused before its file is read', async () => {
    const boundary = '----attack-boundary';
    // Bigger than the evidence limit: reading it would have answered 413, not the CSRF refusal.
    const big = Buffer.alloc(11 * 1024 * 1024, 0x41);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nwrong\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      big,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await sys.app.inject({
      method: 'POST',
      url: '/items/1.1/years/2570/steps/s1',
      headers: { cookie: sys.cookieFor('coordinator'), origin: sys.origin, 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
  });
});

describe('sessions', () => {
  const tasks = (cookie: string) => sys.app.inject({ url: `/api/people/${sys.people.auditor!.id}/tasks`, headers: { cookie } });

  async function signOut(cookie: string, everywhere = false) {
    const page = await sys.app.inject({ url: '/tasks', headers: { cookie } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(csrf).toBeDefined();
    return sys.app.inject({
      method: 'POST',
      url: '/signout',
      headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: csrf!, ...(everywhere ? { everywhere: '1' } : {}) }).toString(),
    });
  }

  test('signing out revokes the session on the server, not only the cookie', async () => {
    const cookie = await sys.newSessionCookie(sys.people.auditor!.id);
    expect((await tasks(cookie)).statusCode).toBe(200);
    expect((await signOut(cookie)).statusCode).toBe(303);
    // The same cookie, replayed (kept by an attacker or a shared computer), no longer signs anyone in.
    expect((await tasks(cookie)).statusCode).toBe(401);
    const stored = await sys.db.pool.query('SELECT token_hash FROM sessions');
    expect(stored.rows.every((r: { token_hash: string }) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    expect(JSON.stringify(stored.rows)).not.toContain(decodeURIComponent(cookie.split('=')[1]!).split('.')[2]);
  });

  test('"sign out everywhere" ends every session of the person and only theirs', async () => {
    const phone = await sys.newSessionCookie(sys.people.auditor!.id);
    const desk = await sys.newSessionCookie(sys.people.auditor!.id);
    const colleague = await sys.newSessionCookie(sys.people.legal!.id);
    expect((await signOut(desk, true)).statusCode).toBe(303);
    expect((await tasks(phone)).statusCode).toBe(401);
    expect((await tasks(desk)).statusCode).toBe(401);
    const other = await sys.app.inject({ url: `/api/people/${sys.people.legal!.id}/tasks`, headers: { cookie: colleague } });
    expect(other.statusCode).toBe(200);
  });

  test('a session unused past the idle timeout ends', async () => {
    const cookie = await sys.newSessionCookie(sys.people.auditor!.id);
    expect((await tasks(cookie)).statusCode).toBe(200);
    await sys.db.pool.query("UPDATE sessions SET last_seen_at = now() - interval '3 hours' WHERE person_id = $1 AND revoked_at IS NULL", [sys.people.auditor!.id]);
    expect((await tasks(cookie)).statusCode).toBe(401);
    // The sign-in page does not bounce an ended session back to /tasks.
    expect((await sys.app.inject({ url: '/signin', headers: { cookie } })).statusCode).toBe(200);
  });

  test("removing a person's role ends their sessions", async () => {
    const owner = sys.people['finance-owner']!.id;
    const cookie = await sys.newSessionCookie(owner);
    expect((await sys.app.inject({ url: `/api/people/${owner}/tasks`, headers: { cookie } })).statusCode).toBe(200);
    const role = await sys.db.pool.query<{ id: string }>('SELECT id FROM role_assignments WHERE person_id = $1 LIMIT 1', [owner]);
    const admin = sys.cookieFor('coordinator');
    const page = await sys.app.inject({ url: `/admin/people/${owner}`, headers: { cookie: admin } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const removed = await sys.app.inject({
      method: 'POST',
      url: `/admin/roles/${role.rows[0]!.id}/delete`,
      headers: { cookie: admin, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf }).toString(),
    });
    expect(removed.statusCode).toBe(303);
    expect((await sys.app.inject({ url: `/api/people/${owner}/tasks`, headers: { cookie } })).statusCode).toBe(401);
    expect((await sys.app.inject({ url: '/tasks', headers: { cookie: admin } })).statusCode).toBe(200);
  });

  test('a signed cookie for a session the server never issued is refused', async () => {
    const cookie = await sys.newSessionCookie(sys.people.auditor!.id);
    await sys.db.pool.query('DELETE FROM sessions WHERE person_id = $1', [sys.people.auditor!.id]);
    expect((await tasks(cookie)).statusCode).toBe(401);
  });
});

describe('headers and read-only pages', () => {
  test('every answer carries the security headers; HSTS only in production', async () => {
    for (const url of ['/api/health/live', '/signin', '/public/no-such-org']) {
      const response = await sys.app.inject({ url });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
    const decision = await sys.app.inject({ url: '/d/ZGVjaXNpb24tdG9rZW4tdGhhdC1tdXN0LW5vdC1sZWFr' });
    expect(decision.headers['content-security-policy']).toContain("default-src 'none'");
    expect(decision.headers['cache-control']).toBe('no-store');
    const production = await buildApp({ config: { ...sys.config, isProduction: true }, pool: sys.db.pool, temporal: sys.client });
    try {
      const response = await production.inject({ url: '/api/health/live' });
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await production.close();
    }
  });

  test('opening the holidays page changes nothing; loading the defaults is a POST', async () => {
    const count = async () => (await sys.db.pool.query('SELECT count(*)::int AS n FROM holidays WHERE organization_id = $1', [sys.organizationId])).rows[0].n;
    const cookie = sys.cookieFor('coordinator');
    const page = await sys.app.inject({ url: '/admin/holidays', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(await count()).toBe(0);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    expect(page.body).toContain('action="/admin/holidays/seed"');
    const seed = await sys.app.inject({
      method: 'POST',
      url: '/admin/holidays/seed',
      headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf, fy: '2570' }).toString(),
    });
    expect(seed.statusCode).toBe(303);
    expect(seed.headers.location).toContain('done=seeded');
    expect(await count()).toBeGreaterThan(0);
  });
});

test('past the per-address limit, sign-in and decision links answer 429 in Thai and English', async () => {
  const limited = await buildApp({ config: { ...sys.config, RATE_LIMIT_PER_MINUTE: 3 }, pool: sys.db.pool, temporal: sys.client });
  try {
    const signIn = () =>
      limited.inject({
        method: 'POST',
        url: '/signin',
        headers: { origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        payload: 'email=nobody%40example.com',
      });
    for (let i = 0; i < 3; i++) expect((await signIn()).statusCode).toBe(200);
    const refused = await signIn();
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('มีคำขอ'), messageEn: expect.stringContaining('Too many requests') });
    const link = '/d/ZGVjaXNpb24tdG9rZW4tdGhhdC1tdXN0LW5vdC1sZWFr';
    const post = () => limited.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'csrf=x' });
    for (let i = 0; i < 3; i++) expect((await post()).statusCode).toBe(403);
    expect((await post()).statusCode).toBe(429);
  } finally {
    await limited.close();
  }
});

/**
 * Every registered route, from the app's own route table, asked by nobody, by a person of another organisation, by
 * the platform administrator and by an oversight officer.
 * A new route is refused unless it is added to the public exceptions here on purpose.
 */
describe('one authorisation layer over every route', () => {
  /** Routes anyone may reach: each checks its own token, or shows only what is public. */
  const PUBLIC = new Set([
    'GET /',
    'GET /signin',
    'POST /signin',
    'GET /signin/:token',
    'POST /signin/:token',
    'GET /lang/:lang',
    'GET /d/:token',
    'POST /d/:token',
    'POST /d/:token/renew',
    'GET /api/health',
    'GET /api/health/live',
    'GET /public/:org',
    'GET /public/:org/reports/:kind/:fy',
    'GET /public/:org/reports/:kind/:fy/:format',
    'GET /reports/:id/:format',
    // Published reports only, as on the public page; the organisation's drafts only to its people.
    'GET /api/reports',
    'GET /assets/fonts/:file',
    'GET /assets/upload.js',
  ]);
  /** Signed-in views of the reader's own organisation: nothing of another organisation may appear in them. */
  const OWN_ORGANISATION = new Set([
    'GET /tasks',
    'GET /approvals',
    'GET /dashboard',
    'GET /dashboard.xlsx',
    'GET /dashboard/eplannacc',
    'GET /dashboard/ita',
    'GET /dashboard/ita.zip',
    'GET /admin',
    'GET /admin/units',
    'GET /admin/delegations',
    'GET /admin/reminders',
    'GET /admin/holidays',
    'GET /admin/ita',
    'GET /admin/people/import',
    'GET /admin/people/import/template.xlsx',
    // Whether the reader's own organisation shares with its province and district offices.
    'GET /admin/oversight',
    // The coordinator's plan upload form; the import pages behind it are the organisation's own (404 to others).
    'GET /plans/import',
    // The coordinator's go-live page lists the reader's own organisation's running year; its forms are refused without the page's token.
    'GET /golive',
    'GET /golive/earlier-years',
    'GET /api/plans',
    'GET /api/session',
    'POST /api/reports',
    'POST /signout',
    // The reader's own LINE link page; the webhook beside it (POST /line/webhook) is refused without LINE's signature.
    'GET /me/line',
  ]);
  /** The platform administrator's own pages: refused to every organisation's people. */
  const PLATFORM = new Set([
    'GET /platform',
    'POST /platform/organizations',
    'POST /platform/organizations/:slug/coordinators',
    'POST /platform/oversight-offices',
    'POST /platform/oversight-offices/:id/officers',
  ]);
  /** The oversight officer's own pages: refused to every organisation's people and to the platform administrator. */
  const OVERSIGHT = new Set(['GET /oversight', 'GET /oversight.xlsx']);

  const routes = () => sys.app.routeTable.filter((r) => r.method !== 'HEAD' && !r.url.includes('*'));

  function concrete(url: string, withOrg = true): string {
    const path = url
      .replace(':code', '1.1')
      .replace(':fy', '2570')
      .replace(':stepKey', 's1')
      .replace(':pointId', '1')
      .replace(':id', url.startsWith('/api/evidence') ? '00000000-0000-4000-8000-000000000000' : url.startsWith('/api/plans') ? String(sys.planId) : url.startsWith('/api/people') ? String(sys.people.legal!.id) : '1')
      .replace(':format', 'pdf')
      .replace(':kind', 'annual')
      .replace(':org', sys.organizationSlug);
    return withOrg ? `${path}?org=${sys.organizationSlug}` : path;
  }

  async function ask(method: string, url: string, cookie?: string, withOrg = true) {
    const form = !url.startsWith('/api/');
    return sys.app.inject({
      method: method as 'GET',
      url: concrete(url, withOrg),
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(method === 'GET' ? {} : { origin: sys.origin, 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
      },
      ...(method === 'GET' ? {} : { payload: form ? '' : '{}' }),
    });
  }

  const refused = (status: number, location: unknown) => [401, 403, 404].includes(status) || (status === 303 && String(location).startsWith('/signin'));

  test('the route table is there to walk', () => {
    expect(routes().length).toBeGreaterThan(40);
    for (const key of [...PUBLIC, ...OWN_ORGANISATION, ...PLATFORM, ...OVERSIGHT]) {
      expect(routes().map((r) => `${r.method} ${r.url}`)).toContain(key);
    }
  });

  test('nobody signed in is refused everywhere but the public exceptions', async () => {
    const answered: string[] = [];
    for (const { method, url } of routes()) {
      const key = `${method} ${url}`;
      if (PUBLIC.has(key)) continue;
      const response = await ask(method, url);
      if (!refused(response.statusCode, response.headers.location)) answered.push(`${key} → ${response.statusCode}`);
    }
    expect(answered).toEqual([]);
  });

  test("every role of another organisation is refused everything of this organisation's", async () => {
    expect(Object.keys(otherCookies).sort()).toEqual(['auditor', 'coordinator', 'deputy1', 'finance-head', 'legal', 'mayor', 'palad']);
    const answered: string[] = [];
    for (const { method, url } of routes()) {
      const key = `${method} ${url}`;
      if (PUBLIC.has(key)) continue;
      for (const [who, cookie] of Object.entries(otherCookies)) {
        // Own-organisation views are asked without ?org=, which the page would echo back in its links.
        const response = await ask(method, url, cookie, !OWN_ORGANISATION.has(key));
        if (OWN_ORGANISATION.has(key)) {
          expect(response.body).not.toContain(sys.organizationSlug);
          continue;
        }
        if (!refused(response.statusCode, response.headers.location)) answered.push(`${who}: ${key} → ${response.statusCode}`);
      }
    }
    expect(answered).toEqual([]);
  });

  test('the platform administrator is refused every organisation route, and sees only names and coordinators', async () => {
    const answered: string[] = [];
    for (const { method, url } of routes()) {
      const key = `${method} ${url}`;
      if (PUBLIC.has(key) || key === 'GET /platform') continue;
      const response = await ask(method, url, platformCookie, !OWN_ORGANISATION.has(key));
      if (!refused(response.statusCode, response.headers.location)) answered.push(`${key} → ${response.statusCode}`);
    }
    expect(answered).toEqual([]);
    const page = await sys.app.inject({ url: '/platform', headers: { cookie: platformCookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(other.slug);
    expect(page.body).toContain(sys.organizationSlug);
    for (const email of ['legal@other.example', 'palad@other.example', sys.people.legal!.email, sys.people.mayor!.email]) expect(page.body).not.toContain(email);
    expect(page.body).not.toContain((await loadSeedPlan()).items[0]!.name);
  });

  test('the oversight officer is refused every organisation route and the platform, and sees only the summary', async () => {
    const answered: string[] = [];
    for (const { method, url } of routes()) {
      const key = `${method} ${url}`;
      if (PUBLIC.has(key) || OVERSIGHT.has(key)) continue;
      const response = await ask(method, url, officerCookie, !OWN_ORGANISATION.has(key));
      if (!refused(response.statusCode, response.headers.location)) answered.push(`${key} → ${response.statusCode}`);
    }
    expect(answered).toEqual([]);
    const page = await sys.app.inject({ url: '/oversight?fy=2570&round=6', headers: { cookie: officerCookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/public/${sys.organizationSlug}"`);
    // The other organisation is of another province (and does not share).
    expect(page.body).not.toContain(other.slug);
    const main = page.body.slice(page.body.indexOf('<main'));
    for (const email of [sys.people.legal!.email, sys.people.mayor!.email]) expect(main).not.toContain(email);
    expect(main).not.toContain((await loadSeedPlan()).items[0]!.name);
  });

  test('the oversight pages are refused to every organisation\'s people and to the platform administrator', async () => {
    for (const key of OVERSIGHT) {
      const [method, url] = key.split(' ') as [string, string];
      for (const cookie of [...Object.values(otherCookies), sys.cookieFor('coordinator'), sys.cookieFor('mayor'), platformCookie]) {
        const response = await ask(method, url, cookie, false);
        expect([key, response.statusCode]).toEqual([key, 403]);
      }
    }
  });

  test("the platform pages are refused to every organisation's people", async () => {
    for (const key of PLATFORM) {
      const [method, url] = key.split(' ') as [string, string];
      for (const cookie of [...Object.values(otherCookies), sys.cookieFor('coordinator'), officerCookie]) {
        const response = await ask(method, url, cookie, false);
        expect([key, response.statusCode]).toEqual([key, 403]);
      }
    }
  });
});

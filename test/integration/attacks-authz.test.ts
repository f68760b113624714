import { buildApp } from '../../api/app';
import { seedDemoPeople, DEMO_PEOPLE } from '../../db/dev-seed';
import { storePlanVersion } from '../../db/plan-store';
import { loadSeedPlan, sessionCookieHeader, startTestSystem, type TestSystem } from '../support/system';

/**
 * Attacks on authorisation, CSRF, sessions and headers, against the whole API: another organisation's people, a
 * stranger, another site's page, a stolen or left-behind session, and a flood of requests.
 */

let sys: TestSystem;
/** A second organisation, with the same demo people, whose people must see nothing of the first. */
const other = { slug: '', id: 0, planId: 0, people: {} as Record<string, number> };
const otherCookies: Record<string, string> = {};

beforeAll(async () => {
  sys = await startTestSystem('attacks');
  other.slug = `other-${Date.now().toString(36)}`;
  const stored = await storePlanVersion(sys.db.pool, {
    organizationSlug: other.slug,
    plan: await loadSeedPlan(),
    loadKey: 'test:attacks-b',
    sourceName: 'khek-noi.plan.json',
    sourceSha256: 'test',
    loadedBy: 'test',
  });
  other.id = stored.organizationId;
  other.planId = stored.planId;
  await seedDemoPeople(sys.db.pool, stored.organizationId, other.slug);
  const { rows } = await sys.db.pool.query<{ id: number }>('SELECT id FROM people WHERE organization_id = $1 ORDER BY id', [other.id]);
  DEMO_PEOPLE.forEach((p, i) => {
    other.people[p.key] = rows[i]!.id;
  });
  for (const key of ['coordinator', 'palad', 'mayor', 'legal']) {
    otherCookies[key] = await sessionCookieHeader(sys.db.pool, sys.config, other.people[key]!);
  }
});

afterAll(async () => {
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
 * Every registered route, from the app's own route table, asked by nobody and by a person of another organisation.
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
    'GET /admin',
    'GET /admin/units',
    'GET /admin/delegations',
    'GET /admin/reminders',
    'GET /admin/holidays',
    'GET /api/plans',
    'POST /api/reports',
    'POST /signout',
  ]);

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
    for (const key of [...PUBLIC, ...OWN_ORGANISATION]) {
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

  test("a person of another organisation is refused everything of this organisation's", async () => {
    const answered: string[] = [];
    for (const { method, url } of routes()) {
      const key = `${method} ${url}`;
      if (PUBLIC.has(key)) continue;
      for (const cookie of [otherCookies.coordinator!, otherCookies.mayor!]) {
        // Own-organisation views are asked without ?org=, which the page would echo back in its links.
        const response = await ask(method, url, cookie, !OWN_ORGANISATION.has(key));
        if (OWN_ORGANISATION.has(key)) {
          expect(response.body).not.toContain(sys.organizationSlug);
          continue;
        }
        if (!refused(response.statusCode, response.headers.location)) answered.push(`${key} → ${response.statusCode}`);
      }
    }
    expect(answered).toEqual([]);
  });
});

import { startTestSystem, type TestSystem } from '../support/system';

/**
 * Cross-site request forgery against every cookie-authenticated write, from the app's own route table: another
 * site's page (a foreign Origin), and a request that names no origin at all (an old browser, a stripping proxy) and
 * carries no CSRF token. Both are refused before anything is stored; the token makes the same request pass.
 */

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('csrf');
});

afterAll(async () => {
  await sys?.close();
});

/**
 * Writes that a session makes: every non-GET route but those reached through a secret link or the sign-in form, and
 * LINE's webhook, which a signature over its body authenticates.
 */
const cookieWrites = () =>
  sys.app.routeTable.filter(
    (r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !r.url.includes('*') && !r.linkAuthenticated && !r.signatureAuthenticated,
  );

function concrete(url: string): string {
  return `${url
    .replace(':code', '1.1')
    .replace(':fy', '2570')
    .replace(':stepKey', 's1')
    .replace(':pointId', '1')
    .replace(':id', '1')}?org=${sys.organizationSlug}`;
}

/** What a forged write could have changed, counted before and after the walk. */
async function storedCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['commands', 'audit_log', 'units', 'people', 'role_assignments', 'delegations', 'holidays', 'sessions', 'decisions']) {
    counts[table] = (await sys.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  }
  return counts;
}

function send(method: string, url: string, headers: Record<string, string>) {
  const api = url.startsWith('/api/');
  return sys.app.inject({
    method: method as 'POST',
    url: concrete(url),
    headers: { accept: 'application/json', 'content-type': api ? 'application/json' : 'application/x-www-form-urlencoded', ...headers },
    payload: api ? '{}' : 'nameTh=forged&key=forged&memo=forged',
  });
}

test('there are cookie-authenticated writes to walk, on the pages and the JSON API', () => {
  const keys = cookieWrites().map((r) => `${r.method} ${r.url}`);
  expect(keys).toEqual(expect.arrayContaining(['POST /api/items/:code/years/:fy/proposal', 'POST /admin/roles', 'POST /signout']));
  expect(keys.length).toBeGreaterThan(20);
});

test('every cookie-authenticated write refuses a foreign Origin and a missing CSRF token, and stores nothing', async () => {
  const before = await storedCounts();
  const answered: string[] = [];
  const cookie = sys.cookieFor('coordinator');
  for (const { method, url } of cookieWrites()) {
    const attempts: Array<[string, Record<string, string>]> = [
      ['foreign Origin', { cookie, origin: 'https://evil.example' }],
      ['foreign Origin with the token', { ...sys.apiHeaders('coordinator'), origin: 'https://evil.example' }],
      ['no Origin, no token', { cookie }],
      ['no Origin, a wrong token', { cookie, 'x-csrf-token': 'forged' }],
    ];
    // A page's form carries its token in the body: the page refuses it missing even from its own Origin.
    if (!url.startsWith('/api/')) attempts.push(['own Origin, no token', { cookie, origin: sys.origin }]);
    for (const [what, headers] of attempts) {
      const response = await send(method, url, headers);
      if (response.statusCode !== 403) answered.push(`${method} ${url} (${what}) → ${response.statusCode}`);
      else expect(response.json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/[ก-๙]/), messageEn: expect.any(String) });
    }
  }
  expect(answered).toEqual([]);
  expect(await storedCounts()).toEqual(before);
});

test('the CSRF token from GET /api/session lets a script write without an Origin; another session’s token does not', async () => {
  const cookie = sys.cookieFor('coordinator');
  const session = await sys.app.inject({ url: '/api/session', headers: { cookie } });
  expect(session.statusCode).toBe(200);
  expect(session.headers['cache-control']).toBe('no-store');
  const { csrfToken, csrfHeader, personId } = session.json();
  expect(personId).toBe(sys.people.coordinator!.id);
  expect(csrfHeader).toBe('x-csrf-token');
  const report = (headers: Record<string, string>) =>
    sys.app.inject({ method: 'POST', url: '/api/reports', headers: { 'content-type': 'application/json', ...headers }, payload: { kind: 'six-month', fiscalYear: 1 } });
  // Past the guard, the body is judged: an impossible fiscal year is a 400, not the CSRF refusal.
  expect((await report({ cookie, 'x-csrf-token': csrfToken })).statusCode).toBe(400);
  const otherSession = sys.apiHeaders('mayor')['x-csrf-token'];
  expect((await report({ cookie, 'x-csrf-token': otherSession })).statusCode).toBe(403);
  expect((await sys.app.inject({ url: '/api/session' })).statusCode).toBe(401);
});

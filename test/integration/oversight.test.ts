import ExcelJS from 'exceljs';
import { publicBaseUrl } from '../../config';
import { auditKeyFrom, reconcileWithAudit } from '../../db/audit';
import { seedDemoPeople, DEMO_PEOPLE } from '../../db/dev-seed';
import { storePlanVersion } from '../../db/plan-store';
import { applyItemYearState, ensureItemYears, upsertItemYearSteps } from '../../db/queries/item-years';
import { createNotificationChannels } from '../../services/notify';
import { createOversightOffice, oversightView, requireOversightOfficer, setOversightSharing } from '../../services/oversight';
import { addPlatformAdmin } from '../../services/platform';
import type { ItemYearState } from '../../workflows/item-year/messages';
import { loadSeedPlan, startTestSystem, type TestSystem } from '../support/system';

/**
 * The province's view: a province office of ขอนแก่น, three organisations of that province (two share with it, one
 * does not) and one of เพชรบูรณ์ that shares. The officer, invited by a platform administrator and signed in through
 * the invitation, sees exactly the two, with figures computed here by hand from the fixture; the XLSX has the same
 * rows; one organisation's opt-out takes it away; every organisation page and API refuses the officer.
 */

let sys: TestSystem;
let officerCookie = '';
let officerPersonId = 0;
let platformPersonId = 0;
/** The organisations besides the system's own (`a`): slug, id, and their demo people by key. */
const orgs: Record<'a' | 'b' | 'c' | 'd', { slug: string; id: number; planId: number; people: Record<string, number> }> = {
  a: { slug: '', id: 0, planId: 0, people: {} },
  b: { slug: '', id: 0, planId: 0, people: {} },
  c: { slug: '', id: 0, planId: 0, people: {} },
  d: { slug: '', id: 0, planId: 0, people: {} },
};
const PLACES = {
  a: { province: 'ขอนแก่น', district: 'เมืองขอนแก่น' },
  b: { province: 'จังหวัดขอนแก่น', district: 'ชุมแพ' },
  c: { province: 'ขอนแก่น', district: 'เมืองขอนแก่น' },
  d: { province: 'เพชรบูรณ์', district: 'เขาค้อ' },
} as const;

const at = (iso: string) => Date.parse(iso);

async function project(org: keyof typeof orgs, code: string, state: Partial<ItemYearState> & Pick<ItemYearState, 'status' | 'phase'>, completedAt: string | null = null) {
  const { rows } = await sys.db.pool.query<{ id: number; workflowId: string }>(
    'SELECT id, workflow_id AS "workflowId" FROM item_years WHERE organization_id = $1 AND item_code = $2 AND fiscal_year = 2570',
    [orgs[org].id, code],
  );
  const full: ItemYearState = {
    workflowId: rows[0]!.workflowId,
    revision: 5,
    ownerPersonId: orgs[org].people.legal!,
    steps: [],
    budgetSpent: null,
    decisions: [],
    history: [],
    processedIds: [],
    ...state,
  };
  expect(await applyItemYearState(sys.db.pool, rows[0]!.id, full)).toBe(true);
  await upsertItemYearSteps(sys.db.pool, rows[0]!.id, full.steps);
  await sys.db.pool.query('UPDATE item_years SET started_at = $2, completed_at = $3 WHERE id = $1', [rows[0]!.id, '2026-09-30T17:00:00Z', completedAt]);
}

const step = (key: string, dueAt: string, completedAt?: string) => ({
  key,
  ordinal: Number(key.slice(1)),
  text: `ขั้นตอน ${key}`,
  phase: 'execution' as const,
  dueAtMs: at(dueAt),
  status: completedAt ? ('done' as const) : ('pending' as const),
  ...(completedAt ? { completedAtMs: at(completedAt) } : {}),
});

async function insertReport(org: keyof typeof orgs, kind: 'six_month' | 'annual', version: number, status: string, publishedAt: string | null) {
  await sys.db.pool.query(
    `INSERT INTO reports (organization_id, kind, fiscal_year, version, status, snapshot, snapshot_sha256, published_at)
     VALUES ($1, $2, 2570, $3, $4, '{}'::jsonb, repeat('0', 64), $5)`,
    [orgs[org].id, kind, version, status, publishedAt],
  );
}

const adminOf = (org: keyof typeof orgs) => ({ personId: orgs[org].people.coordinator!, organizationId: orgs[org].id });

beforeAll(async () => {
  sys = await startTestSystem('oversight');
  const auditKey = auditKeyFrom(sys.config);
  const plan = await loadSeedPlan();
  orgs.a = { slug: sys.organizationSlug, id: sys.organizationId, planId: sys.planId, people: Object.fromEntries(Object.entries(sys.people).map(([k, p]) => [k, p.id])) };
  for (const key of ['b', 'c', 'd'] as const) {
    const slug = `${sys.organizationSlug}-${key}`;
    const stored = await storePlanVersion(sys.db.pool, { organizationSlug: slug, plan, loadKey: `test:oversight-${key}`, sourceName: 'khek-noi.plan.json', sourceSha256: 'test', loadedBy: 'test' });
    await seedDemoPeople(sys.db.pool, stored.organizationId, slug, { auditKey });
    const { rows } = await sys.db.pool.query<{ id: number }>('SELECT id FROM people WHERE organization_id = $1 ORDER BY id', [stored.organizationId]);
    orgs[key] = { slug, id: stored.organizationId, planId: stored.planId, people: Object.fromEntries(DEMO_PEOPLE.map((p, i) => [p.key, rows[i]!.id])) };
  }
  for (const key of ['a', 'b', 'c', 'd'] as const) {
    await sys.db.pool.query('UPDATE organizations SET province = $2, district = $3 WHERE id = $1', [orgs[key].id, PLACES[key].province, PLACES[key].district]);
    await ensureItemYears(sys.db.pool, { organizationId: orgs[key].id, planId: orgs[key].planId, fiscalYear: 2570, workflowIdPrefix: `item-year:${orgs[key].slug}:${orgs[key].planId}:` });
  }

  // a: 1.1 done on 15 February with 12,500 baht spent; 1.3 under way since October (a measure, no budget).
  await project(
    'a',
    '1.1',
    {
      status: 'completed',
      phase: 'completed',
      proposal: { memo: 'อบรมกฎหมาย', budget: 15_000, startDate: '2026-11-01', endDate: '2027-01-31', round: 1 },
      budgetSpent: 12_500,
      evaluation: { indicatorResults: [], budgetSpent: 12_500, problems: '', suggestions: '' },
      steps: [step('s1', '2026-12-15T10:00:00Z', '2026-12-10T03:00:00Z')],
      history: [
        { atMs: at('2026-10-01T01:00:00Z'), event: 'phase:proposal' },
        { atMs: at('2026-10-20T01:00:00Z'), event: 'phase:execution' },
        { atMs: at('2027-02-01T01:00:00Z'), event: 'evaluation_submitted' },
        { atMs: at('2027-02-01T01:00:00Z'), event: 'phase:report' },
        { atMs: at('2027-02-15T03:00:00Z'), event: 'phase:completed' },
      ],
    },
    '2027-02-15T03:00:00Z',
  );
  await project('a', '1.3', {
    status: 'in_progress',
    phase: 'execution',
    steps: [step('s1', '2026-10-31T10:00:00Z', '2026-10-30T03:00:00Z')],
    history: [
      { atMs: at('2026-10-01T01:00:00Z'), event: 'phase:proposal' },
      { atMs: at('2026-10-02T01:00:00Z'), event: 'phase:execution' },
    ],
  });
  // b: 1.4 (15,000 baht) approved in December and under way, 3,000 baht spent by March.
  await project('b', '1.4', {
    status: 'in_progress',
    phase: 'execution',
    proposal: { memo: 'ป้องกันผลประโยชน์ทับซ้อน', budget: 15_000, startDate: '2027-01-05', round: 1 },
    budgetSpent: 3_000,
    steps: [step('s1', '2027-02-01T10:00:00Z', '2027-01-20T03:00:00Z')],
    history: [
      { atMs: at('2026-10-01T01:00:00Z'), event: 'phase:proposal' },
      { atMs: at('2026-12-01T01:00:00Z'), event: 'phase:execution' },
    ],
  });
  // Overdue (both at the real clock and at the fixed one below): two of a's item-years, one of c's (c does not
  // share); b's only one is due in 2028.
  await sys.db.pool.query('UPDATE item_years SET next_due_at = NULL WHERE organization_id = ANY($1::bigint[])', [[orgs.a.id, orgs.b.id, orgs.c.id, orgs.d.id]]);
  await sys.db.pool.query(
    `UPDATE item_years SET next_due_at = '2026-11-01T03:00:00Z'
     WHERE (organization_id = $1 AND item_code IN ('2.1', '2.3')) OR (organization_id = $2 AND item_code = '2.1')`,
    [orgs.a.id, orgs.c.id],
  );
  await sys.db.pool.query("UPDATE item_years SET next_due_at = '2028-01-01T03:00:00Z' WHERE organization_id = $1 AND item_code = '2.1'", [orgs.b.id]);
  // Reports of FY2570 (default report dates: six-month due by 1 May 2027 00:00 Bangkok, annual by 31 October 2027).
  // a: six-month published on 20 April, then corrected by a version published in June (still on time: the first
  // counts). b: six-month published on 10 May (late), the annual waiting for its sign-offs.
  await insertReport('a', 'six_month', 1, 'superseded', '2027-04-20T03:00:00Z');
  await insertReport('a', 'six_month', 2, 'published', '2027-06-05T03:00:00Z');
  await insertReport('b', 'six_month', 1, 'published', '2027-05-10T03:00:00Z');
  await insertReport('b', 'annual', 1, 'in_review', null);

  for (const key of ['a', 'b', 'd'] as const) expect(await setOversightSharing({ pool: sys.db.pool, auditKey }, adminOf(key), true)).toBe(true);

  // The platform administrator creates the office and invites its officer.
  const platform = await addPlatformAdmin({ pool: sys.db.pool, auditKey }, { email: 'root@oversight.example', fullName: 'ผู้ดูแลแพลตฟอร์ม', grantedBy: 'test' });
  platformPersonId = platform.personId;
  const channels = createNotificationChannels(sys.config);
  const before = sys.smtp.mails.length;
  try {
    await createOversightOffice(
      { pool: sys.db.pool, auditKey, channels, publicBaseUrl: publicBaseUrl(sys.config) },
      { personId: platform.personId, fullName: 'ผู้ดูแลแพลตฟอร์ม' },
      { level: 'province', name: 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น', province: 'ขอนแก่น', district: '', officerName: 'นางสาวสมใจ ตรวจดี', officerEmail: 'officer@kk.example' },
    );
  } finally {
    await channels.close();
  }
  const mail = await waitForMail(before, 'officer@kk.example');
  expect(mail.parsed.subject).toContain('สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น');
  const link = /\/signin\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')![0];
  const signedIn = await useSignInLink(link);
  expect(signedIn.location).toBe('/oversight');
  officerCookie = signedIn.cookie;
  officerPersonId = (await sys.db.pool.query<{ id: number }>("SELECT id FROM people WHERE email = 'officer@kk.example'")).rows[0]!.id;
});

afterAll(async () => {
  await sys?.close();
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
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const used = await sys.app.inject({
    method: 'POST',
    url: linkPath,
    headers: { origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf }).toString(),
  });
  expect(used.statusCode).toBe(303);
  return { location: String(used.headers.location), cookie: String(used.headers['set-cookie']).split(';')[0]! };
}

const orgRows = (body: string) => [...body.matchAll(/<tr data-org="([^"]+)">/g)].map((m) => m[1]);

describe('the province view', () => {
  test('the officer sees exactly the opted-in organisations of the province, with the figures of the fixture', async () => {
    const page = await sys.app.inject({ url: '/oversight?fy=2570&round=6', headers: { cookie: officerCookie } });
    expect(page.statusCode).toBe(200);
    expect(orgRows(page.body).sort()).toEqual([orgs.a.slug, orgs.b.slug].sort());
    expect(page.body).not.toContain(orgs.c.slug);
    expect(page.body).not.toContain(orgs.d.slug);
    expect(page.body).toContain(`href="/public/${orgs.a.slug}"`);
    // The only links to an organisation are to its public page.
    for (const href of page.body.matchAll(/href="([^"]+)"/g)) {
      if (href[1]!.includes(orgs.a.slug) || href[1]!.includes(orgs.b.slug)) expect(href[1]).toMatch(/^\/public\/[a-z0-9-]+$/);
    }
    // Nothing of the organisations' people or items: names, addresses, item names.
    const main = page.body.slice(page.body.indexOf('<main'));
    expect(main).not.toContain('@');
    expect(page.body).not.toContain((await loadSeedPlan()).items[0]!.name);
    // a at 31 March: 1.1 done, 1.3 in progress, 35 not reported of 37: (1 + 0.5) ÷ 37 = 4.05 %.
    const rowOf = (slug: string) => page.body.slice(page.body.indexOf(`<tr data-org="${slug}">`)).split('</tr>')[0]!;
    expect(rowOf(orgs.a.slug)).toContain(`data-score="${1.5 / 37}"`);
    expect(rowOf(orgs.a.slug)).toContain('4.05%');
    expect(rowOf(orgs.a.slug)).toContain('data-overdue="2"');
    expect(rowOf(orgs.b.slug)).toContain(`data-score="${0.5 / 37}"`);
    expect(rowOf(orgs.b.slug)).toContain('data-overdue="0"');
  });

  test('the service figures: score, budget planned against spent, reports, overdue (fixed clock: 1 June 2027)', async () => {
    const officer = await requireOversightOfficer(sys.db.pool, officerPersonId);
    const view = await oversightView({ pool: sys.db.pool }, officer, { fiscalYear: 2570, round: 6 }, at('2027-06-01T00:00:00Z'));
    expect(view.cutoff).toBe('2027-03-31');
    const a = view.rows.find((r) => r.slug === orgs.a.slug)!;
    const b = view.rows.find((r) => r.slug === orgs.b.slug)!;
    expect(view.rows).toHaveLength(2);
    // The plan's FY2570 budgets add up to 335,000 baht over its 37 items.
    expect(a.score).toEqual({ items: 37, counts: { done: 1, in_progress: 1, not_done: 0, not_reported: 35 }, score: 1.5 / 37, percent: 4.05 });
    expect(a.budget).toEqual({ planned: 335_000, spent: 12_500, percent: 3.73 });
    expect(b.score).toEqual({ items: 37, counts: { done: 0, in_progress: 1, not_done: 0, not_reported: 36 }, score: 0.5 / 37, percent: 1.35 });
    expect(b.budget).toEqual({ planned: 335_000, spent: 3_000, percent: 0.9 });
    expect(a.reports.six_month).toEqual({ standing: 'published_on_time', deadline: new Date('2027-04-30T17:00:00Z'), firstPublishedAt: new Date('2027-04-20T03:00:00Z') });
    expect(a.reports.annual.standing).toBe('not_published');
    expect(b.reports.six_month.standing).toBe('published_late');
    expect(b.reports.annual).toMatchObject({ standing: 'in_review', deadline: new Date('2027-10-30T17:00:00Z') });
    expect([a.overdueItemYears, b.overdueItemYears]).toEqual([2, 0]);
    // After the annual deadline nothing published is overdue.
    const late = await oversightView({ pool: sys.db.pool }, officer, { fiscalYear: 2570, round: 12 }, at('2027-11-15T00:00:00Z'));
    expect(late.rows.map((r) => r.reports.annual.standing).sort()).toEqual(['overdue', 'overdue']);
  });

  test('the XLSX has exactly the rows of the page', async () => {
    const response = await sys.app.inject({ url: '/oversight.xlsx?fy=2570&round=6', headers: { cookie: officerCookie } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBe('องค์กรปกครองส่วนท้องถิ่น');
    const rows = [];
    for (let r = 3; r <= sheet.rowCount; r++) rows.push(sheet.getRow(r));
    expect(rows.map((row) => String(row.getCell(15).value)).sort()).toEqual([`http://sujarit.test/public/${orgs.a.slug}`, `http://sujarit.test/public/${orgs.b.slug}`].sort());
    const a = rows.find((row) => String(row.getCell(15).value).endsWith(orgs.a.slug))!;
    expect([a.getCell(3).value, a.getCell(4).value, a.getCell(5).value, a.getCell(8).value, a.getCell(9).value, a.getCell(10).value, a.getCell(14).value]).toEqual([37, 1, 1, 4.05, 335_000, 12_500, 2]);
  });

  test('every organisation page and API refuses the officer', async () => {
    const urls = [
      '/tasks',
      '/approvals',
      '/dashboard',
      '/dashboard.xlsx',
      '/dashboard/eplannacc?fy=2570&round=6',
      '/admin',
      '/admin/oversight',
      `/items/1.1/years/2570?org=${orgs.a.slug}`,
      '/api/plans',
      `/api/plans/${orgs.a.planId}`,
      `/api/people/${orgs.a.people.legal}/tasks`,
      `/api/items/1.1/years/2570?org=${orgs.a.slug}`,
      '/me/line',
      '/platform',
    ];
    for (const url of urls) {
      const response = await sys.app.inject({ url, headers: { cookie: officerCookie } });
      expect([url, response.statusCode]).toEqual([url, 403]);
      // The language switch echoes the URL asked for; nothing else of the organisation may appear.
      if (!url.includes(orgs.a.slug)) expect(response.body).not.toContain(orgs.a.slug);
    }
    // And the oversight page is nobody else's: an organisation's administrator, a stranger.
    expect((await sys.app.inject({ url: '/oversight', headers: { cookie: sys.cookieFor('coordinator') } })).statusCode).toBe(403);
    expect((await sys.app.inject({ url: '/oversight' })).headers.location).toMatch(/^\/signin/);
  });

  test('the database keeps an officer out of every organisation', async () => {
    await expect(sys.db.pool.query('UPDATE people SET organization_id = $2 WHERE id = $1', [officerPersonId, orgs.a.id])).rejects.toThrow(/belongs to no organisation/);
    const office = (await sys.db.pool.query<{ id: number }>('SELECT id FROM oversight_offices LIMIT 1')).rows[0]!.id;
    await expect(
      sys.db.pool.query("INSERT INTO oversight_officers (person_id, office_id, granted_by) VALUES ($1, $2, 'forged')", [orgs.a.people.legal, office]),
    ).rejects.toThrow(/belongs to no organisation/);
  });

  test("the organisation's administrator stops sharing on the admin page, audited, and the officer loses the row", async () => {
    const admin = sys.cookieFor('coordinator');
    const page = await sys.app.inject({ url: '/admin/oversight', headers: { cookie: admin } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="share" value="no"');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const stopped = await sys.app.inject({
      method: 'POST',
      url: '/admin/oversight',
      headers: { cookie: admin, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf, share: 'no' }).toString(),
    });
    expect(stopped.statusCode).toBe(303);
    const audited = await sys.db.pool.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'oversight_unshared' AND organization_id = $1", [orgs.a.id]);
    expect(audited.rows).toEqual([{ actor: `person:${sys.people.coordinator!.id}` }]);
    const after = await sys.app.inject({ url: '/oversight?fy=2570&round=6', headers: { cookie: officerCookie } });
    expect(orgRows(after.body)).toEqual([orgs.b.slug]);
    // A form from elsewhere changes nothing.
    const forged = await sys.app.inject({
      method: 'POST',
      url: '/admin/oversight',
      headers: { cookie: admin, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf, share: 'yes' }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect((await sys.db.pool.query('SELECT 1 FROM oversight_shares WHERE organization_id = $1', [orgs.a.id])).rowCount).toBe(0);
  });

  test('a district office made on the platform page sees only its district; a taken address is refused', async () => {
    const cookie = await sys.newSessionCookie(platformPersonId);
    const page = await sys.app.inject({ url: '/platform', headers: { cookie } });
    expect(page.body).toContain('สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น');
    expect(page.body).toContain('officer@kk.example');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const post = (fields: Record<string, string>) =>
      sys.app.inject({
        method: 'POST',
        url: '/platform/oversight-offices',
        headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ csrf, ...fields }).toString(),
      });
    const office = { level: 'district', name: 'สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอเมืองขอนแก่น', province: 'ขอนแก่น', district: 'อำเภอเมืองขอนแก่น', officerName: 'นายอำเภอ ตรวจ', officerEmail: 'district@kk.example' };
    const before = sys.smtp.mails.length;
    expect((await post(office)).headers.location).toBe('/platform?office=invited');
    const district = await useSignInLink(/\/signin\/[A-Za-z0-9_-]{43}/.exec((await waitForMail(before, 'district@kk.example')).parsed.text ?? '')![0]);
    expect(district.location).toBe('/oversight');
    // a (เมืองขอนแก่น) stopped sharing above; b is of ชุมแพ; c is of เมืองขอนแก่น but does not share.
    expect(orgRows((await sys.app.inject({ url: '/oversight?fy=2570&round=6', headers: { cookie: district.cookie } })).body)).toEqual([]);
    expect(await setOversightSharing({ pool: sys.db.pool, auditKey: auditKeyFrom(sys.config) }, adminOf('c'), true)).toBe(true);
    expect(orgRows((await sys.app.inject({ url: '/oversight?fy=2570&round=6', headers: { cookie: district.cookie } })).body)).toEqual([orgs.c.slug]);
    // The province office sees c now as well.
    expect(orgRows((await sys.app.inject({ url: '/oversight?fy=2570&round=6', headers: { cookie: officerCookie } })).body).sort()).toEqual([orgs.b.slug, orgs.c.slug].sort());
    // One address is one person of no organisation; a district office must name its district.
    const taken = await post({ ...office, officerEmail: 'root@oversight.example' });
    expect(taken.statusCode).toBe(409);
    const noDistrict = await post({ ...office, district: '', officerEmail: 'x@kk.example' });
    expect(noDistrict.statusCode).toBe(400);
    expect(noDistrict.body).toContain('สำนักงานระดับอำเภอต้องระบุอำเภอ');
    expect((await sys.db.pool.query('SELECT count(*)::int AS n FROM oversight_offices')).rows[0].n).toBe(2);
    const audited = await sys.db.pool.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'oversight_%' ORDER BY id");
    expect(audited.rows.map((r) => r.action)).toEqual([
      'oversight_shared',
      'oversight_shared',
      'oversight_shared',
      'oversight_office_created',
      'oversight_officer_added',
      'oversight_unshared',
      'oversight_office_created',
      'oversight_officer_added',
      'oversight_shared',
    ]);
  });

  test('audit verify finds an officer or a share written outside the services', async () => {
    expect(await reconcileWithAudit(sys.db.pool)).toEqual([]);
    const { rows } = await sys.db.pool.query<{ id: number }>("INSERT INTO people (full_name, email) VALUES ('แอบ เพิ่ม', 'sneaky@kk.example') RETURNING id");
    const office = (await sys.db.pool.query<{ id: number }>('SELECT min(id) AS id FROM oversight_offices')).rows[0]!.id;
    await sys.db.pool.query("INSERT INTO oversight_officers (person_id, office_id, granted_by) VALUES ($1, $2, 'sql')", [rows[0]!.id, office]);
    // a stopped sharing through its admin page; a share written by hand afterwards has no audit row after that.
    await sys.db.pool.query('INSERT INTO oversight_shares (organization_id, shared_by) VALUES ($1, $2)', [orgs.a.id, orgs.a.people.coordinator]);
    expect(await reconcileWithAudit(sys.db.pool)).toEqual([
      { kind: 'not_audited', table: 'oversight_officers', id: String(rows[0]!.id) },
      { kind: 'not_audited', table: 'oversight_shares', id: String(orgs.a.id) },
    ]);
    await sys.db.pool.query('DELETE FROM oversight_shares WHERE organization_id = $1', [orgs.a.id]);
    await sys.db.pool.query('DELETE FROM oversight_officers WHERE person_id = $1', [rows[0]!.id]);
  });
});

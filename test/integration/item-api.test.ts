import { createItemYearActivities } from '../../activities/item-years';
import { auditKeyFrom } from '../../db/audit';
import { escapeHtml } from '../../domain/messages';
import { stateQuery } from '../../workflows/item-year/messages';
import { recordHistory } from '../support/histories';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { multipart } from '../support/multipart';

/** The owner's side of the item API: evidence uploads with limits, moving a due date, reassigning, tasks, details. */

const FY = 2570;
const CODE = '2.14';
let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('itemapi');
  await sys.startWorker();
  const fyStart = `fy-start:itemapi:${FY}`;
  await sys.startFiscalYear({ workflowId: fyStart, fiscalYear: FY, itemCodes: [CODE, '1.1'], timing: { startMs: Date.now(), dayMs: 600_000 } });
  await recordHistory(sys.client.workflow.getHandle(fyStart), 'fiscal-year-start-children');
  await eventually('2.14 in execution', async () => {
    const state = await handle().query(stateQuery);
    return state.phase === 'execution' ? state : undefined;
  });
});

afterAll(async () => {
  await sys?.close();
});

const handle = () => sys.client.workflow.getHandle(`item-year:${sys.organizationSlug}:${sys.planId}:${CODE}:${FY}`);
const url = (suffix: string) => `/api/items/${CODE}/years/${FY}${suffix}?org=${sys.organizationSlug}`;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

test('completing a step with evidence files stores them outside the rows, and they can be downloaded', async () => {
  const body = multipart([
    { name: 'notes', value: 'ประกาศผลแล้ว' },
    { name: 'budgetSpent', value: '0' },
    { name: 'evidence', filename: 'ประกาศ.pdf', type: 'application/pdf', bytes: PDF },
    { name: 'evidence', filename: 'photo.png', type: 'image/png', bytes: PNG },
  ]);
  const response = await sys.app.inject({
    method: 'POST',
    url: url('/steps/s1/complete'),
    headers: { ...body.headers, ...sys.apiHeaders('coordinator') },
    payload: body.payload,
  });
  expect(response.statusCode).toBe(200);
  const { evidenceIds } = response.json();
  expect(evidenceIds).toHaveLength(2);
  const step = (await handle().query(stateQuery)).steps.find((s) => s.key === 's1')!;
  expect(step).toMatchObject({ status: 'done', notes: 'ประกาศผลแล้ว', evidenceIds });

  const details = await sys.app.inject({ url: url(''), headers: { cookie: sys.cookieFor('auditor') } });
  expect(details.statusCode).toBe(200);
  const evidence = details.json().evidence as Array<{ url: string; fileName: string; sizeBytes: number }>;
  expect(evidence.map((e) => e.fileName).sort()).toEqual(['photo.png', 'ประกาศ.pdf']);
  const download = await sys.app.inject({ url: evidence.find((e) => e.fileName === 'ประกาศ.pdf')!.url, headers: { cookie: sys.cookieFor('auditor') } });
  expect(download.statusCode).toBe(200);
  expect(download.rawPayload.equals(PDF)).toBe(true);
  expect(download.headers['cache-control']).toBe('no-store');
  const columns = await sys.db.pool.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'evidence_files'`);
  expect(columns.rows.map((r) => r.column_name)).not.toContain('bytes');
});

test('evidence of the wrong type, disguised, or too large is refused and nothing is recorded', async () => {
  const countFiles = async () => (await sys.db.pool.query('SELECT count(*)::int AS n FROM evidence_files')).rows[0].n;
  const before = await countFiles();
  const cases = [
    { file: { name: 'evidence', filename: 'run.exe', type: 'application/x-msdownload', bytes: Buffer.from('MZ') }, status: 415 },
    { file: { name: 'evidence', filename: 'fake.pdf', type: 'application/pdf', bytes: Buffer.from('MZ not a pdf') }, status: 415 },
    { file: { name: 'evidence', filename: 'huge.pdf', type: 'application/pdf', bytes: Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]) }, status: 413 },
  ];
  for (const { file, status } of cases) {
    const body = multipart([{ name: 'notes', value: 'x' }, file]);
    const response = await sys.app.inject({
      method: 'POST',
      url: url('/steps/s2/complete'),
      headers: { ...body.headers, ...sys.apiHeaders('coordinator') },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(status);
    expect(response.json().error).toEqual(expect.objectContaining({ message: expect.any(String), messageEn: expect.any(String) }));
  }
  expect(await countFiles()).toBe(before);
  expect((await handle().query(stateQuery)).steps.find((s) => s.key === 's2')!.status).toBe('pending');
});

test('moving a due date needs a reason and is recorded; the workflow takes the new date', async () => {
  const noReason = await sys.app.inject({
    method: 'POST',
    url: url('/steps/s2/due-date'),
    headers: sys.apiHeaders('coordinator'),
    payload: { newDueDate: '2027-06-30', reason: ' ' },
  });
  expect(noReason.statusCode).toBe(400);
  const moved = await sys.app.inject({
    method: 'POST',
    url: url('/steps/s2/due-date'),
    headers: sys.apiHeaders('coordinator'),
    payload: { newDueDate: '2027-06-30', reason: 'รอผลการประชุมสภา' },
  });
  expect(moved.statusCode).toBe(200);
  const step = (await handle().query(stateQuery)).steps.find((s) => s.key === 's2')!;
  expect(step.dueAtMs).toBe(Date.parse('2027-06-30T16:30:00+07:00'));
  const details = (await sys.app.inject({ url: url(''), headers: { cookie: sys.cookieFor('coordinator') } })).json();
  expect(details.dueDateChanges).toEqual([expect.objectContaining({ stepKey: 's2', reason: 'รอผลการประชุมสภา' })]);
});

test('tasks list what waits for a person; only unit heads and overseers may reassign', async () => {
  const tasks = await sys.app.inject({ url: `/api/people/${sys.people.coordinator!.id}/tasks`, headers: { cookie: sys.cookieFor('coordinator') } });
  expect(tasks.statusCode).toBe(200);
  const list = tasks.json().tasks as Array<{ itemCode: string; stepKey: string; dueAt: string }>;
  expect(list.length).toBeGreaterThan(0);
  expect(list.every((t) => t.itemCode === CODE)).toBe(true);
  const dues = list.map((t) => t.dueAt);
  expect([...dues].sort()).toEqual(dues);

  const othersTasks = await sys.app.inject({ url: `/api/people/${sys.people.coordinator!.id}/tasks`, headers: { cookie: sys.cookieFor('works-owner') } });
  expect(othersTasks.statusCode).toBe(403);

  const byOwner = await sys.app.inject({
    method: 'POST',
    url: url('/reassign'),
    headers: sys.apiHeaders('works-owner'),
    payload: { newOwnerPersonId: sys.people['works-owner']!.id },
  });
  expect(byOwner.statusCode).toBe(403);
  const reassigned = await sys.app.inject({
    method: 'POST',
    url: url('/reassign'),
    headers: sys.apiHeaders('palad'),
    payload: { newOwnerPersonId: sys.people.legal!.id },
  });
  expect(reassigned.statusCode).toBe(200);
  expect((await handle().query(stateQuery)).ownerPersonId).toBe(sys.people.legal!.id);
  await eventually('the projection to show the new owner', async () => {
    const { rows } = await sys.db.pool.query('SELECT owner_person_id FROM item_years WHERE workflow_id = $1', [handle().workflowId]);
    return rows[0].owner_person_id === sys.people.legal!.id ? true : undefined;
  });
});

test('the web form and the JSON API refuse alike: one service decides for both', async () => {
  const cookie = sys.cookieFor('finance-owner');
  const page = await sys.app.inject({ url: `/items/1.1/years/${FY}`, headers: { cookie } });
  expect(page.statusCode).toBe(200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  expect(csrf).toBeDefined();
  const proposal = { memo: 'ไม่ใช่งานของฉัน', budget: '' };

  // Another unit's item: the same 403 and the same words, whether asked as JSON or posted from the page.
  const api = await sys.app.inject({
    method: 'POST',
    url: `/api/items/1.1/years/${FY}/proposal?org=${sys.organizationSlug}`,
    headers: sys.apiHeadersOf(cookie),
    payload: { memo: proposal.memo, budget: null },
  });
  const form = await sys.app.inject({
    method: 'POST',
    url: `/items/1.1/years/${FY}/proposal`,
    headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf: csrf!, ...proposal }).toString(),
  });
  expect(api.statusCode).toBe(403);
  expect(form.statusCode).toBe(403);
  expect(form.json()).toEqual(api.json());
  expect(api.json().error).toEqual(expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining('ไม่มีสิทธิ์') }));
  expect((await sys.client.workflow.getHandle(`item-year:${sys.organizationSlug}:${sys.planId}:1.1:${FY}`).query(stateQuery)).proposal).toBeUndefined();

  // A command the phase does not take: the API's 409 message is the one the page shows on its form.
  const overseer = sys.cookieFor('coordinator');
  const overseerPage = await sys.app.inject({ url: `/items/${CODE}/years/${FY}`, headers: { cookie: overseer } });
  const overseerCsrf = /name="csrf" value="([^"]+)"/.exec(overseerPage.body)![1]!;
  const lateApi = await sys.app.inject({ method: 'POST', url: url('/proposal'), headers: sys.apiHeadersOf(overseer), payload: { memo: 'ช้าไป', budget: null } });
  const lateForm = await sys.app.inject({
    method: 'POST',
    url: `/items/${CODE}/years/${FY}/proposal`,
    headers: { cookie: overseer, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf: overseerCsrf, memo: 'ช้าไป', budget: '' }).toString(),
  });
  expect(lateApi.statusCode).toBe(409);
  expect(lateApi.json().error.code).toBe('INVALID_TRANSITION');
  expect(lateForm.statusCode).toBe(409);
  expect(lateForm.headers['content-type']).toContain('text/html');
  expect(lateForm.body).toContain(escapeHtml(lateApi.json().error.message));
});

test('bad input gets a clear error, never a 500', async () => {
  const headers = sys.apiHeaders('legal');
  const cases: Array<[string, string, unknown, number]> = [
    ['POST', `/api/items/1.1/years/${FY}/proposal?org=${sys.organizationSlug}`, { memo: '', budget: -5 }, 400],
    ['POST', `/api/items/1.1/years/${FY}/proposal?org=${sys.organizationSlug}`, 'not json', 400],
    ['GET', `/api/items/x.y/years/${FY}?org=${sys.organizationSlug}`, undefined, 400],
    ['GET', `/api/items/9.9/years/${FY}?org=${sys.organizationSlug}`, undefined, 404],
    ['GET', `/api/items/1.1/years/1999?org=${sys.organizationSlug}`, undefined, 400],
    ['GET', `/api/people/abc/tasks`, undefined, 400],
  ];
  for (const [method, path, payload, status] of cases) {
    const response = await sys.app.inject({
      method: method as 'GET' | 'POST',
      url: path,
      headers: { ...headers, ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}) },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
    expect({ path, status: response.statusCode }).toEqual({ path, status });
    expect(response.json().error.code).toMatch(/^[A-Z_]+$/);
  }
});

test("the organisation's reminder policy and holiday table reach the item-years it starts", async () => {
  await sys.db.pool.query(
    `UPDATE organizations SET settings = jsonb_set(settings, '{reminderPolicy}', '{"beforeDays":[3],"overdueEveryDays":5}') WHERE id = $1`,
    [sys.organizationId],
  );
  await sys.db.pool.query(`INSERT INTO holidays (organization_id, day, name_th) VALUES ($1, '2027-04-13', 'วันสงกรานต์')`, [sys.organizationId]);
  const prepared = await createItemYearActivities(sys.db.pool, auditKeyFrom(sys.config), sys.client).prepareFiscalYear({
    organizationSlug: sys.organizationSlug,
    fiscalYear: FY,
    itemCodes: ['1.1'],
  });
  expect(prepared.reminderPolicy).toMatchObject({ beforeDays: [3], overdueEveryDays: 5 });
  expect(prepared.calendar).toEqual({ skipWeekends: true, holidays: ['2027-04-13'] });
  expect(prepared.itemYears.map((i) => i.input.item.code)).toEqual(['1.1']);
});

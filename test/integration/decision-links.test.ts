import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, Worker, type NativeConnection } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { createDecisionActivities } from '../../activities/decisions';
import { hashLinkToken } from '../../services/tokens';
import { buildApp } from '../../api/app';
import { loadConfig } from '../../config';
import type { DecisionPurpose, DecisionSummary } from '../../domain/decision';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { sessionCookieHeader } from '../support/system';
import {
  bundleWorkflowsOnce,
  connectTestClient,
  connectTestWorkerConnection,
  testNamespace,
  uniqueTaskQueue,
  type TestClient,
} from '../setup/temporal';
import { decisionProbeWorkflow, probeStateQuery, stopProbeSignal } from '../workflows/decision-probe';

const PUBLIC_BASE_URL = 'http://sujarit.test';
const APP_SECRET = 'decision-link-test-secret-0123456789-abcdefghij';
const DAY_MS = 86_400_000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const config = loadConfig({
  NODE_ENV: 'development',
  APP_SECRET,
  PUBLIC_BASE_URL,
  LOG_LEVEL: 'silent',
});

interface Org {
  organizationId: number;
  mayor: number;
  deputy: number;
  palad: number;
}

let db: FreshDatabase;
let pool: Pool;
let temporal: TestClient;
let workerConnection: NativeConnection;
let worker: Worker;
let workerRun: Promise<void>;
let taskQueue: string;
let app: FastifyInstance;
// Activities that fail on purpose would otherwise log each failure as a warning.
const activityEnv = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });

/** Runs an activity in a mocked activity context, keeping its own parameter and result types. */
function runActivity<A, R>(activity: (input: A) => Promise<R>, input: A): Promise<R> {
  return activityEnv.run(activity, input) as Promise<R>;
}
const started: WorkflowHandle[] = [];
let seq = 0;

beforeAll(async () => {
  [db, temporal] = await Promise.all([freshDatabase(), connectTestClient()]);
  pool = db.pool;
  taskQueue = uniqueTaskQueue('decision-links');
  const workflowBundle = await bundleWorkflowsOnce(path.join(__dirname, '../workflows/decision-probe.ts'));
  workerConnection = await connectTestWorkerConnection();
  worker = await Worker.create({ connection: workerConnection, namespace: testNamespace(), taskQueue, workflowBundle });
  workerRun = worker.run();
  app = await buildApp({ config, pool, temporal: temporal.client });
  await app.ready();
});

afterAll(async () => {
  await Promise.all(started.map((h) => h.terminate('test finished').catch(() => undefined)));
  await app?.close();
  if (worker) {
    worker.shutdown();
    await workerRun;
  }
  await workerConnection?.close();
  await Promise.all([db?.drop(), temporal?.close()]);
});

/** Each test gets an organisation of its own, so roles and delegations of one test never reach another. */
async function seedOrganization(options: { delegateMayorToDeputy?: boolean } = {}): Promise<Org> {
  seq += 1;
  const { rows: orgRows } = await pool.query<{ id: number }>(
    `INSERT INTO organizations (slug, name) VALUES ($1, $2) RETURNING id`,
    [`org-${seq}-${process.pid}`, `องค์การบริหารส่วนตำบลทดสอบ ${seq}`],
  );
  const organizationId = orgRows[0]!.id;
  const person = async (fullName: string, positionTitle: string, role: string) => {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO people (organization_id, full_name, position_title) VALUES ($1, $2, $3) RETURNING id`,
      [organizationId, fullName, positionTitle],
    );
    const id = rows[0]!.id;
    await pool.query(`INSERT INTO role_assignments (organization_id, person_id, role) VALUES ($1, $2, $3)`, [
      organizationId,
      id,
      role,
    ]);
    return id;
  };
  const mayor = await person('นายสมชาย ใจดี', 'นายกองค์การบริหารส่วนตำบลทดสอบ', 'mayor');
  const deputy = await person('นางสาวสมหญิง รักงาน', 'รองนายกองค์การบริหารส่วนตำบลทดสอบ', 'deputy_mayor');
  const palad = await person('นายประเสริฐ ตั้งใจ', 'ปลัดองค์การบริหารส่วนตำบลทดสอบ', 'palad');
  if (options.delegateMayorToDeputy) {
    await pool.query(
      `INSERT INTO delegations (organization_id, role, delegate_person_id, valid_from, note)
       VALUES ($1, 'mayor', $2, current_date - 1, 'นายกไปราชการต่างประเทศ')`,
      [organizationId, deputy],
    );
  }
  return { organizationId, mayor, deputy, palad };
}

const summary: DecisionSummary = {
  itemCode: '1.3',
  itemName: 'โครงการส่งเสริมคุณธรรมและจริยธรรม <ผู้บริหาร>',
  fiscalYear: 2570,
  budget: 20000,
  startDate: '2026-11-01',
  endDate: '2027-03-31',
  memo: 'บันทึกข้อความขออนุมัติโครงการ',
  askTh: 'พิจารณาอนุมัติโครงการ',
  askEn: 'approve the project',
};

interface OpenedPoint {
  workflowId: string;
  decisionKey: string;
  decisionPointId: number;
  approverPersonIds: number[];
  handle: WorkflowHandle<typeof decisionProbeWorkflow>;
}

async function openPoint(
  org: Org,
  options: { purpose?: DecisionPurpose; queue?: string; linkTtlMs?: number } = {},
): Promise<OpenedPoint> {
  seq += 1;
  const workflowId = `item-year-test-${seq}-${process.pid}`;
  const handle = await temporal.client.workflow.start(decisionProbeWorkflow, {
    taskQueue: options.queue ?? taskQueue,
    workflowId,
  });
  started.push(handle);
  const decisionKey = `${options.purpose ?? 'proposal'}:1`;
  const activities = createDecisionActivities({ pool, config, publicBaseUrl: PUBLIC_BASE_URL });
  const result = await runActivity(activities.openDecision, {
    workflowId,
    decisionKey,
    purpose: options.purpose ?? 'proposal',
    approverRole: 'mayor',
    organizationId: org.organizationId,
    itemYearId: null,
    summary,
    dueAtMs: Date.now() + 7 * DAY_MS,
    linkTtlMs: options.linkTtlMs ?? 14 * DAY_MS,
  });
  return { workflowId, decisionKey, ...result, handle };
}

/** The path of the newest link a person received, read from the in-app inbox as they would. */
async function latestLinkPath(personId: number): Promise<string> {
  const { rows } = await pool.query<{ links: string[] }>(
    `SELECT links FROM outbox WHERE person_id = $1 AND channel = 'inbox' ORDER BY id DESC LIMIT 1`,
    [personId],
  );
  const link = rows[0]?.links[0];
  if (!link) throw new Error(`no link in the inbox of person ${personId}`);
  expect(link.startsWith(`${PUBLIC_BASE_URL}/d/`)).toBe(true);
  return new URL(link).pathname;
}

function csrfOf(pageHtml: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(pageHtml);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1]!;
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function openForm(linkPath: string): Promise<{ csrf: string; body: string }> {
  const res = await app.inject({ method: 'GET', url: linkPath });
  expect(res.statusCode).toBe(200);
  return { csrf: csrfOf(res.body), body: res.body };
}

function post(linkPath: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: linkPath, headers: { ...FORM, ...headers }, payload: form(fields) });
}

/** Every row of every table: what "changes nothing" is checked against. */
async function snapshotAllTables(): Promise<Record<string, unknown[]>> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const { rows } = await pool.query(`SELECT * FROM "${name}"`);
    snapshot[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return snapshot;
}

async function decisionsOf(decisionPointId: number) {
  const { rows } = await pool.query<{
    id: string;
    person_id: number;
    acting_as: string;
    outcome: string;
    reason: string | null;
    acknowledged_at: Date | null;
  }>('SELECT * FROM decisions WHERE decision_point_id = $1', [decisionPointId]);
  return rows;
}

async function pointStatus(decisionPointId: number): Promise<string> {
  const { rows } = await pool.query<{ status: string }>('SELECT status FROM decision_points WHERE id = $1', [
    decisionPointId,
  ]);
  return rows[0]!.status;
}

describe('GET /d/:token', () => {
  it('shows the item and a Thai confirmation form, and changes nothing anywhere', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org);
    const linkPath = await latestLinkPath(org.mayor);

    const before = await snapshotAllTables();
    const res = await app.inject({ method: 'GET', url: linkPath });
    const again = await app.inject({ method: 'GET', url: linkPath, headers: { 'user-agent': 'Mimecast link scanner' } });
    const after = await snapshotAllTables();

    expect(after).toEqual(before);
    expect(res.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.body).toContain('<html lang="th">');
    expect(res.body).toContain('โครงการส่งเสริมคุณธรรมและจริยธรรม &lt;ผู้บริหาร&gt;');
    expect(res.body).not.toContain('<ผู้บริหาร>');
    expect(res.body).toContain('20,000 บาท');
    expect(res.body).toContain('ยืนยันการพิจารณา');
    expect(res.body).toContain('Confirm decision');
    expect(res.body).toContain('value="approve"');
    expect(res.body).toContain('value="send_back"');
    expect(csrfOf(res.body)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await point.handle.query(probeStateQuery)).deliveries).toBe(0);
  });

  it('offers only acknowledgement for a report', async () => {
    const org = await seedOrganization();
    await openPoint(org, { purpose: 'report' });
    const { body } = await openForm(await latestLinkPath(org.mayor));
    expect(body).toContain('value="acknowledge"');
    expect(body).not.toContain('value="approve"');
  });

  it('answers a tampered, unknown or malformed token with 403 and the same page, telling nothing', async () => {
    const org = await seedOrganization();
    await openPoint(org);
    const linkPath = await latestLinkPath(org.mayor);
    const token = linkPath.slice('/d/'.length);
    const tampered = `/d/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

    const answers = await Promise.all(
      [tampered, `/d/${'x'.repeat(43)}`, '/d/short', `/d/${token}'--`].map((url) => app.inject({ method: 'GET', url })),
    );
    for (const res of answers) {
      expect(res.statusCode).toBe(403);
      expect(res.body).toBe(answers[0]!.body);
      expect(res.body).not.toContain(summary.itemName.slice(0, 10));
      expect(res.body).not.toContain('นายสมชาย');
    }
    const postTampered = await post(tampered, { outcome: 'approve', csrf: 'x' });
    expect(postTampered.statusCode).toBe(403);
    expect(postTampered.body).toBe(answers[0]!.body);
  });
});

describe('POST /d/:token', () => {
  it('records an approval, signals the workflow with the stored id and waits until it has taken it', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org);
    const linkPath = await latestLinkPath(org.mayor);
    const { csrf } = await openForm(linkPath);

    const res = await post(linkPath, { csrf, outcome: 'approve', reason: '' }, { origin: PUBLIC_BASE_URL });

    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('บันทึกผลการพิจารณาแล้ว');
    const [decision, ...others] = await decisionsOf(point.decisionPointId);
    expect(others).toHaveLength(0);
    expect(decision).toMatchObject({ person_id: org.mayor, acting_as: 'mayor', outcome: 'approve', reason: null });
    expect(decision!.id).toMatch(/^[0-9a-f-]{36}$/);
    // The request delivered the decision's command; acknowledged_at is the workflow's to write (closeDecision, which
    // this probe does not run), never the request's.
    expect(decision!.acknowledged_at).toBeNull();
    const { rows: commands } = await pool.query<{ delivered_at: Date | null; signal_name: string }>(
      'SELECT delivered_at, signal_name FROM commands WHERE command_id = $1',
      [decision!.id],
    );
    expect(commands).toEqual([{ delivered_at: expect.any(Date), signal_name: 'decide' }]);
    expect(await pointStatus(point.decisionPointId)).toBe('decided');
    const { rows: links } = await pool.query<{ used_at: Date | null }>(
      'SELECT used_at FROM decision_links WHERE token_hash = $1',
      [hashLinkToken(linkPath.slice(3))],
    );
    expect(links[0]!.used_at).toBeInstanceOf(Date);
    const state = await point.handle.query(probeStateQuery);
    expect(state.decisions).toEqual([
      {
        decisionId: decision!.id,
        decisionKey: point.decisionKey,
        outcome: 'approve',
        personId: org.mayor,
        personName: 'นายสมชาย ใจดี นายกองค์การบริหารส่วนตำบลทดสอบ',
        actingAs: 'mayor',
      },
    ]);
  });

  it('refuses a rejection or a send-back without a reason with 400 and changes nothing', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org);
    const linkPath = await latestLinkPath(org.mayor);
    const { csrf } = await openForm(linkPath);
    const before = await snapshotAllTables();

    const reject = await post(linkPath, { csrf, outcome: 'reject', reason: '   ' });
    const sendBack = await post(linkPath, { csrf, outcome: 'send_back' });
    const acknowledge = await post(linkPath, { csrf, outcome: 'acknowledge' });
    const nonsense = await post(linkPath, { csrf, outcome: 'maybe' });

    for (const res of [reject, sendBack, acknowledge, nonsense]) expect(res.statusCode).toBe(400);
    expect(reject.body).toContain('กรุณาระบุเหตุผล');
    expect(reject.body).toContain('value="reject" checked');
    expect(await snapshotAllTables()).toEqual(before);
    expect((await point.handle.query(probeStateQuery)).deliveries).toBe(0);

    const withReason = await post(linkPath, { csrf, outcome: 'send_back', reason: 'ขอให้ปรับงบประมาณให้สอดคล้องกับข้อบัญญัติ' });
    expect(withReason.statusCode).toBe(200);
    expect(await decisionsOf(point.decisionPointId)).toEqual([
      expect.objectContaining({ outcome: 'send_back', reason: 'ขอให้ปรับงบประมาณให้สอดคล้องกับข้อบัญญัติ' }),
    ]);
  });

  it('shows a used link, and another approver’s link afterwards, as decided: what, by whom and when', async () => {
    const org = await seedOrganization({ delegateMayorToDeputy: true });
    const point = await openPoint(org);
    const mayorLink = await latestLinkPath(org.mayor);
    const deputyLink = await latestLinkPath(org.deputy);
    const { csrf } = await openForm(mayorLink);
    const deputyForm = await openForm(deputyLink);
    expect((await post(mayorLink, { csrf, outcome: 'reject', reason: 'ซ้ำซ้อนกับโครงการ 1.2' })).statusCode).toBe(200);

    for (const url of [mayorLink, deputyLink]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('เรื่องนี้ได้รับการพิจารณาแล้ว');
      expect(res.body).toContain('ไม่อนุมัติ');
      expect(res.body).toContain('นายสมชาย ใจดี');
      expect(res.body).toContain('ซ้ำซ้อนกับโครงการ 1.2');
      expect(res.body).toMatch(/เวลา \d\d:\d\d น\./);
      expect(res.body).not.toContain('name="csrf"');
    }
    const late = await post(deputyLink, { csrf: deputyForm.csrf, outcome: 'approve' });
    expect(late.statusCode).toBe(409);
    expect(late.headers['x-error-code']).toBe('ALREADY_DECIDED');
    expect(late.body).toContain('นายสมชาย ใจดี');
    expect(await decisionsOf(point.decisionPointId)).toHaveLength(1);
  });

  it('answers a replayed POST with the decided page and never makes a second decision', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org);
    const linkPath = await latestLinkPath(org.mayor);
    const { csrf } = await openForm(linkPath);
    const fields = { csrf, outcome: 'approve' };

    const first = await post(linkPath, fields);
    const replays = await Promise.all([post(linkPath, fields), post(linkPath, fields)]);

    expect(first.statusCode).toBe(200);
    for (const replay of replays) {
      expect(replay.statusCode).toBe(200);
      expect(replay.body).toContain('เรื่องนี้ได้รับการพิจารณาแล้ว');
    }
    const rows = await decisionsOf(point.decisionPointId);
    expect(rows).toHaveLength(1);
    const state = await point.handle.query(probeStateQuery);
    expect(state.decisions.map((d) => d.decisionId)).toEqual([rows[0]!.id]);
    // The replays find the decision's command delivered: nothing signals again.
    expect(state.deliveries).toBe(1);
  });

  it('refuses a session cookie naming another person with 403 WRONG_PERSON, and accepts the right one', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org);
    const linkPath = await latestLinkPath(org.mayor);
    const { csrf } = await openForm(linkPath);
    const cookieFor = (personId: number) => sessionCookieHeader(pool, config, personId);

    const wrong = await post(linkPath, { csrf, outcome: 'approve' }, { cookie: await cookieFor(org.palad) });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.headers['x-error-code']).toBe('WRONG_PERSON');
    expect(await decisionsOf(point.decisionPointId)).toHaveLength(0);

    const right = await post(linkPath, { csrf, outcome: 'approve' }, { cookie: await cookieFor(org.mayor) });
    expect(right.statusCode).toBe(200);
    expect(await decisionsOf(point.decisionPointId)).toHaveLength(1);
  });

  it('refuses a foreign Origin and a missing or foreign CSRF token', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org);
    const linkPath = await latestLinkPath(org.mayor);
    const { csrf } = await openForm(linkPath);
    const otherOrg = await seedOrganization();
    await openPoint(otherOrg);
    const otherCsrf = (await openForm(await latestLinkPath(otherOrg.mayor))).csrf;

    const answers = await Promise.all([
      post(linkPath, { csrf, outcome: 'approve' }, { origin: 'https://evil.example' }),
      post(linkPath, { outcome: 'approve' }),
      post(linkPath, { csrf: otherCsrf, outcome: 'approve' }),
    ]);
    for (const res of answers) expect(res.statusCode).toBe(403);
    expect(await decisionsOf(point.decisionPointId)).toHaveLength(0);
  });

  it('lets a deputy under an active delegation decide, recorded as mayor (delegated)', async () => {
    const org = await seedOrganization({ delegateMayorToDeputy: true });
    const point = await openPoint(org);
    expect(point.approverPersonIds.sort()).toEqual([org.mayor, org.deputy].sort());
    const deputyLink = await latestLinkPath(org.deputy);
    const { csrf, body } = await openForm(deputyLink);
    expect(body).toContain('นางสาวสมหญิง รักงาน');

    expect((await post(deputyLink, { csrf, outcome: 'approve' })).statusCode).toBe(200);

    expect(await decisionsOf(point.decisionPointId)).toEqual([
      expect.objectContaining({ person_id: org.deputy, acting_as: 'mayor (delegated)' }),
    ]);
    const state = await point.handle.query(probeStateQuery);
    expect(state.decisions[0]).toMatchObject({
      personId: org.deputy,
      personName: 'นางสาวสมหญิง รักงาน รองนายกองค์การบริหารส่วนตำบลทดสอบ ปฏิบัติราชการแทนนายก',
      actingAs: 'mayor (delegated)',
    });
    const mayorView = await app.inject({ method: 'GET', url: await latestLinkPath(org.mayor) });
    expect(mayorView.body).toContain('ปฏิบัติราชการแทนนายก');
  });

  it('records and signals even with no worker running, and says the decision is being processed', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org, { queue: uniqueTaskQueue('no-worker') });
    const linkPath = await latestLinkPath(org.mayor);
    const { csrf } = await openForm(linkPath);

    const res = await post(linkPath, { csrf, outcome: 'approve' });

    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('บันทึกแล้ว กำลังดำเนินการ');
    expect(res.body).toContain('Recorded, being processed');
    const [decision] = await decisionsOf(point.decisionPointId);
    expect(decision!.acknowledged_at).toBeNull();
    const history = await point.handle.fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.workflowExecutionSignaledEventAttributes!.signalName).toBe('decide');

    // When a worker does take it, the workflow closes the point with the id and that confirms the decision.
    const activities = createDecisionActivities({ pool, config, publicBaseUrl: PUBLIC_BASE_URL });
    await runActivity(activities.closeDecision, {
      workflowId: point.workflowId,
      decisionKey: point.decisionKey,
      status: 'decided',
      decisionId: decision!.id,
    });
    expect((await decisionsOf(point.decisionPointId))[0]!.acknowledged_at).toBeInstanceOf(Date);
  }, 60_000);
});

describe('expired links', () => {
  it('says the link expired, changes nothing on GET, and sends a new link once on request', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org);
    const linkPath = await latestLinkPath(org.mayor);
    const { csrf } = await openForm(linkPath);
    await pool.query(`UPDATE decision_links SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`, [
      hashLinkToken(linkPath.slice(3)),
    ]);

    const before = await snapshotAllTables();
    const view = await app.inject({ method: 'GET', url: linkPath });
    expect(await snapshotAllTables()).toEqual(before);
    expect(view.statusCode).toBe(410);
    expect(view.body).toContain('ลิงก์หมดอายุแล้ว');
    expect(view.body).toContain(`action="${linkPath}/renew"`);
    const late = await post(linkPath, { csrf, outcome: 'approve' });
    expect(late.statusCode).toBe(410);
    expect(await decisionsOf(point.decisionPointId)).toHaveLength(0);

    const renewCsrf = csrfOf(view.body);
    const renewed = await post(`${linkPath}/renew`, { csrf: renewCsrf }, { origin: PUBLIC_BASE_URL });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.body).toContain('ส่งลิงก์ใหม่แล้ว');
    const newLink = await latestLinkPath(org.mayor);
    expect(newLink).not.toBe(linkPath);

    const again = await post(`${linkPath}/renew`, { csrf: renewCsrf });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('ส่งลิงก์ใหม่ไปแล้ว');
    expect(await latestLinkPath(org.mayor)).toBe(newLink);
    const { rows } = await pool.query('SELECT id FROM decision_links WHERE decision_point_id = $1', [
      point.decisionPointId,
    ]);
    expect(rows).toHaveLength(2);

    const fresh = await openForm(newLink);
    expect((await post(newLink, { csrf: fresh.csrf, outcome: 'approve' })).statusCode).toBe(200);
    expect(await decisionsOf(point.decisionPointId)).toHaveLength(1);
  });

  it('refuses a renewal with a foreign Origin', async () => {
    const org = await seedOrganization();
    await openPoint(org, { linkTtlMs: 1 });
    const linkPath = await latestLinkPath(org.mayor);
    const view = await app.inject({ method: 'GET', url: linkPath });
    expect(view.statusCode).toBe(410);
    const res = await post(`${linkPath}/renew`, { csrf: csrfOf(view.body) }, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(await latestLinkPath(org.mayor)).toBe(linkPath);
  });
});

describe('decision activities', () => {
  it('openDecision retried issues no second link and no second message', async () => {
    const org = await seedOrganization({ delegateMayorToDeputy: true });
    const point = await openPoint(org);
    const activities = createDecisionActivities({ pool, config, publicBaseUrl: PUBLIC_BASE_URL });
    const retried = await runActivity(activities.openDecision, {
      workflowId: point.workflowId,
      decisionKey: point.decisionKey,
      purpose: 'proposal',
      approverRole: 'mayor',
      organizationId: org.organizationId,
      itemYearId: null,
      summary: { ...summary, itemName: 'ชื่อที่เปลี่ยนไป' },
      dueAtMs: Date.now() + DAY_MS,
      linkTtlMs: 14 * DAY_MS,
    });

    expect(retried.decisionPointId).toBe(point.decisionPointId);
    expect(retried.approverPersonIds).toEqual(point.approverPersonIds);
    const { rows: links } = await pool.query<{ issue_key: string }>(
      'SELECT issue_key FROM decision_links WHERE decision_point_id = $1 ORDER BY id',
      [point.decisionPointId],
    );
    expect(links.map((l) => l.issue_key)).toEqual([
      `${point.workflowId}:${point.decisionKey}:${org.mayor}:request`,
      `${point.workflowId}:${point.decisionKey}:${org.deputy}:request`,
    ]);
    const { rows: messages } = await pool.query<{ channel: string; body_text: string }>(
      `SELECT channel, body_text FROM outbox WHERE idempotency_key LIKE $1`,
      [`${point.workflowId}:%`],
    );
    expect(messages.map((m) => m.channel)).toEqual(['inbox', 'inbox']);
    expect(messages[0]!.body_text).toContain('พิจารณาอนุมัติโครงการ');
    expect(messages.every((m) => !m.body_text.includes('ชื่อที่เปลี่ยนไป'))).toBe(true);
  });

  it('remindDecision issues one fresh link per seq, escalates to the palad naming who is late, and stops once decided', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org);
    const activities = createDecisionActivities({ pool, config, publicBaseUrl: PUBLIC_BASE_URL });
    const remind = (seqNo: number, kind: 'before' | 'overdue' | 'escalation') =>
      runActivity(activities.remindDecision, {
        workflowId: point.workflowId,
        decisionKey: point.decisionKey,
        seq: seqNo,
        kind,
        ...(kind === 'escalation' ? { escalateTo: 'palad' as const } : {}),
        linkTtlMs: 14 * DAY_MS,
      });
    const firstLink = await latestLinkPath(org.mayor);

    await remind(1, 'before');
    await remind(1, 'before');
    const reminderLink = await latestLinkPath(org.mayor);
    expect(reminderLink).not.toBe(firstLink);
    const { rows: reminders } = await pool.query<{ subject: string }>(
      `SELECT subject FROM outbox WHERE idempotency_key = $1`,
      [`${point.workflowId}:${point.decisionKey}:${org.mayor}:reminder:1`],
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.subject).toContain('แจ้งเตือน');

    await remind(2, 'escalation');
    const { rows: escalations } = await pool.query<{ person_id: number; body_text: string; links: string[] }>(
      `SELECT person_id, body_text, links FROM outbox WHERE idempotency_key LIKE $1`,
      [`${point.workflowId}:${point.decisionKey}:escalation:2:%`],
    );
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.person_id).toBe(org.palad);
    expect(escalations[0]!.body_text).toContain('นายสมชาย ใจดี');
    expect(escalations[0]!.links.some((l) => l.includes('/d/'))).toBe(false);

    const { csrf } = await openForm(reminderLink);
    expect((await post(reminderLink, { csrf, outcome: 'approve' })).statusCode).toBe(200);
    const linksBefore = await pool.query('SELECT id FROM decision_links WHERE decision_point_id = $1', [
      point.decisionPointId,
    ]);
    await remind(3, 'overdue');
    const linksAfter = await pool.query('SELECT id FROM decision_links WHERE decision_point_id = $1', [
      point.decisionPointId,
    ]);
    expect(linksAfter.rows).toHaveLength(linksBefore.rows.length);
  });

  it('closeDecision withdrawn makes every link show the request as withdrawn', async () => {
    const org = await seedOrganization();
    const point = await openPoint(org);
    const linkPath = await latestLinkPath(org.mayor);
    const { csrf } = await openForm(linkPath);
    const activities = createDecisionActivities({ pool, config, publicBaseUrl: PUBLIC_BASE_URL });
    await runActivity(activities.closeDecision, {
      workflowId: point.workflowId,
      decisionKey: point.decisionKey,
      status: 'withdrawn',
    });

    const view = await app.inject({ method: 'GET', url: linkPath });
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('เรื่องนี้ถูกถอนแล้ว');
    const late = await post(linkPath, { csrf, outcome: 'approve' });
    expect(late.statusCode).toBe(409);
    expect(await decisionsOf(point.decisionPointId)).toHaveLength(0);
    await point.handle.signal(stopProbeSignal);
  });
});

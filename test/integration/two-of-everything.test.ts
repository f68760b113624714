import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import pg from 'pg';
import { demoEmail, DEMO_PEOPLE, seedDemoPeople } from '../../db/dev-seed';
import { storePlanVersion } from '../../db/plan-store';
import { findFreePort } from '../../infra/ports';
import { reportStateQuery, type ReportWorkflowState } from '../../workflows/report/messages';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { TEST_ENV, requiredTestEnv } from '../setup/env';
import { connectTestClient, testNamespace, testTemporalAddress, uniqueTaskQueue, type TestClient } from '../setup/temporal';
import { BUILD_TIMEOUT_MS, buildForProcesses, productionProcessEnv, startTsxProcess, type RunningProcess } from '../support/process';
import { startTestS3Server, type TestS3Server } from '../support/s3-server';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { decisionLinkPath, eventually, loadSeedPlan } from '../support/system';

/**
 * Production as docker-compose runs it, twice over: two worker processes (`node dist/worker/main.js`) and two API processes
 * (`node dist/api/main.js`) in production mode against the run's one Temporal server, one fresh PostgreSQL database and one
 * S3-compatible object store for files. A person signed in on one API is signed in on the other; links issued by
 * one are used on the other; a worker killed with SIGKILL in the middle of rendering a report leaves the work to
 * the other; and terminating every database connection, again and again while requests and activities run, ends
 * no process.
 */

const ARTIFACTS = path.join(__dirname, '../../test-artifacts/two-of-everything');
const START_TIMEOUT_MS = 240_000;
const APP_SECRET = 'two-of-everything-secret-0123456789-abcdefghij';
const PUBLIC_BASE_URL = 'https://sujarit.two.example';
const FORM = 'application/x-www-form-urlencoded';
/** temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED */
const PENDING_ACTIVITY_STARTED = 2;

let db: FreshDatabase;
let smtp: TestSmtpServer;
let s3: TestS3Server;
let temporal: TestClient;
let bucket: string;
let taskQueue: string;
let slug: string;
const people: Record<string, { id: number; email: string; fullName: string }> = {};
const everyProcess: RunningProcess[] = [];
let workers: RunningProcess[] = [];
const apis: Array<{ name: string; port: number; proc: RunningProcess }> = [];
const workflows: WorkflowHandle[] = [];

function productionEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return productionProcessEnv({
    appSecret: APP_SECRET,
    publicBaseUrl: PUBLIC_BASE_URL,
    databaseUrl: db.url,
    temporalAddress: testTemporalAddress(),
    temporalNamespace: testNamespace(),
    taskQueue,
    extra: { SMTP_URL: smtp.url, ...s3.env(bucket), ...extra },
  });
}

/** The compiled build with Node alone, as the image runs it: one process per service, so the pid Temporal reports is the one a SIGKILL reaches. */
async function startWorker(): Promise<RunningProcess> {
  const proc = startTsxProcess('worker/main.ts', productionEnv(), { built: true });
  everyProcess.push(proc);
  await proc.waitForLine('polling task queue', (l) => l.includes('polling task queue'), START_TIMEOUT_MS);
  return proc;
}

async function startApi(name: string): Promise<{ name: string; port: number; proc: RunningProcess }> {
  const port = await findFreePort();
  const proc = startTsxProcess('api/main.ts', productionEnv({ PORT: String(port) }), { built: true });
  everyProcess.push(proc);
  await proc.waitForLine('API ready', (l) => l.includes('API ready'), START_TIMEOUT_MS);
  return { name, port, proc };
}

function isAlive(proc: RunningProcess): boolean {
  return proc.child.exitCode === null && proc.child.signalCode === null;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
}

/** A browser on the public site: its Origin is PUBLIC_BASE_URL, whichever replica the balancer picked. */
async function call(
  api: { port: number },
  method: 'GET' | 'POST',
  path: string,
  opts: { cookie?: string; form?: Record<string, string>; json?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { origin: PUBLIC_BASE_URL };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.form) {
    headers['content-type'] = FORM;
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await fetch(`http://127.0.0.1:${api.port}${path}`, { method, headers, body, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, text: bytes.toString('utf8'), bytes };
}

function csrfOf(page: Answer): string {
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error(`no CSRF field in a page answered ${page.status}`);
  return csrf;
}

/** The path of the first link matching `pattern` mailed to `address` since mail number `from`. */
function linkMailedTo(address: string, from: number, pattern: RegExp): Promise<string> {
  return eventually(
    `a link mailed to ${address}`,
    async () => {
      for (const mail of smtp.mails.slice(from)) {
        if (!mail.envelopeTo.includes(address)) continue;
        const linkPath = pattern.exec(mail.parsed.text ?? '')?.[1];
        if (linkPath) return linkPath;
      }
      return undefined;
    },
    120_000,
  );
}

const decisionLink = (address: string, from: number) =>
  eventually(
    `a decision link mailed to ${address}`,
    async () => smtp.mails.slice(from).filter((m) => m.envelopeTo.includes(address)).map((m) => decisionLinkPath(m.parsed.text ?? '')).find(Boolean),
    120_000,
  );

/** Every backend of the test database but the asking one; returns how many were terminated. */
async function terminateBackends(): Promise<number> {
  // A connection of its own each time, from the server's admin database: nothing here may share the fate it deals.
  const admin = new pg.Client({ connectionString: requiredTestEnv(TEST_ENV.pgAdminUrl) });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    // The targets are chosen first: in a WHERE clause the planner may call pg_terminate_backend before the filters.
    const { rows } = await admin.query<{ n: number }>(
      `WITH targets AS MATERIALIZED (
         SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()
       )
       SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM targets`,
      [db.name],
    );
    return rows[0]!.n;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/**
 * A request that meets a connection in the moment it is cut fails (the pool cannot know before the server says
 * so); the pool has dropped such connections a moment later, and that is when the next request must work.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

async function reportState(handle: WorkflowHandle): Promise<ReportWorkflowState> {
  return handle.query(reportStateQuery);
}

function waitForOpenDecision(handle: WorkflowHandle, role: 'palad' | 'mayor'): Promise<ReportWorkflowState> {
  return eventually(
    `the report to wait for the ${role}`,
    async () => {
      const state = await reportState(handle);
      return state.openDecision?.role === role ? state : undefined;
    },
    180_000,
  );
}

/** Opens a decision link on one API and posts its form on another: the CSRF token is bound to APP_SECRET, not to a process. */
async function decide(linkPath: string, shownBy: { port: number }, decidedOn: { port: number }): Promise<Answer> {
  const page = await call(shownBy, 'GET', linkPath);
  expect(page.status).toBe(200);
  return call(decidedOn, 'POST', linkPath, { form: { csrf: csrfOf(page), outcome: 'approve' } });
}

let coordinatorCookie: string;

beforeAll(buildForProcesses, BUILD_TIMEOUT_MS);

beforeAll(async () => {
  [db, smtp, s3, temporal] = await Promise.all([freshDatabase(), startTestSmtpServer(), startTestS3Server(), connectTestClient()]);
  bucket = await s3.createBucket('two-of-everything');
  taskQueue = uniqueTaskQueue('two');
  slug = `two-${randomBytes(3).toString('hex')}`;
  const stored = await storePlanVersion(db.pool, {
    organizationSlug: slug,
    plan: await loadSeedPlan(),
    loadKey: 'two-of-everything',
    sourceName: 'khek-noi.plan.json',
    sourceSha256: 'test',
    loadedBy: 'test',
  });
  await seedDemoPeople(db.pool, stored.organizationId, slug);
  const { rows } = await db.pool.query<{ id: number; email: string; full_name: string }>(
    'SELECT id, email, full_name FROM people WHERE organization_id = $1',
    [stored.organizationId],
  );
  for (const p of DEMO_PEOPLE) {
    const row = rows.find((r) => r.email === demoEmail(slug, p.key))!;
    people[p.key] = { id: row.id, email: row.email, fullName: row.full_name };
  }
  // Bundling the workflows is most of a worker's start; the two start side by side as a deployment would.
  const [workerA, workerB, api1, api2] = await Promise.all([startWorker(), startWorker(), startApi('api1'), startApi('api2')]);
  workers = [workerA, workerB];
  apis.push(api1, api2);
}, 600_000);

afterAll(async () => {
  await Promise.all(workflows.map((h) => h.terminate('test finished').catch(() => undefined)));
  // Every process, whether or not a test failed half-way: SIGTERM, then SIGKILL after a grace period.
  await Promise.all(everyProcess.map((p) => p.stop(10_000)));
  // What each process said, to read after a failure (test-artifacts/ is not committed).
  await mkdir(ARTIFACTS, { recursive: true });
  await Promise.all(
    everyProcess.map((p, i) =>
      writeFile(path.join(ARTIFACTS, `process-${i}-${p.child.pid}.log`), [...p.stdout, '--- stderr ---', ...p.stderr].join('\n')),
    ),
  );
  await temporal?.close();
  await s3?.stop();
  await smtp?.close();
  await db?.drop();
}, 120_000);

describe('two APIs', () => {
  test(
    'a sign-in link asked for on API 1 is used on API 2, and the session works on both (one sessions table)',
    async () => {
      const [api1, api2] = apis as [(typeof apis)[0], (typeof apis)[0]];
      const coordinator = people.coordinator!;
      const from = smtp.mails.length;
      expect((await call(api1, 'POST', '/signin', { form: { email: coordinator.email } })).status).toBe(200);
      const linkPath = await linkMailedTo(coordinator.email, from, /https:\/\/[^/\s]+(\/signin\/[A-Za-z0-9_-]+)/);

      const confirm = await call(api2, 'GET', linkPath);
      expect(confirm.status).toBe(200);
      const signedIn = await call(api2, 'POST', linkPath, { form: { csrf: csrfOf(confirm) } });
      expect([302, 303]).toContain(signedIn.status);
      // Over HTTPS the cookie carries the __Host- prefix: Secure, Path=/ and no Domain, or browsers refuse it.
      const setCookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('__Host-sujarit_session='));
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/Domain=/i);
      coordinatorCookie = setCookie!.split(';')[0]!;

      for (const api of [api1, api2]) {
        const tasks = await call(api, 'GET', '/tasks', { cookie: coordinatorCookie });
        expect({ api: api.name, status: tasks.status }).toEqual({ api: api.name, status: 200 });
        expect(tasks.text).toContain(coordinator.fullName);
        const json = await call(api, 'GET', `/api/people/${coordinator.id}/tasks`, { cookie: coordinatorCookie });
        expect({ api: api.name, status: json.status }).toEqual({ api: api.name, status: 200 });
        // Without the cookie the same replica does not know the person.
        expect((await call(api, 'GET', '/tasks')).status).toBeGreaterThanOrEqual(300);
      }
      // The link was used once, on API 2; API 1 sees that in PostgreSQL and refuses it.
      const again = await call(api1, 'GET', linkPath);
      expect(again.status).toBe(403);
    },
    180_000,
  );
});

describe('two workers', () => {
  test(
    'a worker killed with SIGKILL while it renders a report: the other renders it, and decision links issued through the outbox are decided across APIs',
    async () => {
      const [api1, api2] = apis as [(typeof apis)[0], (typeof apis)[0]];
      const started = await call(api1, 'POST', '/api/reports', {
        cookie: coordinatorCookie,
        json: { kind: 'six_month', fiscalYear: 2570 },
      });
      expect(started.status).toBe(202);
      const handle = temporal.client.workflow.getHandle((JSON.parse(started.text) as { workflowId: string }).workflowId);
      workflows.push(handle);

      // The rendering has begun on one worker (the server has handed it out and not heard back): kill that one.
      const rendering = await eventually(
        'renderReportFiles to be started by a worker',
        async () => {
          const { raw } = await handle.describe();
          const activity = raw.pendingActivities?.find(
            (a) => a.activityType?.name === 'renderReportFiles' && a.state === PENDING_ACTIVITY_STARTED,
          );
          return activity?.lastWorkerIdentity ? { identity: activity.lastWorkerIdentity } : undefined;
        },
        120_000,
      );
      const victim = workers.find((w) => rendering.identity === `${w.child.pid}@${os.hostname()}`);
      expect(victim).toBeDefined();
      const survivor = workers.find((w) => w !== victim)!;
      const killed = new Promise<NodeJS.Signals | null>((resolve) => victim!.child.once('exit', (_code, signal) => resolve(signal)));
      victim!.child.kill('SIGKILL');
      expect(await killed).toBe('SIGKILL');

      const from = smtp.mails.length;
      const paladState = await waitForOpenDecision(handle, 'palad');
      expect(paladState.current?.files).toHaveLength(12);
      // The history tells who finished the rendering: the survivor, on a later attempt after the first one's
      // heartbeat timed out.
      const events = (await handle.fetchHistory()).events ?? [];
      const renderScheduled = events.find(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'renderReportFiles',
      );
      const renderStarted = events.find(
        (e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === renderScheduled?.eventId?.toString(),
      )?.activityTaskStartedEventAttributes;
      expect(renderStarted?.identity).toBe(`${survivor.child.pid}@${os.hostname()}`);
      expect(renderStarted?.attempt).toBeGreaterThanOrEqual(2);
      expect(renderStarted?.lastFailure?.timeoutFailureInfo?.timeoutType).toBeDefined();
      expect(isAlive(survivor)).toBe(true);

      // The palad's link: shown by API 1, decided on API 2; the mayor's: shown by API 2, decided on API 1.
      const paladLink = await decisionLink(people.palad!.email, from);
      expect((await decide(paladLink, api1, api2)).status).toBe(200);
      await waitForOpenDecision(handle, 'mayor');
      const mayorLink = await decisionLink(people.mayor!.email, from);
      expect((await decide(mayorLink, api2, api1)).status).toBe(200);
      const final = await handle.result();
      expect(final.phase).toBe('published');

      // The files the survivor rendered are in the object store, and both replicas serve the same bytes.
      const pdfPath = `/public/${slug}/reports/six-month/2570/pdf`;
      const [fromApi1, fromApi2] = [await call(api1, 'GET', pdfPath), await call(api2, 'GET', pdfPath)];
      expect([fromApi1.status, fromApi2.status]).toEqual([200, 200]);
      expect(fromApi1.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(fromApi1.bytes.equals(fromApi2.bytes)).toBe(true);
      const { rows } = await db.pool.query<{ sha256: string; storage_path: string; has_bytes: boolean }>(
        `SELECT sha256, storage_path, bytes IS NOT NULL AS has_bytes FROM report_files
          WHERE report_id = $1 AND format = 'pdf' AND lang = 'th'`,
        [final.published!.reportId],
      );
      expect(rows[0]).toMatchObject({ sha256: createHash('sha256').update(fromApi1.bytes).digest('hex'), has_bytes: false });
      expect(rows[0]!.storage_path).toBe(`reports/${rows[0]!.sha256.slice(0, 2)}/${rows[0]!.sha256}`);

      // A deployment replaces the killed worker; there are two again for what follows.
      workers = [survivor, await startWorker()];
    },
    420_000,
  );
});

describe('PostgreSQL connections terminated', () => {
  test(
    'right after a start and again while requests and activities run: every process carries on, the next request works, a workflow completes',
    async () => {
      const [api1, api2] = apis as [(typeof apis)[0], (typeof apis)[0]];
      const all = () => [...workers, api1.proc, api2.proc];
      const lostBefore = all().map((p) => p.stdout.filter((l) => l.includes('a database connection was lost')).length);
      const terminated: number[] = [];

      // A fresh API process, its connections cut as soon as it says it is ready.
      const api3 = await startApi('api3');
      terminated.push(await terminateBackends());
      await settle();
      expect((await call(api3, 'GET', '/tasks', { cookie: coordinatorCookie })).status).toBe(200);

      const requests = () =>
        Promise.allSettled(
          [api1, api2, api3].flatMap((api) => [
            call(api, 'GET', '/api/health'),
            call(api, 'GET', '/tasks', { cookie: coordinatorCookie }),
            call(api, 'GET', `/api/reports?org=${slug}`, { cookie: coordinatorCookie }),
            call(api, 'GET', `/public/${slug}`),
          ]),
        );

      // A report whose activities (snapshot, rendering, outbox) run while the connections are cut under them.
      const from = smtp.mails.length;
      const started = await call(api2, 'POST', '/api/reports', { cookie: coordinatorCookie, json: { kind: 'annual', fiscalYear: 2570 } });
      expect(started.status).toBe(202);
      const handle = temporal.client.workflow.getHandle((JSON.parse(started.text) as { workflowId: string }).workflowId);
      workflows.push(handle);

      for (const pauseMs of [0, 150, 600, 1_500]) {
        const inFlight = requests();
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        terminated.push(await terminateBackends());
        await inFlight;
      }
      await settle();

      // The palad decides while the connections are cut once more.
      await waitForOpenDecision(handle, 'palad');
      const paladLink = await decisionLink(people.palad!.email, from);
      const page = await call(api1, 'GET', paladLink);
      await Promise.all([
        call(api2, 'POST', paladLink, { form: { csrf: csrfOf(page), outcome: 'approve' } }),
        terminateBackends().then((n) => terminated.push(n)),
      ]);
      await settle();
      // The cut may have failed that request; the palad then clicks again, as a person would.
      await eventually(
        "the palad's approval to be taken",
        async () => {
          if ((await reportState(handle)).openDecision?.role === 'mayor') return true;
          const again = await call(api1, 'GET', paladLink);
          if (again.status === 200) await call(api2, 'POST', paladLink, { form: { csrf: csrfOf(again), outcome: 'approve' } });
          return undefined;
        },
        120_000,
      );
      const mayorLink = await decisionLink(people.mayor!.email, from);
      expect((await decide(mayorLink, api1, api2)).status).toBe(200);
      expect((await handle.result()).phase).toBe('published');

      // Every round found connections to cut, and no process ended.
      expect(terminated.every((n) => n > 0)).toBe(true);
      for (const proc of [...all(), api3.proc]) expect({ pid: proc.child.pid, alive: isAlive(proc) }).toEqual({ pid: proc.child.pid, alive: true });
      // The pools noticed (each process logs a lost connection) and went on.
      const lostAfter = all().map((p) => p.stdout.filter((l) => l.includes('a database connection was lost')).length);
      expect(lostAfter.some((n, i) => n > lostBefore[i]!)).toBe(true);
      for (const api of [api1, api2, api3]) {
        const tasks = await call(api, 'GET', '/tasks', { cookie: coordinatorCookie });
        expect({ api: api.name, status: tasks.status }).toEqual({ api: api.name, status: 200 });
        const health = await call(api, 'GET', '/api/health');
        expect({ api: api.name, status: health.status }).toEqual({ api: api.name, status: 200 });
      }
    },
    420_000,
  );
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { csrfTokenFor, readSession, sessionCookieName, sessionCsrfScope } from '../../api/security';
import { startSession } from '../../api/sessions';
import { loadConfig, publicBaseUrl, type Config } from '../../config';
import { DEMO_PEOPLE, seedDemoPeople } from '../../db/dev-seed';
import { auditKeyFrom } from '../../db/audit';
import { storePlanVersion } from '../../db/plan-store';
import { importPlanJson } from '../../domain/importer';
import type { CanonicalPlan } from '../../domain/plan';
import type { ReminderPolicyInput } from '../../domain/reminders';
import { createActivities } from '../../activities';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { fiscalYearStartWorkflow } from '../../workflows';
import type { FiscalYearStartResult } from '../../workflows/fiscal-year-start/workflow';
import type { ItemYearInput } from '../../workflows/item-year/workflow';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { appDatabaseUrl, provisionAppRole } from '../../db/app-role';
import { createPool } from '../../db/pool';
import {
  bundleWorkflowsOnce,
  connectTestClient,
  connectTestWorkerConnection,
  testNamespace,
  uniqueTaskQueue,
  type TestClient,
} from '../setup/temporal';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-server';

export const SEED_PLAN_PATH = path.join(__dirname, '../../data/seed/khek-noi.plan.json');

export async function loadSeedPlan(): Promise<CanonicalPlan> {
  return importPlanJson(await readFile(SEED_PLAN_PATH, 'utf8'));
}

/**
 * The whole system for one test file, on the run's real Temporal dev server and a fresh real database: the Khek Noi
 * plan and its demo people, a worker with the real activities, the API (driven with inject), and an in-process SMTP
 * server that receives every e-mail.
 */
export interface TestSystem {
  db: FreshDatabase;
  smtp: TestSmtpServer;
  temporal: TestClient;
  client: Client;
  app: FastifyInstance;
  config: Config;
  taskQueue: string;
  /** Unique per system: workflow ids contain it, and every test file shares one Temporal server. */
  organizationSlug: string;
  organizationId: number;
  planId: number;
  /** Demo people by their key in DEMO_PEOPLE (mayor, palad, legal, ...). */
  people: Record<string, { id: number; email: string }>;
  /** The Cookie header of a real session (in the sessions table) of a demo person, started with the system. */
  cookieFor(personKey: string): string;
  /**
   * What an API script sends with a write after `GET /api/session`: the demo person's Cookie and the session's CSRF
   * token, without Origin (a browser's own pages send their Origin instead).
   */
  apiHeaders(personKey: string): { cookie: string; 'x-csrf-token': string };
  /** The same for any session's Cookie header (from newSessionCookie). */
  apiHeadersOf(cookie: string): { cookie: string; 'x-csrf-token': string };
  /** A new real session for any person: its Cookie header. */
  newSessionCookie(personId: number): Promise<string>;
  /** The Origin header a browser sends with this site's own form posts. */
  origin: string;
  startWorker(): Promise<void>;
  /** Shuts the worker down as a deployment would; workflows wait on the server until a worker returns. */
  stopWorker(): Promise<void>;
  startFiscalYear(opts: {
    fiscalYear: number;
    timing?: Partial<ItemYearInput['timing']>;
    reminderPolicy?: ReminderPolicyInput;
    itemCodes?: string[];
    workflowId?: string;
  }): Promise<FiscalYearStartResult>;
  close(): Promise<void>;
}

/** `env`: settings added to the system's own (a LINE channel pointed at a local LINE server, say). */
export async function startTestSystem(label: string, options: { env?: Record<string, string> } = {}): Promise<TestSystem> {
  const db = await freshDatabase();
  const smtp = await startTestSmtpServer();
  const temporal = await connectTestClient();
  const taskQueue = uniqueTaskQueue(label);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET: 'test-secret-of-at-least-thirty-two-characters',
    PUBLIC_BASE_URL: 'http://sujarit.test',
    SMTP_URL: smtp.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TEMPORAL_TASK_QUEUE: taskQueue,
    ...options.env,
  });

  const organizationSlug = `kn-${label}-${randomBytes(3).toString('hex')}`.toLowerCase();
  const plan = await loadSeedPlan();
  const stored = await storePlanVersion(db.pool, {
    organizationSlug,
    plan,
    loadKey: `test:${label}`,
    sourceName: 'khek-noi.plan.json',
    sourceSha256: 'test',
    loadedBy: 'test',
  });
  await seedDemoPeople(db.pool, stored.organizationId, organizationSlug, { auditKey: auditKeyFrom(config) });
  const { rows } = await db.pool.query<{ id: number; email: string }>(
    'SELECT id, email FROM people WHERE organization_id = $1 ORDER BY id',
    [stored.organizationId],
  );
  const people: TestSystem['people'] = {};
  DEMO_PEOPLE.forEach((p, i) => {
    people[p.key] = rows[i]!;
  });

  // The API and the worker run as the application role, as in production; the test's own queries as the owner.
  await provisionAppRole(db.pool, db.url, config);
  const appPool = createPool(appDatabaseUrl(db.url, config), 5);
  const app = await buildApp({ config, pool: appPool, temporal: temporal.client });
  const newSessionCookie = (personId: number) => sessionCookieHeader(db.pool, config, personId);
  const cookies = new Map<string, string>();
  const csrfTokens = new Map<string, string>();
  for (const [key, person] of Object.entries(people)) {
    const { cookie, csrfToken } = await sessionHeaders(db.pool, config, person.id);
    cookies.set(key, cookie);
    csrfTokens.set(key, csrfToken);
  }
  const bundle = await bundleWorkflowsOnce(WORKFLOWS_PATH);
  let running: { worker: Worker; run: Promise<void>; close(): Promise<void> } | undefined;

  const system: TestSystem = {
    db,
    smtp,
    temporal,
    client: temporal.client,
    app,
    config,
    taskQueue,
    organizationSlug,
    organizationId: stored.organizationId,
    planId: stored.planId,
    people,
    cookieFor(personKey) {
      const cookie = cookies.get(personKey);
      if (!cookie) throw new Error(`no demo person ${personKey}`);
      return cookie;
    },
    apiHeaders(personKey) {
      return { cookie: system.cookieFor(personKey), 'x-csrf-token': csrfTokens.get(personKey)! };
    },
    apiHeadersOf(cookie) {
      const session = readSession({ headers: { cookie } } as FastifyRequest, config.APP_SECRET!, Date.now(), sessionCookieName(publicBaseUrl(config)));
      if (!session) throw new Error('not a session cookie of this system');
      return { cookie, 'x-csrf-token': csrfTokenFor(config.APP_SECRET!, sessionCsrfScope(session)) };
    },
    newSessionCookie,
    origin: new URL(publicBaseUrl(config)).origin,
    async startWorker() {
      if (running) return;
      const connection = await connectTestWorkerConnection();
      const worker = await Worker.create({
        connection,
        namespace: testNamespace(),
        taskQueue,
        workflowBundle: bundle,
        activities: createActivities({
          pool: appPool,
          config,
          publicBaseUrl: publicBaseUrl(config),
          temporal: new Client({ connection, namespace: testNamespace() }),
        }),
      });
      running = { worker, run: worker.run(), close: () => connection.close() };
    },
    async stopWorker() {
      if (!running) return;
      const current = running;
      running = undefined;
      current.worker.shutdown();
      await current.run;
      await current.close();
    },
    async startFiscalYear(opts) {
      return temporal.client.workflow.execute(fiscalYearStartWorkflow, {
        taskQueue,
        workflowId: opts.workflowId ?? `fy-start:${label}:${opts.fiscalYear}:${Date.now()}`,
        args: [
          {
            organizationSlug,
            fiscalYear: opts.fiscalYear,
            ...(opts.itemCodes ? { itemCodes: opts.itemCodes } : {}),
            ...(opts.timing ? { timing: opts.timing } : {}),
            ...(opts.reminderPolicy ? { reminderPolicy: opts.reminderPolicy } : {}),
          },
        ],
      });
    },
    async close() {
      await system.stopWorker();
      await app.close();
      await appPool.end();
      await temporal.close();
      await smtp.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return system;
}

/** Starts a real session for the person, as signing in does, and answers the Cookie header that carries it. */
export async function sessionCookieHeader(pool: Pool, config: Config, personId: number): Promise<string> {
  return (await sessionHeaders(pool, config, personId)).cookie;
}

/** A real session's Cookie header and the CSRF token its writes carry (what `GET /api/session` answers). */
export async function sessionHeaders(pool: Pool, config: Config, personId: number): Promise<{ cookie: string; csrfToken: string }> {
  const { cookieValue, session } = await startSession(pool, config.APP_SECRET!, personId);
  return {
    cookie: `${sessionCookieName(publicBaseUrl(config))}=${encodeURIComponent(cookieValue)}`,
    csrfToken: csrfTokenFor(config.APP_SECRET!, sessionCsrfScope(session)),
  };
}

/** Polls until check() returns a value (not undefined), or fails after timeoutMs with what it was waiting for. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function decisionLinkPath(text: string): string | undefined {
  return /https?:\/\/[^/\s]+(\/d\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
}

/** Opens a decision link like a browser (GET), then posts its form with the given outcome. */
export async function decideThroughLink(
  app: FastifyInstance,
  linkPath: string,
  decision: { outcome: 'approve' | 'reject' | 'send_back' | 'acknowledge'; reason?: string },
): Promise<{ status: number; body: string }> {
  const page = await app.inject({ method: 'GET', url: linkPath });
  if (page.statusCode !== 200) throw new Error(`GET ${linkPath} answered ${page.statusCode}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error('the decision page has no CSRF field');
  const form = new URLSearchParams({ csrf, outcome: decision.outcome, ...(decision.reason ? { reason: decision.reason } : {}) });
  const response = await app.inject({
    method: 'POST',
    url: linkPath,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  return { status: response.statusCode, body: response.body };
}

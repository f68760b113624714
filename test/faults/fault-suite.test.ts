import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config';
import { auditKeyFrom, verifyAuditChain } from '../../db/audit';
import { DEMO_PEOPLE, seedDemoPeople } from '../../db/dev-seed';
import { storePlanVersion } from '../../db/plan-store';
import { findFreePort } from '../../infra/ports';
import { resolveTemporalCli } from '../../infra/temporal-cli';
import { hashLinkToken } from '../../services/tokens';
import { fiscalYearStartWorkflow } from '../../workflows';
import { stateQuery, type ItemYearState } from '../../workflows/item-year/messages';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { startTsxProcess, type RunningProcess } from '../support/process';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp-server';
import { messageIdFor } from '../../services/notify';
import { decisionLinkPath, eventually, loadSeedPlan, sessionHeaders } from '../support/system';

/**
 * The fault suite (`npm run test:faults`): the real API and worker processes, a Temporal server of the suite's own
 * (SQLite, so a restart keeps its state) and the run's PostgreSQL, through the faults a production day brings:
 * SIGKILL of the API after a decision row is stored and before its signal (`command-stored`), of the worker after the
 * signal and before the activity that records it (`decision-verifying`), in the middle of an e-mail delivery
 * (`notification-sending`) and of a report render (`report-rendering`), SIGKILL of the Temporal server with a decision
 * made while it is down and a restart, and the application's PostgreSQL connections terminated under load. Then it
 * counts, from the database, Temporal and the SMTP server's Message-IDs, what production must never see, prints the
 * counts as a table and a JSON line, and expects every one of them at zero. One count is printed and not expected at
 * zero: e-mails sent again after a hand-over whose outcome is unknown. A process killed in the milliseconds between
 * the SMTP server taking a message and the row being marked leaves no way to know; the system records each such
 * resend (outbox_handoffs), and the copy carries the same Message-ID. A repeat it did not record fails the suite.
 */

const FY = 2570;
const DAY_MS = 600_000;
const ITEMS = ['1.1', '1.12', '1.16'];
const APP_SECRET = 'fault-suite-secret-of-at-least-thirty-two-chars';
const PUBLIC_BASE_URL = 'http://sujarit.test';
const START_TIMEOUT_MS = 240_000;
/** The item-year's activities time out after a minute; a worker killed mid-activity is replaced after that. */
const SETTLE_TIMEOUT_MS = 300_000;

let db: FreshDatabase;
let smtp: TestSmtpServer;
let scratch: string;
let temporalPort: number;
let temporalChild: ChildProcess | undefined;
let connection: Connection | undefined;
let client: Client;
let organizationSlug: string;
let planId: number;
const people: Record<string, number> = {};
const processes: RunningProcess[] = [];
const taskQueue = `faults-${randomBytes(3).toString('hex')}`;
const config = loadConfig({ NODE_ENV: 'test', APP_SECRET, PUBLIC_BASE_URL, LOG_LEVEL: 'silent' });

/** Temporal's dev server on a fixed port and SQLite file, so a restart after SIGKILL finds every workflow again. */
async function startTemporal(): Promise<void> {
  const cli = await resolveTemporalCli();
  const child = spawn(
    cli,
    ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(temporalPort), '--headless', '--log-level', 'warn', '--db-filename', path.join(scratch, 'temporal.sqlite')],
    { stdio: 'ignore' },
  );
  temporalChild = child;
  await eventually(
    'the Temporal server to answer',
    async () => {
      connection ??= await Connection.connect({ address: `127.0.0.1:${temporalPort}`, connectTimeout: 2_000 });
      await connection.withDeadline(Date.now() + 2_000, () => connection!.workflowService.getSystemInfo({}));
      return true;
    },
    60_000,
  );
}

async function killTemporal(): Promise<void> {
  const child = temporalChild!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function processEnv(faultPoint?: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    APP_SECRET,
    PUBLIC_BASE_URL,
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: smtp.url,
    DATA_DIR: scratch,
    COMMAND_SWEEP_INTERVAL_MS: '1000',
    // A killed sender's hand-over keeps others off its message this long; the production default is minutes.
    OUTBOX_HANDOFF_LEASE_MS: '10000',
    ...(faultPoint ? { SUJARIT_FAULT_POINT: faultPoint } : {}),
  };
}

async function startApi(faultPoint?: string): Promise<{ port: number; proc: RunningProcess }> {
  const port = await findFreePort();
  const proc = startTsxProcess('api/main.ts', { ...processEnv(faultPoint), PORT: String(port) }, { direct: true });
  processes.push(proc);
  await proc.waitForLine('API ready', (l) => l.includes('API ready'), START_TIMEOUT_MS);
  return { port, proc };
}

async function startWorker(faultPoint?: string): Promise<RunningProcess> {
  const proc = startTsxProcess('worker/main.ts', processEnv(faultPoint), { direct: true });
  processes.push(proc);
  await proc.waitForLine('worker polling', (l) => l.includes('polling task queue'), START_TIMEOUT_MS);
  return proc;
}

function exitOf(proc: RunningProcess): Promise<NodeJS.Signals | null> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return Promise.resolve(proc.child.signalCode);
  return new Promise((resolve) => proc.child.once('exit', (_code, signal) => resolve(signal)));
}

const workflowIdOf = (code: string) => `item-year:${organizationSlug}:${planId}:${code}:${FY}`;
const stateOf = (code: string): Promise<ItemYearState> => client.workflow.getHandle(workflowIdOf(code)).query(stateQuery);

async function apiHeaders(key: string): Promise<Record<string, string>> {
  const { cookie, csrfToken } = await sessionHeaders(db.pool, config, people[key]!);
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

async function propose(port: number, code: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/api/items/${code}/years/${FY}/proposal?org=${organizationSlug}`, {
    method: 'POST',
    headers: { ...(await apiHeaders('legal')), 'idempotency-key': `faults-proposal-${code}` },
    body: JSON.stringify({ memo: `ขออนุมัติดำเนินการรายการ ${code}`, budget: 10000 }),
  });
}

/** The ปลัด's unused decision link for an item-year, from the e-mails the SMTP server received. */
async function paladLinkFor(code: string): Promise<string> {
  return eventually(
    `a decision link to the palad for ${code}`,
    async () => {
      for (const mail of smtp.mails) {
        const link = decisionLinkPath(mail.parsed.text ?? '');
        if (!link) continue;
        const { rowCount } = await db.pool.query(
          `SELECT 1 FROM decision_links l JOIN decision_points p ON p.id = l.decision_point_id
           WHERE l.token_hash = $1 AND p.workflow_id = $2 AND l.person_id = $3 AND l.used_at IS NULL`,
          [hashLinkToken(link.slice('/d/'.length)), workflowIdOf(code), people.palad],
        );
        if (rowCount) return link;
      }
      return undefined;
    },
    SETTLE_TIMEOUT_MS,
  );
}

/** Opens the link as a browser and posts its form; a process that dies meanwhile rejects the fetch. */
async function decide(port: number, linkPath: string): Promise<Response> {
  const page = await fetch(`http://127.0.0.1:${port}${linkPath}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error(`the decision page ${linkPath} answered ${page.status} without a form`);
  return fetch(`http://127.0.0.1:${port}${linkPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_BASE_URL },
    body: new URLSearchParams({ csrf, outcome: 'approve' }).toString(),
  });
}

async function terminateAppConnections(): Promise<number> {
  const { rowCount } = await db.pool.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND usename = 'sujarit_app'`,
  );
  return rowCount ?? 0;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'sujarit-faults-'));
  await chmod(scratch, 0o755);
  temporalPort = await findFreePort();
  db = await freshDatabase();
  smtp = await startTestSmtpServer();
  organizationSlug = `faults-${randomBytes(3).toString('hex')}`;
  const stored = await storePlanVersion(db.pool, {
    organizationSlug,
    plan: await loadSeedPlan(),
    loadKey: 'test:faults',
    sourceName: 'khek-noi.plan.json',
    sourceSha256: 'test',
    loadedBy: 'test',
  });
  planId = stored.planId;
  await seedDemoPeople(db.pool, stored.organizationId, organizationSlug, { auditKey: auditKeyFrom(config) });
  const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM people WHERE organization_id = $1 ORDER BY id', [stored.organizationId]);
  DEMO_PEOPLE.forEach((p, i) => {
    people[p.key] = rows[i]!.id;
  });
  await startTemporal();
  client = new Client({ connection: connection!, namespace: 'default' });
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await connection?.close();
  if (temporalChild && temporalChild.exitCode === null && temporalChild.signalCode === null) await killTemporal();
  await smtp?.close();
  await db?.drop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test('a fault point is refused in production', () => {
  expect(() =>
    loadConfig({
      NODE_ENV: 'production',
      APP_SECRET,
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      PUBLIC_BASE_URL: 'https://sujarit.example',
      SUJARIT_FAULT_POINT: 'notification-sending',
    }),
  ).toThrow(/SUJARIT_FAULT_POINT/);
});

test('killed processes, a killed Temporal server and cut database connections lose nothing and double nothing', async () => {
  const faults: string[] = [];
  const dying = await startWorker('notification-sending');
  let api = await startApi();
  await client.workflow.start(fiscalYearStartWorkflow, {
    taskQueue,
    workflowId: `fy-start:faults:${FY}`,
    args: [{ organizationSlug, fiscalYear: FY, itemCodes: ITEMS, timing: { startMs: Date.now(), dayMs: DAY_MS } }],
  });
  await eventually(
    'every item-year to wait for its proposal',
    async () => ((await Promise.all(ITEMS.map(stateOf))).every((s) => s.phase === 'proposal') ? true : undefined),
    SETTLE_TIMEOUT_MS,
  );

  // 1. The first proposal's approval e-mail kills the worker in the middle of its delivery.
  const workerDied = exitOf(dying);
  expect([200, 202]).toContain((await propose(api.port, ITEMS[0]!)).status);
  expect(await workerDied).toBe('SIGKILL');
  faults.push('worker SIGKILL: notification-sending');
  // The next worker delivers that e-mail, then dies when the first decision reaches its workflow.
  const verifier = await startWorker('decision-verifying');
  const verifierDied = exitOf(verifier);

  // 2. The ปลัด decides; the API stores the decision and its command, then dies before the signal. The API that
  // replaces it delivers the command; the worker dies after the signal, before the activity that records it.
  const firstLink = await paladLinkFor(ITEMS[0]!);
  await api.proc.stop();
  const faulty = await startApi('command-stored');
  const apiDied = exitOf(faulty.proc);
  await expect(decide(faulty.port, firstLink)).rejects.toThrow();
  expect(await apiDied).toBe('SIGKILL');
  faults.push('API SIGKILL: command-stored (decision)');
  api = await startApi();
  expect(await verifierDied).toBe('SIGKILL');
  faults.push('worker SIGKILL: decision-verifying');
  const worker = await startWorker();

  // 3. More proposals, with the application's database connections cut under them.
  for (const code of ITEMS.slice(1)) {
    expect([200, 202]).toContain((await propose(api.port, code)).status);
    faults.push(`pg_terminate_backend: ${await terminateAppConnections()} connections`);
  }

  // 4. Temporal is killed; a decision made meanwhile is stored and answered, then delivered after the restart.
  const secondLink = await paladLinkFor(ITEMS[1]!);
  await killTemporal();
  faults.push('Temporal SIGKILL');
  const duringOutage = await decide(api.port, secondLink);
  expect(duringOutage.status).toBeLessThan(500);
  await startTemporal();
  faults.push('Temporal restarted');
  faults.push(`pg_terminate_backend: ${await terminateAppConnections()} connections`);
  expect((await decide(api.port, await paladLinkFor(ITEMS[2]!))).status).toBeLessThan(500);

  // 5. A report rendered by a worker that dies after its first file; another worker renders it whole. The healthy
  // worker steps aside first, so the render cannot go to it.
  await eventually(
    'the decisions to be acknowledged before the workers change',
    async () => ((await db.pool.query('SELECT 1 FROM decisions WHERE acknowledged_at IS NULL')).rowCount === 0 ? true : undefined),
    SETTLE_TIMEOUT_MS,
  );
  await worker.stop();
  const renderer = await startWorker('report-rendering');
  const rendererDied = exitOf(renderer);
  const report = await fetch(`http://127.0.0.1:${api.port}/api/reports`, {
    method: 'POST',
    headers: await apiHeaders('coordinator'),
    body: JSON.stringify({ kind: 'six_month', fiscalYear: FY }),
  });
  expect(report.status).toBe(202);
  expect(await rendererDied).toBe('SIGKILL');
  faults.push('worker SIGKILL: report-rendering');
  await startWorker();

  // Everything settles: every decision acknowledged, every command delivered, every e-mail sent, the report whole.
  await eventually(
    'every decision acknowledged, command delivered, e-mail sent and report file rendered',
    async () => {
      const { rows } = await db.pool.query<{ open: number }>(
        `SELECT (SELECT count(*) FROM decisions WHERE acknowledged_at IS NULL)
              + (SELECT count(*) FROM commands WHERE delivered_at IS NULL)
              + (SELECT count(*) FROM outbox WHERE channel = 'email' AND status = 'pending')
              + (SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM reports r
                  WHERE (SELECT count(*) FROM report_files f WHERE f.report_id = r.id) >= 10)::int AS open`,
      );
      return rows[0]!.open === 0 ? true : undefined;
    },
    SETTLE_TIMEOUT_MS,
  );

  const states = await Promise.all(ITEMS.map(stateOf));
  const { rows: decisions } = await db.pool.query<{ id: string; workflowId: string; acknowledged: boolean }>(
    `SELECT d.id, p.workflow_id AS "workflowId", d.acknowledged_at IS NOT NULL AS acknowledged
     FROM decisions d JOIN decision_points p ON p.id = d.decision_point_id`,
  );
  const takenIds = new Set(states.flatMap((s) => s.decisions.map((d) => d.decisionId)));
  const lost = decisions.filter((d) => !d.acknowledged || (d.workflowId.startsWith('item-year:') && !takenIds.has(d.id))).length;
  const appliedTwice = states.reduce((n, s) => {
    const keys = s.decisions.map((d) => d.decisionKey);
    return n + keys.length - new Set(keys).size;
  }, 0);
  const { rows: auditedTwice } = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT entity_id, after ->> 'decisionKey' FROM audit_log WHERE action LIKE 'decision:%'
     GROUP BY 1, 2 HAVING count(*) > 1) twice`,
  );
  // A second copy is a defect unless the system itself recorded that it sent the message again after a hand-over
  // whose outcome nobody can know (its sender was killed between the SMTP server taking it and the row being marked).
  const { rows: resent } = await db.pool.query<{ key: string }>(
    `SELECT DISTINCT o.idempotency_key AS key FROM outbox_handoffs h JOIN outbox o ON o.id = h.outbox_id
     WHERE h.after_unknown_outcome AND o.channel = 'email'`,
  );
  const flagged = new Set(resent.map((r) => messageIdFor(`${r.key}:email`, 'sujarit.local')));
  const copies = new Map<string, ReceivedMail[]>();
  for (const mail of smtp.mails) copies.set(mail.parsed.messageId ?? '', [...(copies.get(mail.parsed.messageId ?? '') ?? []), mail]);
  const repeated = [...copies].filter(([, mails]) => mails.length > 1);
  const emailsTwice = repeated.filter(([id]) => !flagged.has(id)).reduce((n, [, mails]) => n + mails.length - 1, 0);
  const emailsResentFlagged = repeated.filter(([id]) => flagged.has(id)).reduce((n, [, mails]) => n + mails.length - 1, 0);
  for (const [id, mails] of repeated) {
    process.stdout.write(`repeated ${id} ${flagged.has(id) ? '(flagged)' : '(NOT flagged)'}: ${mails.length} copies to ${mails[0]!.envelopeTo.join(', ')}: ${mails[0]!.parsed.subject ?? ''}\n`);
  }
  let stuck = 0;
  for (const code of ITEMS) {
    const described = await client.workflow.getHandle(workflowIdOf(code)).describe();
    if ((described.raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) > 1)) stuck++;
  }
  const audit = await verifyAuditChain(db.pool, auditKeyFrom(config));
  const counts = {
    decisions: decisions.length,
    emails: smtp.mails.length,
    decisionsLost: lost,
    decisionsAppliedTwice: appliedTwice + auditedTwice[0]!.n,
    emailsDeliveredTwice: emailsTwice,
    emailsResentAfterUnknownOutcome: emailsResentFlagged,
    itemYearsStuckRetrying: stuck,
    auditChainIntact: audit.ok,
    auditRows: audit.rows,
  };
  const table = [
    'faults injected:',
    ...faults.map((f) => `  ${f}`),
    `${'count'.padEnd(34)}value`,
    ...Object.entries(counts).map(([k, v]) => `${k.padEnd(34)}${String(v)}`),
  ].join('\n');
  process.stdout.write(`\n${table}\nFAULT_SUITE_COUNTS ${JSON.stringify({ ...counts, faults })}\n`);

  expect(decisions.length).toBeGreaterThanOrEqual(ITEMS.length);
  expect(counts).toMatchObject({
    decisionsLost: 0,
    decisionsAppliedTwice: 0,
    emailsDeliveredTwice: 0,
    itemYearsStuckRetrying: 0,
    auditChainIntact: true,
  });
});

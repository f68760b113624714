import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { SESSION_COOKIE_NAME } from '../../api/security';
import { startSession } from '../../api/sessions';
import { loadConfig } from '../../config';
import { auditKeyFrom, verifyAuditChain } from '../../db/audit';
import { DEMO_PEOPLE, seedDemoPeople } from '../../db/dev-seed';
import { createPool } from '../../db/pool';
import { storePlanVersion } from '../../db/plan-store';
import { DAY_MS, fiscalYearOf } from '../../domain/fiscal';
import { importPlanJson } from '../../domain/importer';
import type { Log } from '../../infra/log';
import { findFreePort } from '../../infra/ports';
import { REPO_ROOT } from '../../infra/temporal-cli';
import { fiscalYearStartWorkflow } from '../../workflows';
import { BARE_MEASURED_WORKFLOWS, measureBareTemporal, type BareTemporalMeasurement } from './bare-temporal';
import { freshBenchDatabase } from './database';
import { startSmtpSink } from './smtp-sink';
import { mapBounded } from '../../infra/bounded';
import { startBenchTemporal, startBenchTemporalServer, type BenchEngine } from './temporal';
import { startWorkerProcess, type WorkerUsage } from './worker-process';
import { builtEntry, ensureBuild } from '../../infra/build';

/**
 * One measured run of the product at organisation scale, shared by `bench workflows` and `bench scale`: N
 * organisations (each loaded with the Khek Noi seed plan and its demo people), the fiscal-year start of all of them
 * at once, then item-years driven through approval the way people do it (the owner posts the proposal to the API,
 * the palad and then the mayor open their link and post "approve"). Real parts only: a private Temporal server of
 * the chosen engine, PostgreSQL, the worker with the real activities in its own process, the API listening on
 * loopback, an SMTP server receiving the e-mails. The bare Temporal baseline runs on the same server before and
 * after, and the two runs are pooled, so a machine whose load drifts during the run moves both sides alike.
 */

export const APPROVERS = ['palad', 'mayor'] as const;
/** A plan day as in production: no reminder or escalation can come due while the bench runs. */
const BENCH_DAY_MS = DAY_MS;
export const POLL_MS = 25;
const ALL_STARTED_TIMEOUT_MS = 30 * 60_000;
const HISTORY_READS_IN_FLIGHT = 8;
const LINK_TIMEOUT_MS = 120_000;
const APPROVAL_SETTLED_TIMEOUT_MS = 5 * 60_000;
/** What the decision page says once the route has seen the workflow take the decision (api/pages/decision.ts). */
const TAKEN_BY_WORKFLOW = 'The workflow has taken your decision.';
const SEED_PLAN_PATH = path.join(REPO_ROOT, 'data', 'seed', 'khek-noi.plan.json');

export interface ScenarioOptions {
  engine: BenchEngine;
  orgs: number;
  /** Item-years in flight through approval at once. */
  concurrency: number;
  /** At most this many item-years are driven through approval (spread over the organisations); unset: all. */
  decisionSample?: number;
  /**
   * Before those, this many more item-years are driven through one at a time: decisions at the load the bare signal
   * round trip is measured at (sequential), so the two latencies compare like for like. Unset: none.
   */
  sequentialSample?: number;
  withSmtp: boolean;
  fiscalYear?: number;
  /** Settings for the worker process beyond the bench's own (e.g. WORKER_MAX_CACHED_WORKFLOWS). */
  workerSettings?: Record<string, string>;
  log: Log;
}

export interface DecisionSamples {
  /** POST sent → response received, per approver role. */
  post: Record<(typeof APPROVERS)[number], number[]>;
  /** The owner's proposal POST (it also waits for the workflow to take it). */
  proposal: number[];
  /** From the previous step's confirmation until the message with the next link was delivered (worker-side pipeline). */
  linkWait: number[];
}

export interface ScenarioResult {
  engine: BenchEngine;
  orgs: number;
  itemsPerOrg: number;
  itemYears: number;
  fiscalYear: number;
  /** From starting the fiscal-year start workflows until every item_years row had its first projection. */
  startSeconds: number;
  /** Until every fiscal-year start workflow had returned (all children started). */
  fyDoneSeconds: number;
  startsPerSec: number;
  baselineBefore: BareTemporalMeasurement;
  baselineAfter: BareTemporalMeasurement;
  baseline: BareTemporalMeasurement;
  samples: DecisionSamples;
  /** Every decision POST (palad and mayor) made with `concurrency` item-years in flight. */
  decisions: number[];
  /** Every decision POST made one item-year at a time (empty without sequentialSample). */
  sequentialDecisions: number[];
  approvalItems: number;
  /** Item-years waiting for a proposal after the start (the population the sample is drawn from). */
  approvalCandidates: number;
  decisionSeconds: number;
  concurrency: number;
  workerAtStartup: WorkerUsage;
  workerAtEnd: WorkerUsage;
  startCpuMs: number;
  decisionCpuMs: number;
  facts: { auditRows: number; decisionPoints: number; outboxRows: number; openItemYears: number };
  smtpMessages: number | undefined;
  /** PostgreSQL bytes per item-year: growth of our database and of Temporal's (postgres engine only) over the run. */
  pgBytesPerItemYear: { ours: number; temporal: number | undefined };
  totalSeconds: number;
}

interface BenchOrganization {
  slug: string;
  id: number;
  planId: number;
  /** Person id by DEMO_PEOPLE key. */
  people: Map<string, number>;
}

interface ApprovalItem {
  workflowId: string;
  itemCode: string;
  organizationId: number;
  ownerPersonId: number | null;
  budgetPlanned: number | null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every POLL_MS until it returns a value, failing after timeoutMs with what it waited for. */
async function pollUntil<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

export async function runItemYearScenario(opts: ScenarioOptions): Promise<ScenarioResult> {
  const { log, orgs: orgCount, concurrency } = opts;
  const plan = importPlanJson(await readFile(SEED_PLAN_PATH, 'utf8'));
  const fiscalYear =
    opts.fiscalYear ??
    // The current fiscal year when the plan covers it, else the plan's last one.
    (plan.fiscalYears.includes(fiscalYearOf(Date.now())) ? fiscalYearOf(Date.now()) : Math.max(...plan.fiscalYears));
  const itemsPerOrg = plan.items.filter((item) => String(fiscalYear) in item.budgetByYear).length;
  if (!itemsPerOrg) throw new Error(`the seed plan has no item in FY${fiscalYear}`);
  const expectedItemYears = itemsPerOrg * orgCount;
  const benchStartedAt = performance.now();

  const cleanups: Array<() => Promise<void>> = [];
  try {
    const [db, smtp] = await Promise.all([
      freshBenchDatabase(process.env.DATABASE_URL || undefined, log),
      opts.withSmtp ? startSmtpSink() : Promise.resolve(undefined),
    ]);
    cleanups.push(() => db.drop());
    if (smtp) cleanups.push(() => smtp.close());
    // The postgres engine keeps Temporal's databases on the same server as ours, so both are measured alike.
    const server = await startBenchTemporalServer(log, { engine: opts.engine, postgresAdminUrl: db.adminUrl });
    cleanups.push(() => server.stop());

    // 1. The bare baseline, on the same server, before anything of ours runs on it (and again at the end).
    const measureBaseline = async (when: string): Promise<BareTemporalMeasurement> => {
      log(`วัดค่าฐานของ Temporal เปล่า (${when}) / measuring the bare Temporal baseline on this server (${when})`);
      const bare = await startBenchTemporal({
        workflowsPath: require.resolve('../bare-workflows'),
        log,
        serverAddress: server.address,
      });
      try {
        return await measureBareTemporal(bare, log);
      } finally {
        await bare.close();
      }
    };
    const baselineBefore = await measureBaseline('before');

    // 2. N organisations, each with the seed plan and the demo people.
    log(`โหลดแผนให้ ${orgCount} องค์กร / loading the seed plan and demo people into ${orgCount} organisations`);
    const orgs: BenchOrganization[] = [];
    for (let i = 1; i <= orgCount; i++) {
      const slug = `bench-org-${i}`;
      const stored = await storePlanVersion(db.pool, {
        organizationSlug: slug,
        plan,
        loadKey: `bench:${slug}`,
        sourceName: path.basename(SEED_PLAN_PATH),
        sourceSha256: 'bench',
        loadedBy: 'bench',
      });
      await seedDemoPeople(db.pool, stored.organizationId, slug);
      const { rows } = await db.pool.query<{ id: number }>(
        'SELECT id FROM people WHERE organization_id = $1 ORDER BY id',
        [stored.organizationId],
      );
      // seedDemoPeople inserts in DEMO_PEOPLE order, so ids follow it.
      const people = new Map(DEMO_PEOPLE.map((person, index) => [person.key, rows[index]!.id]));
      orgs.push({ slug, id: stored.organizationId, planId: stored.planId, people });
    }

    // 3. The API in this process, listening on loopback; the worker in its own process.
    const apiPort = await findFreePort('127.0.0.1');
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const taskQueue = `bench-sujarit-${randomBytes(4).toString('hex')}`;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-bench-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      APP_SECRET: randomBytes(32).toString('base64url'),
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PUBLIC_BASE_URL: apiUrl,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      DATA_DIR: dataDir,
      // Request logs would cost the API time the bench is measuring; warnings and errors still show.
      LOG_LEVEL: 'warn',
      ...(smtp ? { SMTP_URL: smtp.url } : {}),
    };
    const config = loadConfig(env);
    const appSecret = config.APP_SECRET!;

    // The worker as the image runs it: the compiled build with Node alone (infra/build.ts), not under tsx.
    await ensureBuild(log);
    const worker = await startWorkerProcess(
      builtEntry('bench/worker-child.ts'),
      { temporalAddress: server.address, taskQueue, env: { ...env, ...opts.workerSettings } },
      log,
    );
    cleanups.push(() => worker.stop());
    const workerAtStartup = await worker.usage();
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    // The API has its own pool, as it has in production; the bench's polling uses db.pool.
    const apiPool = createPool(db.url);
    cleanups.push(() => apiPool.end());
    const app = await buildApp({ config, pool: apiPool, temporal: client });
    cleanups.push(() => app.close());
    await app.listen({ host: '127.0.0.1', port: apiPort });

    // 4. Throughput: every item-year started and projected.
    const sizesBefore = await databaseSizes(db.pool, server.databases);
    log(
      `เริ่มปีงบประมาณ ${fiscalYear} ใน ${orgCount} องค์กร / starting FY${fiscalYear} in ${orgCount} organisations ` +
        `(${expectedItemYears} item-years)`,
    );
    const cpuBeforeStarts = (await worker.usage()).cpuMs;
    const timingStartMs = Date.now();
    const startedAt = performance.now();
    const fyHandles = await Promise.all(
      orgs.map((org) =>
        client.workflow.start(fiscalYearStartWorkflow, {
          taskQueue,
          workflowId: `fy-start:${org.slug}:${fiscalYear}`,
          args: [{ organizationSlug: org.slug, fiscalYear, timing: { startMs: timingStartMs, dayMs: BENCH_DAY_MS } }],
        }),
      ),
    );
    let fyDoneAt = Number.NaN;
    const fyResults = Promise.all(fyHandles.map((handle) => handle.result())).then((results) => {
      fyDoneAt = performance.now();
      return results;
    });
    // A failed fiscal-year start would otherwise only show as a timeout below.
    fyResults.catch(() => undefined);
    // Revision 1 is the item-year's first projection: its row with its first phase and due date. The fiscal-year
    // start records it before it starts the runs, so an item-year counts as started once its run's first workflow
    // task has completed too, by that event's time on the server (the same clock: one machine).
    await waitForRevision(db.pool, 1, expectedItemYears, fyResults);
    const started = (await fyResults).reduce((sum, r) => sum + r.started, 0);
    if (started !== expectedItemYears) {
      throw new Error(`the fiscal-year start workflows started ${started} item-years, expected ${expectedItemYears}`);
    }
    const { rows: startedRows } = await db.pool.query<{ workflowId: string }>('SELECT workflow_id AS "workflowId" FROM item_years');
    const firstTasksDoneMs = await waitForFirstTasks(client, startedRows.map((r) => r.workflowId));
    const startCpuMs = (await worker.usage()).cpuMs - cpuBeforeStarts;
    const startSeconds = (firstTasksDoneMs - timingStartMs) / 1000;
    const startsPerSec = expectedItemYears / startSeconds;
    log(
      `${expectedItemYears} รายการเริ่มใน ${startSeconds.toFixed(1)} วินาที / item-years projected in ` +
        `${startSeconds.toFixed(1)} s (${startsPerSec.toFixed(1)}/s)`,
    );

    // 5. Decisions: item-years that wait for a proposal go through the palad and the mayor.
    const { rows: candidates } = await db.pool.query<ApprovalItem>(
      `SELECT workflow_id AS "workflowId", item_code AS "itemCode", organization_id AS "organizationId",
              owner_person_id AS "ownerPersonId", budget_planned AS "budgetPlanned"
       FROM item_years WHERE phase = 'proposal' ORDER BY id`,
    );
    if (!candidates.length) throw new Error('no item-year waits for a proposal; nothing to decide');
    const sequentialItems = sampleEvenly(candidates, opts.sequentialSample ?? 0);
    const sequentialIds = new Set(sequentialItems.map((item) => item.workflowId));
    const approvalItems = sampleEvenly(
      candidates.filter((item) => !sequentialIds.has(item.workflowId)),
      opts.decisionSample,
    );
    log(
      `เสนอและอนุมัติ ${approvalItems.length} รายการ / proposing and approving ${approvalItems.length} of ` +
        `${candidates.length} item-years (${approvalItems.length * APPROVERS.length} decisions, ${concurrency} in flight)`,
    );
    const orgById = new Map(orgs.map((org) => [org.id, org]));
    const samples: DecisionSamples = { post: { palad: [], mayor: [] }, proposal: [], linkWait: [] };
    const cookieFor = async (personId: number): Promise<string> =>
      `${SESSION_COOKIE_NAME}=${encodeURIComponent((await startSession(db.pool, appSecret, personId)).cookieValue)}`;
    const sequential: DecisionSamples = { post: { palad: [], mayor: [] }, proposal: [], linkWait: [] };
    if (sequentialItems.length) {
      log(`ทีละรายการ ${sequentialItems.length} รายการ / ${sequentialItems.length} item-years one at a time first`);
    }
    for (const item of sequentialItems) {
      await driveThroughApproval({
        item,
        org: orgById.get(item.organizationId)!,
        apiUrl,
        fiscalYear,
        pool: db.pool,
        cookieFor,
        samples: sequential,
      });
    }
    const cpuBeforeDecisions = (await worker.usage()).cpuMs;
    const decisionsStartedAt = performance.now();
    await mapBounded(approvalItems, concurrency, (item) =>
      driveThroughApproval({ item, org: orgById.get(item.organizationId)!, apiUrl, fiscalYear, pool: db.pool, cookieFor, samples }),
    );
    const decisionSeconds = (performance.now() - decisionsStartedAt) / 1000;
    const sampledIds = [...sequentialItems, ...approvalItems].map((item) => item.workflowId);
    await pollUntil('every approved item-year to leave the approval stage', APPROVAL_SETTLED_TIMEOUT_MS, async () => {
      const { rows } = await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM item_years WHERE phase IN ('proposal', 'approval') AND workflow_id = ANY($1)`,
        [sampledIds],
      );
      return rows[0]!.n === 0 ? true : undefined;
    });
    // Measured once the workflows have finished reacting to the last decisions, so their activities count too.
    const decisionCpuMs = (await worker.usage()).cpuMs - cpuBeforeDecisions;

    // 6. Memory and disk after all of it, the baseline again, then facts that show the run did what it says.
    const workerAtEnd = await worker.usage();
    const sizesAfter = await databaseSizes(db.pool, server.databases);
    const baselineAfter = await measureBaseline('after');
    const facts = await runFacts(db.pool);
    const audit = await verifyAuditChain(db.pool, auditKeyFrom(config));
    if (!audit.ok) throw new Error(`the audit chain does not hold (${audit.reason})`);

    return {
      engine: opts.engine,
      orgs: orgCount,
      itemsPerOrg,
      itemYears: expectedItemYears,
      fiscalYear,
      startSeconds,
      fyDoneSeconds: (fyDoneAt - startedAt) / 1000,
      startsPerSec,
      baselineBefore,
      baselineAfter,
      baseline: poolBaselines(baselineBefore, baselineAfter),
      samples,
      decisions: [...samples.post.palad, ...samples.post.mayor],
      sequentialDecisions: [...sequential.post.palad, ...sequential.post.mayor],
      approvalItems: approvalItems.length,
      approvalCandidates: candidates.length,
      decisionSeconds,
      concurrency,
      workerAtStartup,
      workerAtEnd,
      startCpuMs,
      decisionCpuMs,
      facts,
      smtpMessages: smtp?.messages(),
      pgBytesPerItemYear: {
        ours: (sizesAfter.ours - sizesBefore.ours) / expectedItemYears,
        temporal:
          sizesAfter.temporal === undefined || sizesBefore.temporal === undefined
            ? undefined
            : (sizesAfter.temporal - sizesBefore.temporal) / expectedItemYears,
      },
      totalSeconds: (performance.now() - benchStartedAt) / 1000,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => log(`ปิดไม่สำเร็จ / cleanup failed: ${String(err)}`));
    }
  }
}

/** `limit` items spread evenly over the list (every organisation is represented), or all of them. */
function sampleEvenly<T>(items: readonly T[], limit: number | undefined): T[] {
  if (limit === undefined || limit >= items.length) return [...items];
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)] as T);
}

/**
 * Resolves at the moment (performance.now()) every item-year row has reached `revision`, polling the projection.
 * Fails early if a fiscal-year start workflow fails.
 */
async function waitForRevision(pool: Pool, revision: number, expected: number, fyResults: Promise<unknown>): Promise<number> {
  let failure: unknown;
  fyResults.catch((err: unknown) => {
    failure = err;
  });
  return pollUntil(`${expected} item-years at revision ${revision}`, ALL_STARTED_TIMEOUT_MS, async () => {
    if (failure !== undefined) throw failure;
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM item_years WHERE revision >= $1', [
      revision,
    ]);
    return rows[0]!.n >= expected ? performance.now() : undefined;
  });
}

/**
 * The latest time, over the runs, at which a run's first workflow task completed (from each history's first page).
 * Runs not there yet are asked again after a pause; the answer is the server's event time, so how late this asks
 * does not change it.
 */
async function waitForFirstTasks(client: Client, workflowIds: readonly string[]): Promise<number> {
  const { EventType } = temporal.api.enums.v1;
  const deadline = performance.now() + ALL_STARTED_TIMEOUT_MS;
  let waiting = [...workflowIds];
  let latestMs = 0;
  while (waiting.length) {
    if (performance.now() > deadline) throw new Error(`${waiting.length} item-years never completed their first task`);
    const found = await mapBounded(waiting, HISTORY_READS_IN_FLIGHT, async (workflowId) => {
      const page = await client.workflowService.getWorkflowExecutionHistory({
        namespace: client.options.namespace,
        execution: { workflowId },
        maximumPageSize: 10,
      });
      const completed = page.history?.events?.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      return completed?.eventTime ? tsToMs(completed.eventTime) : undefined;
    });
    const next: string[] = [];
    found.forEach((atMs, i) => {
      if (atMs === undefined) next.push(waiting[i]!);
      else latestMs = Math.max(latestMs, atMs);
    });
    waiting = next;
    if (waiting.length) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return latestMs;
}

async function driveThroughApproval(input: {
  item: ApprovalItem;
  org: BenchOrganization;
  apiUrl: string;
  fiscalYear: number;
  pool: Pool;
  cookieFor(personId: number): Promise<string>;
  samples: DecisionSamples;
}): Promise<void> {
  const { item, org, apiUrl, samples } = input;
  // The owner proposes; an item without one is the coordinator's to propose (an overseer may).
  const proposer = item.ownerPersonId ?? org.people.get('coordinator')!;
  const proposalSent = performance.now();
  const proposal = await fetch(
    `${apiUrl}/api/items/${item.itemCode}/years/${input.fiscalYear}/proposal?org=${encodeURIComponent(org.slug)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(input.apiUrl).origin, cookie: await input.cookieFor(proposer) },
      body: JSON.stringify({ memo: `ขออนุมัติดำเนินการรายการ ${item.itemCode} / bench proposal`, budget: item.budgetPlanned }),
    },
  );
  const proposalBody = (await proposal.json()) as { processed?: boolean };
  let confirmedAt = performance.now();
  samples.proposal.push(confirmedAt - proposalSent);
  if (proposal.status !== 200 || proposalBody.processed !== true) {
    throw new Error(`proposal for ${item.workflowId} answered ${proposal.status}: ${JSON.stringify(proposalBody)}`);
  }

  for (const role of APPROVERS) {
    const approverId = org.people.get(role)!;
    const issueKey = `${item.workflowId}:proposal:1:${role}:${approverId}:request`;
    // An approver clicks a link once it has reached them: the inbox row, and the e-mail when one is sent. The link
    // row is written before the e-mail goes out, so clicking on the row alone would race the activity delivering it.
    const link = await pollUntil(`the ${role}'s link for ${item.workflowId}`, LINK_TIMEOUT_MS, async () => {
      const { rows } = await input.pool.query<{ links: string[]; emailStatus: string | null }>(
        `SELECT i.links, e.status AS "emailStatus"
         FROM outbox i LEFT JOIN outbox e ON e.idempotency_key = i.idempotency_key AND e.channel = 'email'
         WHERE i.channel = 'inbox' AND i.idempotency_key = $1`,
        [issueKey],
      );
      const row = rows[0];
      if (row?.emailStatus === 'failed') throw new Error(`the e-mail carrying ${issueKey} could not be delivered`);
      return row && row.emailStatus !== 'pending' ? row.links[0] : undefined;
    });
    samples.linkWait.push(performance.now() - confirmedAt);
    const linkUrl = new URL(link);
    if (linkUrl.origin !== apiUrl) throw new Error(`a decision link points elsewhere: ${linkUrl.origin}`);
    const pageUrl = `${apiUrl}${linkUrl.pathname}`;

    const page = await fetch(pageUrl);
    const html = await page.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (page.status !== 200 || !csrf) throw new Error(`the ${role}'s decision page answered ${page.status} without a form`);

    const sentAt = performance.now();
    const response = await fetch(pageUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, outcome: 'approve' }).toString(),
    });
    const answer = await response.text();
    confirmedAt = performance.now();
    samples.post[role].push(confirmedAt - sentAt);
    if (response.status !== 200 || !answer.includes(TAKEN_BY_WORKFLOW)) {
      throw new Error(
        `the ${role}'s decision on ${item.workflowId} answered ${response.status}` +
          (response.status === 200 ? ' before the workflow had taken it' : ''),
      );
    }
  }
}

/** Both baseline runs as one: starts over their total time, every signal sample. */
function poolBaselines(a: BareTemporalMeasurement, b: BareTemporalMeasurement): BareTemporalMeasurement {
  const seconds = a.starts.seconds + b.starts.seconds;
  return {
    starts: { perSecond: (2 * BARE_MEASURED_WORKFLOWS) / seconds, seconds },
    signals: {
      acknowledged: [...a.signals.acknowledged, ...b.signals.acknowledged],
      accepted: [...a.signals.accepted, ...b.signals.accepted],
    },
  };
}

async function runFacts(pool: Pool): Promise<ScenarioResult['facts']> {
  const { rows } = await pool.query<ScenarioResult['facts']>(
    `SELECT (SELECT count(*)::int FROM audit_log) AS "auditRows",
            (SELECT count(*)::int FROM decision_points) AS "decisionPoints",
            (SELECT count(*)::int FROM outbox) AS "outboxRows",
            (SELECT count(*)::int FROM item_years WHERE status = 'in_progress') AS "openItemYears"`,
  );
  return rows[0]!;
}

/** Bytes on disk of our database and, when Temporal keeps its own on the same server, of Temporal's. */
async function databaseSizes(pool: Pool, temporalDatabases: readonly string[]): Promise<{ ours: number; temporal: number | undefined }> {
  const { rows } = await pool.query<{ ours: number; temporal: number | null }>(
    `SELECT pg_database_size(current_database())::bigint AS ours,
            (SELECT sum(pg_database_size(datname))::bigint FROM pg_database WHERE datname = ANY($1)) AS temporal`,
    [temporalDatabases],
  );
  const row = rows[0]!;
  return { ours: row.ours, temporal: temporalDatabases.length ? (row.temporal ?? 0) : undefined };
}

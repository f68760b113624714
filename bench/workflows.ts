import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { buildApp } from '../api/app';
import { SESSION_COOKIE_NAME, sessionCookieValue } from '../api/security';
import { loadConfig } from '../config';
import { verifyAuditChain } from '../db/audit';
import { DEMO_PEOPLE, seedDemoPeople } from '../db/dev-seed';
import { createPool } from '../db/pool';
import { storePlanVersion } from '../db/plan-store';
import { DAY_MS, fiscalYearOf } from '../domain/fiscal';
import { importPlanJson } from '../domain/importer';
import { prefixedLog } from '../infra/log';
import { findFreePort } from '../infra/ports';
import { REPO_ROOT } from '../infra/temporal-cli';
import { fiscalYearStartWorkflow } from '../workflows';
import {
  BARE_MEASURED_WORKFLOWS,
  BARE_START_CONCURRENCY,
  measureBareTemporal,
  SIGNAL_ACKNOWLEDGED_DEFINITION,
  type BareTemporalMeasurement,
} from './lib/bare-temporal';
import { freshBenchDatabase } from './lib/database';
import { startSmtpSink } from './lib/smtp-sink';
import { mapBounded, percentile, roundTo } from './lib/stats';
import { formatTable } from './lib/table';
import { installQuietRuntime, startBenchTemporal, startBenchTemporalServer } from './lib/temporal';
import { startWorkerProcess } from './lib/worker-process';

/**
 * `npm run bench -- workflows [--orgs N] [--concurrency K] [--fy YYYY] [--no-smtp] [--json]`
 *
 * Every item-year of N organisations (each loaded with the Khek Noi seed plan and its demo people) started by the
 * fiscal-year start workflow, then every item that needs approval driven through it the way people do it: the owner
 * posts the proposal to the API, the palad and then the mayor open their link and post "approve". Real parts only:
 * a private Temporal dev server, PostgreSQL, the worker with the real activities in its own process, the API
 * listening on loopback, an SMTP server receiving the e-mails. The bare Temporal baseline runs on the same server
 * before and after, and the two runs are pooled, so a machine whose load drifts during the run (it is shared) moves
 * both sides of the comparison.
 */

export interface WorkflowsBenchResult {
  orgs: number;
  itemYears: number;
  startsPerSec: number;
  baselineStartsPerSec: number;
  ratio: number;
  decisionP50Ms: number;
  decisionP99Ms: number;
  baselineSignalP99Ms: number;
  workerRssMb: number;
}

/** About two and a half minutes on a shared 2-core machine; --orgs overrides. */
const DEFAULT_ORGS = 12;
const DEFAULT_DECISION_CONCURRENCY = 8;
const THROUGHPUT_TARGET_RATIO = 0.7;
const DECISION_P99_TARGET_FACTOR = 3;
/** A plan day as in production: no reminder or escalation can come due while the bench runs. */
const BENCH_DAY_MS = DAY_MS;
const POLL_MS = 25;
const ALL_STARTED_TIMEOUT_MS = 10 * 60_000;
const LINK_TIMEOUT_MS = 60_000;
const APPROVAL_SETTLED_TIMEOUT_MS = 2 * 60_000;
/** What the decision page says once the route has seen the workflow take the decision (api/pages/decision.ts). */
const TAKEN_BY_WORKFLOW = 'The workflow has taken your decision.';
const SEED_PLAN_PATH = path.join(REPO_ROOT, 'data', 'seed', 'khek-noi.plan.json');
const APPROVERS = ['palad', 'mayor'] as const;

const log = prefixedLog('bench', (line) => process.stderr.write(`${line}\n`));

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

interface DecisionSamples {
  /** POST sent → response received, per approver role. */
  post: Record<(typeof APPROVERS)[number], number[]>;
  /** The owner's proposal POST (it also waits for the workflow to take it). */
  proposal: number[];
  /** From the previous step's confirmation until the message with the next link was delivered (worker-side pipeline). */
  linkWait: number[];
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
  return parsed;
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

export async function runWorkflowsBench(args: readonly string[]): Promise<void> {
  const json = args.includes('--json');
  const orgCount = positiveInt(optionValue(args, '--orgs'), DEFAULT_ORGS, '--orgs');
  const concurrency = positiveInt(optionValue(args, '--concurrency'), DEFAULT_DECISION_CONCURRENCY, '--concurrency');
  const withSmtp = !args.includes('--no-smtp');
  const plan = importPlanJson(await readFile(SEED_PLAN_PATH, 'utf8'));
  const fiscalYear = positiveInt(
    optionValue(args, '--fy'),
    // The current fiscal year when the plan covers it, else the plan's last one.
    plan.fiscalYears.includes(fiscalYearOf(Date.now())) ? fiscalYearOf(Date.now()) : Math.max(...plan.fiscalYears),
    '--fy',
  );
  const itemsPerOrg = plan.items.filter((item) => String(fiscalYear) in item.budgetByYear).length;
  if (!itemsPerOrg) throw new Error(`the seed plan has no item in FY${fiscalYear}`);
  const expectedItemYears = itemsPerOrg * orgCount;
  const benchStartedAt = performance.now();

  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => log(`ปิดไม่สำเร็จ / cleanup failed: ${String(err)}`));
    }
  };
  try {
    installQuietRuntime();
    const [server, db, smtp] = await Promise.all([
      startBenchTemporalServer(log),
      freshBenchDatabase(process.env.DATABASE_URL || undefined, log),
      withSmtp ? startSmtpSink() : Promise.resolve(undefined),
    ]);
    cleanups.push(() => server.stop(), () => db.drop());
    if (smtp) cleanups.push(() => smtp.close());

    // 1. The bare baseline, on the same server, before anything of ours runs on it (and again at the end).
    const measureBaseline = async (when: string): Promise<BareTemporalMeasurement> => {
      log(`วัดค่าฐานของ Temporal เปล่า (${when}) / measuring the bare Temporal baseline on this server (${when})`);
      const bare = await startBenchTemporal({
        workflowsPath: require.resolve('./bare-workflows'),
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

    const worker = await startWorkerProcess(require.resolve('./worker-child'), { temporalAddress: server.address, taskQueue, env }, log);
    cleanups.push(() => worker.stop());
    const atStartup = await worker.usage();
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
    log(`เริ่มปีงบประมาณ ${fiscalYear} ใน ${orgCount} องค์กร / starting FY${fiscalYear} in ${orgCount} organisations (${expectedItemYears} item-years)`);
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
    // Revision 1 is the item-year's first projection: its row with its first phase and due date.
    const projectedAt = await waitForRevision(db.pool, 1, expectedItemYears, fyResults);
    const startCpuMs = (await worker.usage()).cpuMs - cpuBeforeStarts;
    const started = (await fyResults).reduce((sum, r) => sum + r.started, 0);
    if (started !== expectedItemYears) {
      throw new Error(`the fiscal-year start workflows started ${started} item-years, expected ${expectedItemYears}`);
    }
    const startSeconds = (projectedAt - startedAt) / 1000;
    const startsPerSec = expectedItemYears / startSeconds;
    log(`${expectedItemYears} รายการเริ่มใน ${startSeconds.toFixed(1)} วินาที / item-years projected in ${startSeconds.toFixed(1)} s (${startsPerSec.toFixed(1)}/s)`);

    // 5. Decisions: every item-year that waits for a proposal goes through the palad and the mayor.
    const { rows: approvalItems } = await db.pool.query<ApprovalItem>(
      `SELECT workflow_id AS "workflowId", item_code AS "itemCode", organization_id AS "organizationId",
              owner_person_id AS "ownerPersonId", budget_planned AS "budgetPlanned"
       FROM item_years WHERE phase = 'proposal' ORDER BY id`,
    );
    if (!approvalItems.length) throw new Error('no item-year waits for a proposal; nothing to decide');
    log(
      `เสนอและอนุมัติ ${approvalItems.length} รายการ / proposing and approving ${approvalItems.length} item-years ` +
        `(${approvalItems.length * APPROVERS.length} decisions, ${concurrency} items in flight)`,
    );
    const orgById = new Map(orgs.map((org) => [org.id, org]));
    const samples: DecisionSamples = { post: { palad: [], mayor: [] }, proposal: [], linkWait: [] };
    const cookieFor = (personId: number): string =>
      `${SESSION_COOKIE_NAME}=${encodeURIComponent(sessionCookieValue(appSecret, { personId, expiresAtMs: Date.now() + 3_600_000 }))}`;
    const cpuBeforeDecisions = (await worker.usage()).cpuMs;
    const decisionsStartedAt = performance.now();
    await mapBounded(approvalItems, concurrency, (item) =>
      driveThroughApproval({ item, org: orgById.get(item.organizationId)!, apiUrl, fiscalYear, pool: db.pool, cookieFor, samples }),
    );
    const decisionSeconds = (performance.now() - decisionsStartedAt) / 1000;
    await pollUntil('every approved item-year to leave the approval stage', APPROVAL_SETTLED_TIMEOUT_MS, async () => {
      const { rows } = await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM item_years WHERE phase IN ('proposal', 'approval')`,
      );
      return rows[0]!.n === 0 ? true : undefined;
    });
    // Measured once the workflows have finished reacting to the last decisions, so their activities count too.
    const decisionCpuMs = (await worker.usage()).cpuMs - cpuBeforeDecisions;

    // 6. The worker's memory after all of it, the baseline again, then facts that show the run did what it says.
    const memory = await worker.usage();
    const baselineAfter = await measureBaseline('after');
    const baseline = poolBaselines(baselineBefore, baselineAfter);
    const facts = await runFacts(db.pool);
    const audit = await verifyAuditChain(db.pool);
    if (!audit.ok) throw new Error(`the audit chain is broken at row ${audit.brokenId} (${audit.reason})`);

    const decisions = [...samples.post.palad, ...samples.post.mayor];
    const bareAck = baseline.signals.acknowledged;
    const result: WorkflowsBenchResult = {
      orgs: orgCount,
      itemYears: expectedItemYears,
      startsPerSec: roundTo(startsPerSec),
      baselineStartsPerSec: roundTo(baseline.starts.perSecond),
      ratio: roundTo(startsPerSec / baseline.starts.perSecond, 2),
      decisionP50Ms: roundTo(percentile(decisions, 50)),
      decisionP99Ms: roundTo(percentile(decisions, 99)),
      baselineSignalP99Ms: roundTo(percentile(bareAck, 99)),
      workerRssMb: roundTo(memory.rssBytes / 2 ** 20),
    };

    const ms = (value: number): string => `${roundTo(value).toFixed(1)} ms`;
    const mb = (bytes: number): string => `${roundTo(bytes / 2 ** 20).toFixed(1)} MB`;
    const p = (values: readonly number[], q: number): string => ms(percentile(values, q));
    const factor = (ours: number, theirs: number): string => `${(ours / theirs).toFixed(2)}x`;
    const yesNo = (met: boolean): string => (met ? 'yes' : 'NO');
    const decisionP99Factor = percentile(decisions, 99) / percentile(bareAck, 99);
    console.log(
      formatTable(
        ['metric', 'Sujarit', 'bare Temporal', 'ratio', 'target', 'met'],
        [
          [
            'starts/s',
            `${startsPerSec.toFixed(1)} /s`,
            `${baseline.starts.perSecond.toFixed(1)} /s`,
            (startsPerSec / baseline.starts.perSecond).toFixed(2),
            `>= ${THROUGHPUT_TARGET_RATIO}`,
            yesNo(startsPerSec / baseline.starts.perSecond >= THROUGHPUT_TARGET_RATIO),
          ],
          ['decision p50', p(decisions, 50), p(bareAck, 50), factor(percentile(decisions, 50), percentile(bareAck, 50)), '', ''],
          ['decision p95', p(decisions, 95), p(bareAck, 95), factor(percentile(decisions, 95), percentile(bareAck, 95)), '', ''],
          [
            'decision p99',
            p(decisions, 99),
            p(bareAck, 99),
            factor(percentile(decisions, 99), percentile(bareAck, 99)),
            `< ${DECISION_P99_TARGET_FACTOR}x`,
            yesNo(decisionP99Factor < DECISION_P99_TARGET_FACTOR),
          ],
          ['worker RSS at end', `${result.workerRssMb.toFixed(1)} MB`, '', '', '', ''],
        ],
      ),
    );
    const lines = [
      '',
      `starts/s: ${expectedItemYears} item-years (${orgCount} organisation${orgCount === 1 ? '' : 's'} x ${itemsPerOrg}, ` +
        `FY${fiscalYear}) from starting ${orgCount} fiscal-year start workflow${orgCount === 1 ? '' : 's'} until every item_years row had revision >= 1: ${startSeconds.toFixed(2)} s ` +
        `(all fiscal-year start workflows done at ${((fyDoneAt - startedAt) / 1000).toFixed(2)} s).`,
      `bare starts/s: ${BARE_MEASURED_WORKFLOWS} no-op workflows started and completed, ${BARE_START_CONCURRENCY} in flight, ` +
        `same dev server, worker in the bench process; before ${baselineBefore.starts.perSecond.toFixed(1)}/s, ` +
        `after ${baselineAfter.starts.perSecond.toFixed(1)}/s, pooled ${baseline.starts.perSecond.toFixed(1)}/s. Bare signal ` +
        `p99 before ${p(baselineBefore.signals.acknowledged, 99)}, after ${p(baselineAfter.signals.acknowledged, 99)}; ` +
        `the table pools both runs' ${bareAck.length} samples.`,
      `decision: POST /d/:token "approve" sent → response received over HTTP on loopback; the route answers after ` +
        `the workflow has taken the decision (every page said so). ${decisions.length} decisions ` +
        `(palad p50/p99 ${p(samples.post.palad, 50)} / ${p(samples.post.palad, 99)}, ` +
        `mayor ${p(samples.post.mayor, 50)} / ${p(samples.post.mayor, 99)}), ${concurrency} item-years in flight, ` +
        `${decisionSeconds.toFixed(1)} s in all.`,
      `  proposal POST (owner, JSON API, waits for the workflow too): p50 ${p(samples.proposal, 50)}, p99 ${p(samples.proposal, 99)}; ` +
        `confirmation → next link delivered: p50 ${p(samples.linkWait, 50)}, p99 ${p(samples.linkWait, 99)} ` +
        `(polled every ${POLL_MS} ms).`,
      `bare signal: ${SIGNAL_ACKNOWLEDGED_DEFINITION}.`,
      `worker: separate process (createSujaritWorker, real activities); RSS ${result.workerRssMb.toFixed(1)} MB at the end ` +
        `(${mb(atStartup.rssBytes)} once polling, after bundling the workflows), peak ${mb(memory.maxRssBytes)}, ` +
        `main-thread heap used ${mb(memory.heapUsedBytes)}. Worker CPU: ${(startCpuMs / expectedItemYears).toFixed(1)} ms ` +
        `per item-year start, ${(decisionCpuMs / approvalItems.length).toFixed(1)} ms per item-year proposed and approved.`,
      `run: ${facts.auditRows} audit rows (chain verified), ${facts.decisionPoints} decision points, ${facts.outboxRows} outbox rows, ` +
        `${smtp ? `${smtp.messages()} e-mails received by the SMTP server` : 'no SMTP (inbox rows only)'}; ` +
        `${((performance.now() - benchStartedAt) / 1000).toFixed(0)} s in all.`,
    ];
    console.log(lines.join('\n'));
    if (json) console.log(JSON.stringify(result));
  } finally {
    await cleanUp();
  }
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

async function driveThroughApproval(input: {
  item: ApprovalItem;
  org: BenchOrganization;
  apiUrl: string;
  fiscalYear: number;
  pool: Pool;
  cookieFor(personId: number): string;
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
      headers: { 'content-type': 'application/json', cookie: input.cookieFor(proposer) },
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

async function runFacts(pool: Pool): Promise<{ auditRows: number; decisionPoints: number; outboxRows: number }> {
  const { rows } = await pool.query<{ auditRows: number; decisionPoints: number; outboxRows: number }>(
    `SELECT (SELECT count(*)::int FROM audit_log) AS "auditRows",
            (SELECT count(*)::int FROM decision_points) AS "decisionPoints",
            (SELECT count(*)::int FROM outbox) AS "outboxRows"`,
  );
  return rows[0]!;
}

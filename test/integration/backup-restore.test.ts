import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { createActivities } from '../../activities';
import { buildApp } from '../../api/app';
import { loadConfig, publicBaseUrl, type Config } from '../../config';
import { prepareDatabase } from '../../db/app-role';
import { auditHead, auditKeyFrom, verifyAuditChain, type AuditHead } from '../../db/audit';
import { demoEmail, seedDemoPeople } from '../../db/dev-seed';
import { storePlanVersion } from '../../db/plan-store';
import { createPool } from '../../db/pool';
import { redeliverCommandsSettledSince } from '../../db/queries/commands';
import { BACKUP_MANIFEST, createBackup, readBackupManifest, restoreBackup, type BackupManifest } from '../../infra/backup';
import { dropDatabase, withDatabase } from '../../infra/postgres';
import {
  resolveTemporalServerTools,
  startTemporalServer,
  temporalDatabaseNames,
  type TemporalDatabases,
  type TemporalServer,
  type TemporalServerTools,
} from '../../infra/temporal-server';
import { CONTENT_NAMESPACES, createFileStore, sha256Hex } from '../../services/files';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { fiscalYearStartWorkflow } from '../../workflows';
import { stateQuery, type ItemYearState } from '../../workflows/item-year/messages';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { TEMPORAL_DB_PREFIX, TEST_DB_PREFIX, TEST_ENV, requiredTestEnv } from '../setup/env';
import { bundleWorkflowsOnce, quietTemporalRuntime, uniqueTaskQueue } from '../setup/temporal';
import { decideThroughLink, decisionLinkPath, eventually, loadSeedPlan, sessionHeaders } from '../support/system';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

/**
 * The backup and restore drill of docs/OPERATIONS.md on real parts: a Sujarit whose Temporal server persists to
 * PostgreSQL, item-years part way through their approvals, backed up with pg_dump while it runs; the original then
 * lost (its server stopped, every database dropped); the copy restored into new databases and a new Temporal server
 * process, where a worker and an API carry on: a further decision through a link mailed before the backup moves
 * its workflow on, a decision Temporal's copy had not yet seen is delivered again by the command sweeper, and the
 * audit chain holds and still reaches the head of the original.
 */

const FY = 2570;
/** Long days: no reminder fires while the drill runs. */
const LONG_DAY_MS = 600_000;
const APP_SECRET = 'backup-drill-secret-0123456789-abcdefghijklmn';
const PUBLIC_BASE_URL = 'http://sujarit.test';
const START_TIMEOUT_MS = 600_000;
const STEP_TIMEOUT_MS = 120_000;

interface RunningSystem {
  config: Config;
  ownerPool: pg.Pool;
  app: FastifyInstance;
  client: Client;
  stop(): Promise<void>;
}

/** As `npm run worker` and `npm run api` start: migrate and give the app role its login as the owner, then run as it. */
async function startSystem(opts: {
  ownerUrl: string;
  temporalAddress: string;
  dataDir: string;
  taskQueue: string;
  smtp: TestSmtpServer;
}): Promise<RunningSystem> {
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET,
    PUBLIC_BASE_URL,
    SMTP_URL: opts.smtp.url,
    DATA_DIR: opts.dataDir,
    LOG_LEVEL: 'silent',
    TEMPORAL_TASK_QUEUE: opts.taskQueue,
    COMMAND_SWEEP_INTERVAL_MS: '500',
  });
  const { appUrl } = await prepareDatabase(opts.ownerUrl, config);
  const ownerPool = createPool(opts.ownerUrl, 2);
  const appPool = createPool(appUrl, 5);
  const clientConnection = await Connection.connect({ address: opts.temporalAddress });
  const client = new Client({ connection: clientConnection, namespace: 'default' });
  quietTemporalRuntime();
  const workerConnection = await NativeConnection.connect({ address: opts.temporalAddress });
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: 'default',
    taskQueue: opts.taskQueue,
    workflowBundle: await bundleWorkflowsOnce(WORKFLOWS_PATH),
    activities: createActivities({
      pool: appPool,
      config,
      publicBaseUrl: publicBaseUrl(config),
      temporal: new Client({ connection: workerConnection, namespace: 'default' }),
    }),
  });
  const workerRun = worker.run();
  const app = await buildApp({ config, pool: appPool, temporal: client });
  await app.ready();
  let stopped: Promise<void> | undefined;
  return {
    config,
    ownerPool,
    app,
    client,
    stop: () =>
      (stopped ??= (async () => {
        await app.close();
        worker.shutdown();
        await workerRun;
        await workerConnection.close();
        await clientConnection.close();
        await appPool.end();
        await ownerPool.end();
      })()),
  };
}

let tools: TemporalServerTools;
let smtp: TestSmtpServer;
let original: FreshDatabase;
let originalTemporal: TemporalServer | undefined;
let originalSystem: RunningSystem | undefined;
let restoredTemporal: TemporalServer | undefined;
let restoredSystem: RunningSystem | undefined;
let restoredDatabase: string | undefined;
const scratch: string[] = [];
const adminUrl = () => requiredTestEnv(TEST_ENV.pgAdminUrl);
const runId = () => `${process.pid}_${randomBytes(4).toString('hex')}`;

/**
 * pg_dump and pg_restore read and write their own major version of PostgreSQL and older ones only. Where the tests'
 * server is newer than the client installed (the embedded PostgreSQL 17 of a machine without DATABASE_URL, against
 * Debian bookworm's postgresql-client 15) no backup can be taken there at all, by the CLI or by hand: the drill is
 * then reported skipped with the reason, and runs wherever the two match (.ci/run uses the machine's PostgreSQL).
 */
function whyNoDrill(): string | undefined {
  try {
    const client = Number(/(\d+)\./.exec(execFileSync('pg_dump', ['--version'], { encoding: 'utf8' }))?.[1]);
    const server = Math.floor(
      Number(execFileSync('psql', [adminUrl(), '-XtAc', 'SHOW server_version_num'], { encoding: 'utf8' }).trim()) / 10_000,
    );
    if (!(client >= server)) return `pg_dump ${client} cannot dump this PostgreSQL ${server}: install postgresql-client ${server}`;
    return undefined;
  } catch (err) {
    return `pg_dump or psql did not answer (${(err as Error).message.split('\n')[0]}): install postgresql-client`;
  }
}
const noDrill = whyNoDrill();
if (noDrill) console.warn(`ข้ามการซ้อมสำรองและกู้คืนข้อมูล / backup drill skipped: ${noDrill}`);
const drill = noDrill ? test.skip : test;


async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `sujarit-backup-${label}-`));
  scratch.push(dir);
  return dir;
}

function startOwnTemporal(databases: TemporalDatabases): Promise<TemporalServer> {
  return startTemporalServer({ tools, postgresAdminUrl: adminUrl(), databases, dropDatabasesOnStop: true });
}

beforeAll(async () => {
  const cfg = loadConfig();
  [tools, smtp, original] = await Promise.all([
    resolveTemporalServerTools({
      serverPath: cfg.TEMPORAL_SERVER_PATH,
      sqlToolPath: cfg.TEMPORAL_SQL_TOOL_PATH,
      schemaDir: cfg.TEMPORAL_SCHEMA_DIR,
    }),
    startTestSmtpServer(),
    freshDatabase(),
  ]);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await originalSystem?.stop();
  await restoredSystem?.stop();
  await originalTemporal?.stop();
  await restoredTemporal?.stop();
  await original?.drop();
  if (restoredDatabase) await dropDatabase(adminUrl(), restoredDatabase);
  await smtp?.close();
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
}, START_TIMEOUT_MS);

function mailedLink(address: string, from: number): Promise<string> {
  return eventually(
    `a decision link mailed to ${address}`,
    async () =>
      smtp.mails
        .slice(from)
        .filter((m) => m.envelopeTo.includes(address))
        .map((m) => decisionLinkPath(m.parsed.text ?? ''))
        .find(Boolean),
    STEP_TIMEOUT_MS,
  );
}

function waitForState(
  client: Client,
  workflowId: string,
  what: string,
  ok: (state: ItemYearState) => boolean,
): Promise<ItemYearState> {
  return eventually(
    `${workflowId} ${what}`,
    async () => {
      const state = await client.workflow.getHandle(workflowId).query(stateQuery);
      return ok(state) ? state : undefined;
    },
    STEP_TIMEOUT_MS,
  );
}

drill(
  'the restored copy continues the item-years, redelivers what Temporal had not seen, and its audit chain holds',
  async () => {
    // ---- The original system, on a Temporal server of its own that persists to PostgreSQL.
    originalTemporal = await startOwnTemporal(temporalDatabaseNames(`${TEMPORAL_DB_PREFIX}${runId()}`));
    const taskQueue = uniqueTaskQueue('backup');
    const originalFiles = await tempDir('files-original');
    const slug = `kn-backup-${randomBytes(3).toString('hex')}`;
    const stored = await storePlanVersion(original.pool, {
      organizationSlug: slug,
      plan: await loadSeedPlan(),
      loadKey: 'test:backup-drill',
      sourceName: 'khek-noi.plan.json',
      sourceSha256: 'test',
      loadedBy: 'test',
    });
    await seedDemoPeople(original.pool, stored.organizationId, slug, { auditKey: auditKeyFrom({ APP_SECRET }) });
    originalSystem = await startSystem({
      ownerUrl: original.url,
      temporalAddress: originalTemporal.address,
      dataDir: originalFiles,
      taskQueue,
      smtp,
    });
    const sysA = originalSystem;
    const workflowId = (code: string) => `item-year:${slug}:${stored.planId}:${code}:${FY}`;
    const { rows: legalRows } = await original.pool.query<{ id: number }>('SELECT id FROM people WHERE email = $1', [
      demoEmail(slug, 'legal'),
    ]);
    const legalCookie = await sessionHeaders(original.pool, sysA.config, legalRows[0]!.id);
    const propose = (code: string, memo: string) =>
      sysA.app.inject({
        method: 'POST',
        url: `/api/items/${code}/years/${FY}/proposal?org=${slug}`,
        headers: { cookie: legalCookie.cookie, 'x-csrf-token': legalCookie.csrfToken },
        payload: { memo, budget: 15000 },
      });

    const started = await sysA.client.workflow.execute(fiscalYearStartWorkflow, {
      taskQueue,
      workflowId: `fy-start:${slug}:${FY}`,
      args: [{ organizationSlug: slug, fiscalYear: FY, itemCodes: ['1.1', '1.6'], timing: { startMs: Date.now(), dayMs: LONG_DAY_MS } }],
    });
    expect(started).toMatchObject({ started: 2 });
    const palad = demoEmail(slug, 'palad');
    const mayor = demoEmail(slug, 'mayor');

    // Item 1.1: proposed, approved by the palad; the mayor's link is mailed and waits.
    await waitForState(sysA.client, workflowId('1.1'), 'in proposal', (s) => s.phase === 'proposal');
    let from = smtp.mails.length;
    expect((await propose('1.1', 'ขออนุมัติจัดอบรมกฎหมาย')).statusCode).toBe(200);
    expect((await decideThroughLink(sysA.app, await mailedLink(palad, from), { outcome: 'approve' })).status).toBe(200);
    const mayorLink11 = await mailedLink(mayor, from);
    await waitForState(sysA.client, workflowId('1.1'), 'waiting for the mayor', (s) => s.openDecision?.approverRole === 'mayor');

    // Item 1.6: proposed; the palad's link is mailed and waits.
    await waitForState(sysA.client, workflowId('1.6'), 'in proposal', (s) => s.phase === 'proposal');
    from = smtp.mails.length;
    expect((await propose('1.6', 'ขออนุมัติโครงการ')).statusCode).toBe(200);
    const paladLink16 = await mailedLink(palad, from);
    await waitForState(sysA.client, workflowId('1.6'), 'waiting for the palad', (s) => s.openDecision?.approverRole === 'palad');

    // A stored file, as an evidence upload leaves it.
    const evidence = Buffer.from('หลักฐานการอบรม / training evidence', 'utf8');
    const evidenceKey = `evidence/${sha256Hex(evidence).slice(0, 2)}/${sha256Hex(evidence)}`;
    await createFileStore(sysA.config).put(evidenceKey, evidence);

    // ---- The first backup; then the palad decides on 1.6, and a second backup is taken.
    const first = await tempDir('first');
    const firstManifest = await createBackup({
      databaseUrl: original.url,
      temporalDatabases: { temporal: originalTemporal.databases[0]!, visibility: originalTemporal.databases[1]! },
      files: { dataDir: originalFiles, namespaces: CONTENT_NAMESPACES },
      dir: first,
    });
    expect(firstManifest.files?.namespaces).toEqual(['evidence']);
    expect((await decideThroughLink(sysA.app, paladLink16, { outcome: 'approve' })).status).toBe(200);
    await waitForState(sysA.client, workflowId('1.6'), 'waiting for the mayor', (s) => s.openDecision?.approverRole === 'mayor');
    // Every audit row up to this head is in the second backup's copy of our database.
    const headAtBackup = await auditHead(original.pool);
    expect(headAtBackup).toBeDefined();
    const second = await tempDir('second');
    const secondManifest = await createBackup({
      databaseUrl: original.url,
      temporalDatabases: { temporal: originalTemporal.databases[0]!, visibility: originalTemporal.databases[1]! },
      files: { dataDir: originalFiles, namespaces: CONTENT_NAMESPACES },
      dir: second,
    });

    // An online backup during which Temporal's dump finished before the palad's decision and ours after it: the
    // first backup's Temporal databases with the second's own database and files, under the first's dump time.
    const online = await tempDir('online');
    for (const file of [firstManifest.temporal!.file, firstManifest.temporal!.visibilityFile]) {
      await copyFile(path.join(first, file), path.join(online, file));
    }
    await copyFile(path.join(second, secondManifest.sujarit.file), path.join(online, secondManifest.sujarit.file));
    await cp(path.join(second, secondManifest.files!.dir), path.join(online, secondManifest.files!.dir), { recursive: true });
    const onlineManifest: BackupManifest = { ...secondManifest, temporal: firstManifest.temporal };
    await writeFile(path.join(online, BACKUP_MANIFEST), JSON.stringify(onlineManifest));
    expect(await readBackupManifest(online)).toEqual(onlineManifest);

    // ---- The original is lost: its processes stop, its Temporal server and every database of it are gone.
    await originalSystem.stop();
    originalSystem = undefined;
    await originalTemporal.stop();
    originalTemporal = undefined;
    await original.drop();
    await rm(originalFiles, { recursive: true, force: true });

    // ---- Restored into new databases, a new Temporal server process and a new files directory.
    restoredDatabase = `${TEST_DB_PREFIX}${runId()}_restored`;
    const restoredTemporalDbs = temporalDatabaseNames(`${TEMPORAL_DB_PREFIX}${runId()}`);
    const restoredFiles = await tempDir('files-restored');
    const restored = await restoreBackup({
      dir: online,
      adminUrl: adminUrl(),
      database: restoredDatabase,
      temporalDatabases: restoredTemporalDbs,
      dataDir: restoredFiles,
    });
    // The palad's decision on 1.6 was delivered after Temporal's copy was taken: it waits for delivery again.
    expect(restored.redeliveredCommands).toBeGreaterThanOrEqual(1);
    restoredTemporal = await startOwnTemporal(restoredTemporalDbs);
    restoredSystem = await startSystem({
      ownerUrl: withDatabase(adminUrl(), restoredDatabase),
      temporalAddress: restoredTemporal.address,
      dataDir: restoredFiles,
      taskQueue,
      smtp,
    });
    const sysB = restoredSystem;

    // 1.1 is where the backup left it, and the mayor's link mailed before the backup moves it on.
    const waiting = await sysB.client.workflow.getHandle(workflowId('1.1')).query(stateQuery);
    expect(waiting.openDecision?.approverRole).toBe('mayor');
    expect((await decideThroughLink(sysB.app, mayorLink11, { outcome: 'approve' })).status).toBe(200);
    const execution = await waitForState(sysB.client, workflowId('1.1'), 'in execution', (s) => s.phase === 'execution');
    expect(execution.decisions.map((d) => d.outcome)).toEqual(['approve', 'approve']);

    // 1.6: Temporal's copy had not seen the palad's approval; the sweeper delivers it again and the mayor is asked.
    await waitForState(sysB.client, workflowId('1.6'), 'waiting for the mayor', (s) => s.openDecision?.approverRole === 'mayor');
    const { rows: undelivered } = await sysB.ownerPool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM commands WHERE delivered_at IS NULL AND abandoned_at IS NULL',
    );
    expect(undelivered[0]!.n).toBe(0);

    // The audit chain holds on the copy, reaches the original's head, and goes on past it.
    const verified = await verifyAuditChain(sysB.ownerPool, auditKeyFrom(sysB.config), {
      expected: headAtBackup as AuditHead,
    });
    expect(verified).toMatchObject({ ok: true });
    const { rows: mayorDecisions } = await sysB.ownerPool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE id > $1 AND entity_id = $2 AND action = 'decision:approve'`,
      [headAtBackup!.id, workflowId('1.1')],
    );
    expect(mayorDecisions[0]!.n).toBeGreaterThanOrEqual(1);

    // The stored file came back byte for byte.
    expect(await readFile(path.join(restoredFiles, evidenceKey))).toEqual(evidence);
  },
  900_000,
);

drill(
  'a restore refuses to write over an existing database, and redelivers exactly the commands settled since the Temporal copy',
  async () => {
    const db = await freshDatabase();
    try {
      const dir = await tempDir('refuse');
      await createBackup({ databaseUrl: db.url, dir });
      await expect(restoreBackup({ dir, adminUrl: adminUrl(), database: db.name })).rejects.toThrow(/exists/);
      await expect(createBackup({ databaseUrl: db.url, dir })).rejects.toThrow(/empty/);

      const since = new Date(Date.now() - 60_000);
      await db.pool.query(
        `INSERT INTO commands (workflow_id, command_id, signal_name, payload, next_attempt_at, delivered_at, abandoned_at) VALUES
           ('wf', 'before', 'decide', '{}', now(), $1::timestamptz - interval '1 minute', NULL),
           ('wf', 'after', 'decide', '{}', now(), $1::timestamptz + interval '1 second', NULL),
           ('wf', 'abandoned-after', 'decide', '{}', now(), NULL, $1::timestamptz + interval '1 second'),
           ('wf', 'waiting', 'decide', '{}', now() + interval '1 hour', NULL, NULL)`,
        [since],
      );
      expect(await redeliverCommandsSettledSince(db.pool, since)).toBe(2);
      const { rows } = await db.pool.query<{ command_id: string }>(
        `SELECT command_id FROM commands WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now()
         ORDER BY command_id`,
      );
      expect(rows.map((r) => r.command_id)).toEqual(['abandoned-after', 'after']);
    } finally {
      await db.drop();
    }
  },
  STEP_TIMEOUT_MS,
);

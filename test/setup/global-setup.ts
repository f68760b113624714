import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../config';
import { migrate } from '../../db/migrate';
import { prefixedLog } from '../../infra/log';
import { createDatabase, dropDatabase, startPostgres, withDatabase, type RunningPostgres } from '../../infra/postgres';
import { resolveTemporalCli } from '../../infra/temporal-cli';
import { startTemporalDevServer, type TemporalDevServer } from '../../infra/temporal-dev-server';
import {
  TEMPORAL_SERVER_VERSION,
  resolveTemporalServerTools,
  startTemporalServer,
  temporalDatabaseNames,
} from '../../infra/temporal-server';
import { TEMPLATE_DB_PREFIX, TEMPORAL_DB_PREFIX, TEST_DB_PREFIX, TEST_ENV } from './env';

/** What global-teardown must undo; jest runs both in the same process, so a global is the hand-over. */
export interface TestInfrastructure {
  postgres?: RunningPostgres;
  embeddedDataDir?: string;
  templateDb?: string;
  temporal?: TemporalDevServer;
}

export const INFRASTRUCTURE_KEY = '__sujaritTestInfrastructure';

const log = prefixedLog('test-setup', (line) => process.stderr.write(`${line}\n`));

type TestTemporalEngine = 'dev' | 'postgres';
const TEST_TEMPORAL_ENGINES: readonly TestTemporalEngine[] = ['dev', 'postgres'];

/** SUJARIT_TEST_TEMPORAL picks the run's Temporal: the dev server (default) or the production server on PostgreSQL. */
function testTemporalEngine(): TestTemporalEngine {
  const value = process.env.SUJARIT_TEST_TEMPORAL || 'dev';
  if (!(TEST_TEMPORAL_ENGINES as readonly string[]).includes(value)) {
    throw new Error(
      `SUJARIT_TEST_TEMPORAL ต้องเป็น dev หรือ postgres / SUJARIT_TEST_TEMPORAL must be dev or postgres, not ${value}`,
    );
  }
  return value as TestTemporalEngine;
}

/**
 * Finds (or builds) what the engine needs while PostgreSQL starts; the returned function starts the server. The
 * postgres engine gets two fresh databases on the run's PostgreSQL, dropped when it stops.
 */
async function prepareTemporal(
  engine: TestTemporalEngine,
  cfg: ReturnType<typeof loadConfig>,
): Promise<(adminUrl: string) => Promise<TemporalDevServer>> {
  if (engine === 'dev') {
    const cliPath = await resolveTemporalCli({ configuredPath: cfg.TEMPORAL_CLI_PATH, log });
    return () => startTemporalDevServer({ cliPath, uiPort: false, log });
  }
  const tools = await resolveTemporalServerTools({
    log,
    serverPath: cfg.TEMPORAL_SERVER_PATH,
    sqlToolPath: cfg.TEMPORAL_SQL_TOOL_PATH,
    schemaDir: cfg.TEMPORAL_SCHEMA_DIR,
  });
  return async (adminUrl) => {
    const databases = temporalDatabaseNames(`${TEMPORAL_DB_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`);
    const server = await startTemporalServer({ tools, postgresAdminUrl: adminUrl, databases, dropDatabasesOnStop: true, log });
    log(
      `Temporal server ${TEMPORAL_SERVER_VERSION} บน PostgreSQL / on PostgreSQL (${server.databases.join(', ')}): ` +
        `${server.address}, log ${server.logFile}`,
    );
    return server;
  };
}

/**
 * One PostgreSQL (DATABASE_URL's server, else an embedded one in a temp dir) with a migrated template database, and
 * one Temporal server (in-memory dev server, or with SUJARIT_TEST_TEMPORAL=postgres the production server on that
 * PostgreSQL), shared by every integration test file of the run.
 */
export default async function globalSetup(): Promise<void> {
  const cfg = loadConfig();
  const engine = testTemporalEngine();
  const infra: TestInfrastructure = {};
  (globalThis as Record<string, unknown>)[INFRASTRUCTURE_KEY] = infra;
  let temporalStarting: Promise<TemporalDevServer> | undefined;
  try {
    if (!cfg.DATABASE_URL) {
      infra.embeddedDataDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-test-pg-'));
      // The embedded server runs as the `postgres` user when we are root; it must be able to enter this directory.
      await chmod(infra.embeddedDataDir, 0o755);
    }
    const [postgres, startTemporal] = await Promise.all([
      startPostgres(
        { DATABASE_URL: cfg.DATABASE_URL, DATA_DIR: infra.embeddedDataDir ?? '', EMBEDDED_PG_PORT: 0 },
        log,
      ),
      prepareTemporal(engine, cfg),
    ]);
    infra.postgres = postgres;
    await sweepLeftoverDatabases(postgres.adminUrl);
    temporalStarting = startTemporal(postgres.adminUrl);

    infra.templateDb = `${TEMPLATE_DB_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
    await createDatabase(postgres.adminUrl, infra.templateDb);
    const pool = new pg.Pool({ connectionString: withDatabase(postgres.adminUrl, infra.templateDb), max: 1 });
    try {
      const applied = await migrate(pool);
      log(`ฐานข้อมูลแม่แบบ ${infra.templateDb} / template database migrated: ${applied.join(', ') || '(no migrations)'}`);
    } finally {
      await pool.end();
    }

    infra.temporal = await temporalStarting;
    process.env[TEST_ENV.pgAdminUrl] = postgres.adminUrl;
    process.env[TEST_ENV.templateDb] = infra.templateDb;
    process.env[TEST_ENV.temporalAddress] = infra.temporal.address;
    process.env[TEST_ENV.temporalNamespace] = 'default';
  } catch (err) {
    // A server still starting when another step failed must be stopped too, not left holding its ports.
    infra.temporal ??= await temporalStarting?.catch(() => undefined);
    await releaseTestInfrastructure(infra);
    throw err;
  }
}

/** Safe to call with any subset started; each step is attempted even if an earlier one fails. */
export async function releaseTestInfrastructure(infra: TestInfrastructure): Promise<void> {
  const problems: unknown[] = [];
  const attempt = async (step: () => Promise<unknown>): Promise<void> => {
    try {
      await step();
    } catch (err) {
      problems.push(err);
    }
  };
  const { temporal, postgres, templateDb, embeddedDataDir } = infra;
  if (temporal) await attempt(() => temporal.stop());
  if (postgres && templateDb) await attempt(() => dropDatabase(postgres.adminUrl, templateDb));
  if (postgres) await attempt(() => postgres.stop());
  if (embeddedDataDir) await attempt(() => rm(embeddedDataDir, { recursive: true, force: true }));
  if (problems.length > 0) {
    throw new AggregateError(problems, 'releasing the integration test infrastructure failed');
  }
}

/** A run killed before its teardown leaves databases on a shared server; drop those whose process is gone. */
async function sweepLeftoverDatabases(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let names: string[];
  try {
    const rows = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2 OR datname LIKE $3`,
      [`${TEMPLATE_DB_PREFIX}%`, `${TEST_DB_PREFIX}%`, `${TEMPORAL_DB_PREFIX}%`],
    );
    names = rows.rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
  for (const name of names) {
    const prefix = [TEMPLATE_DB_PREFIX, TEST_DB_PREFIX, TEMPORAL_DB_PREFIX].find((p) => name.startsWith(p)) ?? '';
    const pid = Number.parseInt(name.slice(prefix.length).split('_')[0] ?? '', 10);
    if (Number.isInteger(pid) && !isProcessAlive(pid)) {
      log(`ลบฐานข้อมูลที่ค้างจากรอบก่อน / dropping leftover database ${name}`);
      await dropDatabase(adminUrl, name);
    }
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

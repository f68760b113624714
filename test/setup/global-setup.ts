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
import { TEMPLATE_DB_PREFIX, TEST_DB_PREFIX, TEST_ENV } from './env';

/** What global-teardown must undo; jest runs both in the same process, so a global is the hand-over. */
export interface TestInfrastructure {
  postgres?: RunningPostgres;
  embeddedDataDir?: string;
  templateDb?: string;
  temporal?: TemporalDevServer;
}

export const INFRASTRUCTURE_KEY = '__sujaritTestInfrastructure';

const log = prefixedLog('test-setup', (line) => process.stderr.write(`${line}\n`));

/**
 * One PostgreSQL (DATABASE_URL's server, else an embedded one in a temp dir) with a migrated template database, and
 * one in-memory Temporal dev server, shared by every integration test file of the run.
 */
export default async function globalSetup(): Promise<void> {
  const cfg = loadConfig();
  const infra: TestInfrastructure = {};
  (globalThis as Record<string, unknown>)[INFRASTRUCTURE_KEY] = infra;
  try {
    if (!cfg.DATABASE_URL) {
      infra.embeddedDataDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-test-pg-'));
      // The embedded server runs as the `postgres` user when we are root; it must be able to enter this directory.
      await chmod(infra.embeddedDataDir, 0o755);
    }
    const [postgres, temporalCli] = await Promise.all([
      startPostgres(
        { DATABASE_URL: cfg.DATABASE_URL, DATA_DIR: infra.embeddedDataDir ?? '', EMBEDDED_PG_PORT: 0 },
        log,
      ),
      resolveTemporalCli({ configuredPath: cfg.TEMPORAL_CLI_PATH, log }),
    ]);
    infra.postgres = postgres;
    const temporalStarting = startTemporalDevServer({ cliPath: temporalCli, uiPort: false, log });

    await sweepLeftoverDatabases(postgres.adminUrl);
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
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
      [`${TEMPLATE_DB_PREFIX}%`, `${TEST_DB_PREFIX}%`],
    );
    names = rows.rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
  for (const name of names) {
    const pid = Number.parseInt(name.replace(TEMPLATE_DB_PREFIX, '').replace(TEST_DB_PREFIX, '').split('_')[0] ?? '', 10);
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

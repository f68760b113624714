import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { redactUrl } from '../../config';
import { migrate } from '../../db/migrate';
import { createPool } from '../../db/pool';
import type { Log } from '../../infra/log';
import { createDatabase, dropDatabase, startPostgres, withDatabase } from '../../infra/postgres';

export interface BenchDatabase {
  /** URL of the bench's own, migrated database. */
  url: string;
  /** The same server's `postgres` database, for databases of other parts (Temporal's, on the postgres engine). */
  adminUrl: string;
  pool: Pool;
  migrations: string[];
  /** Closes the pool, drops the database, and stops the embedded server if one was started. */
  drop(): Promise<void>;
}

const POOL_END_TIMEOUT_MS = 5_000;

/**
 * A fresh database for one bench run: on DATABASE_URL's server when set, else on an embedded PostgreSQL in a
 * temporary directory. Created and migrated here, dropped on drop(), so runs never see each other's rows.
 */
export async function freshBenchDatabase(databaseUrl: string | undefined, log: Log): Promise<BenchDatabase> {
  let embeddedDir: string | undefined;
  if (!databaseUrl) {
    embeddedDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-bench-pg-'));
    // The embedded server runs as the `postgres` user when we are root; it must be able to enter this directory.
    await chmod(embeddedDir, 0o755);
  }
  const server = await startPostgres({ DATABASE_URL: databaseUrl, DATA_DIR: embeddedDir ?? '', EMBEDDED_PG_PORT: 0 }, log);
  const stopServer = async (): Promise<void> => {
    await server.stop();
    if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
  };
  const name = `sujarit_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await createDatabase(server.adminUrl, name);
  } catch (err) {
    await stopServer();
    throw err;
  }
  const url = withDatabase(server.adminUrl, name);
  log(`ฐานข้อมูลสำหรับการวัด / bench database ${redactUrl(url)}`);
  const pool = createPool(url);
  let dropped = false;
  const drop = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    await Promise.race([pool.end(), new Promise((resolve) => setTimeout(resolve, POOL_END_TIMEOUT_MS).unref())]);
    try {
      await dropDatabase(server.adminUrl, name);
    } finally {
      await stopServer();
    }
  };
  try {
    const migrations = await migrate(pool);
    return { url, adminUrl: server.adminUrl, pool, migrations, drop };
  } catch (err) {
    await drop();
    throw err;
  }
}

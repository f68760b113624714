import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, dropDatabase, withDatabase } from '../../infra/postgres';
import { TEST_DB_PREFIX, TEST_ENV, requiredTestEnv } from './env';

export interface FreshDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  /** Closes the pool and drops the database; call it in afterAll. */
  drop(): Promise<void>;
}

const POOL_END_TIMEOUT_MS = 5_000;

/** A migrated database of this test file's own, copied from the run's template in milliseconds. */
export async function freshDatabase(): Promise<FreshDatabase> {
  const adminUrl = requiredTestEnv(TEST_ENV.pgAdminUrl);
  const template = requiredTestEnv(TEST_ENV.templateDb);
  const name = `${TEST_DB_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  await createDatabase(adminUrl, name, template);
  const url = withDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // Dropping terminates sessions; an idle pooled client must not turn that into an uncaught error.
  pool.on('error', () => undefined);
  let dropped = false;
  return {
    name,
    url,
    pool,
    async drop() {
      if (dropped) return;
      dropped = true;
      // A client a test never released would keep pool.end() waiting; the drop terminates it anyway.
      await Promise.race([pool.end(), new Promise((resolve) => setTimeout(resolve, POOL_END_TIMEOUT_MS).unref())]);
      await dropDatabase(adminUrl, name);
    },
  };
}

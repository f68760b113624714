import pg from 'pg';
import { createPool, inTransaction, withPoolClient } from '../../db/pool';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { TEST_ENV, requiredTestEnv } from '../setup/env';

/**
 * A database restart or fail-over cuts connections whichever state they are in. A client checked out of the pool
 * has no listener of the pool's; cut between two queries, its 'error' event used to be unhandled and end the
 * process. Here the cut is pg_terminate_backend on a real PostgreSQL.
 */

let db: FreshDatabase;
let pool: pg.Pool;
const lost: Error[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  pool = createPool(db.url, 4, { onConnectionError: (err) => lost.push(err) });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function terminateBackendsOf(database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: requiredTestEnv(TEST_ENV.pgAdminUrl) });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(
      `WITH targets AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid())
       SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM targets`,
      [database],
    );
    return rows[0]!.n;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

const backendPid = async (db: pg.Pool | pg.PoolClient) =>
  (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

/** Long enough for the client to receive the server's FATAL message and the socket's end while nobody queries. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('a connection cut while a client is checked out', () => {
  test('inside a transaction: the transaction fails, the process does not, and the pool lends a new connection', async () => {
    let cutPid = 0;
    await expect(
      inTransaction(pool, async (tx) => {
        cutPid = await backendPid(tx);
        expect(await terminateBackendsOf(db.name)).toBeGreaterThan(0);
        await pause();
        await tx.query('SELECT 1');
      }),
    ).rejects.toThrow();
    const next = await backendPid(pool);
    expect(next).not.toBe(cutPid);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });

  test('between queries of withPoolClient: the client is released with the error and discarded', async () => {
    let cutPid = 0;
    await expect(
      withPoolClient(pool, async (client) => {
        cutPid = await backendPid(client);
        await terminateBackendsOf(db.name);
        await pause();
        await client.query('SELECT 1');
      }),
    ).rejects.toThrow();
    // Every pooled connection now is a new one: the cut client was not put back.
    const pids = await Promise.all([1, 2, 3].map(() => withPoolClient(pool, (c) => backendPid(c))));
    expect(pids).not.toContain(cutPid);
  });

  test('idle in the pool: the pool reports the lost connection and connects anew', async () => {
    await Promise.all([1, 2, 3].map(() => pool.query('SELECT pg_sleep(0.01)')));
    const before = lost.length;
    expect(await terminateBackendsOf(db.name)).toBeGreaterThan(0);
    await pause();
    expect(lost.length).toBeGreaterThan(before);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });

  test('idle in the pool and lent before the pool has heard it is gone: the query goes again on a new connection', async () => {
    const single = createPool(db.url, 1, { onConnectionError: (err) => lost.push(err) });
    try {
      await single.query('SELECT 1');
      const idle = await single.connect();
      idle.release();
      // The socket dies as in a fail-over; the pool reads that only on a later turn of the event loop, after this
      // query has been handed the dead connection.
      (idle as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      expect((await single.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    } finally {
      await single.end();
    }
  });
});

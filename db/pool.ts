import { Pool, type PoolClient, types } from 'pg';

// numeric comes back as a string by default (it may exceed float precision); baht amounts and scores fit a double.
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));
// int8 ids and counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
// A DATE is a calendar day, not an instant: keep 'YYYY-MM-DD' so no time zone shifts it.
types.setTypeParser(types.builtins.DATE, (v) => v);

export type Db = Pool | PoolClient;

export function createPool(connectionString: string, max = 10): Pool {
  const pool = new Pool({ connectionString, max });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs fn in one transaction: everything it wrote is kept, or nothing is. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

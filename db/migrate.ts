import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { withPoolClient } from './pool';
import { REPO_ROOT } from '../infra/repo-root';

export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'db', 'migrations');

/** Any fixed 64-bit number; it keeps two processes starting at once from migrating the same database twice. */
const MIGRATION_LOCK_KEY = 736_462_019;

/**
 * Applies every `NNN_name.sql` in order, each in its own transaction, once. Returns the names applied now.
 * Migrations are plain SQL so a DBA can read and run them by hand.
 */
export async function migrate(pool: Pool): Promise<string[]> {
  return withPoolClient(pool, async (client, discard) => {
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           name text PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const applied = new Set(
        (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
      );
      const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
      const done: string[] = [];
      for (const file of files) {
        if (applied.has(file)) continue;
        await applyOne(client, file);
        done.push(file);
      }
      return done;
    } finally {
      // Unlocking fails only on a lost connection, which released the lock anyway; the pool must drop that client.
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(discard);
    }
  });
}

async function applyOne(client: PoolClient, file: string): Promise<void> {
  const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
  await client.query('BEGIN');
  try {
    await client.query(sql);
    await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
  }
}

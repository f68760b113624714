import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { EMBEDDED_DATABASE_NAME, startPostgres } from './postgres';

export interface OpenDatabase {
  pool: Pool;
  appliedMigrations: string[];
  close(): Promise<void>;
}

/**
 * The database for a command-line run: DATABASE_URL; else the embedded cluster of `npm start` if it is running;
 * else that cluster started just for this command and stopped after it. Migrations are applied first.
 */
export async function openDatabase(config: Config): Promise<OpenDatabase> {
  const running = config.DATABASE_URL ? undefined : await connectToRunningEmbedded(config);
  const postgres = running ? undefined : await startPostgres(config);
  const pool = running ?? createPool(postgres!.url, 4);
  try {
    const appliedMigrations = await migrate(pool);
    return {
      pool,
      appliedMigrations,
      close: async () => {
        await pool.end();
        await postgres?.stop();
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    await postgres?.stop();
    throw err;
  }
}

/**
 * The owner's URL of the installation's database: DATABASE_URL, else that of `npm start`'s embedded cluster while it
 * runs (its password is in DATA_DIR); undefined when neither.
 */
export async function ownerDatabaseUrl(config: Config): Promise<string | undefined> {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  let password: string;
  try {
    password = (await readFile(path.resolve(config.DATA_DIR, 'pg.password'), 'utf8')).trim();
  } catch {
    return undefined;
  }
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${config.EMBEDDED_PG_PORT}/${EMBEDDED_DATABASE_NAME}`;
}

async function connectToRunningEmbedded(config: Config): Promise<Pool | undefined> {
  const url = await ownerDatabaseUrl(config);
  if (!url) return undefined;
  const pool = createPool(url, 4);
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch {
    await pool.end().catch(() => undefined);
    return undefined;
  }
}

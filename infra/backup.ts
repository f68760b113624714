import { execFile } from 'node:child_process';
import { access, cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { redactUrl } from '../config';
import { ensureAppRoleExists } from '../db/app-role';
import { redeliverCommandsSettledSince } from '../db/queries/commands';
import { silentLog, type Log } from './log';
import { createDatabase, databaseExists, databaseNameOf, dropDatabase, withClient, withDatabase } from './postgres';
import type { TemporalDatabases } from './temporal-server';

/**
 * A backup of a running Sujarit (docs/OPERATIONS.md): Temporal's two databases first, then ours, then the stored
 * files, each database as a pg_dump archive (custom format). The order makes every difference between the copies
 * one a restored system repairs by itself: ours may be newer than Temporal's (an activity's rows written, a command
 * delivered after Temporal's copy), which activities idempotent by key and the command outbox's redelivery absorb;
 * Temporal newer than ours (a completed activity whose rows the copy lacks) would not be repaired. Files after our
 * database: every file a row names is in the copy (a newer file no row names is harmless).
 */

export const BACKUP_MANIFEST = 'manifest.json';
const SUJARIT_DUMP = 'sujarit.dump';
const TEMPORAL_DUMP = 'temporal.dump';
const TEMPORAL_VISIBILITY_DUMP = 'temporal_visibility.dump';
const FILES_DIR = 'files';
const TOOL_TIMEOUT_MS = 3_600_000;

const manifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  sujarit: z.object({ database: z.string(), file: z.string(), dumpStartedAt: z.string() }),
  temporal: z
    .object({
      database: z.string(),
      visibilityDatabase: z.string(),
      file: z.string(),
      visibilityFile: z.string(),
      /** Our database's clock when Temporal's copy began: commands settled since then are delivered again. */
      dumpStartedAt: z.string(),
    })
    .optional(),
  files: z.object({ dir: z.string(), namespaces: z.array(z.string()) }).optional(),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export class PgToolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PgToolError';
  }
}

/** Connection settings go through libpq's environment variables, so a password never shows in `ps`. */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGHOST: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username) || 'postgres',
    PGDATABASE: databaseNameOf(url),
  };
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  else delete env.PGPASSWORD;
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { env: libpqEnv(url), timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (!err) {
        resolve();
        return;
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new PgToolError(
            `ไม่พบโปรแกรม ${tool} กรุณาติดตั้ง postgresql-client (Debian: apt-get install postgresql-client) รุ่นหลักไม่ต่ำกว่า` +
              `รุ่นของเซิร์ฟเวอร์ / ${tool} is not installed: install postgresql-client (Debian: apt-get install ` +
              'postgresql-client), of a major version at least the server\'s',
            { cause: err },
          ),
        );
        return;
      }
      const tail = stderr.trim().split('\n').slice(-10).join('\n');
      const mismatch = /server version mismatch|unsupported version/i.test(stderr)
        ? '\nรุ่นของ postgresql-client เก่ากว่าเซิร์ฟเวอร์ ติดตั้งรุ่นที่ตรงกัน / the client is older than the server: ' +
          'install the postgresql-client of the server\'s major version'
        : '';
      reject(
        new PgToolError(
          `${tool} ทำงานไม่สำเร็จ / ${tool} failed on ${redactUrl(url)}:\n${tail}${mismatch}`,
          { cause: err },
        ),
      );
    });
  });
}

async function dump(url: string, file: string): Promise<void> {
  await runPgTool('pg_dump', ['--format=custom', '--no-password', `--file=${file}`], url);
}

/**
 * Into a database that must not exist yet. `--no-owner`: the restoring user owns what is restored (a new cluster's
 * owner role may have another name); grants, to `sujarit_app` among them, are kept.
 */
async function restoreInto(adminUrl: string, database: string, file: string): Promise<void> {
  await createDatabase(adminUrl, database);
  try {
    await runPgTool(
      'pg_restore',
      ['--no-password', '--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${database}`, file],
      withDatabase(adminUrl, database),
    );
  } catch (err) {
    // One transaction: nothing was restored, and an empty database left behind would refuse the next attempt.
    await dropDatabase(adminUrl, database);
    throw err;
  }
}

async function databaseNow(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ now: Date }>('SELECT now() AS now');
    return rows[0]!.now.toISOString();
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export interface CreateBackupOptions {
  /** Our database (the owner's URL); Temporal's databases are on the same server. */
  databaseUrl: string;
  /** Temporal on PostgreSQL: its two databases. Unset: the dev server, whose SQLite file is copied while it is stopped. */
  temporalDatabases?: TemporalDatabases;
  /**
   * FILE_STORE=local: DATA_DIR and the file store's folders in it (services/files CONTENT_NAMESPACES), copied.
   * Unset: the files are in the object store, which is copied with its own tools.
   */
  files?: { dataDir: string; namespaces: readonly string[] };
  /** A new or empty directory. */
  dir: string;
  log?: Log;
}

export async function createBackup(opts: CreateBackupOptions): Promise<BackupManifest> {
  const log = opts.log ?? silentLog;
  const dir = path.resolve(opts.dir);
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) {
    throw new Error(`โฟลเดอร์สำรองข้อมูลต้องว่าง / the backup directory must be empty: ${dir}`);
  }
  let temporal: BackupManifest['temporal'];
  if (opts.temporalDatabases) {
    const dumpStartedAt = await databaseNow(opts.databaseUrl);
    const { temporal: main, visibility } = opts.temporalDatabases;
    log(`สำรอง Temporal ${main}, ${visibility} / dumping Temporal's databases ${main}, ${visibility}`);
    await dump(withDatabase(opts.databaseUrl, main), path.join(dir, TEMPORAL_DUMP));
    await dump(withDatabase(opts.databaseUrl, visibility), path.join(dir, TEMPORAL_VISIBILITY_DUMP));
    temporal = { database: main, visibilityDatabase: visibility, file: TEMPORAL_DUMP, visibilityFile: TEMPORAL_VISIBILITY_DUMP, dumpStartedAt };
  }
  const database = databaseNameOf(opts.databaseUrl);
  const dumpStartedAt = await databaseNow(opts.databaseUrl);
  log(`สำรองฐานข้อมูล ${database} / dumping our database ${database}`);
  await dump(opts.databaseUrl, path.join(dir, SUJARIT_DUMP));

  let files: BackupManifest['files'];
  if (opts.files) {
    const namespaces: string[] = [];
    for (const namespace of opts.files.namespaces) {
      const source = path.join(path.resolve(opts.files.dataDir), namespace);
      if (!(await exists(source))) continue;
      await cp(source, path.join(dir, FILES_DIR, namespace), { recursive: true, errorOnExist: true, force: false });
      namespaces.push(namespace);
    }
    files = { dir: FILES_DIR, namespaces };
    log(`คัดลอกไฟล์แล้ว / copied the stored files: ${namespaces.join(', ') || '(none yet)'}`);
  }
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    sujarit: { database, file: SUJARIT_DUMP, dumpStartedAt },
    ...(temporal ? { temporal } : {}),
    ...(files ? { files } : {}),
  };
  await writeFile(path.join(dir, BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export async function readBackupManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(path.resolve(dir), BACKUP_MANIFEST);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`ไม่ใช่โฟลเดอร์สำรองข้อมูลของสุจริต / not a Sujarit backup (no ${BACKUP_MANIFEST}): ${file}`, { cause: err });
  }
  return manifestSchema.parse(JSON.parse(text));
}

export interface RestoreBackupOptions {
  dir: string;
  /** Any database of the target server, as a user who may create databases and roles. */
  adminUrl: string;
  /** New names: a restore never writes into a database that exists. */
  database: string;
  temporalDatabases?: TemporalDatabases;
  /** Where the files go (the restored system's DATA_DIR); files already there are kept. */
  dataDir?: string;
  log?: Log;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Commands settled after Temporal's copy was taken, waiting for the sweeper again. */
  redeliveredCommands: number;
}

export async function restoreBackup(opts: RestoreBackupOptions): Promise<RestoreResult> {
  const log = opts.log ?? silentLog;
  const dir = path.resolve(opts.dir);
  const manifest = await readBackupManifest(dir);
  if (manifest.temporal && !opts.temporalDatabases) {
    throw new Error(
      'สำเนานี้มีฐานข้อมูลของ Temporal ต้องระบุชื่อฐานข้อมูลปลายทาง / the backup holds Temporal\'s databases: name where they go',
    );
  }
  const targets = [opts.database, ...(manifest.temporal && opts.temporalDatabases ? [opts.temporalDatabases.temporal, opts.temporalDatabases.visibility] : [])];
  for (const name of targets) {
    if (await databaseExists(opts.adminUrl, name)) {
      throw new Error(`มีฐานข้อมูลชื่อนี้อยู่แล้ว จะไม่เขียนทับ / database ${name} exists; a restore never writes over one`);
    }
  }

  if (manifest.temporal && opts.temporalDatabases) {
    const { temporal: main, visibility } = opts.temporalDatabases;
    log(`กู้คืน Temporal ลง ${main}, ${visibility} / restoring Temporal's databases into ${main}, ${visibility}`);
    await restoreInto(opts.adminUrl, main, path.join(dir, manifest.temporal.file));
    await restoreInto(opts.adminUrl, visibility, path.join(dir, manifest.temporal.visibilityFile));
    await retargetTemporalDatabase(withDatabase(opts.adminUrl, main), manifest.temporal.database, main, { clearMembership: true });
    await retargetTemporalDatabase(withDatabase(opts.adminUrl, visibility), manifest.temporal.visibilityDatabase, visibility, {
      clearMembership: false,
    });
  }

  log(`กู้คืนฐานข้อมูลลง ${opts.database} / restoring our database into ${opts.database}`);
  await withClient(opts.adminUrl, (client) => ensureAppRoleExists(client));
  await restoreInto(opts.adminUrl, opts.database, path.join(dir, manifest.sujarit.file));
  let redeliveredCommands = 0;
  if (manifest.temporal) {
    const since = new Date(manifest.temporal.dumpStartedAt);
    const pool = new pg.Pool({ connectionString: withDatabase(opts.adminUrl, opts.database), max: 1 });
    try {
      redeliveredCommands = await redeliverCommandsSettledSince(pool, since);
    } finally {
      await pool.end();
    }
  }

  if (manifest.files && opts.dataDir) {
    for (const namespace of manifest.files.namespaces) {
      await cp(path.join(dir, manifest.files.dir, namespace), path.join(path.resolve(opts.dataDir), namespace), {
        recursive: true,
        force: false,
        errorOnExist: false,
      });
    }
    log(`คืนไฟล์แล้ว / restored the stored files into ${path.resolve(opts.dataDir)}`);
  }
  return { manifest, redeliveredCommands };
}

/**
 * Temporal's SQL tool records the schema version under the database's name, and the server checks it under the name
 * it is configured with: a copy under a new name gets its row renamed. The membership table names the hosts of
 * the server the copy was taken from; a new server would first try to join them (the old one may still be running),
 * so the copy starts with none.
 */
async function retargetTemporalDatabase(
  url: string,
  from: string,
  to: string,
  opts: { clearMembership: boolean },
): Promise<void> {
  await withClient(url, async (client) => {
    if (from !== to) await client.query('UPDATE schema_version SET db_name = $2 WHERE db_name = $1', [from, to]);
    if (opts.clearMembership) await client.query('DELETE FROM cluster_membership');
  });
}

import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { createBackup, PgToolError, restoreBackup } from '../infra/backup';
import { ownerDatabaseUrl } from '../infra/database';
import { databaseExists, databaseNameOf, withDatabase } from '../infra/postgres';
import { temporalDatabaseNames, type TemporalDatabases } from '../infra/temporal-server';
import { CONTENT_NAMESPACES } from '../services/files';
import { CliError } from './errors';

const USAGE =
  'ใช้ / usage: backup create <dir> [--temporal-db <name>] | backup restore <dir> --database <new name> [--temporal-db <new name>]';

type Flags = Record<string, string | boolean | undefined>;

/** `--temporal-db temporal` names `temporal` and `temporal_visibility` (docker-compose.yml); unset: `<db>_temporal...`. */
function temporalDatabasesOf(flag: string | boolean | undefined, database: string): TemporalDatabases {
  if (typeof flag === 'string') return { temporal: flag, visibility: `${flag}_visibility` };
  return temporalDatabaseNames(database);
}

async function ownerUrlOf(config: Config): Promise<string> {
  const url = await ownerDatabaseUrl(config);
  if (!url) {
    throw new CliError(
      'ไม่พบฐานข้อมูล ตั้ง DATABASE_URL หรือเปิด npm start ไว้ / no database: set DATABASE_URL, or keep `npm start` running',
    );
  }
  return url;
}

function explainPgToolError(err: unknown): never {
  if (err instanceof PgToolError) throw new CliError(err.message, 1);
  throw err;
}

/**
 * `backup create <dir>`: Temporal's two databases (when they are on our PostgreSQL server), our database, then the
 * stored files of FILE_STORE=local, into a new directory (docs/OPERATIONS.md says why in this order).
 */
export async function backupCreateCommand(positionals: string[], flags: Flags): Promise<number> {
  const [dir] = positionals;
  if (!dir || positionals.length > 1 || flags['temporal-db'] === true) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const databaseUrl = await ownerUrlOf(config);
  const wanted = temporalDatabasesOf(flags['temporal-db'], databaseNameOf(databaseUrl));
  const adminUrl = withDatabase(databaseUrl, 'postgres');
  const present = (await databaseExists(adminUrl, wanted.temporal)) && (await databaseExists(adminUrl, wanted.visibility));
  if (!present && typeof flags['temporal-db'] === 'string') {
    throw new CliError(`ไม่พบฐานข้อมูล ${wanted.temporal}, ${wanted.visibility} / Temporal's databases are not on this server`);
  }
  const manifest = await createBackup({
    databaseUrl,
    ...(present ? { temporalDatabases: wanted } : {}),
    ...(config.FILE_STORE === 'local' ? { files: { dataDir: config.DATA_DIR, namespaces: CONTENT_NAMESPACES } } : {}),
    dir,
    log: (line) => process.stderr.write(`${line}\n`),
  }).catch(explainPgToolError);
  process.stdout.write(`สำรองข้อมูลแล้ว / backed up into ${path.resolve(dir)}\n`);
  if (!manifest.temporal) {
    process.stdout.write(
      `ไม่มีฐานข้อมูลของ Temporal บนเซิร์ฟเวอร์นี้: Temporal dev server เก็บข้อมูลใน ${path.join(config.DATA_DIR, 'temporal.sqlite')} ` +
        'ให้คัดลอกไฟล์นั้นขณะหยุดระบบ / no Temporal databases on this server: the dev server keeps its state in that SQLite ' +
        'file; copy it while everything is stopped\n',
    );
  }
  if (config.FILE_STORE === 's3') {
    process.stdout.write(
      `ไฟล์อยู่ใน bucket ${config.S3_BUCKET} ให้สำรอง bucket แยก (หลังฐานข้อมูล) / the files are in the bucket ` +
        `${config.S3_BUCKET}: copy it separately, after the databases\n`,
    );
  }
  return 0;
}

/**
 * `backup restore <dir> --database <name>`: into new databases of DATABASE_URL's server (never over existing ones)
 * and, for FILE_STORE=local, into DATA_DIR; then point DATABASE_URL and Temporal at the new databases and start.
 */
export async function backupRestoreCommand(positionals: string[], flags: Flags): Promise<number> {
  const [dir] = positionals;
  const database = flags.database;
  if (!dir || positionals.length > 1 || typeof database !== 'string' || flags['temporal-db'] === true) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const adminUrl = withDatabase(await ownerUrlOf(config), 'postgres');
  const temporalDatabases = temporalDatabasesOf(flags['temporal-db'], database);
  const result = await restoreBackup({
    dir,
    adminUrl,
    database,
    temporalDatabases,
    ...(config.FILE_STORE === 'local' ? { dataDir: config.DATA_DIR } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  }).catch((err: unknown) => {
    if (err instanceof PgToolError) explainPgToolError(err);
    throw new CliError((err as Error).message, 1);
  });
  const temporal = result.manifest.temporal
    ? ` Temporal: ${temporalDatabases.temporal}, ${temporalDatabases.visibility};`
    : '';
  process.stdout.write(
    `กู้คืนแล้ว / restored: ${database};${temporal} คำสั่งที่จะส่งใหม่ / commands to deliver again: ` +
      `${result.redeliveredCommands}. ตั้ง DATABASE_URL เป็นฐานข้อมูลใหม่ ใช้ APP_SECRET เดิม แล้วเริ่ม Temporal, worker ` +
      'และ API / point DATABASE_URL at the new database, keep the same APP_SECRET (and AUDIT_KEY), then start ' +
      'Temporal, the worker and the API\n',
  );
  return 0;
}

import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg, { type Pool } from 'pg';
import type { Config } from '../config';
import { migrate } from './migrate';
import { createPool } from './pool';

/**
 * Two database roles: the owner (DATABASE_URL, or the embedded cluster's superuser) runs the migrations and owns
 * every table; the application (API, worker) connects as `sujarit_app` (migration 015), which owns nothing and may
 * not change or empty `audit_log`, nor disable its triggers. Unless the operator names the application's URL
 * (DATABASE_APP_URL), the owner gives the role a login with a password derived from APP_SECRET, and the application's
 * URL is the owner's with that role and password.
 */

export const APP_ROLE = 'sujarit_app';
const SCRAM_ITERATIONS = 4096;
/** SQLSTATE XX000 as two processes set the role's password at the same moment; the other one's did it. */
const CONCURRENT_UPDATE = /tuple concurrently (updated|deleted)/;

export type AppRoleSettings = Pick<Config, 'APP_SECRET' | 'DATABASE_APP_URL'>;

function appRolePassword(secret: string): string {
  return createHmac('sha256', secret).update('sujarit:database-app-role:v1').digest('base64url');
}

/** The application's connection URL: DATABASE_APP_URL, else the owner's URL as `sujarit_app` with its password. */
export function appDatabaseUrl(ownerUrl: string, settings: AppRoleSettings): string {
  if (settings.DATABASE_APP_URL) return settings.DATABASE_APP_URL;
  if (!settings.APP_SECRET) {
    throw new Error(
      'ไม่ได้ตั้งค่า APP_SECRET หรือ DATABASE_APP_URL จึงไม่รู้รหัสผ่านของบทบาทฐานข้อมูลของแอป / ' +
        'APP_SECRET or DATABASE_APP_URL is needed for the application database role',
    );
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = appRolePassword(settings.APP_SECRET);
  return url.toString();
}

/**
 * A SCRAM-SHA-256 verifier, as PostgreSQL stores it: the server keeps this rather than the password, and the
 * statement that sets it carries no password a statement log could keep.
 */
function scramVerifier(password: string): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, SCRAM_ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Gives `sujarit_app` its login when it cannot log in yet; an operator's own DATABASE_APP_URL is left alone. */
export async function provisionAppRole(owner: Pool, ownerUrl: string, settings: AppRoleSettings): Promise<void> {
  if (settings.DATABASE_APP_URL) return;
  const url = appDatabaseUrl(ownerUrl, settings);
  if (await canConnect(url)) return;
  const password = decodeURIComponent(new URL(url).password);
  try {
    await owner.query(`ALTER ROLE ${pg.escapeIdentifier(APP_ROLE)} LOGIN PASSWORD ${pg.escapeLiteral(scramVerifier(password))}`);
  } catch (err) {
    if (!CONCURRENT_UPDATE.test((err as Error).message) || !(await canConnect(url))) throw err;
  }
}

/**
 * Start-up of a process that talks to the database: as the owner, migrate (one process at a time, under the
 * migrator's lock) and make sure the application role can log in; answers the URL the process then connects with.
 */
export async function prepareDatabase(ownerUrl: string, settings: AppRoleSettings): Promise<{ appUrl: string; applied: string[] }> {
  const owner = createPool(ownerUrl, 1);
  try {
    const applied = await migrate(owner);
    await provisionAppRole(owner, ownerUrl, settings);
    return { appUrl: appDatabaseUrl(ownerUrl, settings), applied };
  } finally {
    await owner.end();
  }
}

/**
 * Roles belong to the PostgreSQL cluster, not to a database, so a dump of the database does not carry
 * `sujarit_app`, only its grants: a restore onto another cluster creates the role first (without a login, as
 * migration 015 does), and the application's start-up gives it its login as usual.
 */
export async function ensureAppRoleExists(owner: { query(sql: string): Promise<unknown> }): Promise<void> {
  await owner.query(`DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
    CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$`);
}

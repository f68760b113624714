import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { APP_ROLE, appDatabaseUrl, provisionAppRole } from '../../db/app-role';
import { appendAudit, auditKeyFrom } from '../../db/audit';
import { freshDatabase, type FreshDatabase } from '../setup/db';

/**
 * The application's database role owns nothing: whoever holds the API's or the worker's credentials (a bug, an
 * injected statement, a stolen environment) cannot rewrite, delete or empty the audit log, nor switch off the
 * triggers that forbid it. Only the owner, which runs the migrations, could.
 */

const REPO = path.join(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const settings = { APP_SECRET: 'test-secret-of-at-least-thirty-two-characters' };
const INSUFFICIENT_PRIVILEGE = '42501';

let db: FreshDatabase;
let app: pg.Client;

beforeAll(async () => {
  db = await freshDatabase();
  await provisionAppRole(db.pool, db.url, settings);
  app = new pg.Client({ connectionString: appDatabaseUrl(db.url, settings) });
  await app.connect();
});

afterAll(async () => {
  await app?.end();
  await db?.drop();
});

const codeOf = (sql: string) =>
  app.query(sql).then(
    () => 'allowed',
    (err: { code?: string }) => err.code ?? 'error',
  );

test('the application connects as a role that is neither superuser nor owner of anything', async () => {
  expect((await app.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u).toBe(APP_ROLE);
  const role = await db.pool.query<{ rolsuper: boolean; rolcreaterole: boolean; rolbypassrls: boolean }>(
    'SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = $1',
    [APP_ROLE],
  );
  expect(role.rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolbypassrls: false });
  const owned = await db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = $1)',
    [APP_ROLE],
  );
  expect(owned.rows[0]!.n).toBe(0);
});

test('as the application role, audit_log cannot be updated, deleted, truncated or have its triggers disabled', async () => {
  // A row to aim at, written the way the application writes them.
  const tx = await db.pool.connect();
  try {
    await tx.query('BEGIN');
    await appendAudit(tx, auditKeyFrom(settings), {
      idempotencyKey: 'app-role:probe',
      organizationId: null,
      occurredAt: new Date(),
      actor: 'test',
      action: 'probe',
      entityType: 'test',
      entityId: '1',
      before: null,
      after: { n: 1 },
    });
    await tx.query('COMMIT');
  } finally {
    tx.release();
  }
  const attempts = {
    update: await codeOf("UPDATE audit_log SET actor = 'forger'"),
    delete: await codeOf('DELETE FROM audit_log'),
    truncate: await codeOf('TRUNCATE audit_log'),
    disableRowTrigger: await codeOf('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update'),
    disableAllTriggers: await codeOf('ALTER TABLE audit_log DISABLE TRIGGER USER'),
    dropTrigger: await codeOf('DROP TRIGGER audit_log_no_truncate ON audit_log'),
    replaceTriggerFunction: await codeOf('CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$'),
    forgeMigration: await codeOf("INSERT INTO schema_migrations (name) VALUES ('999_forged.sql')"),
  };
  expect(attempts).toEqual({
    update: INSUFFICIENT_PRIVILEGE,
    delete: INSUFFICIENT_PRIVILEGE,
    truncate: INSUFFICIENT_PRIVILEGE,
    disableRowTrigger: INSUFFICIENT_PRIVILEGE,
    disableAllTriggers: INSUFFICIENT_PRIVILEGE,
    dropTrigger: INSUFFICIENT_PRIVILEGE,
    replaceTriggerFunction: INSUFFICIENT_PRIVILEGE,
    forgeMigration: INSUFFICIENT_PRIVILEGE,
  });
  const rows = await db.pool.query<{ actor: string }>('SELECT actor FROM audit_log');
  expect(rows.rows.map((r) => r.actor)).toEqual(['test']);
});

test('as the application role, the work the application does is allowed: reading, appending, its own tables', async () => {
  expect(await codeOf('SELECT count(*) FROM audit_log')).toBe('allowed');
  expect(await codeOf("INSERT INTO organizations (slug, name) VALUES ('app-role-org', 'x')")).toBe('allowed');
  expect(await codeOf("UPDATE organizations SET name = 'y' WHERE slug = 'app-role-org'")).toBe('allowed');
  expect(await codeOf("DELETE FROM sessions WHERE expires_at < now() - interval '1 day'")).toBe('allowed');
});

test(
  'with the embedded PostgreSQL of npm start, the application role logs in by password and is refused the same',
  async () => {
    const { stdout } = await promisify(execFile)(TSX, [path.join(REPO, 'test/support/app-role-probe.ts')], { cwd: REPO, timeout: 150_000 });
    const probe = JSON.parse(stdout.trim().split('\n').pop()!) as { currentUser: string; refused: Record<string, string> };
    expect(probe.currentUser).toBe(APP_ROLE);
    expect(Object.values(probe.refused)).toEqual([INSUFFICIENT_PRIVILEGE, INSUFFICIENT_PRIVILEGE, INSUFFICIENT_PRIVILEGE]);
  },
  180_000,
);

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { loadConfig, type Config } from '../../config';
import { appendAudit, auditHash, auditKeyFrom, listAuditPage } from '../../db/audit';
import { inTransaction } from '../../db/pool';
import { canonicalPlanSchema } from '../../domain/plan';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { connectTestClient, type TestClient } from '../setup/temporal';
import { sessionCookieHeader } from '../support/system';

/** The command-line contract and the plan API, on a real database; the CLI runs as a separate process, as people run it. */

const REPO = path.join(__dirname, '../..');
const SEED_TEXT = path.join(REPO, 'test/fixtures/khek-noi-plan.txt');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');

let db: FreshDatabase;
let temporal: TestClient;
let app: FastifyInstance;
let scratch: string;

/** The audit key the CLI is given, as an installation's API and worker would be; the database never holds it. */
const AUDIT_KEY = 'k'.repeat(40);
const auditKey = auditKeyFrom({ AUDIT_KEY });

async function cli(args: string[], databaseUrl = db.url): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [path.join(REPO, 'cli/main.ts'), ...args], {
      cwd: REPO,
      env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: scratch, NODE_ENV: 'test', AUDIT_KEY },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let config: Config;

beforeAll(async () => {
  db = await freshDatabase();
  temporal = await connectTestClient();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'sujarit-cli-'));
  config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_SECRET: 'x'.repeat(40) });
  app = await buildApp({ config, pool: db.pool, temporal: temporal.client as Client });
});

afterAll(async () => {
  await app?.close();
  await temporal?.close();
  await db?.drop();
  await rm(scratch, { recursive: true, force: true });
});

async function tableCounts(): Promise<{ plans: number; versions: number; items: number; budgets: number; findings: number }> {
  const { rows } = await db.pool.query(
    `SELECT (SELECT count(*) FROM plans)::int AS plans, (SELECT count(*) FROM plan_versions)::int AS versions,
            (SELECT count(*) FROM items)::int AS items, (SELECT count(*) FROM item_budgets)::int AS budgets,
            (SELECT count(*) FROM import_findings)::int AS findings`,
  );
  return rows[0];
}

describe('plan import', () => {
  test('--json prints the canonical plan of the seed: 46 items and findings with lines', async () => {
    const { code, stdout } = await cli(['plan', 'import', SEED_TEXT, '--json']);
    expect(code).toBe(0);
    const plan = canonicalPlanSchema.parse(JSON.parse(stdout));
    expect(plan.items).toHaveLength(46);
    expect(plan.organization).toEqual({ name: 'องค์การบริหารส่วนตำบลเข็กน้อย', district: 'เขาค้อ', province: 'เพชรบูรณ์' });
    expect(plan.fiscalYears).toEqual([2566, 2567, 2568, 2569, 2570]);
    expect(plan.findings.find((f) => f.code === 'STATED_COUNT_MISMATCH')).toMatchObject({ line: 20, severity: 'error' });
    const committed = JSON.parse(await readFile(path.join(REPO, 'data/seed/khek-noi.plan.json'), 'utf8'));
    expect(plan).toEqual(committed);
  });

  test('the human summary shows counts, budgets against stated totals and the findings', async () => {
    const { code, stdout } = await cli(['plan', 'import', SEED_TEXT]);
    expect(code).toBe(0);
    expect(stdout).toContain('335,000');
    expect(stdout).toContain('STATED_COUNT_MISMATCH');
    expect(stdout).toMatch(/22\s+15\s+9\s+46/);
  });

  test('--json takes a PDF exported from Word: the seed with Part 2 in landscape, 46 items, the same budgets', async () => {
    const { code, stdout } = await cli(['plan', 'import', path.join(REPO, 'test/fixtures/khek-noi-plan-landscape.pdf'), '--json']);
    expect(code).toBe(0);
    const plan = canonicalPlanSchema.parse(JSON.parse(stdout));
    const committed = canonicalPlanSchema.parse(JSON.parse(await readFile(path.join(REPO, 'data/seed/khek-noi.plan.json'), 'utf8')));
    expect(plan.items.map((i) => [i.code, i.kind, i.budgetByYear, i.responsibleUnit])).toEqual(
      committed.items.map((i) => [i.code, i.kind, i.budgetByYear, i.responsibleUnit]),
    );
    expect(plan.organization).toEqual(committed.organization);
    expect(plan.statedTotals).toEqual(committed.statedTotals);
  });

  test('a PDF without text exits 2 with a one-line reason', async () => {
    const file = path.join(scratch, 'scan.pdf');
    await writeFile(
      file,
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
        '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
    const result = await cli(['plan', 'import', file, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('EMPTY');
  });

  test.each([
    ['empty', Buffer.alloc(0), 'EMPTY'],
    ['binary', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10, 0x80, 0x00, 0x00]), 'BINARY'],
    ['not the template', Buffer.from('สวัสดีครับ นี่คือบันทึกการประชุมประจำเดือน ไม่ใช่แผนปฏิบัติการ\n'.repeat(20)), 'NOT_THIS_TEMPLATE'],
  ])('an unusable document (%s) exits 2 with a one-line reason', async (_name, bytes, code) => {
    const file = path.join(scratch, `broken-${code}.txt`);
    await writeFile(file, bytes);
    const result = await cli(['plan', 'import', file, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(code);
  });

  test('a plan cut off before Part 3 is refused', async () => {
    const text = await readFile(SEED_TEXT, 'utf8');
    const file = path.join(scratch, 'truncated.txt');
    await writeFile(file, text.slice(0, text.indexOf('ส่วนที่ ๓\n\nรายละเอียด')));
    const result = await cli(['plan', 'import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TRUNCATED');
  });

  test('a missing file and a wrong command are clear errors', async () => {
    expect((await cli(['plan', 'import', path.join(scratch, 'nope.txt')])).code).toBe(2);
    const unknown = await cli(['plan', 'explode']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage');
  });
});

describe('plan load and the plan API', () => {
  test('loads the seed; a second version is refused (it goes to the นายก) and a broken document changes nothing', async () => {
    const first = await cli(['plan', 'load', SEED_TEXT, '--org', 'khek-noi']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('version 1');
    const afterFirst = await tableCounts();
    expect(afterFirst).toMatchObject({ plans: 1, versions: 1, items: 46 });

    const broken = path.join(scratch, 'broken.txt');
    await writeFile(broken, '');
    expect((await cli(['plan', 'load', broken, '--org', 'khek-noi'])).code).toBe(2);
    expect(await tableCounts()).toEqual(afterFirst);
    expect((await cli(['plan', 'load', SEED_TEXT, '--org', 'Not A Slug'])).code).toBe(2);
    expect(await tableCounts()).toEqual(afterFirst);

    // With a plan in force, a new version is an amendment only the นายก puts in force: the CLI points to the upload.
    const second = await cli(['plan', 'load', SEED_TEXT, '--org', 'khek-noi']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('มีแผนที่ใช้อยู่แล้ว');
    expect(second.stderr).toContain('/plans/import');
    expect(second.stderr).toContain('already has a plan in force');
    expect(await tableCounts()).toEqual(afterFirst);

    // Plans are for the organisation's signed-in people (the public view is /public/:org).
    expect((await app.inject({ url: '/api/plans' })).statusCode).toBe(401);
    const reader = await db.pool.query<{ id: number }>(
      `INSERT INTO people (organization_id, full_name) SELECT id, 'ผู้อ่านแผน' FROM organizations WHERE slug = 'khek-noi' RETURNING id`,
    );
    const headers = { cookie: await sessionCookieHeader(db.pool, config, reader.rows[0]!.id) };
    const plans = (await app.inject({ url: '/api/plans', headers })).json().plans;
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ organizationSlug: 'khek-noi', currentVersion: 1, itemCount: 46 });

    const detail = (await app.inject({ url: `/api/plans/${plans[0].id}`, headers })).json();
    expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(detail.items).toHaveLength(46);
    const totals: Record<string, number> = {};
    for (const item of detail.items) {
      for (const [year, amount] of Object.entries(item.budgetByYear as Record<string, number | null>)) {
        totals[year] = (totals[year] ?? 0) + (amount ?? 0);
      }
    }
    expect(totals).toEqual({ '2566': 325000, '2567': 290000, '2568': 290000, '2569': 275000, '2570': 335000 });
    expect(detail.items.find((i: { code: string }) => i.code === '1.3')).toMatchObject({ kind: 'measure', responsibleUnitName: 'สำนักปลัด' });
    expect(detail.items.find((i: { code: string }) => i.code === '2.1')).toMatchObject({
      responsibleUnitName: 'สำนักปลัด',
      responsibleSection: 'general-administration',
      responsibleSectionText: 'งานบริหารงานทั่วไป',
    });
    expect(detail.items.filter((i: { responsibleSection: string | null }) => i.responsibleSection === 'legal-affairs')).toHaveLength(28);

    const findings = (await app.inject({ url: `/api/plans/${plans[0].id}/findings`, headers })).json();
    expect(findings.findings.length).toBe(afterFirst.findings);
    expect(findings.findings[0]).toEqual(expect.objectContaining({ severity: 'error', message: expect.any(String), messageEn: expect.any(String) }));

    expect((await app.inject({ url: '/api/plans/999', headers })).statusCode).toBe(404);
    const bad = await app.inject({ url: '/api/plans/abc', headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String), messageEn: expect.any(String) });
  });

  test('the health check reports the database and Temporal', async () => {
    const health = await app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({
      status: 'ok',
      checks: { postgres: { ok: true, ms: expect.any(Number) }, temporal: { ok: true, ms: expect.any(Number) } },
    });
  });
});

describe('audit verify', () => {
  test('an intact chain passes; an edited row is named', async () => {
    for (let n = 1; n <= 5; n++) {
      await inTransaction(db.pool, (tx) =>
        appendAudit(tx, auditKey, {
          idempotencyKey: `test:${n}`,
          organizationId: null,
          occurredAt: new Date(Date.UTC(2026, 10, n)),
          actor: 'test',
          action: 'step_completed',
          entityType: 'item_year',
          entityId: 'x',
          before: { n: n - 1 },
          after: { n, note: 'ดำเนินการแล้ว' },
        }),
      );
    }
    const intact = await cli(['audit', 'verify']);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/intact: 5 rows/);

    await expect(db.pool.query(`UPDATE audit_log SET actor = 'x'`)).rejects.toThrow(/append-only/);
    // A superuser can still get past the trigger; the chain must name the row that was edited.
    const { rows } = await db.pool.query<{ id: number }>(`SELECT id FROM audit_log ORDER BY id OFFSET 2 LIMIT 1`);
    await db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await db.pool.query(`UPDATE audit_log SET after = '{"n": 3, "note": "แก้ไขย้อนหลัง"}' WHERE id = $1`, [rows[0]!.id]);
    await db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    const broken = await cli(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`row ${rows[0]!.id}`);
  });
});

describe('audit verify against someone who can write to the database', () => {
  let own: FreshDatabase;
  beforeEach(async () => {
    own = await freshDatabase();
  });
  afterEach(async () => {
    await own?.drop();
  });

  async function append(n: number, key = auditKey): Promise<void> {
    await inTransaction(own.pool, (tx) =>
      appendAudit(tx, key, {
        idempotencyKey: `test:${n}`,
        organizationId: null,
        occurredAt: new Date(Date.UTC(2026, 10, n)),
        actor: 'person:7',
        action: 'step_completed',
        entityType: 'item_year',
        entityId: 'x',
        before: null,
        after: { n },
      }),
    );
  }

  /** What a database user can do without the key: rewrite rows and recompute every hash from there on. */
  async function rewriteAndRehash(fromId: number, rehash: (prev: string, row: Awaited<ReturnType<typeof listAuditPage>>[number]) => { hash: string; scheme: string }) {
    await own.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await own.pool.query(`UPDATE audit_log SET actor = 'person:1' WHERE id = $1`, [fromId]);
    let prev: string | undefined;
    for (const row of await listAuditPage(own.pool, 0, 100)) {
      if (Number(row.id) >= fromId) {
        const { hash, scheme } = rehash(prev!, row);
        await own.pool.query('UPDATE audit_log SET prev_hash = $2, hash = $3, scheme = $4 WHERE id = $1', [row.id, prev, hash, scheme]);
        prev = hash;
      } else {
        prev = row.hash;
      }
    }
    await own.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  }

  test('TRUNCATE is refused like UPDATE and DELETE', async () => {
    await append(1);
    await expect(own.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await own.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(1);
  });

  test('rows rewritten and re-hashed without the key are found', async () => {
    for (let n = 1; n <= 4; n++) await append(n);
    const rows = await listAuditPage(own.pool, 0, 100);
    const target = Number(rows[1]!.id);
    // Plain SHA-256, as the chain was before it was keyed.
    await rewriteAndRehash(target, (prev, row) => ({ hash: auditHash(prev, row, 'sha256'), scheme: 'sha256' }));
    const plain = await cli(['audit', 'verify'], own.url);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(`row ${target}: unkeyed_after_keyed`);
    // An HMAC under a key of the forger's own.
    const forgersKey = auditKeyFrom({ AUDIT_KEY: 'f'.repeat(40) });
    await rewriteAndRehash(target, (prev, row) => ({ hash: auditHash(prev, row, 'hmac-sha256', forgersKey), scheme: 'hmac-sha256' }));
    const keyed = await cli(['audit', 'verify'], own.url);
    expect(keyed.code).toBe(1);
    expect(keyed.stdout).toContain(`row ${target}: hash_mismatch`);
  });

  test('rows from before the key stay verifiable, and the first keyed row protects them', async () => {
    // Two rows as the unkeyed chain wrote them before migration 010.
    let prev = '0'.repeat(64);
    for (let n = 1; n <= 2; n++) {
      const entry = {
        idempotencyKey: `legacy:${n}`,
        organizationId: null,
        occurredAt: new Date(Date.UTC(2026, 9, n)),
        actor: 'person:7',
        action: 'step_completed',
        entityType: 'item_year',
        entityId: 'x',
        before: null,
        after: { n },
      };
      const hash = auditHash(prev, entry, 'sha256');
      await own.pool.query(
        `INSERT INTO audit_log (idempotency_key, organization_id, occurred_at, actor, action, entity_type, entity_id,
                                before, after, prev_hash, hash, scheme)
         VALUES ($1, NULL, $2, $3, $4, $5, $6, 'null', $7, $8, $9, 'sha256')`,
        [entry.idempotencyKey, entry.occurredAt, entry.actor, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.after), prev, hash],
      );
      prev = hash;
    }
    await append(3);
    const mixed = await cli(['audit', 'verify'], own.url);
    expect(mixed.stdout).toMatch(/intact: 3 rows/);
    expect(mixed.code).toBe(0);
    // Rewriting an old unkeyed row (re-hashing the unkeyed part) breaks at the first keyed row, which covers it.
    const rows = await listAuditPage(own.pool, 0, 100);
    await own.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await own.pool.query(`UPDATE audit_log SET after = '{"n": 9}' WHERE id = $1`, [rows[1]!.id]);
    const edited = { ...rows[1]!, after: { n: 9 } };
    await own.pool.query('UPDATE audit_log SET hash = $2 WHERE id = $1', [rows[1]!.id, auditHash(rows[0]!.hash, edited, 'sha256')]);
    await own.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    const broken = await cli(['audit', 'verify'], own.url);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`row ${rows[2]!.id}: prev_hash_mismatch`);
  });

  test('rows cut off the end pass on their own but not against the published head', async () => {
    for (let n = 1; n <= 4; n++) await append(n);
    const published = await cli(['audit', 'verify'], own.url);
    const head = /head (\d+:[0-9a-f]{64})/.exec(published.stdout)?.[1];
    expect(head).toBeDefined();
    expect((await cli(['audit', 'verify', '--head', head!], own.url)).code).toBe(0);

    await own.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await own.pool.query('DELETE FROM audit_log WHERE id > (SELECT min(id) + 1 FROM audit_log)');
    await own.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    const alone = await cli(['audit', 'verify'], own.url);
    expect(alone.stdout).toMatch(/intact: 2 rows/);
    const cut = await cli(['audit', 'verify', '--head', head!], own.url);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('head_missing');
    expect((await cli(['audit', 'verify', '--head', 'not-a-head'], own.url)).code).toBe(2);
  });

  test('roles, delegations and decisions written around the services are reported', async () => {
    const { rows: org } = await own.pool.query<{ id: number }>(
      `INSERT INTO organizations (slug, name) VALUES ('audit-org', 'อบต.ทดสอบ') RETURNING id`,
    );
    const { rows: person } = await own.pool.query<{ id: number }>(
      `INSERT INTO people (organization_id, full_name, position_title, email) VALUES ($1, 'นายทดสอบ', 'ผู้ดูแลระบบ', 'a@x.example') RETURNING id`,
      [org[0]!.id],
    );
    const { rows: role } = await own.pool.query<{ id: number }>(
      `INSERT INTO role_assignments (organization_id, person_id, role) VALUES ($1, $2, 'mayor') RETURNING id`,
      [org[0]!.id, person[0]!.id],
    );
    const { rows: delegation } = await own.pool.query<{ id: number }>(
      `INSERT INTO delegations (organization_id, role, delegate_person_id, valid_from) VALUES ($1, 'palad', $2, '2026-10-01') RETURNING id`,
      [org[0]!.id, person[0]!.id],
    );
    // A decision the workflow took, as a forged signal would have it recorded: no `decisions` row behind it.
    await inTransaction(own.pool, (tx) =>
      appendAudit(tx, auditKey, {
        idempotencyKey: 'item-year:forged:rev:3',
        organizationId: org[0]!.id,
        occurredAt: new Date(),
        actor: `person:${person[0]!.id}`,
        action: 'decision:approve',
        entityType: 'item_year',
        entityId: 'item-year:forged',
        before: { decisionKey: 'proposal:1:mayor' },
        after: { decisionKey: 'proposal:1:mayor', outcome: 'approve' },
      }),
    );
    const { rows: forged } = await own.pool.query<{ id: string }>(`SELECT id::text FROM audit_log WHERE action = 'decision:approve'`);
    const report = await cli(['audit', 'verify'], own.url);
    expect(report.code).toBe(1);
    expect(report.stdout).toMatch(/intact: 1 rows/);
    expect(report.stdout).toContain(`role_assignments ${role[0]!.id} has no audit row`);
    expect(report.stdout).toContain(`delegations ${delegation[0]!.id} has no audit row`);
    expect(report.stdout).toContain(`audit row ${forged[0]!.id} records a decision with no decisions row`);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { PdfPrinter, createReportVersion, publishReportVersion, renderReportFiles } from '../../activities/reports';
import { loadConfig } from '../../config';
import { appendAudit, auditKeyFrom } from '../../db/audit';
import { seedDemoPeople } from '../../db/dev-seed';
import { inTransaction } from '../../db/pool';
import { storePlanVersion } from '../../db/plan-store';
import { upsertItaDocument } from '../../db/queries/reports';
import { LocalFileStore } from '../../services/files';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { connectTestClient, type TestClient } from '../setup/temporal';
import { loadSeedPlan, sessionCookieHeader } from '../support/system';

/**
 * The public transparency page and who may read a report's files, on a real database: a report version made
 * directly (no workflow), refused to the public until published, served to people of its organisation only.
 */

jest.setTimeout(120_000);

const SECRET = 'public-page-secret-of-at-least-32-chars';
let db: FreshDatabase;
let temporal: TestClient;
let app: FastifyInstance;
let printer: PdfPrinter;
let filesDir: string;
let files: LocalFileStore;
let organizationId: number;
const people: Record<string, number> = {};

function cookie(personId: number): Promise<string> {
  return sessionCookieHeader(db.pool, loadConfig({ NODE_ENV: 'test', APP_SECRET: SECRET, LOG_LEVEL: 'silent' }), personId);
}

beforeAll(async () => {
  db = await freshDatabase();
  temporal = await connectTestClient();
  printer = new PdfPrinter();
  filesDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-public-files-'));
  files = new LocalFileStore(filesDir);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_SECRET: SECRET, PUBLIC_BASE_URL: 'http://sujarit.test' });
  app = await buildApp({ config, pool: db.pool, temporal: temporal.client as Client, files });
  const plan = await loadSeedPlan();
  const stored = await storePlanVersion(db.pool, { organizationSlug: 'khek-noi', plan, loadKey: 'public-test', sourceName: 'seed', sourceSha256: 'test', loadedBy: 'test' });
  organizationId = stored.organizationId;
  await seedDemoPeople(db.pool, organizationId, 'khek-noi');
  // A second organisation whose officer must not read Khek Noi's drafts.
  const other = await db.pool.query<{ id: number }>(
    "INSERT INTO organizations (slug, name) VALUES ('other-org', 'องค์การบริหารส่วนตำบลอื่น') RETURNING id",
  );
  const outsider = await db.pool.query<{ id: number }>(
    "INSERT INTO people (organization_id, full_name, email) VALUES ($1, 'นายภายนอก ทดสอบ', 'outsider@other.example') RETURNING id",
    [other.rows[0]!.id],
  );
  people.outsider = outsider.rows[0]!.id;
  const { rows } = await db.pool.query<{ id: number; email: string }>('SELECT id, email FROM people WHERE organization_id = $1', [organizationId]);
  for (const row of rows) people[row.email.split('@')[0]!] = row.id;
});

afterAll(async () => {
  await app?.close();
  await printer?.close();
  await temporal?.close();
  await db?.drop();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

describe('public transparency page', () => {
  test('shows the plan with every item, budget and period per fiscal year, Thai first', async () => {
    const res = await app.inject({ method: 'GET', url: '/public/khek-noi' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.body).toContain('<html lang="th"');
    expect(res.body).toContain('องค์การบริหารส่วนตำบลเข็กน้อย');
    for (const fy of [2566, 2567, 2568, 2569, 2570]) expect(res.body).toContain(`id="fy-${fy}"`);
    // Item 1.1 runs in 2567 and 2570 with 15,000 baht; its period is the fiscal year until a proposal gives dates.
    expect(res.body).toContain('โครงการพัฒนาความรู้ด้านกฎหมาย');
    expect(res.body).toContain('15,000 บาท');
    expect(res.body).toContain('1 ตุลาคม 2569 – 30 กันยายน 2570');
    expect(res.body).toContain('ไม่ใช้งบประมาณ');
    expect(res.body).toContain('ยังไม่มีรายงานที่เผยแพร่');

    const english = await app.inject({ method: 'GET', url: '/public/khek-noi?lang=en' });
    expect(english.body).toContain('<html lang="en"');
    expect(english.body).toContain('Published reports');
    expect((await app.inject({ method: 'GET', url: '/public/no-such-org' })).statusCode).toBe(404);
  });

  test('a report is private until published: refused to the public and to other organisations, served to its people', async () => {
    const report = await createReportVersion(db.pool, {
      organizationId,
      kind: 'six_month',
      fiscalYear: 2567,
      requestKey: 'public-test:six_month:2567',
      createdAt: new Date('2024-04-02T03:00:00Z'),
    });
    await renderReportFiles({ pool: db.pool, files }, report.id, { printer });

    for (const format of ['pdf', 'docx', 'xlsx', 'csv', 'json', 'html']) {
      const url = `/reports/${report.id}/${format}`;
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url, headers: { cookie: await cookie(people.outsider!) } })).statusCode).toBe(404);
      const member = await app.inject({ method: 'GET', url, headers: { cookie: await cookie(people.legal!) } });
      expect(member.statusCode).toBe(200);
      expect(member.headers['cache-control']).toBe('private, no-store');
    }
    expect((await app.inject({ method: 'GET', url: '/public/khek-noi/reports/six-month/2567' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/public/khek-noi/reports/six-month/2567/pdf' })).statusCode).toBe(404);
    const publicList = await app.inject({ method: 'GET', url: '/api/reports?org=khek-noi' });
    expect(publicList.json()).toMatchObject({ scope: 'published', reports: [] });
    const memberList = await app.inject({ method: 'GET', url: '/api/reports?org=khek-noi', headers: { cookie: await cookie(people.auditor!) } });
    expect(memberList.json().reports).toEqual([
      expect.objectContaining({ id: report.id, status: 'draft', publicUrl: null, files: expect.arrayContaining([expect.objectContaining({ format: 'pdf', url: `/reports/${report.id}/pdf` })]) }),
    ]);

    await publishReportVersion(db.pool, report.id, new Date('2024-04-20T03:00:00Z'));
    const pdf = await app.inject({ method: 'GET', url: `/reports/${report.id}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['cache-control']).toBe('public, max-age=300');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const again = await app.inject({ method: 'GET', url: `/reports/${report.id}/pdf`, headers: { 'if-none-match': pdf.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    const stable = await app.inject({ method: 'GET', url: '/public/khek-noi/reports/six-month/2567/pdf' });
    expect(stable.rawPayload.equals(pdf.rawPayload)).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/reports?org=khek-noi' })).json().reports).toEqual([
      expect.objectContaining({ id: report.id, status: 'published', publicUrl: '/public/khek-noi/reports/six-month/2567' }),
    ]);
  });

  test('lists documents by the O-codes of the chosen ITA year, from the editable map', async () => {
    const ita2567 = await app.inject({ method: 'GET', url: '/public/khek-noi?ita=2567' });
    expect(ita2567.statusCode).toBe(200);
    const section = ita2567.body.slice(ita2567.body.indexOf('id="ita"'));
    expect(section).toContain('<option value="2567" selected>');
    // O36 the plan, O37 the six-month report of FY2567 (published above), O38 the annual report of FY2566 (not yet).
    expect(section).toMatch(/O36[\s\S]*href="\/public\/khek-noi#fy-2567"/);
    expect(section).toMatch(/O37[\s\S]*href="\/public\/khek-noi\/reports\/six-month\/2567"/);
    expect(section).toMatch(/O38[\s\S]*<td>2566<\/td>[\s\S]*ยังไม่เผยแพร่/);

    // ITA 2569 has no six-month item and marks its numbers unconfirmed.
    const ita2569 = await app.inject({ method: 'GET', url: '/public/khek-noi?ita=2569' });
    const section2569 = ita2569.body.slice(ita2569.body.indexOf('id="ita"'));
    expect(section2569).toContain('O23');
    expect(section2569).toContain('O24');
    expect(section2569).not.toContain('O37');
    expect(section2569).toContain('ยังไม่ยืนยันเลขข้อ');

    // The map is data: this organisation's own row overrides the default number.
    await upsertItaDocument(db.pool, {
      organizationId,
      itaYear: 2567,
      oCode: 'O99',
      documentKind: 'six_month',
      fiscalYearOffset: 0,
      labelTh: 'รายงานรอบ ๖ เดือน (เลขข้อของหน่วยงาน)',
      labelEn: 'Six-month report (own numbering)',
      confirmed: true,
    });
    const overridden = await app.inject({ method: 'GET', url: '/public/khek-noi?ita=2567' });
    const overriddenSection = overridden.body.slice(overridden.body.indexOf('id="ita"'));
    expect(overriddenSection).toMatch(/O99[\s\S]*href="\/public\/khek-noi\/reports\/six-month\/2567"/);
    expect(overriddenSection).not.toContain('O37');
  });

  test('publishes the audit chain head, so entries cut off or rewritten later show', async () => {
    await inTransaction(db.pool, (tx) =>
      appendAudit(tx, auditKeyFrom({ APP_SECRET: SECRET }), {
        idempotencyKey: 'public-page:head',
        organizationId,
        occurredAt: new Date(Date.UTC(2026, 10, 20)),
        actor: 'test',
        action: 'step_completed',
        entityType: 'item_year',
        entityId: 'x',
        before: null,
        after: null,
      }),
    );
    const head = (await db.pool.query<{ id: string; hash: string }>('SELECT id::text, hash FROM audit_log ORDER BY id DESC LIMIT 1')).rows[0]!;
    const res = await app.inject({ method: 'GET', url: '/public/khek-noi' });
    const section = res.body.slice(res.body.indexOf('id="audit-head"'));
    expect(section).toContain('หัวสายบันทึกตรวจสอบ');
    expect(section).toContain(`<code>${head.id}:${head.hash}</code>`);
    expect(section).toContain('20 พฤศจิกายน');
  });
});

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { buildApp } from '../../api/app';
import { createReportVersion, publishReportVersion, renderReportFiles } from '../../activities/reports';
import { loadConfig, type Config } from '../../config';
import { DEMO_PEOPLE, seedDemoPeople } from '../../db/dev-seed';
import { storePlanVersion } from '../../db/plan-store';
import { applyItemYearState, ensureItemYears } from '../../db/queries/item-years';
import type { ItaPack } from '../../domain/ita';
import { LocalFileStore } from '../../services/files';
import type { ItemYearState } from '../../workflows/item-year/messages';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { multipart } from '../support/multipart';
import { connectTestClient, type TestClient } from '../setup/temporal';
import { loadSeedPlan, sessionCookieHeader } from '../support/system';

/**
 * The ITA evidence pack of the demo organisation for ITA 2567 (O36 the plan, O37 the six-month report of FY2567,
 * O38 the annual report of FY2566), on a fixture with known gaps: the plan was loaded with no นายก's approval; the
 * six-month report was published without the sign-off chain, and its item 1.1 was completed in February with no
 * evaluation and no spending recorded, so nobody wrote problems or suggestions; the annual report of FY2566 was never
 * made. The ZIP is downloaded from the dashboard and its entries read; the CLI prints the same pack as JSON.
 */

jest.setTimeout(180_000);

const REPO = path.join(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const ORG = 'khek-noi';
const SECRET = 'ita-pack-secret-of-at-least-32-chars';

let db: FreshDatabase;
let temporal: TestClient;
let app: FastifyInstance;
let config: Config;
let filesDir: string;
let organizationId: number;
let reportId: number;
const people: Record<string, number> = {};

function cookie(key: string): Promise<string> {
  return sessionCookieHeader(db.pool, config, people[key]!);
}

async function download(query: string): Promise<{ entries: Record<string, Uint8Array>; pack: ItaPack }> {
  const res = await app.inject({ method: 'GET', url: `/dashboard/ita.zip?${query}`, headers: { cookie: await cookie('coordinator') } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  expect(res.headers['content-disposition']).toBe('attachment; filename="sujarit-ita-khek-noi-2567.zip"');
  const entries = unzipSync(new Uint8Array(res.rawPayload));
  return { entries, pack: JSON.parse(strFromU8(entries['sujarit-ita-khek-noi-2567.json']!)) as ItaPack };
}

const gapList = (pack: ItaPack) => pack.gaps.map((g) => [g.oCode, g.code, g.item?.code ?? null]);

beforeAll(async () => {
  db = await freshDatabase();
  temporal = await connectTestClient();
  filesDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-ita-files-'));
  config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_SECRET: SECRET, PUBLIC_BASE_URL: 'https://sujarit.test' });
  const files = new LocalFileStore(filesDir);
  app = await buildApp({ config, pool: db.pool, temporal: temporal.client as Client, files });

  const stored = await storePlanVersion(db.pool, {
    organizationSlug: ORG,
    plan: await loadSeedPlan(),
    loadKey: 'test:ita',
    sourceName: 'khek-noi.plan.json',
    sourceSha256: 'test',
    loadedBy: 'test',
  });
  organizationId = stored.organizationId;
  await db.pool.query("UPDATE organizations SET kind = 'sao' WHERE id = $1", [organizationId]);
  await seedDemoPeople(db.pool, organizationId, ORG);
  const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM people WHERE organization_id = $1 ORDER BY id', [organizationId]);
  DEMO_PEOPLE.forEach((p, i) => {
    people[p.key] = rows[i]!.id;
  });

  // FY2567's item-years; 1.1 (15,000 baht) completed on 15 February 2024 with no evaluation and nothing spent recorded.
  await ensureItemYears(db.pool, { organizationId, planId: stored.planId, fiscalYear: 2567, workflowIdPrefix: `item-year:${ORG}:${stored.planId}:` });
  const year = (await db.pool.query<{ id: number; workflowId: string }>(
    "SELECT id, workflow_id AS \"workflowId\" FROM item_years WHERE item_code = '1.1' AND fiscal_year = 2567",
  )).rows[0]!;
  const state: ItemYearState = {
    workflowId: year.workflowId,
    revision: 5,
    ownerPersonId: people.legal!,
    status: 'completed',
    phase: 'completed',
    steps: [],
    budgetSpent: null,
    decisions: [],
    history: [
      { atMs: Date.parse('2023-10-01T01:00:00Z'), event: 'phase:proposal' },
      { atMs: Date.parse('2023-11-01T01:00:00Z'), event: 'phase:execution' },
      { atMs: Date.parse('2024-02-15T03:00:00Z'), event: 'phase:completed' },
    ],
    processedIds: [],
  };
  expect(await applyItemYearState(db.pool, year.id, state)).toBe(true);
  await db.pool.query('UPDATE item_years SET started_at = $2, completed_at = $3 WHERE id = $1', [year.id, '2023-09-30T17:00:00Z', '2024-02-15T03:00:00Z']);

  const report = await createReportVersion(db.pool, {
    organizationId,
    kind: 'six_month',
    fiscalYear: 2567,
    requestKey: 'ita-test:six_month:2567',
    createdAt: new Date('2024-04-02T03:00:00Z'),
  });
  reportId = report.id;
  await renderReportFiles({ pool: db.pool, files }, report.id, { formats: ['html', 'docx', 'xlsx', 'csv', 'json'] });
  await publishReportVersion(db.pool, report.id, new Date('2024-04-20T03:00:00Z'));
});

afterAll(async () => {
  await app?.close();
  await temporal?.close();
  await db?.drop();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

describe('ITA evidence pack', () => {
  test('the ZIP names every gap of the fixture and holds each O-code’s documents', async () => {
    const { entries, pack } = await download('year=2567');
    expect(pack.agencyGroup).toBe('sao');
    expect(pack.entries.map((e) => [e.oCode, e.documentKind, e.fiscalYear])).toEqual([
      ['O36', 'plan', 2567],
      ['O37', 'six_month', 2567],
      ['O38', 'annual', 2566],
    ]);
    expect(gapList(pack)).toEqual([
      ['O36', 'head_approval_missing', null],
      ['O37', 'head_approval_missing', null],
      ['O37', 'item_no_result', '1.1'],
      ['O37', 'item_spent_missing', '1.1'],
      ['O37', 'report_no_problems_suggestions', null],
      ['O38', 'document_missing', null],
    ]);
    const [plan, sixMonth] = pack.entries;
    expect(plan!.document).toMatchObject({ type: 'plan', version: 1, url: 'https://sujarit.test/public/khek-noi#fy-2567' });
    expect(sixMonth!.document).toMatchObject({
      type: 'report',
      reportId,
      version: 1,
      status: 'published',
      publishedAt: '2024-04-20T03:00:00.000Z',
      url: 'https://sujarit.test/public/khek-noi/reports/six-month/2567',
      approvals: { palad: null, mayor: null },
    });

    expect(Object.keys(entries).sort()).toEqual([
      'O36-plan-2567/plan-items-2567.csv',
      'O37-six-month-2567/khek-noi-six-month-2567-v1.csv',
      'O37-six-month-2567/khek-noi-six-month-2567-v1.docx',
      'O37-six-month-2567/khek-noi-six-month-2567-v1.html',
      'O37-six-month-2567/khek-noi-six-month-2567-v1.json',
      'O37-six-month-2567/khek-noi-six-month-2567-v1.xlsx',
      'README.txt',
      'checklist.csv',
      'sujarit-ita-khek-noi-2567.json',
    ]);
    // The report's files are the published ones, byte for byte what the stable address serves.
    const stable = await app.inject({ method: 'GET', url: '/public/khek-noi/reports/six-month/2567/docx' });
    expect(Buffer.from(entries['O37-six-month-2567/khek-noi-six-month-2567-v1.docx']!).equals(stable.rawPayload)).toBe(true);
    const itemBytes = Buffer.from(entries['O36-plan-2567/plan-items-2567.csv']!);
    // UTF-8 with a byte order mark, so a spreadsheet opens the Thai as Thai.
    expect(itemBytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const items = itemBytes.subarray(3).toString('utf8');
    expect(items).toMatch(/^ลำดับ \/ No\.,/);
    expect(items).toContain('1.1,โครงการ,');
    expect(items).toContain(',15000.00,2023-10-01,2024-09-30');

    const readme = strFromU8(entries['README.txt']!);
    expect(readme).toContain('ชุดหลักฐานการประเมิน ITA ปี 2567: องค์การบริหารส่วนตำบลเข็กน้อย');
    expect(readme).toContain('ผลการตรวจ: ขาด 6 รายการ');
    expect(readme).toContain('ยังไม่ได้จัดทำรายงานผลการดำเนินการประจำปี ปีงบประมาณ 2566');
    expect(readme).toContain('Result: 6 gaps');
    const checklist = strFromU8(entries['checklist.csv']!);
    expect(checklist.split('\r\n').filter(Boolean)).toHaveLength(1 + 3 + 5 + 5);
    expect(checklist).toContain('ดำเนินการแล้วแต่ไม่ได้บันทึกงบประมาณที่ใช้จ่าย');

    // The public page shows the same content check beside the published report.
    const pub = await app.inject({ method: 'GET', url: '/public/khek-noi' });
    const published = pub.body.slice(pub.body.indexOf('id="six-month-2567"'));
    expect(published).toContain('ตรวจเนื้อหาตามเกณฑ์การประเมิน ITA');
    expect(published).toMatch(/✗ ขาด[\s\S]*ความก้าวหน้าและผลการดำเนินการทุกรายการ[\s\S]*1\.1 โครงการพัฒนาความรู้ด้านกฎหมาย[^<]*: ยังไม่มีผลการดำเนินการ/);
    expect(published).toMatch(/✓ ครบ[\s\S]*ผู้บริหารท้องถิ่น \(นายก\) อนุมัติ\/ลงนาม/);
  });

  test('the sign-off chain’s approval closes the gap; the page shows what remains', async () => {
    // What the report workflow records when the นายก approves version 1 (decision point, then decision).
    const point = await db.pool.query<{ id: number }>(
      `INSERT INTO decision_points (workflow_id, decision_key, purpose, approver_role, organization_id, summary, status)
       VALUES ('report:khek-noi:six_month:2567', 'signoff:1:mayor', 'report', 'mayor', $1, $2, 'decided') RETURNING id`,
      [organizationId, JSON.stringify({ itemCode: 'v1', itemName: 'รายงาน', fiscalYear: 2567, budget: null, memo: '' })],
    );
    await db.pool.query(
      `INSERT INTO decisions (id, decision_point_id, person_id, acting_as, outcome, decided_at) VALUES ($1, $2, $3, 'mayor', 'approve', $4)`,
      [randomUUID(), point.rows[0]!.id, people.mayor, '2024-04-19T03:00:00Z'],
    );
    const { pack } = await download('year=2567&group=sao');
    expect(gapList(pack).filter(([o]) => o === 'O37')).toEqual([
      ['O37', 'item_no_result', '1.1'],
      ['O37', 'item_spent_missing', '1.1'],
      ['O37', 'report_no_problems_suggestions', null],
    ]);
    expect(pack.entries[1]!.document).toMatchObject({ approvals: { mayor: { personName: 'นายประเสริฐ มั่นคงดี', decidedAt: '2024-04-19T03:00:00.000Z' } } });

    const page = await app.inject({ method: 'GET', url: '/dashboard/ita?year=2567', headers: { cookie: await cookie('coordinator') } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ชุดหลักฐานการประเมิน ITA ปี 2567');
    expect(page.body).toContain('ยังขาด 5 รายการ');
    expect(page.body).toContain('1.1 โครงการพัฒนาความรู้ด้านกฎหมาย');
    expect(page.body).toContain('href="https://sujarit.test/public/khek-noi/reports/six-month/2567"');
    expect(page.body).toContain('นายกอนุมัติ นายประเสริฐ มั่นคงดี 19 เมษายน 2567');
    expect(page.body).toContain('href="/dashboard/ita.zip?year=2567&amp;group=sao"');
  });

  test('another agency group’s map, and who may not have the pack', async () => {
    await db.pool.query(
      `INSERT INTO ita_document_map (agency_group, ita_year, o_code, document_kind, fiscal_year_offset, label_th, label_en)
       VALUES ('town_municipality', 2567, 'O40', 'plan', 0, 'แผน (เทศบาลเมือง)', 'Plan (town municipalities)')`,
    );
    const town = await download('year=2567&group=town_municipality');
    expect(town.pack.entries.map((e) => e.oCode)).toEqual(['O37', 'O38', 'O40']);
    expect(town.entries['O40-plan-2567/plan-items-2567.csv']).toBeDefined();
    expect((await download('year=2567')).pack.entries.map((e) => e.oCode)).toEqual(['O36', 'O37', 'O38']);

    for (const key of ['legal', 'auditor', 'mayor']) {
      const res = await app.inject({ method: 'GET', url: '/dashboard/ita.zip?year=2567', headers: { cookie: await cookie(key) } });
      expect(res.statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/dashboard/ita.zip?year=2567' })).statusCode).toBe(303);
    const bad = await app.inject({ method: 'GET', url: '/dashboard/ita?year=twenty', headers: { cookie: await cookie('coordinator') } });
    expect(bad.statusCode).toBe(400);
  });

  test('the CLI prints the same pack as JSON', async () => {
    const { stdout } = await promisify(execFile)(TSX, [path.join(REPO, 'cli/main.ts'), 'export', 'ita', '2567', '--org', ORG, '--json'], {
      cwd: REPO,
      env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: filesDir, NODE_ENV: 'test', PUBLIC_BASE_URL: 'https://sujarit.test' },
      maxBuffer: 32 * 1024 * 1024,
    });
    const pack = JSON.parse(stdout) as ItaPack;
    expect(gapList(pack)).toEqual([
      ['O36', 'head_approval_missing', null],
      ['O37', 'item_no_result', '1.1'],
      ['O37', 'item_spent_missing', '1.1'],
      ['O37', 'report_no_problems_suggestions', null],
      ['O38', 'document_missing', null],
    ]);
    expect(pack.entries[1]!.document).toMatchObject({ url: 'https://sujarit.test/public/khek-noi/reports/six-month/2567' });
  });

  test('the O-code map is edited per ITA year on the admin page, audited, and the pack follows it', async () => {
    const coordinator = await cookie('coordinator');
    const page = await app.inject({ method: 'GET', url: '/admin/ita?year=2567', headers: { cookie: coordinator } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('เลขข้อ ITA ปี 2567');
    expect(page.body).toContain('ค่าเริ่มต้นทุกหน่วยงาน');
    for (const code of ['O36', 'O37', 'O38']) expect(page.body).toContain(`<th scope="row">${code}</th>`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const post = (url: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: coordinator, origin: 'https://sujarit.test', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ csrf, ...fields }).toString(),
      });
    const own = { itaYear: '2567', documentKind: 'six_month', fiscalYearOffset: '0', labelTh: 'รายงานรอบหกเดือน (เลขข้อของหน่วยงาน)', labelEn: 'Six-month report (own number)' };

    const saved = await post('/admin/ita', { ...own, oCode: 'o52', confirmed: 'on' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/ita?year=2567&done=saved');
    const audit = await db.pool.query<{ after: { oCode: string; organizationId: number } }>(
      "SELECT after FROM audit_log WHERE action = 'ita_item_saved' AND organization_id = $1",
      [organizationId],
    );
    expect(audit.rows.map((r) => [r.after.oCode, r.after.organizationId])).toEqual([['O52', organizationId]]);
    const edited = await download('year=2567');
    expect(edited.pack.entries.map((e) => [e.oCode, e.mapScope])).toEqual([
      ['O36', 'default'],
      ['O38', 'default'],
      ['O52', 'organization'],
    ]);
    expect(Object.keys(edited.entries)).toContain('O52-six-month-2567/khek-noi-six-month-2567-v1.docx');
    // The public page follows the same map.
    expect((await app.inject({ method: 'GET', url: '/public/khek-noi?ita=2567' })).body).toMatch(/O52[\s\S]*href="\/public\/khek-noi\/reports\/six-month\/2567"/);

    const refused = await post('/admin/ita', { ...own, oCode: 'X1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('เลขข้อ (เช่น O36)');

    // A year the map did not know: ITA 2571 asks for the plan under O12.
    expect((await post('/admin/ita', { itaYear: '2571', documentKind: 'plan', oCode: 'O12', fiscalYearOffset: '0', labelTh: 'แผน', labelEn: 'Plan' })).statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: '/admin/ita?year=2571', headers: { cookie: coordinator } })).body).toMatch(/<th scope="row">O12 <span[^>]*>\(ยังไม่ยืนยัน\)/);
    const next = await app.inject({ method: 'GET', url: '/dashboard/ita?year=2571', headers: { cookie: coordinator } });
    expect(next.body).toContain('ไม่มีแผนปฏิบัติการป้องกันการทุจริตที่ครอบคลุมปีงบประมาณ 2571');

    const removed = await post('/admin/ita/delete', { itaYear: '2567', documentKind: 'six_month' });
    expect(removed.headers.location).toBe('/admin/ita?year=2567&done=removed');
    expect((await download('year=2567')).pack.entries.map((e) => e.oCode)).toEqual(['O36', 'O37', 'O38']);
    expect((await db.pool.query("SELECT 1 FROM audit_log WHERE action = 'ita_item_removed'")).rowCount).toBe(1);

    expect((await app.inject({ method: 'GET', url: '/admin/ita', headers: { cookie: await cookie('legal') } })).statusCode).toBe(403);
  });
});

/**
 * The previous year (O38: the annual report of FY2566) never ran in the system. Once its results are entered from
 * the old report, the pack carries that year's annual report compiled from them, rendered by the report's own
 * renderers and marked in Thai as compiled after the fact, by whom and when, with the gap that the signed original is
 * still to be attached; without entries the gap stays "no report".
 */
describe('the previous year compiled from the results entered after the fact', () => {
  test('O38 holds the compiled report (HTML and Word) with who entered it, and names what is still missing', async () => {
    const plan = (await db.pool.query<{ id: number }>('SELECT id FROM plans WHERE organization_id = $1', [organizationId])).rows[0]!;
    const items = (
      await db.pool.query<{ code: string; amount: string | null }>(
        `SELECT i.code, b.amount FROM items i JOIN item_budgets b ON b.item_id = i.id AND b.fiscal_year = 2566
           JOIN plans p ON p.current_version_id = i.plan_version_id WHERE p.id = $1 ORDER BY i.dimension, i.seq`,
        [plan.id],
      )
    ).rows;
    expect(items.length).toBeGreaterThan(2);
    const [first, second] = items as [{ code: string; amount: string | null }, { code: string; amount: string | null }];
    const enter = (code: string, status: string, spent: number | null, result: string, at: string) =>
      db.pool.query(
        `INSERT INTO earlier_year_results (organization_id, plan_id, item_code, fiscal_year, status, budget_spent, result_text, recorded_by, recorded_at)
         VALUES ($1, $2, $3, 2566, $4, $5, $6, $7, $8)`,
        [organizationId, plan.id, code, status, spent, result, people.coordinator, at],
      );
    await enter(first.code, 'done', first.amount === null ? null : Number(first.amount), 'จัดอบรมครบตามแผน ผู้เข้าร่วม ๔๕ คน', '2026-11-20T03:00:00Z');
    await enter(second.code, 'in_progress', null, '', '2026-11-21T03:00:00Z');

    const { entries, pack } = await download('year=2567');
    const o38 = pack.entries.find((e) => e.oCode === 'O38')!;
    expect(o38.document).toMatchObject({ type: 'compiled', fiscalYear: 2566, recordedBy: ['นางสาวชฎา กิจดี'], url: null, publishedAt: null });
    const codes = o38.gaps.map((g) => [g.code, g.item?.code ?? null]);
    expect(codes).not.toContainEqual(['document_missing', null]);
    expect(codes).toContainEqual(['report_compiled_from_entries', null]);
    expect(codes).toContainEqual(['head_approval_missing', null]);
    // The entered result counts; the item entered without one, and every item not entered, has none.
    expect(codes).not.toContainEqual(['item_no_result', first.code]);
    expect(codes).toContainEqual(['item_no_result', second.code]);
    expect(o38.gaps.find((g) => g.code === 'report_compiled_from_entries')!.th).toContain('บันทึกโดย นางสาวชฎา กิจดี');

    const files = o38.document!.files.map((f) => f.path);
    expect(files).toHaveLength(2);
    expect(files.every((f) => /^O38-annual-2566\/khek-noi-annual-2566-compiled-[0-9a-f]{8}\.(html|docx)$/.test(f))).toBe(true);
    const html = strFromU8(entries[files.find((f) => f.endsWith('.html'))!]!);
    expect(html).toContain('class="compiled-note"');
    expect(html).toContain('เอกสารนี้รวบรวมจากผลการดำเนินงานที่บันทึกย้อนหลังจากรายงานฉบับเดิม');
    expect(html).toContain('บันทึกโดย นางสาวชฎา กิจดี เมื่อ ๒๐ พฤศจิกายน ๒๕๖๙ – ๒๑ พฤศจิกายน ๒๕๖๙');
    expect(html).toContain('จัดอบรมครบตามแผน ผู้เข้าร่วม ๔๕ คน');
    // Nobody signed the compilation: the mayor's name is not put under it.
    expect(html).not.toContain('นายประเสริฐ มั่นคงดี');
    const docx = unzipSync(entries[files.find((f) => f.endsWith('.docx'))!]!);
    expect(strFromU8(docx['word/document.xml']!)).toContain('เอกสารนี้รวบรวมจากผลการดำเนินงานที่บันทึกย้อนหลังจากรายงานฉบับเดิม');
    const readme = strFromU8(entries['README.txt']!);
    expect(readme).toContain('รวบรวมจากผลที่บันทึกย้อนหลัง โดย นางสาวชฎา กิจดี');
    const page = await app.inject({ method: 'GET', url: '/dashboard/ita?year=2567', headers: { cookie: await cookie('coordinator') } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('รวบรวมจากผลที่บันทึกย้อนหลัง โดย นางสาวชฎา กิจดี');
  });

  test('the old report uploaded on the earlier-years page goes into O38 beside the compilation, as uploaded', async () => {
    const coordinator = await cookie('coordinator');
    const form = await app.inject({ method: 'GET', url: '/golive/earlier-years?fy=2566', headers: { cookie: coordinator } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('ยังไม่ได้แนบ');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const original = Buffer.from('%PDF-1.4\n% signed FY2566 report\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const body = multipart([
      { name: 'csrf', value: csrf },
      { name: 'report', filename: 'annual-report-2566-signed.pdf', type: 'application/pdf', bytes: original },
    ]);
    const upload = await app.inject({
      method: 'POST',
      url: '/golive/earlier-years/2566/report',
      headers: { cookie: coordinator, origin: 'https://sujarit.test', ...body.headers },
      payload: body.payload,
    });
    expect(upload.statusCode).toBe(303);
    expect(upload.headers.location).toBe('/golive/earlier-years?fy=2566&attached=1');

    const { entries, pack } = await download('year=2567');
    const o38 = pack.entries.find((e) => e.oCode === 'O38')!;
    expect(o38.document).toMatchObject({ type: 'compiled', original: { fileName: 'annual-report-2566-signed.pdf', uploadedBy: 'นางสาวชฎา กิจดี' } });
    expect(JSON.stringify(o38.document)).not.toContain('storageKey');
    expect(Buffer.from(entries['O38-annual-2566/original-annual-report-2566-signed.pdf']!)).toEqual(original);
    const codes = o38.gaps.map((g) => g.code);
    expect(codes).not.toContain('report_compiled_from_entries');
    expect(o38.gaps.find((g) => g.code === 'head_approval_missing')!.th).toContain('ให้ตรวจลายมือชื่อในรายงานฉบับเดิมที่แนบ (annual-report-2566-signed.pdf)');
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { loadConfig, type Config } from '../../config';
import { DEMO_PEOPLE, seedDemoPeople } from '../../db/dev-seed';
import { storePlanVersion } from '../../db/plan-store';
import { applyItemYearState, ensureItemYears, upsertItemYearSteps } from '../../db/queries/item-years';
import type { ItemYearState } from '../../workflows/item-year/messages';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { connectTestClient, type TestClient } from '../setup/temporal';
import { loadSeedPlan, sessionCookieHeader } from '../support/system';

/**
 * The e-PlanNACC round export of the demo organisation (the Khek Noi plan and people `npm start` seeds), through the
 * CLI as a separate process and through the dashboard's download. Four item-years carry what their workflows
 * would have projected, at fixed dates of FY2570; the other 33 were started and nothing happened yet.
 */

const REPO = path.join(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const ORG = 'khek-noi';

let db: FreshDatabase;
let temporal: TestClient;
let app: FastifyInstance;
let config: Config;
let scratch: string;
const people: Record<string, number> = {};

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [path.join(REPO, 'cli/main.ts'), ...args], {
      cwd: REPO,
      env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: scratch, NODE_ENV: 'test' },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const at = (iso: string) => Date.parse(iso);

/** Writes an item-year's projection as the workflow's recordItemYear does, then its start and end instants. */
async function project(code: string, state: Partial<ItemYearState> & Pick<ItemYearState, 'status' | 'phase'>, completedAt: string | null = null) {
  const { rows } = await db.pool.query<{ id: number; workflowId: string }>(
    `SELECT id, workflow_id AS "workflowId" FROM item_years WHERE item_code = $1 AND fiscal_year = 2570`,
    [code],
  );
  const full: ItemYearState = {
    workflowId: rows[0]!.workflowId,
    revision: 5,
    ownerPersonId: people.legal!,
    steps: [],
    budgetSpent: null,
    decisions: [],
    history: [],
    processedIds: [],
    ...state,
  };
  expect(await applyItemYearState(db.pool, rows[0]!.id, full)).toBe(true);
  await upsertItemYearSteps(db.pool, rows[0]!.id, full.steps);
  // The projection stamps completion with the database clock; these runs finished on the dates of the fixture.
  await db.pool.query('UPDATE item_years SET started_at = $2, completed_at = $3 WHERE id = $1', [
    rows[0]!.id,
    '2026-09-30T17:00:00Z',
    completedAt,
  ]);
}

const step = (key: string, dueAt: string, completedAt?: string) => ({
  key,
  ordinal: Number(key.slice(1)),
  text: `ขั้นตอน ${key}`,
  phase: 'execution' as const,
  dueAtMs: at(dueAt),
  status: completedAt ? ('done' as const) : ('pending' as const),
  ...(completedAt ? { completedAtMs: at(completedAt) } : {}),
});

beforeAll(async () => {
  db = await freshDatabase();
  temporal = await connectTestClient();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'sujarit-eplannacc-'));
  config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_SECRET: 'x'.repeat(40) });
  app = await buildApp({ config, pool: db.pool, temporal: temporal.client as Client });

  const stored = await storePlanVersion(db.pool, {
    organizationSlug: ORG,
    plan: await loadSeedPlan(),
    loadKey: 'test:eplannacc',
    sourceName: 'khek-noi.plan.json',
    sourceSha256: 'test',
    loadedBy: 'test',
  });
  await seedDemoPeople(db.pool, stored.organizationId, ORG);
  const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM people WHERE organization_id = $1 ORDER BY id', [stored.organizationId]);
  DEMO_PEOPLE.forEach((p, i) => {
    people[p.key] = rows[i]!.id;
  });
  // What `fy start 2570` creates before any workflow has written.
  await ensureItemYears(db.pool, {
    organizationId: stored.organizationId,
    planId: stored.planId,
    fiscalYear: 2570,
    workflowIdPrefix: `item-year:${ORG}:${stored.planId}:`,
  });

  // 1.1 (15,000 baht): evaluated on 1 February with 12,500 baht spent, report acknowledged on 15 February.
  await project(
    '1.1',
    {
      status: 'completed',
      phase: 'completed',
      proposal: { memo: 'อบรมกฎหมาย', budget: 15_000, startDate: '2026-11-01', endDate: '2027-01-31', round: 1 },
      budgetSpent: 12_500,
      evaluation: { indicatorResults: [], budgetSpent: 12_500, problems: '', suggestions: '' },
      steps: [step('s1', '2026-12-15T10:00:00Z', '2026-12-10T03:00:00Z')],
      history: [
        { atMs: at('2026-10-01T01:00:00Z'), event: 'phase:proposal' },
        { atMs: at('2026-10-20T01:00:00Z'), event: 'phase:execution' },
        { atMs: at('2027-02-01T01:00:00Z'), event: 'evaluation_submitted' },
        { atMs: at('2027-02-01T01:00:00Z'), event: 'phase:report' },
        { atMs: at('2027-02-15T03:00:00Z'), event: 'phase:completed' },
      ],
    },
    '2027-02-15T03:00:00Z',
  );
  // 1.3 (ไม่ใช้งบประมาณ): a measure under way from October, its check-ins done, completed on 1 July; no amount ever.
  await project(
    '1.3',
    {
      status: 'completed',
      phase: 'completed',
      evaluation: { indicatorResults: [], budgetSpent: null, problems: '', suggestions: '' },
      steps: [step('s1', '2026-12-31T09:00:00Z', '2026-12-20T03:00:00Z'), step('s2', '2027-03-31T09:00:00Z', '2027-03-25T03:00:00Z')],
      history: [
        { atMs: at('2026-10-05T01:00:00Z'), event: 'phase:execution' },
        { atMs: at('2027-06-20T01:00:00Z'), event: 'evaluation_submitted' },
        { atMs: at('2027-06-20T01:00:00Z'), event: 'phase:report' },
        { atMs: at('2027-07-01T03:00:00Z'), event: 'phase:completed' },
      ],
    },
    '2027-07-01T03:00:00Z',
  );
  // 1.4 (15,000 baht): under way from December, 3,000 baht with its first step in January, cancelled on 10 May.
  await project(
    '1.4',
    {
      status: 'cancelled',
      phase: 'cancelled',
      proposal: { memo: 'ป้องกันผลประโยชน์ทับซ้อน', budget: 15_000, startDate: '2027-01-05', round: 1 },
      budgetSpent: 3_000,
      cancelReason: 'ไม่ได้รับการจัดสรรงบประมาณ',
      steps: [step('s1', '2027-01-31T10:00:00Z', '2027-01-20T03:00:00Z'), step('s2', '2027-04-30T10:00:00Z')],
      history: [
        { atMs: at('2026-12-01T01:00:00Z'), event: 'phase:execution' },
        { atMs: at('2027-05-10T03:00:00Z'), event: 'phase:cancelled' },
      ],
    },
    '2027-05-10T03:00:00Z',
  );
  // 1.6 (25,000 baht): awaiting approval on 31 March, approved in April, 20,000 baht with a step on 1 June.
  await project('1.6', {
    status: 'in_progress',
    phase: 'execution',
    proposal: { memo: 'ฝึกอบรมคุณธรรม', budget: 25_000, startDate: '2027-04-01', round: 1 },
    budgetSpent: 20_000,
    steps: [step('s1', '2027-05-31T10:00:00Z', '2027-06-01T03:00:00Z'), step('s2', '2027-08-31T10:00:00Z')],
    history: [
      { atMs: at('2026-10-01T01:00:00Z'), event: 'phase:proposal' },
      { atMs: at('2027-03-20T01:00:00Z'), event: 'phase:approval' },
      { atMs: at('2027-04-05T01:00:00Z'), event: 'phase:execution' },
    ],
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await temporal?.close();
  await db?.drop();
  await rm(scratch, { recursive: true, force: true });
});

const OTHERS = { quarter: null, spent: null, status: 'not_reported' };

describe('export eplannacc (CLI)', () => {
  test('--json at 6 months: the statuses and amounts of 31 March, score (1 + 2 × 0.5) ÷ 37', async () => {
    const { code, stdout, stderr } = await cli(['export', 'eplannacc', '2570', '6', '--org', ORG, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['organization', 'fiscalYear', 'round', 'cutoff', 'score', 'items']);
    expect(json).toMatchObject({
      organization: { slug: ORG, name: 'องค์การบริหารส่วนตำบลเข็กน้อย' },
      fiscalYear: 2570,
      round: 6,
      cutoff: '2027-03-31',
    });
    expect(json.score).toBeCloseTo(2 / 37, 12);
    expect(json.items).toHaveLength(37);
    const items = new Map(json.items.map((i: { code: string }) => [i.code, i]));
    expect(items.get('1.1')).toEqual({
      code: '1.1',
      name: expect.stringContaining('โครงการพัฒนาความรู้ด้านกฎหมาย'),
      kind: 'project',
      dimension: 1,
      targetGroup: 'บุคลากร ผู้บริหาร และสมาชิกสภาองค์การบริหารส่วนตำบลเชิงน้อย จำนวนไม่เกิน ๗๘ คน',
      quarter: 1,
      budget: 15_000,
      spent: 12_500,
      status: 'done',
    });
    expect(items.get('1.3')).toMatchObject({ kind: 'measure', quarter: 1, budget: null, spent: null, status: 'in_progress' });
    expect(items.get('1.4')).toMatchObject({ quarter: 2, budget: 15_000, spent: 3_000, status: 'in_progress' });
    // Its only amount came in June: unknown on 31 March, so null, not 0.
    expect(items.get('1.6')).toMatchObject({ quarter: 3, budget: 25_000, spent: null, status: 'not_reported' });
    for (const item of json.items.filter((i: { code: string }) => !['1.1', '1.3', '1.4', '1.6'].includes(i.code))) {
      expect(item).toMatchObject(OTHERS);
    }
  });

  test('--json at 12 months: 30 September, score (2 + 1 × 0.5) ÷ 37', async () => {
    const { code, stdout } = await cli(['export', 'eplannacc', '2570', '12', '--org', ORG, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ round: 12, cutoff: '2027-09-30' });
    expect(json.score).toBeCloseTo(2.5 / 37, 12);
    const items = new Map(json.items.map((i: { code: string }) => [i.code, i]));
    expect(items.get('1.1')).toMatchObject({ status: 'done', spent: 12_500 });
    expect(items.get('1.3')).toMatchObject({ status: 'done', spent: null });
    expect(items.get('1.4')).toMatchObject({ status: 'not_done', spent: 3_000 });
    expect(items.get('1.6')).toMatchObject({ status: 'in_progress', spent: 20_000 });
    expect(json.items.filter((i: { status: string }) => i.status === 'not_reported')).toHaveLength(33);
  });

  test('without --json: a Thai table with the score', async () => {
    const { code, stdout } = await cli(['export', 'eplannacc', '2570', '6', '--org', ORG]);
    expect(code).toBe(0);
    expect(stdout).toContain('องค์การบริหารส่วนตำบลเข็กน้อย ปีงบประมาณ 2570 รอบ 6 เดือน ข้อมูล ณ วันที่ 31 มีนาคม 2570');
    expect(stdout).toMatch(/^1\.4\s+โครงการ\s+ไตรมาสที่ 2\s+1\s+15,000\.00\s+3,000\.00\s+อยู่ระหว่างดำเนินการ\s+โครงการป้องกัน/m);
    expect(stdout).toMatch(/^1\.3\s+มาตรการ\s+ไตรมาสที่ 1\s+1\s+ไม่ใช้งบประมาณ\s+ยังไม่มีข้อมูล\s+อยู่ระหว่างดำเนินการ/m);
    expect(stdout).toMatch(/^ยังไม่รายงานผล\s+34 /m);
    expect(stdout).toContain('= 0.0541 (5.41%)');
  });

  test('--format xlsx and csv write the same rows in e-PlanNACC order', async () => {
    const xlsx = path.join(scratch, 'round.xlsx');
    const csv = path.join(scratch, 'round.csv');
    expect((await cli(['export', 'eplannacc', '2570', '12', '--org', ORG, '--format', 'xlsx', '--out', xlsx])).code).toBe(0);
    expect((await cli(['export', 'eplannacc', '2570', '12', '--org', ORG, '--format', 'csv', '--out', csv])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(xlsx)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('รายการ')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'ลำดับ',
      'ประเภท',
      'ชื่อโครงการ/กิจกรรม/มาตรการ',
      'ปีงบประมาณ',
      'ไตรมาส',
      'มิติ',
      'กลุ่มเป้าหมาย',
      'งบประมาณ (บาท)',
      'สถานะการดำเนินการ',
      'งบประมาณที่ใช้จ่ายจริง (บาท)',
    ]);
    expect(sheet.rowCount).toBe(38);
    const row14 = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(row14).toEqual(['1.4', 'โครงการ', expect.stringContaining('ผลประโยชน์ทับซ้อน'), 2570, 2, 1, expect.stringContaining('คน'), 15_000, 'ไม่สามารถดำเนินการได้', 3_000]);
    const summary = workbook.getWorksheet('สรุป')!;
    expect(summary.getRow(summary.rowCount).getCell(2).value).toBeCloseTo(2.5 / 37, 12);

    const text = await readFile(csv, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('ลำดับ,ประเภท,ชื่อโครงการ/กิจกรรม/มาตรการ,ปีงบประมาณ,ไตรมาส,มิติ,กลุ่มเป้าหมาย,งบประมาณ (บาท),สถานะการดำเนินการ,งบประมาณที่ใช้จ่ายจริง (บาท)');
    expect(lines[2]).toMatch(/^1\.3,มาตรการ,.*,2570,1,1,[^,]*คน,ไม่ใช้งบประมาณ,ดำเนินการแล้วเสร็จ,ยังไม่มีข้อมูล$/);
    expect(lines[3]).toMatch(/^1\.4,โครงการ,.*,2570,2,1,[^,]*คน,15000\.00,ไม่สามารถดำเนินการได้,3000\.00$/);
  });

  test.each([
    [['2570', '6', '--org', 'no-such-org', '--json'], /ไม่พบองค์กร no-such-org \/ organisation not found: no-such-org/],
    [['2570', '7', '--org', ORG, '--json'], /รอบการรายงานต้องเป็น 6 หรือ 12.* \/ the round must be 6 or 12/],
    [['25x0', '6', '--org', ORG, '--json'], /ปีงบประมาณไม่ถูกต้อง.* \/ invalid fiscal year/],
    [['2560', '6', '--org', ORG, '--json'], /ไม่มีแผนที่ครอบคลุมปีงบประมาณ 2560 \/ khek-noi has no plan covering fiscal year 2560/],
    [['2570', '6', '--json'], /ต้องระบุองค์กรด้วย --org/],
    [['2570', '6', '--org', ORG, '--format', 'pdf'], /รูปแบบไฟล์ต้องเป็น json, xlsx หรือ csv.* \/ the format must be json, xlsx or csv/],
  ])('bad input %j exits 2 with a Thai and English reason', async (args, reason) => {
    const result = await cli(['export', 'eplannacc', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(reason);
  });
});

describe('the dashboard download', () => {
  const url = '/dashboard/eplannacc?fy=2570&round=12&format=json';

  test("the coordinator and the administrator get their organisation's round; nobody else does", async () => {
    const coordinator = await sessionCookieHeader(db.pool, config, people.coordinator!);
    const response = await app.inject({ url, headers: { cookie: coordinator } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="sujarit-eplannacc-khek-noi-2570-12m.json"');
    const viaCli = JSON.parse((await cli(['export', 'eplannacc', '2570', '12', '--org', ORG, '--json'])).stdout);
    expect(response.json()).toEqual(viaCli);

    const xlsx = await app.inject({ url: '/dashboard/eplannacc?fy=2570&round=6', headers: { cookie: coordinator } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const page = await app.inject({ url: '/dashboard?fy=2570', headers: { cookie: coordinator } });
    expect(page.body).toContain('action="/dashboard/eplannacc"');

    for (const key of ['legal', 'mayor', 'palad', 'auditor']) {
      const cookie = await sessionCookieHeader(db.pool, config, people[key]!);
      expect((await app.inject({ url, headers: { cookie } })).statusCode).toBe(403);
    }
    const mayorPage = await app.inject({ url: '/dashboard?fy=2570', headers: { cookie: await sessionCookieHeader(db.pool, config, people.mayor!) } });
    expect(mayorPage.statusCode).toBe(200);
    expect(mayorPage.body).not.toContain('action="/dashboard/eplannacc"');
    const anonymous = await app.inject({ url });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/signin/);
  });

  test('a bad round is a page with the reason in Thai', async () => {
    const coordinator = await sessionCookieHeader(db.pool, config, people.coordinator!);
    const response = await app.inject({ url: '/dashboard/eplannacc?fy=2570&round=9', headers: { cookie: coordinator } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('รอบการรายงานต้องเป็น 6 หรือ 12');
  });
});

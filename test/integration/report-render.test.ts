import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import {
  PdfPrinter,
  REPORT_FORMATS,
  createReportVersion,
  loadReportSnapshot,
  publishReportVersion,
  renderReport,
  renderReportFiles,
  takeReportSnapshot,
} from '../../activities/reports';
import { readPackagePart } from '../../activities/reports/zip';
import { storePlanVersion } from '../../db/plan-store';
import * as q from '../../db/queries/reports';
import { canonicalPlanSchema } from '../../domain/plan';
import { buildReportModel, reportRows } from '../../domain/report';
import { LocalFileStore, contentKey, readAll } from '../../services/files';
import { freshDatabase, type FreshDatabase } from '../setup/db';

/** Runs a poppler-utils program; a machine without the Debian package is told what to install, not ENOENT. */
function poppler(program: 'pdftotext' | 'pdfinfo' | 'pdftoppm', args: string[]): string {
  try {
    return execFileSync(program, args, { encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `ไม่พบ ${program} ในเครื่องนี้ ติดตั้งด้วย apt-get install poppler-utils / ${program} is missing: apt-get install poppler-utils`,
        { cause: err },
      );
    }
    throw err;
  }
}

const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'reports');
const TITLE_SIX_MONTH =
  'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ (๑ ตุลาคม ๒๕๖๙ – ๓๑ มีนาคม ๒๕๗๐)';

describe('report documents from Postgres', () => {
  let db: FreshDatabase;
  let printer: PdfPrinter;
  let filesDir: string;
  let files: LocalFileStore;
  let organizationId: number;
  let planId: number;
  let reportId: number;

  async function itemYear(code: string, values: Record<string, unknown>): Promise<number> {
    const { rows } = await db.pool.query<{ id: number }>(
      `INSERT INTO item_years (workflow_id, organization_id, plan_id, item_id, item_code, fiscal_year, unit_key, status,
                               phase, budget_planned, budget_spent, problems, suggestions, cancel_reason, state,
                               started_at, completed_at)
       SELECT 'item-year:test:' || i.code, $1, $2, i.id, i.code, 2570, i.responsible_unit_key, $4, $5, b.amount, $6, $7,
              $8, $9, $10, '2026-09-30T17:00:00Z', $11
       FROM items i JOIN plans p ON p.current_version_id = i.plan_version_id
       JOIN item_budgets b ON b.item_id = i.id AND b.fiscal_year = 2570
       WHERE p.id = $2 AND i.code = $3
       RETURNING id`,
      [
        organizationId,
        planId,
        code,
        values.status,
        values.phase,
        values.budgetSpent ?? null,
        values.problems ?? null,
        values.suggestions ?? null,
        values.cancelReason ?? null,
        JSON.stringify(values.state ?? {}),
        values.completedAt ?? null,
      ],
    );
    return rows[0]!.id;
  }

  beforeAll(async () => {
    db = await freshDatabase();
    printer = new PdfPrinter();
    filesDir = mkdtempSync(path.join(os.tmpdir(), 'sujarit-report-files-'));
    files = new LocalFileStore(filesDir);
    const plan = canonicalPlanSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'data', 'seed', 'khek-noi.plan.json'), 'utf8')));
    const stored = await storePlanVersion(db.pool, {
      organizationSlug: 'khek-noi',
      plan,
      loadKey: 'report-test',
      sourceName: 'khek-noi.plan.json',
      sourceSha256: '0'.repeat(64),
      loadedBy: 'test',
    });
    organizationId = stored.organizationId;
    planId = stored.planId;

    const person = async (name: string, title: string, role: string, acting = false) => {
      const { rows } = await db.pool.query<{ id: number }>(
        'INSERT INTO people (organization_id, full_name, position_title) VALUES ($1, $2, $3) RETURNING id',
        [organizationId, name, title],
      );
      await db.pool.query('INSERT INTO role_assignments (organization_id, person_id, role, acting) VALUES ($1, $2, $3, $4)', [
        organizationId,
        rows[0]!.id,
        role,
        acting,
      ]);
    };
    await person('นางสาวชฎา กิจดี', 'นักวิเคราะห์นโยบายและแผน', 'coordinator');
    await person('นายเกียรติ ทองดี', 'หัวหน้าสำนักปลัด', 'palad', true);
    await person('นายประเสริฐ มั่นคงดี', 'นายกองค์การบริหารส่วนตำบลเข็กน้อย', 'mayor');

    const done = await itemYear('1.1', {
      status: 'completed',
      phase: 'completed',
      budgetSpent: 12345.5,
      problems: 'ผู้เข้าร่วมอบรมน้อยกว่าเป้าหมาย',
      suggestions: 'ประชาสัมพันธ์ล่วงหน้า',
      completedAt: '2027-02-10T03:00:00Z',
      state: {
        history: [
          { atMs: Date.parse('2026-10-01T01:00:00Z'), event: 'phase:proposal' },
          { atMs: Date.parse('2026-11-01T01:00:00Z'), event: 'phase:execution' },
          { atMs: Date.parse('2027-01-20T01:00:00Z'), event: 'evaluation_submitted' },
          { atMs: Date.parse('2027-02-10T03:00:00Z'), event: 'phase:completed' },
        ],
        evaluation: { budgetSpent: 12345.5, problems: 'ผู้เข้าร่วมอบรมน้อยกว่าเป้าหมาย', suggestions: 'ประชาสัมพันธ์ล่วงหน้า', indicatorResults: [] },
      },
    });
    await db.pool.query(`INSERT INTO indicator_results (item_year_id, ordinal, value, text, met) VALUES ($1, 1, 2, '', true)`, [done]);
    await db.pool.query(
      `INSERT INTO evidence_files (id, item_year_id, step_key, file_name, content_type, size_bytes, sha256, uploaded_at)
       VALUES ('00000000-0000-4000-8000-0000000000aa', $1, 's1', 'ภาพการอบรม.pdf', 'application/pdf', 1200, $2, '2026-12-05T03:00:00Z')`,
      [done, 'd'.repeat(64)],
    );
    const running = await itemYear('1.4', {
      status: 'in_progress',
      phase: 'execution',
      budgetSpent: 5000.25,
      state: { history: [{ atMs: Date.parse('2026-11-10T01:00:00Z'), event: 'phase:execution' }] },
    });
    await db.pool.query(
      `INSERT INTO item_year_steps (item_year_id, step_key, ordinal, text, phase, status, completed_at)
       VALUES ($1, 's1', 1, 'จัดอบรม', 'execution', 'done', '2026-12-01T03:00:00Z'),
              ($1, 's2', 2, 'ติดตามผล', 'execution', 'pending', NULL)`,
      [running],
    );
    await itemYear('1.6', {
      status: 'cancelled',
      phase: 'cancelled',
      budgetSpent: 0,
      cancelReason: 'ไม่ได้รับการจัดสรรงบประมาณ',
      completedAt: '2027-01-15T03:00:00Z',
    });
    await itemYear('1.8', { status: 'in_progress', phase: 'proposal' });
  }, 60_000);

  afterAll(async () => {
    await printer?.close();
    await db?.drop();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  /** A rendered file's bytes as the API serves them: from the file store, by the key its row keeps. */
  async function storedBytes(format: (typeof REPORT_FORMATS)[number]): Promise<Buffer> {
    const row = await q.findReportFile(db.pool, { reportId, format, lang: 'th' });
    return readAll(await files.get(row!.storagePath!));
  }

  it('freezes what Postgres holds into a snapshot with the plan, the item-years and the signatories', async () => {
    const snapshot = await takeReportSnapshot(db.pool, {
      organizationId,
      kind: 'six_month',
      fiscalYear: 2570,
      createdAt: new Date('2027-04-03T02:00:00Z'),
      recorded: { itaScore: 91.5 },
      evidenceBaseUrl: 'https://khek-noi.example/api/evidence/',
    });
    expect(Object.isFrozen(snapshot.items)).toBe(true);
    expect(snapshot.items).toHaveLength(37);
    expect(snapshot.signatories.palad).toEqual({ fullName: 'นายเกียรติ ทองดี', positionTitle: 'หัวหน้าสำนักปลัด', acting: true });
    const model = buildReportModel(snapshot);
    const rows = new Map(reportRows(model).map((r) => [r.code, r]));
    expect(rows.get('1.1')).toMatchObject({ status: 'done', budgetSpentSatang: 1_234_550, problems: 'ผู้เข้าร่วมอบรมน้อยกว่าเป้าหมาย' });
    expect(rows.get('1.1')!.evidence).toEqual([
      { fileName: 'ภาพการอบรม.pdf', url: 'https://khek-noi.example/api/evidence/00000000-0000-4000-8000-0000000000aa' },
    ]);
    expect(rows.get('1.1')!.results[0]).toMatchObject({ result: '๒ ครั้ง', met: true });
    expect(rows.get('1.4')).toMatchObject({ status: 'in_progress', budgetSpentSatang: 500_025 });
    expect(rows.get('1.6')!.statusText).toBe('ยกเลิก (ไม่ได้รับการจัดสรรงบประมาณ)');
    expect(rows.get('1.8')!.status).toBe('not_started');
    expect(model.dimensions.map((d) => d.summary.budgetPlannedSatang / 100)).toEqual([215_000, 45_000, 30_000, 45_000]);
    expect(model.overall).toMatchObject({ planned: 37, done: 1, inProgress: 1, cancelled: 1, notStarted: 34, budgetSpentSatang: 1_734_575 });
    expect(model.targets[0]).toMatchObject({ planned: '๙๘ คะแนน', recorded: '๙๑.๕ คะแนน' });
  });

  it('reports a fiscal year that has not started as all not started', async () => {
    const snapshot = await takeReportSnapshot(db.pool, {
      organizationId,
      kind: 'annual',
      fiscalYear: 2569,
      createdAt: new Date('2026-10-20T02:00:00Z'),
    });
    const model = buildReportModel(snapshot);
    expect(model.overall.planned).toBeGreaterThan(0);
    expect(model.overall.notStarted).toBe(model.overall.planned);
    expect(model.overall.budgetSpentSatang).toBe(0);
    await expect(
      takeReportSnapshot(db.pool, { organizationId, kind: 'annual', fiscalYear: 2575, createdAt: new Date('2031-10-20T02:00:00Z') }),
    ).rejects.toMatchObject({ code: 'NO_PLAN_FOR_FISCAL_YEAR' });
  });

  it('stores a version once per request key and renders every format from the stored snapshot', async () => {
    const input = {
      organizationId,
      kind: 'six_month' as const,
      fiscalYear: 2570,
      createdAt: new Date('2027-04-03T02:00:00Z'),
      recorded: { itaScore: 91.5 },
      evidenceBaseUrl: 'https://khek-noi.example/api/evidence',
      requestKey: 'report:khek-noi:six_month:2570:1',
    };
    const first = await createReportVersion(db.pool, input);
    const again = await createReportVersion(db.pool, input);
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ version: 1, status: 'draft' });
    reportId = first.id;

    const rendered = await renderReportFiles({ pool: db.pool, files }, reportId, { langs: ['th', 'en'], printer });
    expect(rendered.map((f) => `${f.lang}:${f.format}`).sort()).toEqual(
      ['th', 'en'].flatMap((lang) => REPORT_FORMATS.map((format) => `${lang}:${format}`)).sort(),
    );
    expect(rendered.find((f) => f.lang === 'th' && f.format === 'pdf')!.fileName).toBe('khek-noi-six-month-2570-v1.pdf');
    // The bytes live in the file store under their own hash; the row keeps only the key.
    for (const file of rendered) expect(file.storagePath).toBe(contentKey('reports', file.sha256));

    // Reproducible: rendering the snapshot read back from jsonb gives the stored bytes again, in every format.
    const snapshot = await loadReportSnapshot(db.pool, reportId);
    for (const format of REPORT_FORMATS) {
      const stored = await q.findReportFile(db.pool, { reportId, format, lang: 'th' });
      const again = await renderReport(snapshot, format, { lang: 'th', printer });
      expect({ format, sha256: again.sha256 }).toEqual({ format, sha256: stored!.sha256 });
      expect(stored!.bytes).toBeNull();
      expect(again.bytes.equals(await storedBytes(format))).toBe(true);
    }
  }, 120_000);

  it('writes a DOCX that opens again with the rows, in TH Sarabun New 16 pt', async () => {
    const docx = await storedBytes('docx');
    const xml = readPackagePart(docx, 'word/document.xml')!;
    expect(xml).toContain('w:orient="landscape"');
    const styles = readPackagePart(docx, 'word/styles.xml')!;
    expect(styles).toContain('w:ascii="TH Sarabun New"');
    expect(styles).toContain('<w:sz w:val="32"/>');
    expect(readPackagePart(docx, 'docProps/core.xml')).toContain('2027-04-03T02:00:00Z');
    const { value: text } = await mammoth.extractRawText({ buffer: docx });
    for (const expected of [
      'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน',
      'องค์การบริหารส่วนตำบลเข็กน้อย อำเภอเขาค้อ จังหวัดเพชรบูรณ์',
      '๑๒,๓๔๕.๕๐',
      'ยกเลิก (ไม่ได้รับการจัดสรรงบประมาณ)',
      'ไม่ใช้งบประมาณ',
      '๓๓๕,๐๐๐.๐๐',
      'ภาพการอบรม.pdf',
      'นายเกียรติ ทองดี',
      'รักษาราชการแทนปลัดองค์การบริหารส่วนตำบลเข็กน้อย',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('writes an XLSX whose sheets hold the item rows and the summary as numbers', async () => {
    const xlsx = await storedBytes('xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const items = workbook.getWorksheet('รายละเอียด')!;
    const rows: unknown[][] = [];
    items.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const byCode = new Map(rows.filter((r) => typeof r[2] === 'string' && /^\d+\.\d+$/.test(r[2] as string)).map((r) => [r[2], r]));
    expect(byCode.size).toBe(37);
    expect(byCode.get('1.1')!.slice(5, 8)).toEqual([15000, 12345.5, 'ดำเนินการแล้ว']);
    expect(byCode.get('1.3')![5]).toBe('ไม่ใช้งบประมาณ');
    const summary = workbook.getWorksheet('สรุป')!;
    const last = (summary.getRow(summary.rowCount).values as unknown[]).slice(1);
    expect(last).toEqual(['รวมทั้งสิ้น', 37, 1, 1, 34, 1, 2.7, 335000, 17345.75, 5.18]);
  });

  it('writes CSV with a byte order mark and exact amounts', async () => {
    const csv = await storedBytes('csv');
    expect(csv.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines).toHaveLength(39);
    expect(lines.find((l) => l.startsWith('1,1.1.1,1.1,'))).toContain(',15000.00,12345.50,ดำเนินการแล้ว,');
  });

  it('prints a PDF with the Thai text, and a page image to look at', async () => {
    // Printed here rather than read back, so a missing Chromium fails this test with ChromiumMissingError's message.
    const { bytes: pdf } = await renderReport(await loadReportSnapshot(db.pool, reportId), 'pdf', { lang: 'th', printer });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sujarit-report-'));
    try {
      const file = path.join(dir, 'report.pdf');
      writeFileSync(file, pdf);
      const text = poppler('pdftotext', ['-layout', file, '-']).replace(/\s+/g, ' ');
      for (const expected of [TITLE_SIX_MONTH, 'องค์การบริหารส่วนตำบลเข็กน้อย อำเภอเขาค้อ จังหวัดเพชรบูรณ์', 'ดำเนินการแล้ว', '๑๒,๓๔๕.๕๐', 'ยังไม่ได้ดำเนินการ']) {
        expect(text).toContain(expected);
      }
      const info = poppler('pdfinfo', [file]);
      expect(info).toMatch(/Page size:\s+841.9\d* x 59\d/);
      mkdirSync(ARTIFACTS, { recursive: true });
      poppler('pdftoppm', ['-png', '-r', '110', '-f', '3', '-l', '3', '-singlefile', file, path.join(ARTIFACTS, 'six-month-th-page3')]);
      expect(readFileSync(path.join(ARTIFACTS, 'six-month-th-page3.png')).length).toBeGreaterThan(10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('publishes one version at a time and supersedes the one before', async () => {
    const second = await createReportVersion(db.pool, {
      organizationId,
      kind: 'six_month',
      fiscalYear: 2570,
      createdAt: new Date('2027-04-10T02:00:00Z'),
      requestKey: 'report:khek-noi:six_month:2570:2',
    });
    expect(second.version).toBe(2);
    await publishReportVersion(db.pool, reportId, new Date('2027-04-20T02:00:00Z'));
    await publishReportVersion(db.pool, second.id, new Date('2027-04-25T02:00:00Z'));
    const all = await q.listReports(db.pool, { organizationId, kind: 'six_month', fiscalYear: 2570 });
    expect(all.map((r) => [r.version, r.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    expect((await q.findPublishedReport(db.pool, { organizationId, kind: 'six_month', fiscalYear: 2570 }))!.id).toBe(second.id);
  });

  it('maps ITA years to O-codes, with per-agency-group and per-organisation overrides', async () => {
    const codes = async (itaYear: number) =>
      (await q.listItaDocuments(db.pool, { organizationId, agencyGroup: 'sao', itaYear })).map((r) => [r.documentKind, r.oCode, r.fiscalYearOffset]);
    expect(await codes(2567)).toEqual([
      ['annual', 'O38', -1],
      ['plan', 'O36', 0],
      ['six_month', 'O37', 0],
    ]);
    expect(await codes(2565)).toEqual([
      ['annual', 'O41', -1],
      ['plan', 'O39', 0],
      ['six_month', 'O40', 0],
    ]);
    expect(await codes(2569)).toEqual([
      ['annual', 'O24', -1],
      ['plan', 'O23', 0],
    ]);
    // A group's row applies to the organisations of that group only.
    const groupRow = { organizationId: null, itaYear: 2569, documentKind: 'plan' as const, fiscalYearOffset: 0, labelTh: 'แผน', labelEn: 'Plan', confirmed: false };
    await q.upsertItaDocument(db.pool, { ...groupRow, agencyGroup: 'town_municipality', oCode: 'O30' });
    await q.upsertItaDocument(db.pool, { ...groupRow, agencyGroup: 'sao', oCode: 'O21' });
    expect(await codes(2569)).toEqual([
      ['annual', 'O24', -1],
      ['plan', 'O21', 0],
    ]);
    expect((await q.listItaDocuments(db.pool, { organizationId, agencyGroup: null, itaYear: 2569 })).map((r) => r.oCode)).toEqual(['O24', 'O23']);
    await q.upsertItaDocument(db.pool, {
      organizationId,
      itaYear: 2569,
      oCode: 'O25',
      documentKind: 'annual',
      fiscalYearOffset: -1,
      labelTh: 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี',
      labelEn: 'Annual report',
      confirmed: true,
    });
    expect(await codes(2569)).toEqual([
      ['annual', 'O25', -1],
      ['plan', 'O21', 0],
    ]);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PdfPrinter, renderReport, takeReportSnapshot } from '../../activities/reports';
import { readPackagePart } from '../../activities/reports/zip';
import { storePlanVersion } from '../../db/plan-store';
import { repairThaiPdfText } from '../../domain/importer/thai-pdf-repair';
import { canonicalPlanSchema } from '../../domain/plan';
import { buildReportModel, reportRows, summaryCells } from '../../domain/report';
import { freshDatabase, type FreshDatabase } from '../setup/db';

/**
 * The six-month report's DOCX and XLSX as an office suite lays them out: each is converted to PDF by LibreOffice
 * headless (Debian's libreoffice-writer-nogui and libreoffice-calc-nogui, with fonts-thai-tlwg for TH Sarabun New's
 * metric twin), and the result must stay within two pages of the report's own PDF and keep the text of every cell:
 * each item's code and name and each amount, read back with pdftotext.
 */

const ROOT = path.join(__dirname, '..', '..');

function whyNoLibreOffice(): string | undefined {
  try {
    execFileSync('soffice', ['--version'], { encoding: 'utf8', timeout: 60_000 });
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return undefined;
  } catch (err) {
    return `soffice or pdftotext did not answer (${(err as Error).message.split('\n')[0]}): apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-thai-tlwg poppler-utils`;
  }
}
const noLibreOffice = whyNoLibreOffice();
if (noLibreOffice) console.warn(`ข้ามการเปิดเอกสาร DOCX/XLSX ด้วย LibreOffice / office documents check skipped: ${noLibreOffice}`);
const office = noLibreOffice ? test.skip : test;

/** Converts with a profile of its own, so runs side by side (and a user's own LibreOffice) never share one. */
function convertToPdf(file: string, dir: string): string {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sujarit-lo-profile-'));
  try {
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
      { stdio: 'ignore', timeout: 180_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return path.join(dir, `${path.basename(file, path.extname(file))}.pdf`);
}

function pages(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
}

function text(pdf: string): string {
  return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).normalize('NFKC');
}

/**
 * Thai text read out of a PDF gains spaces and line breaks where the layout put them, and a tone mark drawn over
 * an upper vowel can come out after the next letter ("สิ น ้" for สิ้น): the importer's repair puts the marks back,
 * and the comparison ignores whitespace.
 */
function squeezed(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

function missingFrom(extracted: string, expected: string[]): string[] {
  const haystack = squeezed(repairThaiPdfText(extracted));
  return [...new Set(expected)].filter((e) => !haystack.includes(squeezed(e)));
}

/**
 * The converted DOCX's words column by column: pdftotext reads a table row line by line across its cells, so a name
 * wrapped over three lines comes out between the other cells' lines. Each word goes to the details table's column
 * its left edge falls in (the grid and the margin read from the document itself), then page by page, line by line.
 */
function docxColumns(pdf: string, docx: Buffer): string[] {
  const xml = readPackagePart(docx, 'word/document.xml')!;
  const grids = [...xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) => [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((g) => Number(g[1])));
  const details = grids.reduce((a, b) => (b.length >= a.length ? b : a));
  const left = Number(/<w:pgMar[^>]*w:left="(\d+)"/.exec(xml)![1]);
  const edges = details.map((_, i) => (left + details.slice(0, i + 1).reduce((a, b) => a + b, 0)) / 20);
  const columns = details.map(() => [] as string[]);
  const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  for (const page of bbox.split('<page ').slice(1)) {
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      text: m[3]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    }));
    words.sort((a, b) => Math.round(a.y) - Math.round(b.y) || a.x - b.x);
    for (const w of words) {
      const column = edges.findIndex((edge) => w.x < edge);
      columns[column === -1 ? columns.length - 1 : column]!.push(w.text);
    }
  }
  return columns.map((c) => c.join(' '));
}

describe('the report opened in LibreOffice', () => {
  let db: FreshDatabase;
  let printer: PdfPrinter;
  let dir: string;

  beforeAll(async () => {
    db = await freshDatabase();
    printer = new PdfPrinter();
    dir = mkdtempSync(path.join(os.tmpdir(), 'sujarit-office-'));
  });

  afterAll(async () => {
    await printer?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  office(
    'keeps the DOCX within two pages of the PDF and every item, name and amount in both DOCX and XLSX',
    async () => {
      const plan = canonicalPlanSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'data', 'seed', 'khek-noi.plan.json'), 'utf8')));
      const stored = await storePlanVersion(db.pool, {
        organizationSlug: 'khek-noi',
        plan,
        loadKey: 'office-test',
        sourceName: 'khek-noi.plan.json',
        sourceSha256: '0'.repeat(64),
        loadedBy: 'test',
      });
      // One finished item with its words and amount, so the longest cells of a real report are in the table.
      await db.pool.query(
        `INSERT INTO item_years (workflow_id, organization_id, plan_id, item_id, item_code, fiscal_year, unit_key, status,
                                 phase, budget_planned, budget_spent, problems, suggestions, started_at, completed_at)
         SELECT 'item-year:office:' || i.code, $1, $2, i.id, i.code, 2570, i.responsible_unit_key, 'completed', 'completed',
                b.amount, 12345.5, 'ผู้เข้าร่วมอบรมน้อยกว่าเป้าหมายเนื่องจากตรงกับฤดูเก็บเกี่ยว',
                'ควรจัดกิจกรรมนอกฤดูเก็บเกี่ยวและประชาสัมพันธ์ล่วงหน้า', '2026-09-30T17:00:00Z', '2027-02-10T03:00:00Z'
         FROM items i JOIN plans p ON p.current_version_id = i.plan_version_id
         JOIN item_budgets b ON b.item_id = i.id AND b.fiscal_year = 2570
         WHERE p.id = $2 AND i.code = '1.1'`,
        [stored.organizationId, stored.planId],
      );
      const snapshot = await takeReportSnapshot(db.pool, {
        organizationId: stored.organizationId,
        kind: 'six_month',
        fiscalYear: 2570,
        createdAt: new Date('2027-04-03T02:00:00Z'),
      });

      const files: Record<'pdf' | 'docx' | 'xlsx', string> = { pdf: '', docx: '', xlsx: '' };
      for (const format of ['pdf', 'docx', 'xlsx'] as const) {
        files[format] = path.join(dir, `six-month.${format}`);
        writeFileSync(files[format], (await renderReport(snapshot, format, { lang: 'th', printer })).bytes);
      }
      const fromDocx = convertToPdf(files.docx, path.join(dir, 'docx'));
      const fromXlsx = convertToPdf(files.xlsx, path.join(dir, 'xlsx'));

      const pdfPages = pages(files.pdf);
      const docxPages = pages(fromDocx);
      console.log(`หน้า / pages: PDF ${pdfPages}, DOCX in LibreOffice ${docxPages}, XLSX in LibreOffice ${pages(fromXlsx)}`);
      expect(docxPages).toBeLessThanOrEqual(pdfPages + 2);

      // The documents print Thai digits, the workbook Arabic ones (its amounts are numbers in a #,##0.00 format).
      const printed = buildReportModel(snapshot, { lang: 'th', digits: 'thai' });
      const workbook = buildReportModel(snapshot, { lang: 'th', digits: 'arabic' });
      expect(reportRows(printed)).toHaveLength(37);

      const docxText = text(fromDocx);
      const summaryAmounts = [...printed.dimensions.map((d) => d.summary), printed.overall].flatMap((s) =>
        summaryCells({ ...s, label: '' }, printed.style).slice(7, 9),
      );
      const columns = docxColumns(fromDocx, readFileSync(files.docx));
      const rows = reportRows(printed);
      const cellsOf = (index: number, of: (r: (typeof rows)[number]) => string) => missingFrom(columns[index]!, rows.map(of));
      expect({
        codes: cellsOf(0, (r) => r.codeText),
        names: cellsOf(1, (r) => r.name),
        planned: cellsOf(2, (r) => r.budgetPlannedText),
        spent: cellsOf(3, (r) => r.budgetSpentText),
        statuses: cellsOf(4, (r) => r.statusText),
        problems: cellsOf(6, (r) => r.problems),
      }).toEqual({ codes: [], names: [], planned: [], spent: [], statuses: [], problems: [] });
      // An amount on one line of the text is an amount its column holds without breaking it (๒๑๕,๐๐๐.๐๐ took three).
      const lines = new Set(docxText.split('\n').map((l) => l.trim()));
      expect(summaryAmounts.filter((a) => !lines.has(a))).toEqual([]);

      // pdftotext reads a wrapped cell's lines between its neighbours' (the workbook has no grid to sort them by, as
      // the DOCX has), so of each cell the start of its first line is what it must read whole: a code or amount
      // all of it, a name its first twelve characters. What the old layout cut off at a column's edge was the end.
      const xlsxText = text(fromXlsx);
      const start = (cell: string) => [...cell].slice(0, 12).join('');
      expect(
        missingFrom(xlsxText, reportRows(workbook).flatMap((r) => [r.code, r.name, r.budgetPlannedText, r.budgetSpentText, r.statusText].map(start))),
      ).toEqual([]);
    },
    300_000,
  );
});

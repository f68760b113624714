import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importPlanText } from '../../domain/importer';
import { pdfToPlanText } from '../../infra/pdf-text';
import { planImportStatus, startPlanImport, type PlanImportDeps, type PlanImportStatus } from '../../services/plan-import';
import { recordHistory } from '../support/histories';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

/**
 * A plan file imported by the plan-import workflow on the real dev server and Postgres: a four-page scan read by OCR
 * page by page (test/fixtures/make-scanned-pdf.ts), with its progress queried while it runs; a text file; and a PDF
 * with nothing to read.
 */

const FIXTURES = path.join(__dirname, '../fixtures');

// OCR of four 300 dpi pages takes minutes on a loaded machine.
jest.setTimeout(900_000);

let sys: TestSystem;
let deps: PlanImportDeps;

beforeAll(async () => {
  sys = await startTestSystem('plan-import');
  await sys.startWorker();
  deps = { pool: sys.db.pool, temporal: sys.client, taskQueue: sys.taskQueue };
});

afterAll(async () => {
  await sys?.close();
});

async function finished(importId: number, seen?: Set<string>): Promise<PlanImportStatus> {
  return eventually(
    `plan import ${importId} to finish`,
    async () => {
      const status = await planImportStatus(deps, importId, sys.organizationId).catch(() => undefined);
      if (status) seen?.add(`${status.progress.phase}:${status.progress.ocrPagesDone}/${status.progress.ocrPages}`);
      return status && (status.plan || status.error) ? status : undefined;
    },
    840_000,
  );
}

describe('the plan-import workflow', () => {
  test('reads a scan page by page, with progress, to the same items as the text of those pages', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'khek-noi-plan-scanned.pdf'));
    const { importId, workflowId } = await startPlanImport(deps, {
      organizationId: sys.organizationId,
      fileName: 'scan.pdf',
      bytes,
      requestedBy: 'test',
    });
    expect(workflowId).toBe(`plan-import:${importId}`);
    const seen = new Set<string>();
    const status = await finished(importId, seen);
    // The query answered while the OCR ran, and page counts only grew to the four pages.
    expect([...seen].some((s) => s.startsWith('ocr:') || s.startsWith('inspecting:'))).toBe(true);
    expect(status.progress).toMatchObject({ phase: 'done', ocrPages: 4, ocrPagesDone: 4 });
    expect(status.progress.summary).toMatchObject({ usable: true, items: 3 });

    const fromText = importPlanText(await pdfToPlanText(await readFile(path.join(FIXTURES, 'khek-noi-plan-scanned-source.pdf'))));
    const shape = (items: typeof fromText.items) => items.map((i) => [i.code, i.kind, i.responsibleSection]);
    expect(shape(status.plan!.items)).toEqual(shape(fromText.items));
    const ocrNumbers = status.plan!.findings.filter((f) => f.code === 'OCR_NUMBER');
    expect(ocrNumbers.length).toBe(status.progress.summary!.ocrNumbers);
    expect(ocrNumbers.every((f) => f.page !== undefined && f.page >= 1 && f.page <= 4)).toBe(true);

    // Every page was stored once, by the OCR activities.
    const pages = await sys.db.pool.query('SELECT page FROM plan_import_pages WHERE import_id = $1 ORDER BY page', [importId]);
    expect(pages.rows.map((r: { page: number }) => r.page)).toEqual([1, 2, 3, 4]);
    // Another organisation does not see it.
    expect(await planImportStatus(deps, importId, sys.organizationId + 1000)).toBeUndefined();
    await recordHistory(sys.client.workflow.getHandle(workflowId), 'plan-import-scan');
  });

  test('imports a text file without OCR, and says why a PDF with nothing to read is unusable', async () => {
    const text = await readFile(path.join(FIXTURES, 'khek-noi-plan.txt'));
    const started = await startPlanImport(deps, { organizationId: sys.organizationId, fileName: 'plan.txt', bytes: text, requestedBy: 'test' });
    const status = await finished(started.importId);
    expect(status.progress).toMatchObject({ phase: 'done', ocrPages: 0 });
    expect(status.plan!.items).toHaveLength(46);
    expect(status.plan!.items.filter((i) => i.responsibleSection === 'legal-affairs')).toHaveLength(28);

    const blank = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
        '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
    const empty = await startPlanImport(deps, { organizationId: sys.organizationId, fileName: 'blank.pdf', bytes: blank, requestedBy: 'test' });
    const refused = await finished(empty.importId);
    await recordHistory(sys.client.workflow.getHandle(empty.workflowId), 'plan-import-unusable');
    expect(refused.plan).toBeUndefined();
    expect(refused.error).toMatchObject({ code: 'EMPTY', message: expect.stringContaining('OCR'), messageEn: expect.stringContaining('holds no text') });
  });
});

describe('the coordinator’s upload page', () => {
  async function csrfOf(cookie: string): Promise<string> {
    const page = await sys.app.inject({ url: '/plans/import', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    return /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  }

  function upload(cookie: string, token: string | undefined, file: { name: string; bytes: Buffer }, years = '') {
    const boundary = '----plan-import-boundary';
    const parts = [
      ...(token === undefined ? [] : [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n`)]),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="years"\r\n\r\n${years}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ];
    return sys.app.inject({
      method: 'POST',
      url: '/plans/import',
      headers: { cookie, origin: sys.origin, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
  }

  test('uploads a plan with its CSRF token, follows it, and shows the items beside their findings', async () => {
    const cookie = sys.cookieFor('coordinator');
    const file = { name: 'plan.txt', bytes: await readFile(path.join(FIXTURES, 'khek-noi-plan.txt')) };
    expect((await upload(cookie, undefined, file)).statusCode).toBe(403);
    expect((await upload(cookie, await csrfOf(cookie), file, '2570-2566')).statusCode).toBe(400);
    // Only the coordinator and administrators import plans.
    expect((await sys.app.inject({ url: '/plans/import', headers: { cookie: sys.cookieFor('legal') } })).statusCode).toBe(403);

    const posted = await upload(cookie, await csrfOf(cookie), file, '2566-2570');
    expect(posted.statusCode).toBe(303);
    const location = posted.headers.location as string;
    expect(location).toMatch(/^\/plans\/import\/\d+$/);
    const body = await eventually('the upload page to show the items', async () => {
      const page = await sys.app.inject({ url: location, headers: { cookie } });
      expect(page.statusCode).toBe(200);
      return page.body.includes('<table class="data">') ? page.body : undefined;
    });
    expect(body).toContain('อ่านได้ 46 รายการ');
    expect(body).toContain('สำนักปลัด (งานกฎหมายและคดี)');
    // Each item's findings stand in its own row.
    const status = await planImportStatus(deps, Number(location.split('/').at(-1)), sys.organizationId);
    const finding = status!.plan!.findings.find((f) => f.item)!;
    const row = new RegExp(`<tr id="item-${finding.item!.replace('.', '\\.')}">[\\s\\S]*?</tr>`).exec(body)![0];
    expect(row).toContain(finding.messageEn.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').slice(0, 40));
    // Someone of another organisation, or a wrong id, finds nothing.
    expect((await sys.app.inject({ url: '/plans/import/999999', headers: { cookie } })).statusCode).toBe(404);
  });
});

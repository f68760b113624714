import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { PdfPrinter, createReportVersion, publishReportVersion, renderReportFiles } from '../../activities/reports';
import { reportKindSlug } from '../../domain/report-kind';
import { createFileStore } from '../../services/files';
import { DESKTOP, PHONE, startBrowserSystem, type BrowserSystem } from '../support/browser';

/**
 * The pages a citizen or an ITA assessor opens without signing in, checked in a real Chromium by axe-core (WCAG 2.x
 * A and AA rules): the organisation's transparency page, in Thai and in English, on a phone and a desktop, and a
 * published report's own page. No violation of impact "serious" or "critical" is allowed; the rest are printed.
 */

jest.setTimeout(180_000);

const FY = 2570;
let sys: BrowserSystem;
let printer: PdfPrinter;
let axeSource: string;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated by the browser's debugging protocol, which the pages' Content-Security-Policy (no inline script) does
  // not cover, so the check runs against the headers as served. A string: this project's TypeScript has no DOM types.
  await page.evaluate(`${axeSource}\n;undefined`);
  return page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
       .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
         nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  );
}

function serious(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function check(path: string, viewport: { width: number; height: number }): Promise<void> {
  const context = await sys.newContext(viewport);
  const page = await context.newPage();
  const response = await page.goto(`${sys.baseUrl}${path}`);
  expect(response?.status()).toBe(200);
  const violations = await axeViolations(page);
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length) process.stdout.write(`${path}: ${minor.map((v) => `${v.impact} ${v.id}`).join(', ')}\n`);
  expect(serious(violations)).toEqual([]);
  await context.close();
}

beforeAll(async () => {
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  sys = await startBrowserSystem('a11y');
  printer = new PdfPrinter();
  // A published six-month report, so the page lists a document with its files as an assessor finds it.
  const report = await createReportVersion(sys.db.pool, {
    organizationId: sys.organizationId,
    kind: 'six_month',
    fiscalYear: FY,
    requestKey: `a11y:six_month:${FY}`,
    createdAt: new Date(),
  });
  await renderReportFiles({ pool: sys.db.pool, files: createFileStore(sys.config) }, report.id, { printer });
  await publishReportVersion(sys.db.pool, report.id, new Date());
}, 180_000);

afterAll(async () => {
  await printer?.close();
  await sys?.closeAll();
});

describe('public pages pass axe-core with no serious or critical violation', () => {
  test('the transparency page, Thai, on a phone and a desktop', async () => {
    await check(`/public/${sys.organizationSlug}`, PHONE);
    await check(`/public/${sys.organizationSlug}`, DESKTOP);
  });

  test('the transparency page in English', async () => {
    await check(`/public/${sys.organizationSlug}?lang=en`, DESKTOP);
  });

  test('the check itself finds a serious violation when one is put on the page', async () => {
    const context = await sys.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/public/${sys.organizationSlug}`);
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="x.png"><button></button>')`);
    const found = serious(await axeViolations(page));
    expect(found.some((v) => v.includes('image-alt'))).toBe(true);
    expect(found.some((v) => v.includes('button-name'))).toBe(true);
    await context.close();
  });

  test('a published report’s page', async () => {
    await check(`/public/${sys.organizationSlug}/reports/${reportKindSlug('six_month')}/${FY}`, DESKTOP);
  });

  test('the published report itself, as HTML', async () => {
    await check(`/public/${sys.organizationSlug}/reports/${reportKindSlug('six_month')}/${FY}/html`, DESKTOP);
  });
});

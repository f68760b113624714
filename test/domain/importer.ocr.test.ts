import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertOcrAvailable } from '../../infra/pdf-ocr';
import { importPlanText, likeliestReading, misreadDistance, repairOcrText, UnusableDocumentError } from '../../domain/importer';
import type { CanonicalPlan, Finding } from '../../domain/plan';
import { pagesWithoutText, pdfToPlanDocument, pdfToPlanText, readPdfPages } from '../../infra/pdf-text';

/**
 * Four pages of the born-digital fixture as a scanner delivers them (image only, see
 * test/fixtures/make-scanned-pdf.ts), read by pdftoppm and tesseract as in production, against the same four
 * pages with their text layer.
 */
const FIXTURES = path.join(__dirname, '../fixtures');
const SCANNED = path.join(FIXTURES, 'khek-noi-plan-scanned.pdf');
const SOURCE = path.join(FIXTURES, 'khek-noi-plan-scanned-source.pdf');

let fromText: CanonicalPlan;
let fromScan: CanonicalPlan;
let ocrPages: readonly number[];

beforeAll(async () => {
  fromText = importPlanText(await pdfToPlanText(await readFile(SOURCE)));
  const scanned = await pdfToPlanDocument(await readFile(SCANNED));
  ocrPages = scanned.ocr?.pages ?? [];
  fromScan = importPlanText(scanned.text, scanned.ocr ? { ocr: scanned.ocr } : {});
}, 900_000);

const itemOf = (plan: CanonicalPlan, code: string) => plan.items.find((i) => i.code === code)!;
const ocrNumbers = (item?: string): Finding[] => fromScan.findings.filter((f) => f.code === 'OCR_NUMBER' && (item === undefined || f.item === item));

describe('a scanned plan read by OCR', () => {
  it('has no text layer, so every page is read by OCR', async () => {
    expect(pagesWithoutText(await readPdfPages(SCANNED))).toEqual([0, 1, 2, 3]);
    expect(ocrPages).toEqual([1, 2, 3, 4]);
    expect(fromScan.findings.find((f) => f.code === 'OCR_PAGES')).toMatchObject({ page: 1, severity: 'warning' });
  });

  it('gives the same items, kinds and sections as the text of the same pages', () => {
    const shape = (p: CanonicalPlan) => p.items.map((i) => [i.code, i.kind, i.responsibleUnit, i.responsibleSection]);
    expect(fromText.items.map((i) => i.code)).toEqual(['1.1', '1.6', '1.7']);
    expect(shape(fromScan)).toEqual(shape(fromText));
    expect(itemOf(fromScan, '1.6')).toMatchObject({ responsibleSection: 'legal-affairs', responsibleSectionText: 'งานกฎหมายและคดี' });
  });

  it('reads the plan years from the title, and the budgets as the text has them', () => {
    expect(fromScan.fiscalYears).toEqual(fromText.fiscalYears);
    const amounts = (p: CanonicalPlan) => p.items.map((i) => [...new Set(Object.values(i.budgetByYear))]);
    expect(amounts(fromScan)).toEqual(amounts(fromText));
  });

  it('flags every number it read with its page, and uses what the plan years settle', () => {
    const numbers = ocrNumbers();
    expect(numbers.length).toBeGreaterThan(20);
    for (const f of numbers) {
      expect(ocrPages).toContain(f.page);
      expect(f.found).toBeTruthy();
      expect(f.suggestion).toBeTruthy();
      expect(f.message).toContain(`หน้า ${f.page}`);
    }
    // ๖ comes out as อ, ๗ as ฒ: the title's ๒๕๖๖ and item 1.7's ๒๕๖๗ are put back.
    expect(numbers).toEqual(expect.arrayContaining([expect.objectContaining({ found: '๒๕ออ', suggestion: '๒๕๖๖', page: 1 })]));
    expect(ocrNumbers('1.7')).toEqual(expect.arrayContaining([expect.objectContaining({ found: '๒๕๒ฒ', suggestion: '๒๕๖๗', page: 4 })]));
    expect(ocrNumbers('1.1')).toEqual(expect.arrayContaining([expect.objectContaining({ found: '๒๕,๐๐๐', page: 3 })]));
  });

  it('gets the years right where the suggestions settle them, and flags every item whose years it may have wrong', () => {
    for (const item of fromText.items) {
      const scanned = itemOf(fromScan, item.code);
      const wrong = scanned.fiscalYears.filter((y) => !item.fiscalYears.includes(y)).length + item.fiscalYears.filter((y) => !scanned.fiscalYears.includes(y)).length;
      if (wrong > 0) expect(ocrNumbers(item.code).length).toBeGreaterThan(0);
    }
    expect(itemOf(fromScan, '1.6').fiscalYears).toContain(2570);
    expect(itemOf(fromScan, '1.7').fiscalYears).toContain(2567);
  });

  it('says in Thai and English which program is missing', async () => {
    const bytes = await readFile(SCANNED);
    const err = (await pdfToPlanDocument(bytes, { tesseract: 'tesseract-that-is-not-installed' }).catch((e: unknown) => e)) as UnusableDocumentError;
    expect(err).toBeInstanceOf(UnusableDocumentError);
    expect(err.code).toBe('OCR_UNAVAILABLE');
    expect(err.reasonTh).toContain('tesseract-ocr');
    expect(err.reasonEn).toContain('install the Debian package tesseract-ocr');
  });

  it('says so when tesseract has no Thai model, rather than read Thai as Latin', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'no-tha-'));
    try {
      // A tesseract that knows only English, as after installing tesseract-ocr without tesseract-ocr-tha.
      const fake = path.join(dir, 'tesseract');
      await writeFile(fake, '#!/bin/sh\necho \'List of available languages in "/tessdata/" (2):\'\necho eng\necho osd\n', { mode: 0o755 });
      const err = (await assertOcrAvailable({ tesseract: fake }).catch((e: unknown) => e)) as UnusableDocumentError;
      expect(err).toBeInstanceOf(UnusableDocumentError);
      expect(err.reasonTh).toContain('tesseract-ocr-tha');
      expect(err.reasonEn).toContain('no Thai model (tha)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('OCR numbers', () => {
  it('weighs a look-alike or a dropped digit the model cannot write lightly', () => {
    expect(misreadDistance('๒๕๖๖', '๒๕๖๖')).toBe(0);
    expect(misreadDistance('๒๕ออ', '๒๕๖๖')).toBeCloseTo(0.6);
    expect(misreadDistance('๒๕๐', '๒๕๗๐')).toBeCloseTo(0.5);
    expect(misreadDistance('๒๕๑๐', '๒๕๖๖')).toBeGreaterThan(1);
    expect(likeliestReading('๒๕๐', ['๒๕๖๖', '๒๕๖๗', '๒๕๖๘', '๒๕๖๙', '๒๕๗๐'])).toBe('๒๕๗๐');
    // ๒ may be a misread ๖ or ๘ alike: no single year is settled, and none is used.
    expect(likeliestReading('๒๕๒', ['๒๕๖๖', '๒๕๖๗', '๒๕๖๘', '๒๕๖๙', '๒๕๗๐'])).toBeUndefined();
  });

  it('repairs only the OCR lines: separators, ำ, and numbered headings', () => {
    const text = 'จํานวน ๒๐.๐๐๐ บาท\nลําดับที อ\nจํานวน ๒๐.๐๐๐ บาท';
    const { text: repaired, numbers } = repairOcrText({ text, ocr: { pages: [2], pageOfLine: [2, 2, 0] } }, [2566, 2567]);
    expect(repaired.split('\n')).toEqual(['จำนวน ๒๐,๐๐๐ บาท', 'ลำดับที่ ๖', 'จํานวน ๒๐.๐๐๐ บาท']);
    expect(numbers).toEqual([
      { line: 1, page: 2, found: '๒๐.๐๐๐', used: '๒๐,๐๐๐' },
      { line: 2, page: 2, found: 'อ', used: '๖' },
    ]);
  });
});

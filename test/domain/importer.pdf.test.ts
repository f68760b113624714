import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { detectFormat, importPlanBytes, importPlanText, UnusableDocumentError } from '../../domain/importer';
import type { CanonicalPlan } from '../../domain/plan';
import { pdfToPlanText } from '../../infra/pdf-text';

/**
 * The seed plan printed to PDF from its Word document by LibreOffice (test/fixtures/make-plan-pdfs.ts):
 * all portrait, and with Part 2 in a landscape section, its tables running across pages. The text comes
 * from poppler's pdftotext (Debian poppler-utils), as in production.
 */
const FIXTURES = path.join(__dirname, '../fixtures');

let fromText: CanonicalPlan;
let portraitText: string;
let landscapeText: string;
let portrait: CanonicalPlan;
let landscape: CanonicalPlan;

beforeAll(async () => {
  fromText = importPlanText(await readFile(path.join(FIXTURES, 'khek-noi-plan.txt'), 'utf8'));
  portraitText = await pdfToPlanText(await readFile(path.join(FIXTURES, 'khek-noi-plan.pdf')));
  landscapeText = await pdfToPlanText(await readFile(path.join(FIXTURES, 'khek-noi-plan-landscape.pdf')));
  portrait = importPlanText(portraitText);
  landscape = importPlanText(landscapeText);
}, 60000);

const withoutSpaces = (value: unknown) => JSON.stringify(value).replace(/ /g, '');
/** Items whose names differ from the text import, and only in spaces. */
const namesDifferingInSpaces = (plan: CanonicalPlan) =>
  plan.items.filter((item, i) => item.name !== fromText.items[i]!.name).map((item) => item.code);

describe('a plan exported from Word as a PDF', () => {
  it('is recognised by its bytes', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'khek-noi-plan.pdf'));
    expect(detectFormat(bytes, 'plan.txt')).toBe('pdf');
  });

  it('becomes text in the importer\'s layout: repaired Thai paragraphs and tab-separated table rows', () => {
    expect(landscapeText.startsWith('แผนปฏิบัติการป้องกันการทุจริต\n\nเพื่อยกระดับคุณธรรมและความโปร่งใส\n')).toBe(true);
    expect(landscapeText).toContain(
      '\n\nองค์การบริหารส่วนตำบลเข็กน้อยได้จัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส (พ.ศ. ๒๕๖๖ – ๒๕๗๐) ',
    );
    expect(landscapeText).toContain('ซึ่งจะส่งผลให้ประชาชนเกิดความเชื่อมั่นและศรัทธาในการทำงานของหน่วยงานมากยิ่งขึ้น\n\n');
    expect(landscapeText).toContain('\nค่าเป้าหมาย\tปี ๒๕๖๖\tปี ๒๕๖๗\tปี ๒๕๖๘\tปี ๒๕๖๙\tปี ๒๕๗๐\n');
    expect(landscapeText).toContain('\nคะแนน ITA\t๙๐ คะแนน\t๙๒ คะแนน\t๙๔ คะแนน\t๙๖ คะแนน\t๙๘ คะแนน\n');
    for (const text of [portraitText, landscapeText]) {
      expect(text).not.toMatch(/ป้ อง|หน่ วย|เป็ น|ดำเนิ น|ซึง่|ทัง้|ขึน\n/);
    }
  });

  it('with Part 2 in landscape imports to the same items as the text: codes, kinds, budgets, units, missions', () => {
    expect(landscape.items.map((i) => i.code)).toEqual(fromText.items.map((i) => i.code));
    expect(landscape.items.map(({ kind, budgetByYear, fiscalYears, responsibleUnit, mission, dimension, seq }) => ({ kind, budgetByYear, fiscalYears, responsibleUnit, mission, dimension, seq }))).toEqual(
      fromText.items.map(({ kind, budgetByYear, fiscalYears, responsibleUnit, mission, dimension, seq }) => ({ kind, budgetByYear, fiscalYears, responsibleUnit, mission, dimension, seq })),
    );
    expect(landscape.items.map((i) => [i.steps.map((s) => s.phase), i.indicators.map((d) => [d.kind, d.target])])).toEqual(
      fromText.items.map((i) => [i.steps.map((s) => s.phase), i.indicators.map((d) => [d.kind, d.target])]),
    );
    expect(landscape.dimensions).toEqual(fromText.dimensions);
    expect(landscape.statedTotals).toEqual(fromText.statedTotals);
    expect(landscape.missions.map((m) => m.code)).toEqual(fromText.missions.map((m) => m.code));
    const missionNamesDiffer = landscape.missions
      .filter((m, i) => withoutSpaces(m.name) !== withoutSpaces(fromText.missions[i]!.name))
      .map((m) => m.code);
    expect(missionNamesDiffer).toEqual(['2.3.2']);
    expect(landscape.targets).toEqual(fromText.targets);
    expect(landscape.fiscalYears).toEqual(fromText.fiscalYears);
    expect(landscape.organization).toEqual(fromText.organization);
    expect(landscape.title).toBe(fromText.title);
  });

  it('keeps the words of names, steps, indicators and risks; only spaces at wrapped lines and two spellings differ', () => {
    // A PDF does not say whether a Thai line broke at a space; the text joins Thai lines without one.
    expect(withoutSpaces(landscape.items.map((i) => i.name))).toBe(withoutSpaces(fromText.items.map((i) => i.name)));
    expect(namesDifferingInSpaces(landscape)).toEqual(['1.1', '1.3', '1.9', '1.14', '2.1', '2.2']);
    expect(landscape.items.find((i) => i.code === '1.1')!.name).toContain('สำหรับบุคลากรองค์กรปกครองส่วนท้องถิ่น');
    expect(withoutSpaces(landscape.risks)).toBe(withoutSpaces(fromText.risks));
    const wordsDiffer = (plan: CanonicalPlan) =>
      plan.items.filter((item, i) => withoutSpaces([item.steps, item.indicators]) !== withoutSpaces([fromText.items[i]!.steps, fromText.items[i]!.indicators])).map((i) => i.code);
    // 2.7: ขั้นตอน comes out as "ขนั้ตอน" (vowel and tone after the final consonant; no rule tells it from
    // กลั้น). 3.4: the seed's stray Arabic letters ("ทุจريت") come out in visual order.
    expect(wordsDiffer(landscape)).toEqual(['2.7', '3.4']);
    expect(JSON.stringify(landscape.items.find((i) => i.code === '2.7')!.steps)).toContain('ขนั้ตอน');
  });

  it('reports the findings of the text, less the ** marks a PDF cannot carry, plus what its table layout adds', () => {
    const codes = (p: CanonicalPlan) => p.findings.map((f) => `${f.code}${f.item ? ` ${f.item}` : ''}`);
    const onlyText = codes(fromText).filter((c) => !codes(landscape).includes(c));
    const onlyPdf = codes(landscape).filter((c) => !codes(fromText).includes(c));
    expect(onlyText.filter((c) => !c.startsWith('STRAY_MARKUP'))).toEqual(['SHARED_BUDGET_ROW']);
    // The shared amount row of 2.6-2.9 and the first rows of dimension 1 are matched differently: the budgets
    // come out the same (through Part 3), but the importer says how it got there.
    expect(onlyPdf).toEqual([
      'BUDGET_ROWS_UNMATCHED',
      'MISSION_MISMATCH 1.1',
      'MISSION_MISMATCH 1.2',
      'MISSION_MISMATCH 1.3',
      'BUDGET_FROM_DETAIL 2.7',
      'DETAIL_ITEM_NOT_IN_TABLE 2.8',
      'BUDGET_FROM_DETAIL 2.8',
      'DETAIL_ITEM_NOT_IN_TABLE 2.9',
      'BUDGET_FROM_DETAIL 2.9',
      'UNCLOSED_QUOTE 2.10',
    ]);
  });

  it('all in portrait (nine narrow columns) imports the same items except the budgets of 1.2 and 2.5 to 2.10', () => {
    expect(portrait.items.map((i) => i.code)).toEqual(fromText.items.map((i) => i.code));
    const differing = portrait.items
      .filter((item, i) => JSON.stringify(item.budgetByYear) !== JSON.stringify(fromText.items[i]!.budgetByYear))
      .map((i) => i.code);
    expect(differing).toEqual(['1.2', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10']);
    // 1.2 follows the years of its name, as the columns no longer add up to the totals; the one amount row
    // shared by 2.5-2.10 is not found, so they get the no-budget reading.
    expect(portrait.items.find((i) => i.code === '1.2')!.budgetByYear).toEqual({ '2567': 25000, '2568': 25000 });
    expect(portrait.items.find((i) => i.code === '2.6')!.budgetByYear).toEqual({
      '2566': null,
      '2567': null,
      '2568': null,
      '2569': null,
      '2570': null,
    });
    const rest = (p: CanonicalPlan) => p.items.map(({ kind, responsibleUnit, mission, steps }) => ({ kind, responsibleUnit, mission, steps: steps.length }));
    expect(rest(portrait)).toEqual(rest(fromText));
    expect(withoutSpaces(portrait.items.map((i) => i.name))).toBe(withoutSpaces(fromText.items.map((i) => i.name)));
    expect(portrait.targets).toEqual(fromText.targets);
    expect(withoutSpaces(portrait.risks)).toBe(withoutSpaces(fromText.risks));
  });

  it('goes through importPlanBytes when the caller passes the PDF text extraction', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'khek-noi-plan-landscape.pdf'));
    expect(await importPlanBytes(bytes, 'แผน.pdf', { pdfToText: pdfToPlanText })).toEqual(landscape);
    const refused = await importPlanBytes(bytes, 'แผน.pdf').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UnusableDocumentError);
    expect((refused as UnusableDocumentError).reasonEn).toContain('PDF');
  });

  it('says in Thai and English which package to install when pdftotext is missing', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'khek-noi-plan.pdf'));
    const err = (await pdfToPlanText(bytes, { pdftotext: 'pdftotext-that-is-not-installed' }).catch((e: unknown) => e)) as UnusableDocumentError;
    expect(err).toBeInstanceOf(UnusableDocumentError);
    expect(err.reasonTh).toContain('pdftotext');
    expect(err.reasonTh).toContain('poppler-utils');
    expect(err.reasonEn).toContain('install the Debian package poppler-utils');
  });

  it('refuses a PDF without text (a scan) with a clear reason', async () => {
    // A one-page PDF with no text objects, as a scanner without OCR writes it (minus the image).
    const blank = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
        '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
    const err = (await pdfToPlanText(blank).catch((e: unknown) => e)) as UnusableDocumentError;
    expect(err).toBeInstanceOf(UnusableDocumentError);
    expect(err.reasonEn).toContain('holds no text');
  });
});

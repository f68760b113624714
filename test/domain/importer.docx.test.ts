import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectFormat, docxToText, importPlanBytes, importPlanText } from '../../domain/importer';
import type { CanonicalPlan } from '../../domain/plan';
import { docxFromPlanText } from '../fixtures/plan-docx';

/**
 * The same plan excerpt as text (the seed's tab layout) and as a Word document built here: mammoth writes
 * each table cell as its own paragraph, so the budget table reaches the importer in another layout.
 */
const excerpt = readFileSync(path.join(__dirname, '../fixtures/plan-excerpt.txt'), 'utf8');
const withoutLines = (plan: CanonicalPlan) => plan.items.map(({ line: _line, ...rest }) => rest);

describe('a plan as a Word document', () => {
  let docx: Buffer;
  let fromText: CanonicalPlan;

  beforeAll(async () => {
    docx = await docxFromPlanText(excerpt);
    fromText = importPlanText(excerpt);
  });

  it('becomes text without tabs, one paragraph per table cell', async () => {
    const text = await docxToText(docx);
    expect(text).not.toContain('\t');
    expect(text).toContain('๓.๓.๓ บูรณาการทุกภาคส่วนเพื่อต่อต้านการทุจริต\n\n๑. กิจกรรมบูรณาการ');
  });

  it('imports to the same items as the same text', async () => {
    const fromWord = await importPlanBytes(docx, 'แผนปฏิบัติการ.docx');
    expect(detectFormat(docx, 'whatever.txt')).toBe('docx');
    expect(fromText.items.map((i) => i.code)).toEqual(['3.1', '3.2', '3.3', '3.4', '3.5', '3.6']);
    expect(withoutLines(fromWord)).toEqual(withoutLines(fromText));
    expect(fromWord.dimensions).toEqual(fromText.dimensions);
    expect(fromWord.statedTotals).toEqual(fromText.statedTotals);
    expect(fromWord.missions).toEqual(fromText.missions);
  });

  it('reads the budget table of the excerpt, with its shifted total row', () => {
    expect(Object.fromEntries(fromText.items.map((i) => [i.code, i.budgetByYear]))).toEqual({
      '3.1': { '2566': 5000, '2567': 5000, '2568': 5000, '2569': 5000, '2570': 5000 },
      '3.2': { '2566': 5000, '2567': 5000, '2568': 5000, '2569': 5000, '2570': 5000 },
      '3.3': { '2566': 5000, '2567': 5000, '2568': 5000, '2569': 5000, '2570': 5000 },
      '3.4': { '2567': 15000, '2568': 15000, '2569': 15000 },
      '3.5': { '2567': 5000, '2569': 5000 },
      '3.6': { '2566': 15000, '2567': 15000, '2568': 15000, '2569': 15000, '2570': 15000 },
    });
    expect(fromText.dimensions[0]!.statedTotals).toEqual({ '2566': 30000, '2567': 50000, '2568': 45000, '2569': 50000, '2570': 30000 });
    expect(fromText.findings.map((f) => f.code)).not.toContain('STATED_TOTAL_MISMATCH');
  });

  it('reports the same defects from both forms, at their own lines', async () => {
    const fromWord = importPlanText(await docxToText(docx));
    const codes = (p: CanonicalPlan) => p.findings.map((f) => `${f.code}${f.item ? ` ${f.item}` : ''}`).sort();
    // ** bold marks exist only in the converted text; Word carries bold as formatting.
    expect(codes(fromWord)).toEqual(codes(fromText).filter((c) => !c.startsWith('STRAY_MARKUP')));
  });
});

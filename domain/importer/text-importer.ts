import { canonicalPlanSchema, type CanonicalPlan, type PlanItem } from '../plan';
import {
  checkBlankDates,
  checkDuplicatedText,
  checkForeignScript,
  checkHeadingTypos,
  checkMissionsWithoutItems,
  checkQuotes,
  checkStrayMarkup,
  locateItems,
} from './checks';
import { UnusableDocumentError } from './errors';
import { FindingCollector } from './findings';
import { parseFrontMatter } from './front';
import { checkOrganizationNames, findOrganization } from './organization';
import { parsePart2 } from './part2';
import { parsePart3 } from './part3';
import { fiscalYearsOf, reconcile } from './reconcile';
import { normaliseSpace, SourceDocument } from './source';
import type { OrganizationUnits } from '../units';
import { ocrFindings, planYearsFromOcrTitle, repairOcrText, type ExtractedText } from './ocr';
import { checkStatedCounts, checkStatedTotals } from './totals';

/**
 * Reads the plan document (text from Word) into the canonical plan. Throws UnusableDocumentError only when
 * the text cannot be a plan at all; every defect of a readable plan is returned as a finding.
 */
export interface TextImportOptions {
  /** The organisation's structure (divisions and their sections); the standard one unless told. */
  units?: OrganizationUnits;
  /** Which lines were read by OCR from which page (see domain/importer/ocr.ts). */
  ocr?: ExtractedText['ocr'];
  /**
   * The plan's fiscal years as the person importing states them: a scan's years cannot be read reliably, and OCR
   * numbers are read against these. Without them a scan's years come from its title.
   */
  planYears?: readonly number[];
}

export function importPlanText(input: string, options: TextImportOptions = {}): CanonicalPlan {
  assertReadableText(input);
  const extracted: ExtractedText = options.ocr ? { text: input.replace(/^\uFEFF/, ''), ocr: options.ocr } : { text: input };
  const ocrYears = options.ocr ? (options.planYears ?? planYearsFromOcrTitle(extracted.text)) : undefined;
  const repaired = options.ocr ? repairOcrText(extracted, ocrYears) : undefined;
  const text = repaired?.text ?? input;
  const doc = new SourceDocument(text.replace(/^\uFEFF/, ''));
  assertTemplate(doc);
  const findings = new FindingCollector();
  const org = findOrganization(doc, findings);
  if (!org) {
    throw new UnusableDocumentError('NOT_THIS_TEMPLATE', {
      th: 'ไม่พบชื่อองค์กรปกครองส่วนท้องถิ่น',
      en: 'no local government is named',
    });
  }

  const part2Start = doc.find(/ภารกิจตาม(มิติ|มติ)/);
  const part3Start = findPart3Start(doc, Math.max(0, part2Start));
  if (part3Start < 0) throw new UnusableDocumentError('TRUNCATED');
  const appendix = doc.find(/^ภาคผนวก$/, part3Start);
  const part3End = appendix < 0 ? doc.lines.length : appendix;

  const front = parseFrontMatter(doc, part2Start >= 0 ? part2Start : part3Start, org.title, findings);
  const part2 = parsePart2(doc, part2Start, part3Start, front.fiscalYears, findings);
  const part3 = parsePart3(doc, part3Start, part3End, findings);
  if (part3.items.length === 0) {
    throw new UnusableDocumentError('TRUNCATED', {
      th: 'ไม่มีรายละเอียดของโครงการ/กิจกรรม/มาตรการแม้แต่รายการเดียว',
      en: 'not a single item section was found',
    });
  }

  const names = checkOrganizationNames(doc, org, findings);
  const planYears = (options.ocr ? ocrYears : undefined) ?? front.fiscalYears ?? (part2.columnYears.length ? part2.columnYears : undefined);
  if (!planYears) {
    throw new UnusableDocumentError('NOT_THIS_TEMPLATE', {
      th: 'ไม่พบปีงบประมาณของแผน (ทั้งในชื่อแผนและในตารางส่วนที่ ๒)',
      en: 'the plan years are stated nowhere (neither in the title nor in the Part 2 table)',
    });
  }
  const drafts = reconcile({ part2, part3, planYears, correctName: names.correct, findings, ...(options.units ? { units: options.units } : {}) });

  const locate = locateItems(drafts, part3End);
  checkStatedCounts(drafts, front, part2, findings);
  checkStatedTotals(drafts, part2, findings);
  checkHeadingTypos(doc, findings);
  checkStrayMarkup(doc, locate, findings);
  checkQuotes(doc, locate, findings);
  checkForeignScript(doc, locate, findings);
  checkBlankDates(doc, findings);
  checkDuplicatedText(drafts, findings);
  if (repaired) for (const f of ocrFindings(extracted, repaired.numbers, (line) => locate.at(line))) findings.push(f);

  const missions = new Map<string, { name: string; line: number }>();
  for (const [code, m] of part2.missions) missions.set(code, m);
  for (const [code, m] of part3.missions) missions.set(code, { name: m.name || missions.get(code)?.name || '', line: m.line });
  checkMissionsWithoutItems(missions, drafts, findings);

  const dimensionNumbers = [
    ...new Set([...front.dimensions.keys(), ...part2.dimensionNames.keys(), ...part3.dimensions.keys(), ...drafts.map((d) => d.dimension)]),
  ].sort((a, b) => a - b);

  const items: PlanItem[] = drafts.map((d) => {
    const item: PlanItem = {
      code: d.code,
      dimension: d.dimension,
      seq: d.seq,
      mission: d.mission,
      kind: d.kind,
      name: d.name,
      fiscalYears: fiscalYearsOf(d),
      budgetByYear: Object.fromEntries(Object.entries(d.budgetByYear).sort(([a], [b]) => Number(a) - Number(b))),
      responsibleUnit: d.responsibleUnit,
      steps: d.steps,
      indicators: d.indicators,
      line: d.section.line,
    };
    if (d.responsibleUnitText) item.responsibleUnitText = d.responsibleUnitText;
    if (d.responsibleSection) item.responsibleSection = d.responsibleSection;
    if (d.responsibleSectionText) item.responsibleSectionText = d.responsibleSectionText;
    if (d.targetGroup) item.targetGroup = d.targetGroup;
    return item;
  });

  const byYear = (amounts: readonly number[]) =>
    Object.fromEntries(part2.columnYears.flatMap((y, i) => (amounts[i] === undefined ? [] : [[String(y), amounts[i]!]])));
  const statedCounts = front.statedCounts?.counts ?? part2.grandTotal?.counts;
  const statedTotals: NonNullable<CanonicalPlan['statedTotals']> = {};
  if (statedCounts) statedTotals.counts = statedCounts;
  if (part2.grandTotal && part2.grandTotal.amounts.length) statedTotals.budgetByYear = byYear(part2.grandTotal.amounts);

  const plan: CanonicalPlan = {
    ...(org.title ? { title: org.title } : {}),
    organization: org.organization,
    fiscalYears: [...planYears],
    ...(Object.keys(statedTotals).length ? { statedTotals } : {}),
    targets: front.targets,
    dimensions: dimensionNumbers.map((number) => {
      const intro = front.dimensions.get(number);
      const total = part2.dimensionTotals.get(number);
      const name = intro?.name || part3.dimensions.get(number)?.name || part2.dimensionNames.get(number)?.name || '';
      const counts = intro?.counts ?? total?.counts;
      return {
        number,
        name: normaliseSpace(name),
        ...(counts ? { statedCounts: counts } : {}),
        ...(total && total.amounts.length ? { statedTotals: byYear(total.amounts) } : {}),
      };
    }),
    missions: [...missions.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([code, m]) => ({ code, name: normaliseSpace(names.correct(m.name)) })),
    risks: front.risks,
    items,
    findings: findings.sorted(),
  };
  return canonicalPlanSchema.parse(plan);
}

function findPart3Start(doc: SourceDocument, from: number): number {
  const heading = doc.find(/^ส่วนที่\s*3$/, from);
  if (heading >= 0) return heading;
  return doc.find(/^รายละเอียดโครงการ\s*\/\s*กิจกรรม\s*\/\s*มาตรการ/, from);
}

function assertReadableText(text: string): void {
  if (text.replace(/[\s\uFEFF\u200b]/g, '') === '') throw new UnusableDocumentError('EMPTY');
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) throw new UnusableDocumentError('BINARY');
    if (code < 0x09 || (code > 0x0d && code < 0x20)) controls++;
  }
  if (controls > text.length * 0.01) throw new UnusableDocumentError('BINARY');
  if (text.includes('\uFFFD')) {
    throw new UnusableDocumentError('ENCODING', {
      th: 'มีอักขระแทนที่ (�) จากการถอดรหัสที่ผิด',
      en: 'it contains replacement characters (�) left by a wrong decoding',
    });
  }
  // UTF-8 Thai read as Windows-1252/Latin-1 turns every Thai letter into "à¸x" / "à¹x".
  if ((text.match(/à[¸¹]/g) ?? []).length >= 3) {
    throw new UnusableDocumentError('ENCODING', {
      th: 'ข้อความภาษาไทยถูกถอดรหัสผิด (mojibake)',
      en: 'Thai text decoded with the wrong character set (mojibake)',
    });
  }
  const thai = (text.match(/[\u0E00-\u0E7F]/g) ?? []).length;
  const latinHigh = (text.match(/[\u00A1-\u00FB]/g) ?? []).length;
  if (thai === 0 && latinHigh >= 20) {
    throw new UnusableDocumentError('ENCODING', {
      th: 'ดูเหมือนข้อความภาษาไทยรหัส TIS-620/Windows-874 ที่ถูกอ่านเป็นรหัสอื่น',
      en: 'it looks like TIS-620/Windows-874 Thai read as another character set',
    });
  }
}

function assertTemplate(doc: SourceDocument): void {
  const text = doc.lines.map((l) => l.text).join('\n');
  const hasTitle = /แผนปฏิบัติการป้องกันการทุจริต/.test(text);
  const hasStructure = /(มิติ|มติ)ที่\s*[๐-๙\d]|ส่วนที่\s*[๑1]|คุณธรรมและความโปร่งใส|ITA/.test(text);
  if (!hasTitle || !hasStructure) throw new UnusableDocumentError('NOT_THIS_TEMPLATE');
}

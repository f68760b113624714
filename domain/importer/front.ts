import type { CanonicalPlan } from '../plan';
import { lineCells, type Cell } from './cells';
import { FindingCollector } from './findings';
import { parseCounts, toArabic, yearsIn, type Counts, type SourceDocument } from './source';

/** Part 1 (บทนำ) and the front matter: stated counts, dimension names, yearly targets, the risk table. */
export interface FrontMatter {
  fiscalYears: number[] | undefined;
  statedCounts?: { counts: Counts; line: number };
  dimensions: Map<number, { name: string; counts?: Counts; line: number }>;
  targets: CanonicalPlan['targets'];
  risks: CanonicalPlan['risks'];
}

export function parseFrontMatter(
  doc: SourceDocument,
  end: number,
  title: string | undefined,
  findings: FindingCollector,
): FrontMatter {
  const front: FrontMatter = {
    fiscalYears: fiscalYearsOf(title),
    dimensions: new Map(),
    targets: [],
    risks: [],
  };
  for (let i = 0; i < end; i++) {
    const line = doc.lines[i]!;
    const dimension = /^(?:มิติ|มติ)ที่\s*(\d+)\s*(.*?)\s*จำนวน\s*(.+)$/d.exec(line.arabic);
    if (dimension) {
      const number = Number(dimension[1]);
      const [nameStart, nameEnd] = dimension.indices?.[2] ?? [0, 0];
      const counts = parseCounts(dimension[3]!);
      if (!front.dimensions.has(number)) {
        front.dimensions.set(number, {
          name: line.text.slice(nameStart, nameEnd).trim(),
          ...(counts ? { counts } : {}),
          line: line.number,
        });
      }
      continue;
    }
    if (!front.statedCounts && /รวมทั้งสิ้น/.test(line.arabic)) {
      const counts = parseCounts(line.arabic.slice(line.arabic.indexOf('รวมทั้งสิ้น')));
      if (counts) front.statedCounts = { counts, line: line.number };
    }
  }
  const cells = lineCells(doc, 0, end);
  front.targets = parseTargets(cells);
  front.risks = parseRisks(cells, findings);
  return front;
}

function fiscalYearsOf(title: string | undefined): number[] | undefined {
  const years = title ? yearsIn(title) : undefined;
  return years && years.length >= 2 ? years : undefined;
}

/** The ค่าเป้าหมาย table: a year header, then a row of case reductions and a row of ITA scores. */
function parseTargets(cells: readonly Cell[]): CanonicalPlan['targets'] {
  const start = cells.findIndex((c) => /^ค่าเป้าหมาย$/.test(c.text));
  if (start < 0) return [];
  const years: number[] = [];
  let i = start + 1;
  for (; i < cells.length; i++) {
    const year = /^ปี\s*(25\d\d)$/.exec(toArabic(cells[i]!.text));
    if (!year) break;
    years.push(Number(year[1]));
  }
  const targets = years.map((fiscalYear) => ({ fiscalYear }) as CanonicalPlan['targets'][number]);
  while (i < cells.length) {
    const label = cells[i]!.text;
    const isCases = /คดี/.test(label);
    const isIta = /ITA/i.test(label);
    if (!isCases && !isIta) break;
    years.forEach((_, j) => {
      const value = /(\d+(?:\.\d+)?)/.exec(toArabic(cells[i + 1 + j]?.text ?? ''));
      if (!value) return;
      if (isCases) targets[j]!.caseReductionPercent = Number(value[1]);
      else targets[j]!.itaScore = Number(value[1]);
    });
    i += 1 + years.length;
  }
  return targets;
}

const RISK_HEADER = /^(ลำดับ\s*ที่|ขั้นตอน\s*การ\s*ดำเนินงาน|ประเด็นความเสี่ยง.*|Risk\s*Score|มาตรการ\s*ควบคุม.*)$/i;
const RISK_SCORE = /^(ต่ำมาก|ต่ำ|ปานกลาง|สูงมาก|สูง|น้อย|มาก|\d+(\.\d+)?)$/;

/** The risk table: ลำดับ, ขั้นตอน, ประเด็นความเสี่ยง, Risk Score, มาตรการควบคุม (a numbered list). */
function parseRisks(cells: readonly Cell[], findings: FindingCollector): CanonicalPlan['risks'] {
  const start = cells.findIndex((c) => /ประเด็นความเสี่ยง/.test(c.text));
  if (start < 0) return [];
  type Draft = { seq: number; process: string; risk: string[]; score: string; controls: string[]; line: number };
  const drafts: Draft[] = [];
  let state: 'process' | 'risk' | 'controls' | 'none' = 'none';
  for (let i = start; i < cells.length; i++) {
    const cell = cells[i]!;
    const arabic = toArabic(cell.text);
    if (/^\d+\.\s*หลักการ|^ส่วนที่|^ค่าเป้าหมาย/.test(arabic)) break;
    if (RISK_HEADER.test(cell.text)) continue;
    const current = drafts[drafts.length - 1];
    if (/^\d{1,2}$/.test(arabic) && (state === 'none' || state === 'controls')) {
      drafts.push({ seq: Number(arabic), process: '', risk: [], score: '', controls: [], line: cell.line });
      state = 'process';
    } else if (!current) {
      continue;
    } else if (state === 'process') {
      current.process = cell.text;
      state = 'risk';
    } else if (state === 'risk' && RISK_SCORE.test(cell.text)) {
      current.score = cell.text;
      state = 'controls';
    } else if (state === 'risk') {
      current.risk.push(cell.text);
    } else {
      current.controls.push(cell.text);
    }
  }
  return drafts.map((d) => ({
    seq: d.seq,
    process: d.process,
    risk: d.risk.join(' '),
    score: d.score,
    controls: splitNumberedControls(d, findings),
  }));
}

function splitNumberedControls(
  draft: { seq: number; controls: string[]; line: number },
  findings: FindingCollector,
): string[] {
  const text = draft.controls.join(' ');
  const arabic = toArabic(text);
  const starts = [...arabic.matchAll(/(?:^|\s)(\d{1,2})\.\s*(?=\S)/g)];
  if (starts.length === 0) return text ? [text] : [];
  const numbers = starts.map((m) => Number(m[1]));
  const expected = numbers.map((_, i) => i + 1);
  if (numbers.some((n, i) => n !== expected[i])) {
    findings.add(
      'RISK_CONTROL_NUMBERING',
      draft.line,
      `ตารางความเสี่ยง ลำดับ ${draft.seq}: มาตรการควบคุมเรียงเลข ${numbers.join(', ')} (ข้ามหรือซ้ำ)`,
      `Risk table, row ${draft.seq}: controls are numbered ${numbers.join(', ')} (a number skipped or repeated)`,
    );
  }
  return starts.map((m, i) => {
    const from = (m.index ?? 0) + m[0].length;
    const to = starts[i + 1]?.index ?? text.length;
    return text.slice(from, to).trim();
  });
}

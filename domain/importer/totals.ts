import type { ItemKind } from '../plan';
import { FindingCollector } from './findings';
import type { FrontMatter } from './front';
import type { Part2Table, StatedTotal } from './part2';
import type { ItemDraft } from './reconcile';
import { formatBaht, formatCounts, sameCounts, type Counts } from './source';

/** What the document says it contains, against what was found: counts of items and budget totals. */

function countsOf(drafts: readonly ItemDraft[]): Counts {
  const counts: Record<ItemKind, number> = { project: 0, measure: 0, activity: 0 };
  for (const d of drafts) counts[d.kind]++;
  return counts;
}

function describeCounts(c: Counts): { th: string; en: string } {
  return {
    th: `${c.project} โครงการ ${c.measure} มาตรการ ${c.activity} กิจกรรม (รวม ${c.project + c.measure + c.activity})`,
    en: `${c.project} projects, ${c.measure} measures, ${c.activity} activities (${c.project + c.measure + c.activity} in all)`,
  };
}

interface Statement {
  counts: Counts;
  line: number;
}

function checkStatements(
  scope: { th: string; en: string },
  statements: Statement[],
  found: Counts,
  findings: FindingCollector,
): void {
  if (statements.length === 0) return;
  const distinct = new Map<string, Statement[]>();
  for (const s of statements) distinct.set(formatCounts(s.counts), [...(distinct.get(formatCounts(s.counts)) ?? []), s]);
  if (distinct.size > 1) {
    findings.add(
      'STATED_COUNTS_INCONSISTENT',
      statements[1]!.line,
      `${scope.th}: จำนวนที่ระบุไม่ตรงกันเอง (${statements.map((s) => `บรรทัด ${s.line}: ${formatCounts(s.counts)}`).join(', ')})`,
      `${scope.en}: the stated counts disagree with each other (${statements.map((s) => `line ${s.line}: ${formatCounts(s.counts)}`).join(', ')})`,
    );
  }
  for (const group of distinct.values()) {
    const stated = group[0]!.counts;
    if (sameCounts(stated, found)) continue;
    const lines = group.map((s) => s.line).join(', ');
    const s = describeCounts(stated);
    const f = describeCounts(found);
    findings.add(
      'STATED_COUNT_MISMATCH',
      group[0]!.line,
      `${scope.th}: เอกสารระบุ ${s.th} (บรรทัด ${lines}) แต่พบรายการจริง ${f.th} ตามชื่อของแต่ละรายการ`,
      `${scope.en}: the document states ${s.en} (line ${lines}) but the items' own names give ${f.en}`,
    );
  }
}

export function checkStatedCounts(
  drafts: readonly ItemDraft[],
  front: FrontMatter,
  part2: Part2Table,
  findings: FindingCollector,
): void {
  const overall: Statement[] = [];
  if (front.statedCounts) overall.push(front.statedCounts);
  if (part2.grandTotal?.counts) overall.push({ counts: part2.grandTotal.counts, line: part2.grandTotal.line });
  checkStatements({ th: 'ทั้งแผน', en: 'Whole plan' }, overall, countsOf(drafts), findings);

  const dimensions = new Set([...front.dimensions.keys(), ...part2.dimensionTotals.keys(), ...drafts.map((d) => d.dimension)]);
  const statedSum: Counts = { project: 0, measure: 0, activity: 0 };
  let everyDimensionStated = true;
  for (const dimension of [...dimensions].sort((a, b) => a - b)) {
    const statements: Statement[] = [];
    const intro = front.dimensions.get(dimension);
    if (intro?.counts) statements.push({ counts: intro.counts, line: intro.line });
    const total = part2.dimensionTotals.get(dimension);
    if (total?.counts) statements.push({ counts: total.counts, line: total.line });
    const first = statements[0]?.counts;
    if (first) {
      statedSum.project += first.project;
      statedSum.measure += first.measure;
      statedSum.activity += first.activity;
    } else {
      everyDimensionStated = false;
    }
    checkStatements(
      { th: `มิติที่ ${dimension}`, en: `Dimension ${dimension}` },
      statements,
      countsOf(drafts.filter((d) => d.dimension === dimension)),
      findings,
    );
  }
  const overallStated = overall[0];
  if (everyDimensionStated && overallStated && !sameCounts(statedSum, overallStated.counts)) {
    findings.add(
      'STATED_COUNTS_INCONSISTENT',
      overallStated.line,
      `จำนวนรวมทั้งแผนที่ระบุ (${formatCounts(overallStated.counts)}) ไม่เท่ากับผลรวมของแต่ละมิติที่ระบุ (${formatCounts(statedSum)})`,
      `The stated plan counts (${formatCounts(overallStated.counts)}) differ from the sum of the stated dimension counts (${formatCounts(statedSum)})`,
    );
  }
}

function sumByYear(drafts: readonly ItemDraft[], years: readonly number[]): number[] {
  return years.map((y) => drafts.reduce((s, d) => s + (d.budgetByYear[String(y)] ?? 0), 0));
}

function compareTotals(
  scope: { th: string; en: string },
  stated: StatedTotal | undefined,
  computed: number[],
  years: readonly number[],
  findings: FindingCollector,
): void {
  if (!stated || stated.amounts.length === 0) return;
  const differences = years.flatMap((year, i) => {
    const s = stated.amounts[i];
    return s !== undefined && s !== computed[i] ? [{ year, stated: s, computed: computed[i]! }] : [];
  });
  if (differences.length === 0) return;
  findings.add(
    'STATED_TOTAL_MISMATCH',
    stated.line,
    `${scope.th}: ยอดรวมที่ระบุไม่เท่ากับผลรวมของรายการ — ${differences.map((d) => `ปี ${d.year} ระบุ ${formatBaht(d.stated)} รวมได้ ${formatBaht(d.computed)}`).join('; ')}`,
    `${scope.en}: the stated total differs from the sum of the items — ${differences.map((d) => `${d.year} stated ${formatBaht(d.stated)}, sum ${formatBaht(d.computed)}`).join('; ')}`,
  );
}

export function checkStatedTotals(drafts: readonly ItemDraft[], part2: Part2Table, findings: FindingCollector): void {
  const years = part2.columnYears;
  for (const [dimension, stated] of part2.dimensionTotals) {
    compareTotals(
      { th: `มิติที่ ${dimension}`, en: `Dimension ${dimension}` },
      stated,
      sumByYear(drafts.filter((d) => d.dimension === dimension), years),
      years,
      findings,
    );
  }
  compareTotals({ th: 'รวมทั้งสิ้น', en: 'Grand total' }, part2.grandTotal, sumByYear(drafts, years), years, findings);
  const grand = part2.grandTotal;
  if (grand && part2.dimensionTotals.size > 0) {
    const sums = years.map((_, i) => [...part2.dimensionTotals.values()].reduce((s, t) => s + (t.amounts[i] ?? 0), 0));
    const off = years.flatMap((year, i) => (grand.amounts[i] !== undefined && grand.amounts[i] !== sums[i] ? [year] : []));
    if (off.length > 0) {
      findings.add(
        'STATED_TOTALS_INCONSISTENT',
        grand.line,
        `ยอดรวมทั้งสิ้นที่ระบุไม่เท่ากับผลรวมของยอดรวมแต่ละมิติ ปี ${off.join(', ')}`,
        `The stated grand total differs from the sum of the stated dimension totals in ${off.join(', ')}`,
      );
    }
  }
}

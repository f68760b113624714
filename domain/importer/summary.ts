import type { CanonicalPlan, FindingSeverity, ItemKind } from '../plan';

/**
 * The summary `plan import` prints: what was found, how the budget adds up against what the document
 * states, and every finding with its line. Thai first, English under it.
 */

const THAI_COMBINING = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\u200b-\u200d]/g;

/** Columns as a terminal shows them: Thai vowel and tone marks sit on the letter before them. */
export function displayWidth(text: string): number {
  return [...text.replace(THAI_COMBINING, '')].length;
}

function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!, rightAligned.has(i) ? 'right' : 'left')))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const baht = (n: number) => n.toLocaleString('en-US');
const KINDS: ItemKind[] = ['project', 'measure', 'activity'];
const SEVERITY_LABEL: Record<FindingSeverity, string> = {
  error: 'ผิดพลาด/error',
  warning: 'เตือน/warning',
  info: 'แจ้ง/info',
};

export function formatImportSummary(plan: CanonicalPlan): string {
  const out: string[] = [];
  const org = plan.organization;
  const years = plan.fiscalYears;
  out.push('สรุปการนำเข้าแผน / Plan import summary');
  if (plan.title) out.push(plan.title);
  out.push(
    `${org.name}${org.district ? ` อำเภอ${org.district}` : ''}${org.province ? ` จังหวัด${org.province}` : ''} — ` +
      `ปีงบประมาณ / fiscal years ${years[0]}–${years[years.length - 1]}`,
  );

  out.push('', 'จำนวนรายการ / Items');
  const countRows: string[][] = [];
  const totals: Record<ItemKind, number> = { project: 0, measure: 0, activity: 0 };
  for (const dimension of plan.dimensions) {
    const items = plan.items.filter((i) => i.dimension === dimension.number);
    const counts = KINDS.map((k) => items.filter((i) => i.kind === k).length);
    KINDS.forEach((k, i) => (totals[k] += counts[i]!));
    const stated = dimension.statedCounts;
    const statedText = stated ? `${stated.project}/${stated.measure}/${stated.activity}` : '-';
    const agrees = !stated || KINDS.every((k, i) => stated[k] === counts[i]);
    countRows.push([
      `${dimension.number} ${dimension.name}`,
      ...counts.map(String),
      String(items.length),
      `${statedText}${agrees ? '' : '  ≠'}`,
    ]);
  }
  const statedAll = plan.statedTotals?.counts;
  const allAgree = !statedAll || KINDS.every((k) => statedAll[k] === totals[k]);
  countRows.push([
    'รวม / total',
    ...KINDS.map((k) => String(totals[k])),
    String(plan.items.length),
    `${statedAll ? `${statedAll.project}/${statedAll.measure}/${statedAll.activity}` : '-'}${allAgree ? '' : '  ≠'}`,
  ]);
  out.push(
    ...table(
      ['มิติ / dimension', 'โครงการ/projects', 'มาตรการ/measures', 'กิจกรรม/activities', 'รวม/total', 'ที่ระบุ/stated (ค/ม/ก)'],
      countRows,
      new Set([1, 2, 3, 4]),
    ),
  );

  out.push('', 'งบประมาณรายปี (บาท) / Budget per year (baht)');
  const budgetRows = years.map((year) => {
    const key = String(year);
    const byDimension = plan.dimensions.map((d) =>
      plan.items.filter((i) => i.dimension === d.number).reduce((s, i) => s + (i.budgetByYear[key] ?? 0), 0),
    );
    const sum = byDimension.reduce((a, b) => a + b, 0);
    const stated = plan.statedTotals?.budgetByYear?.[key];
    const dimensionCells = plan.dimensions.map((d, i) => {
      const s = d.statedTotals?.[key];
      return s === undefined || s === byDimension[i] ? baht(byDimension[i]!) : `${baht(byDimension[i]!)} (≠${baht(s)})`;
    });
    const verdict = stated === undefined ? '' : stated === sum ? 'ตรง / matches' : `ไม่ตรง / differs by ${baht(sum - stated)}`;
    return [key, ...dimensionCells, baht(sum), stated === undefined ? '-' : baht(stated), verdict];
  });
  out.push(
    ...table(
      ['ปี/year', ...plan.dimensions.map((d) => `มิติ ${d.number}`), 'รวม/total', 'ที่ระบุ/stated', ''],
      budgetRows,
      new Set(Array.from({ length: plan.dimensions.length + 3 }, (_, i) => i).filter((i) => i > 0)),
    ),
  );

  const bySeverity = (s: FindingSeverity) => plan.findings.filter((f) => f.severity === s).length;
  out.push(
    '',
    `ข้อสังเกต / Findings: ผิดพลาด ${bySeverity('error')}, เตือน ${bySeverity('warning')}, แจ้ง ${bySeverity('info')} ` +
      `(${bySeverity('error')} errors, ${bySeverity('warning')} warnings, ${bySeverity('info')} info)`,
  );
  if (plan.findings.length === 0) {
    out.push('ไม่พบข้อบกพร่อง / no defects found');
  } else {
    const rows = plan.findings.flatMap((f) => [
      [SEVERITY_LABEL[f.severity], f.code, String(f.line), f.item ?? '', f.message],
      ['', '', '', '', f.messageEn],
    ]);
    out.push(...table(['ระดับ/severity', 'รหัส/code', 'บรรทัด/line', 'รายการ/item', 'ข้อความ/message'], rows, new Set([2])));
  }
  return out.join('\n');
}

import {
  itemTableCells,
  itemTableHeadings,
  reportLabels,
  reportRows,
  satangToDecimal,
  type ReportModel,
  type ReportSummary,
} from '../../domain/report';

/**
 * CSV (one row per item, or the summary) and JSON. Both are pure functions of the model, so the same snapshot always
 * gives the same bytes. Amounts are exact decimals written from satang.
 */

/** Excel opens a CSV as UTF-8 only when it starts with a byte order mark; without it Thai turns to mojibake. */
const UTF8_BOM = '\uFEFF';

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula, so an
 * owner's text such as =HYPERLINK(...) would act in whoever opens the published file. Such a text is written with
 * a leading apostrophe, which the spreadsheet shows as text; a plain number and a lone dash are left as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const raw = String(value);
  const text = typeof value === 'string' && FORMULA_START.test(raw) && !PLAIN_NUMBER.test(raw) && raw !== '-' ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLines(rows: Array<Array<string | number | null>>): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One row per item with its dimension and mission; items without budget say ไม่ใช้งบประมาณ, as ITA asks. */
export function renderReportCsv(model: ReportModel): Buffer {
  const labels = reportLabels(model.style.lang);
  const rows: Array<Array<string | number | null>> = [
    itemTableHeadings(labels),
    ...reportRows(model).map((row) => itemTableCells(row, satangToDecimal, ' ')),
  ];
  return Buffer.from(UTF8_BOM + csvLines(rows), 'utf8');
}

function summaryRow(summary: ReportSummary): Array<string | number | null> {
  return [
    summary.label,
    summary.planned,
    summary.done,
    summary.inProgress,
    summary.notStarted,
    summary.cancelled,
    summary.donePercent === null ? null : summary.donePercent.toFixed(2),
    satangToDecimal(summary.budgetPlannedSatang),
    satangToDecimal(summary.budgetSpentSatang),
    summary.disbursedPercent === null ? null : summary.disbursedPercent.toFixed(2),
  ];
}

/** The summary per dimension and overall. */
export function renderReportSummaryCsv(model: ReportModel): Buffer {
  const labels = reportLabels(model.style.lang);
  const s = labels.summaryColumns;
  const rows = [
    [s.dimension, s.planned, s.done, s.inProgress, s.notStarted, s.cancelled, s.donePercent, s.budgetPlanned, s.budgetSpent, s.disbursedPercent],
    ...model.dimensions.map((d) => summaryRow({ ...d.summary, label: `${d.heading} ${d.name}` })),
    summaryRow(model.overall),
  ];
  return Buffer.from(UTF8_BOM + csvLines(rows), 'utf8');
}

/** The whole model as indented JSON: the machine-readable form of exactly what the documents print. */
export function renderReportJson(model: ReportModel): Buffer {
  return Buffer.from(`${JSON.stringify(model, null, 2)}\n`, 'utf8');
}

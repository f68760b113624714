import {
  itemTableCells,
  itemTableHeadings,
  reportLabels,
  reportRows,
  satangToDecimal,
  type ReportModel,
  type ReportSummary,
} from '../../domain/report';
import { UTF8_BOM, csvLines } from '../../domain/csv';

/**
 * CSV (one row per item, or the summary) and JSON. Both are pure functions of the model, so the same snapshot always
 * gives the same bytes. Amounts are exact decimals written from satang. The formula guard is domain/csv.ts's.
 */

export { csvField } from '../../domain/csv';

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

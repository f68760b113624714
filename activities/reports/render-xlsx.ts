import ExcelJS from 'exceljs';
import { itemTableCells, itemTableHeadings, reportLabels, reportRows, type ReportModel, type ReportSummary } from '../../domain/report';
import { normalizeOfficePackage } from './zip';

/**
 * The report as a workbook: one row per item, the summary and the targets on their own sheets. Amounts and counts
 * are numbers (so a finance officer can sum and filter them); ไม่ใช้งบประมาณ stays text where the plan says so.
 * Build the model with Arabic digits for this format: Thai digits in a cell are text to Excel.
 */

const FONT = { name: 'TH Sarabun New', size: 14 } as const;
const MONEY = '#,##0.00';
const PERCENT = '0.00';

function bahtOf(satang: number): number {
  return satang / 100;
}

function titleRows(sheet: ExcelJS.Worksheet, model: ReportModel, width: number): void {
  for (const line of [...model.title, model.organizationLine, model.asOfLine]) {
    const row = sheet.addRow([line]);
    row.font = { ...FONT, bold: line === model.title[0] };
    sheet.mergeCells(row.number, 1, row.number, width);
  }
  sheet.addRow([]);
}

function headerRow(sheet: ExcelJS.Worksheet, headings: string[]): ExcelJS.Row {
  const row = sheet.addRow(headings);
  row.font = { ...FONT, bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: row.number }];
  return row;
}

function summaryValues(summary: ReportSummary): Array<string | number | null> {
  return [
    summary.label,
    summary.planned,
    summary.done,
    summary.inProgress,
    summary.notStarted,
    summary.cancelled,
    summary.donePercent,
    bahtOf(summary.budgetPlannedSatang),
    bahtOf(summary.budgetSpentSatang),
    summary.disbursedPercent,
  ];
}

export async function renderReportXlsx(model: ReportModel): Promise<Buffer> {
  const labels = reportLabels(model.style.lang);
  const created = new Date(model.createdAt);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = model.organization.name;
  workbook.lastModifiedBy = model.organization.name;
  workbook.title = model.title.join(' ');
  workbook.created = created;
  workbook.modified = created;

  const items = workbook.addWorksheet(labels.sheetNames.items, { pageSetup: { paperSize: 9, orientation: 'landscape' } });
  const itemHeadings = itemTableHeadings(labels);
  items.columns = [8, 10, 8, 10, 50, 16, 16, 22, 50, 30, 30, 24, 40].map((width) => ({ width }));
  titleRows(items, model, itemHeadings.length);
  headerRow(items, itemHeadings);
  for (const row of reportRows(model)) {
    const added = items.addRow(itemTableCells(row, bahtOf, '\n'));
    added.font = FONT;
    added.alignment = { vertical: 'top', wrapText: true };
    added.getCell(6).numFmt = MONEY;
    added.getCell(7).numFmt = MONEY;
  }
  const total = items.addRow([
    labels.total,
    '',
    '',
    '',
    '',
    bahtOf(model.overall.budgetPlannedSatang),
    bahtOf(model.overall.budgetSpentSatang),
  ]);
  total.font = { ...FONT, bold: true };
  total.getCell(6).numFmt = MONEY;
  total.getCell(7).numFmt = MONEY;

  const summary = workbook.addWorksheet(labels.sheetNames.summary, { pageSetup: { paperSize: 9, orientation: 'landscape' } });
  const s = labels.summaryColumns;
  const summaryHeadings = [s.dimension, s.planned, s.done, s.inProgress, s.notStarted, s.cancelled, s.donePercent, s.budgetPlanned, s.budgetSpent, s.disbursedPercent];
  summary.columns = [50, 12, 12, 14, 14, 10, 14, 18, 18, 14].map((width) => ({ width }));
  titleRows(summary, model, summaryHeadings.length);
  headerRow(summary, summaryHeadings);
  const summaries = [
    ...model.dimensions.map((d) => ({ ...d.summary, label: `${d.heading} ${d.name}` })),
    model.overall,
  ];
  summaries.forEach((entry, i) => {
    const row = summary.addRow(summaryValues(entry));
    row.font = { ...FONT, bold: i === summaries.length - 1 };
    row.getCell(7).numFmt = PERCENT;
    row.getCell(8).numFmt = MONEY;
    row.getCell(9).numFmt = MONEY;
    row.getCell(10).numFmt = PERCENT;
  });

  const targets = workbook.addWorksheet(labels.sheetNames.targets);
  const t = labels.targetColumns;
  targets.columns = [60, 24, 24].map((width) => ({ width }));
  titleRows(targets, model, 3);
  headerRow(targets, [t.target, t.planned, t.recorded]);
  for (const target of model.targets) {
    targets.addRow([target.label, target.planned, target.recorded]).font = FONT;
  }

  const bytes = await workbook.xlsx.writeBuffer();
  return normalizeOfficePackage(new Uint8Array(bytes as ArrayBuffer), model.createdAt);
}

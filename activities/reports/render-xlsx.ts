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

/**
 * Row heights in points. Neither Excel nor LibreOffice sizes a merged title row, and LibreOffice keeps the height a
 * file gives every other row (the sheet's default of 15 pt cuts off Thai vowels and tone marks above and below the
 * line), so each row carries its own. Wrapped lines of 14 pt TH Sarabun New are about 1.45 em apart in both; a
 * title row gets two ems, the room the font keeps for the marks stacked above a tall consonant.
 */
const LINE_HEIGHT = Math.ceil(1.55 * FONT.size);
const TITLE_HEIGHT = 2 * FONT.size;
const ROW_PADDING = 4;

/** Combining Thai marks (above and below vowels, tone marks) take no width of their own. */
const THAI_COMBINING = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/u;

/**
 * How many lines a cell's text takes in a column `width` characters wide (Excel's unit: the default font's digit,
 * 7 px, plus 5 px of padding). An estimate from TH Sarabun New's advance widths (Thai letters and digits a little over
 * half an em, a space a quarter), with a twentieth of the line left for where Thai line breaking cannot split a word.
 */
function estimatedLines(text: string, width: number, size: number = FONT.size): number {
  const linePt = (width * 7 + 5) * 0.75 * 0.95;
  return text.split('\n').reduce((lines, paragraph) => {
    let pt = 0;
    for (const ch of paragraph) {
      if (THAI_COMBINING.test(ch)) continue;
      pt += (ch === ' ' ? 0.28 : 0.56) * size;
    }
    return lines + Math.max(1, Math.ceil(pt / linePt));
  }, 0);
}

/** The row's height: its tallest cell, wrapped in its column's width. */
function fitHeight(sheet: ExcelJS.Worksheet, row: ExcelJS.Row): void {
  let lines = 1;
  row.eachCell((cell, column) => {
    if (typeof cell.value !== 'string') return;
    lines = Math.max(lines, estimatedLines(cell.value, sheet.getColumn(column).width ?? 10));
  });
  row.height = lines * LINE_HEIGHT + ROW_PADDING;
}

/** Landscape A4, every column on the page's width, the heading row printed again on each page. */
function printSetup(sheet: ExcelJS.Worksheet, headingRow: number): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.55, header: 0.3, footer: 0.3 },
  };
  sheet.pageSetup.printTitlesRow = `${headingRow}:${headingRow}`;
}

function bahtOf(satang: number): number {
  return satang / 100;
}

function titleRows(sheet: ExcelJS.Worksheet, model: ReportModel, width: number): void {
  for (const line of [...model.title, model.organizationLine, model.asOfLine, ...(model.compiledNote ? [model.compiledNote] : [])]) {
    const row = sheet.addRow([line]);
    row.font = { ...FONT, bold: line === model.title[0] };
    row.alignment = { vertical: 'middle' };
    row.height = TITLE_HEIGHT;
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
  fitHeight(sheet, row);
  printSetup(sheet, row.number);
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

  const items = workbook.addWorksheet(labels.sheetNames.items);
  const itemHeadings = itemTableHeadings(labels);
  items.columns = [7, 9, 7, 10, 45, 15, 15, 20, 36, 26, 26, 20, 30].map((width) => ({ width }));
  titleRows(items, model, itemHeadings.length);
  headerRow(items, itemHeadings);
  for (const row of reportRows(model)) {
    const added = items.addRow(itemTableCells(row, bahtOf, '\n'));
    added.font = FONT;
    added.alignment = { vertical: 'top', wrapText: true };
    added.getCell(6).numFmt = MONEY;
    added.getCell(7).numFmt = MONEY;
    fitHeight(items, added);
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
  fitHeight(items, total);

  const summary = workbook.addWorksheet(labels.sheetNames.summary);
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
    row.alignment = { vertical: 'top', wrapText: true };
    fitHeight(summary, row);
  });

  const targets = workbook.addWorksheet(labels.sheetNames.targets);
  const t = labels.targetColumns;
  targets.columns = [60, 24, 24].map((width) => ({ width }));
  titleRows(targets, model, 3);
  headerRow(targets, [t.target, t.planned, t.recorded]);
  for (const target of model.targets) {
    const row = targets.addRow([target.label, target.planned, target.recorded]);
    row.font = FONT;
    row.alignment = { vertical: 'top', wrapText: true };
    fitHeight(targets, row);
  }

  const bytes = await workbook.xlsx.writeBuffer();
  return normalizeOfficePackage(new Uint8Array(bytes as ArrayBuffer), model.createdAt);
}

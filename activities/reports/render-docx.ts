import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  LineRuleType,
  Footer,
  NumberFormat,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import {
  formatCount,
  formatSatang,
  reportLabels,
  rowHeadings,
  summaryCells,
  summaryHeadings,
  type ReportModel,
  type ReportRow,
  type ReportStyle,
} from '../../domain/report';
import { normalizeOfficePackage } from './zip';

/**
 * The report as an editable Word document: TH Sarabun New (the official-document font) 16 pt for the text, 14 pt in
 * the tables, A4 landscape like the PDF, real tables whose header rows repeat on each page, so the coordinator can
 * still correct a sentence before signing. The tables are laid out for Word and LibreOffice alike: every column has
 * its width in twentieths of a point with a fixed layout, because an office suite left to size columns itself gives
 * ten narrow columns where a Thai word breaks letter by letter and an amount takes three lines.
 */

export const DOCX_FONT = 'TH Sarabun New';
/**
 * Half-points: 16 pt for the text, 14 pt in the summary and targets tables, 13 pt in the ten columns of the details
 * table (which the PDF prints smaller than its text too), 18 pt for the title.
 */
const BODY_SIZE = 32;
const TABLE_SIZE = 28;
const DETAIL_SIZE = 26;
const TITLE_SIZE = 36;
/** The PDF's margins (12 mm top, 10 mm sides, 14 mm bottom), in twentieths of a point. */
const MARGIN = { top: 680, right: 567, bottom: 794, left: 567 } as const;
const CONTENT_WIDTH = 16838 - MARGIN.left - MARGIN.right;
/**
 * TH Sarabun New's single line is about two ems high (its ascent leaves room for stacked vowels and tone marks above
 * a tall consonant); 0.85 of it in table cells still clears them and keeps a row of names from doubling its height.
 * A multiple (lineRule auto), never an exact height, which Word clips the marks to.
 */
const TABLE_LINE_SPACING = { line: 204, lineRule: LineRuleType.AUTO } as const;
/** About 1 mm either side of a cell's text, instead of Word's 1.9 mm, so a column keeps its width for the words. */
const CELL_MARGIN = 57;

/**
 * Column widths fitted to the longest word of each heading in bold (ดำเนินการ, ข้อเสนอแนะ, รับผิดชอบ, which Thai
 * line breaking keeps whole) and to the amounts a local government's item has (๙๙๙,๙๙๙.๙๙ in Thai digits is about
 * 1,710 twips at 14 pt and 1,590 at 13 pt; a dimension's total reaches the millions) plus the cell margins; the
 * column holding names takes what is left, so each table is the page's width exactly.
 */
const DETAIL_WIDTHS = fill([780, 0, 1710, 1710, 1260, 1600, 1150, 1460, 1270, 1070], 1);
const SUMMARY_WIDTHS = fill([0, 1050, 1350, 1350, 1350, 900, 1200, 2100, 2100, 1500], 0);
const TARGET_WIDTHS = fill([0, 4000, 4000], 0);

/** The widths with the column at `rest` given whatever the others leave of the page's width. */
function fill(widths: number[], rest: number): number[] {
  const others = widths.reduce((a, b) => a + b, 0) - widths[rest]!;
  return widths.map((w, i) => (i === rest ? CONTENT_WIDTH - others : w));
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

interface CellOptions {
  bold?: boolean;
  align?: Align;
  shade?: string;
  columnSpan?: number;
  /** A dimension's or mission's heading row stays on the page of its first item. */
  keepNext?: boolean;
  size?: number;
}

function paragraphs(text: string, options: CellOptions = {}): Paragraph[] {
  return text.split('\n').map(
    (line) =>
      new Paragraph({
        alignment: options.align ?? AlignmentType.LEFT,
        spacing: TABLE_LINE_SPACING,
        ...(options.keepNext ? { keepNext: true } : {}),
        children: [new TextRun({ text: line, bold: options.bold ?? false, size: options.size ?? TABLE_SIZE })],
      }),
  );
}

function textCell(text: string, options: CellOptions = {}): TableCell {
  return new TableCell({
    children: paragraphs(text, options),
    verticalAlign: VerticalAlign.TOP,
    ...(options.columnSpan ? { columnSpan: options.columnSpan } : {}),
    ...(options.shade ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: options.shade } } : {}),
  });
}

function headerRow(headings: string[], size = TABLE_SIZE): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: headings.map((h) => textCell(h, { bold: true, align: AlignmentType.CENTER, shade: 'E8E8E8', size })),
  });
}

function table(columnWidths: number[], rows: TableRow[]): Table {
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    margins: { left: CELL_MARGIN, right: CELL_MARGIN, marginUnitType: WidthType.DXA },
    rows,
  });
}

function evidenceCell(row: ReportRow): TableCell {
  if (!row.evidence.length) return textCell('-', { align: AlignmentType.CENTER, size: DETAIL_SIZE });
  return new TableCell({
    children: row.evidence.map(
      (e) =>
        new Paragraph({
          children: [
            e.url
              ? new ExternalHyperlink({ link: e.url, children: [new TextRun({ text: e.fileName, style: 'Hyperlink', size: DETAIL_SIZE })] })
              : new TextRun({ text: e.fileName, size: DETAIL_SIZE }),
          ],
        }),
    ),
  });
}

function detailRow(row: ReportRow): TableRow {
  const noBudget = row.budgetPlannedSatang === null;
  const cell = (text: string, align: Align = AlignmentType.LEFT) => textCell(text, { align, size: DETAIL_SIZE });
  const spentAlign = row.budgetSpentSatang === null || (noBudget && row.budgetSpentSatang === 0) ? AlignmentType.CENTER : AlignmentType.RIGHT;
  return new TableRow({
    cantSplit: true,
    children: [
      cell(row.codeText, AlignmentType.CENTER),
      cell(row.name),
      cell(row.budgetPlannedText, noBudget ? AlignmentType.CENTER : AlignmentType.RIGHT),
      cell(row.budgetSpentText, spentAlign),
      cell(row.statusText, AlignmentType.CENTER),
      cell(row.resultsText),
      cell(row.problems),
      cell(row.suggestions),
      cell(row.unit),
      evidenceCell(row),
    ],
  });
}

function detailsTable(model: ReportModel): Table {
  const labels = reportLabels(model.style.lang);
  const span = DETAIL_WIDTHS.length;
  const size = DETAIL_SIZE;
  const rows: TableRow[] = [headerRow(rowHeadings(labels), size)];
  const totalRow = (label: string, planned: number, spent: number) =>
    new TableRow({
      cantSplit: true,
      children: [
        textCell(label, { bold: true, columnSpan: 2, size }),
        textCell(formatSatang(planned, model.style), { bold: true, align: AlignmentType.RIGHT, size }),
        textCell(formatSatang(spent, model.style), { bold: true, align: AlignmentType.RIGHT, size }),
        textCell('', { columnSpan: span - 4, size }),
      ],
    });
  const headingRow = (text: string, options: CellOptions) =>
    new TableRow({ cantSplit: true, children: [textCell(text, { ...options, columnSpan: span, keepNext: true, size })] });
  for (const d of model.dimensions) {
    rows.push(headingRow(`${d.heading} ${d.name}`, { bold: true, shade: 'D9E2F3' }));
    for (const m of d.missions) {
      rows.push(headingRow(`${labels.mission} ${m.codeText}${m.name ? ` ${m.name}` : ''}`, { shade: 'F2F2F2' }));
      for (const row of m.rows) rows.push(detailRow(row));
    }
    rows.push(totalRow(labels.dimensionTotal(d.numberText), d.summary.budgetPlannedSatang, d.summary.budgetSpentSatang));
  }
  rows.push(totalRow(labels.total, model.overall.budgetPlannedSatang, model.overall.budgetSpentSatang));
  return table(DETAIL_WIDTHS, rows);
}

function summaryTable(model: ReportModel): Table {
  const labels = reportLabels(model.style.lang);
  const line = (cells: string[], bold: boolean) =>
    new TableRow({
      cantSplit: true,
      children: cells.map((c, i) => textCell(c, { bold, align: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT })),
    });
  return table(SUMMARY_WIDTHS, [
    headerRow(summaryHeadings(labels)),
    ...model.dimensions.map((d) => line(summaryCells({ ...d.summary, label: `${d.heading} ${d.name}` }, model.style), false)),
    line(summaryCells(model.overall, model.style), true),
  ]);
}

function targetsTable(model: ReportModel): Table {
  const labels = reportLabels(model.style.lang);
  const c = labels.targetColumns;
  return table(TARGET_WIDTHS, [
    headerRow([c.target, c.planned, c.recorded]),
    ...model.targets.map(
      (t) =>
        new TableRow({
          cantSplit: true,
          children: [
            textCell(t.label),
            textCell(t.planned, { align: AlignmentType.CENTER }),
            textCell(t.recorded, { align: AlignmentType.CENTER }),
          ],
        }),
    ),
  ]);
}

function heading(text: string, size = BODY_SIZE): Paragraph {
  return new Paragraph({ spacing: { before: 240, after: 120 }, keepNext: true, children: [new TextRun({ text, bold: true, size })] });
}

function narrative(entries: Array<{ code: string; name: string; text: string }>, none: string, style: ReportStyle): Paragraph[] {
  if (!entries.length) return [new Paragraph(none)];
  return entries.map(
    (e, i) =>
      new Paragraph({
        indent: { left: 360 },
        children: [new TextRun({ text: `${formatCount(i + 1, style)}. ${e.code} ${e.name}: `, bold: true }), new TextRun(e.text)],
      }),
  );
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;

function signatureTable(model: ReportModel): Table {
  const labels = reportLabels(model.style.lang);
  const dots = '.'.repeat(40);
  const cells = model.signatures.map(
    (s) =>
      new TableCell({
        borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
        children: [
          `${labels.signLine} ${dots}`,
          s.name ? `(${s.name})` : `(${dots})`,
          ...s.positionLines,
          s.caption,
        ].map((line) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(line)] })),
      }),
  );
  const third = Math.floor(CONTENT_WIDTH / 3);
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [third, third, CONTENT_WIDTH - 2 * third],
    layout: TableLayoutType.FIXED,
    borders: {
      top: NO_BORDER,
      bottom: NO_BORDER,
      left: NO_BORDER,
      right: NO_BORDER,
      insideHorizontal: NO_BORDER,
      insideVertical: NO_BORDER,
    },
    rows: [new TableRow({ cantSplit: true, children: cells })],
  });
}

/** The Word document; zip entry and property times are the snapshot's, so the same model gives the same bytes. */
export async function renderReportDocx(model: ReportModel): Promise<Buffer> {
  const labels = reportLabels(model.style.lang);
  const centered = (text: string, bold = false, size = BODY_SIZE) =>
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold, size })] });
  const children: Array<Paragraph | Table> = [
    ...model.title.map((line) => centered(line, true, TITLE_SIZE)),
    centered(model.organizationLine),
    ...(model.kind === 'annual' ? [centered(model.periodLine)] : []),
    centered(model.asOfLine),
    ...(model.compiledNote ? [new Paragraph({ children: [new TextRun({ text: model.compiledNote, bold: true, size: 30 })] })] : []),
    heading(labels.sections.summary),
    summaryTable(model),
    heading(labels.sections.targets),
    targetsTable(model),
    heading(labels.sections.details),
    detailsTable(model),
    ...model.notes.map((n) => new Paragraph({ children: [new TextRun({ text: `* ${n}`, size: 28 })] })),
    heading(labels.sections.narrative),
    heading(labels.problems),
    ...narrative(model.narrative.problems, labels.none, model.style),
    heading(labels.suggestions),
    ...narrative(model.narrative.suggestions, labels.none, model.style),
    new Paragraph({ spacing: { before: 480 }, children: [] }),
    signatureTable(model),
  ];
  const document = new Document({
    creator: model.organization.name,
    title: model.title.join(' '),
    description: model.organizationLine,
    lastModifiedBy: model.organization.name,
    styles: {
      default: {
        // Thai is a complex script to Word: the cs font, size and language are the ones its Thai text uses.
        document: { run: { font: DOCX_FONT, size: BODY_SIZE, language: { value: 'th-TH', bidirectional: 'th-TH' } } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE },
            margin: { ...MARGIN },
            pageNumbers: { start: 1, formatType: model.style.digits === 'thai' ? NumberFormat.THAI_NUMBERS : NumberFormat.DECIMAL },
          },
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })],
          }),
        },
        children,
      },
    ],
  });
  return normalizeOfficePackage(await Packer.toBuffer(document), model.createdAt);
}

import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
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
 * The report as an editable Word document: TH Sarabun New 16 pt (the official-document font), A4 landscape, real
 * tables whose header rows repeat on each page, so the coordinator can still correct a sentence before signing.
 */

export const DOCX_FONT = 'TH Sarabun New';
/** Half-points: 16 pt. */
const BODY_SIZE = 32;
const TITLE_SIZE = 36;
/** A4 landscape less 2 cm margins on each side, in twentieths of a point. */
const MARGIN = 1134;
const CONTENT_WIDTH = 16838 - 2 * MARGIN;
const DETAIL_COLUMN_PERCENTS = [5, 21, 8, 8, 9, 18, 9, 9, 8, 5];
const SUMMARY_COLUMN_PERCENTS = [25, 7, 7, 8, 8, 6, 8, 11, 11, 9];

function widths(percents: number[]): number[] {
  const raw = percents.map((p) => Math.floor((CONTENT_WIDTH * p) / 100));
  raw[raw.length - 1]! += CONTENT_WIDTH - raw.reduce((a, b) => a + b, 0);
  return raw;
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

interface CellOptions {
  bold?: boolean;
  align?: Align;
  shade?: string;
  columnSpan?: number;
}

function paragraphs(text: string, options: CellOptions = {}): Paragraph[] {
  return text.split('\n').map(
    (line) =>
      new Paragraph({
        alignment: options.align ?? AlignmentType.LEFT,
        children: [new TextRun({ text: line, bold: options.bold ?? false })],
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

function headerRow(headings: string[]): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: headings.map((h) => textCell(h, { bold: true, align: AlignmentType.CENTER, shade: 'E8E8E8' })),
  });
}

function table(columnPercents: number[], rows: TableRow[]): Table {
  const columnWidths = widths(columnPercents);
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    rows,
  });
}

function evidenceCell(row: ReportRow): TableCell {
  if (!row.evidence.length) return textCell('-', { align: AlignmentType.CENTER });
  return new TableCell({
    children: row.evidence.map(
      (e) =>
        new Paragraph({
          children: [
            e.url
              ? new ExternalHyperlink({ link: e.url, children: [new TextRun({ text: e.fileName, style: 'Hyperlink' })] })
              : new TextRun(e.fileName),
          ],
        }),
    ),
  });
}

function detailRow(row: ReportRow): TableRow {
  const noBudget = row.budgetPlannedSatang === null;
  return new TableRow({
    cantSplit: true,
    children: [
      textCell(row.codeText, { align: AlignmentType.CENTER }),
      textCell(row.name),
      textCell(row.budgetPlannedText, { align: noBudget ? AlignmentType.CENTER : AlignmentType.RIGHT }),
      textCell(row.budgetSpentText, {
        align: row.budgetSpentSatang === null || (noBudget && row.budgetSpentSatang === 0) ? AlignmentType.CENTER : AlignmentType.RIGHT,
      }),
      textCell(row.statusText, { align: AlignmentType.CENTER }),
      textCell(row.resultsText),
      textCell(row.problems),
      textCell(row.suggestions),
      textCell(row.unit),
      evidenceCell(row),
    ],
  });
}

function detailsTable(model: ReportModel): Table {
  const labels = reportLabels(model.style.lang);
  const span = DETAIL_COLUMN_PERCENTS.length;
  const rows: TableRow[] = [headerRow(rowHeadings(labels))];
  const totalRow = (label: string, planned: number, spent: number) =>
    new TableRow({
      cantSplit: true,
      children: [
        textCell(label, { bold: true, columnSpan: 2 }),
        textCell(formatSatang(planned, model.style), { bold: true, align: AlignmentType.RIGHT }),
        textCell(formatSatang(spent, model.style), { bold: true, align: AlignmentType.RIGHT }),
        textCell('', { columnSpan: span - 4 }),
      ],
    });
  for (const d of model.dimensions) {
    rows.push(new TableRow({ cantSplit: true, children: [textCell(`${d.heading} ${d.name}`, { bold: true, columnSpan: span, shade: 'D9E2F3' })] }));
    for (const m of d.missions) {
      const label = `${labels.mission} ${m.codeText}${m.name ? ` ${m.name}` : ''}`;
      rows.push(new TableRow({ cantSplit: true, children: [textCell(label, { columnSpan: span, shade: 'F2F2F2' })] }));
      for (const row of m.rows) rows.push(detailRow(row));
    }
    rows.push(totalRow(labels.dimensionTotal(d.numberText), d.summary.budgetPlannedSatang, d.summary.budgetSpentSatang));
  }
  rows.push(totalRow(labels.total, model.overall.budgetPlannedSatang, model.overall.budgetSpentSatang));
  return table(DETAIL_COLUMN_PERCENTS, rows);
}

function summaryTable(model: ReportModel): Table {
  const labels = reportLabels(model.style.lang);
  const line = (cells: string[], bold: boolean) =>
    new TableRow({
      cantSplit: true,
      children: cells.map((c, i) => textCell(c, { bold, align: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT })),
    });
  return table(SUMMARY_COLUMN_PERCENTS, [
    headerRow(summaryHeadings(labels)),
    ...model.dimensions.map((d) => line(summaryCells({ ...d.summary, label: `${d.heading} ${d.name}` }, model.style), false)),
    line(summaryCells(model.overall, model.style), true),
  ]);
}

function targetsTable(model: ReportModel): Table {
  const labels = reportLabels(model.style.lang);
  const c = labels.targetColumns;
  return table([50, 25, 25], [
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
        document: { run: { font: DOCX_FONT, size: BODY_SIZE } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE },
            margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN },
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

import { readFileSync } from 'node:fs';
import { escapeHtml } from '../../domain/messages';
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
  type ReportSummary,
} from '../../domain/report';

/**
 * The report as one self-contained, printable A4 HTML page: Sarabun is embedded as data URLs and the charts are
 * inline SVG, so the page opens offline and prints the same anywhere (the PDF is this page printed by Chromium).
 * Output is a pure function of the model: the same model gives the same bytes.
 */

const FONT_SUBSETS = ['thai', 'latin', 'latin-ext'] as const;
const FONT_WEIGHTS = [400, 700] as const;

let fontFaceCss: string | undefined;

/** @font-face rules for Sarabun's Thai and Latin subsets, with the unicode ranges fontsource publishes. */
function sarabunFontFaces(): string {
  if (fontFaceCss !== undefined) return fontFaceCss;
  const rules: string[] = [];
  for (const weight of FONT_WEIGHTS) {
    const css = readFileSync(require.resolve(`@fontsource/sarabun/${weight}.css`), 'utf8');
    for (const subset of FONT_SUBSETS) {
      const block = new RegExp(`/\\* sarabun-${subset}-${weight}-normal \\*/\\s*@font-face \\{([^}]*)\\}`).exec(css);
      const range = block ? /unicode-range:\s*([^;]+);/.exec(block[1]!)?.[1] : undefined;
      if (!range) throw new Error(`Sarabun ${subset} ${weight}: unicode-range not found in @fontsource/sarabun`);
      const file = readFileSync(require.resolve(`@fontsource/sarabun/files/sarabun-${subset}-${weight}-normal.woff2`));
      rules.push(
        `@font-face{font-family:'Sarabun';font-style:normal;font-weight:${weight};font-display:block;` +
          `src:url(data:font/woff2;base64,${file.toString('base64')}) format('woff2');unicode-range:${range};}`,
      );
    }
  }
  fontFaceCss = rules.join('\n');
  return fontFaceCss;
}


const STYLE = `
@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm;
  @bottom-center { content: counter(page); font-family: 'Sarabun', sans-serif; font-size: 10pt; } }
* { box-sizing: border-box; }
body { font-family: 'Sarabun', sans-serif; font-size: 12pt; line-height: 1.45; color: #000; margin: 0; }
@media screen { body { max-width: 297mm; margin: 0 auto; padding: 12mm 10mm; } }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2pt; font-weight: 700; }
h2 { font-size: 14pt; margin: 12pt 0 6pt; font-weight: 700; break-after: avoid; }
h3 { font-size: 13pt; margin: 10pt 0 4pt; font-weight: 700; break-after: avoid; }
.doc-header { text-align: center; margin-bottom: 8pt; }
.doc-header p { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.75pt solid #000; padding: 2pt 4pt; vertical-align: top; }
th { background: #e8e8e8; font-weight: 700; text-align: center; vertical-align: middle; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.center { text-align: center; }
td.multiline { white-space: pre-line; }
.details { font-size: 10.5pt; }
tr.dimension td { background: #d9e2f3; font-weight: 700; }
tr.mission td { background: #f2f2f2; font-style: normal; }
tr.total td, tr.subtotal td { font-weight: 700; background: #fafafa; }
.charts { display: flex; gap: 8mm; justify-content: space-between; break-inside: avoid; }
.charts figure { margin: 0; flex: 1; }
.charts figcaption { font-weight: 700; text-align: center; margin-bottom: 2pt; }
.narrative li { margin-bottom: 2pt; }
.digits-thai .narrative ol { list-style-type: thai; }
.signatures { display: flex; justify-content: space-around; margin-top: 18pt; break-inside: avoid; }
.signature { text-align: center; min-width: 75mm; }
.signature p { margin: 0; }
.notes { font-size: 10pt; margin-top: 8pt; }
.compiled-note { border: 1.5pt solid #b71c1c; padding: 4pt 8pt; font-weight: bold; }
.status-done { color: #1b5e20; }
.status-cancelled { color: #b71c1c; }
a { color: #0d47a1; word-break: break-all; }
`;

function cell(text: string, className?: string, extra = ''): string {
  return `<td${className ? ` class="${className}"` : ''}${extra}>${escapeHtml(text)}</td>`;
}

function summaryRow(summary: ReportSummary, style: ReportStyle, className: string): string {
  const cells = summaryCells(summary, style);
  return `<tr class="${className}">${cells.map((c, i) => cell(c, i === 0 ? '' : 'num')).join('')}</tr>`;
}

function summaryTable(model: ReportModel): string {
  const labels = reportLabels(model.style.lang);
  const head = summaryHeadings(labels).map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = model.dimensions.map((d) => summaryRow({ ...d.summary, label: `${d.heading} ${d.name}` }, model.style, 'dimension-summary')).join('');
  const cols = [25, 7, 7, 8, 8, 6, 8, 11, 11, 9].map((w) => `<col style="width:${w}%">`).join('');
  return `<table class="summary"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>${body}${summaryRow(model.overall, model.style, 'total')}</tbody></table>`;
}

/** The year before beside this one (annual report): the summary's columns, one row per year. */
function comparisonSection(model: ReportModel): string {
  if (!model.comparison) return '';
  const labels = reportLabels(model.style.lang);
  const head = summaryHeadings(labels).map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = model.comparison.rows.map((row) => summaryRow(row, model.style, 'comparison-year')).join('');
  const note = model.comparison.note ? `<p class="note">${escapeHtml(model.comparison.note)}</p>` : '';
  return `<h3>${escapeHtml(model.comparison.heading)}</h3><table class="summary comparison"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${note}`;
}

function targetsTable(model: ReportModel): string {
  const labels = reportLabels(model.style.lang);
  const c = labels.targetColumns;
  const rows = model.targets
    .map((t) => `<tr>${cell(t.label)}${cell(t.planned, 'center')}${cell(t.recorded, 'center')}</tr>`)
    .join('');
  return `<table class="targets"><thead><tr><th>${escapeHtml(c.target)}</th><th>${escapeHtml(c.planned)}</th><th>${escapeHtml(c.recorded)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function evidenceCell(row: ReportRow): string {
  if (!row.evidence.length) return cell('-', 'center');
  const links = row.evidence
    .map((e) => (e.url ? `<a href="${escapeHtml(e.url)}">${escapeHtml(e.fileName)}</a>` : escapeHtml(e.fileName)))
    .join('<br>');
  return `<td>${links}</td>`;
}

function detailRow(row: ReportRow): string {
  const statusClass = row.status === 'done' ? ' status-done' : row.status === 'cancelled' ? ' status-cancelled' : '';
  return (
    '<tr>' +
    cell(row.codeText, 'center') +
    cell(row.name, 'name') +
    cell(row.budgetPlannedText, row.budgetPlannedSatang === null ? 'center' : 'num') +
    cell(row.budgetSpentText, row.budgetSpentSatang === null || (row.budgetPlannedSatang === null && row.budgetSpentSatang === 0) ? 'center' : 'num') +
    cell(row.statusText, `center${statusClass}`) +
    cell(row.resultsText, 'multiline') +
    cell(row.problems, 'multiline') +
    cell(row.suggestions, 'multiline') +
    cell(row.unit) +
    evidenceCell(row) +
    '</tr>'
  );
}

/** Percent of the table per column, in rowHeadings order; names and results need the most room. */
const DETAIL_COLUMN_WIDTHS = [5, 21, 8, 8, 9, 18, 9, 9, 8, 5] as const;

function detailsTable(model: ReportModel): string {
  const labels = reportLabels(model.style.lang);
  const headings = rowHeadings(labels);
  const head = headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const span = headings.length;
  const body: string[] = [];
  for (const d of model.dimensions) {
    body.push(`<tr class="dimension"><td colspan="${span}">${escapeHtml(`${d.heading} ${d.name}`)}</td></tr>`);
    for (const m of d.missions) {
      const missionLabel = `${labels.mission} ${m.codeText}${m.name ? ` ${m.name}` : ''}`;
      body.push(`<tr class="mission"><td colspan="${span}">${escapeHtml(missionLabel)}</td></tr>`);
      for (const row of m.rows) body.push(detailRow(row));
    }
    body.push(
      `<tr class="subtotal"><td colspan="2">${escapeHtml(labels.dimensionTotal(d.numberText))}</td>` +
        cell(formatSatang(d.summary.budgetPlannedSatang, model.style), 'num') +
        cell(formatSatang(d.summary.budgetSpentSatang, model.style), 'num') +
        `<td colspan="${span - 4}"></td></tr>`,
    );
  }
  body.push(
    `<tr class="total"><td colspan="2">${escapeHtml(labels.total)}</td>` +
      cell(formatSatang(model.overall.budgetPlannedSatang, model.style), 'num') +
      cell(formatSatang(model.overall.budgetSpentSatang, model.style), 'num') +
      `<td colspan="${span - 4}"></td></tr>`,
  );
  const cols = DETAIL_COLUMN_WIDTHS.map((w) => `<col style="width:${w}%">`).join('');
  return `<table class="details"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

const STATUS_COLOURS = { done: '#2e7d32', inProgress: '#f9a825', notStarted: '#9e9e9e', cancelled: '#c62828' } as const;
const BUDGET_COLOURS = { planned: '#1565c0', spent: '#64b5f6' } as const;

function svgText(x: number, y: number, text: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="Sarabun, sans-serif" font-size="11"${attrs ? ` ${attrs}` : ''}>${escapeHtml(text)}</text>`;
}

/** Legend entries in fixed-width slots: Thai text width cannot be measured without a layout engine. */
function legend(entries: Array<{ colour: string; label: string }>, y: number, slot: number): string {
  return entries
    .map((e, i) => {
      const x = 4 + i * slot;
      return `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${e.colour}"/>` + svgText(x + 14, y, e.label);
    })
    .join('');
}

/** Stacked bars: how many items of each dimension are done, in progress, not started and cancelled. */
export function statusChartSvg(model: ReportModel): string {
  const labels = reportLabels(model.style.lang);
  const width = 480;
  const barLeft = 100;
  const barWidth = width - barLeft - 40;
  const rowHeight = 30;
  const height = model.dimensions.length * rowHeight + 44;
  const max = Math.max(1, ...model.dimensions.map((d) => d.summary.planned));
  const parts: string[] = [];
  model.dimensions.forEach((d, i) => {
    const y = 8 + i * rowHeight;
    parts.push(svgText(4, y + 15, d.heading));
    let x = barLeft;
    const segments: Array<[keyof typeof STATUS_COLOURS, number]> = [
      ['done', d.summary.done],
      ['inProgress', d.summary.inProgress],
      ['notStarted', d.summary.notStarted],
      ['cancelled', d.summary.cancelled],
    ];
    for (const [key, count] of segments) {
      if (!count) continue;
      const w = (count / max) * barWidth;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="20" fill="${STATUS_COLOURS[key]}"/>`);
      if (w >= 14) parts.push(svgText(x + w / 2, y + 14.5, formatCount(count, model.style), 'fill="#fff" text-anchor="middle"'));
      x += w;
    }
    parts.push(svgText(x + 4, y + 14.5, formatCount(d.summary.planned, model.style)));
  });
  parts.push(
    legend(
      [
        { colour: STATUS_COLOURS.done, label: labels.statuses.done },
        { colour: STATUS_COLOURS.inProgress, label: labels.statuses.in_progress },
        { colour: STATUS_COLOURS.notStarted, label: labels.statuses.not_started },
        { colour: STATUS_COLOURS.cancelled, label: labels.statuses.cancelled },
      ],
      height - 12,
      118,
    ),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(labels.charts.status)}">${parts.join('')}</svg>`;
}

/** Paired bars: budget planned and spent per dimension, with the amounts written beside them. */
export function budgetChartSvg(model: ReportModel): string {
  const labels = reportLabels(model.style.lang);
  const width = 480;
  const barLeft = 100;
  const barWidth = width - barLeft - 110;
  const rowHeight = 36;
  const height = model.dimensions.length * rowHeight + 44;
  const max = Math.max(1, ...model.dimensions.flatMap((d) => [d.summary.budgetPlannedSatang, d.summary.budgetSpentSatang]));
  const parts: string[] = [];
  model.dimensions.forEach((d, i) => {
    const y = 8 + i * rowHeight;
    parts.push(svgText(4, y + 19, d.heading));
    const bars: Array<[keyof typeof BUDGET_COLOURS, number]> = [
      ['planned', d.summary.budgetPlannedSatang],
      ['spent', d.summary.budgetSpentSatang],
    ];
    bars.forEach(([key, amount], j) => {
      const w = (amount / max) * barWidth;
      const top = y + j * 14;
      parts.push(`<rect x="${barLeft}" y="${top}" width="${w.toFixed(1)}" height="12" fill="${BUDGET_COLOURS[key]}"/>`);
      parts.push(svgText(barLeft + w + 4, top + 10, formatSatang(amount, model.style), 'font-size="10"'));
    });
  });
  parts.push(
    legend(
      [
        { colour: BUDGET_COLOURS.planned, label: `${labels.charts.planned} (${labels.charts.baht})` },
        { colour: BUDGET_COLOURS.spent, label: `${labels.charts.spent} (${labels.charts.baht})` },
      ],
      height - 12,
      150,
    ),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(labels.charts.budget)}">${parts.join('')}</svg>`;
}

function narrativeList(entries: Array<{ code: string; name: string; text: string }>, none: string): string {
  if (!entries.length) return `<p>${escapeHtml(none)}</p>`;
  return `<ol>${entries.map((e) => `<li><strong>${escapeHtml(`${e.code} ${e.name}`)}</strong>: ${escapeHtml(e.text)}</li>`).join('')}</ol>`;
}

function signatures(model: ReportModel): string {
  const labels = reportLabels(model.style.lang);
  const blocks = model.signatures.map((s) => {
    const name = s.name ? `(${s.name})` : '(' + '.'.repeat(40) + ')';
    return (
      '<div class="signature">' +
      `<p>${escapeHtml(labels.signLine)} ${'.'.repeat(40)} </p>` +
      `<p>${escapeHtml(name)}</p>` +
      s.positionLines.map((l) => `<p>${escapeHtml(l)}</p>`).join('') +
      `<p>${escapeHtml(s.caption)}</p>` +
      '</div>'
    );
  });
  return `<section class="signatures">${blocks.join('')}</section>`;
}

export function renderReportHtml(model: ReportModel): string {
  const labels = reportLabels(model.style.lang);
  const lang = model.style.lang;
  const thaiDigits = model.style.lang === 'th' && model.style.digits === 'thai';
  const pageCounter = thaiDigits ? '@page { @bottom-center { content: counter(page, thai); } }' : '';
  const notes = model.notes.length
    ? `<div class="notes">${model.notes.map((n) => `<p>* ${escapeHtml(n)}</p>`).join('')}</div>`
    : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}"${thaiDigits ? ' class="digits-thai"' : ''}>`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(model.title.join(' '))}</title>`,
    `<style>\n${sarabunFontFaces()}\n${STYLE}${pageCounter}</style>`,
    '</head>',
    '<body>',
    '<header class="doc-header">',
    `<h1>${model.title.map(escapeHtml).join('<br>')}</h1>`,
    `<p class="organization">${escapeHtml(model.organizationLine)}</p>`,
    model.kind === 'annual' ? `<p class="period">${escapeHtml(model.periodLine)}</p>` : '',
    `<p class="as-of">${escapeHtml(model.asOfLine)}</p>`,
    model.compiledNote ? `<p class="compiled-note" role="note">${escapeHtml(model.compiledNote)}</p>` : '',
    '</header>',
    `<section class="summary-section"><h2>${escapeHtml(labels.sections.summary)}</h2>`,
    summaryTable(model),
    `<h3>${escapeHtml(labels.sections.charts)}</h3>`,
    '<div class="charts">',
    `<figure><figcaption>${escapeHtml(labels.charts.status)}</figcaption>${statusChartSvg(model)}</figure>`,
    `<figure><figcaption>${escapeHtml(labels.charts.budget)}</figcaption>${budgetChartSvg(model)}</figure>`,
    '</div>',
    `<h3>${escapeHtml(labels.sections.targets)}</h3>`,
    targetsTable(model),
    comparisonSection(model),
    '</section>',
    `<section class="details-section"><h2>${escapeHtml(labels.sections.details)}</h2>`,
    detailsTable(model),
    notes,
    '</section>',
    `<section class="narrative"><h2>${escapeHtml(labels.sections.narrative)}</h2>`,
    `<h3>${escapeHtml(labels.problems)}</h3>`,
    narrativeList(model.narrative.problems, labels.none),
    `<h3>${escapeHtml(labels.suggestions)}</h3>`,
    narrativeList(model.narrative.suggestions, labels.none),
    '</section>',
    signatures(model),
    '</body>',
    '</html>',
  ]
    .filter((part) => part !== '')
    .join('\n')
    .concat('\n');
}

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UnusableDocumentError } from '../domain/importer/errors';
import type { ExtractedText } from '../domain/importer/ocr';
import { joinPdfLines } from '../domain/importer/thai-pdf-repair';
import { assertOcrAvailable, ocrPdfPage, type OcrOptions } from './pdf-ocr';

/**
 * The text of a born-digital PDF (a plan exported from Word), in the layout the plan importer reads: poppler's
 * `pdftotext -bbox-layout` gives every word with its box, and the boxes rebuild what the extractor flattens.
 * Paragraphs come out one per line with a blank line between (as in the seed's converted text); a table row,
 * recognised by cells standing side by side or indented from the margin, comes out as one line of
 * tab-separated cells, a cell of several paragraphs as `<p>...</p>` parts (see domain/importer/cells.ts).
 * Pages without a text layer (scans) are read by OCR, see infra/pdf-ocr.ts.
 */

const PDFTOTEXT_TIMEOUT_MS = 120_000;

export interface PdfWord {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}
export interface PdfLine {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  words: PdfWord[];
}
export interface PdfBlock {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  lines: PdfLine[];
}
export interface PdfPage {
  width: number;
  height: number;
  blocks: PdfBlock[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) =>
    e.startsWith('#x') || e.startsWith('#X')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] ?? whole),
  );
const box = (attrs: string) => {
  const n = (name: string) => Number(new RegExp(`${name}="([-0-9.]+)"`).exec(attrs)?.[1] ?? NaN);
  return { x0: n('xMin'), y0: n('yMin'), x1: n('xMax'), y1: n('yMax') };
};

/** The pages of `pdftotext -bbox-layout` output. */
export function parseBboxLayout(xhtml: string): PdfPage[] {
  const pages: PdfPage[] = [];
  for (const page of xhtml.matchAll(/<page width="([0-9.]+)" height="([0-9.]+)">([\s\S]*?)<\/page>/g)) {
    const blocks: PdfBlock[] = [];
    for (const block of page[3]!.matchAll(/<block ([^>]*)>([\s\S]*?)<\/block>/g)) {
      const lines: PdfLine[] = [];
      for (const line of block[2]!.matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)) {
        const words = [...line[2]!.matchAll(/<word ([^>]*)>([\s\S]*?)<\/word>/g)].map((w) => ({ ...box(w[1]!), text: decode(w[2]!) }));
        if (words.length > 0) lines.push({ ...box(line[1]!), words });
      }
      if (lines.length > 0) blocks.push({ ...box(block[1]!), lines });
    }
    pages.push({ width: Number(page[1]), height: Number(page[2]), blocks });
  }
  return pages;
}

const COMBINING_ONLY = /^[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]+$/;
/** Starts of the template's numbered, bulleted and labelled paragraphs (headings, the indicator labels ผลผลิต, ผลลัพธ์). */
const LIST_START = /^(?:[-•*–]|[(]?[0-9๐-๙]+[.)]|มิติที่|มิตินี้|ส่วนที่|ภารกิจที่|ชื่อ|ผลผลิต|ผลลัพธ์|รายละเอียดโครงการ|ลำดับที่|โครงการที่)/;
/**
 * Gaps narrower than this share of the line height are no space in the source: the extractor split a word
 * where a mark is drawn as a glyph of its own ("ป้ องกัน", "ในกรณี ได้ทราบ"); a real space is three times wider.
 */
const JOIN_GAP = 0.12;
/** Boxes whose tops differ by less than this stand on one line. */
const SAME_LINE = 1.5;

interface TextLine {
  page: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  text: string;
  /** Width of the first word, as far as a line break could have split it. */
  firstWidth: number;
  /** No other line stands beside it. */
  alone: boolean;
}

let segmenter: Intl.Segmenter | undefined;

/** A gap this wide between two words on one baseline separates table cells, not words. */
const CELL_GAP = 9;

function firstWidth(words: readonly PdfWord[]): number {
  // Fragments split at a displaced mark touch; together they are the word a line break could not split.
  let i = 0;
  while (i + 1 < words.length && words[i + 1]!.x0 - words[i]!.x1 < 1.5) i++;
  const text = words.slice(0, i + 1).map((w) => w.text).join('');
  segmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  // Punctuation before the first word ("(คำนวณ") cannot be left behind at a line end.
  let first = '';
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    first += segment;
    if (isWordLike) break;
  }
  return ((words[i]!.x1 - words[0]!.x0) * first.length) / Math.max(1, text.length);
}

/**
 * The page's text lines: boxes on one baseline merged (a stranded mark comes as a line of its own), split
 * where a wide gap separates cells, a zero-width mark put back into the word it stands over, and words
 * joined by a space unless they touch.
 */
function textLines(page: PdfPage, index: number): TextLine[] {
  const rows: PdfWord[][] = [];
  const all = page.blocks.flatMap((b) => b.lines).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  for (const line of all) {
    const row = rows.find((r) => Math.abs(r[0]!.y0 - line.y0) < SAME_LINE);
    if (row) row.push(...line.words);
    else rows.push([...line.words]);
  }
  const out: TextLine[] = [];
  for (const row of rows) {
    const sorted = row.sort((a, b) => a.x0 - b.x0);
    const marks = sorted.filter((w) => COMBINING_ONLY.test(w.text) && w.x1 - w.x0 < 0.5);
    const words = sorted.filter((w) => !marks.includes(w)).map((w) => ({ ...w }));
    for (const mark of marks) {
      const host = [...words].reverse().find((w) => w.x0 <= mark.x0 + 0.5) ?? words[0];
      if (host) host.text += mark.text;
    }
    let piece: PdfWord[] = [];
    const flush = () => {
      if (piece.length === 0) return;
      let text = '';
      piece.forEach((w, i) => {
        text += i === 0 || w.x0 - piece[i - 1]!.x1 < JOIN_GAP * (w.y1 - w.y0) ? w.text : ` ${w.text}`;
      });
      out.push({
        page: index,
        x0: piece[0]!.x0,
        x1: Math.max(...piece.map((w) => w.x1)),
        y0: Math.min(...piece.map((w) => w.y0)),
        y1: Math.max(...piece.map((w) => w.y1)),
        text,
        firstWidth: firstWidth(piece),
        alone: false,
      });
      piece = [];
    };
    words.forEach((w, i) => {
      if (i > 0 && w.x0 - words[i - 1]!.x1 > CELL_GAP) flush();
      piece.push(w);
    });
    flush();
  }
  for (const line of out) line.alone = !out.some((o) => o !== line && Math.abs(o.y0 - line.y0) < SAME_LINE);
  return out;
}

/**
 * Where a paragraph ends: a line that left room for the first word of the next one was not wrapped. In
 * running text a numbered or bulleted line starts a paragraph of its own too; in a table cell it need not
 * (a Part 2 cell runs "๓.๒ ... ๓.๒.๑ ..." on in one paragraph).
 */
function paragraphs(lines: readonly TextLine[], right: number, listsBreak: boolean): Array<{ text: string; page: number }> {
  const out: TextLine[][] = [];
  let current: TextLine[] = [];
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (prev && ((listsBreak && LIST_START.test(line.text)) || prev.x1 + 5 + line.firstWidth < right)) {
      out.push(current);
      current = [];
    }
    current.push(line);
  });
  if (current.length) out.push(current);
  return out.map((group) => ({ text: joinPdfLines(group.map((l) => l.text)), page: group[0]!.page })).filter((p) => p.text !== '');
}

/** Where text may stand on a page, per page size (a landscape section has its own margins). */
interface PageLayout {
  margin: (page: number) => number;
  rightEdge: (page: number) => number;
  /** The lowest text of any page of this size: the bottom margin. */
  bottom: (page: number) => number;
  /** The usual distance from one line of a paragraph to the next. */
  pitch: number;
}

/**
 * The line spacing of the body text: the common distance between lines that start at one x on one page.
 * A table row's first line stands lower than that by the cells' borders and padding.
 */
function linePitch(lines: readonly TextLine[]): number {
  const spacing: number[] = [];
  const previous = new Map<string, TextLine>();
  for (const l of lines) {
    const key = `${l.page}:${Math.round(l.x0)}`;
    const before = previous.get(key);
    if (before && l.y0 - before.y0 < 2 * (l.y1 - l.y0)) spacing.push(l.y0 - before.y0);
    previous.set(key, l);
  }
  spacing.sort((a, b) => a - b);
  return spacing[Math.floor(spacing.length / 4)] ?? Infinity;
}

/** The plan text of the pages, laid out for the importer. */
export function layoutPdfText(pages: readonly PdfPage[]): string {
  return `${layoutPdfLines(pages).map((l) => l.text).join('\n').trimEnd()}\n`;
}

/** The lines of layoutPdfText, each with the 0-based index of the page it starts on (a blank line has its neighbour's). */
export function layoutPdfLines(pages: readonly PdfPage[]): Array<{ text: string; page: number }> {
  const lines = pages.flatMap(textLines);
  // Margins per page size: a landscape section has its own.
  const sizeKey = (p: number) => `${Math.round(pages[p]!.width)}x${Math.round(pages[p]!.height)}`;
  const leftMargin = new Map<string, number>();
  for (const l of lines) leftMargin.set(sizeKey(l.page), Math.min(leftMargin.get(sizeKey(l.page)) ?? Infinity, l.x0));
  const lowest = new Map<string, number>();
  for (const l of lines) lowest.set(sizeKey(l.page), Math.max(lowest.get(sizeKey(l.page)) ?? 0, l.y1));
  const margin = (p: number) => leftMargin.get(sizeKey(p))!;
  const rightEdge = (p: number) => pages[p]!.width - margin(p);
  const layout: PageLayout = { margin, rightEdge, bottom: (p) => lowest.get(sizeKey(p))!, pitch: linePitch(lines) };
  const inTable = (l: TextLine) => !l.alone || l.x0 > margin(l.page) + 2;

  const out: Array<{ text: string; page: number }> = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    if (!inTable(lines[i]!)) {
      while (i < lines.length && !inTable(lines[i]!)) i++;
      for (const p of paragraphs(lines.slice(start, i), rightEdge(lines[start]!.page), true)) out.push(p, { text: '', page: p.page });
      continue;
    }
    while (i < lines.length && inTable(lines[i]!)) i++;
    out.push(...tableRows(lines.slice(start, i), layout));
  }
  while (out.length > 0 && out.at(-1)!.text.trim() === '') out.pop();
  return out;
}

/** How much lower than the line spacing a row's first line stands at least (borders and padding). */
const ROW_STEP = 0.3;
/** Where cell text starts, within this much, is one column. */
const COLUMN_TOLERANCE = 4;

/**
 * Table lines as rows of tab-separated cells. A column is where cell text starts. A cell starts where its
 * column's text resumes lower than the line spacing (the cells' borders and padding); a row starts where
 * two cells start side by side, or one does while no other column is in the middle of a cell. A row that
 * fills its page to the bottom margin goes on at the top of the next page (Word lets rows break across
 * pages). Adjacent tables (Word keeps no text between them) part where a row's columns are mostly new.
 */
function tableRows(lines: readonly TextLine[], layout: PageLayout): Array<{ text: string; page: number }> {
  const { margin, rightEdge, bottom, pitch } = layout;
  const keys: number[] = [];
  const keyOf = (l: TextLine) => {
    const found = keys.find((k) => Math.abs(k - l.x0) < COLUMN_TOLERANCE);
    if (found !== undefined) return found;
    keys.push(l.x0);
    return l.x0;
  };
  const bands: Array<{ lines: TextLine[]; starting: number; continuing: number }> = [];
  const last = new Map<number, TextLine>();
  for (const l of lines) {
    let band = bands.at(-1);
    if (!band || band.lines[0]!.page !== l.page || Math.abs(band.lines[0]!.y0 - l.y0) >= SAME_LINE) {
      band = { lines: [], starting: 0, continuing: 0 };
      bands.push(band);
    }
    band.lines.push(l);
    const before = last.get(keyOf(l));
    if (!before || before.page !== l.page || l.y0 - before.y0 > pitch + ROW_STEP) band.starting++;
    else band.continuing++;
    last.set(keyOf(l), l);
  }
  const rows: TextLine[][] = [];
  bands.forEach((band, i) => {
    const previous = bands[i - 1]?.lines;
    const newPage = !previous || previous[0]!.page !== band.lines[0]!.page;
    // A row that filled its page to the bottom margin goes on at the top of the next, in its own columns
    // (the header row of the next table does not).
    const open = rows.at(-1);
    const carriedOver =
      previous &&
      open &&
      newPage &&
      Math.max(...previous.map((l) => l.y1)) > bottom(previous[0]!.page) - 2 * (previous[0]!.y1 - previous[0]!.y0) &&
      band.lines.every((l) => open.some((o) => keyOf(o) === keyOf(l)));
    if (i === 0 || (newPage && !carriedOver) || (!newPage && (band.starting >= 2 || (band.starting >= 1 && band.continuing === 0)))) rows.push([]);
    rows.at(-1)!.push(...band.lines);
  });

  const tables: TextLine[][][] = [];
  let columns = new Set<number>();
  for (const row of rows) {
    const rowKeys = [...new Set(row.map(keyOf))];
    const fresh = rowKeys.filter((k) => !columns.has(k)).length;
    if (tables.length === 0 || (rowKeys.length >= 2 && fresh * 2 > rowKeys.length)) {
      tables.push([]);
      columns = new Set();
    }
    tables.at(-1)!.push(row);
    for (const k of rowKeys) columns.add(k);
  }

  const out: Array<{ text: string; page: number }> = [];
  for (const table of tables) {
    const starts = [...new Set(table.flat().map(keyOf))].sort((a, b) => a - b);
    const padding = Math.max(0, starts[0]! - margin(table[0]![0]!.page));
    for (const row of table) {
      const cells = starts.map((start, column) => {
        const right = (starts[column + 1] ?? rightEdge(row[0]!.page) + padding) - 2 * padding;
        return paragraphs(row.filter((l) => keyOf(l) === start), right, false).map((p) => p.text);
      });
      const page = row[0]!.page;
      out.push({ text: cells.map((c) => (c.length > 1 ? c.map((p) => `<p>${p}</p>`).join('') : (c[0] ?? ''))).join('\t'), page });
    }
    out.push({ text: '', page: table.at(-1)![0]!.page });
  }
  return out;
}

function runPdftotext(command: string, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      ['-bbox-layout', '-enc', 'UTF-8', file, '-'],
      { timeout: PDFTOTEXT_TIMEOUT_MS, maxBuffer: 512 << 20, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(
            new UnusableDocumentError('BINARY', {
              th: 'อ่านไฟล์ PDF ไม่ได้เพราะเครื่องนี้ไม่มีโปรแกรม pdftotext (ติดตั้งแพ็กเกจ Debian poppler-utils)',
              en: 'PDF import needs pdftotext, which is not installed here (install the Debian package poppler-utils)',
            }),
          );
        }
        const reason = (stderr || err.message).trim().split('\n')[0];
        reject(
          new UnusableDocumentError('BINARY', {
            th: `อ่านไฟล์ PDF ไม่ได้ (${reason})`,
            en: `the PDF file cannot be read (${reason})`,
          }),
        );
      },
    );
  });
}

export interface PdfTextOptions extends OcrOptions {
  /** The pdftotext program; the one on PATH unless told. */
  pdftotext?: string;
  /** Called after each page read by OCR, with how many of the pages needing OCR are done. */
  onOcrPage?: (done: number, of: number) => void;
}

/** A page with fewer letters than this has no text layer worth the name (a page number, a stamp): it is read by OCR. */
export const MIN_TEXT_LAYER_CHARS = 40;

const lettersOf = (page: PdfPage) =>
  page.blocks.reduce((n, b) => n + b.lines.reduce((m, l) => m + l.words.reduce((k, w) => k + w.text.replace(/\s/g, '').length, 0), 0), 0);

/** 0-based indexes of the pages without a text layer. */
export function pagesWithoutText(pages: readonly PdfPage[]): number[] {
  return pages.flatMap((p, i) => (lettersOf(p) < MIN_TEXT_LAYER_CHARS ? [i] : []));
}

/** The plan text of laid-out pages, with the OCR-read page of each line (see ExtractedText). */
export function planTextOfPages(pages: readonly PdfPage[], ocrPages: readonly number[]): ExtractedText {
  const lines = layoutPdfLines(pages);
  const text = `${lines.map((l) => l.text).join('\n').trimEnd()}\n`;
  if (text.trim() === '') {
    throw new UnusableDocumentError('EMPTY', {
      th: 'ไฟล์ PDF ไม่มีข้อความ ทั้งในชั้นข้อความและจากการอ่านภาพ (OCR) กรุณาใช้ไฟล์ Word (.docx) ต้นฉบับ',
      en: 'the PDF holds no text, neither in a text layer nor read from its images (OCR); use the original Word (.docx) file',
    });
  }
  if (ocrPages.length === 0) return { text };
  const ocr = new Set(ocrPages);
  return { text, ocr: { pages: ocrPages.map((p) => p + 1), pageOfLine: lines.map((l) => (ocr.has(l.page) ? l.page + 1 : 0)) } };
}

/** The text layer of every page, as pdftotext gives it. */
export async function readPdfPages(file: string, options: PdfTextOptions = {}): Promise<PdfPage[]> {
  return parseBboxLayout(await runPdftotext(options.pdftotext ?? 'pdftotext', file));
}

/**
 * The text of a PDF for domain/importer's importPlanBytes (its `pdfToText`): the text layer where a page has one,
 * OCR (infra/pdf-ocr.ts) where it has none, page by page, so a plan with a few scanned pages (a signed
 * announcement) reads too.
 */
export async function pdfToPlanDocument(bytes: Uint8Array, options: PdfTextOptions = {}): Promise<ExtractedText> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sujarit-pdf-'));
  try {
    const file = path.join(dir, 'plan.pdf');
    await writeFile(file, bytes);
    const pages = await readPdfPages(file, options);
    const scanned = pagesWithoutText(pages);
    if (scanned.length > 0) {
      await assertOcrAvailable(options);
      for (const [done, index] of scanned.entries()) {
        pages[index] = await ocrPdfPage(file, index + 1, options);
        options.onOcrPage?.(done + 1, scanned.length);
      }
    }
    return planTextOfPages(pages, scanned);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text alone (see pdfToPlanDocument). */
export async function pdfToPlanText(bytes: Uint8Array, options: PdfTextOptions = {}): Promise<string> {
  return (await pdfToPlanDocument(bytes, options)).text;
}

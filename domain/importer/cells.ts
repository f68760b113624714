import { cleanText, type SourceDocument } from './source';

/**
 * Table cells in reading order, whatever the conversion did with the table. The seed's converter writes a
 * row per line with cells separated by tabs and a cell's paragraphs as `<p>...</p>`; mammoth's raw text
 * writes every cell paragraph as its own paragraph, so a row is a run of lines separated by blank lines.
 */
export interface Cell {
  text: string;
  line: number;
  /** Row index in a tab layout (one per line); undefined when rows are not visible. */
  row?: number;
  /** Position of the cell within its row. */
  column?: number;
  /** Position of this paragraph within a multi-paragraph cell. */
  paragraph?: number;
  /** How many paragraphs the cell holds. */
  paragraphs?: number;
}

export function paragraphsOfCell(raw: string): string[] {
  if (!/<p>/i.test(raw)) return [cleanText(raw)];
  const parts = [...raw.matchAll(/<p>([\s\S]*?)(?:<\/p>|$)/gi)].map((m) => cleanText(m[1] ?? ''));
  return parts.length ? parts : [cleanText(raw)];
}

/** True when most non-empty lines of the range are tab-separated rows. */
export function isTabLayout(doc: SourceDocument, from: number, to: number): boolean {
  let lines = 0;
  let tabbed = 0;
  for (let i = from; i < to; i++) {
    const raw = doc.lines[i]?.raw ?? '';
    if (raw.trim() === '') continue;
    lines++;
    if (raw.includes('\t')) tabbed++;
  }
  return lines > 0 && tabbed / lines >= 0.3;
}

/**
 * Cells of the lines [from, to). In the paragraph layout, runs of blank lines longer than the one that
 * separates every paragraph mark empty cells (mammoth writes an empty cell as an empty paragraph).
 */
export function cellsOf(doc: SourceDocument, from: number, to: number, keepEmpty: boolean): Cell[] {
  const cells: Cell[] = [];
  if (isTabLayout(doc, from, to)) {
    for (let i = from; i < to; i++) {
      const line = doc.lines[i];
      if (!line || line.raw.trim() === '') continue;
      line.raw.split('\t').forEach((rawCell, column) => {
        const paragraphs = paragraphsOfCell(rawCell);
        paragraphs.forEach((text, paragraph) => {
          if (text !== '' || keepEmpty) {
            cells.push({ text, line: line.number, row: i, column, paragraph, paragraphs: paragraphs.length });
          }
        });
      });
    }
    return cells;
  }
  let blanks = 0;
  for (let i = from; i < to; i++) {
    const line = doc.lines[i];
    if (!line) continue;
    if (line.text === '') {
      blanks++;
      continue;
    }
    if (keepEmpty && cells.length > 0) {
      for (let e = 0; e < Math.floor((blanks - 1) / 2); e++) cells.push({ text: '', line: line.number });
    }
    blanks = 0;
    cells.push({ text: line.text, line: line.number });
  }
  return cells;
}

/**
 * Cells of a stretch that mixes prose and tables (the front matter): a line with tabs is a table row, any
 * other line a single cell, whichever converter wrote it.
 */
export function lineCells(doc: SourceDocument, from: number, to: number): Cell[] {
  const cells: Cell[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, doc.lines.length); i++) {
    const line = doc.lines[i]!;
    if (line.text === '') continue;
    const texts = line.raw.includes('\t') ? line.raw.split('\t').flatMap(paragraphsOfCell) : [line.text];
    for (const text of texts) if (text !== '') cells.push({ text, line: line.number });
  }
  return cells;
}

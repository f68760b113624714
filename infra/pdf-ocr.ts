import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UnusableDocumentError } from '../domain/importer/errors';
import type { PdfLine, PdfPage, PdfWord } from './pdf-text';

/**
 * Pages of a scanned PDF read by OCR, as the same word boxes pdftotext gives for a born-digital page, so that one
 * layout (infra/pdf-text.ts) rebuilds paragraphs and table rows from either. A page is rendered by poppler's
 * `pdftoppm` (300 dpi grey PNG) and read by `tesseract` with the Thai and English models, both as child processes:
 * nothing is downloaded, the models are the ones installed with the Debian packages.
 */

export const OCR_DPI = 300;
/** A 300 dpi page takes tesseract tens of seconds on a busy machine. */
const RENDER_TIMEOUT_MS = 120_000;
const OCR_TIMEOUT_MS = 600_000;

export interface OcrOptions {
  pdftoppm?: string;
  tesseract?: string;
}

type Program = 'pdftoppm' | 'tesseract';

function run(program: Program, options: OcrOptions, args: readonly string[], timeout: number, env?: NodeJS.ProcessEnv): Promise<{ stdout: string }> {
  const command = options[program] ?? program;
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout, maxBuffer: 256 << 20, encoding: 'utf8', ...(env ? { env } : {}) }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout });
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(missingProgram(program));
      const reason = (stderr || err.message).trim().split('\n').at(-1) ?? err.message;
      reject(
        new UnusableDocumentError('OCR_UNAVAILABLE', {
          th: `${program} ทำงานไม่สำเร็จ (${reason})`,
          en: `${program} failed (${reason})`,
        }),
      );
    });
  });
}

const PACKAGE_OF: Record<Program, string> = { pdftoppm: 'poppler-utils', tesseract: 'tesseract-ocr' };

function missingProgram(program: Program): UnusableDocumentError {
  return new UnusableDocumentError('OCR_UNAVAILABLE', {
    th: `อ่านภาพสแกนไม่ได้เพราะเครื่องนี้ไม่มีโปรแกรม ${program} (ติดตั้งแพ็กเกจ Debian ${PACKAGE_OF[program]})`,
    en: `reading a scan needs ${program}, which is not installed here (install the Debian package ${PACKAGE_OF[program]})`,
  });
}

/**
 * Fails, in Thai and English, unless tesseract runs and has the Thai model: without `tha` it would read a Thai
 * scan as Latin garbage rather than say it cannot.
 */
export async function assertOcrAvailable(options: OcrOptions = {}): Promise<void> {
  const { stdout } = await run('tesseract', options, ['--list-langs'], 30_000);
  const langs = new Set(stdout.split('\n').slice(1).map((l) => l.trim()));
  if (!langs.has('tha')) {
    throw new UnusableDocumentError('OCR_UNAVAILABLE', {
      th: 'tesseract ไม่มีชุดข้อมูลภาษาไทย (tha) (ติดตั้งแพ็กเกจ Debian tesseract-ocr-tha)',
      en: 'tesseract has no Thai model (tha) (install the Debian package tesseract-ocr-tha)',
    });
  }
  await run('pdftoppm', options, ['-v'], 30_000);
}

/** One entry of tesseract's TSV output at word level (for Thai, often a letter cluster). */
interface TsvEntry {
  key: string;
  left: number;
  top: number;
  width: number;
  height: number;
  text: string;
}

export function parseTesseractTsv(tsv: string): TsvEntry[] {
  const out: TsvEntry[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c[0] !== '5' || c.length < 12) continue;
    const text = c.slice(11).join('\t');
    if (text.trim() === '') continue;
    out.push({ key: c.slice(1, 5).join('.'), left: Number(c[6]), top: Number(c[7]), width: Number(c[8]), height: Number(c[9]), text: text.trim() });
  }
  return out;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** A line of nothing but specks read as marks: no letter or digit of any script. */
const NOISE = /^[^\p{L}\p{N}]*$/u;

/**
 * The word boxes of a page from tesseract's TSV and plain-text output of one run. The TSV boxes are letter
 * clusters for Thai; the plain text has the same letters with tesseract's word spaces, so its words are laid over
 * the boxes in order. Boxes are made to stand on the line's baseline with one height per page, as a font's boxes
 * do, so that cells of one table row share a top whatever marks stand above their letters.
 */
export function ocrPageFromTesseract(tsv: string, text: string, widthPx: number, heightPx: number, dpi = OCR_DPI): PdfPage {
  const scale = 72 / dpi;
  const byLine = new Map<string, TsvEntry[]>();
  for (const e of parseTesseractTsv(tsv)) {
    const list = byLine.get(e.key);
    if (list) list.push(e);
    else byLine.set(e.key, [e]);
  }
  const textLines = text.split('\n').filter((l) => l.trim() !== '');
  const boxLines = [...byLine.values()];
  const lineHeight = median(boxLines.map((es) => Math.max(...es.map((e) => e.top + e.height)) - Math.min(...es.map((e) => e.top))));
  const lines: PdfLine[] = [];
  boxLines.forEach((entries, i) => {
    const baseline = median(entries.map((e) => e.top + e.height));
    const y0 = (baseline - 0.75 * lineHeight) * scale;
    const y1 = (baseline + 0.25 * lineHeight) * scale;
    const words: PdfWord[] = [];
    const line = textLines[i];
    const aligned = line !== undefined && line.replace(/\s+/g, '') === entries.map((e) => e.text).join('').replace(/\s+/g, '');
    if (aligned) {
      let next = 0;
      for (const word of line.trim().split(/\s+/)) {
        let taken = '';
        const parts: TsvEntry[] = [];
        while (next < entries.length && taken.length < word.length) {
          parts.push(entries[next]!);
          taken += entries[next]!.text.replace(/\s+/g, '');
          next++;
        }
        if (parts.length === 0) continue;
        words.push({
          x0: Math.min(...parts.map((p) => p.left)) * scale,
          x1: Math.max(...parts.map((p) => p.left + p.width)) * scale,
          y0,
          y1,
          text: word,
        });
      }
    } else {
      // Without the plain text to say where the spaces are, a gap wider than a third of the line height is one.
      let current: TsvEntry[] = [];
      const flush = () => {
        if (current.length === 0) return;
        words.push({
          x0: current[0]!.left * scale,
          x1: Math.max(...current.map((p) => p.left + p.width)) * scale,
          y0,
          y1,
          text: current.map((p) => p.text).join(''),
        });
        current = [];
      };
      for (const e of [...entries].sort((a, b) => a.left - b.left)) {
        const last = current.at(-1);
        if (last && e.left - (last.left + last.width) > lineHeight / 3) flush();
        current.push(e);
      }
      flush();
    }
    if (words.length === 0 || NOISE.test(words.map((w) => w.text).join(''))) return;
    lines.push({ x0: Math.min(...words.map((w) => w.x0)), x1: Math.max(...words.map((w) => w.x1)), y0, y1, words });
  });
  const blocks = lines.map((l) => ({ x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1, lines: [l] }));
  return { width: widthPx * scale, height: heightPx * scale, blocks };
}

/** Width and height of a PNG, from its header. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Reads one page (1-based) of the PDF file by OCR. `tesseract` runs with one thread: pages are read one after
 * another (or by parallel activities), and its thread pool only spins on a shared machine.
 */
export async function ocrPdfPage(file: string, page: number, options: OcrOptions = {}): Promise<PdfPage> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sujarit-ocr-'));
  try {
    const prefix = path.join(dir, 'page');
    await run(
      'pdftoppm',
      options,
      ['-f', String(page), '-l', String(page), '-r', String(OCR_DPI), '-gray', '-png', file, prefix],
      RENDER_TIMEOUT_MS,
    );
    const png = (await readdir(dir)).find((f) => f.startsWith('page') && f.endsWith('.png'));
    if (!png) {
      throw new UnusableDocumentError('OCR_UNAVAILABLE', { th: `แปลงหน้า ${page} เป็นภาพไม่ได้`, en: `page ${page} could not be rendered` });
    }
    const image = path.join(dir, png);
    const out = path.join(dir, 'ocr');
    await run('tesseract', options, [image, out, '-l', 'tha+eng', 'txt', 'tsv'], OCR_TIMEOUT_MS, {
      ...process.env,
      OMP_THREAD_LIMIT: '1',
    });
    const [tsv, text, header] = await Promise.all([readFile(`${out}.tsv`, 'utf8'), readFile(`${out}.txt`, 'utf8'), readFile(image)]);
    const size = pngSize(header);
    return ocrPageFromTesseract(tsv, text, size.width, size.height);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

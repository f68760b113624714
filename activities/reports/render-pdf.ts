import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, resolveChromium } from '../../infra/chromium';

/**
 * PDF by printing the report's HTML page with Chromium through playwright-core: the browser infra/chromium.ts
 * resolves (CHROMIUM_PATH, Debian's chromium, or the one shipped in the @sparticuz/chromium npm package); no browser
 * is ever downloaded. One browser per process, reused for every report and closed with close(); each report gets its
 * own short-lived context. playwright-core is loaded on the first print: it is some 65 MB of a worker's memory that
 * most workers, busy with item-years, never need.
 */

export { ChromiumMissingError } from '../../infra/chromium';

export interface PrintOptions {
  /** ISO instant written as the PDF's creation and modification date (the snapshot's createdAt). */
  createdAt: string;
}

export class PdfPrinter {
  private browser: Promise<Browser> | undefined;

  /** An explicit executable is checked like CHROMIUM_PATH; without one the process-wide resolution is used. */
  constructor(private readonly executablePath?: string) {}

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const launching = Promise.all([resolveChromium({ configuredPath: this.executablePath }), loadPlaywright()]).then(
        ([resolved, { chromium }]) =>
          chromium.launch({ executablePath: resolved.executablePath, headless: true, args: [...CHROMIUM_ARGS] }),
      );
      // A failed launch must not be cached: the next report tries again.
      launching.catch(() => {
        if (this.browser === launching) this.browser = undefined;
      });
      this.browser = launching;
    }
    return this.browser;
  }

  async print(html: string, options: PrintOptions): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      // The page is self-contained; anything it tried to fetch would be a bug, not something to wait for.
      await page.route(/^(?!data:)/, (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true });
      return fixPdfNodeIds(fixPdfDates(pdf, options.createdAt));
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }
}

let shared: PdfPrinter | undefined;

/** The process's printer; the worker closes it on shutdown with closeSharedPdfPrinter(). */
export function sharedPdfPrinter(): PdfPrinter {
  shared ??= new PdfPrinter();
  return shared;
}

export async function closeSharedPdfPrinter(): Promise<void> {
  const printer = shared;
  shared = undefined;
  await printer?.close();
}

function pdfDate(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

/**
 * Chromium stamps the print time into the document information dictionary. Each stamp is replaced by the snapshot's
 * time padded to the same length, so no byte offset in the cross-reference table moves.
 */
export function fixPdfDates(pdf: Buffer, createdAtIso: string): Buffer {
  const text = pdf.toString('latin1');
  const stamp = pdfDate(createdAtIso);
  const fixed = text.replace(/\/(CreationDate|ModDate) ?\((D:[^)]*)\)/g, (match, key: string, value: string) => {
    if (stamp.length > value.length) return match;
    return match.replace(`(${value})`, `(${stamp.padEnd(value.length, ' ')})`);
  });
  return Buffer.from(fixed, 'latin1');
}

const NODE_ID = /\(node(\d{8})\)/g;
const ID_TREE_LIMITS = /\/Limits \[\(node\d{8}\) \(node\d{8}\)\]/g;
const ID_TREE_NAMES = /\/Names \[((?:\(node\d{8}\) \d+ \d+ R ?)+)\]/g;
const ID_TREE_PAIR = /\(node(\d{8})\) (\d+ \d+ R)/g;

const nodeId = (n: number) => `(node${String(n).padStart(8, '0')})`;

/**
 * The tagged PDF's structure elements carry the DOM node ids of the page, which depend on how many nodes the browser
 * made before and, in some builds (Chromium 153), on the order in which it first looked at them. They are renumbered
 * by where each first appears in the file, which follows the structure tree and so is the same on every print. The
 * ID tree (Skia writes one leaf, sorted by id, with the lowest and highest as its limits) is sorted again under the
 * new numbers. Every id keeps its length and the leaf holds the same pairs, so no byte offset moves.
 */
export function fixPdfNodeIds(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const rank = new Map<string, number>();
  for (const [, digits] of text.matchAll(NODE_ID)) if (!rank.has(digits!)) rank.set(digits!, rank.size + 1);
  if (rank.size === 0) return pdf;
  const renumbered = text
    .replace(NODE_ID, (_m, digits: string) => nodeId(rank.get(digits)!))
    .replace(ID_TREE_LIMITS, () => `/Limits [${nodeId(1)} ${nodeId(rank.size)}]`)
    .replace(ID_TREE_NAMES, (_m, pairs: string) => {
      const sorted = [...pairs.matchAll(ID_TREE_PAIR)]
        .map(([, digits, ref]) => ({ id: Number(digits), ref: ref! }))
        .sort((a, b) => a.id - b.id)
        .map(({ id, ref }) => `${nodeId(id)} ${ref}`);
      return `/Names [${sorted.join(' ')}]`;
    });
  return Buffer.from(renumbered, 'latin1');
}

/** require, not import(): jest's CommonJS runtime has no dynamic import. */
async function loadPlaywright(): Promise<typeof import('playwright-core')> {
  return require('playwright-core') as typeof import('playwright-core');
}

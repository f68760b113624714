import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * PDF by printing the report's HTML page with the system's Chromium (Debian's `chromium` package) through
 * playwright-core; no browser is ever downloaded. One browser per process, reused for every report and closed with
 * close(); each report gets its own short-lived context.
 */

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export class ChromiumMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(
      `ไม่พบ Chromium ที่ ${executablePath}: ติดตั้งด้วย apt-get install chromium หรือกำหนด CHROMIUM_PATH / ` +
        `Chromium not found at ${executablePath}: install Debian's chromium package or set CHROMIUM_PATH`,
    );
    this.name = 'ChromiumMissingError';
  }
}

/** CHROMIUM_PATH when set, Debian's location otherwise. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM_PATH;
}

export interface PrintOptions {
  /** ISO instant written as the PDF's creation and modification date (the snapshot's createdAt). */
  createdAt: string;
}

export class PdfPrinter {
  private browser: Promise<Browser> | undefined;

  constructor(private readonly executablePath: string = chromiumPath()) {}

  private launch(): Promise<Browser> {
    if (!this.browser) {
      if (!existsSync(this.executablePath)) throw new ChromiumMissingError(this.executablePath);
      const launching = chromium.launch({ executablePath: this.executablePath, headless: true, args: CHROMIUM_ARGS });
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

/**
 * The tagged PDF's structure elements carry the DOM node ids of the page, which depend on how many nodes the browser
 * made before. Renumbering them by rank keeps their order (the ID name tree is sorted) and their length (no offset
 * moves), and removes the last thing a second print of the same page would change.
 */
export function fixPdfNodeIds(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const ids = [...new Set([...text.matchAll(NODE_ID)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const rank = new Map(ids.map((id, i) => [id, i + 1]));
  return Buffer.from(
    text.replace(NODE_ID, (_m, digits: string) => `(node${String(rank.get(Number(digits))).padStart(8, '0')})`),
    'latin1',
  );
}

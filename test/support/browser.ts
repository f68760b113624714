import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { webRoutes } from '../../api/routes/web';
import { CHROMIUM_ARGS, resolveChromium } from '../../infra/chromium';
import { eventually, startTestSystem, type TestSystem } from './system';

/**
 * The whole system (test/support/system.ts) served over real HTTP on a loopback port, with the web pages, and a real
 * headless Chromium to drive them: the one the PDF reports use (infra/chromium.ts), so these tests never download one.
 */

export const ARTIFACTS_DIR = path.join(__dirname, '../../test-artifacts/browser');
export const PHONE = { width: 375, height: 812 } as const;
export const DESKTOP = { width: 1280, height: 900 } as const;

export interface BrowserSystem extends TestSystem {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (cookies, storage) at the given viewport. */
  newContext(viewport?: { width: number; height: number }, options?: { javaScriptEnabled?: boolean }): Promise<BrowserContext>;
  closeAll(): Promise<void>;
}

export async function startBrowserSystem(label: string): Promise<BrowserSystem> {
  // Before the system starts, so a missing browser fails with the resolver's message and nothing to clean up.
  const { executablePath } = await resolveChromium();
  const sys = await startTestSystem(label);
  try {
    // Until api/app.ts registers the web plugin itself, the test adds it; afterwards this is a no-op.
    if (!sys.app.hasRoute({ method: 'GET', url: '/signin' })) await sys.app.register(webRoutes);
    await sys.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = sys.app.server.address() as AddressInfo;
    const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    const contexts: BrowserContext[] = [];
    return Object.assign(sys, {
      baseUrl: `http://127.0.0.1:${port}`,
      browser,
      async newContext(viewport: { width: number; height: number } = PHONE, options: { javaScriptEnabled?: boolean } = {}) {
        const context = await browser.newContext({ viewport, locale: 'th-TH', timezoneId: 'Asia/Bangkok', acceptDownloads: true, ...options });
        contexts.push(context);
        return context;
      },
      async closeAll() {
        for (const context of contexts) await context.close().catch(() => undefined);
        await browser.close();
        await sys.close();
      },
    });
  } catch (err) {
    await sys.close();
    throw err;
  }
}

/** Saves a full-page screenshot under test-artifacts/browser (never committed) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The page's width against the viewport: on a phone nothing may scroll sideways. */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  // A string runs in the page: this project's TypeScript has no DOM types.
  return page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  );
}

/** The path of the first link in a mail to `address` since mail number `from` that matches `pattern`. */
export async function linkMailedTo(sys: TestSystem, address: string, pattern: RegExp, from: number): Promise<string> {
  return eventually(`a link matching ${pattern} mailed to ${address}`, async () => {
    for (const mail of sys.smtp.mails.slice(from)) {
      if (!mail.envelopeTo.includes(address)) continue;
      const match = pattern.exec(mail.parsed.text ?? '');
      if (match) return match[1] ?? match[0];
    }
    return undefined;
  });
}

export const SIGN_IN_LINK = /https?:\/\/[^/\s]+(\/signin\/[A-Za-z0-9_-]{43})/;
export const DECISION_LINK = /https?:\/\/[^/\s]+(\/d\/[A-Za-z0-9_-]{43})/;

/** Signs a person in the way they would: ask for a link, open it from the e-mail, press the button. */
export async function signInByEmail(sys: BrowserSystem, page: Page, personKey: string): Promise<void> {
  const address = sys.people[personKey]!.email;
  const from = sys.smtp.mails.length;
  await page.goto(`${sys.baseUrl}/signin`);
  await page.getByLabel('อีเมล').fill(address);
  await page.getByRole('button', { name: 'ส่งลิงก์เข้าสู่ระบบ' }).click();
  await page.getByRole('heading', { name: 'ตรวจสอบอีเมลของท่าน' }).waitFor();
  const link = await linkMailedTo(sys, address, SIGN_IN_LINK, from);
  await page.goto(`${sys.baseUrl}${link}`);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await page.waitForURL(`${sys.baseUrl}/tasks`);
}

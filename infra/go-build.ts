import { execFile, spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Log } from './log';
import { REPO_ROOT } from './repo-root';

/**
 * What every Go-built tool of the project shares: where binaries live, one build lock across processes, and
 * `go install` into a staging directory with progress lines.
 */

export { REPO_ROOT };
/** Project-local and gitignored, so a build never touches the user's own Go bin directory. */
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
export const TOOLS_BIN_DIR = path.join(TOOLS_DIR, 'bin');
/** One lock for every Go build: two builds at once would only compete for the same cores and module cache. */
const BUILD_LOCK_FILE = path.join(TOOLS_DIR, 'temporal-build.lock');

const LOCK_POLL_MS = 2_000;
/** A lock file younger than this with no pid yet belongs to a process that is still writing it. */
const LOCK_FRESH_MS = 10_000;
const BUILD_HEARTBEAT_MS = 30_000;
const OUTPUT_TAIL_LINES = 20;

/** undefined when `file` is an executable whose `--version` output matches; else why not. */
export async function whyNotRunnable(file: string, versionPattern: RegExp): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return 'not a file';
    await access(file, fsConstants.X_OK);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
  const version = await new Promise<string | undefined>((resolve) => {
    execFile(file, ['--version'], { timeout: 30_000 }, (err, stdout) => resolve(err ? undefined : stdout));
  });
  if (version === undefined) return '`--version` failed';
  if (!versionPattern.test(version)) return `unexpected --version output: ${version.trim().slice(0, 80)}`;
  return undefined;
}

export async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      await access(candidate, fsConstants.X_OK);
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      continue;
    }
  }
  return undefined;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` while holding the build lock, so `npm start` and a test run never compile at the same time. A lock
 * left by a process that died is removed. `what` names the tool in the waiting message.
 */
export async function withBuildLock<T>(log: Log, what: string, work: () => Promise<T>): Promise<T> {
  await mkdir(TOOLS_DIR, { recursive: true });
  let announcedWait = false;
  for (;;) {
    try {
      const handle = await open(BUILD_LOCK_FILE, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await isLockStale()) {
      log(`ลบล็อกที่ค้างอยู่ / removing a stale build lock: ${BUILD_LOCK_FILE}`);
      await rm(BUILD_LOCK_FILE, { force: true });
      continue;
    }
    if (!announcedWait) {
      log(
        `กำลังรอให้อีกโปรเซสหนึ่งสร้างโปรแกรมด้วย Go เสร็จ (${what}) / ` +
          `another process is building with Go; waiting for it to finish (${what})`,
      );
      announcedWait = true;
    }
    await sleep(LOCK_POLL_MS);
  }
  try {
    return await work();
  } finally {
    await rm(BUILD_LOCK_FILE, { force: true });
  }
}

async function isLockStale(): Promise<boolean> {
  try {
    const [content, info] = await Promise.all([readFile(BUILD_LOCK_FILE, 'utf8'), stat(BUILD_LOCK_FILE)]);
    const pid = Number.parseInt(content.trim(), 10);
    if (Number.isInteger(pid) && pid > 0) return !isProcessAlive(pid);
    return Date.now() - info.mtimeMs > LOCK_FRESH_MS;
  } catch (err) {
    // Gone between our attempt and this check: not stale, just retry the lock.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export type GoInstallResult = { kind: 'ok' } | { kind: 'go-missing' } | { kind: 'failed'; tail: string[] };

export interface GoInstallOptions {
  /** `module/path/cmd/name@version`. */
  target: string;
  /** The file name `go install` gives the binary (the package directory's name). */
  builtName: string;
  /** Where the binary ends up; replaced atomically. */
  destination: string;
  /** Shown in progress lines, e.g. "temporal CLI v1.5.1". */
  label: string;
  log: Log;
  /** Added to the environment of `go` (e.g. GOTOOLCHAIN). */
  env?: NodeJS.ProcessEnv;
}

/**
 * `go install` into a staging directory, then a rename onto `destination`, so a concurrent reader never sees a
 * half-written binary. Call it under withBuildLock. Prints a line every 30 s so a long first build looks alive.
 */
export async function goInstall(opts: GoInstallOptions): Promise<GoInstallResult> {
  const staging = path.join(TOOLS_DIR, `build-${opts.builtName}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const result = await runGoInstall(opts, staging);
    if (result.kind !== 'ok') return result;
    await mkdir(path.dirname(opts.destination), { recursive: true });
    await rename(path.join(staging, opts.builtName), opts.destination);
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function runGoInstall(opts: GoInstallOptions, gobin: string): Promise<GoInstallResult> {
  const { log, label } = opts;
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const tail: string[] = [];
    let modulesDownloaded = 0;
    const child = spawn('go', ['install', opts.target], {
      cwd: TOOLS_DIR,
      env: { ...process.env, ...opts.env, GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const heartbeat = setInterval(() => {
      const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
      log(
        `ยังสร้าง ${label} อยู่ ${minutes} นาที ดาวน์โหลดแล้ว ${modulesDownloaded} โมดูล / ` +
          `still building ${label} after ${minutes} min, ${modulesDownloaded} modules downloaded`,
      );
    }, BUILD_HEARTBEAT_MS);
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        if (line.startsWith('go: downloading')) modulesDownloaded += 1;
        tail.push(line);
        if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearInterval(heartbeat);
      resolve(err.code === 'ENOENT' ? { kind: 'go-missing' } : { kind: 'failed', tail: [...tail, err.message] });
    });
    child.on('close', (code) => {
      clearInterval(heartbeat);
      resolve(code === 0 ? { kind: 'ok' } : { kind: 'failed', tail: [...tail, `exit code ${String(code)}`] });
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

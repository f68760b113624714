import { execFile, spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, copyFile, chmod, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { prefixedLog, silentLog, type Log } from './log';

export const REPO_ROOT = path.resolve(__dirname, '..');
/** Project-local and gitignored, so a build never touches the user's own Go bin directory. */
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
export const TOOLS_BIN_DIR = path.join(TOOLS_DIR, 'bin');
export const LOCAL_TEMPORAL_CLI = path.join(TOOLS_BIN_DIR, 'temporal');
const BUILD_LOCK_FILE = path.join(TOOLS_DIR, 'temporal-build.lock');
const BUILD_STAGING_DIR = path.join(TOOLS_DIR, 'build');
const DOWNLOAD_DIR = path.join(TOOLS_DIR, 'download');

const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** Tags after v1.5.1 carry a `replace` directive in go.mod, which `go install pkg@version` refuses. */
export const TEMPORAL_CLI_VERSIONS = ['v1.5.1', 'v1.4.1', 'v1.3.0'] as const;

const LOCK_POLL_MS = 2_000;
/** A lock file younger than this with no pid yet belongs to a process that is still writing it. */
const LOCK_FRESH_MS = 10_000;
const BUILD_HEARTBEAT_MS = 30_000;

export interface ResolveTemporalCliOptions {
  log?: Log;
  /** Overrides the TEMPORAL_CLI_PATH environment variable (callers holding a Config pass its value). */
  configuredPath?: string;
}

/**
 * Finds a runnable `temporal` CLI: the configured path, then PATH, then the project-local tools directory, then
 * builds it with Go, then falls back to the Temporal SDK's download (needs internet). Builds are serialised across
 * processes by a lock file, so `npm start` and a test run never compile at the same time.
 */
export async function resolveTemporalCli(opts: ResolveTemporalCliOptions = {}): Promise<string> {
  const log = opts.log ?? silentLog;
  const configured = opts.configuredPath ?? process.env.TEMPORAL_CLI_PATH;
  if (configured) {
    const resolved = path.resolve(configured);
    const problem = await whyNotRunnable(resolved);
    if (problem) {
      throw new Error(
        `TEMPORAL_CLI_PATH ชี้ไปที่โปรแกรมที่ใช้ไม่ได้ / TEMPORAL_CLI_PATH is not a runnable temporal CLI: ${resolved} (${problem})`,
      );
    }
    return resolved;
  }

  const onPath = await findOnPath('temporal');
  if (onPath && !(await whyNotRunnable(onPath))) return onPath;

  if (!(await whyNotRunnable(LOCAL_TEMPORAL_CLI))) return LOCAL_TEMPORAL_CLI;

  return withBuildLock(log, async () => {
    // Another process may have finished the build while we waited for the lock.
    if (!(await whyNotRunnable(LOCAL_TEMPORAL_CLI))) return LOCAL_TEMPORAL_CLI;
    if (await buildWithGo(log)) return LOCAL_TEMPORAL_CLI;
    return downloadWithSdk(log);
  });
}

async function whyNotRunnable(file: string): Promise<string | undefined> {
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
  if (!/temporal version/i.test(version)) return `unexpected --version output: ${version.trim().slice(0, 80)}`;
  return undefined;
}

async function findOnPath(name: string): Promise<string | undefined> {
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

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withBuildLock<T>(log: Log, work: () => Promise<T>): Promise<T> {
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
        'อีกโปรเซสหนึ่งกำลังสร้าง temporal CLI อยู่ กำลังรอ / another process is building the temporal CLI; waiting for it to finish',
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

/** Returns false when Go is missing or every version failed; the caller then tries the download. */
async function buildWithGo(log: Log): Promise<boolean> {
  for (const version of TEMPORAL_CLI_VERSIONS) {
    log(
      `กำลังสร้าง temporal CLI ${version} ด้วย Go (ครั้งแรกใช้เวลาหลายนาทีและดาวน์โหลดโมดูล Go จำนวนมาก) / ` +
        `building temporal CLI ${version} with Go: the first build takes several minutes and fills the Go module cache`,
    );
    await rm(BUILD_STAGING_DIR, { recursive: true, force: true });
    await mkdir(BUILD_STAGING_DIR, { recursive: true });
    const result = await runGoInstall(`${TEMPORAL_CLI_MODULE}@${version}`, log);
    if (result.kind === 'go-missing') {
      log('ไม่พบคำสั่ง go / `go` is not installed; skipping the build');
      return false;
    }
    if (result.kind === 'failed') {
      log(`สร้าง ${version} ไม่สำเร็จ / building ${version} failed:\n${result.tail.join('\n')}`);
      continue;
    }
    await mkdir(TOOLS_BIN_DIR, { recursive: true });
    // Built into a staging directory and renamed, so a concurrent reader never sees a half-written binary.
    await rename(path.join(BUILD_STAGING_DIR, 'temporal'), LOCAL_TEMPORAL_CLI);
    await rm(BUILD_STAGING_DIR, { recursive: true, force: true });
    const problem = await whyNotRunnable(LOCAL_TEMPORAL_CLI);
    if (problem) {
      log(`ไฟล์ที่สร้างได้ใช้งานไม่ได้ / the built binary does not run: ${problem}`);
      continue;
    }
    log(`สร้างเสร็จแล้ว / built: ${LOCAL_TEMPORAL_CLI}`);
    return true;
  }
  return false;
}

type GoInstallResult = { kind: 'ok' } | { kind: 'go-missing' } | { kind: 'failed'; tail: string[] };

function runGoInstall(target: string, log: Log): Promise<GoInstallResult> {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const tail: string[] = [];
    let modulesDownloaded = 0;
    const child = spawn('go', ['install', target], {
      cwd: TOOLS_DIR,
      env: { ...process.env, GOBIN: BUILD_STAGING_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const heartbeat = setInterval(() => {
      const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
      log(
        `ยังสร้างอยู่ ${minutes} นาที ดาวน์โหลดแล้ว ${modulesDownloaded} โมดูล / ` +
          `still building after ${minutes} min, ${modulesDownloaded} modules downloaded`,
      );
    }, BUILD_HEARTBEAT_MS);
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        if (line.startsWith('go: downloading')) modulesDownloaded += 1;
        tail.push(line);
        if (tail.length > 20) tail.shift();
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

/**
 * The SDK's own dev-server download; it needs internet access. The SDK offers no "download only" call, so we start
 * and stop a throwaway server and take the executable it left in the download directory.
 */
async function downloadWithSdk(log: Log): Promise<string> {
  log(
    'กำลังดาวน์โหลด temporal CLI ผ่าน Temporal SDK (ต้องใช้อินเทอร์เน็ต) / ' +
      'downloading the temporal CLI through the Temporal SDK (needs internet)',
  );
  await mkdir(DOWNLOAD_DIR, { recursive: true });
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'cached-download', downloadDir: DOWNLOAD_DIR }, ip: '127.0.0.1' },
    });
    await env.teardown();
  } catch (err) {
    throw new Error(
      'หา temporal CLI ไม่ได้ / could not obtain the temporal CLI: not on PATH, no Go build, and the SDK download failed ' +
        `(${(err as Error).message}). Install it (https://docs.temporal.io/cli) or set TEMPORAL_CLI_PATH.`,
      { cause: err },
    );
  }
  const downloaded = await newestExecutableIn(DOWNLOAD_DIR);
  if (!downloaded) throw new Error(`the SDK download left no executable in ${DOWNLOAD_DIR}`);
  await mkdir(TOOLS_BIN_DIR, { recursive: true });
  const staged = `${LOCAL_TEMPORAL_CLI}.partial`;
  await copyFile(downloaded, staged);
  await chmod(staged, 0o755);
  await rename(staged, LOCAL_TEMPORAL_CLI);
  log(`ดาวน์โหลดเสร็จแล้ว / downloaded: ${LOCAL_TEMPORAL_CLI}`);
  return LOCAL_TEMPORAL_CLI;
}

async function newestExecutableIn(dir: string): Promise<string | undefined> {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.startsWith('temporal')) continue;
    const file = path.join(dir, entry.name);
    try {
      await access(file, fsConstants.X_OK);
    } catch {
      continue;
    }
    const { mtimeMs } = await stat(file);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest?.file;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (require.main === module) {
  // Messages go to stderr so that `TEMPORAL_CLI_PATH=$(npx tsx infra/temporal-cli.ts)` captures only the path.
  resolveTemporalCli({ log: prefixedLog('temporal-cli', (line) => console.error(line)) }).then(
    (cliPath) => console.log(cliPath),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}

import { constants as fsConstants } from 'node:fs';
import { access, copyFile, chmod, mkdir, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, TOOLS_BIN_DIR, TOOLS_DIR, findOnPath, goInstall, whyNotRunnable, withBuildLock } from './go-build';
import { prefixedLog, silentLog, type Log } from './log';

export { REPO_ROOT, TOOLS_BIN_DIR, TOOLS_DIR };
export const LOCAL_TEMPORAL_CLI = path.join(TOOLS_BIN_DIR, 'temporal');
const DOWNLOAD_DIR = path.join(TOOLS_DIR, 'download');

const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** Tags after v1.5.1 carry a `replace` directive in go.mod, which `go install pkg@version` refuses. */
export const TEMPORAL_CLI_VERSIONS = ['v1.5.1', 'v1.4.1', 'v1.3.0'] as const;
const CLI_VERSION_OUTPUT = /temporal version/i;

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
    const problem = await whyNotRunnable(resolved, CLI_VERSION_OUTPUT);
    if (problem) {
      throw new Error(
        `TEMPORAL_CLI_PATH ชี้ไปที่โปรแกรมที่ใช้ไม่ได้ / TEMPORAL_CLI_PATH is not a runnable temporal CLI: ${resolved} (${problem})`,
      );
    }
    return resolved;
  }

  const onPath = await findOnPath('temporal');
  if (onPath && !(await whyNotRunnable(onPath, CLI_VERSION_OUTPUT))) return onPath;

  if (!(await whyNotRunnable(LOCAL_TEMPORAL_CLI, CLI_VERSION_OUTPUT))) return LOCAL_TEMPORAL_CLI;

  return withBuildLock(log, 'the temporal CLI', async () => {
    // Another process may have finished the build while we waited for the lock.
    if (!(await whyNotRunnable(LOCAL_TEMPORAL_CLI, CLI_VERSION_OUTPUT))) return LOCAL_TEMPORAL_CLI;
    if (await buildWithGo(log)) return LOCAL_TEMPORAL_CLI;
    return downloadWithSdk(log);
  });
}

/** Returns false when Go is missing or every version failed; the caller then tries the download. */
async function buildWithGo(log: Log): Promise<boolean> {
  for (const version of TEMPORAL_CLI_VERSIONS) {
    log(
      `กำลังสร้าง temporal CLI ${version} ด้วย Go (ครั้งแรกใช้เวลาหลายนาทีและดาวน์โหลดโมดูล Go จำนวนมาก) / ` +
        `building temporal CLI ${version} with Go: the first build takes several minutes and fills the Go module cache`,
    );
    const result = await goInstall({
      target: `${TEMPORAL_CLI_MODULE}@${version}`,
      builtName: 'temporal',
      destination: LOCAL_TEMPORAL_CLI,
      label: `temporal CLI ${version}`,
      log,
    });
    if (result.kind === 'go-missing') {
      log('ไม่พบคำสั่ง go / `go` is not installed; skipping the build');
      return false;
    }
    if (result.kind === 'failed') {
      log(`สร้าง ${version} ไม่สำเร็จ / building ${version} failed:\n${result.tail.join('\n')}`);
      continue;
    }
    const problem = await whyNotRunnable(LOCAL_TEMPORAL_CLI, CLI_VERSION_OUTPUT);
    if (problem) {
      log(`ไฟล์ที่สร้างได้ใช้งานไม่ได้ / the built binary does not run: ${problem}`);
      continue;
    }
    log(`สร้างเสร็จแล้ว / built: ${LOCAL_TEMPORAL_CLI}`);
    return true;
  }
  return false;
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

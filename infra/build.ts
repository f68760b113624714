import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import lockfile from 'proper-lockfile';
import type { Log } from './log';
import { REPO_ROOT } from './repo-root';

/**
 * The compiled build that production runs (`npm run build`, the image's `node dist/worker/main.js`): plain JavaScript,
 * so the processes carry no TypeScript loader. Measured idle and polling: the worker 154 MB resident compiled against
 * 231 MB under tsx, and one process instead of npm, the tsx launcher and Node (another 115 MB). The tests and the
 * bench that run the production entry points build it first, once for each state of the sources.
 */

export const BUILD_DIR = path.join(REPO_ROOT, 'dist');
const BUILD_CONFIG = path.join(REPO_ROOT, 'tsconfig.build.json');
const FINGERPRINT_FILE = '.sources-sha256';
/** What tsconfig.build.json compiles, so a change to any of it makes the build stale. */
const SOURCE_DIRS = ['domain', 'workflows', 'activities', 'services', 'worker', 'api', 'db', 'cli', 'infra', 'start', 'config', 'bench'];
const BUILD_TIMEOUT_MS = 10 * 60_000;
const LOCK_WAIT_MS = BUILD_TIMEOUT_MS;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return sourceFiles(full);
      return Promise.resolve(e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : []);
    }),
  );
  return nested.flat();
}

/** A hash of every compiled source and the compiler settings: equal hashes, equal builds. */
async function sourcesFingerprint(): Promise<string> {
  const files = (await Promise.all(SOURCE_DIRS.map((d) => sourceFiles(path.join(REPO_ROOT, d))))).flat().sort();
  const hash = createHash('sha256');
  for (const file of [BUILD_CONFIG, path.join(REPO_ROOT, 'tsconfig.json'), ...files]) {
    hash.update(path.relative(REPO_ROOT, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Compiles into BUILD_DIR unless it already holds the build of these sources; one build at a time across processes. */
export async function ensureBuild(log: Log): Promise<string> {
  await mkdir(BUILD_DIR, { recursive: true });
  await mkdir(path.join(REPO_ROOT, '.data'), { recursive: true });
  const release = await lockfile.lock(BUILD_DIR, {
    lockfilePath: path.join(REPO_ROOT, '.data', 'build.lock'),
    // A holder refreshes the lock while it compiles; one that was killed is taken over after 30 s.
    stale: 30_000,
    retries: { retries: Math.ceil(LOCK_WAIT_MS / 1_000), factor: 1, minTimeout: 1_000, maxTimeout: 1_000 },
    realpath: false,
  });
  try {
    const fingerprint = await sourcesFingerprint();
    const built = await readFile(path.join(BUILD_DIR, FINGERPRINT_FILE), 'utf8').catch(() => '');
    if (built === fingerprint) return BUILD_DIR;
    log('กำลังคอมไพล์โค้ดสำหรับใช้งานจริง (ครั้งแรกราวหนึ่งนาที) / compiling the production build (about a minute the first time)');
    // Files of sources since removed must not linger in the build.
    await rm(BUILD_DIR, { recursive: true, force: true });
    try {
      await promisify(execFile)(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', BUILD_CONFIG], {
        cwd: REPO_ROOT,
        timeout: BUILD_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (err) {
      const output = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`.trim();
      throw new Error(`คอมไพล์ไม่สำเร็จ / the production build failed${output ? `:\n${output.slice(-4000)}` : `: ${String(err)}`}`, { cause: err });
    }
    await writeFile(path.join(BUILD_DIR, FINGERPRINT_FILE), fingerprint);
    return BUILD_DIR;
  } finally {
    await release();
  }
}

/** The compiled file of a source entry such as `worker/main.ts`. */
export function builtEntry(entry: string): string {
  return path.join(BUILD_DIR, entry.replace(/\.ts$/, '.js'));
}

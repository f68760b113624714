import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLUSTER_LOCATION_FILE, embeddedPostgresCopy, postgresUserIds } from '../../infra/postgres-placement';

/**
 * The embedded PostgreSQL in a DATA_DIR inside a directory only its owner can enter (root's home, mode 700). As root
 * the server runs as the `postgres` system user, so the cluster must live elsewhere, found again on the next start;
 * as any other user nothing moves. Each test keeps its state root in a temp dir, not the machine's /var/lib.
 */

const REPO = path.join(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const runningAsRoot = process.getuid?.() === 0;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'sujarit-placement-'));
  await chmod(scratch, 0o755);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface Probe {
  dataDirectory: string;
  rows: number;
  log: string[];
}

/** One start of the embedded PostgreSQL in a process of its own, as `npm start` runs it. */
async function probe(dataDir: string, stateRoot: string): Promise<Probe> {
  const { stdout } = await promisify(execFile)(TSX, [path.join(REPO, 'test/support/embedded-postgres-probe.ts'), dataDir, stateRoot], {
    cwd: REPO,
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Probe;
}

test('a DATA_DIR behind a mode-700 directory gets a cluster that works and persists across restarts', async () => {
  const home = path.join(scratch, 'home');
  await mkdir(home, { mode: 0o700 });
  await chmod(home, 0o700);
  const dataDir = path.join(home, 'checkout', '.data');
  const stateRoot = path.join(scratch, 'state');

  const first = await probe(dataDir, stateRoot);
  const second = await probe(dataDir, stateRoot);

  expect(second.dataDirectory).toBe(first.dataDirectory);
  expect([first.rows, second.rows]).toEqual([1, 2]);
  if (runningAsRoot) {
    expect(first.dataDirectory.startsWith(path.join(stateRoot, 'clusters') + path.sep)).toBe(true);
    expect((await readFile(path.join(dataDir, CLUSTER_LOCATION_FILE), 'utf8')).trim()).toBe(first.dataDirectory);
    expect(second.log.join('\n')).toContain(`the cluster is kept in ${first.dataDirectory}`);
  } else {
    expect(first.dataDirectory).toBe(path.join(dataDir, 'pg'));
  }
}, 180_000);

test('the copy of the PostgreSQL binaries runs as the postgres user and is made once', async () => {
  const stateRoot = path.join(scratch, 'copy-state');
  const lines: string[] = [];
  const entry = await embeddedPostgresCopy(stateRoot, (line) => lines.push(line));
  const again = await embeddedPostgresCopy(stateRoot, (line) => lines.push(line));
  expect(again).toBe(entry);
  expect(lines.filter((line) => line.includes('copying the PostgreSQL binaries'))).toHaveLength(1);

  // The copy's embedded-postgres resolves its platform package, and so its binaries, inside the copy.
  const nodeModules = path.dirname(path.dirname(path.dirname(entry)));
  const bin = path.join(nodeModules, '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
  expect(nodeModules.startsWith(stateRoot + path.sep)).toBe(true);
  expect((await stat(path.join(bin, 'initdb'))).mode & 0o005).toBe(0o005);
  const ids = runningAsRoot ? postgresUserIds() : undefined;
  const run = spawnSync(path.join(bin, 'postgres'), ['--version'], {
    encoding: 'utf8',
    ...(ids ? { uid: ids.uid, gid: ids.gids[0]! } : {}),
  });
  expect(run.error).toBeUndefined();
  expect(run.stdout).toMatch(/^postgres \(PostgreSQL\) 17\./);
}, 120_000);

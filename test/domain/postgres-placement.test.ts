import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  firstDirectoryClosedTo,
  placeEmbeddedPostgres,
  relocatedClusterDir,
  type PlacementFacts,
} from '../../infra/postgres-placement';

/** Where the embedded PostgreSQL's cluster lives and whether its binaries run from a copy, for every kind of start. */

const STATE = '/var/lib/sujarit';
const facts = (overrides: Partial<PlacementFacts>): PlacementFacts => ({
  runningAsRoot: true,
  dataDir: '/root/work/sujarit/.data',
  clusterInDataDir: false,
  dataDirEnterable: true,
  installedBinariesRunnable: true,
  stateRoot: STATE,
  ...overrides,
});

describe('placeEmbeddedPostgres', () => {
  test('not root: the cluster stays in DATA_DIR and the installed binaries run, whatever the modes', () => {
    expect(
      placeEmbeddedPostgres(facts({ runningAsRoot: false, dataDirEnterable: false, installedBinariesRunnable: false })),
    ).toEqual({ clusterDir: '/root/work/sujarit/.data/pg', clusterRelocated: false, copyBinaries: false });
  });

  test('root in an open checkout: nothing moves', () => {
    expect(placeEmbeddedPostgres(facts({}))).toEqual({
      clusterDir: '/root/work/sujarit/.data/pg',
      clusterRelocated: false,
      copyBinaries: false,
    });
  });

  test('root in a closed checkout: the cluster moves to a place of its own and the binaries run from a copy', () => {
    const placement = placeEmbeddedPostgres(facts({ dataDirEnterable: false, installedBinariesRunnable: false }));
    expect(placement).toEqual({
      clusterDir: relocatedClusterDir(STATE, '/root/work/sujarit/.data'),
      clusterRelocated: true,
      copyBinaries: true,
    });
    expect(placement.clusterDir).toMatch(/^\/var\/lib\/sujarit\/clusters\/sujarit-[0-9a-f]{16}\/pg$/);
  });

  test('root with an open DATA_DIR but a closed checkout (a test run in a temp dir): only the binaries are copied', () => {
    expect(placeEmbeddedPostgres(facts({ dataDir: '/tmp/sujarit-test-pg-1', installedBinariesRunnable: false }))).toEqual({
      clusterDir: '/tmp/sujarit-test-pg-1/pg',
      clusterRelocated: false,
      copyBinaries: true,
    });
  });

  test('a recorded location wins, so later starts find the same cluster even if DATA_DIR opens up', () => {
    const recorded = '/var/lib/sujarit/clusters/sujarit-0123456789abcdef/pg';
    expect(placeEmbeddedPostgres(facts({ recordedClusterDir: recorded, dataDirEnterable: true }))).toEqual({
      clusterDir: recorded,
      clusterRelocated: true,
      copyBinaries: false,
    });
  });

  test('an existing cluster in a closed DATA_DIR is kept (and the start says why it cannot run), never replaced by an empty one', () => {
    expect(placeEmbeddedPostgres(facts({ clusterInDataDir: true, dataDirEnterable: false }))).toMatchObject({
      clusterDir: '/root/work/sujarit/.data/pg',
      clusterRelocated: false,
    });
  });

  test('the relocated place is stable for one DATA_DIR and differs between two', () => {
    const a = relocatedClusterDir(STATE, '/root/a/sujarit/.data');
    expect(relocatedClusterDir(STATE, '/root/a/sujarit/.data')).toBe(a);
    expect(relocatedClusterDir(STATE, '/root/b/sujarit/.data')).not.toBe(a);
    expect(path.basename(path.dirname(relocatedClusterDir(STATE, '/srv/my plan (1)/.data')))).toMatch(/^my_plan__1_-[0-9a-f]{16}$/);
  });
});

describe('firstDirectoryClosedTo', () => {
  let root: string;
  const stranger = { uid: 4_000_001, gids: [4_000_001] };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'sujarit-placement-'));
    await chmod(root, 0o755);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('finds the directory without search permission for others, and none when every one has it', async () => {
    const closed = path.join(root, 'home');
    const inner = path.join(closed, 'checkout', '.data');
    await mkdir(inner, { recursive: true });
    await chmod(closed, 0o700);
    await chmod(path.join(closed, 'checkout'), 0o755);
    expect(await firstDirectoryClosedTo(inner, stranger)).toEqual({ dir: closed, mode: 0o700 });
    expect(await firstDirectoryClosedTo(inner, undefined)).toEqual({ dir: closed, mode: 0o700 });
    await chmod(closed, 0o711);
    expect(await firstDirectoryClosedTo(inner, stranger)).toBeUndefined();
  });

  test("the owner's and the group's bits count for that user and group", async () => {
    const dir = path.join(root, 'owned');
    await mkdir(dir);
    const { uid, gid } = await stat(dir);
    await chmod(dir, 0o700);
    expect(await firstDirectoryClosedTo(dir, { uid, gids: [] })).toBeUndefined();
    expect(await firstDirectoryClosedTo(dir, { uid: stranger.uid, gids: [gid] })).toEqual({ dir, mode: 0o700 });
    await chmod(dir, 0o710);
    expect(await firstDirectoryClosedTo(dir, { uid: stranger.uid, gids: [gid] })).toBeUndefined();
  });

  test('a directory not created yet is judged by its nearest existing parent', async () => {
    expect(await firstDirectoryClosedTo(path.join(root, 'not', 'yet', 'there'), stranger)).toBeUndefined();
  });
});

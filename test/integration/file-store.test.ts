import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ConfigError, loadConfig } from '../../config';
import {
  FileNotFoundError,
  LocalFileStore,
  S3FileStore,
  contentKey,
  createFileStore,
  putContent,
  readAll,
  type FileStore,
} from '../../services/files';
import { startTestS3Server, type TestS3Server } from '../support/s3-server';

/**
 * One contract for every FileStore: local disk and an S3-compatible object store (a real S3 server on 127.0.0.1
 * that checks signatures), run by the same tests.
 */

// The first run may build the S3 server with Go.
jest.setTimeout(600_000);

let s3: TestS3Server;
let localRoot: string;
const stores: Record<'local' | 's3', FileStore> = {} as Record<'local' | 's3', FileStore>;

beforeAll(async () => {
  localRoot = await mkdtemp(path.join(os.tmpdir(), 'sujarit-files-'));
  stores.local = new LocalFileStore(localRoot);
  s3 = await startTestS3Server();
  const bucket = await s3.createBucket('contract');
  stores.s3 = createFileStore(loadConfig({ NODE_ENV: 'test', ...s3.env(bucket) }));
});

afterAll(async () => {
  (stores.s3 as S3FileStore | undefined)?.close();
  await s3?.stop();
  if (localRoot) await rm(localRoot, { recursive: true, force: true });
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stream of several chunks whose length nobody announces: 11 MiB, more than one multipart part. */
function chunkedStream(chunks: Buffer[]): Readable {
  return Readable.from(chunks);
}

describe.each(['local', 's3'] as const)('FileStore contract: %s', (kind) => {
  const store = () => stores[kind];

  test('put then get returns the same bytes; exists says so', async () => {
    const bytes = randomBytes(50_000);
    const key = `evidence/${kind}/put-get`;
    expect(await store().exists(key)).toBe(false);
    await store().put(key, bytes, { contentType: 'application/pdf' });
    expect(await store().exists(key)).toBe(true);
    expect((await readAll(await store().get(key))).equals(bytes)).toBe(true);
  });

  test('content-addressed puts are idempotent: the same bytes twice give the same key and one whole file', async () => {
    const bytes = randomBytes(20_000);
    const [first, second] = await Promise.all([
      putContent(store(), 'evidence', bytes, 'image/png'),
      putContent(store(), 'evidence', bytes, 'image/png'),
    ]);
    expect(first).toEqual(second);
    expect(first).toEqual({ key: contentKey('evidence', sha256(bytes)), sha256: sha256(bytes), sizeBytes: bytes.length });
    await putContent(store(), 'evidence', bytes);
    expect(sha256(await readAll(await store().get(first.key)))).toBe(first.sha256);
  });

  test('a streamed put of unknown length arrives whole', async () => {
    const chunks = [randomBytes(6 * 1024 * 1024), randomBytes(5 * 1024 * 1024), randomBytes(1234)];
    const whole = Buffer.concat(chunks);
    const key = `reports/${kind}/streamed`;
    await store().put(key, chunkedStream(chunks));
    const back = await readAll(await store().get(key));
    expect(back.length).toBe(whole.length);
    expect(sha256(back)).toBe(sha256(whole));
  });

  test('writing a key again replaces it whole', async () => {
    const key = `reports/${kind}/replaced`;
    await store().put(key, Buffer.from('the first, longer version of the file'));
    await store().put(key, Buffer.from('second'));
    expect((await readAll(await store().get(key))).toString()).toBe('second');
  });

  test('a missing key: get refuses with FileNotFoundError, exists is false, delete is no error', async () => {
    const key = `evidence/${kind}/never-written`;
    await expect(store().get(key)).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await store().exists(key)).toBe(false);
    await expect(store().delete(key)).resolves.toBeUndefined();
  });

  test('delete removes the file, and again is no error', async () => {
    const key = `evidence/${kind}/deleted`;
    await store().put(key, Buffer.from('to be removed'));
    await store().delete(key);
    expect(await store().exists(key)).toBe(false);
    await expect(store().get(key)).rejects.toBeInstanceOf(FileNotFoundError);
    await store().delete(key);
  });

  test.each(['../outside', '/absolute', 'evidence/../../etc/passwd', 'Upper/Case', '', 'a//b', 'evidence/'])(
    'refuses the key %p before touching storage',
    async (key) => {
      await expect(store().put(key, Buffer.from('x'))).rejects.toThrow(/invalid file store key/);
      await expect(store().get(key)).rejects.toThrow(/invalid file store key/);
      await expect(store().exists(key)).rejects.toThrow(/invalid file store key/);
      await expect(store().delete(key)).rejects.toThrow(/invalid file store key/);
    },
  );
});

describe('local disk', () => {
  test('keeps each key at its path under the root, and leaves no temporary file behind', async () => {
    const bytes = Buffer.from('evidence bytes');
    const { key, sha256: hash } = await putContent(stores.local, 'evidence', bytes);
    expect(key).toBe(`evidence/${hash.slice(0, 2)}/${hash}`);
    expect(await readdir(path.join(localRoot, 'evidence', hash.slice(0, 2)))).toEqual([hash]);
  });

  test('the store rooted in DATA_DIR hands out nothing outside its own folders (the app secret lives there)', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-data-'));
    try {
      await writeFile(path.join(dataDir, 'app-secret'), 'secret\n');
      const store = createFileStore(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }));
      expect(store).toBeInstanceOf(LocalFileStore);
      await expect(store.get('app-secret')).rejects.toThrow(/outside this store's folders/);
      await expect(store.get('pg/postgresql.conf')).rejects.toThrow(/outside this store's folders/);
      const stored = await putContent(store, 'reports', Buffer.from('report'));
      expect((await readAll(await store.get(stored.key))).toString()).toBe('report');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('S3-compatible object store', () => {
  test('is refused with wrong credentials: the server checks signatures', async () => {
    const bucket = await s3.createBucket('denied');
    const wrong = createFileStore(
      loadConfig({ NODE_ENV: 'test', ...s3.env(bucket), S3_SECRET_ACCESS_KEY: 'not-the-secret-of-this-server' }),
    ) as S3FileStore;
    try {
      await expect(wrong.put('evidence/zz/denied', Buffer.from('x'))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
      });
    } finally {
      wrong.close();
    }
  });

  test('says where the files go without its credentials', () => {
    expect(stores.s3.description).toMatch(/^s3:\/\/contract-[0-9a-f]{8} at http:\/\/127\.0\.0\.1:\d+$/);
    expect(stores.s3.description).not.toContain(s3.secretAccessKey);
  });
});

describe('FILE_STORE settings', () => {
  test('s3 needs a bucket, and both halves of a key pair or neither', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', FILE_STORE: 's3' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', FILE_STORE: 's3' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ NODE_ENV: 'test', FILE_STORE: 's3', S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'AKIA' })).toThrow(
      /S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', FILE_STORE: 'ftp' })).toThrow(/FILE_STORE/);
    expect(() => loadConfig({ NODE_ENV: 'test', FILE_STORE: 's3', S3_BUCKET: 'No_Such' })).toThrow(/S3_BUCKET/);
    const config = loadConfig({ NODE_ENV: 'test', FILE_STORE: 's3', S3_BUCKET: 'files', S3_FORCE_PATH_STYLE: 'true' });
    expect(config).toMatchObject({ FILE_STORE: 's3', S3_BUCKET: 'files', S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true });
    expect(createFileStore(config)).toBeInstanceOf(S3FileStore);
  });

  test('local is the default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).FILE_STORE).toBe('local');
  });
});

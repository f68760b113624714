import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertFileKey, FileNotFoundError, type FileStore } from './store';

/**
 * Files on this machine's disk, the key as the path under root. Good for one machine (npm start, a single-host
 * deployment); replicas on several machines need the object store.
 */
export class LocalFileStore implements FileStore {
  readonly description: string;
  private readonly root: string;
  private readonly namespaces: ReadonlySet<string> | undefined;

  /**
   * namespaces: the first key segments allowed. DATA_DIR also holds the database and the app secret, so the store
   * rooted there must never hand out a key outside its own folders.
   */
  constructor(root: string, opts: { namespaces?: readonly string[] } = {}) {
    this.root = path.resolve(root);
    this.namespaces = opts.namespaces ? new Set(opts.namespaces) : undefined;
    this.description = `local disk ${this.root}`;
  }

  private pathOf(key: string): string {
    assertFileKey(key);
    const segments = key.split('/');
    if (this.namespaces && (segments.length < 2 || !this.namespaces.has(segments[0]!))) {
      throw new Error(`ที่เก็บไฟล์นี้ไม่มีชื่อนี้ / key outside this store's folders: ${key.slice(0, 80)}`);
    }
    return path.join(this.root, ...segments);
  }

  async put(key: string, body: Buffer | Readable): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written beside the target, then renamed: a reader sees the old file or the whole new one, never a part.
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      if (Buffer.isBuffer(body)) await writeFile(temp, body);
      else await pipeline(body, createWriteStream(temp));
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    try {
      // Opened here, so a missing file is this call's error rather than a failing stream later.
      const handle = await open(file, 'r');
      return handle.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(key);
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.pathOf(key));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

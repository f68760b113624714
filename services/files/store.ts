import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Where evidence and rendered report files live, by key. Local disk by default; an S3-compatible object store in
 * production, so API and worker replicas on different machines read what the others wrote (services/files/s3.ts).
 * Keys are content-addressed (contentKey): a put of the same bytes under the same key changes nothing.
 */
export interface FileStore {
  /** For start-up lines: where the files go, without credentials. */
  readonly description: string;
  /** Stores body under key; writing a key again replaces it whole, never leaves it half written. */
  put(key: string, body: Buffer | Readable, opts?: { contentType?: string }): Promise<void>;
  /** The bytes under key as a stream; FileNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Removing a key that is not there is not an error. */
  delete(key: string): Promise<void>;
}

export class FileNotFoundError extends Error {
  readonly code = 'FILE_NOT_FOUND';
  constructor(readonly key: string) {
    super(`ไม่พบไฟล์ / no stored file under key ${key}`);
    this.name = 'FileNotFoundError';
  }
}

/** Lower-case segments of letters, digits, '.', '_' and '-', each starting with a letter or digit: no '..', no '/'. */
const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/;
const MAX_KEY_LENGTH = 512;

/** A key that is a path on disk and an object name alike; anything else is refused before it reaches either. */
export function assertFileKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) {
    throw new Error(`ชื่อไฟล์ในที่เก็บไม่ถูกต้อง / invalid file store key: ${JSON.stringify(key.slice(0, 80))}`);
  }
}

export const CONTENT_NAMESPACES = ['evidence', 'reports'] as const;
export type ContentNamespace = (typeof CONTENT_NAMESPACES)[number];

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `evidence/ab/ab12...`: the SHA-256 names the file, its first two digits spread them over 256 directories. */
export function contentKey(namespace: ContentNamespace, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256 in hex: ${sha256.slice(0, 80)}`);
  return `${namespace}/${sha256.slice(0, 2)}/${sha256}`;
}

export interface StoredContent {
  key: string;
  sha256: string;
  sizeBytes: number;
}

/** Stores bytes under their own hash: the same file stored twice is one file, and a row can be checked against it. */
export async function putContent(
  store: FileStore,
  namespace: ContentNamespace,
  bytes: Buffer,
  contentType?: string,
): Promise<StoredContent> {
  const sha256 = sha256Hex(bytes);
  const key = contentKey(namespace, sha256);
  await store.put(key, bytes, contentType ? { contentType } : {});
  return { key, sha256, sizeBytes: bytes.length };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertFileKey, FileNotFoundError, type FileStore } from './store';

export interface S3FileStoreOptions {
  bucket: string;
  region: string;
  /** Unset: AWS itself. Set for any other S3-compatible server (https://s3.example.go.th). */
  endpoint?: string;
  /** bucket in the path (`endpoint/bucket/key`) rather than in the host name; most self-hosted servers want it. */
  forcePathStyle: boolean;
  /** Unset: the SDK's own chain (environment, shared files, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Streams of unknown length go up in parts of this size (lib-storage's minimum is 5 MiB). */
const PART_SIZE = 8 * 1024 * 1024;

/**
 * An S3-compatible object store through the AWS SDK v3. Every put sends the SHA-256 of its bytes, so the server
 * refuses a body damaged on the way; a streamed put (unknown length) goes up as a multipart upload.
 */
export class S3FileStore implements FileStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(opts: S3FileStoreOptions) {
    this.bucket = opts.bucket;
    this.client = new S3Client({
      region: opts.region,
      forcePathStyle: opts.forcePathStyle,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    });
    this.description = `s3://${opts.bucket}${opts.endpoint ? ` at ${new URL(opts.endpoint).origin}` : ` (${opts.region})`}`;
  }

  async put(key: string, body: Buffer | Readable, opts: { contentType?: string } = {}): Promise<void> {
    assertFileKey(key);
    const contentType = opts.contentType ?? 'application/octet-stream';
    if (Buffer.isBuffer(body)) {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: contentType,
          ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
        }),
      );
      return;
    }
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ChecksumAlgorithm: 'SHA256' },
      partSize: PART_SIZE,
      queueSize: 2,
    }).done();
  }

  async get(key: string): Promise<Readable> {
    assertFileKey(key);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(answer.Body instanceof Readable)) throw new Error(`S3 returned no body for ${key}`);
      return answer.Body;
    } catch (err) {
      if (isNotFound(err)) throw new FileNotFoundError(key);
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertFileKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertFileKey(key);
    // S3 answers 204 for a key that is not there, too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Closes the client's sockets (tests, shutdown). */
  close(): void {
    this.client.destroy();
  }
}

function isNotFound(err: unknown): boolean {
  if (!(err instanceof S3ServiceException)) return false;
  // GetObject says NoSuchKey; HeadObject has no body, so only its status says 404.
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404;
}

import path from 'node:path';
import type { Config } from '../../config';
import { LocalFileStore } from './local';
import { S3FileStore } from './s3';
import { CONTENT_NAMESPACES, type FileStore } from './store';

export * from './store';
export { LocalFileStore } from './local';
export { S3FileStore, type S3FileStoreOptions } from './s3';

export type FileStoreSettings = Pick<
  Config,
  | 'DATA_DIR'
  | 'FILE_STORE'
  | 'S3_ENDPOINT'
  | 'S3_BUCKET'
  | 'S3_REGION'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
>;

/** The store the configuration names; loadConfig has already refused s3 without a bucket or with half a key pair. */
export function createFileStore(config: FileStoreSettings): FileStore {
  if (config.FILE_STORE === 's3') {
    return new S3FileStore({
      bucket: config.S3_BUCKET!,
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
      ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } }
        : {}),
    });
  }
  // The key is the path under DATA_DIR: evidence/ab/<sha256> is where evidence has always been kept.
  return new LocalFileStore(path.resolve(config.DATA_DIR), { namespaces: CONTENT_NAMESPACES });
}

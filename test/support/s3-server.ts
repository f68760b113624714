import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { TOOLS_BIN_DIR, findOnPath, goInstall, whyNotRunnable, withBuildLock } from '../../infra/go-build';
import { prefixedLog, type Log } from '../../infra/log';
import { findFreePort } from '../../infra/ports';

/**
 * A real S3-compatible server for the tests: the Versity S3 Gateway (Apache-2.0) over a temporary directory,
 * listening on 127.0.0.1 and checking every request's SigV4 signature. Found on PATH or in `.tools/bin`, else built
 * there once with `go install` under the project's Go build lock, like the temporal CLI.
 */

const MODULE = 'github.com/versity/versitygw/cmd/versitygw';
export const VERSITYGW_VERSION = 'v1.8.0';
const LOCAL_BINARY = path.join(TOOLS_BIN_DIR, 'versitygw');
/** `go install` leaves the version fields empty (they come from the release build's flags); the layout is enough. */
const VERSION_OUTPUT = /Version\s*:/;
const READY_TIMEOUT_MS = 30_000;

const log = prefixedLog('s3-server', (line) => process.stderr.write(`${line}\n`));

export async function resolveVersitygw(logTo: Log = log): Promise<string> {
  const onPath = await findOnPath('versitygw');
  if (onPath && !(await whyNotRunnable(onPath, VERSION_OUTPUT))) return onPath;
  if (!(await whyNotRunnable(LOCAL_BINARY, VERSION_OUTPUT))) return LOCAL_BINARY;
  return withBuildLock(logTo, `versitygw ${VERSITYGW_VERSION}`, async () => {
    if (!(await whyNotRunnable(LOCAL_BINARY, VERSION_OUTPUT))) return LOCAL_BINARY;
    logTo(
      `กำลังสร้าง versitygw ${VERSITYGW_VERSION} ด้วย Go (ครั้งแรกราวสองนาที) / ` +
        `building versitygw ${VERSITYGW_VERSION} with Go (about two minutes the first time)`,
    );
    const result = await goInstall({
      target: `${MODULE}@${VERSITYGW_VERSION}`,
      builtName: 'versitygw',
      destination: LOCAL_BINARY,
      label: `versitygw ${VERSITYGW_VERSION}`,
      log: logTo,
    });
    if (result.kind === 'go-missing') {
      throw new Error('ไม่พบคำสั่ง go / `go` is not installed: the S3 tests build versitygw with it');
    }
    if (result.kind === 'failed') {
      throw new Error(`สร้าง versitygw ไม่สำเร็จ / building versitygw failed:\n${result.tail.join('\n')}`);
    }
    const problem = await whyNotRunnable(LOCAL_BINARY, VERSION_OUTPUT);
    if (problem) throw new Error(`the built versitygw does not run: ${problem}`);
    logTo(`สร้างเสร็จแล้ว / built: ${LOCAL_BINARY}`);
    return LOCAL_BINARY;
  });
}

export interface TestS3Server {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A new, empty bucket with a unique name. */
  createBucket(label: string): Promise<string>;
  /** The settings that point the app's FILE_STORE at this server and bucket. */
  env(bucket: string): Record<string, string>;
  stop(): Promise<void>;
}

export async function startTestS3Server(): Promise<TestS3Server> {
  const binary = await resolveVersitygw();
  const root = await mkdtemp(path.join(os.tmpdir(), 'sujarit-s3-'));
  const accessKeyId = `test${randomBytes(6).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('hex');
  const region = 'us-east-1';
  const port = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    binary,
    ['--port', `127.0.0.1:${port}`, '--region', region, '--quiet', 'posix', root],
    {
      // Credentials through the environment, so they never show in `ps`.
      env: { ...process.env, ROOT_ACCESS_KEY_ID: accessKeyId, ROOT_SECRET_ACCESS_KEY: secretAccessKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(root, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`versitygw exited with ${child.exitCode} before it served:\n${output.join('\n')}`);
    }
    try {
      await client.send(new ListBucketsCommand({}));
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`versitygw did not answer at ${endpoint} within ${READY_TIMEOUT_MS} ms: ${String(err)}`, {
          cause: err,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    endpoint,
    region,
    accessKeyId,
    secretAccessKey,
    async createBucket(label) {
      const bucket = `${label}-${randomBytes(4).toString('hex')}`.toLowerCase();
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    env(bucket) {
      return {
        FILE_STORE: 's3',
        S3_ENDPOINT: endpoint,
        S3_BUCKET: bucket,
        S3_REGION: region,
        S3_ACCESS_KEY_ID: accessKeyId,
        S3_SECRET_ACCESS_KEY: secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      };
    },
    stop,
  };
}

if (require.main === module) {
  // CI builds it as a step of its own, so the first test that needs it does not spend its time on Go.
  resolveVersitygw().then(
    (binary) => console.log(binary),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}

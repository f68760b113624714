import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { silentLog, type Log } from './log';
import { findFreePort } from './ports';

export interface TemporalDevServerOptions {
  cliPath: string;
  /** SQLite file for persistence across restarts; without it the server keeps everything in memory. */
  dbFilename?: string;
  /** 0 or unset: a free port. */
  grpcPort?: number;
  /** false: no Web UI. 0 or unset: a free port. */
  uiPort?: number | false;
  namespace?: string;
  log?: Log;
  readyTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL on stop. */
  stopGraceMs?: number;
}

export interface TemporalDevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_READY_TIMEOUT_MS = 60_000;
const DEFAULT_STOP_GRACE_MS = 10_000;
const OUTPUT_LINES_KEPT = 30;
/** Free ports are picked before the server binds them; another process can win that race. */
const PORT_RACE_ATTEMPTS = 3;

export class TemporalDevServerError extends Error {
  constructor(
    message: string,
    public readonly lastOutput: string[],
  ) {
    super(`${message}\n--- last output of temporal server start-dev ---\n${lastOutput.join('\n') || '(none)'}`);
    this.name = 'TemporalDevServerError';
  }
}

/** Runs `temporal server start-dev` bound to 127.0.0.1 and resolves once the namespace answers. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const log = opts.log ?? silentLog;
  const portsArePicked = !opts.grpcPort && (opts.uiPort === false || !opts.uiPort);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, log);
    } catch (err) {
      const portTaken =
        err instanceof TemporalDevServerError && err.lastOutput.some((line) => /address already in use/i.test(line));
      if (!portTaken || !portsArePicked || attempt >= PORT_RACE_ATTEMPTS) throw err;
      log('พอร์ตถูกใช้ไปแล้ว ลองพอร์ตใหม่ / a picked port was taken meanwhile; retrying with new ports');
    }
  }
}

async function startOnce(opts: TemporalDevServerOptions, log: Log): Promise<TemporalDevServer> {
  const namespace = opts.namespace ?? 'default';
  const grpcPort = opts.grpcPort || (await findFreePort(HOST));
  const uiPort = opts.uiPort === false ? false : opts.uiPort || (await findFreePort(HOST));
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(grpcPort), '--log-level', 'warn'];
  if (namespace !== 'default') args.push('--namespace', namespace);
  if (uiPort === false) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (opts.dbFilename) {
    const dbFile = path.resolve(opts.dbFilename);
    await mkdir(path.dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }

  const address = `${HOST}:${grpcPort}`;
  log(
    `เริ่ม Temporal dev server ที่ ${address} / starting the Temporal dev server on ${address}` +
      (opts.dbFilename ? ` (SQLite ${opts.dbFilename})` : ' (in memory)'),
  );
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lastOutput: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lastOutput.push(line);
      if (lastOutput.length > OUTPUT_LINES_KEPT) lastOutput.shift();
      // Warnings are routine on a dev server; errors are worth a line in the console.
      if (/level=(ERROR|FATAL)/.test(line)) log(line);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A parent that dies without calling stop() must not leave a server holding its ports.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const exitedEarly = new Promise<string>((resolve) => {
    child.once('error', (err) => resolve(`could not be run (${opts.cliPath}): ${err.message}`));
    child.once('exit', (code, signal) => resolve(`exited early (code ${String(code)}, signal ${String(signal)})`));
  });

  const readyTimeoutMs = opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const abort = new AbortController();
  const failure = await Promise.race([
    waitForNamespace(address, namespace, readyTimeoutMs, abort.signal),
    exitedEarly,
  ]);
  abort.abort();
  if (failure !== undefined) {
    await stopChild(child, 0);
    throw new TemporalDevServerError(
      `เริ่มเซิร์ฟเวอร์ Temporal สำหรับพัฒนาไม่สำเร็จ / the Temporal dev server ${failure}`,
      lastOutput,
    );
  }
  const stopGraceMs = opts.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  return {
    address,
    uiUrl: uiPort === false ? undefined : `http://${HOST}:${uiPort}`,
    stop: () => stopChild(child, stopGraceMs),
  };
}

/** Resolves undefined once DescribeNamespace succeeds, or a failure reason when the time is up. */
async function waitForNamespace(
  address: string,
  namespace: string,
  timeoutMs: number,
  aborted: AbortSignal,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt yet';
  while (!aborted.aborted && Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      const connectTimeout = Math.max(100, Math.min(2_000, deadline - Date.now()));
      connection = await Connection.connect({ address, connectTimeout });
      await connection.workflowService.describeNamespace({ namespace });
      return undefined;
    } catch (err) {
      lastError = (err as Error).message;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return `did not answer DescribeNamespace(${namespace}) on ${address} within ${timeoutMs} ms (last error: ${lastError})`;
}

/** SIGTERM lets the server flush SQLite; SIGKILL after the grace period so a stuck server cannot hang shutdown. */
async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

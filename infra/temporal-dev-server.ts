import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { silentLog, type Log } from './log';
import { findFreePort } from './ports';
import { ServerStartError, pollUntilReady, retryWhenPortTaken, stopServerProcess, watchServerProcess } from './server-process';

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

/** Runs `temporal server start-dev` bound to 127.0.0.1 and resolves once the namespace answers. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const log = opts.log ?? silentLog;
  const portsArePicked = !opts.grpcPort && (opts.uiPort === false || !opts.uiPort);
  return retryWhenPortTaken(log, portsArePicked, () => startOnce(opts, log));
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
  const { lastOutput, exited: exitedEarly } = watchServerProcess(child, {
    program: opts.cliPath,
    linesKept: OUTPUT_LINES_KEPT,
    // Warnings are routine on a dev server; errors are worth a line in the console.
    onLine: (line) => {
      if (/level=(ERROR|FATAL)/.test(line)) log(line);
    },
  });

  const readyTimeoutMs = opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const abort = new AbortController();
  const failure = await Promise.race([
    waitForNamespace(address, namespace, readyTimeoutMs, abort.signal),
    exitedEarly,
  ]);
  abort.abort();
  if (failure !== undefined) {
    await stopServerProcess(child, 0);
    throw new ServerStartError(
      `เริ่มเซิร์ฟเวอร์ Temporal สำหรับพัฒนาไม่สำเร็จ / the Temporal dev server ${failure}`,
      lastOutput,
      'temporal server start-dev',
    );
  }
  const stopGraceMs = opts.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  return {
    address,
    uiUrl: uiPort === false ? undefined : `http://${HOST}:${uiPort}`,
    stop: () => stopServerProcess(child, stopGraceMs),
  };
}

/** Resolves undefined once DescribeNamespace succeeds, or a failure reason when the time is up. */
function waitForNamespace(address: string, namespace: string, timeoutMs: number, aborted: AbortSignal): Promise<string | undefined> {
  return pollUntilReady(address, timeoutMs, aborted, `answer DescribeNamespace(${namespace})`, async (connection) => {
    await connection.workflowService.describeNamespace({ namespace });
  });
}

/** SIGTERM lets the server flush SQLite; SIGKILL after the grace period so a stuck server cannot hang shutdown. */

import type { ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import type { Log } from './log';

/**
 * What the two Temporal servers we run (the CLI's dev server and the PostgreSQL-backed server) share as child
 * processes: the last lines they printed (for an error that explains a failed start), a kill when this process
 * exits without stopping them, the start retried when another process took a picked port, and a graceful stop.
 */

/** Free ports are picked before the server binds them; another process can win that race. */
const PORT_RACE_ATTEMPTS = 3;

export class ServerStartError extends Error {
  constructor(
    message: string,
    public readonly lastOutput: string[],
    serverName: string,
  ) {
    super(`${message}\n--- last output of ${serverName} ---\n${lastOutput.join('\n') || '(none)'}`);
    this.name = 'ServerStartError';
  }
}

export interface WatchedServer {
  /** The last lines of stdout and stderr, newest last. */
  lastOutput: string[];
  /** Resolves with why, if the process could not be run or exited. */
  exited: Promise<string>;
}

export function watchServerProcess(
  child: ChildProcess,
  opts: { program: string; linesKept: number; maxLineLength?: number; onChunk?: (chunk: Buffer) => void; onLine?: (line: string) => void },
): WatchedServer {
  const lastOutput: string[] = [];
  const keep = (chunk: Buffer): void => {
    opts.onChunk?.(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      const max = opts.maxLineLength;
      lastOutput.push(max !== undefined && line.length > max ? `${line.slice(0, max)}…` : line);
      if (lastOutput.length > opts.linesKept) lastOutput.shift();
      opts.onLine?.(line);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A parent that dies without calling stop() must not leave a server holding its ports and connections.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const exited = new Promise<string>((resolve) => {
    child.once('error', (err) => resolve(`could not be run (${opts.program}): ${err.message}`));
    child.once('exit', (code, signal) => resolve(`exited early (code ${String(code)}, signal ${String(signal)})`));
  });
  return { lastOutput, exited };
}

/** Runs `start` again (with new ports) when the server said a picked port was taken, if `canRetry`. */
export async function retryWhenPortTaken<T>(log: Log, canRetry: boolean, start: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(attempt);
    } catch (err) {
      const portTaken =
        err instanceof ServerStartError && err.lastOutput.some((line) => /address already in use/i.test(line));
      if (!portTaken || !canRetry || attempt >= PORT_RACE_ATTEMPTS) throw err;
      log('พอร์ตถูกใช้ไปแล้ว ลองพอร์ตใหม่ / a picked port was taken meanwhile; retrying with new ports');
    }
  }
}

/** SIGTERM, then SIGKILL after graceMs (at once with 0); resolves when the process has exited. */
export async function stopServerProcess(child: ChildProcess, graceMs: number): Promise<void> {
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

const READINESS_RETRY_MS = 250;

/**
 * Connects anew and runs `probe` until it succeeds (undefined) or the time is up (the reason, with the last error).
 * A fresh connection each time: one made before the server listened would keep failing.
 */
export async function pollUntilReady(
  address: string,
  timeoutMs: number,
  aborted: AbortSignal,
  what: string,
  probe: (connection: Connection) => Promise<void>,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt yet';
  while (!aborted.aborted && Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      const connectTimeout = Math.max(100, Math.min(2_000, deadline - Date.now()));
      connection = await Connection.connect({ address, connectTimeout });
      await probe(connection);
      return undefined;
    } catch (err) {
      lastError = (err as Error).message;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, READINESS_RETRY_MS));
  }
  return `did not ${what} on ${address} within ${timeoutMs} ms (last error: ${lastError})`;
}

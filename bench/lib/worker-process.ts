import { fork, type ChildProcess } from 'node:child_process';
import type { Log } from '../../infra/log';

/** What the bench passes to its worker process. */
export interface WorkerChildSettings {
  temporalAddress: string;
  taskQueue: string;
  /** The environment the worker's Config is loaded from (as `npm run worker` reads it in production). */
  env: Record<string, string>;
}

export interface WorkerUsage {
  /** process.memoryUsage().rss of the worker process, in bytes. */
  rssBytes: number;
  heapUsedBytes: number;
  /** process.resourceUsage().maxRSS: the peak resident set so far, in bytes. */
  maxRssBytes: number;
  /** process.cpuUsage(), user + system, since the process started, in milliseconds. */
  cpuMs: number;
}

export type ParentToWorker = { type: 'start'; settings: WorkerChildSettings } | { type: 'usage' } | { type: 'stop' };

export type WorkerToParent =
  | { type: 'ready' }
  | { type: 'usage'; usage: WorkerUsage }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

export interface WorkerProcess {
  pid: number;
  usage(): Promise<WorkerUsage>;
  /** Drains the worker (SIGKILL if it does not exit in time); safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const ANSWER_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 30_000;

/**
 * Runs the Sujarit worker (real activities) in its own Node process, so its memory is its own and it competes for
 * CPU the way a separately deployed worker does. Talks to it over the IPC channel only.
 */
export async function startWorkerProcess(childPath: string, settings: WorkerChildSettings, log: Log): Promise<WorkerProcess> {
  // The compiled child runs on Node alone, as the image's worker does; the allocator setting is the image's too
  // (Dockerfile, and `npm run worker` for the sources).
  const child = fork(childPath, [], {
    execArgv: ['--enable-source-maps'],
    env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (child.pid === undefined) throw new Error('the worker process did not start');
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A bench that dies without stop() must not leave a worker polling a server that is gone.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  const next = <T extends WorkerToParent['type']>(type: T, timeoutMs: number) =>
    nextMessage(child, exited, type, timeoutMs) as Promise<Extract<WorkerToParent, { type: T }>>;

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = next('stopped', STOP_TIMEOUT_MS).catch(() => undefined);
    send(child, { type: 'stop' });
    await done;
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    const ready = next('ready', READY_TIMEOUT_MS);
    send(child, { type: 'start', settings });
    await ready;
  } catch (err) {
    await stop().catch(() => undefined);
    child.kill('SIGKILL');
    throw err;
  }
  log(`เวิร์กเกอร์พร้อม (pid ${pid}) / worker process ${pid} is polling ${settings.taskQueue}`);
  return {
    pid,
    async usage() {
      const answer = next('usage', ANSWER_TIMEOUT_MS);
      send(child, { type: 'usage' });
      return (await answer).usage;
    },
    stop,
  };
}

function send(child: ChildProcess, message: ParentToWorker): void {
  if (child.connected) child.send(message);
}

/** The next message of this type; a `failed` message, the process exiting, or the timeout reject. */
function nextMessage(
  child: ChildProcess,
  exited: Promise<void>,
  type: WorkerToParent['type'],
  timeoutMs: number,
): Promise<WorkerToParent> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    const onMessage = (message: WorkerToParent): void => {
      if (message.type === 'failed') {
        cleanup();
        reject(new Error(`worker process failed: ${message.message}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`worker process did not answer "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    void exited.then(() => {
      cleanup();
      reject(new Error(`worker process exited while waiting for "${type}"`));
    });
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { builtEntry, ensureBuild } from '../../infra/build';
import { prefixedLog } from '../../infra/log';

export const REPO = path.join(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');

/** The first build of a checkout compiles everything: minutes on a loaded machine, longer than a hook's default. */
export const BUILD_TIMEOUT_MS = 10 * 60_000;

/** The compiled build the `built` processes run, made once for each state of the sources (infra/build.ts). */
export function buildForProcesses(): Promise<string> {
  return ensureBuild(prefixedLog('test-build', (line) => process.stderr.write(`${line}\n`)));
}

/** A process of ours (`tsx <entry>`) whose output is kept line by line for the test to read. */
export interface RunningProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout line for which match() is true; rejects if the process exits first. */
  waitForLine(what: string, match: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** SIGTERM, then SIGKILL if it has not exited within graceMs; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export interface StartTsxOptions {
  /**
   * Node itself with tsx as its loader (`node --import tsx`), rather than the tsx launcher that runs Node as its
   * child: one process, so `child.pid` is the process doing the work and a SIGKILL reaches it, not only its parent.
   */
  direct?: boolean;
  /**
   * The compiled build (infra/build.ts; the caller has run ensureBuild) with Node alone, as the image runs it:
   * `node --enable-source-maps dist/<entry>.js`. One process, like `direct`.
   */
  built?: boolean;
}

export function startTsxProcess(entry: string, env: NodeJS.ProcessEnv, opts: StartTsxOptions = {}): RunningProcess {
  const [command, args] = opts.built
    ? [process.execPath, ['--enable-source-maps', builtEntry(entry)]]
    : opts.direct
      ? [process.execPath, ['--import', 'tsx', path.join(REPO, entry)]]
      : [TSX, [path.join(REPO, entry)]];
  const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const collect = (into: string[], notify: boolean) => {
    let partial = '';
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        into.push(line);
        if (notify) for (const watch of watchers) watch(line);
      }
    };
  };
  child.stdout!.on('data', collect(stdout, true));
  child.stderr!.on('data', collect(stderr, false));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    child,
    stdout,
    stderr,
    waitForLine(what, match, timeoutMs) {
      const seen = stdout.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const done = (err: Error | undefined, line?: string) => {
          clearTimeout(timer);
          watchers.delete(watch);
          if (err) reject(err);
          else resolve(line!);
        };
        const watch = (line: string) => {
          if (match(line)) done(undefined, line);
        };
        const timer = setTimeout(
          () => done(new Error(`no line "${what}" within ${timeoutMs} ms; stderr:\n${stderr.join('\n')}`)),
          timeoutMs,
        );
        watchers.add(watch);
        void exited.then((code) =>
          done(new Error(`${entry} exited (${code}) before "${what}"; stderr:\n${stderr.join('\n')}\nstdout:\n${stdout.join('\n')}`)),
        );
      });
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * The environment of a production deployment for a test's own processes: only what the parts read, nothing
 * inherited from the test run (so a setting of the developer's shell never changes what is tested).
 */
export function productionProcessEnv(settings: {
  appSecret: string;
  publicBaseUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  extra?: NodeJS.ProcessEnv;
}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    APP_SECRET: settings.appSecret,
    PUBLIC_BASE_URL: settings.publicBaseUrl,
    DATABASE_URL: settings.databaseUrl,
    TEMPORAL_ADDRESS: settings.temporalAddress,
    TEMPORAL_NAMESPACE: settings.temporalNamespace,
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    ...settings.extra,
  };
}

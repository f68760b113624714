import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import type { Log } from '../../infra/log';
import { resolveTemporalCli } from '../../infra/temporal-cli';
import { startTemporalDevServer } from '../../infra/temporal-dev-server';
import { resolveTemporalServerTools, startTemporalServer, temporalDatabaseNames } from '../../infra/temporal-server';

export interface BenchTemporal {
  client: Client;
  taskQueue: string;
  /** Runs `work` while the in-process worker polls. */
  runWithWorker<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface BenchTemporalOptions {
  workflowsPath: string;
  log: Log;
  worker?: Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'workflowsPath' | 'workflowBundle'>;
  /**
   * A server another part of the bench started (see startBenchTemporalServer); it is left running on close. Unset:
   * a private server is started here and stopped on close.
   */
  serverAddress?: string;
}

export type BenchEngine = 'dev' | 'postgres';

export interface BenchTemporalServer {
  address: string;
  /** Databases the server keeps on PostgreSQL (postgres engine), so a bench can measure their growth. */
  databases: string[];
  stop(): Promise<void>;
}

/** Quiet SDK logs: a bench prints its own progress lines and a table. */
export function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // A second bench in the same process keeps the runtime the first one installed.
  }
}

/**
 * A private server on 127.0.0.1, so bench numbers never depend on (or disturb) a server someone else is using.
 * Benches that compare against the bare baseline run both on this one server. `dev`: the in-memory dev server;
 * `postgres`: the production server on fresh databases of the given PostgreSQL, dropped on stop.
 */
export async function startBenchTemporalServer(
  log: Log,
  opts: { engine: BenchEngine; postgresAdminUrl?: string } = { engine: 'dev' },
): Promise<BenchTemporalServer> {
  if (opts.engine === 'postgres') {
    if (!opts.postgresAdminUrl) throw new Error('the postgres engine needs a PostgreSQL server for its databases');
    const tools = await resolveTemporalServerTools({ log });
    const server = await startTemporalServer({
      tools,
      postgresAdminUrl: opts.postgresAdminUrl,
      databases: temporalDatabaseNames(`sujarit_bench_${process.pid}_${randomUUID().slice(0, 8)}`),
      dropDatabasesOnStop: true,
      log,
    });
    return { address: server.address, databases: server.databases, stop: () => server.stop() };
  }
  const cliPath = await resolveTemporalCli({ log });
  const server = await startTemporalDevServer({ cliPath, uiPort: false, log });
  return { address: server.address, databases: [], stop: () => server.stop() };
}

/** A dev server (private unless serverAddress is given) with one worker in this process. */
export async function startBenchTemporal(opts: BenchTemporalOptions): Promise<BenchTemporal> {
  const { log } = opts;
  installQuietRuntime();
  const cleanups: (() => Promise<void>)[] = [];
  let address = opts.serverAddress;
  if (address === undefined) {
    const server = await startBenchTemporalServer(log);
    cleanups.push(() => server.stop());
    address = server.address;
  }
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    log('กำลังรวมโค้ดเวิร์กโฟลว์ / bundling workflow code');
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: opts.workflowsPath,
      logger: new DefaultLogger('WARN'),
    });
    const nativeConnection = await NativeConnection.connect({ address });
    cleanups.push(() => nativeConnection.close());
    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
    const worker = await Worker.create({
      ...opts.worker,
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      workflowBundle,
    });
    return {
      client: new Client({ connection, namespace: 'default' }),
      taskQueue,
      runWithWorker: (work) => worker.runUntil(work),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

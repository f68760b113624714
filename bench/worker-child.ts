import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { createSujaritWorker } from '../worker/worker';
import type { ParentToWorker, WorkerChildSettings, WorkerToParent } from './lib/worker-process';

/**
 * The worker process of `npm run bench -- workflows`: what `npm run worker` runs in production (the same
 * createSujaritWorker, real activities, a pool of the default size), driven over IPC by the bench
 * (bench/lib/worker-process.ts) so it can report its own memory and drain on request.
 */

function reply(message: WorkerToParent, then?: () => void): void {
  if (process.send && process.connected) process.send(message, undefined, {}, () => then?.());
  else then?.();
}

let running: { worker: Worker; run: Promise<void>; close(): Promise<void> } | undefined;

async function start(settings: WorkerChildSettings): Promise<void> {
  // The bench decides when the worker stops, so the SDK must not react to signals on its own.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const config = loadConfig(settings.env);
  if (!config.DATABASE_URL) throw new Error('the bench passes DATABASE_URL to its worker');
  const pool = createPool(config.DATABASE_URL);
  const connection = await NativeConnection.connect({ address: settings.temporalAddress });
  const worker = await createSujaritWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: settings.taskQueue,
    pool,
    config,
  });
  running = {
    worker,
    run: worker.run(),
    async close() {
      await connection.close();
      await pool.end();
    },
  };
  running.run.catch((err: unknown) => {
    reply({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  });
}

async function stop(): Promise<void> {
  const current = running;
  running = undefined;
  if (!current) return;
  if (current.worker.getState() === 'RUNNING') current.worker.shutdown();
  await current.run.catch(() => undefined);
  await current.close();
}

function usage(): WorkerToParent {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    type: 'usage',
    usage: {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      // maxRSS is in kilobytes, cpuUsage in microseconds.
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      cpuMs: (cpu.user + cpu.system) / 1000,
    },
  };
}

function fail(err: unknown): void {
  reply({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}

process.on('message', (message: ParentToWorker) => {
  switch (message.type) {
    case 'start':
      start(message.settings).then(() => reply({ type: 'ready' }), fail);
      break;
    case 'usage':
      reply(usage());
      break;
    case 'stop':
      stop().then(
        // The Temporal native runtime can hold the event loop open after a clean shutdown.
        () => reply({ type: 'stopped' }, () => process.exit(0)),
        (err: unknown) => {
          fail(err);
          process.exitCode = 1;
          reply({ type: 'stopped' }, () => process.exit(1));
        },
      );
      break;
  }
});

// The bench went away without asking us to stop: drain and leave rather than poll a server that is gone.
process.on('disconnect', () => {
  stop().finally(() => process.exit(0));
});

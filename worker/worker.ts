import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities, type ActivityDeps } from '../activities';
import { publicBaseUrl, type Config } from '../config';
import { bundleWorkflowsInChild } from './bundle';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export interface SujaritWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  config: Config;
  deps?: Partial<ActivityDeps>;
  /** Prebuilt bundle (tests bundle once per file); otherwise the workflows are bundled at start, in a child process. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createSujaritWorker(opts: SujaritWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    maxCachedWorkflows: opts.config.WORKER_MAX_CACHED_WORKFLOWS,
    // Concurrent workflow tasks cannot exceed the cache; the SDK's 40 is kept while the cache allows it.
    maxConcurrentWorkflowTaskExecutions: Math.max(2, Math.min(40, opts.config.WORKER_MAX_CACHED_WORKFLOWS)),
    workflowBundle: opts.workflowBundle ?? (await bundleWorkflowsInChild(WORKFLOWS_PATH)),
    activities: createActivities({
      pool: opts.pool,
      config: opts.config,
      publicBaseUrl: publicBaseUrl(opts.config),
      // A client over the worker's native connection: no second connection to the server.
      temporal: new Client({ connection: opts.connection, namespace: opts.namespace }),
      ...opts.deps,
    }),
  });
}

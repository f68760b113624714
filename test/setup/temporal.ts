import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { TEST_ENV, requiredTestEnv } from './env';
import { workflowBundleOptions } from '../../worker/bundle-options';

/** The run's shared dev server, started by global-setup. */
export function testTemporalAddress(): string {
  return requiredTestEnv(TEST_ENV.temporalAddress);
}

export function testNamespace(): string {
  return requiredTestEnv(TEST_ENV.temporalNamespace);
}

/** Task queues are the isolation between test files sharing one server: a worker only sees its own queue. */
export function uniqueTaskQueue(label: string): string {
  return `${label}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

export interface TestClient {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

export async function connectTestClient(): Promise<TestClient> {
  const connection = await Connection.connect({ address: testTemporalAddress() });
  const client = new Client({ connection, namespace: testNamespace() });
  return { client, connection, close: () => connection.close() };
}

/** Core's INFO lines (worker state changes) drown jest's output; install a WARN logger while we still can. */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already instantiated by an earlier worker or connection in this module registry: keep what it has.
  }
}

export async function connectTestWorkerConnection(): Promise<NativeConnection> {
  quietTemporalRuntime();
  return NativeConnection.connect({ address: testTemporalAddress() });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundling takes seconds; each test file's module registry is fresh, so this cache lives exactly one test file.
 * Pass the result as `workflowBundle` to every worker of the file.
 */
export function bundleWorkflowsOnce(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({ ...workflowBundleOptions(workflowsPath), logger: new DefaultLogger('WARN') });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

export type TestWorkerOptions = Omit<WorkerOptions, 'connection' | 'namespace'>;

/** Runs `work` while a worker polls the shared server, then shuts the worker and its connection down. */
export async function runWithWorker<T>(options: TestWorkerOptions, work: () => Promise<T>): Promise<T> {
  const connection = await connectTestWorkerConnection();
  try {
    const worker = await Worker.create({ ...options, connection, namespace: testNamespace() });
    return await worker.runUntil(work);
  } finally {
    await connection.close();
  }
}

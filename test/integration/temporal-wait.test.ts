import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../infra/ports';
import { resolveTemporalCli } from '../../infra/temporal-cli';
import { startTemporalDevServer, type TemporalDevServer } from '../../infra/temporal-dev-server';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { startTsxProcess, type RunningProcess } from '../support/process';

/**
 * A process started while Temporal is not there yet (a compose stack coming up, a server restarting) waits for it,
 * saying so in Thai and English, and carries on once it answers, instead of exiting at start-up.
 */

const START_TIMEOUT_MS = 240_000;
let db: FreshDatabase;
let dataDir: string;
let temporal: TemporalDevServer | undefined;
const processes: RunningProcess[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-temporal-wait-'));
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await temporal?.stop();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function env(temporalPort: number, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT: String(port),
    APP_SECRET: 'test-secret-of-at-least-thirty-two-characters',
    PUBLIC_BASE_URL: 'http://sujarit.test',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: 'temporal-wait',
    DATA_DIR: dataDir,
  };
}

test(
  'the API and the worker wait for an unreachable Temporal and start once it answers',
  async () => {
    const temporalPort = await findFreePort();
    const api = startTsxProcess('api/main.ts', env(temporalPort, await findFreePort()), { direct: true });
    const worker = startTsxProcess('worker/main.ts', env(temporalPort, 0), { direct: true });
    processes.push(api, worker);
    const waiting = (l: string) => l.includes('waiting for Temporal') && l.includes('กำลังรอ');
    await api.waitForLine('the API waiting for Temporal', waiting, START_TIMEOUT_MS);
    await worker.waitForLine('the worker waiting for Temporal', waiting, START_TIMEOUT_MS);
    expect(api.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();

    temporal = await startTemporalDevServer({ cliPath: await resolveTemporalCli(), grpcPort: temporalPort, uiPort: false });
    await api.waitForLine('API ready', (l) => l.includes('API ready'), START_TIMEOUT_MS);
    await worker.waitForLine('the worker polling', (l) => l.includes('polling task queue'), START_TIMEOUT_MS);
  },
  600_000,
);

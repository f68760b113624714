import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowUpdateStage } from '@temporalio/client';
import {
  appliedQuery,
  appliedUpdate,
  finishSignal,
  noopWorkflow,
  proceedSignal,
  signalRoundTripWorkflow,
} from '../../bench/bare-workflows';
import { MIGRATIONS_DIR } from '../../db/migrate';
import { databaseExists, dropDatabase, startPostgres, withDatabase } from '../../infra/postgres';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { TEST_ENV, requiredTestEnv } from '../setup/env';
import {
  bundleWorkflowsOnce,
  connectTestClient,
  runWithWorker,
  uniqueTaskQueue,
  type TestClient,
} from '../setup/temporal';

const BARE_WORKFLOWS_PATH = path.join(__dirname, '../../bench/bare-workflows.ts');

describe('integration harness', () => {
  let db: FreshDatabase;
  let temporal: TestClient;

  beforeAll(async () => {
    [db, temporal] = await Promise.all([freshDatabase(), connectTestClient()]);
  });

  afterAll(async () => {
    await Promise.all([db?.drop(), temporal?.close()]);
  });

  it('gives each test file a database carrying every migration', async () => {
    const expected = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
    const { rows } = await db.pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(expected);
    const { rows: current } = await db.pool.query<{ name: string }>('SELECT current_database() AS name');
    expect(current[0]?.name).toBe(db.name);
  });

  it('keeps test databases apart: a write in one is invisible in another', async () => {
    const other = await freshDatabase();
    try {
      await db.pool.query('CREATE TABLE harness_isolation_probe (id int)');
      const { rows } = await other.pool.query<{ present: boolean }>(
        "SELECT to_regclass('harness_isolation_probe') IS NOT NULL AS present",
      );
      expect(rows[0]?.present).toBe(false);
    } finally {
      await other.drop();
    }
    expect(await databaseExists(requiredTestEnv(TEST_ENV.pgAdminUrl), other.name)).toBe(false);
  });

  it('creates the database named by DATABASE_URL when it is missing', async () => {
    const adminUrl = requiredTestEnv(TEST_ENV.pgAdminUrl);
    const name = `${db.name}_byurl`;
    const running = await startPostgres({ DATABASE_URL: withDatabase(adminUrl, name), DATA_DIR: '', EMBEDDED_PG_PORT: 0 });
    try {
      expect(running.embedded).toBe(false);
      expect(await databaseExists(adminUrl, name)).toBe(true);
    } finally {
      await running.stop();
      await dropDatabase(adminUrl, name);
    }
  });

  it('runs workflows on the shared dev server and answers a signal', async () => {
    const taskQueue = uniqueTaskQueue('infra-smoke');
    const workflowBundle = await bundleWorkflowsOnce(BARE_WORKFLOWS_PATH);
    await runWithWorker({ taskQueue, workflowBundle }, async () => {
      const { client } = temporal;
      await client.workflow.execute(noopWorkflow, { taskQueue, workflowId: `${taskQueue}-noop` });

      const handle = await client.workflow.start(signalRoundTripWorkflow, {
        taskQueue,
        workflowId: `${taskQueue}-signal`,
      });
      await handle.signal(proceedSignal, 7);
      const applied = await handle.executeUpdate(appliedUpdate, { args: [7] });
      expect(applied).toBe(7);
      expect(await handle.query(appliedQuery)).toBe(7);

      const update = await handle.startUpdate(appliedUpdate, {
        args: [9],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      await handle.signal(proceedSignal, 9);
      expect(await update.result()).toBe(9);

      await handle.signal(finishSignal);
      expect(await handle.result()).toBe(9);
    });
  });
});

import { NativeConnection } from '@temporalio/worker';
import { closeSharedPdfPrinter } from '../activities/reports';
import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { announceChromium } from '../infra/chromium';
import { prefixedLog } from '../infra/log';
import { createSujaritWorker } from './worker';

/** Standalone worker for production (docker-compose): `npm run worker`. `npm start` runs one in-process. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new Error('DATABASE_URL and TEMPORAL_ADDRESS are required to run a standalone worker');
  }
  const pool = createPool(config.DATABASE_URL);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createSujaritWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    pool,
    config,
  });
  await announceChromium(prefixedLog('worker'), config.CHROMIUM_PATH);
  console.log(`worker: polling task queue ${config.TEMPORAL_TASK_QUEUE} at ${config.TEMPORAL_ADDRESS}`);
  // The SDK's runtime shuts the worker down on SIGINT/SIGTERM; run() returns once it has drained.
  await worker.run();
  await closeSharedPdfPrinter();
  await connection.close();
  await pool.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

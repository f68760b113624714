import { NativeConnection } from '@temporalio/worker';
import { closeSharedPdfPrinter } from '../activities/reports';
import { loadConfig, redactUrl } from '../config';
import { createLogger, type Logger } from '../config/logger';
import { createPool } from '../db/pool';
import { prepareDatabase } from '../db/app-role';
import { waitForTemporal } from '../services/temporal-wait';
import { announceChromium } from '../infra/chromium';
import { createFileStore } from '../services/files';
import { logAsJson, prefixedLog } from '../infra/log';
import { installTemporalRuntime } from './runtime';
import { createSujaritWorker } from './worker';

/** Production writes JSON lines (set once the configuration is known); until then errors go to stderr as text. */
let logger: Logger | undefined;

/** Standalone worker for production (docker-compose): `npm run worker`. `npm start` runs one in-process. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction) {
    logger = createLogger(config, { base: { service: 'worker' } });
    logAsJson(logger);
  }
  const log = prefixedLog('worker');
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new Error('DATABASE_URL and TEMPORAL_ADDRESS are required to run a standalone worker');
  }
  // Before the first connection: the SDK's runtime (its logger, its metrics exporter) is fixed once it exists.
  const metrics = await installTemporalRuntime({ config, ...(logger ? { logger } : {}) });
  if (metrics) log(`metrics (Temporal SDK): ${metrics.url}`);
  // The owner migrates (under the migrator's lock, whichever process starts first); activities run as the application
  // role, which owns nothing and cannot rewrite the audit log (db/app-role.ts).
  const { appUrl } = await prepareDatabase(config.DATABASE_URL, config);
  const pool = createPool(appUrl, undefined, {
    onConnectionError: (err) =>
      log(
        `การเชื่อมต่อฐานข้อมูลหลุด จะเชื่อมต่อใหม่เมื่อใช้ครั้งถัดไป / a database connection was lost (${err.message}); ` +
          'the next query connects again',
      ),
  });
  const files = createFileStore(config);
  await waitForTemporal(config.TEMPORAL_ADDRESS, log);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createSujaritWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    pool,
    config,
    deps: { files },
  });
  await announceChromium(log, config.CHROMIUM_PATH);
  log(
    `polling task queue ${config.TEMPORAL_TASK_QUEUE} at ${config.TEMPORAL_ADDRESS}; ` +
      `database ${redactUrl(appUrl)}; files ${files.description}`,
  );
  // The SDK's runtime shuts the worker down on SIGINT/SIGTERM; run() returns once it has drained.
  await worker.run();
  await closeSharedPdfPrinter();
  await connection.close();
  await pool.end();
  await metrics?.close();
}

main().catch((err) => {
  if (logger) logger.fatal({ err }, 'worker หยุดทำงาน / worker failed');
  else console.error(err);
  process.exit(1);
});

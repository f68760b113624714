import { Client, Connection } from '@temporalio/client';
import { loadConfig, redactUrl } from '../config';
import { createLogger, type Logger } from '../config/logger';
import { prepareDatabase } from '../db/app-role';
import { waitForTemporal } from '../services/temporal-wait';
import { createPool } from '../db/pool';
import { createFileStore } from '../services/files';
import { buildApp } from './app';
import { startMetricsListener } from './metrics';

/** JSON lines without secrets (config/logger.ts), set once the configuration is known. */
let logger: Logger | undefined;

/** Standalone API for production (docker-compose): `npm run api`. `npm start` runs the API in-process. */
async function main(): Promise<void> {
  const config = loadConfig();
  logger = createLogger(config, { base: { service: 'api' } });
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new Error('DATABASE_URL and TEMPORAL_ADDRESS are required to run the API on its own');
  }
  // Migrations as the owner (DATABASE_URL); requests as the application role, which owns nothing (db/app-role.ts).
  const { appUrl } = await prepareDatabase(config.DATABASE_URL, config);
  const pool = createPool(appUrl, undefined, {
    onConnectionError: (err) =>
      logger?.warn(
        { err },
        'การเชื่อมต่อฐานข้อมูลหลุด จะเชื่อมต่อใหม่เมื่อใช้ครั้งถัดไป / a database connection was lost; the next query connects again',
      ),
  });
  await waitForTemporal(config.TEMPORAL_ADDRESS, (message) => logger?.warn(message));
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const files = createFileStore(config);
  const app = await buildApp({ config, pool, temporal, logger, files });
  await app.listen({ port: config.PORT, host: config.HOST });
  const metrics = await startMetricsListener({ config, metrics: app.metrics, logger });
  logger.info(
    {
      database: redactUrl(appUrl),
      temporal: config.TEMPORAL_ADDRESS,
      files: files.description,
      metrics: metrics?.url ?? null,
    },
    'API พร้อม / API ready',
  );
  const stop = async () => {
    await metrics?.close();
    await app.close();
    await connection.close();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  if (logger) logger.fatal({ err }, 'API หยุดทำงาน / API failed');
  else console.error(err);
  process.exit(1);
});

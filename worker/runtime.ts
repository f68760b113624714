import http from 'node:http';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Config } from '../config';
import { formatHostPort, isLoopbackHost, parseHostPort } from '../config/addresses';
import type { Logger } from '../config/logger';
import { bearerTokenMatches } from '../config/metrics-auth';
import { findFreePort } from '../infra/ports';

/**
 * The Temporal SDK's runtime, installed once per process before the first connection: where its log lines go and,
 * with WORKER_METRICS_ADDRESS, its own Prometheus exporter (worker task slots, poll and schedule-to-start latency,
 * workflow cache, activity and workflow task failures: every metric prefixed `temporal_`).
 */

export interface WorkerMetricsEndpoint {
  url: string;
  close(): Promise<void>;
}

const SDK_LEVEL: Record<Config['LOG_LEVEL'], LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

const PINO_METHOD: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export interface InstallRuntimeOptions {
  config: Pick<Config, 'LOG_LEVEL' | 'WORKER_METRICS_ADDRESS' | 'METRICS_TOKEN'>;
  /** Production: the SDK's lines, native core's included, become JSON records of this logger. */
  logger?: Logger;
  /** Without a logger: the least level printed on the console (default: from LOG_LEVEL). */
  consoleLevel?: LogLevel;
  shutdownSignals?: NodeJS.Signals[];
}

export async function installTemporalRuntime(opts: InstallRuntimeOptions): Promise<WorkerMetricsEndpoint | undefined> {
  const { config, logger } = opts;
  const address = config.WORKER_METRICS_ADDRESS ? parseHostPort(config.WORKER_METRICS_ADDRESS) : undefined;
  // The SDK's exporter cannot check a token; off loopback it listens on a private port behind a proxy that does.
  const exporterAddress =
    address && !isLoopbackHost(address.host) ? { host: '127.0.0.1', port: await findFreePort() } : address;
  const sdkLogger = logger
    ? new DefaultLogger(SDK_LEVEL[config.LOG_LEVEL], ({ level, message, meta }) =>
        logger[PINO_METHOD[level]]({ ...meta, component: 'temporal-sdk' }, message),
      )
    : new DefaultLogger(opts.consoleLevel ?? SDK_LEVEL[config.LOG_LEVEL]);
  Runtime.install({
    logger: sdkLogger,
    ...(opts.shutdownSignals ? { shutdownSignals: opts.shutdownSignals } : {}),
    telemetryOptions: {
      ...(logger ? { logging: { forward: {} } } : {}),
      ...(exporterAddress ? { metrics: { prometheus: { bindAddress: formatHostPort(exporterAddress) } } } : {}),
    },
  });
  if (!address || !exporterAddress) return undefined;
  if (exporterAddress === address) {
    return { url: `http://${formatHostPort(address)}/metrics`, close: async () => undefined };
  }
  // loadConfig refuses a non-loopback WORKER_METRICS_ADDRESS without METRICS_TOKEN.
  return startTokenProxy(address, exporterAddress, config.METRICS_TOKEN!);
}

/** GET /metrics with `Bearer <METRICS_TOKEN>` answered from the exporter on loopback; anything else is refused. */
async function startTokenProxy(
  listen: { host: string; port: number },
  exporter: { host: string; port: number },
  token: string,
): Promise<WorkerMetricsEndpoint> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://x').pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('ไม่พบ / not found\n');
      return;
    }
    if (!bearerTokenMatches(req.headers.authorization, token)) {
      res
        .writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' })
        .end('ต้องใช้ token / bearer token required\n');
      return;
    }
    const upstream = http.get({ host: exporter.host, port: exporter.port, path: '/metrics' }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'text/plain' });
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('อ่าน metrics ไม่ได้ / exporter unavailable\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    url: `http://${formatHostPort(listen)}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { formatHostPort } from '../config/addresses';
import type { Logger } from '../config/logger';
import { bearerTokenMatches } from '../config/metrics-auth';
import type { Config } from '../config';
import {
  countOpenDecisionPoints,
  countOverdueItemYears,
  countPossibleDuplicateDeliveries,
  countUndeliveredOutbox,
} from '../db/queries/metrics';
import { countUndeliveredCommands } from '../db/queries/commands';

/**
 * The API's Prometheus metrics: request latency by route pattern and status (a raw URL carries tokens and would
 * make a series per link), and gauges read from PostgreSQL when scraped: the outbox backlog, open decision points
 * and overdue item-years per organisation. Each app has its own registry, so tests can build many apps in a process.
 */
export interface ApiMetrics {
  registry: Registry;
  observeRequest(request: FastifyRequest, reply: FastifyReply): void;
}

const UNMATCHED_ROUTE = 'unmatched';

/** Concurrent scrapes (two Prometheus servers, a person with curl) share one database read. */
function sharedWhileRunning<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= read().finally(() => {
      running = undefined;
    });
    return running;
  };
}

export function createApiMetrics(opts: { pool: Pool; logger?: Logger; now?: () => number }): ApiMetrics {
  const registry = new Registry();
  const now = opts.now ?? Date.now;

  const requests = new Histogram({
    name: 'sujarit_http_request_duration_seconds',
    help: 'API request latency by route pattern, method and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const scrapeErrors = new Counter({
    name: 'sujarit_metrics_scrape_errors_total',
    help: 'Reads for a scrape that failed (the gauge is then left out of that scrape)',
    labelNames: ['source'] as const,
    registers: [registry],
  });

  /** A gauge whose values are read when scraped; a failed read leaves it empty rather than failing the scrape. */
  const readOnScrape = async (source: string, gauge: Gauge, fill: () => Promise<void>) => {
    gauge.reset();
    try {
      await fill();
    } catch (err) {
      scrapeErrors.inc({ source });
      opts.logger?.warn({ err, source }, 'อ่านค่าสำหรับ metrics ไม่สำเร็จ / reading a metric failed');
    }
  };

  const readOutbox = sharedWhileRunning(() => countUndeliveredOutbox(opts.pool));
  const outboxMessages: Gauge<'channel' | 'status'> = new Gauge({
    name: 'sujarit_outbox_messages',
    help: 'Outbox rows not delivered: pending (still to send) and failed (given up), by channel',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
    collect: () =>
      readOnScrape('outbox', outboxMessages, async () => {
        for (const row of await readOutbox()) outboxMessages.set({ channel: row.channel, status: row.status }, row.count);
      }),
  });
  const outboxOldest: Gauge<'channel'> = new Gauge({
    name: 'sujarit_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest pending outbox row, by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
    collect: () =>
      readOnScrape('outbox', outboxOldest, async () => {
        for (const row of await readOutbox()) {
          if (row.status === 'pending') {
            outboxOldest.set({ channel: row.channel }, Math.max(0, (now() - row.oldestCreatedAt.getTime()) / 1000));
          }
        }
      }),
  });

  const possibleDuplicates: Gauge<'channel'> = new Gauge({
    name: 'sujarit_outbox_possible_duplicates',
    help: 'Messages sent again after a hand-over whose outcome is unknown (a process died mid-delivery), by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
    collect: () =>
      readOnScrape('outbox_handoffs', possibleDuplicates, async () => {
        for (const row of await countPossibleDuplicateDeliveries(opts.pool)) {
          possibleDuplicates.set({ channel: row.channel }, row.count);
        }
      }),
  });

  const readCommands = sharedWhileRunning(() => countUndeliveredCommands(opts.pool));
  const commandsWaiting: Gauge<'state'> = new Gauge({
    name: 'sujarit_commands_undelivered',
    help: 'Accepted commands not delivered to their workflow: waiting (the sweeper retries) and abandoned (workflow gone)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect: () =>
      readOnScrape('commands', commandsWaiting, async () => {
        const counts = await readCommands();
        commandsWaiting.set({ state: 'waiting' }, counts.undelivered);
        commandsWaiting.set({ state: 'abandoned' }, counts.abandoned);
      }),
  });
  const commandsOldest: Gauge = new Gauge({
    name: 'sujarit_commands_oldest_undelivered_age_seconds',
    help: 'Age of the oldest accepted command still waiting for delivery (0: none waits)',
    registers: [registry],
    collect: () =>
      readOnScrape('commands', commandsOldest, async () => {
        const { oldestUndeliveredAt } = await readCommands();
        commandsOldest.set(oldestUndeliveredAt ? Math.max(0, (now() - oldestUndeliveredAt.getTime()) / 1000) : 0);
      }),
  });

  const openDecisions: Gauge<'organization'> = new Gauge({
    name: 'sujarit_decision_points_open',
    help: 'Decision points waiting for a decision, by organisation (organisations with none are left out)',
    labelNames: ['organization'] as const,
    registers: [registry],
    collect: () =>
      readOnScrape('decision_points', openDecisions, async () => {
        for (const row of await countOpenDecisionPoints(opts.pool)) {
          openDecisions.set({ organization: row.organization }, row.count);
        }
      }),
  });

  const overdue: Gauge<'organization'> = new Gauge({
    name: 'sujarit_item_years_overdue',
    help: 'Item-years past the due date of what they wait for, by organisation (domain/lateness.ts; none: left out)',
    labelNames: ['organization'] as const,
    registers: [registry],
    collect: () =>
      readOnScrape('item_years', overdue, async () => {
        for (const row of await countOverdueItemYears(opts.pool, new Date(now()))) {
          overdue.set({ organization: row.organization }, row.count);
        }
      }),
  });

  return {
    registry,
    observeRequest(request, reply) {
      requests.observe(
        { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    },
  };
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics on its own port (METRICS_HOST:METRICS_PORT), never on the public one: a reverse proxy forwarding PORT
 * cannot expose it by accident. With METRICS_TOKEN set (required off loopback) a scrape needs `Bearer <token>`.
 * The process's own metrics (memory, CPU, event loop) are added here, once per process that serves them.
 */
export async function startMetricsListener(opts: {
  config: Pick<Config, 'METRICS_HOST' | 'METRICS_PORT' | 'METRICS_TOKEN'>;
  metrics: ApiMetrics;
  logger?: Logger;
}): Promise<MetricsListener | undefined> {
  const { config, metrics } = opts;
  if (config.METRICS_PORT === undefined) return undefined;
  collectDefaultMetrics({ register: metrics.registry });
  // A line per scrape (every few seconds) would drown the log; failures are still logged.
  const server: FastifyInstance = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger.child({ listener: 'metrics' }) as FastifyBaseLogger } : {}),
    logController: new LogController({ disableRequestLogging: true }),
  });
  server.get('/metrics', async (request, reply) => {
    if (config.METRICS_TOKEN && !bearerTokenMatches(request.headers.authorization, config.METRICS_TOKEN)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .type('text/plain; charset=utf-8')
        .send('ต้องใช้ token / bearer token required\n');
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  await server.listen({ host: config.METRICS_HOST, port: config.METRICS_PORT });
  const bound = server.server.address();
  const port = bound && typeof bound === 'object' ? bound.port : config.METRICS_PORT;
  return {
    url: `http://${formatHostPort({ host: config.METRICS_HOST, port })}/metrics`,
    close: () => server.close(),
  };
}

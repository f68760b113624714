import type { Client } from '@temporalio/client';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { createLogger, type Logger } from '../config/logger';
import { startCommandSweeper, type CommandSweeper } from '../services/command-sweeper';
import { createFileStore, type FileStore } from '../services/files';
import { answerFrameworkError, registerErrorHandling } from './errors';
import { registerProtections } from './protections';
import { registerRequestGuards } from './request-guards';
import { createApiMetrics, type ApiMetrics } from './metrics';
import { openApiRoutes } from './openapi';
import type { RouteSchemas } from './route-schemas';
import { decisionRoutes } from './routes/decisions';
import { devOutboxRoutes } from './routes/dev-outbox';
import { healthRoutes } from './routes/health';
import { itemYearRoutes } from './routes/item-years';
import { lineRoutes } from './routes/line';
import { planRoutes } from './routes/plans';
import { publicRoutes } from './routes/public';
import { reportRoutes } from './routes/reports';
import { sessionRoutes } from './routes/session';
import { webRoutes } from './routes/web';

export interface AppDeps {
  config: Config;
  pool: Pool;
  temporal: Client;
  /** JSON lines without tokens or configured secrets (config/logger.ts); built from config when not given. */
  logger?: Logger;
  /** Evidence and report files; unset: the store FILE_STORE names (services/files). */
  files?: FileStore;
}

/**
 * A registered route; `linkAuthenticated` ones check their own token instead of a session, `signatureAuthenticated`
 * ones (LINE's webhook) a signature over the body (api/request-guards.ts).
 */
export interface RouteEntry {
  method: string;
  url: string;
  linkAuthenticated: boolean;
  signatureAuthenticated: boolean;
  /** The route's declared input (api/route-schemas.ts), from which api/openapi.ts documents it. */
  schemas?: RouteSchemas;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    metrics: ApiMetrics;
    files: FileStore;
    /** Every route as registered (method and path pattern), so a test can walk them all. */
    routeTable: ReadonlyArray<RouteEntry>;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const logger = deps.config.LOG_LEVEL === 'silent' ? undefined : (deps.logger ?? createLogger(deps.config));
  const app = Fastify({
    // Tokens travel in URLs and cookies: requests are logged by route pattern, cookies and secrets never.
    ...(logger ? { loggerInstance: logger as FastifyBaseLogger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    frameworkErrors: answerFrameworkError,
    // A line per request buries what `npm start` prints; production (and LOG_LEVEL=debug) keeps them.
    logController: new LogController({
      disableRequestLogging: deps.config.isDevelopment && deps.config.LOG_LEVEL !== 'debug',
    }),
  });
  app.decorate('deps', deps);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const linkAuthenticated = route.config?.linkAuthenticated === true;
    const signatureAuthenticated = route.config?.signatureAuthenticated === true;
    const schemas = route.config?.schemas;
    for (const method of [route.method].flat()) {
      routeTable.push({ method, url: route.url, linkAuthenticated, signatureAuthenticated, ...(schemas ? { schemas } : {}) });
    }
  });
  app.decorate('files', deps.files ?? createFileStore(deps.config));
  const metrics = createApiMetrics({ pool: deps.pool, ...(logger ? { logger } : {}) });
  app.decorate('metrics', metrics);
  app.addHook('onResponse', async (request, reply) => metrics.observeRequest(request, reply));
  registerErrorHandling(app);
  registerRequestGuards(app);
  await registerProtections(app);
  // Every API delivers the accepted commands that no request could (services/command-sweeper.ts).
  let sweeper: CommandSweeper | undefined;
  if (deps.config.COMMAND_SWEEP_INTERVAL_MS > 0) {
    app.addHook('onReady', async () => {
      sweeper = startCommandSweeper(
        { pool: deps.pool, temporal: deps.temporal },
        { intervalMs: deps.config.COMMAND_SWEEP_INTERVAL_MS, log: app.log },
      );
    });
    app.addHook('onClose', async () => sweeper?.stop());
  }
  await app.register(healthRoutes);
  await app.register(sessionRoutes);
  await app.register(planRoutes);
  await app.register(itemYearRoutes);
  await app.register(decisionRoutes);
  await app.register(webRoutes);
  await app.register(devOutboxRoutes);
  await app.register(reportRoutes);
  await app.register(publicRoutes);
  await app.register(lineRoutes);
  await app.register(openApiRoutes);
  return app;
}

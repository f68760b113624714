import type { Client } from '@temporalio/client';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { registerErrorHandling } from './errors';
import { decisionRoutes } from './routes/decisions';
import { devOutboxRoutes } from './routes/dev-outbox';
import { healthRoutes } from './routes/health';
import { itemYearRoutes } from './routes/item-years';
import { planRoutes } from './routes/plans';
import { publicRoutes } from './routes/public';
import { reportRoutes } from './routes/reports';
import { webRoutes } from './routes/web';

export interface AppDeps {
  config: Config;
  pool: Pool;
  temporal: Client;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      deps.config.LOG_LEVEL === 'silent'
        ? false
        : {
            level: deps.config.LOG_LEVEL,
            // Tokens travel in URLs and cookies; none of them may reach a log file.
            redact: ['req.headers.cookie', 'req.headers.authorization', 'req.url'],
          },
    bodyLimit: 1024 * 1024,
    // A line per request buries what `npm start` prints; production (and LOG_LEVEL=debug) keeps them.
    logController: new LogController({
      disableRequestLogging: deps.config.isDevelopment && deps.config.LOG_LEVEL !== 'debug',
    }),
  });
  app.decorate('deps', deps);
  registerErrorHandling(app);
  await app.register(healthRoutes);
  await app.register(planRoutes);
  await app.register(itemYearRoutes);
  await app.register(decisionRoutes);
  await app.register(webRoutes);
  await app.register(devOutboxRoutes);
  await app.register(reportRoutes);
  await app.register(publicRoutes);
  return app;
}

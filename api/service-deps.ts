import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ItemYearDeps } from '../services/item-years';

/** What the services need from the running app, with the request's own log for what a command could not confirm. */
export function serviceDeps(app: FastifyInstance, request: FastifyRequest): ItemYearDeps {
  return { pool: app.deps.pool, temporal: app.deps.temporal, files: app.files, log: request.log };
}

import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../services/errors';

/**
 * Protections of every answer and of the routes a stranger can reach: security headers on every response (the pages
 * set their own stricter CSP, frame-ancestors 'none' on the decision and signed-in pages), HSTS only in production
 * where the site is HTTPS, and per-address rate limits on the routes that take a secret or a file.
 */

/** The route option that puts a route under the per-address limit (RATE_LIMIT_PER_MINUTE). */
export const RATE_LIMITED = { rateLimit: {} } as const;

export async function registerProtections(app: FastifyInstance): Promise<void> {
  const { config } = app.deps;
  await app.register(helmet, {
    // Under 'no-referrer' browsers send `Origin: null` with a page's own form posts, which the Origin check refuses.
    referrerPolicy: { policy: 'same-origin' },
    hsts: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'base-uri': ["'none'"],
        'object-src': ["'none'"],
        'upgrade-insecure-requests': config.isProduction ? [] : null,
      },
    },
  });
  await app.register(rateLimit, {
    global: false,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'RATE_LIMITED',
        `มีคำขอจากที่อยู่นี้มากเกินไป กรุณารอ ${Math.ceil(context.ttl / 1000)} วินาทีแล้วลองอีกครั้ง`,
        `Too many requests from this address. Please wait ${Math.ceil(context.ttl / 1000)} seconds and try again.`,
      ),
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../config';
import { AppError } from '../services/errors';
import { isForeignOrigin } from './security';

/**
 * The checks every state-changing request passes before its body is read: it does not come from another site (the
 * browser's Origin and Sec-Fetch-Site headers), and its body has a type its route reads. A
 * browser sends `text/plain`, a form or multipart to another site without asking first; it never sends
 * `application/json` cross-site without a CORS preflight, which this server does not answer. So a JSON route that
 * takes only JSON cannot be driven from another site's page, and no route takes what it does not mean to.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads multipart bodies (evidence uploads). */
    uploads?: boolean;
    /**
     * The route is reached through a secret link or the sign-in form, not a session: it checks the token, the CSRF
     * field and a foreign Origin itself (answering with its own page), and a request without an Origin still counts.
     */
    linkAuthenticated?: boolean;
    /**
     * The route is called by another server that signs the raw body (LINE's webhook: x-line-signature): no browser,
     * Origin or cookie is involved, and the route checks the signature over whatever bytes arrived before anything else.
     */
    signatureAuthenticated?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser names where a request comes from in Sec-Fetch-Site. 'same-site' is a sibling subdomain, which SameSite
 * cookies do not stop; a request without the header (and without an Origin) is not a current browser's.
 */
function isCrossSiteFetch(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

function mediaTypeOf(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export function registerRequestGuards(app: FastifyInstance): void {
  const baseUrl = publicBaseUrl(app.deps.config);
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const config = request.routeOptions.config;
    if (config.signatureAuthenticated) return;
    if (!config.linkAuthenticated && (isForeignOrigin(request, baseUrl) || isCrossSiteFetch(request))) {
      throw new AppError(
        'FORBIDDEN',
        'คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบ กรุณาเปิดหน้าเดิมแล้วลองอีกครั้ง',
        'This request did not come from the system’s own page (it came from another site). Please reload the page and try again.',
      );
    }
    const type = mediaTypeOf(request);
    const accepted = request.url.startsWith('/api/') ? ['application/json'] : ['application/x-www-form-urlencoded'];
    if (config.uploads) accepted.push('multipart/form-data');
    // A link's form carries its own CSRF token, so its body type is not what protects it; scripts may send JSON.
    if (config.linkAuthenticated && !accepted.includes('application/json')) accepted.push('application/json');
    if (!accepted.includes(type)) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `รูปแบบข้อมูลที่ส่งมาไม่รองรับ ต้องเป็น ${accepted.join(' หรือ ')}`,
        `Unsupported request body type: send ${accepted.join(' or ')}.`,
      );
    }
  });
}

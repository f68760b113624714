import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../config';
import { AppError } from '../services/errors';
import { sessionCookieSettings } from './sessions';
import { CSRF_HEADER, isForeignOrigin, isValidCsrfToken, readSession, sessionCsrfScope } from './security';

/**
 * The checks every state-changing request passes before its body is read: it does not come from another site (the
 * browser's Origin and Sec-Fetch-Site headers), and its body has a type its route reads. A
 * browser sends `text/plain`, a form or multipart to another site without asking first; it never sends
 * `application/json` cross-site without a CORS preflight, which this server does not answer. So a JSON route that
 * takes only JSON cannot be driven from another site's page, and no route takes what it does not mean to.
 *
 * A write that names neither its Origin nor its Sec-Fetch-Site (an old browser, a proxy that strips them, a script)
 * proves nothing about where it comes from, so with a session cookie it needs the session's CSRF token: on `/api/*`
 * in the `X-CSRF-Token` header (JSON and multipart alike, checked here before the body is read; `GET /api/session`
 * gives it), on the pages in the form's `csrf` field, which every page handler checks whatever the headers say.
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

/** True when a request with a session cookie to `/api/*` says nothing of its origin and has no valid CSRF header. */
function lacksApiCsrfToken(request: FastifyRequest, secret: string | undefined, cookieName: string): boolean {
  if (!request.url.startsWith('/api/') || !secret) return false;
  if (request.headers.origin !== undefined || request.headers['sec-fetch-site'] !== undefined) return false;
  const claimed = readSession(request, secret, Date.now(), cookieName);
  return claimed !== null && !isValidCsrfToken(secret, sessionCsrfScope(claimed), request.headers[CSRF_HEADER]);
}

export function registerRequestGuards(app: FastifyInstance): void {
  const baseUrl = publicBaseUrl(app.deps.config);
  const secret = app.deps.config.APP_SECRET;
  const cookieName = sessionCookieSettings(app.deps.config).name;
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
    if (!config.linkAuthenticated && lacksApiCsrfToken(request, secret, cookieName)) {
      throw new AppError(
        'FORBIDDEN',
        'คำขอนี้ไม่มีรหัสป้องกันการปลอมคำขอ (X-CSRF-Token) กรุณาขอรหัสจาก GET /api/session แล้วส่งมาพร้อมคำขอ',
        'This request carries no CSRF token: get it from GET /api/session and send it in the X-CSRF-Token header.',
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

import { createHmac, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config';

/**
 * Request-level protections for the server-rendered pages: CSRF tokens, the Origin check, and reading the session
 * cookie that the sign-in feature issues. Every secret is derived from APP_SECRET.
 */

export class MissingAppSecretError extends Error {
  constructor() {
    super(
      'ไม่ได้ตั้งค่า APP_SECRET จึงลงนามลิงก์และคุกกี้ไม่ได้ / APP_SECRET is not set: ' +
        'CSRF tokens and session cookies cannot be signed or checked',
    );
    this.name = 'MissingAppSecretError';
  }
}

export function requireAppSecret(config: Pick<Config, 'APP_SECRET'>): string {
  if (!config.APP_SECRET) throw new MissingAppSecretError();
  return config.APP_SECRET;
}

/** Separate keys per use, so a value signed for one purpose is never accepted for another. */
function derivedKey(secret: string, purpose: 'csrf' | 'session'): Buffer {
  return createHmac('sha256', secret).update(`sujarit:${purpose}`).digest();
}

function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The hidden form field for a form that acts on `scope` (e.g. `decision-link:42`). */
export function csrfTokenFor(secret: string, scope: string): string {
  return hmac(derivedKey(secret, 'csrf'), scope);
}

export function isValidCsrfToken(secret: string, scope: string, token: unknown): boolean {
  return typeof token === 'string' && constantTimeEquals(token, csrfTokenFor(secret, scope));
}

/** The scope of the CSRF token of a signed-in person's forms and API writes: one per session. */
export function sessionCsrfScope(session: Pick<Session, 'personId' | 'expiresAtMs'>): string {
  return `web:${session.personId}:${session.expiresAtMs}`;
}

/** The header that carries the session's CSRF token on JSON and multipart writes to `/api/*`. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * True when a browser says the request comes from another site. Same-origin means the public base URL's origin or
 * the origin the request itself was addressed to (a developer on localhost vs 127.0.0.1). A request without an
 * Origin header (an older browser, curl) passes: the CSRF token still has to match.
 */
export function isForeignOrigin(request: FastifyRequest, publicBaseUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  const allowed = new Set<string>();
  try {
    allowed.add(new URL(publicBaseUrl).origin);
  } catch {
    // An unparseable base URL allows nothing extra; the request's own origin below still counts.
  }
  const host = request.headers.host;
  if (host) allowed.add(`${request.protocol}://${host}`);
  return !allowed.has(origin);
}

export const SESSION_COOKIE_NAME = 'sujarit_session';
/**
 * Over HTTPS the cookie's name carries the `__Host-` prefix: browsers then only accept it with Secure, Path=/ and no
 * Domain, so neither a sibling subdomain nor a plain-HTTP page can plant or overwrite a session.
 */
export const SECURE_SESSION_COOKIE_NAME = '__Host-sujarit_session';

export function sessionCookieName(publicBaseUrl: string): string {
  return publicBaseUrl.startsWith('https://') ? SECURE_SESSION_COOKIE_NAME : SESSION_COOKIE_NAME;
}

/** What the cookie says; whether the session is still live is the sessions table's answer (api/sessions.ts). */
export interface Session {
  personId: number;
  expiresAtMs: number;
  /** The random session token; the sessions table holds its SHA-256. */
  token: string;
}

const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The cookie value for a session: `<personId>.<expiresAtMs>.<token>` signed the way @fastify/cookie signs cookies.
 * The signature lets a forged cookie be refused without a database query; the token is what the server looks up.
 */
export function sessionCookieValue(secret: string, session: Session): string {
  return fastifyCookie.sign(`${session.personId}.${session.expiresAtMs}.${session.token}`, sessionCookieSecret(secret));
}

export function sessionCookieSecret(secret: string): Buffer {
  return derivedKey(secret, 'session');
}

/**
 * One cookie from a Cookie header. Parsed here rather than with @fastify/cookie's parser, which only works once the
 * plugin has been registered on some instance (it loads its parser lazily).
 */
function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The session the cookie claims, or null when there is no cookie, its signature is wrong, or it has expired. Only
 * the first check: a claimed session counts once the sessions table confirms it (api/sessions.ts).
 */
export function readSession(
  request: FastifyRequest,
  secret: string,
  nowMs = Date.now(),
  cookieName = SESSION_COOKIE_NAME,
): Session | null {
  const header = request.headers.cookie;
  if (!header) return null;
  const raw = cookieValue(header, cookieName);
  if (!raw) return null;
  const unsigned = fastifyCookie.unsign(raw, sessionCookieSecret(secret));
  if (!unsigned.valid || unsigned.value === null) return null;
  const [personId, expiresAtMs, token, ...rest] = unsigned.value.split('.');
  if (rest.length || !/^\d{1,15}$/.test(personId ?? '') || !/^\d{1,15}$/.test(expiresAtMs ?? '')) return null;
  if (!token || !SESSION_TOKEN_PATTERN.test(token)) return null;
  const session = { personId: Number(personId), expiresAtMs: Number(expiresAtMs), token };
  return session.expiresAtMs > nowMs ? session : null;
}

/**
 * Headers for a page reached through a secret link: never cached, never indexed, never leaked in a Referer to another
 * site. Not 'no-referrer': under that policy browsers send `Origin: null` with the page's own form posts, which the
 * Origin check must then refuse.
 */
export const PRIVATE_PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
} as const;

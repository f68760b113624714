import fastifyCookie from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { decisionLinkUrl, generateLinkToken, hashLinkToken, isWellFormedLinkToken } from '../../services/tokens';
import {
  csrfTokenFor,
  isForeignOrigin,
  isValidCsrfToken,
  readSession,
  requireAppSecret,
  SECURE_SESSION_COOKIE_NAME,
  SESSION_COOKIE_NAME,
  sessionCookieName,
  sessionCookieSecret,
  sessionCookieValue,
} from '../../api/security';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac-0123456789';

function requestWith(headers: Record<string, string>): FastifyRequest {
  return { headers, protocol: 'http' } as unknown as FastifyRequest;
}

describe('decision link tokens', () => {
  it('are 32 random bytes in base64url, and only their sha256 is derived for storage', () => {
    const a = generateLinkToken();
    const b = generateLinkToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toBe(hashLinkToken(a.token));
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).not.toContain(a.token);
  });

  it('rejects values that cannot be tokens before any lookup', () => {
    const { token } = generateLinkToken();
    expect(isWellFormedLinkToken(token)).toBe(true);
    expect(isWellFormedLinkToken(token.slice(1))).toBe(false);
    expect(isWellFormedLinkToken(`${token.slice(1)}=`)).toBe(false);
    expect(isWellFormedLinkToken("' OR 1=1 --")).toBe(false);
  });

  it('builds the link under /d/ whatever the trailing slashes of the base URL', () => {
    expect(decisionLinkUrl('https://sujarit.example.go.th/', 'abc')).toBe('https://sujarit.example.go.th/d/abc');
    expect(decisionLinkUrl('https://sujarit.example.go.th', 'abc')).toBe('https://sujarit.example.go.th/d/abc');
  });
});

describe('CSRF tokens', () => {
  it('are bound to the secret and to the scope they were made for', () => {
    const token = csrfTokenFor(SECRET, 'decision-link:1');
    expect(isValidCsrfToken(SECRET, 'decision-link:1', token)).toBe(true);
    expect(isValidCsrfToken(SECRET, 'decision-link:2', token)).toBe(false);
    expect(isValidCsrfToken(`${SECRET}x`, 'decision-link:1', token)).toBe(false);
    expect(isValidCsrfToken(SECRET, 'decision-link:1', undefined)).toBe(false);
    expect(isValidCsrfToken(SECRET, 'decision-link:1', `${token}A`)).toBe(false);
  });

  it('needs APP_SECRET and says so', () => {
    expect(() => requireAppSecret({ APP_SECRET: undefined })).toThrow(/APP_SECRET/);
    expect(requireAppSecret({ APP_SECRET: SECRET })).toBe(SECRET);
  });
});

describe('Origin check', () => {
  const base = 'https://sujarit.example.go.th';

  it('accepts the public origin, the origin the request was addressed to, and requests without Origin', () => {
    expect(isForeignOrigin(requestWith({ origin: base, host: 'internal:3000' }), base)).toBe(false);
    expect(isForeignOrigin(requestWith({ origin: 'http://localhost:3000', host: 'localhost:3000' }), base)).toBe(false);
    expect(isForeignOrigin(requestWith({ host: 'localhost:3000' }), base)).toBe(false);
  });

  it('refuses another site and the opaque null origin', () => {
    expect(isForeignOrigin(requestWith({ origin: 'https://evil.example', host: 'sujarit.example.go.th' }), base)).toBe(true);
    expect(isForeignOrigin(requestWith({ origin: 'null', host: 'sujarit.example.go.th' }), base)).toBe(true);
  });
});

describe('session cookie', () => {
  const cookie = (value: string) => requestWith({ cookie: `other=1; ${SESSION_COOKIE_NAME}=${encodeURIComponent(value)}` });
  const now = Date.UTC(2026, 9, 1);

  const token = 'c2Vzc2lvbi10b2tlbi1vZi10aGUtdGVzdC0wMTIzNDU';

  it('names the signed-in person and the session token until it expires', () => {
    const value = sessionCookieValue(SECRET, { personId: 42, expiresAtMs: now + 60_000, token });
    expect(readSession(cookie(value), SECRET, now)).toEqual({ personId: 42, expiresAtMs: now + 60_000, token });
    expect(readSession(cookie(value), SECRET, now + 60_000)).toBeNull();
  });

  it('ignores a cookie whose person was changed or that another secret signed', () => {
    const value = sessionCookieValue(SECRET, { personId: 42, expiresAtMs: now + 60_000, token });
    expect(readSession(cookie(value.replace(/^42\./, '43.')), SECRET, now)).toBeNull();
    expect(readSession(cookie(value), `${SECRET}x`, now)).toBeNull();
    expect(readSession(requestWith({}), SECRET, now)).toBeNull();
  });

  it('refuses the old cookie without a session token, and reads the __Host- name only where told', () => {
    const old = fastifyCookie.sign(`42.${now + 60_000}`, sessionCookieSecret(SECRET));
    expect(readSession(cookie(old), SECRET, now)).toBeNull();
    const value = sessionCookieValue(SECRET, { personId: 42, expiresAtMs: now + 60_000, token });
    const hosted = requestWith({ cookie: `${SECURE_SESSION_COOKIE_NAME}=${encodeURIComponent(value)}` });
    expect(readSession(hosted, SECRET, now)).toBeNull();
    expect(readSession(hosted, SECRET, now, sessionCookieName('https://sujarit.example.go.th'))).toEqual({ personId: 42, expiresAtMs: now + 60_000, token });
    expect(sessionCookieName('http://localhost:3000')).toBe(SESSION_COOKIE_NAME);
  });
});

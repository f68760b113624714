import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { publicBaseUrl, type Config } from '../config';
import { deleteStaleSessions, findLiveSession, insertSession, revokeSession, revokeSessionsOfPerson, touchSession } from '../db/queries/sessions';
import { generateLinkToken, hashLinkToken } from '../services/tokens';
import { readSession, requireAppSecret, sessionCookieName, sessionCookieValue, type Session } from './security';

/**
 * Server-side sessions: the cookie names a random token, the sessions table (only its SHA-256) says whether the
 * session still counts. Sign-out revokes it; so do "sign out everywhere" and a change to the person's roles.
 */

/** A working day, so an officer signs in once in the morning. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** A session unused this long ends: a computer left signed in at a counter is not signed in for the whole day. */
export const SESSION_IDLE_MS = 2 * 3_600_000;
/** last_seen_at is refreshed at most this often, so reading pages is not a write per request. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionCookieSettings {
  name: string;
  secure: boolean;
}

export function sessionCookieSettings(config: Config): SessionCookieSettings {
  const base = publicBaseUrl(config);
  return { name: sessionCookieName(base), secure: base.startsWith('https://') };
}

/** A Set-Cookie header value; an empty value with maxAge 0 clears the cookie. */
export function cookieHeader(
  settings: { secure: boolean },
  name: string,
  value: string,
  maxAgeSeconds: number,
  httpOnly: boolean,
): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
    'SameSite=Lax',
    ...(httpOnly ? ['HttpOnly'] : []),
    ...(settings.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Stores a new session for the person and answers the cookie value that names it. */
export async function startSession(pool: Pool, secret: string, personId: number, nowMs = Date.now()): Promise<{ session: Session; cookieValue: string }> {
  const { token, tokenHash } = generateLinkToken();
  const expiresAtMs = nowMs + SESSION_TTL_MS;
  await insertSession(pool, { personId, tokenHash, expiresAt: new Date(expiresAtMs) });
  await deleteStaleSessions(pool, new Date(nowMs - 24 * 3_600_000));
  const session = { personId, expiresAtMs, token };
  return { session, cookieValue: sessionCookieValue(secret, session) };
}

const confirmed = new WeakMap<FastifyRequest, Promise<Session | null>>();

/** The request's session when its cookie is genuine and the sessions table still holds it live; once per request. */
export function currentSession(app: FastifyInstance, request: FastifyRequest): Promise<Session | null> {
  let answer = confirmed.get(request);
  if (!answer) {
    answer = confirm(app, request);
    confirmed.set(request, answer);
  }
  return answer;
}

async function confirm(app: FastifyInstance, request: FastifyRequest): Promise<Session | null> {
  const { config, pool } = app.deps;
  const claimed = readSession(request, requireAppSecret(config), Date.now(), sessionCookieSettings(config).name);
  if (!claimed) return null;
  const tokenHash = hashLinkToken(claimed.token);
  const live = await findLiveSession(pool, tokenHash, SESSION_IDLE_MS);
  if (!live || live.personId !== claimed.personId) return null;
  if (live.idleMs > TOUCH_EVERY_MS) await touchSession(pool, tokenHash);
  return claimed;
}

export async function endSession(pool: Pool, session: Session): Promise<void> {
  await revokeSession(pool, hashLinkToken(session.token));
}

export async function endAllSessionsOf(pool: Pool, personId: number): Promise<number> {
  return revokeSessionsOfPerson(pool, personId);
}

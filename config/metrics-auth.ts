import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries the configured metrics token (`Bearer <METRICS_TOKEN>`). Both sides are
 * hashed first so the comparison takes the same time whatever the header's length.
 */
export function bearerTokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

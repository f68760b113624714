import { createHash, randomBytes } from 'node:crypto';

/**
 * Decision-link tokens. The raw token exists only in the message that carries the link; the database keeps its
 * SHA-256, so a copy of decision_links cannot be turned back into working links.
 */

const TOKEN_BYTES = 32;
/** 32 bytes in unpadded base64url. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedToken {
  token: string;
  tokenHash: string;
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateLinkToken(): IssuedToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashLinkToken(token) };
}

/** Rejects anything that cannot be a token before it reaches the database (and before it is hashed). */
export function isWellFormedLinkToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export function decisionLinkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/d/${token}`;
}

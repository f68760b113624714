import { createHash, randomInt } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { appendChangeAudit, type AuditKey } from '../db/audit';
import * as lineRows from '../db/queries/line';
import { findPersonProfile } from '../db/queries/people';
import { inTransaction } from '../db/pool';

/**
 * Linking a person's LINE account, proved from both sides: the person, signed in on their own page, is shown a
 * one-time code; the LINE user who sends that code to the Official Account (the platform names them in the signed
 * webhook event) is the one linked. Only the code's SHA-256 is stored, it works once, and for ten minutes.
 */

export const LINK_CODE_TTL_MS = 10 * 60_000;

/** No 0/O, 1/I/L: a code read off a screen and typed on a phone. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** The code as typed (any case, spaces or a dash between its halves), or undefined when it cannot be a code. */
export function normalizeLinkCode(text: string): string | undefined {
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : undefined;
}

export function hashLinkCode(code: string): string {
  return createHash('sha256').update(`sujarit:line-link:${code}`, 'utf8').digest('hex');
}

/** A fresh code for the person (earlier unused ones stop working), shown as XXXX-XXXX. */
export async function issueLinkCode(pool: Pool, personId: number): Promise<{ code: string; expiresAt: Date }> {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  const expiresAt = new Date(Date.now() + LINK_CODE_TTL_MS);
  await inTransaction(pool, (tx) => lineRows.insertLinkCode(tx, { personId, codeHash: hashLinkCode(code), expiresAt }));
  return { code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt };
}

export type LinkResult = { kind: 'linked'; personId: number; fullName: string } | { kind: 'bad-code' } | { kind: 'already-linked' };

class AlreadyLinked extends Error {}

async function audit(
  tx: PoolClient,
  auditKey: AuditKey,
  entry: { organizationId: number; actor: string; action: 'line_linked' | 'line_unlinked'; personId: number; before: unknown; after: unknown },
): Promise<void> {
  await appendChangeAudit(tx, auditKey, `line:${entry.action}`, {
    organizationId: entry.organizationId,
    actor: entry.actor,
    action: entry.action,
    entityType: 'person',
    entityId: entry.personId,
    before: entry.before,
    after: entry.after,
  });
}

/**
 * Links the LINE user who sent `code` to the code's person, in one transaction with the spent code and its audit row.
 * A wrong, used or expired code links nothing; neither does a code when either side is linked already (the code
 * stays usable once the old link is removed).
 */
export async function linkByCode(
  pool: Pool,
  auditKey: AuditKey,
  request: { lineUserId: string; code: string; alsoStore?: (tx: PoolClient) => Promise<void> },
): Promise<LinkResult> {
  try {
    return await inTransaction(pool, async (tx): Promise<LinkResult> => {
      const personId = await lineRows.useLinkCode(tx, hashLinkCode(request.code));
      if (personId === undefined) return { kind: 'bad-code' };
      const person = await findPersonProfile(tx, personId);
      if (!person) return { kind: 'bad-code' };
      if ((await lineRows.findLineAccountOfPerson(tx, personId)) || (await lineRows.findLinkedPerson(tx, request.lineUserId))) {
        throw new AlreadyLinked();
      }
      await lineRows.insertLineAccount(tx, { personId, lineUserId: request.lineUserId });
      await audit(tx, auditKey, {
        organizationId: person.organizationId,
        actor: `person:${personId}`,
        action: 'line_linked',
        personId,
        before: null,
        after: { lineUserId: request.lineUserId, via: 'one-time code' },
      });
      await request.alsoStore?.(tx);
      return { kind: 'linked', personId, fullName: person.fullName };
    });
  } catch (err) {
    if (err instanceof AlreadyLinked) return { kind: 'already-linked' };
    throw err;
  }
}

/** Removes the person's link (audited); false when there was none. */
export async function unlinkLineAccount(pool: Pool, auditKey: AuditKey, actor: { personId: number; organizationId: number }): Promise<boolean> {
  return inTransaction(pool, async (tx) => {
    const removed = await lineRows.deleteLineAccount(tx, actor.personId);
    if (!removed) return false;
    await lineRows.takeReasonRequest(tx, removed.lineUserId);
    await audit(tx, auditKey, {
      organizationId: actor.organizationId,
      actor: `person:${actor.personId}`,
      action: 'line_unlinked',
      personId: actor.personId,
      before: { lineUserId: removed.lineUserId },
      after: null,
    });
    return true;
  });
}

export function lineAccountOf(pool: Pool, personId: number): Promise<lineRows.LineAccountRow | undefined> {
  return lineRows.findLineAccountOfPerson(pool, personId);
}

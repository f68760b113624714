import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deliverOutbox, enqueueMessage, formOfAddress } from '../../../services/outbox';
import { createNotificationChannels, type NotificationChannels } from '../../../services/notify';
import { generateLinkToken, hashLinkToken, isWellFormedLinkToken } from '../../../services/tokens';
import { publicBaseUrl } from '../../../config';
import { inTransaction } from '../../../db/pool';
import { countRecentSignInTokens, deleteStaleSignInTokens, findActivePeopleByEmail, findSignInToken, insertSignInToken, lockSignInToken, markSignInTokenUsed } from '../../../db/queries/sign-in';
import { findActivePerson } from '../../../db/queries/people';
import { signInLinkMessage } from '../../../domain/messages';
import { AppError } from '../../../services/errors';
import { homePathOf } from '../../../services/oversight';
import { signInConfirmPage, signInFormPage, signInInvalidPage, signInSentPage } from '../../pages/web/signin';
import { csrfTokenFor, isForeignOrigin, isValidCsrfToken, requireAppSecret } from '../../security';
import { RATE_LIMITED } from '../../protections';
import { cookieHeader, currentSession, endAllSessionsOf, endSession, SESSION_TTL_MS, sessionCookieSettings, startSession } from '../../sessions';
import { formField, LANG_COOKIE, localPath, publicView, redirect, sendPage, webCsrfScope } from './context';

/**
 * Passwordless sign-in. POST /signin answers the same page at once whether or not the address is known, and issues
 * the link afterwards, so neither the answer nor its timing tells a guesser who has an account. The link's GET only
 * shows a button (mail scanners open links); the button's POST uses the token once and sets the session cookie.
 */

export const SIGNIN_TTL_MS = 15 * 60_000;
/** More requests than this in one link lifetime are ignored: nobody needs them, a mail bomb would. */
const MAX_LINKS_PER_WINDOW = 5;

const emailSchema = z.email().max(254);
const tokenParams = z.object({ token: z.string() });

function signInCsrfScope(tokenHash: string): string {
  return `signin-link:${tokenHash}`;
}

export function registerSignInRoutes(app: FastifyInstance): void {
  const { pool, config } = app.deps;
  const baseUrl = publicBaseUrl(config);
  const sessionCookie = sessionCookieSettings(config);
  let ownChannels: NotificationChannels | undefined;
  const channels = () => (ownChannels ??= createNotificationChannels(config));
  app.addHook('onClose', async () => ownChannels?.close());

  const cookie = (name: string, value: string, maxAgeSeconds: number, httpOnly: boolean) =>
    cookieHeader(sessionCookie, name, value, maxAgeSeconds, httpOnly);

  async function issueLinks(email: string, nextPath: string | undefined, request: FastifyRequest): Promise<void> {
    const people = await findActivePeopleByEmail(pool, email);
    for (const person of people) {
      const recent = await countRecentSignInTokens(pool, person.id, new Date(Date.now() - SIGNIN_TTL_MS));
      if (recent >= MAX_LINKS_PER_WINDOW) {
        request.log.warn({ personId: person.id }, 'too many sign-in links requested; ignored');
        continue;
      }
      const { token, tokenHash } = generateLinkToken();
      const expiresAt = new Date(Date.now() + SIGNIN_TTL_MS);
      const link = `${baseUrl}/signin/${token}`;
      const outboxKey = `signin:${tokenHash}`;
      await inTransaction(pool, async (tx) => {
        await insertSignInToken(tx, { personId: person.id, tokenHash, nextPath: nextPath ?? null, expiresAt });
        await enqueueMessage(tx, {
          idempotencyKey: outboxKey,
          organizationId: person.organizationId,
          person,
          content: signInLinkMessage({ recipient: formOfAddress(person), link, expiresAtMs: expiresAt.getTime() }),
          links: [link],
          channels: channels(),
        });
      });
      const report = await deliverOutbox(pool, channels(), [outboxKey]);
      for (const failure of [...report.transient, ...report.permanent]) {
        request.log.warn({ outboxId: failure.outboxId, channel: failure.channel }, 'sign-in link not delivered');
      }
    }
    await deleteStaleSignInTokens(pool, new Date(Date.now() - 24 * 3_600_000));
  }

  app.get('/', async (request, reply) => {
    const session = await currentSession(app, request);
    if (!session) return redirect(reply, '/signin');
    const person = await findActivePerson(pool, session.personId);
    return redirect(reply, person ? await homePathOf(pool, person) : '/tasks');
  });

  app.get('/signin', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const session = await currentSession(app, request);
    if (session) {
      const person = await findActivePerson(pool, session.personId);
      return redirect(reply, localPath(query.next) ?? (person ? await homePathOf(pool, person) : '/tasks'));
    }
    const next = localPath(query.next);
    return sendPage(
      reply,
      200,
      signInFormPage(publicView(request), { ...(next ? { next } : {}), signedOut: query.signedout === '1' }),
    );
  });

  app.post('/signin', { config: { linkAuthenticated: true, ...RATE_LIMITED } }, async (request, reply) => {
    const view = publicView(request);
    if (isForeignOrigin(request, baseUrl)) {
      return sendPage(
        reply.header('x-error-code', 'FORBIDDEN'),
        403,
        signInFormPage(view, { error: { th: 'คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบ', en: 'This request did not come from the system’s own page.' } }),
      );
    }
    const email = formField(request.body, 'email').trim();
    const next = localPath(formField(request.body, 'next'));
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      return sendPage(
        reply.header('x-error-code', 'VALIDATION_FAILED'),
        400,
        signInFormPage(view, {
          email,
          ...(next ? { next } : {}),
          error: { th: 'กรุณากรอกอีเมลให้ถูกต้อง', en: 'Please enter a valid e-mail address.' },
        }),
      );
    }
    // After the answer: how long issuing takes must not tell whether the address exists.
    setImmediate(() => {
      issueLinks(parsed.data.toLowerCase(), next, request).catch((err: unknown) =>
        request.log.error({ err }, 'issuing a sign-in link failed'),
      );
    });
    return sendPage(reply, 200, signInSentPage(view, parsed.data));
  });

  function tokenHashOf(request: FastifyRequest): string | undefined {
    const parsed = tokenParams.safeParse(request.params);
    return parsed.success && isWellFormedLinkToken(parsed.data.token) ? hashLinkToken(parsed.data.token) : undefined;
  }

  function invalid(request: FastifyRequest, reply: FastifyReply) {
    return sendPage(reply.header('x-error-code', 'LINK_INVALID'), 403, signInInvalidPage(publicView(request)));
  }

  app.get('/signin/:token', async (request, reply) => {
    const tokenHash = tokenHashOf(request);
    const row = tokenHash && (await findSignInToken(pool, tokenHash));
    if (!tokenHash || !row || row.usedAt || row.expired || !row.personActive) return invalid(request, reply);
    return sendPage(
      reply,
      200,
      signInConfirmPage(publicView(request), {
        personName: row.personName,
        action: `/signin/${(request.params as { token: string }).token}`,
        csrfToken: csrfTokenFor(requireAppSecret(config), signInCsrfScope(tokenHash)),
      }),
    );
  });

  app.post('/signin/:token', { config: { linkAuthenticated: true, ...RATE_LIMITED } }, async (request, reply) => {
    const secret = requireAppSecret(config);
    const tokenHash = tokenHashOf(request);
    if (!tokenHash) return invalid(request, reply);
    if (isForeignOrigin(request, baseUrl) || !isValidCsrfToken(secret, signInCsrfScope(tokenHash), formField(request.body, 'csrf'))) {
      return invalid(request, reply);
    }
    const used = await inTransaction(pool, async (tx) => {
      const row = await lockSignInToken(tx, tokenHash);
      if (!row || row.usedAt || row.expired || !row.personActive) return undefined;
      await markSignInTokenUsed(tx, row.id);
      return row;
    });
    if (!used) return invalid(request, reply);
    const { cookieValue } = await startSession(pool, secret, used.personId);
    reply.header('set-cookie', cookie(sessionCookie.name, cookieValue, SESSION_TTL_MS / 1000, true));
    request.log.info({ personId: used.personId }, 'signed in');
    return redirect(reply, localPath(used.nextPath) ?? (await homePathOf(pool, { id: used.personId, organizationId: used.organizationId })));
  });

  app.post('/signout', async (request, reply) => {
    const secret = requireAppSecret(config);
    const session = await currentSession(app, request);
    if (session && (isForeignOrigin(request, baseUrl) || !isValidCsrfToken(secret, webCsrfScope(session), formField(request.body, 'csrf')))) {
      throw new AppError(
        'FORBIDDEN',
        'คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบ กรุณาเปิดหน้าเดิมแล้วลองอีกครั้ง',
        'This request did not come from the system’s own page. Please reload the page and try again.',
      );
    }
    if (session) {
      // "Sign out everywhere" ends the person's sessions on every device, for a lost phone or a shared computer.
      if (formField(request.body, 'everywhere') === '1') await endAllSessionsOf(pool, session.personId);
      else await endSession(pool, session);
    }
    reply.header('set-cookie', cookie(sessionCookie.name, '', 0, true));
    return redirect(reply, '/signin?signedout=1');
  });

  /** A preference, not an action: a plain link works without script or form. */
  app.get('/lang/:lang', async (request, reply) => {
    const { lang } = z.object({ lang: z.enum(['th', 'en']) }).catch({ lang: 'th' }).parse(request.params);
    const next = localPath((request.query as Record<string, unknown>).next) ?? '/tasks';
    reply.header('set-cookie', cookie(LANG_COOKIE, lang, lang === 'en' ? 365 * 86_400 : 0, false));
    return redirect(reply, next);
  });
}

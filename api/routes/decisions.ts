import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { issueLinkWithMessage } from '../../services/links';
import { deliverOutbox } from '../../services/outbox';
import { createNotificationChannels, type NotificationChannels } from '../../services/notify';
import { hashLinkToken, isWellFormedLinkToken } from '../../services/tokens';
import * as decisions from '../../db/queries/decisions';
import { publicBaseUrl as publicBaseUrlOf } from '../../config';
import type { ErrorCode } from '../../services/errors';
import {
  alreadyDecidedPage,
  decisionFormPage,
  expiredPage,
  invalidLinkPage,
  recordedPage,
  refusedPage,
  renewedPage,
  withdrawnPage,
} from '../pages/decision';
import { isForeignOrigin, isValidCsrfToken, csrfTokenFor, PRIVATE_PAGE_HEADERS, requireAppSecret } from '../security';
import { RATE_LIMITED } from '../protections';
import { currentSession } from '../sessions';
import { authorityOf, decide, DEFAULT_DECISION_WAIT_MS, earlierDecisions, NO_AUTHORITY } from '../../services/decisions';

export interface DecisionRoutesOptions {
  /** Base of the links in renewed-link messages. Unset: PUBLIC_BASE_URL, else this server's address. */
  publicBaseUrl?: string;
  /** How long a POST waits for the workflow to take the decision before answering "being processed". */
  decisionWaitMs?: number;
  /** Channels for renewed links. Unset: built from the SMTP and LINE settings on first use. */
  channels?: NotificationChannels;
}

const tokenParams = z.object({ token: z.string() });

const csrfBody = z.object({ csrf: z.string().optional() }).passthrough();

function csrfScope(linkId: number): string {
  return `decision-link:${linkId}`;
}

const REFUSALS = {
  foreign: {
    code: 'FORBIDDEN',
    th: 'คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบ กรุณาเปิดลิงก์จากข้อความอีกครั้ง',
    en: 'This request did not come from the system’s own page. Please open the link from the message again.',
  },
  wrongPerson: {
    code: 'WRONG_PERSON',
    th: 'ลิงก์นี้ออกให้ผู้อื่น ท่านกำลังเข้าสู่ระบบในชื่อของท่านเอง จึงไม่สามารถใช้ลิงก์นี้ได้',
    en: 'This link was issued to someone else, and you are signed in as yourself, so it cannot be used here.',
  },
  noAuthority: { code: 'FORBIDDEN', ...NO_AUTHORITY },
} satisfies Record<string, { code: ErrorCode; th: string; en: string }>;

export async function decisionRoutes(app: FastifyInstance, options: DecisionRoutesOptions = {}): Promise<void> {
  const { pool, config, temporal } = app.deps;
  const publicBaseUrl = (options.publicBaseUrl ?? publicBaseUrlOf(config)).replace(/\/+$/, '');
  const decisionWaitMs = options.decisionWaitMs ?? DEFAULT_DECISION_WAIT_MS;
  let ownChannels: NotificationChannels | undefined;
  const channels = () => options.channels ?? (ownChannels ??= createNotificationChannels(config));
  app.addHook('onClose', async () => ownChannels?.close());

  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);

  function send(reply: FastifyReply, status: number, body: string, code?: ErrorCode) {
    reply.headers(PRIVATE_PAGE_HEADERS).type('text/html; charset=utf-8').status(status);
    if (code) reply.header('x-error-code', code);
    return reply.send(body);
  }

  function refuse(reply: FastifyReply, refusal: (typeof REFUSALS)[keyof typeof REFUSALS]) {
    return send(reply, 403, refusedPage(refusal), refusal.code);
  }

  /** Unknown, malformed or tampered tokens all get the same answer, and the token never reaches a log. */
  async function findLink(request: FastifyRequest): Promise<decisions.DecisionLinkRow | undefined> {
    const parsed = tokenParams.safeParse(request.params);
    if (!parsed.success || !isWellFormedLinkToken(parsed.data.token)) return undefined;
    return decisions.findDecisionLinkByTokenHash(pool, hashLinkToken(parsed.data.token));
  }

  async function signedInAsSomeoneElse(request: FastifyRequest, link: decisions.DecisionLinkRow): Promise<boolean> {
    const session = await currentSession(app, request);
    return session !== null && session.personId !== link.personId;
  }

  async function decidedPage(reply: FastifyReply, point: decisions.DecisionPointRow, status: number) {
    const decision = await decisions.findDecisionOfPoint(pool, point.id);
    if (!decision) return send(reply, 403, invalidLinkPage(), 'LINK_INVALID');
    return send(reply, status, alreadyDecidedPage({ point, decision, history: await earlierDecisions(pool, point) }), status === 409 ? 'ALREADY_DECIDED' : undefined);
  }

  app.get('/d/:token', async (request, reply) => {
    const secret = requireAppSecret(config);
    const link = await findLink(request);
    if (!link) return send(reply, 403, invalidLinkPage(), 'LINK_INVALID');
    const { point } = link;
    if (point.status === 'decided') return decidedPage(reply, point, 200);
    if (point.status === 'withdrawn') return send(reply, 200, withdrawnPage(point));
    if (link.usedAt) return decidedPage(reply, point, 200);
    if (await signedInAsSomeoneElse(request, link)) return refuse(reply, REFUSALS.wrongPerson);
    if (link.expiresAt.getTime() <= Date.now()) {
      return send(
        reply,
        410,
        expiredPage({ link, renewAction: `/d/${(request.params as { token: string }).token}/renew`, csrfToken: csrfTokenFor(secret, csrfScope(link.linkId)) }),
        'LINK_EXPIRED',
      );
    }
    if (!(await authorityOf(pool, link))) return refuse(reply, REFUSALS.noAuthority);
    return send(
      reply,
      200,
      decisionFormPage({
        link,
        history: await earlierDecisions(pool, point),
        formAction: `/d/${(request.params as { token: string }).token}`,
        csrfToken: csrfTokenFor(secret, csrfScope(link.linkId)),
      }),
    );
  });

  app.post('/d/:token', { config: { linkAuthenticated: true, ...RATE_LIMITED } }, async (request, reply) => {
    const secret = requireAppSecret(config);
    const link = await findLink(request);
    if (!link) return send(reply, 403, invalidLinkPage(), 'LINK_INVALID');
    if (isForeignOrigin(request, publicBaseUrl)) return refuse(reply, REFUSALS.foreign);
    const csrf = csrfBody.safeParse(request.body ?? {});
    if (!csrf.success || !isValidCsrfToken(secret, csrfScope(link.linkId), csrf.data.csrf)) {
      return refuse(reply, REFUSALS.foreign);
    }
    if (await signedInAsSomeoneElse(request, link)) return refuse(reply, REFUSALS.wrongPerson);
    const { point } = link;
    const token = (request.params as { token: string }).token;

    const result = await decide({ pool, temporal, log: request.log }, link, request.body, { enforceExpiry: true, waitMs: decisionWaitMs });
    if (result.kind === 'invalid') {
      return send(
        reply,
        400,
        decisionFormPage({
          link,
          history: await earlierDecisions(pool, point),
          formAction: `/d/${token}`,
          csrfToken: csrfTokenFor(secret, csrfScope(link.linkId)),
          error: result.problem,
          previous: result.previous,
        }),
        'VALIDATION_FAILED',
      );
    }
    if (result.kind === 'closed') return decidedOrWithdrawn(reply, link);
    if (result.kind === 'expired') {
      return send(
        reply,
        410,
        expiredPage({ link, renewAction: `/d/${token}/renew`, csrfToken: csrfTokenFor(secret, csrfScope(link.linkId)) }),
        'LINK_EXPIRED',
      );
    }
    if (result.kind === 'unauthorised') return refuse(reply, REFUSALS.noAuthority);
    return send(reply, 200, recordedPage({ decision: result.decision, processed: result.processed }));
  });

  /**
   * A point that is no longer open. The same link posting again is a replay (a double click, a browser retry): it
   * gets the decided page with 200. It signals nothing: the decision's command was stored with the decision, and
   * what its request did not deliver the command sweeper does. Anyone else gets 409.
   */
  async function decidedOrWithdrawn(reply: FastifyReply, link: decisions.DecisionLinkRow) {
    const point = (await decisions.findDecisionPoint(pool, link.point)) ?? link.point;
    if (point.status === 'withdrawn') return send(reply, 409, withdrawnPage(point), 'CONFLICT');
    const decision = await decisions.findDecisionOfPoint(pool, point.id);
    if (!decision) return send(reply, 409, withdrawnPage(point), 'CONFLICT');
    const replay = decision.linkId === link.linkId;
    return decidedPage(reply, point, replay ? 200 : 409);
  }

  app.post('/d/:token/renew', { config: { linkAuthenticated: true, ...RATE_LIMITED } }, async (request, reply) => {
    const secret = requireAppSecret(config);
    const link = await findLink(request);
    if (!link) return send(reply, 403, invalidLinkPage(), 'LINK_INVALID');
    if (isForeignOrigin(request, publicBaseUrl)) return refuse(reply, REFUSALS.foreign);
    const csrf = csrfBody.safeParse(request.body ?? {});
    if (!csrf.success || !isValidCsrfToken(secret, csrfScope(link.linkId), csrf.data.csrf)) {
      return refuse(reply, REFUSALS.foreign);
    }
    if (await signedInAsSomeoneElse(request, link)) return refuse(reply, REFUSALS.wrongPerson);
    const token = (request.params as { token: string }).token;
    const { point } = link;
    if (point.status !== 'open' || link.usedAt) return decidedOrWithdrawn(reply, link);
    if (link.expiresAt.getTime() > Date.now()) return reply.status(303).header('location', `/d/${token}`).send();
    if (!(await authorityOf(pool, link))) return refuse(reply, REFUSALS.noAuthority);

    const issueKey = `${point.workflowId}:${point.decisionKey}:${link.personId}:renew:${link.linkId}`;
    const { issued } = await issueLinkWithMessage(pool, channels(), publicBaseUrl, {
      point,
      personId: link.personId,
      issueKey,
      ttlMs: Math.max(link.expiresAt.getTime() - link.createdAt.getTime(), 60_000),
      kind: { kind: 'renewal' },
    });
    const report = await deliverOutbox(pool, channels(), [issueKey]);
    for (const failure of [...report.transient, ...report.permanent]) {
      request.log.warn({ outboxId: failure.outboxId, channel: failure.channel }, 'renewed link not delivered yet');
    }
    return send(reply, 200, renewedPage({ alreadySent: !issued }));
  });
}

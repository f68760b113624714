import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listApproverTasks } from '../../../db/queries/decisions';
import { findLatestLinkOfPerson } from '../../../db/queries/decisions';
import { authorityOf, decide, earlierDecisions, NO_AUTHORITY } from '../../../services/decisions';
import { AppError } from '../../../services/errors';
import { decisionFormPage } from '../../pages/decision';
import { approvalClosedPage, approvalsPage } from '../../pages/web/approvals';
import { webChrome } from '../../pages/web/frame';
import { formField, redirect, requireOwnForm, sendPage, signedIn, type SignedIn } from './context';

/**
 * The approver's view: the decisions that asked this person, each with the same form and the same recording as the
 * signed link (services/decisions.ts). Signed in, the session identifies the approver, so an expired link does not stop a
 * decision; the authority is still checked on the day of deciding.
 */

const pointParams = z.object({ pointId: z.coerce.number().int().positive() });

const FLASH = {
  recorded: { kind: 'done', th: 'บันทึกผลการพิจารณาแล้ว ขั้นตอนถัดไปได้รับผลแล้ว', en: 'Your decision is recorded and the workflow has taken it.' },
  pending: { kind: 'done', th: 'บันทึกผลการพิจารณาแล้ว ระบบจะดำเนินขั้นตอนถัดไปโดยอัตโนมัติ', en: 'Your decision is recorded; the next steps will follow automatically.' },
  closed: { kind: 'warning', th: 'เรื่องนี้ได้รับการพิจารณาไปแล้ว', en: 'This had already been decided.' },
} as const;

export function registerApprovalRoutes(app: FastifyInstance): void {
  const { pool, temporal } = app.deps;

  app.get('/approvals', async (request, reply) => {
    const who = await signedIn(app, request);
    const rows = await listApproverTasks(pool, who.actor.personId);
    const done = (request.query as Record<string, unknown>).done;
    const flash = typeof done === 'string' && done in FLASH ? FLASH[done as keyof typeof FLASH] : undefined;
    return sendPage(
      reply,
      200,
      approvalsPage(
        who.view,
        rows.map((r) => ({
          pointId: r.decisionPointId,
          purpose: r.purpose,
          itemCode: r.itemCode,
          itemName: r.itemName,
          fiscalYear: r.fiscalYear,
          requestedAt: r.requestedAt,
          dueAtMs: r.dueAt ? r.dueAt.getTime() : null,
        })),
        flash,
      ),
    );
  });

  async function myLink(request: FastifyRequest, who: SignedIn) {
    const parsed = pointParams.safeParse(request.params);
    const link = parsed.success ? await findLatestLinkOfPerson(pool, { pointId: parsed.data.pointId, personId: who.actor.personId }) : undefined;
    if (!link) throw new AppError('NOT_FOUND', 'ไม่พบเรื่องนี้ในรายการรอการพิจารณาของท่าน', 'This is not among the decisions waiting for you.');
    return link;
  }

  app.get('/approvals/:pointId', async (request, reply) => {
    const who = await signedIn(app, request);
    const link = await myLink(request, who);
    if (link.point.status !== 'open') return sendPage(reply, 200, approvalClosedPage(who.view, { withdrawn: link.point.status === 'withdrawn' }));
    if (!(await authorityOf(pool, link))) throw new AppError('FORBIDDEN', NO_AUTHORITY.th, NO_AUTHORITY.en);
    return sendPage(
      reply,
      200,
      decisionFormPage({
        link,
        history: await earlierDecisions(pool, link.point),
        formAction: `/approvals/${link.point.id}`,
        csrfToken: who.view.viewer!.csrfToken,
        chrome: webChrome(who.view, 'approvals'),
      }),
    );
  });

  app.post('/approvals/:pointId', async (request, reply) => {
    const who = await signedIn(app, request);
    requireOwnForm(app, request, who, formField(request.body, 'csrf'));
    const link = await myLink(request, who);
    const result = await decide({ pool, temporal, log: request.log }, link, request.body, { enforceExpiry: false });
    if (result.kind === 'invalid') {
      return sendPage(
        reply,
        400,
        decisionFormPage({
          link,
          history: await earlierDecisions(pool, link.point),
          formAction: `/approvals/${link.point.id}`,
          csrfToken: who.view.viewer!.csrfToken,
          error: result.problem,
          previous: result.previous,
          chrome: webChrome(who.view, 'approvals'),
        }),
      );
    }
    if (result.kind === 'closed' || result.kind === 'expired') return redirect(reply, '/approvals?done=closed');
    if (result.kind === 'unauthorised') throw new AppError('FORBIDDEN', NO_AUTHORITY.th, NO_AUTHORITY.en);
    return redirect(reply, `/approvals?done=${result.processed ? 'recorded' : 'pending'}`);
  });
}

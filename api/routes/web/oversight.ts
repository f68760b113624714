import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../../../config';
import { AppError } from '../../../services/errors';
import * as oversight from '../../../services/oversight';
import { oversightPage } from '../../pages/web/oversight';
import { OVERSIGHT_ROLE, type WebView } from '../../pages/web/frame';
import { csrfTokenFor, requireAppSecret } from '../../security';
import { currentSession } from '../../sessions';
import { publicView, sendPage, webCsrfScope } from './context';

/**
 * The oversight office's pages (/oversight and its XLSX). What makes a session an officer's is an oversight_officers
 * row for a person of no organisation, checked on every request (services/oversight.ts); the same person is
 * refused on every organisation page and API (api/authz.ts).
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerOversightRoutes(app: FastifyInstance): void {
  const { pool, config } = app.deps;

  async function officer(request: FastifyRequest): Promise<{ officer: oversight.OversightOfficer; view: WebView }> {
    const session = await currentSession(app, request);
    if (!session) throw new AppError('UNAUTHENTICATED', 'กรุณาเข้าสู่ระบบก่อน', 'sign in first');
    const found = await oversight.requireOversightOfficer(pool, session.personId);
    const view: WebView = {
      ...publicView(request),
      viewer: {
        personId: found.personId,
        fullName: found.fullName,
        positionTitle: found.office.name,
        organizationName: '',
        roles: [OVERSIGHT_ROLE],
        openApprovals: 0,
        csrfToken: csrfTokenFor(requireAppSecret(config), webCsrfScope(session)),
      },
    };
    return { officer: found, view };
  }

  async function viewData(request: FastifyRequest, who: oversight.OversightOfficer, nowMs: number) {
    const query = request.query as Record<string, unknown>;
    return oversight.oversightView({ pool }, who, oversight.parseOversightRequest({ fy: query.fy, round: query.round }, nowMs), nowMs);
  }

  app.get('/oversight', async (request, reply) => {
    const { officer: who, view } = await officer(request);
    return sendPage(reply, 200, oversightPage(view, await viewData(request, who, view.nowMs)));
  });

  app.get('/oversight.xlsx', async (request, reply) => {
    const { officer: who, view } = await officer(request);
    const data = await viewData(request, who, view.nowMs);
    return reply
      .headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      .type(XLSX)
      .header('content-disposition', `attachment; filename="${oversight.oversightFileName(data)}"`)
      .send(await oversight.oversightWorkbook(data, publicBaseUrl(config), view.lang));
  });
}

import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assetRoutes } from '../../assets';
import { toErrorBody } from '../../errors';
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from '../../../services/evidence';
import { errorPage } from '../../pages/web/errors';
import type { WebView } from '../../pages/web/frame';
import { registerAdminRoutes } from './admin';
import { registerApprovalRoutes } from './approvals';
import { publicView, redirect, sendPage, signedIn, wantsJson } from './context';
import { registerDashboardRoutes } from './dashboard';
import { registerEplannaccRoutes } from './eplannacc';
import { registerGoLiveRoutes } from './go-live';
import { registerItaRoutes } from './ita';
import { registerItemRoutes } from './items';
import { registerPeopleImportRoutes } from './people-import';
import { registerPlanImportRoutes } from './plan-import';
import { registerOversightRoutes } from './oversight';
import { registerPlatformRoutes } from './platform';
import { registerLineAccountRoutes } from './line';
import { registerSignInRoutes } from './signin';
import { registerTaskRoutes } from './tasks';

/**
 * The Thai web application for owners, approvers, the coordinator and administrators: server-rendered pages on the
 * same services as the JSON API (services/). Registered as one plugin; its error handler turns every refusal into a
 * page in the reader's language (a missing session into the sign-in page), never JSON or a stack trace.
 */
export async function webRoutes(app: FastifyInstance): Promise<void> {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: MAX_EVIDENCE_FILES, fields: 20 } });
  await app.register(assetRoutes);

  /** The refusal page shows the navigation when the person is signed in; a failure to tell is not an error itself. */
  async function viewFor(request: FastifyRequest): Promise<WebView> {
    try {
      return (await signedIn(app, request)).view;
    } catch {
      return publicView(request);
    }
  }

  app.setErrorHandler(async (err: unknown, request, reply) => {
    const { status, body } = toErrorBody(err);
    if (status >= 500) request.log.error({ err }, 'page failed');
    else request.log.info({ code: body.error.code }, 'page refused');
    if (wantsJson(request)) return reply.status(status).send(body);
    if (status === 401) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return redirect(reply, `/signin${next}`);
    }
    const view = await viewFor(request);
    return sendPage(reply.header('x-error-code', body.error.code), status, errorPage(view, { code: body.error.code, th: body.error.message, en: body.error.messageEn }));
  });

  registerSignInRoutes(app);
  registerTaskRoutes(app);
  registerItemRoutes(app);
  registerApprovalRoutes(app);
  registerDashboardRoutes(app);
  registerEplannaccRoutes(app);
  registerGoLiveRoutes(app);
  registerItaRoutes(app);
  registerAdminRoutes(app);
  registerPeopleImportRoutes(app);
  registerPlanImportRoutes(app);
  registerPlatformRoutes(app);
  registerOversightRoutes(app);
  registerLineAccountRoutes(app);
}

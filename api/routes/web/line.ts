import type { FastifyInstance } from 'fastify';
import { auditKeyFrom } from '../../../db/audit';
import { issueLinkCode, lineAccountOf, unlinkLineAccount } from '../../../services/line-accounts';
import { lineAccountPage } from '../../pages/web/line';
import { formField, redirect, requireOwnForm, sendPage, signedIn } from './context';

/** The signed-in person's own LINE page (/me/line): a one-time link code, and unlinking. Nobody else's account. */

export function registerLineAccountRoutes(app: FastifyInstance): void {
  const { pool, config } = app.deps;
  const channelConfigured = Boolean(config.LINE_CHANNEL_SECRET && config.LINE_CHANNEL_ACCESS_TOKEN);

  app.get('/me/line', async (request, reply) => {
    const who = await signedIn(app, request);
    const account = await lineAccountOf(pool, who.actor.personId);
    const flash = (request.query as Record<string, unknown>).done === 'unlinked' ? ('unlinked' as const) : undefined;
    return sendPage(reply, 200, lineAccountPage(who.view, { linkedAt: account?.linkedAt ?? null, channelConfigured, ...(flash ? { flash } : {}) }));
  });

  app.post('/me/line/code', async (request, reply) => {
    const who = await signedIn(app, request);
    requireOwnForm(app, request, who, formField(request.body, 'csrf'));
    const account = await lineAccountOf(pool, who.actor.personId);
    if (account || !channelConfigured) return redirect(reply, '/me/line');
    // Shown in this answer only (no-store), never put in a URL.
    const code = await issueLinkCode(pool, who.actor.personId);
    return sendPage(reply, 200, lineAccountPage(who.view, { linkedAt: null, code, channelConfigured }));
  });

  app.post('/me/line/unlink', async (request, reply) => {
    const who = await signedIn(app, request);
    requireOwnForm(app, request, who, formField(request.body, 'csrf'));
    await unlinkLineAccount(pool, auditKeyFrom(config), { personId: who.actor.personId, organizationId: who.actor.organizationId });
    return redirect(reply, '/me/line?done=unlinked');
  });
}

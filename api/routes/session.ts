import type { FastifyInstance } from 'fastify';
import { requireActorSession } from '../authz';
import { declareRoute } from '../route-schemas';
import { csrfTokenFor, CSRF_HEADER, requireAppSecret, sessionCsrfScope } from '../security';

/**
 * Who the session belongs to and the CSRF token its writes to `/api/*` carry in the X-CSRF-Token header. Reading it
 * needs the session cookie and a same-origin read, which another site's page cannot make (no CORS is answered).
 */
const SESSION = declareRoute({ summary: { th: 'ผู้ใช้ที่เข้าระบบอยู่และรหัส CSRF', en: "who the session belongs to, and its CSRF token for writes to /api/*" } });

export async function sessionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/session', { config: { schemas: SESSION } }, async (request, reply) => {
    const { actor, session } = await requireActorSession(app, request);
    reply.header('cache-control', 'no-store');
    return {
      personId: actor.personId,
      organizationId: actor.organizationId,
      expiresAt: new Date(session.expiresAtMs).toISOString(),
      csrfHeader: CSRF_HEADER,
      csrfToken: csrfTokenFor(requireAppSecret(app.deps.config), sessionCsrfScope(session)),
    };
  });
}

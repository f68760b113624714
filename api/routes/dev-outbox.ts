import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { demoEnabled } from '../../config';
import { listRecentOutbox } from '../../db/queries/outbox';
import { parseInput } from '../../services/errors';
import { devInboxPage } from '../pages/inbox';
import { declareRoute, routeInput } from '../route-schemas';
import { PRIVATE_PAGE_HEADERS } from '../security';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });
const OUTBOX = declareRoute({
  summary: { th: 'ข้อความที่ระบบส่ง (เฉพาะการสาธิต)', en: 'what the system sent (demo only, never in production)' },
  query: listQuery,
});

/**
 * What the system "sent", for a developer without SMTP or LINE: the JSON feed (for tests and scripts) and a page
 * with clickable links. The messages hold live sign-in and decision links, so the routes exist only when the demo is
 * asked for (SUJARIT_DEMO) on an API only this machine reaches; otherwise they are not registered at all and answer
 * 404 like any unknown path. demoEnabled is checked here too, not only in loadConfig, for a Config built by hand.
 */
export async function devOutboxRoutes(app: FastifyInstance): Promise<void> {
  if (!demoEnabled(app.deps.config)) return;
  const { pool } = app.deps;

  app.get('/api/dev/outbox', { config: { schemas: OUTBOX } }, async (request, reply) => {
    const { limit } = routeInput(OUTBOX, request).query();
    const rows = await listRecentOutbox(pool, limit);
    return reply.headers({ 'cache-control': 'no-store' }).send(
      rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        to: r.toAddress,
        subject: r.subject,
        body: r.bodyText,
        links: r.links,
        status: r.status,
        createdAt: r.createdAt.toISOString(),
      })),
    );
  });

  app.get('/dev/inbox', async (request, reply) => {
    const { limit } = parseInput(listQuery, request.query, 'ในคำค้น', 'query string');
    const rows = await listRecentOutbox(pool, limit);
    return reply.headers(PRIVATE_PAGE_HEADERS).type('text/html; charset=utf-8').send(devInboxPage(rows));
  });
}

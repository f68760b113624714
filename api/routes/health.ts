import type { FastifyInstance } from 'fastify';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/health', async (_request, reply) => {
    const { pool, temporal } = app.deps;
    const [database, workflowEngine] = await Promise.all([
      pool.query('SELECT 1').then(
        () => 'ok' as const,
        () => 'down' as const,
      ),
      temporal.workflowService.getSystemInfo({}).then(
        () => 'ok' as const,
        () => 'down' as const,
      ),
    ]);
    const ok = database === 'ok' && workflowEngine === 'ok';
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database, temporal: workflowEngine });
  });
}

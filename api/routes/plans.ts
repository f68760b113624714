import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import * as plans from '../../db/queries/plans';
import { notFound, parseInput } from '../../services/errors';

const planParams = z.object({ id: z.coerce.number().int().positive() });

export async function planRoutes(app: FastifyInstance): Promise<void> {
  const { pool } = app.deps;

  async function currentVersionOf(params: unknown) {
    const { id } = parseInput(planParams, params, 'ในที่อยู่', 'path parameters');
    const plan = await plans.getPlanSummary(pool, id);
    if (!plan || plan.currentVersionId === null) throw notFound('แผน', `plan ${id}`);
    return { plan, versionId: plan.currentVersionId };
  }

  app.get('/api/plans', async () => ({ plans: await plans.listPlans(pool) }));

  app.get('/api/plans/:id', async (request) => {
    const { plan, versionId } = await currentVersionOf(request.params);
    const [items, versions] = await Promise.all([
      plans.listItemsOfVersion(pool, versionId),
      plans.listVersionsOfPlan(pool, plan.id),
    ]);
    return { plan, versions, items };
  });

  app.get('/api/plans/:id/findings', async (request) => {
    const { plan, versionId } = await currentVersionOf(request.params);
    return { planId: plan.id, version: plan.currentVersion, findings: await plans.listFindingsOfVersion(pool, versionId) };
  });
}

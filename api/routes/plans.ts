import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import * as plans from '../../db/queries/plans';
import { notFound, parseInput } from '../../services/errors';
import { requireActor } from '../authz';

const planParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * An organisation's plans, for its signed-in people only; the public view of a plan is /public/:org. Another
 * organisation's plan is "not found", so the answer does not tell which plans exist elsewhere.
 */
export async function planRoutes(app: FastifyInstance): Promise<void> {
  const { pool } = app.deps;

  async function currentVersionOf(request: FastifyRequest) {
    const actor = await requireActor(app, request);
    const { id } = parseInput(planParams, request.params, 'ในที่อยู่', 'path parameters');
    const plan = await plans.getPlanSummary(pool, id);
    if (!plan || plan.currentVersionId === null || plan.organizationId !== actor.organizationId) {
      throw notFound('แผน', `plan ${id}`);
    }
    return { plan, versionId: plan.currentVersionId };
  }

  app.get('/api/plans', async (request) => {
    const actor = await requireActor(app, request);
    return { plans: (await plans.listPlans(pool)).filter((p) => p.organizationId === actor.organizationId) };
  });

  app.get('/api/plans/:id', async (request) => {
    const { plan, versionId } = await currentVersionOf(request);
    const [items, versions] = await Promise.all([
      plans.listItemsOfVersion(pool, versionId),
      plans.listVersionsOfPlan(pool, plan.id),
    ]);
    return { plan, versions, items };
  });

  app.get('/api/plans/:id/findings', async (request) => {
    const { plan, versionId } = await currentVersionOf(request);
    return { planId: plan.id, version: plan.currentVersion, findings: await plans.listFindingsOfVersion(pool, versionId) };
  });
}

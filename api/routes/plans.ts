import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import * as plans from '../../db/queries/plans';
import { notFound } from '../../services/errors';
import { requireActor } from '../authz';
import { declareRoute, routeInput, type RouteSchemas } from '../route-schemas';

const planParams = z.object({ id: z.coerce.number().int().positive() });

const ROUTES = {
  list: declareRoute({ summary: { th: 'แผนขององค์กร', en: "the signed-in person's organisation's plans" } }),
  plan: declareRoute({ summary: { th: 'แผนฉบับปัจจุบันพร้อมรายการ', en: "a plan's current version with its items" }, params: planParams }),
  findings: declareRoute({ summary: { th: 'ข้อสังเกตจากการนำเข้าแผน', en: "the import findings of a plan's current version" }, params: planParams }),
};

/**
 * An organisation's plans, for its signed-in people only; the public view of a plan is /public/:org. Another
 * organisation's plan is "not found", so the answer does not tell which plans exist elsewhere.
 */
export async function planRoutes(app: FastifyInstance): Promise<void> {
  const { pool } = app.deps;

  async function currentVersionOf(request: FastifyRequest, schemas: RouteSchemas & { params: typeof planParams }) {
    const actor = await requireActor(app, request);
    const { id } = routeInput(schemas, request).params();
    const plan = await plans.getPlanSummary(pool, id);
    if (!plan || plan.currentVersionId === null || plan.organizationId !== actor.organizationId) {
      throw notFound('แผน', `plan ${id}`);
    }
    return { plan, versionId: plan.currentVersionId };
  }

  app.get('/api/plans', { config: { schemas: ROUTES.list } }, async (request) => {
    const actor = await requireActor(app, request);
    return { plans: (await plans.listPlans(pool)).filter((p) => p.organizationId === actor.organizationId) };
  });

  app.get('/api/plans/:id', { config: { schemas: ROUTES.plan } }, async (request) => {
    const { plan, versionId } = await currentVersionOf(request, ROUTES.plan);
    const [items, versions] = await Promise.all([
      plans.listItemsOfVersion(pool, versionId),
      plans.listVersionsOfPlan(pool, plan.id),
    ]);
    return { plan, versions, items };
  });

  app.get('/api/plans/:id/findings', { config: { schemas: ROUTES.findings } }, async (request) => {
    const { plan, versionId } = await currentVersionOf(request, ROUTES.findings);
    return { planId: plan.id, version: plan.currentVersion, findings: await plans.listFindingsOfVersion(pool, versionId) };
  });
}

import type { Pool, PoolClient } from 'pg';
import { planTitle } from '../domain/plan';
import { RESPONSIBLE_UNITS, responsibleUnitByKey } from '../domain/units';
import { inTransaction } from './pool';
import { ensureOrganization } from './queries/organizations';
import { upsertUnit } from './queries/units';
import * as q from './queries/plans';
import type { StorePlanVersionInput, StoredPlanVersion } from '../workflows/plan-load/activity-contract';

/**
 * Stores one imported plan as a new version, in one transaction: either the whole version (items, budgets, steps,
 * indicators, findings) is there and current, or nothing changed. Older versions are never touched.
 * `alsoStore` runs in that transaction once a new version is written (the upload's confirmation audits who
 * confirmed it there), so the version and what is said about it commit together; it does not run for a load key
 * already stored.
 */
export async function storePlanVersion(
  pool: Pool,
  input: StorePlanVersionInput,
  options: { alsoStore?: (tx: PoolClient, stored: StoredPlanVersion) => Promise<void> } = {},
): Promise<StoredPlanVersion> {
  const { plan } = input;
  return inTransaction(pool, async (tx) => {
    const org = await ensureOrganization(tx, { slug: input.organizationSlug, ...plan.organization });
    const existing = await q.findVersionByLoadKey(tx, input.loadKey);
    if (existing) {
      return { organizationId: org.id, planId: existing.planId, versionId: existing.id, version: existing.version, created: false };
    }
    for (const key of new Set(plan.items.map((i) => i.responsibleUnit))) {
      const unit = responsibleUnitByKey(key) ?? RESPONSIBLE_UNITS.find((u) => u.key === 'organization')!;
      await upsertUnit(tx, { organizationId: org.id, key, nameTh: unit.nameTh, nameEn: unit.nameEn });
    }
    const firstFiscalYear = Math.min(...plan.fiscalYears);
    const lastFiscalYear = Math.max(...plan.fiscalYears);
    const title = planTitle(plan);
    const planId =
      (await q.findPlan(tx, { organizationId: org.id, firstFiscalYear, lastFiscalYear }))?.id ??
      (await q.insertPlan(tx, { organizationId: org.id, firstFiscalYear, lastFiscalYear, title }));
    await q.lockPlan(tx, planId);
    const version = await q.insertPlanVersion(tx, {
      planId,
      loadKey: input.loadKey,
      sourceName: input.sourceName,
      sourceSha256: input.sourceSha256,
      canonical: plan,
      loadedBy: input.loadedBy,
    });
    await q.insertTargets(tx, version.id, plan.targets);
    await q.insertDimensions(tx, version.id, plan.dimensions);
    await q.insertMissions(tx, version.id, plan.missions);
    for (const item of plan.items) {
      const itemId = await q.insertItem(tx, version.id, item);
      await q.insertItemBudgets(tx, itemId, item.budgetByYear);
      await q.insertItemSteps(tx, itemId, item.steps);
      await q.insertItemIndicators(tx, itemId, item.indicators);
    }
    await q.insertFindings(tx, version.id, plan.findings);
    await q.setCurrentVersion(tx, planId, version.id, title);
    const stored = { organizationId: org.id, planId, versionId: version.id, version: version.version, created: true };
    await options.alsoStore?.(tx, stored);
    return stored;
  });
}

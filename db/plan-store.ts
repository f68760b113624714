import type { Pool, PoolClient } from 'pg';
import { planTitle } from '../domain/plan';
import { RESPONSIBLE_UNITS, responsibleUnitByKey } from '../domain/units';
import { inTransaction } from './pool';
import { ensureOrganization } from './queries/organizations';
import { upsertUnit } from './queries/units';
import * as q from './queries/plans';
import type { StorePlanVersionInput, StoredPlanVersion } from '../workflows/plan-load/activity-contract';
import { AppError } from '../services/errors';

export interface StorePlanVersionOptions {
  alsoStore?: (tx: PoolClient, stored: StoredPlanVersion & AmendmentOf) => Promise<void>;
  /**
   * 'now' (the CLI, the seed, plan load): the version is the plan in force once stored. 'on_approval' (an upload the
   * นายก approves): it waits, and becomes the plan in force only when approved (putVersionInForce); while the plan
   * already has a version in force, the new one is numbered as an amendment of it. 'first' (the CLI's plan load): in
   * force at once only while the organisation has no plan in force; a later version is an amendment, which the นายก
   * approves (the upload, /plans/import), so it is refused and nothing is stored.
   */
  inForce?: 'now' | 'on_approval' | 'first';
}

/** For a version that waits for approval while another is in force: the amendment it is, and of which version. */
export interface AmendmentOf {
  amendment?: { amendsVersionId: number; number: number };
}

/**
 * The refusal of a version stored outside the approval path while the plan has one in force: a new version then is an
 * amendment (แผนฯ แก้ไขเพิ่มเติม/เปลี่ยนแปลง), and only the นายก makes it the plan in force.
 */
export function planInForceRefusal(organizationSlug: string): AppError {
  return new AppError(
    'CONFLICT',
    `องค์กร ${organizationSlug} มีแผนที่ใช้อยู่แล้ว แผนฉบับใหม่เป็นการแก้ไขเพิ่มเติม/เปลี่ยนแปลงที่นายกต้องอนุมัติ: นำเข้าไฟล์ที่หน้า /plans/import ยืนยัน แล้วระบบส่งลิงก์ให้นายกพิจารณา ไม่ได้บันทึกสิ่งใด`,
    `organisation ${organizationSlug} already has a plan in force: a new version is an amendment the chief executive must approve. Upload the file at /plans/import and confirm it; the chief executive is then sent a link. Nothing was stored.`,
  );
}

/**
 * Stores one imported plan as a new version, in one transaction: either the whole version (items, budgets, steps,
 * indicators, findings) is there (and, unless it waits for approval, in force), or nothing changed. Older versions
 * are never touched. `alsoStore` runs in that transaction once a new version is written (the upload's confirmation
 * audits who confirmed it there), so the version and what is said about it commit together; it does not run for a
 * load key already stored.
 */
export async function storePlanVersion(
  pool: Pool,
  input: StorePlanVersionInput,
  options: StorePlanVersionOptions = {},
): Promise<StoredPlanVersion & AmendmentOf> {
  const { plan } = input;
  return inTransaction(pool, async (tx) => {
    const org = await ensureOrganization(tx, { slug: input.organizationSlug, ...plan.organization });
    const existing = await q.findVersionByLoadKey(tx, input.loadKey);
    if (existing) {
      const amendment = existing.amendsVersionId !== null && existing.amendmentNumber !== null
        ? { amendment: { amendsVersionId: existing.amendsVersionId, number: existing.amendmentNumber } }
        : {};
      return { organizationId: org.id, planId: existing.planId, versionId: existing.id, version: existing.version, created: false, ...amendment };
    }
    if (options.inForce === 'first' && (await q.hasPlanInForce(tx, org.id))) throw planInForceRefusal(input.organizationSlug);
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
    let amendment: AmendmentOf = {};
    if (options.inForce === 'on_approval') {
      const inForce = await q.findCurrentVersionId(tx, planId);
      if (inForce !== null) {
        const number = (await q.countAppliedAmendments(tx, planId)) + 1;
        await q.markVersionAmendment(tx, { versionId: version.id, amendsVersionId: inForce, number });
        amendment = { amendment: { amendsVersionId: inForce, number } };
      }
    } else {
      await putVersionInForce(tx, { planId, versionId: version.id, title });
    }
    const stored = { organizationId: org.id, planId, versionId: version.id, version: version.version, created: true, ...amendment };
    await options.alsoStore?.(tx, stored);
    return stored;
  });
}

/**
 * Makes a version the plan in force, in the caller's transaction (the plan locked): the version it replaces is kept
 * on it, so an approved amendment is applied against what was really in force. Making the version in force again
 * changes nothing.
 */
export async function putVersionInForce(tx: PoolClient, v: { planId: number; versionId: number; title: string }): Promise<{ replacedVersionId: number | null; changed: boolean }> {
  await q.lockPlan(tx, v.planId);
  const before = await q.findCurrentVersionId(tx, v.planId);
  if (before === v.versionId) return { replacedVersionId: null, changed: false };
  await q.setCurrentVersion(tx, v.planId, v.versionId, v.title);
  await q.markVersionInForce(tx, { versionId: v.versionId, replacedVersionId: before });
  return { replacedVersionId: before, changed: true };
}

import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { canonicalPlanSchema, type CanonicalPlan } from '../domain/plan';
import { storePlanVersion, type StoredPlanVersion } from '../db/plan-store';

export interface StorePlanVersionInput {
  organizationSlug: string;
  plan: CanonicalPlan;
  loadKey: string;
  sourceName: string;
  sourceSha256: string;
  loadedBy: string;
}

export function createPlanActivities(pool: Pool) {
  return {
    async storePlanVersion(input: StorePlanVersionInput): Promise<StoredPlanVersion> {
      const parsed = canonicalPlanSchema.safeParse(input.plan);
      if (!parsed.success) {
        throw ApplicationFailure.nonRetryable(
          `แผนไม่ถูกต้องตามโครงสร้าง / plan does not match the canonical schema: ${parsed.error.issues[0]?.message}`,
          'INVALID_PLAN',
        );
      }
      return storePlanVersion(pool, { ...input, plan: parsed.data });
    },
  };
}

export type PlanActivities = ReturnType<typeof createPlanActivities>;

import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { canonicalPlanSchema } from '../domain/plan';
import { storePlanVersion } from '../db/plan-store';
import type {
  PlanLoadActivities,
  StorePlanVersionInput,
  StoredPlanVersion,
} from '../workflows/plan-load/activity-contract';

export function createPlanActivities(pool: Pool): PlanLoadActivities {
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

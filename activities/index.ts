import type { Pool } from 'pg';
import { createPlanActivities } from './plan';

export interface ActivityDeps {
  pool: Pool;
}

/** Every activity the worker registers; each one is idempotent by the key its workflow passes. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createPlanActivities(deps.pool),
  };
}

export type Activities = ReturnType<typeof createActivities>;

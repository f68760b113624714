import type { CanonicalPlan } from '../../domain/plan';

/**
 * What the plan-load workflow asks of the outside world. Types only: activities/plan.ts implements it, idempotent
 * by the load key (the workflow id), so a retried activity stores the version once.
 */

export interface StorePlanVersionInput {
  organizationSlug: string;
  plan: CanonicalPlan;
  loadKey: string;
  sourceName: string;
  sourceSha256: string;
  loadedBy: string;
}

export interface StoredPlanVersion {
  organizationId: number;
  planId: number;
  versionId: number;
  version: number;
  /** False when this load key had already been stored (a retried activity or CLI run). */
  created: boolean;
}

export interface PlanLoadActivities {
  storePlanVersion(input: StorePlanVersionInput): Promise<StoredPlanVersion>;
}

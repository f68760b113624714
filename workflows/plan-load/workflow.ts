import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CanonicalPlan } from '../../domain/plan';
import type { PlanLoadActivities } from './activity-contract';

export interface PlanLoadInput {
  organizationSlug: string;
  plan: CanonicalPlan;
  sourceName: string;
  sourceSha256: string;
  loadedBy: string;
}

export interface PlanLoadResult {
  planId: number;
  versionId: number;
  version: number;
  created: boolean;
}

const { storePlanVersion } = proxyActivities<PlanLoadActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, nonRetryableErrorTypes: ['INVALID_PLAN'] },
});

/** Stores an imported plan as a new version. The workflow id is the load key, so a retry never stores twice. */
export async function planLoadWorkflow(input: PlanLoadInput): Promise<PlanLoadResult> {
  const stored = await storePlanVersion({ ...input, loadKey: workflowInfo().workflowId });
  return { planId: stored.planId, versionId: stored.versionId, version: stored.version, created: stored.created };
}

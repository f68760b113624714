import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/**
 * The domain modules the workflows import. They are pure and keep no state (lint enforces no I/O, clock or randomness
 * in domain/), so the worker loads them once per workflow thread and every run shares them. Without this, each run
 * evaluates and keeps its own copy of every module, on every start and every replay after an eviction.
 */
const SHARED_DOMAIN_MODULES = ['calendar', 'commands', 'decision', 'fiscal', 'item-year-plan', 'reminders', 'report-kind'];

/** How the workflow code is bundled, by the worker (worker/bundle.ts) and by the tests alike. */
export function workflowBundleOptions(workflowsPath: string): Pick<BundleOptions, 'workflowsPath' | 'preloadModules'> {
  const domain = path.join(__dirname, '..', 'domain');
  // Beside the sources or in a compiled build, the domain modules have this file's own extension.
  const extension = path.extname(__filename);
  return { workflowsPath, preloadModules: SHARED_DOMAIN_MODULES.map((name) => path.join(domain, `${name}${extension}`)) };
}

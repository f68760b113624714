import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { PlanImportActivities, PlanImportSummary } from './activity-contract';
import { OCR_PAGES_PER_ACTIVITY, planImportProgressQuery, type PlanImportInput, type PlanImportProgress } from './messages';

const { inspectPlanImport, finishPlanImport } = proxyActivities<PlanImportActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['UNUSABLE_DOCUMENT'] },
});

// A page takes tesseract tens of seconds on a busy machine; the heartbeat says within two minutes that a worker died.
const { ocrPlanImportPages } = proxyActivities<PlanImportActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['UNUSABLE_DOCUMENT'] },
});

/**
 * Imports one uploaded plan file: finds the pages without a text layer, reads them by OCR a few pages per activity
 * (each page stored as it is read), then lays out and imports the whole text. Progress is queryable throughout.
 * An unusable document (OCR missing, no text at all) ends it with the reason stored, not with a failed workflow.
 */
export async function planImportWorkflow(input: PlanImportInput): Promise<PlanImportSummary> {
  const progress: PlanImportProgress = { phase: 'inspecting', ocrPages: 0, ocrPagesDone: 0 };
  setHandler(planImportProgressQuery, () => progress);

  const inspection = await inspectPlanImport({ importId: input.importId });
  let usable = inspection.usable;
  progress.phase = 'ocr';
  progress.ocrPages = inspection.ocrPages.length;
  for (let i = 0; usable && i < inspection.ocrPages.length; i += OCR_PAGES_PER_ACTIVITY) {
    const pages = inspection.ocrPages.slice(i, i + OCR_PAGES_PER_ACTIVITY);
    usable = (await ocrPlanImportPages({ importId: input.importId, pages })).usable;
    progress.ocrPagesDone += pages.length;
  }
  progress.phase = 'importing';
  const summary = await finishPlanImport({ importId: input.importId });
  progress.phase = 'done';
  progress.summary = summary;
  return summary;
}

import { defineQuery } from '@temporalio/workflow';
import type { PlanImportSummary } from './activity-contract';

export interface PlanImportInput {
  importId: number;
}

export interface PlanImportProgress {
  phase: 'inspecting' | 'ocr' | 'importing' | 'done';
  /** Pages to read by OCR, and how many are read. */
  ocrPages: number;
  ocrPagesDone: number;
  summary?: PlanImportSummary;
}

export const planImportProgressQuery = defineQuery<PlanImportProgress>('planImportProgress');

export const planImportWorkflowId = (importId: number) => `plan-import:${importId}`;

/** Pages per OCR activity: small enough that progress moves and a retry loses little, large enough to be few. */
export const OCR_PAGES_PER_ACTIVITY = 2;

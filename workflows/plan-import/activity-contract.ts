/**
 * What the plan-import workflow asks of the outside world. Types only: activities/plan-import.ts implements it,
 * idempotent by the import id (and page): a retried activity reads no page twice and stores one outcome.
 */

export interface PlanImportInspection {
  /** Pages of the PDF in all; 0 for a document that is not a PDF. */
  pageCount: number;
  /** 1-based pages without a text layer, to be read by OCR. */
  ocrPages: number[];
  /** False when the document is already known to be unusable (the reason is stored for finishPlanImport). */
  usable: boolean;
}

export interface PlanImportSummary {
  /** False when the document is unusable as a plan; `error` says why. */
  usable: boolean;
  items: number;
  findings: number;
  /** Numbers read by OCR, each a finding to confirm. */
  ocrNumbers: number;
  error?: { code: string; message: string; messageEn: string };
}

export interface PlanImportActivities {
  inspectPlanImport(input: { importId: number }): Promise<PlanImportInspection>;
  /** Reads the pages by OCR and stores each as it is read; heartbeats while it works. */
  ocrPlanImportPages(input: { importId: number; pages: number[] }): Promise<{ usable: boolean }>;
  /** Lays out the text, imports it and stores the plan with its findings (or why it is unusable); the stored outcome if there is one. */
  finishPlanImport(input: { importId: number }): Promise<PlanImportSummary>;
}

import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import * as importRows from '../db/queries/plan-imports';
import { importPlanBytes } from '../domain/importer';
import { canonicalPlanSchema, type CanonicalPlan } from '../domain/plan';
import { unitsOfOrganization } from '../domain/units';
import { pdfToPlanDocument } from '../infra/pdf-text';
import { planImportWorkflow } from '../workflows';
import { planImportProgressQuery, planImportWorkflowId, type PlanImportProgress } from '../workflows/plan-import/messages';

export interface PlanFileImportOptions {
  /** The organisation the plan is for, when known: its structure says which sections (งาน) exist. */
  organizationSlug?: string;
  /** The plan's fiscal years, for a scan whose numbers OCR cannot read reliably. */
  planYears?: readonly number[];
  /** Progress of the OCR of scanned pages. */
  onOcrPage?: (done: number, of: number) => void;
}

/**
 * A plan file as a person gives it (text, .docx, PDF exported from Word or scanned, or the canonical JSON)
 * imported: the pure importer, with the PDF text extraction (poppler's pdftotext, and OCR for pages without a
 * text layer) plugged in. The CLI uses
 * it; an upload form should too.
 */
export function importPlanFile(bytes: Uint8Array, fileName: string, options: PlanFileImportOptions = {}): Promise<CanonicalPlan> {
  return importPlanBytes(bytes, fileName, {
    pdfToText: (pdf) => pdfToPlanDocument(pdf, options.onOcrPage ? { onOcrPage: options.onOcrPage } : {}),
    units: unitsOfOrganization(options.organizationSlug),
    ...(options.planYears ? { planYears: options.planYears } : {}),
  });
}

export interface PlanImportDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
}

/**
 * Starts the import of an uploaded plan file as a workflow (a scan's OCR takes minutes): the file is stored, the
 * workflow reads it page by page, and planImportStatus follows it.
 */
export async function startPlanImport(
  deps: PlanImportDeps,
  input: { organizationId: number; fileName: string; bytes: Uint8Array; planYears?: readonly number[]; requestedBy: string },
): Promise<{ importId: number; workflowId: string }> {
  const importId = await importRows.insertPlanImport(deps.pool, {
    organizationId: input.organizationId,
    fileName: input.fileName,
    source: input.bytes,
    planYears: input.planYears,
    requestedBy: input.requestedBy,
  });
  const workflowId = planImportWorkflowId(importId);
  await deps.temporal.workflow.start(planImportWorkflow, { taskQueue: deps.taskQueue, workflowId, args: [{ importId }] });
  return { importId, workflowId };
}

export interface PlanImportStatus {
  importId: number;
  fileName: string;
  progress: PlanImportProgress;
  /** Once done: the plan with its findings, or why the document is unusable. */
  plan?: CanonicalPlan;
  error?: { code: string; message: string; messageEn: string };
}

/** Where the import stands, for the organisation that started it (undefined for anyone else's). */
export async function planImportStatus(deps: PlanImportDeps, importId: number, organizationId: number): Promise<PlanImportStatus | undefined> {
  const outcome = await importRows.findPlanImportOutcome(deps.pool, importId);
  if (!outcome || outcome.organizationId !== organizationId) return undefined;
  const base = { importId, fileName: outcome.fileName };
  if (outcome.finished && outcome.error) return { ...base, progress: { phase: 'done', ocrPages: 0, ocrPagesDone: 0 }, error: outcome.error };
  const progress = await deps.temporal.workflow.getHandle(planImportWorkflowId(importId)).query(planImportProgressQuery);
  if (outcome.finished && outcome.result) return { ...base, progress, plan: canonicalPlanSchema.parse(outcome.result) };
  return { ...base, progress };
}

import { importPlanBytes } from '../domain/importer';
import type { CanonicalPlan } from '../domain/plan';
import { unitsOfOrganization } from '../domain/units';
import { pdfToPlanDocument } from '../infra/pdf-text';

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

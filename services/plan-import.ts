import { importPlanBytes } from '../domain/importer';
import type { CanonicalPlan } from '../domain/plan';
import { unitsOfOrganization } from '../domain/units';
import { pdfToPlanText } from '../infra/pdf-text';

export interface PlanFileImportOptions {
  /** The organisation the plan is for, when known: its structure says which sections (งาน) exist. */
  organizationSlug?: string;
}

/**
 * A plan file as a person gives it (text, .docx, PDF exported from Word, or the canonical JSON) imported:
 * the pure importer, with the PDF text extraction that needs poppler's pdftotext plugged in. The CLI uses
 * it; an upload form should too.
 */
export function importPlanFile(bytes: Uint8Array, fileName: string, options: PlanFileImportOptions = {}): Promise<CanonicalPlan> {
  return importPlanBytes(bytes, fileName, { pdfToText: pdfToPlanText, units: unitsOfOrganization(options.organizationSlug) });
}

/**
 * The plan importer: a Khek Noi style anti-corruption action plan (text converted from Word, a .docx, a
 * born-digital PDF's text, or the canonical JSON) in, the canonical plan of domain/plan.ts with its
 * findings out. No file, process or network access here: callers pass bytes or text, and the PDF text
 * extraction (infra/pdf-text.ts) is passed in.
 */
export { importPlanText, type TextImportOptions } from './text-importer';
export { importPlanJson } from './json';
export { importPlanBytes, detectFormat, type DetectedFormat, type ImportOptions } from './bytes';
export { joinPdfLines, repairThaiPdfText } from './thai-pdf-repair';
export { docxToText } from './docx';
export { formatImportSummary, displayWidth } from './summary';
export { UnusableDocumentError, UNUSABLE_REASONS, type UnusableDocumentCode } from './errors';
export { FINDING_CODES, type FindingCode } from './findings';
export { repairOcrText, misreadDistance, likeliestReading, planYearsFromOcrTitle, type ExtractedText } from './ocr';

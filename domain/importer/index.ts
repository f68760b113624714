/**
 * The plan importer: a Khek Noi style anti-corruption action plan (text converted from Word, a .docx, or
 * the canonical JSON) in, the canonical plan of domain/plan.ts with its findings out. No file or network
 * access here: callers pass bytes or text.
 */
export { importPlanText } from './text-importer';
export { importPlanJson } from './json';
export { importPlanBytes, detectFormat, type DetectedFormat } from './bytes';
export { docxToText } from './docx';
export { formatImportSummary, displayWidth } from './summary';
export { UnusableDocumentError, UNUSABLE_REASONS, type UnusableDocumentCode } from './errors';
export { FINDING_CODES, type FindingCode } from './findings';

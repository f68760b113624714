import type { Finding, FindingSeverity } from '../plan';

/**
 * Stable finding codes. Severity says what the plan coordinator has to do: an error is a contradiction in
 * numbers, years or counts that changes what the system will run or report; a warning is a defect that
 * changes meaning or was resolved by a guess; info is cosmetic or a conversion artefact.
 */
export const FINDING_CODES = {
  STATED_COUNT_MISMATCH: 'error',
  STATED_COUNTS_INCONSISTENT: 'warning',
  STATED_TOTAL_MISMATCH: 'error',
  STATED_TOTALS_INCONSISTENT: 'error',
  YEARS_MISMATCH: 'error',
  BUDGET_AMOUNT_MISMATCH: 'error',
  SHARED_BUDGET_ROW: 'warning',
  BUDGET_ROWS_UNMATCHED: 'warning',
  BUDGET_FROM_DETAIL: 'warning',
  BUDGET_LAYOUT_GUESSED: 'warning',
  EXTRA_AMOUNT_IN_REMARKS: 'info',
  BUDGET_TEXT_TYPO: 'info',
  EMPTY_BUDGET_CELL: 'info',
  TABLE_ITEM_UNMATCHED: 'error',
  DETAIL_ITEM_NOT_IN_TABLE: 'warning',
  KIND_MISMATCH: 'warning',
  KIND_GUESSED: 'warning',
  MISSION_MISMATCH: 'warning',
  MISSION_GUESSED: 'warning',
  MISSION_WITHOUT_ITEMS: 'info',
  DIMENSION_GUESSED: 'warning',
  UNIT_GUESSED: 'warning',
  SECTION_UNKNOWN: 'info',
  ORGANIZATION_GUESSED: 'warning',
  ORG_NAME_MISSPELLED: 'warning',
  ORG_TYPE_MISSPELLED: 'info',
  OTHER_ORGANIZATION_NAME: 'warning',
  SEQ_NUMBER_GAP: 'warning',
  SEQ_NUMBER_REPEATED: 'error',
  SEQ_NUMBER_MISSING: 'warning',
  STEP_NUMBERING: 'warning',
  FIELD_NUMBERING: 'info',
  FIELD_MISSING: 'warning',
  DUPLICATED_TEXT: 'warning',
  UNCLOSED_QUOTE: 'info',
  HEADING_TYPO: 'info',
  DUPLICATE_HEADING: 'info',
  STRAY_MARKUP: 'info',
  STRAY_LABEL: 'info',
  FOREIGN_SCRIPT: 'warning',
  TARGET_VALUE_MISSING: 'warning',
  RISK_CONTROL_NUMBERING: 'info',
  BLANK_DATE: 'info',
  OCR_PAGES: 'warning',
  OCR_NUMBER: 'warning',
} as const satisfies Record<string, FindingSeverity>;

export type FindingCode = keyof typeof FINDING_CODES;

export class FindingCollector {
  private readonly list: Finding[] = [];

  add(code: FindingCode, line: number, message: string, messageEn: string, item?: string): void {
    const finding: Finding = { severity: FINDING_CODES[code], code, message, messageEn, line: Math.max(0, line) };
    if (item) finding.item = item;
    this.list.push(finding);
  }

  /** A finding built elsewhere (with the fields only some codes have, such as an OCR number's page). */
  push(finding: Finding): void {
    this.list.push(finding);
  }

  /** In document order, so a reader can walk through the file with the list. */
  sorted(): Finding[] {
    const rank: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };
    return [...this.list].sort(
      (a, b) =>
        a.line - b.line ||
        rank[a.severity] - rank[b.severity] ||
        a.code.localeCompare(b.code) ||
        (a.item ?? '').localeCompare(b.item ?? '', 'en', { numeric: true }) ||
        a.message.localeCompare(b.message),
    );
  }
}

/** "บรรทัด 12, 40 และอีก 3 แห่ง" style list of lines for messages. */
export function linesList(lines: readonly number[], max = 8): { th: string; en: string } {
  const unique = [...new Set(lines)].sort((a, b) => a - b);
  const shown = unique.slice(0, max).join(', ');
  const more = unique.length - max;
  return more > 0
    ? { th: `${shown} และอีก ${more} แห่ง`, en: `${shown} and ${more} more` }
    : { th: shown, en: shown };
}

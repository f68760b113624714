/**
 * CSV as the published files write it (the reports' CSV, the e-PlanNACC export): UTF-8 with a byte order mark, CRLF
 * lines, and no cell that a spreadsheet would run as a formula.
 */

/** Excel opens a CSV as UTF-8 only when it starts with a byte order mark; without it Thai turns to mojibake. */
export const UTF8_BOM = '\uFEFF';

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula, so an
 * owner's text such as =HYPERLINK(...) would act in whoever opens the published file. Such a text is written with
 * a leading apostrophe, which the spreadsheet shows as text; a plain number and a lone dash are left as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const raw = String(value);
  const text = typeof value === 'string' && FORMULA_START.test(raw) && !PLAIN_NUMBER.test(raw) && raw !== '-' ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLines(rows: Array<Array<string | number | null>>): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The two progress reports a year has: the six-month report (1 October to 31 March) and the annual one. The one
 * definition of the kind: the report model, its workflow, the database rows, the schedules, the message texts and
 * the pages all take it from here. No zod, so the workflow bundle can import it (domain/report.ts builds its schema
 * from REPORT_KINDS).
 */
export const REPORT_KINDS = ['six_month', 'annual'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** `six-month` / `annual` in URLs and on the command line; `six_month` / `annual` in data. */
export function reportKindSlug(kind: ReportKind): 'six-month' | 'annual' {
  return kind === 'six_month' ? 'six-month' : 'annual';
}

/** Either spelling (URL or data); undefined for anything else. */
export function parseReportKind(text: string): ReportKind | undefined {
  if (text === 'six-month' || text === 'six_month') return 'six_month';
  if (text === 'annual') return 'annual';
  return undefined;
}

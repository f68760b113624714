import ExcelJS from 'exceljs';
import type { Pool } from 'pg';
import { UTF8_BOM, csvLines } from '../domain/csv';
import {
  EPLANNACC_STATUSES,
  EPLANNACC_STATUS_LABELS,
  EPLANNACC_TEXTS,
  bahtDecimal,
  buildEplanExport,
  eplanCells,
  eplanHeadings,
  eplanRoundLabel,
  eplanScore,
  parseEplanRound,
  type EplanExport,
  type EplanItemFacts,
  type EplanLang,
  type EplanRound,
  type EplanScore,
} from '../domain/eplannacc';
import { isIsoDate } from '../domain/fiscal';
import { fiscalYearSchema } from '../domain/plan';
import { snapshotRunSchema } from '../domain/report';
import { formatEnglishDate, formatThaiDate } from '../domain/thai-format';
import { parseStoredItemYearState } from '../db/item-year-state-schema';
import { withPoolClient } from '../db/pool';
import { findOrganizationBySlug } from '../db/queries/organizations';
import { findPlanForFiscalYear, listReportItems, listReportSteps, type ReportStepRow } from '../db/queries/reports';
import { reportRunOf } from '../db/report-run';
import { AppError } from './errors';

/**
 * The e-PlanNACC round export (domain/eplannacc.ts): every item of the organisation's plan that runs in the fiscal
 * year, as it stood at the round's cut-off, for the CLI (`export eplannacc`) and the coordinator's dashboard. The
 * files are e-PlanNACC's columns in its order, Thai by default.
 */

export const EPLANNACC_FORMATS = ['json', 'xlsx', 'csv'] as const;
export type EplanFormat = (typeof EPLANNACC_FORMATS)[number];

export interface EplanRequest {
  fiscalYear: number;
  round: EplanRound;
}

/** Checks a fiscal year and round as people type them ("2570", "6"); a refusal names both in Thai and English. */
export function parseEplanRequest(input: { fiscalYear: unknown; round: unknown }): EplanRequest {
  const fy = typeof input.fiscalYear === 'string' && /^\d{4}$/.test(input.fiscalYear) ? Number(input.fiscalYear) : input.fiscalYear;
  const fiscalYear = fiscalYearSchema.safeParse(fy);
  if (!fiscalYear.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      `ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 2500-2700 เช่น 2570: ${String(input.fiscalYear)}`,
      `invalid fiscal year: give a Buddhist Era year 2500-2700, e.g. 2570: ${String(input.fiscalYear)}`,
    );
  }
  const round = parseEplanRound(input.round);
  if (round === null) {
    throw new AppError(
      'VALIDATION_FAILED',
      `รอบการรายงานต้องเป็น 6 หรือ 12 (เดือน): ${String(input.round)}`,
      `the round must be 6 or 12 (months): ${String(input.round)}`,
    );
  }
  return { fiscalYear: fiscalYear.data, round };
}

export function parseEplanFormat(value: unknown): EplanFormat {
  if (typeof value === 'string' && (EPLANNACC_FORMATS as readonly string[]).includes(value)) return value as EplanFormat;
  throw new AppError(
    'VALIDATION_FAILED',
    `รูปแบบไฟล์ต้องเป็น json, xlsx หรือ csv: ${String(value)}`,
    `the format must be json, xlsx or csv: ${String(value)}`,
  );
}

/**
 * Reads the organisation's items for the fiscal year in one read-only repeatable-read transaction (a workflow
 * writing its projection meanwhile cannot leave the export half old, half new) and judges them at the cut-off.
 */
export async function eplanExport(pool: Pool, input: EplanRequest & { organizationSlug: string }): Promise<EplanExport> {
  return withPoolClient(pool, async (client, discard) => {
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const organization = await findOrganizationBySlug(client, input.organizationSlug);
      if (!organization) {
        throw new AppError(
          'NOT_FOUND',
          `ไม่พบองค์กร ${input.organizationSlug}`,
          `organisation not found: ${input.organizationSlug}`,
        );
      }
      const plan = await findPlanForFiscalYear(client, organization.id, input.fiscalYear);
      if (!plan) {
        throw new AppError(
          'NOT_FOUND',
          `${organization.name} ไม่มีแผนที่ครอบคลุมปีงบประมาณ ${input.fiscalYear}`,
          `${organization.slug} has no plan covering fiscal year ${input.fiscalYear}`,
        );
      }
      const rows = await listReportItems(client, { planId: plan.id, planVersionId: plan.versionId, fiscalYear: input.fiscalYear });
      const steps = await listReportSteps(client, rows.flatMap((r) => (r.itemYearId === null ? [] : [r.itemYearId])));
      await client.query('COMMIT');

      const stepsByYear = new Map<number, ReportStepRow[]>();
      for (const step of steps) {
        const list = stepsByYear.get(step.itemYearId);
        if (list) list.push(step);
        else stepsByYear.set(step.itemYearId, [step]);
      }
      const items: EplanItemFacts[] = rows.map((row) => {
        const where = `item_years ${row.itemYearId}`;
        const state = row.itemYearId === null ? null : parseStoredItemYearState(row.state, where);
        const start = state?.proposal?.startDate;
        return {
          code: row.code,
          name: row.name,
          kind: row.kind,
          dimension: row.dimension,
          budgetPlannedSatang: row.budgetPlannedSatang,
          // Evidence and indicator results do not enter a status or an amount, so they are not read.
          run: row.itemYearId === null ? null : snapshotRunSchema.parse(reportRunOf(row, stepsByYear.get(row.itemYearId) ?? [], [], [])),
          plannedStart: start && isIsoDate(start) ? start : null,
          targetGroup: row.targetGroup,
        };
      });
      return buildEplanExport({
        organization: { slug: organization.slug, name: organization.name },
        fiscalYear: input.fiscalYear,
        round: input.round,
        items,
      });
    } catch (err) {
      await client.query('ROLLBACK').catch(discard);
      throw err;
    }
  });
}

/** The round's counts and score, for the summary sheet, the CLI's table and the page. */
export function eplanSummary(data: EplanExport): EplanScore {
  return eplanScore(data.items.map((i) => i.status));
}

export function eplanCutoffText(data: EplanExport, lang: EplanLang): string {
  return lang === 'th' ? formatThaiDate(data.cutoff) : formatEnglishDate(data.cutoff);
}

/** A file name without the organisation's own words: sujarit-eplannacc-<org>-<FY>-<round>m.<ext>. */
export function eplanFileName(data: EplanExport, format: EplanFormat): string {
  return `sujarit-eplannacc-${data.organization.slug}-${data.fiscalYear}-${data.round}m.${format}`;
}

/** One row per item under e-PlanNACC's headings; amounts as exact decimals; the formula guard of domain/csv.ts. */
export function eplanCsv(data: EplanExport, lang: EplanLang = 'th'): Buffer {
  const rows = [eplanHeadings(lang), ...data.items.map((item) => eplanCells(item, data.fiscalYear, lang, bahtDecimal))];
  return Buffer.from(UTF8_BOM + csvLines(rows), 'utf8');
}

const FONT = { name: 'TH Sarabun New', size: 14 } as const;
const MONEY = '#,##0.00';

/**
 * The items sheet is a plain table (headings in row 1, one item a row, amounts as numbers) so it can be pasted into
 * e-PlanNACC's form as it is; the organisation, round, cut-off, counts and score are on a second sheet.
 */
export async function eplanWorkbook(data: EplanExport, lang: EplanLang = 'th'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = data.organization.name;
  workbook.title = `e-PlanNACC ${data.fiscalYear} ${eplanRoundLabel(data.round, lang)}`;
  const items = workbook.addWorksheet(EPLANNACC_TEXTS.sheetItems[lang]);
  const head = items.addRow(eplanHeadings(lang));
  head.font = { ...FONT, bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  items.views = [{ state: 'frozen', ySplit: 1 }];
  for (const item of data.items) items.addRow(eplanCells(item, data.fiscalYear, lang, (baht) => baht)).font = FONT;
  items.columns.forEach((column, i) => {
    column.width = [8, 12, 60, 12, 10, 8, 40, 16, 24, 18][i] ?? 14;
  });
  items.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  items.getColumn(7).alignment = { wrapText: true, vertical: 'top' };
  items.getColumn(8).numFmt = MONEY;
  items.getColumn(10).numFmt = MONEY;

  const summary = workbook.addWorksheet(EPLANNACC_TEXTS.sheetSummary[lang]);
  const score = eplanSummary(data);
  const lines: Array<[string, string | number]> = [
    [EPLANNACC_TEXTS.organization[lang], data.organization.name],
    [lang === 'th' ? 'ปีงบประมาณ' : 'Fiscal year', data.fiscalYear],
    [EPLANNACC_TEXTS.round[lang], eplanRoundLabel(data.round, lang)],
    [EPLANNACC_TEXTS.cutoff[lang], eplanCutoffText(data, lang)],
    [EPLANNACC_TEXTS.items[lang], score.items],
    ...EPLANNACC_STATUSES.map((s): [string, number] => [EPLANNACC_STATUS_LABELS[s][lang], score.counts[s]]),
    [`${EPLANNACC_TEXTS.score[lang]} ${EPLANNACC_TEXTS.scoreRule[lang]}`, score.score ?? ''],
  ];
  for (const line of lines) summary.addRow(line).font = FONT;
  summary.getColumn(1).width = 60;
  summary.getColumn(2).width = 40;
  summary.getCell(`B${lines.length}`).numFmt = '0.0000';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

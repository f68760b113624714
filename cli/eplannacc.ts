import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../config';
import {
  EPLANNACC_KIND_LABELS,
  EPLANNACC_STATUSES,
  EPLANNACC_STATUS_LABELS,
  EPLANNACC_TEXTS,
  eplanQuarterLabel,
  eplanRoundLabel,
  type EplanExport,
} from '../domain/eplannacc';
import { formatNumber } from '../domain/thai-format';
import { openDatabase } from '../infra/database';
import { AppError } from '../services/errors';
import {
  eplanCsv,
  eplanCutoffText,
  eplanExport,
  eplanSummary,
  eplanWorkbook,
  parseEplanFormat,
  parseEplanRequest,
  type EplanFormat,
} from '../services/eplannacc';
import { CliError } from './errors';
import { orgFlag, outFlag } from './flags';

const USAGE =
  'ใช้: export eplannacc <ปีงบประมาณ> <6|12> --org <slug> [--json | --format xlsx|csv|json --out <ไฟล์>] / ' +
  'usage: export eplannacc <FY> <6|12> --org <slug> [--json | --format xlsx|csv|json --out <file>]';

function refusal(err: unknown): never {
  if (err instanceof AppError) throw new CliError(`${err.messageTh} / ${err.messageEn}`);
  throw err;
}

/**
 * `export eplannacc <FY> <6|12> --org <slug>`: the e-PlanNACC round of an organisation. `--json` prints the export
 * as JSON; `--format xlsx|csv|json --out <file>` writes the file e-PlanNACC takes (CSV and JSON may go to standard
 * output without --out); without either, a table in Thai with English beside the headings. Exit 2 on bad input:
 * an unknown organisation, a round other than 6 or 12, a year that is not a Buddhist Era fiscal year.
 */
export async function exportEplannaccCommand(
  positionals: string[],
  flags: Record<string, string | boolean | undefined>,
): Promise<number> {
  if (positionals.length !== 2) throw new CliError(USAGE);
  let request: ReturnType<typeof parseEplanRequest>;
  let format: EplanFormat | null = null;
  try {
    request = parseEplanRequest({ fiscalYear: positionals[0], round: positionals[1] });
    if (flags.json && flags.format !== undefined && flags.format !== 'json') {
      throw new AppError('VALIDATION_FAILED', 'ใช้ --json หรือ --format อย่างใดอย่างหนึ่ง', 'give --json or --format, not both');
    }
    if (flags.json) format = 'json';
    else if (flags.format !== undefined) format = parseEplanFormat(flags.format);
  } catch (err) {
    refusal(err);
  }
  const org = orgFlag(flags, USAGE);
  const out = outFlag(flags, USAGE);
  if (format === 'xlsx' && out === null) {
    throw new CliError('ไฟล์ xlsx ต้องระบุที่บันทึกด้วย --out <ไฟล์> / an xlsx file needs --out <file>');
  }

  const db = await openDatabase(loadConfig());
  try {
    const data = await eplanExport(db.pool, { organizationSlug: org, ...request! }).catch(refusal);
    const bytes =
      format === 'json'
        ? Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8')
        : format === 'csv'
          ? eplanCsv(data)
          : format === 'xlsx'
            ? await eplanWorkbook(data)
            : Buffer.from(eplanTable(data), 'utf8');
    if (out !== null) {
      await writeFile(out, bytes);
      const summary = eplanSummary(data);
      process.stderr.write(
        `บันทึก ${out} แล้ว: ${summary.items} รายการ / wrote ${out}: ${summary.items} items\n`,
      );
    } else {
      process.stdout.write(bytes);
    }
    return 0;
  } finally {
    await db.close();
  }
}

function cell(text: string, width: number): string {
  // Thai vowel and tone marks take no column of their own, so width is counted without them.
  const shown = text.replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g, '').length;
  return text + ' '.repeat(Math.max(1, width - shown));
}

function money(baht: number | null, none: string): string {
  return baht === null ? none : formatNumber(baht, { decimals: 2 });
}

/** The round as a person checks it before keying it into e-PlanNACC: Thai, one item a line, the score at the end. */
export function eplanTable(data: EplanExport): string {
  const summary = eplanSummary(data);
  const lines = [
    `e-PlanNACC ${data.organization.name} ปีงบประมาณ ${data.fiscalYear} ${eplanRoundLabel(data.round, 'th')} ` +
      `${EPLANNACC_TEXTS.cutoff.th} ${eplanCutoffText(data, 'th')}`,
    `e-PlanNACC ${data.organization.slug}, fiscal year ${data.fiscalYear} BE, ${eplanRoundLabel(data.round, 'en')}, ` +
      `${EPLANNACC_TEXTS.cutoff.en.toLowerCase()} ${eplanCutoffText(data, 'en')}`,
    '',
    cell('ลำดับ', 7) + cell('ประเภท', 10) + cell('ไตรมาส', 14) + cell('มิติ', 6) + cell('งบประมาณ', 18) +
      cell('ใช้จ่ายจริง', 18) + cell('สถานะ', 24) + 'ชื่อ',
  ];
  for (const item of data.items) {
    lines.push(
      cell(item.code, 7) +
        cell(EPLANNACC_KIND_LABELS[item.kind].th, 10) +
        cell(eplanQuarterLabel(item.quarter, 'th'), 14) +
        cell(String(item.dimension), 6) +
        cell(money(item.budget, EPLANNACC_TEXTS.noBudget.th), 18) +
        cell(money(item.spent, EPLANNACC_TEXTS.spentNotRecorded.th), 18) +
        cell(EPLANNACC_STATUS_LABELS[item.status].th, 24) +
        item.name,
    );
  }
  lines.push('');
  for (const status of EPLANNACC_STATUSES) {
    lines.push(`${cell(EPLANNACC_STATUS_LABELS[status].th, 26)}${summary.counts[status]} (${EPLANNACC_STATUS_LABELS[status].en.toLowerCase()})`);
  }
  lines.push(`${cell(EPLANNACC_TEXTS.items.th, 26)}${summary.items} (${EPLANNACC_TEXTS.items.en.toLowerCase()})`);
  const score = summary.score === null ? '-' : `${summary.score.toFixed(4)} (${summary.percent!.toFixed(2)}%)`;
  lines.push(`${EPLANNACC_TEXTS.score.th} ${EPLANNACC_TEXTS.scoreRule.th} = ${score}`);
  lines.push(`${EPLANNACC_TEXTS.score.en} ${EPLANNACC_TEXTS.scoreRule.en} = ${score}`);
  return `${lines.join('\n')}\n`;
}

import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { formatImportSummary, UnusableDocumentError } from '../domain/importer';
import type { CanonicalPlan } from '../domain/plan';
import { storePlanVersion } from '../db/plan-store';
import { AppError } from '../services/errors';
import { openDatabase } from '../infra/database';
import { importPlanFile } from '../services/plan-import';
import { CliError } from './errors';

/** `--years 2566-2570`: the plan's fiscal years (BE), first to last. */
function parseYears(flag: string | boolean | undefined): number[] | undefined {
  if (flag === undefined) return undefined;
  const m = typeof flag === 'string' ? /^(25\d\d)-(25\d\d)$/.exec(flag.trim()) : null;
  const first = Number(m?.[1]);
  const last = Number(m?.[2]);
  if (!m || last < first || last - first > 9) {
    throw new CliError('--years ต้องเป็นช่วงปี พ.ศ. เช่น 2566-2570 / --years must be a BE range such as 2566-2570');
  }
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

async function readPlan(
  file: string | undefined,
  flags: Record<string, string | boolean | undefined>,
  organizationSlug?: string,
): Promise<{ plan: CanonicalPlan; bytes: Buffer }> {
  if (!file) throw new CliError('ต้องระบุไฟล์แผน / a plan file is required');
  const planYears = parseYears(flags.years);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err: unknown) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliError(`อ่านไฟล์ไม่ได้ / cannot read ${file}: ${reason}`);
  }
  try {
    return { plan: await importPlanFile(bytes, path.basename(file), {
        ...(organizationSlug ? { organizationSlug } : {}),
        ...(planYears ? { planYears } : {}),
        // A scan takes tens of seconds a page: a person at a terminal sees where it is; scripts get stdout alone.
        ...(process.stderr.isTTY
          ? { onOcrPage: (done: number, of: number) => process.stderr.write(`อ่านภาพสแกน (OCR) ${done}/${of} หน้า / OCR page ${done} of ${of}\n`) }
          : {}),
      }), bytes };
  } catch (err) {
    if (err instanceof UnusableDocumentError) {
      throw new CliError(`นำเข้าไม่ได้: ${err.reasonTh} / unusable document (${err.code}): ${err.reasonEn}`);
    }
    throw err;
  }
}

export async function planImportCommand(
  positionals: string[],
  flags: Record<string, string | boolean | undefined>,
): Promise<number> {
  const { plan } = await readPlan(positionals[0], flags);
  process.stdout.write(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : `${formatImportSummary(plan)}\n`);
  return 0;
}

export async function planLoadCommand(
  positionals: string[],
  flags: Record<string, string | boolean | undefined>,
): Promise<number> {
  const org = flags.org;
  if (typeof org !== 'string' || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(org)) {
    throw new CliError('ต้องระบุ --org เป็นรหัสองค์กร (a-z 0-9 -) / --org <slug> is required (a-z, 0-9, -)');
  }
  const { plan, bytes } = await readPlan(positionals[0], flags, org);
  const db = await openDatabase(loadConfig());
  try {
    // Only an organisation's first plan goes in force from here: every later version goes to the นายก (one path).
    const stored = await storePlanVersion(db.pool, {
      organizationSlug: org,
      plan,
      loadKey: `cli:${randomUUID()}`,
      sourceName: path.basename(positionals[0]!),
      sourceSha256: createHash('sha256').update(bytes).digest('hex'),
      loadedBy: typeof flags.by === 'string' ? flags.by : 'cli',
    }, { inForce: 'first' }).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'CONFLICT') throw new CliError(`${err.messageTh} / ${err.messageEn}`);
      throw err;
    });
    process.stdout.write(
      `บันทึกแผนแล้ว ฉบับที่ ${stored.version} (แผน #${stored.planId}, ${plan.items.length} รายการ, ` +
        `${plan.findings.length} ข้อสังเกต) / stored plan ${stored.planId} version ${stored.version}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

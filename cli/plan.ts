import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { formatImportSummary, UnusableDocumentError } from '../domain/importer';
import type { CanonicalPlan } from '../domain/plan';
import { storePlanVersion } from '../db/plan-store';
import { openDatabase } from '../infra/database';
import { importPlanFile } from '../services/plan-import';
import { CliError } from './errors';

async function readPlan(file: string | undefined, organizationSlug?: string): Promise<{ plan: CanonicalPlan; bytes: Buffer }> {
  if (!file) throw new CliError('ต้องระบุไฟล์แผน / a plan file is required');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err: unknown) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliError(`อ่านไฟล์ไม่ได้ / cannot read ${file}: ${reason}`);
  }
  try {
    return { plan: await importPlanFile(bytes, path.basename(file), organizationSlug ? { organizationSlug } : {}), bytes };
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
  const { plan } = await readPlan(positionals[0]);
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
  const { plan, bytes } = await readPlan(positionals[0], org);
  const db = await openDatabase(loadConfig());
  try {
    const stored = await storePlanVersion(db.pool, {
      organizationSlug: org,
      plan,
      loadKey: `cli:${randomUUID()}`,
      sourceName: path.basename(positionals[0]!),
      sourceSha256: createHash('sha256').update(bytes).digest('hex'),
      loadedBy: typeof flags.by === 'string' ? flags.by : 'cli',
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

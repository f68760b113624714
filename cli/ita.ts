import { writeFile } from 'node:fs/promises';
import { loadConfig, publicBaseUrl } from '../config';
import { openDatabase } from '../infra/database';
import { AppError } from '../services/errors';
import { createFileStore } from '../services/files';
import { assembleItaPack, itaPackJson, itaPackZip, itaReadme, parseAgencyGroup, parseItaYear } from '../services/ita';
import { CliError } from './errors';
import { orgFlag, outFlag } from './flags';

const USAGE =
  'ใช้: export ita <ปีการประเมิน ITA> --org <slug> [--group <กลุ่มหน่วยงาน>] [--json | --out <ไฟล์.zip>] / ' +
  'usage: export ita <ITA year> --org <slug> [--group sao|subdistrict_municipality|town_municipality|city_municipality] [--json | --out <file.zip>]';

function refusal(err: unknown): never {
  if (err instanceof AppError) throw new CliError(`${err.messageTh} / ${err.messageEn}`);
  throw err;
}

/**
 * `export ita <ITA year> --org <slug>`: the ITA evidence pack of an organisation (services/ita.ts). `--json` prints
 * the pack (every O-code's document and gaps); `--out <file>` writes the ZIP; without either, the pack's README in
 * Thai, then English. `--group` takes another agency group's O-code map than the organisation's own kind. Exit 2 on
 * bad input; a pack with gaps is still a pack (its `complete` says so).
 */
export async function exportItaCommand(positionals: string[], flags: Record<string, string | boolean | undefined>): Promise<number> {
  if (positionals.length !== 1) throw new CliError(USAGE);
  let itaYear = 0;
  let agencyGroup: ReturnType<typeof parseAgencyGroup>;
  try {
    itaYear = parseItaYear(positionals[0]);
    agencyGroup = parseAgencyGroup(flags.group);
  } catch (err) {
    refusal(err);
  }
  const org = orgFlag(flags, USAGE);
  const out = outFlag(flags, USAGE);
  if (flags.json && out !== null) throw new CliError('ใช้ --json หรือ --out อย่างใดอย่างหนึ่ง / give --json or --out, not both');

  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const deps = { pool: db.pool, files: createFileStore(config), publicBaseUrl: publicBaseUrl(config) };
    const assembled = await assembleItaPack(deps, { organizationSlug: org, itaYear, agencyGroup, nowMs: Date.now() }).catch(refusal);
    const { pack } = assembled;
    if (out !== null) {
      await writeFile(out, await itaPackZip(assembled));
      process.stderr.write(
        `บันทึก ${out} แล้ว: ${pack.entries.length} ข้อ ขาด ${pack.gaps.length} รายการ / wrote ${out}: ${pack.entries.length} items, ${pack.gaps.length} gaps\n`,
      );
    } else {
      process.stdout.write(flags.json ? itaPackJson(pack) : `${itaReadme(pack)}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

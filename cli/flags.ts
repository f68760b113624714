import { CliError } from './errors';

export type CliFlags = Record<string, string | boolean | undefined>;

/** `--org <slug>`, required and shaped like an organisation's slug (organizations.slug's CHECK). */
export function orgFlag(flags: CliFlags, usage: string): string {
  const org = flags.org;
  if (typeof org !== 'string') throw new CliError(`ต้องระบุองค์กรด้วย --org <slug> / give the organisation: --org <slug>\n${usage}`);
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(org)) throw new CliError(`ชื่อย่อองค์กรไม่ถูกต้อง / not an organisation slug: ${org}`);
  return org;
}

/** `--out <file>` when given; a bare `--out` without a file is refused with the usage. */
export function outFlag(flags: CliFlags, usage: string): string | null {
  const out = typeof flags.out === 'string' ? flags.out : null;
  if (flags.out !== undefined && out === null) throw new CliError(usage);
  return out;
}

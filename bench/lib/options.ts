import type { BenchEngine } from './temporal';

/** Command-line options shared by the benches: `--name value` pairs after the bench's name. */

export function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

export function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
  return parsed;
}

export function parseEngine(value: string | undefined): BenchEngine {
  if (value === undefined || value === 'dev' || value === 'postgres') return value ?? 'dev';
  throw new Error(`--engine must be dev or postgres, got ${value}`);
}

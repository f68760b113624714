import { canonicalPlanSchema, type CanonicalPlan } from '../plan';
import { UnusableDocumentError } from './errors';

/** A canonical plan as JSON (what `plan import --json` prints), validated against the contract. */
export function importPlanJson(json: string): CanonicalPlan {
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UnusableDocumentError('INVALID_JSON', {
      th: `ไม่ใช่ JSON ที่ถูกต้อง (${(err as Error).message})`,
      en: `not valid JSON (${(err as Error).message})`,
    });
  }
  const parsed = canonicalPlanSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new UnusableDocumentError('INVALID_JSON', { th: issues, en: issues });
  }
  return parsed.data;
}

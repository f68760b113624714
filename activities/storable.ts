import { ApplicationFailure } from '@temporalio/common';

/**
 * PostgreSQL's "data exception" class (SQLSTATE 22...): a value it can never store as it is, such as a NUL byte or a
 * lone surrogate in text or JSON, an impossible date, a number out of range. A retry sends the same value again, so
 * an activity that meets one fails at once with what was wrong instead of retrying for ever while its workflow
 * waits. Input is checked where it enters (domain/input-schema.ts); this is the second line, for values that came
 * in before those checks or by another way.
 */
export function isUnstorableValue(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** Runs `write`; a data exception becomes a non-retryable VALIDATION_FAILED failure naming `what`, anything else is rethrown. */
export async function storing<T>(what: { th: string; en: string }, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isUnstorableValue(err)) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw ApplicationFailure.create({
      message: `บันทึก${what.th}ไม่ได้ เพราะข้อมูลมีค่าที่ฐานข้อมูลเก็บไม่ได้ / cannot store ${what.en}: the database refuses a value (${detail})`,
      type: 'VALIDATION_FAILED',
      nonRetryable: true,
      cause: err instanceof Error ? err : undefined,
    });
  }
}

import type { ZodType } from 'zod';

/**
 * The application's typed refusals and their HTTP status, in one place: services throw them for every caller (the
 * JSON API, the web pages, the CLI), and api/errors.ts turns them into answers. Workflow and activity failures carry
 * the same codes as ApplicationFailure.type, so a failure raised deep in a workflow reaches the client with the right
 * status.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_PLAN: 400,
  UNUSABLE_DOCUMENT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  LINK_INVALID: 403,
  WRONG_PERSON: 403,
  NOT_FOUND: 404,
  WORKFLOW_NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_DECIDED: 409,
  INVALID_TRANSITION: 409,
  LINK_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The code a page names in `x-error-code` when it answers a refusal status by re-showing its own form (a 400 with the
 * form's notice): the first code of that status. A page that knows a more precise code sets it itself.
 */
export function codeOfStatus(status: number): ErrorCode | undefined {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).find((code) => ERROR_STATUS[code] === status);
}

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly messageTh: string,
    public readonly messageEn: string,
    public readonly details?: unknown,
  ) {
    super(messageEn);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (whatTh: string, whatEn: string): AppError =>
  new AppError('NOT_FOUND', `ไม่พบ${whatTh}`, `${whatEn} not found`);

export function parseInput<T>(schema: ZodType<T>, value: unknown, whereTh: string, whereEn: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'VALIDATION_FAILED',
    `ข้อมูล${whereTh}ไม่ถูกต้อง`,
    `invalid ${whereEn}`,
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

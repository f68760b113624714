import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, type ZodType } from 'zod';

/**
 * Stable error codes and their HTTP status, in one place. Workflow and activity failures carry the same codes as
 * ApplicationFailure.type, so a failure raised deep in a workflow reaches the client with the right status.
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

export interface ErrorBody {
  error: { code: string; message: string; messageEn: string; details?: unknown };
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ERROR_STATUS;
}

export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  const body = (code: ErrorCode, th: string, en: string, details?: unknown) => ({
    status: ERROR_STATUS[code],
    body: { error: { code, message: th, messageEn: en, ...(details === undefined ? {} : { details }) } },
  });
  if (err instanceof AppError) return body(err.code, err.messageTh, err.messageEn, err.details);
  if (err instanceof ZodError) {
    return body('VALIDATION_FAILED', 'ข้อมูลไม่ถูกต้อง', 'invalid input', err.issues);
  }
  if (err instanceof WorkflowNotFoundError) {
    return body('WORKFLOW_NOT_FOUND', 'ไม่พบขั้นตอนงานที่กำลังดำเนินอยู่', 'workflow not found');
  }
  const failure = findApplicationFailure(err);
  if (failure && isErrorCode(failure.type)) {
    return body(failure.type, failure.message, failure.message, failure.details?.[0]);
  }
  const fastifyError = err as FastifyError;
  if (fastifyError?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fastifyError?.statusCode === 413) {
    return body('PAYLOAD_TOO_LARGE', 'ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด', 'request body too large');
  }
  if (fastifyError?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fastifyError?.statusCode === 415) {
    return body('UNSUPPORTED_MEDIA_TYPE', 'ไม่รองรับชนิดข้อมูลที่ส่งมา', 'unsupported media type');
  }
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return body('VALIDATION_FAILED', 'คำขอไม่ถูกต้อง', fastifyError.message || 'bad request');
  }
  return body('INTERNAL', 'ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง', 'internal error');
}

function findApplicationFailure(err: unknown): ApplicationFailure | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof ApplicationFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorBody(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error.code }, 'request refused');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorBody(notFound('หน้าที่ขอ', `route ${request.method} ${request.url}`));
    return reply.status(status).send(body);
  });
}

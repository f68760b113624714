import { ApplicationFailure, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError, ERROR_STATUS, notFound, type ErrorCode } from '../services/errors';

/** The error types live with the services that throw them; the HTTP answer for any failure is made here. */

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
  if (isTemporalUnreachable(err)) {
    return body(
      'UNAVAILABLE',
      'ระบบดำเนินงานไม่พร้อมให้บริการชั่วคราว ยังไม่ได้บันทึกคำขอนี้ กรุณาลองใหม่อีกครั้งในอีกสักครู่',
      'the workflow service is unavailable for a moment; this request was not recorded, please try again shortly',
    );
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
  if (isMalformedMultipart(err)) {
    return body('VALIDATION_FAILED', 'แบบฟอร์มที่ส่งมาอ่านไม่ได้ (ข้อมูลแบบ multipart ไม่ถูกต้อง)', 'the form sent cannot be read (malformed multipart body)');
  }
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return body('VALIDATION_FAILED', 'คำขอไม่ถูกต้อง', fastifyError.message || 'bad request');
  }
  return body('INTERNAL', 'ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง', 'internal error');
}

/**
 * The multipart parser's own refusals of a body it cannot read (no or an empty boundary, a boundary too long, the
 * body cut short): plain Errors without a status, so matched by their words. They are the sender's fault, not ours.
 */
const MALFORMED_MULTIPART = /^(Multipart: Boundary not found|Boundary required|The needle cannot (be an empty String\/Buffer|have a length bigger than 256)\.|Unexpected end of multipart data|.* terminated early due to unexpected end of multipart data)$/;

function isMalformedMultipart(err: unknown): boolean {
  return err instanceof Error && !(err as FastifyError).statusCode && MALFORMED_MULTIPART.test(err.message);
}

/** gRPC UNAVAILABLE and DEADLINE_EXCEEDED: the Temporal server could not be reached, or not in time. */
const UNREACHABLE_GRPC_CODES: ReadonlySet<number> = new Set([14, 4]);

/**
 * A Temporal call that failed because the server is unreachable (a command goes through the outbox and is accepted
 * regardless; this is for the requests that need the server at once, such as starting a report).
 */
function isTemporalUnreachable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    if (isGrpcServiceError(current) && UNREACHABLE_GRPC_CODES.has(current.code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function findApplicationFailure(err: unknown): ApplicationFailure | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof ApplicationFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What Fastify refuses before any route or hook runs (a path with a broken %-escape, a path segment past its length
 * limit), answered like every other refusal instead of Fastify's own English-only body. Passed to Fastify's
 * `frameworkErrors` option, since the error handler is not yet in play then.
 */
export function answerFrameworkError(err: unknown, _request: FastifyRequest, reply: FastifyReply): void {
  const code = (err as FastifyError | undefined)?.code;
  const { status, body } =
    code === 'FST_ERR_BAD_URL'
      ? toErrorBody(new AppError('VALIDATION_FAILED', 'ที่อยู่ของคำขอไม่ถูกต้อง', 'the request address is not valid (a broken %-escape)'))
      : code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? toErrorBody(new AppError('VALIDATION_FAILED', 'ที่อยู่ของคำขอยาวเกินกำหนด', 'a part of the request address is too long'))
        : toErrorBody(err);
  void reply.status(status).send(body);
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

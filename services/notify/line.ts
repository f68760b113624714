import { createHash } from 'node:crypto';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';

/** LINE's limits for a push: 1-5 message objects, each text at most 5000 characters. */
export const LINE_TEXT_LIMIT = 5000;
export const LINE_MESSAGES_PER_PUSH = 5;

export interface LineTextMessage {
  type: 'text';
  text: string;
}

/** A Flex message (https://developers.line.biz/en/docs/messaging-api/using-flex-messages/): a bubble with buttons. */
export interface LineFlexMessage {
  type: 'flex';
  /** What notifications and chat lists show instead of the bubble; at most 400 characters. */
  altText: string;
  contents: Record<string, unknown>;
}

export type LineMessage = LineTextMessage | LineFlexMessage;

export interface LinePushRequest {
  /** The recipient's LINE user id (`U` + 32 hex digits), as stored when they added the Official Account. */
  to: string;
  messages: readonly LineMessage[];
  /** Same key for every attempt at the same notification; it fixes the X-Line-Retry-Key. */
  idempotencyKey: string;
}

export interface LinePushResult {
  retryKey: string;
  /** True when LINE answered 409: an earlier attempt with this key had already been accepted. */
  alreadyAccepted: boolean;
  /** LINE's id of the request that delivered the messages (the earlier one when alreadyAccepted). */
  requestId?: string;
  sentMessageIds: string[];
}

/** An answer to a webhook event: its reply token is single use and expires about a minute after the event. */
export interface LineReplyRequest {
  replyToken: string;
  messages: readonly LineMessage[];
}

export interface LineChannel {
  pushLine(request: LinePushRequest): Promise<LinePushResult>;
  replyLine(request: LineReplyRequest): Promise<void>;
}

export interface LineChannelOptions {
  channelAccessToken: string;
  /** Unset: https://api.line.me. Tests point it at a local server. */
  baseURL?: string;
}

export type LineFailureReason =
  /** LINE refused the request body (400): bad user id, bad message; resending it cannot succeed. */
  | 'invalid-request'
  /** The channel access token is missing, invalid or lacks permission (401, 403). */
  | 'unauthorized'
  /** The recipient is unknown to this Official Account (404). */
  | 'not-found'
  /** The Official Account's monthly message quota is used up (429); it resets only next month. */
  | 'quota-exceeded'
  /** Too many requests per second (429). */
  | 'rate-limited'
  /** LINE failed (5xx) or answered something unexpected. */
  | 'server-error'
  /** No HTTP answer: refused connection, DNS, reset. */
  | 'unreachable'
  /** The messages break LINE's limits before anything is sent. */
  | 'too-long';

export class LineDeliveryError extends Error {
  readonly channel = 'line' as const;

  constructor(
    readonly reason: LineFailureReason,
    readonly permanent: boolean,
    message: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LineDeliveryError';
  }
}

const UUID_PATTERN = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;

/** Namespace of Sujarit's retry keys; fixed forever, or every in-flight notification would get a new key. */
const RETRY_KEY_NAMESPACE = '6cccab5f-eee6-4060-9e77-3922a0ed1aae';

/** RFC 9562 version 5 (SHA-1, name-based) UUID. */
export function uuidV5(name: string, namespace: string): string {
  if (!UUID_PATTERN.test(namespace)) throw new RangeError(`namespace is not a UUID: ${namespace}`);
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** LINE wants a UUID as retry key; deriving it from the idempotency key makes every retry reuse the same one. */
export function lineRetryKeyFor(idempotencyKey: string): string {
  if (!idempotencyKey) throw new RangeError('idempotencyKey ต้องไม่ว่าง / idempotencyKey must not be empty');
  return uuidV5(idempotencyKey, RETRY_KEY_NAMESPACE);
}

/**
 * Text for one push, split into at most five messages of at most 5000 characters. Splits fall on line breaks so a
 * link is never cut in two; LINE counts UTF-16 code units, as String.length does.
 */
export function lineTextMessages(text: string): LineTextMessage[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (line.length > LINE_TEXT_LIMIT) {
      throw new LineDeliveryError(
        'too-long',
        true,
        `ข้อความ LINE มีบรรทัดยาวเกิน ${LINE_TEXT_LIMIT} ตัวอักษร / a LINE text line exceeds ${LINE_TEXT_LIMIT} characters`,
      );
    }
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length > LINE_TEXT_LIMIT) {
      chunks.push(current);
      current = line;
    } else {
      current = candidate;
    }
  }
  if (current.trim()) chunks.push(current);
  const messages = chunks.filter((chunk) => chunk.trim()).map((chunk) => ({ type: 'text' as const, text: chunk }));
  if (messages.length === 0) {
    throw new LineDeliveryError('too-long', true, 'ข้อความ LINE ว่างเปล่า / the LINE text is empty');
  }
  if (messages.length > LINE_MESSAGES_PER_PUSH) {
    throw new LineDeliveryError(
      'too-long',
      true,
      `ข้อความ LINE ยาวเกิน ${LINE_MESSAGES_PER_PUSH} ข้อความ / the LINE text needs more than ${LINE_MESSAGES_PER_PUSH} messages`,
    );
  }
  return messages;
}

interface LineErrorBody {
  message?: string;
  details?: { message?: string; property?: string }[];
  sentMessages?: { id?: string }[];
}

function parseErrorBody(body: string): LineErrorBody {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as LineErrorBody) : {};
  } catch {
    return {};
  }
}

function describe(body: LineErrorBody, raw: string): string {
  const details = (body.details ?? []).map((d) => `${d.property ?? ''}: ${d.message ?? ''}`).join('; ');
  const message = body.message ?? raw.slice(0, 200);
  return details ? `${message} (${details})` : message;
}

function classifyHttpFailure(err: HTTPFetchError): LineDeliveryError {
  const body = parseErrorBody(err.body);
  const detail = describe(body, err.body);
  const status = err.status;
  const fail = (reason: LineFailureReason, permanent: boolean, th: string, en: string) =>
    new LineDeliveryError(reason, permanent, `${th} / ${en} (${status}): ${detail}`, status, { cause: err });
  if (status === 401 || status === 403) {
    return fail('unauthorized', true, 'โทเคนของช่อง LINE ใช้ไม่ได้', 'the LINE channel access token was refused');
  }
  if (status === 404) return fail('not-found', true, 'ไม่พบผู้รับใน LINE', 'LINE does not know the recipient');
  if (status === 429) {
    // The monthly quota only resets next month; retrying within an activity's retry window is pointless.
    return /monthly limit/i.test(body.message ?? '')
      ? fail('quota-exceeded', true, 'โควตาข้อความ LINE ประจำเดือนหมดแล้ว', 'the monthly LINE message quota is used up')
      : fail('rate-limited', false, 'ส่ง LINE ถี่เกินไป', 'LINE rate limit reached');
  }
  // 400 (bad user id or message), 413, 415 ...: the same request would be refused again. 408 is a timeout.
  if (status >= 400 && status < 500 && status !== 408) {
    return fail('invalid-request', true, 'LINE ปฏิเสธคำขอ', 'LINE refused the request');
  }
  return fail('server-error', false, 'ระบบ LINE ขัดข้อง', 'LINE failed');
}

/** Duck-typed: fetch's errors may come from another realm (a test sandbox), where instanceof Error is false. */
function errorText(err: unknown): string {
  if (err && typeof err === 'object') {
    const { message, code } = err as { message?: unknown; code?: unknown };
    return [typeof message === 'string' ? message : '', typeof code === 'string' ? code : ''].filter(Boolean).join(' ');
  }
  return String(err);
}

function networkFailure(err: unknown): LineDeliveryError {
  const cause = err && typeof err === 'object' ? (err as { cause?: unknown }).cause : undefined;
  const parts = [errorText(err), cause === undefined ? '' : errorText(cause)].filter(Boolean);
  return new LineDeliveryError('unreachable', false, `ติดต่อ LINE ไม่ได้ / cannot reach LINE: ${parts.join(': ')}`, undefined, {
    cause: err,
  });
}

function sentIds(sentMessages: { id?: string }[] | undefined): string[] {
  return (sentMessages ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
}

export function createLineChannel(options: LineChannelOptions): LineChannel {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });

  return {
    async pushLine(request) {
      const retryKey = lineRetryKeyFor(request.idempotencyKey);
      checkLimits(request.messages);
      try {
        const { httpResponse, body } = await client.pushMessageWithHttpInfo(
          { to: request.to, messages: request.messages.map(toSdkMessage) },
          retryKey,
        );
        return {
          retryKey,
          alreadyAccepted: false,
          requestId: httpResponse.headers.get('x-line-request-id') ?? undefined,
          sentMessageIds: sentIds(body?.sentMessages),
        };
      } catch (err) {
        if (err instanceof HTTPFetchError) {
          if (err.status === 409) {
            // LINE's answer to a retry key it has already accepted: the messages went out on an earlier attempt.
            return {
              retryKey,
              alreadyAccepted: true,
              requestId: err.headers.get('x-line-accepted-request-id') ?? undefined,
              sentMessageIds: sentIds(parseErrorBody(err.body).sentMessages),
            };
          }
          throw classifyHttpFailure(err);
        }
        throw networkFailure(err);
      }
    },

    async replyLine(request) {
      checkLimits(request.messages);
      try {
        await client.replyMessage({ replyToken: request.replyToken, messages: request.messages.map(toSdkMessage) });
      } catch (err) {
        if (err instanceof HTTPFetchError) throw classifyHttpFailure(err);
        throw networkFailure(err);
      }
    },
  };
}

/** LINE's alt text limit for a Flex message. */
export const LINE_ALT_TEXT_LIMIT = 400;

function checkLimits(messages: readonly LineMessage[]): void {
  for (const message of messages) {
    const length = message.type === 'text' ? message.text.length : message.altText.length;
    const limit = message.type === 'text' ? LINE_TEXT_LIMIT : LINE_ALT_TEXT_LIMIT;
    if (length > limit) {
      throw new LineDeliveryError(
        'too-long',
        true,
        `ข้อความ LINE ยาวเกิน ${limit} ตัวอักษร / a LINE ${message.type} message exceeds ${limit} characters`,
      );
    }
  }
}

/** Only the fields LINE defines for each type reach the request. */
function toSdkMessage(message: LineMessage): messagingApi.Message {
  if (message.type === 'text') return { type: 'text', text: message.text };
  return { type: 'flex', altText: message.altText, contents: message.contents as unknown as messagingApi.FlexContainer };
}

import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  createLineChannel,
  createNotificationChannels,
  isPermanentDeliveryError,
  LINE_TEXT_LIMIT,
  LineDeliveryError,
  lineRetryKeyFor,
  lineTextMessages,
  uuidV5,
  type LineChannel,
} from '../../services/notify';
import { overdueReminderMessage } from '../../domain/messages';
import { startTestLineServer, type TestLineServer } from '../support/line-server';

const TOKEN = 'test-channel-access-token';
const USER = 'U4af4980629a1b2c3d4e5f60718293a4b';
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function unusedLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function failureOf(promise: Promise<unknown>): Promise<LineDeliveryError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(LineDeliveryError);
  return outcome as LineDeliveryError;
}

describe('retry keys', () => {
  it('implement RFC 9562 UUID version 5', () => {
    // Reference value from Python's uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org').
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('are UUIDs derived deterministically from the idempotency key', () => {
    const key = 'outbox/wf-1.3-2570/step-2/reminder-7d';
    expect(lineRetryKeyFor(key)).toMatch(UUID_V5);
    expect(lineRetryKeyFor(key)).toBe(lineRetryKeyFor(key));
    expect(lineRetryKeyFor(`${key}x`)).not.toBe(lineRetryKeyFor(key));
  });
});

describe('lineTextMessages', () => {
  it('keeps a short text in one message and splits a long one on line breaks', () => {
    expect(lineTextMessages('สวัสดี\nhttps://x.example/a')).toEqual([{ type: 'text', text: 'สวัสดี\nhttps://x.example/a' }]);
    const line = 'ก'.repeat(3000);
    const link = 'https://sujarit.example.go.th/items/1.3';
    const messages = lineTextMessages(`${line}\n${line}\n${link}`);
    expect(messages.map((m) => m.text)).toEqual([line, `${line}\n${link}`]);
    expect(messages.every((m) => m.text.length <= LINE_TEXT_LIMIT)).toBe(true);
  });

  it('refuses what LINE could not take', () => {
    expect(() => lineTextMessages('ก'.repeat(LINE_TEXT_LIMIT + 1))).toThrow(LineDeliveryError);
    expect(() => lineTextMessages(Array.from({ length: 6 }, () => 'ก'.repeat(4000)).join('\n'))).toThrow(
      LineDeliveryError,
    );
    expect(() => lineTextMessages(' \n ')).toThrow(LineDeliveryError);
  });
});

describe('LINE channel against a local LINE push endpoint', () => {
  let line: TestLineServer;
  let channel: LineChannel;

  beforeEach(async () => {
    line = await startTestLineServer({ channelAccessToken: TOKEN });
    channel = createLineChannel({ channelAccessToken: TOKEN, baseURL: line.baseURL });
  });

  afterEach(async () => {
    await line.close();
  });

  const content = overdueReminderMessage({
    recipient: 'นายสมชาย ใจดี',
    item: { code: '1.3', name: 'โครงการส่งเสริมคุณธรรมและจริยธรรม' },
    step: 'ขออนุมัติโครงการ',
    dueDate: '2026-10-07',
    daysOverdue: 3,
    link: 'https://sujarit.example.go.th/items/1.3?fy=2570',
  });

  it('pushes the Thai text with the bearer token and a UUID retry key', async () => {
    const idempotencyKey = 'outbox/42';
    const result = await channel.pushLine({ to: USER, messages: lineTextMessages(content.lineText), idempotencyKey });

    expect(line.requests).toHaveLength(1);
    const request = line.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v2/bot/message/push');
    expect(request.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.contentType).toMatch(/^application\/json/);
    expect(request.retryKey).toMatch(UUID_V5);
    expect(request.retryKey).toBe(lineRetryKeyFor(idempotencyKey));
    expect(request.body).toEqual({ to: USER, messages: [{ type: 'text', text: content.lineText }] });
    expect(request.status).toBe(200);
    expect(content.lineText).toContain('https://sujarit.example.go.th/items/1.3?fy=2570');
    expect(content.lineText).toContain('เกินกำหนด ๓ วัน');

    expect(result.alreadyAccepted).toBe(false);
    expect(result.retryKey).toBe(request.retryKey);
    expect(result.requestId).toBe(line.delivered[0]!.requestId);
    expect(result.sentMessageIds).toEqual(line.delivered[0]!.sentMessages.map((m) => m.id));
  });

  it('sends the same retry key again for the same idempotency key, and takes the 409 as success', async () => {
    const request = { to: USER, messages: lineTextMessages(content.lineText), idempotencyKey: 'outbox/43' };
    const first = await channel.pushLine(request);
    const second = await channel.pushLine(request);

    expect(line.requests.map((r) => r.status)).toEqual([200, 409]);
    expect(line.requests[1]!.retryKey).toBe(line.requests[0]!.retryKey);
    expect(line.delivered).toHaveLength(1);
    expect(second).toEqual({
      retryKey: first.retryKey,
      alreadyAccepted: true,
      requestId: first.requestId,
      sentMessageIds: first.sentMessageIds,
    });

    await channel.pushLine({ ...request, idempotencyKey: 'outbox/44' });
    expect(line.requests[2]!.retryKey).not.toBe(line.requests[0]!.retryKey);
    expect(line.delivered).toHaveLength(2);
  });

  it('recovers from a push LINE accepted but whose answer was lost, without a duplicate', async () => {
    line.injectFailure({ kind: 'accept-then-drop' });
    const request = { to: USER, messages: lineTextMessages(content.lineText), idempotencyKey: 'outbox/45' };

    const lost = await failureOf(channel.pushLine(request));
    expect(lost.reason).toBe('unreachable');
    expect(isPermanentDeliveryError(lost)).toBe(false);

    const retried = await channel.pushLine(request);
    expect(retried.alreadyAccepted).toBe(true);
    expect(retried.sentMessageIds).toEqual(line.delivered[0]!.sentMessages.map((m) => m.id));
    expect(line.delivered).toHaveLength(1);
  });

  it('treats a 400 from LINE as permanent, with LINE’s explanation', async () => {
    const err = await failureOf(
      channel.pushLine({ to: 'not-a-line-user-id', messages: [{ type: 'text', text: 'ทดสอบ' }], idempotencyKey: 'outbox/46' }),
    );
    expect(err.httpStatus).toBe(400);
    expect(err.reason).toBe('invalid-request');
    expect(err.message).toContain("The property, 'to', in the request body is invalid");
    expect(isPermanentDeliveryError(err)).toBe(true);
    expect(line.delivered).toHaveLength(0);
  });

  it('reports LINE’s validation details for a bad message body', async () => {
    const err = await failureOf(channel.pushLine({ to: USER, messages: [], idempotencyKey: 'outbox/47' }));
    expect(err.httpStatus).toBe(400);
    expect(err.message).toContain('The request body has 1 error(s)');
    expect(err.message).toContain('messages: Size must be between 1 and 5');
    expect(isPermanentDeliveryError(err)).toBe(true);
  });

  it('treats a refused token as permanent', async () => {
    const wrongToken = createLineChannel({ channelAccessToken: 'revoked', baseURL: line.baseURL });
    const err = await failureOf(
      wrongToken.pushLine({ to: USER, messages: [{ type: 'text', text: 'ทดสอบ' }], idempotencyKey: 'outbox/48' }),
    );
    expect(err.httpStatus).toBe(401);
    expect(err.reason).toBe('unauthorized');
    expect(isPermanentDeliveryError(err)).toBe(true);
  });

  it('retries server errors and rate limits but not a spent monthly quota', async () => {
    const push = (idempotencyKey: string) =>
      failureOf(channel.pushLine({ to: USER, messages: [{ type: 'text', text: 'ทดสอบ' }], idempotencyKey }));

    line.injectFailure({ kind: 'status', status: 500, body: { message: 'Internal server error' } });
    const serverError = await push('outbox/49');
    expect(serverError.reason).toBe('server-error');
    expect(isPermanentDeliveryError(serverError)).toBe(false);

    line.injectFailure({
      kind: 'status',
      status: 429,
      body: { message: 'The API rate limit has been exceeded. Try again later.' },
    });
    const rateLimited = await push('outbox/50');
    expect(rateLimited.reason).toBe('rate-limited');
    expect(isPermanentDeliveryError(rateLimited)).toBe(false);

    line.injectFailure({ kind: 'status', status: 429, body: { message: 'You have reached your monthly limit.' } });
    const quota = await push('outbox/51');
    expect(quota.reason).toBe('quota-exceeded');
    expect(isPermanentDeliveryError(quota)).toBe(true);
  });

  it('refuses a text over 5000 characters before calling LINE', async () => {
    const err = await failureOf(
      channel.pushLine({
        to: USER,
        messages: [{ type: 'text', text: 'ก'.repeat(LINE_TEXT_LIMIT + 1) }],
        idempotencyKey: 'outbox/52',
      }),
    );
    expect(err.reason).toBe('too-long');
    expect(isPermanentDeliveryError(err)).toBe(true);
    expect(line.requests).toHaveLength(0);
  });

  it('pushes a Flex message after the text, and replies once per reply token', async () => {
    const flex = {
      type: 'flex' as const,
      altText: 'ขออนุมัติโครงการ / Approval requested',
      contents: { type: 'bubble', footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: { type: 'postback', label: 'อนุมัติ', data: 'decide:1:approve' } }] } },
    };
    await channel.pushLine({ to: USER, messages: [{ type: 'text', text: 'ทดสอบ' }, flex], idempotencyKey: 'outbox/55' });
    expect(line.delivered[0]!.messages).toEqual([{ type: 'text', text: 'ทดสอบ' }, flex]);

    const replyToken = line.issueReplyToken();
    await channel.replyLine({ replyToken, messages: [{ type: 'text', text: 'รับทราบ / Noted' }] });
    expect(line.replies).toEqual([{ replyToken, messages: [{ type: 'text', text: 'รับทราบ / Noted' }] }]);
    const again = await failureOf(channel.replyLine({ replyToken, messages: [{ type: 'text', text: 'อีกครั้ง' }] }));
    expect(again.reason).toBe('invalid-request');
    expect(again.message).toContain('Invalid reply token');
  });

  it('is built from configuration with the configured base URL', async () => {
    const channels = createNotificationChannels({
      SMTP_URL: undefined,
      MAIL_FROM: 'Sujarit <no-reply@sujarit.local>',
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: line.baseURL,
    });
    expect([...channels.available].sort()).toEqual(['inbox', 'line']);
    expect(channels.email).toBeNull();
    await channels.line!.pushLine({ to: USER, messages: [{ type: 'text', text: 'ทดสอบ' }], idempotencyKey: 'outbox/53' });
    expect(line.delivered.map((d) => d.messages)).toEqual([[{ type: 'text', text: 'ทดสอบ' }]]);
    channels.close();
  });
});

describe('LINE channel without a server', () => {
  it('treats a refused connection as transient', async () => {
    const port = await unusedLoopbackPort();
    const channel = createLineChannel({ channelAccessToken: TOKEN, baseURL: `http://127.0.0.1:${port}` });
    const err = await failureOf(
      channel.pushLine({ to: USER, messages: [{ type: 'text', text: 'ทดสอบ' }], idempotencyKey: 'outbox/54' }),
    );
    expect(err.reason).toBe('unreachable');
    expect(err.message).toContain('ECONNREFUSED');
    expect(isPermanentDeliveryError(err)).toBe(false);
  });
});

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that answers LINE's push endpoint (POST /v2/bot/message/push) the way the LINE Platform
 * does: Bearer token check, request body validation with LINE's error shapes, 200 with sentMessages, and
 * X-Line-Retry-Key handling where a key that was already accepted answers 409 and delivers nothing again. It also
 * answers the reply endpoint (POST /v2/bot/message/reply: a reply token it issued, used once), and plays the
 * Platform's side of the webhook: events signed with the channel secret (x-line-signature), each with a
 * webhookEventId and a reply token.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  retryKey: string | undefined;
  contentType: string | undefined;
  /** Parsed JSON, or the raw text when it did not parse. */
  body: unknown;
  /** What the server answered; 0 when it dropped the connection instead. */
  status: number;
}

export interface SentMessage {
  id: string;
  quoteToken: string;
}

export interface LineMessageBody {
  type: string;
  text?: string;
  altText?: string;
  contents?: Record<string, unknown>;
}

export interface DeliveredReply {
  replyToken: string;
  messages: LineMessageBody[];
}

export interface DeliveredPush {
  to: string;
  messages: LineMessageBody[];
  retryKey: string | undefined;
  requestId: string;
  sentMessages: SentMessage[];
}

/** What the next push answers instead of being handled normally (after the token check). */
export type InjectedFailure =
  | { kind: 'status'; status: number; body: Record<string, unknown> }
  /** Deliver and remember the retry key, then cut the connection: the client never hears it succeeded. */
  | { kind: 'accept-then-drop' }
  /** Cut the connection without delivering. */
  | { kind: 'drop' };

export interface TestLineServerOptions {
  channelAccessToken: string;
  /** When given, a well-formed user id outside this list answers as LINE does for an unknown user. */
  knownUserIds?: string[];
}

export interface TestLineServer {
  baseURL: string;
  requests: RecordedRequest[];
  delivered: DeliveredPush[];
  replies: DeliveredReply[];
  /** A reply token for an event about to be sent to the webhook; the reply endpoint takes each once. */
  issueReplyToken(): string;
  injectFailure(failure: InjectedFailure): void;
  close(): Promise<void>;
}

const PUSH_PATH = '/v2/bot/message/push';
const REPLY_PATH = '/v2/bot/message/reply';
const MESSAGE_TYPES = ['text', 'image', 'video', 'audio', 'location', 'sticker', 'template', 'imagemap', 'flex'];
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECIPIENT_PATTERN = /^[UCR][0-9a-f]{32}$/;

interface ErrorDetail {
  message: string;
  property: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function validatePushBody(body: Record<string, unknown>): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (typeof body.to !== 'string' || body.to === '') details.push({ message: 'May not be empty', property: 'to' });
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) {
    details.push({ message: 'Size must be between 1 and 5', property: 'messages' });
    return details;
  }
  messages.forEach((message: unknown, i) => {
    const m = (message ?? {}) as Record<string, unknown>;
    if (typeof m.type !== 'string' || !MESSAGE_TYPES.includes(m.type)) {
      details.push({
        message: `Must be one of the following values: [${MESSAGE_TYPES.join(', ')}]`,
        property: `messages[${i}].type`,
      });
    } else if (m.type === 'text') {
      if (typeof m.text !== 'string' || m.text === '') {
        details.push({ message: 'May not be empty', property: `messages[${i}].text` });
      } else if (m.text.length > 5000) {
        details.push({ message: 'Length must be between 0 and 5000', property: `messages[${i}].text` });
      }
    } else if (m.type === 'flex') {
      if (typeof m.altText !== 'string' || m.altText === '' || m.altText.length > 400) {
        details.push({ message: 'Length must be between 1 and 400', property: `messages[${i}].altText` });
      }
      details.push(...validateFlexContainer(m.contents, `messages[${i}].contents`));
    }
  });
  return details;
}

/** The parts of LINE's Flex rules the decision bubble relies on: a bubble, and buttons whose actions LINE would take. */
function validateFlexContainer(contents: unknown, property: string): ErrorDetail[] {
  const bubble = (contents ?? {}) as Record<string, unknown>;
  if (bubble.type !== 'bubble' && bubble.type !== 'carousel') return [{ message: 'Must be bubble or carousel', property: `${property}.type` }];
  const details: ErrorDetail[] = [];
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'button') {
      const action = (n.action ?? {}) as Record<string, unknown>;
      // The action object's documented label limit is 20 characters.
      if (typeof action.label !== 'string' || action.label.length < 1 || action.label.length > 20) {
        details.push({ message: 'Length must be between 1 and 20', property: `${path}.action.label` });
      }
      if (action.type === 'postback' && (typeof action.data !== 'string' || action.data.length > 300)) {
        details.push({ message: 'Length must be between 0 and 300', property: `${path}.action.data` });
      }
      if (action.type === 'uri' && (typeof action.uri !== 'string' || !/^(https?|line|tel):/.test(action.uri))) {
        details.push({ message: 'Invalid uri scheme', property: `${path}.action.uri` });
      }
    }
    for (const [key, value] of Object.entries(n)) {
      if (Array.isArray(value)) value.forEach((child, j) => walk(child, `${path}.${key}[${j}]`));
      else if (value && typeof value === 'object' && key !== 'action') walk(value, `${path}.${key}`);
    }
  };
  walk(bubble, property);
  return details;
}

/** What the LINE Platform sends to a bot's webhook URL: the JSON body and its x-line-signature header. */
export function signedWebhookRequest(
  channelSecret: string,
  events: Record<string, unknown>[],
  options: { destination?: string; signature?: string } = {},
): { payload: string; headers: Record<string, string> } {
  const payload = JSON.stringify({ destination: options.destination ?? 'U0123456789abcdef0123456789abcdef', events });
  const signature = options.signature ?? createHmac('sha256', channelSecret).update(payload, 'utf8').digest('base64');
  return { payload, headers: { 'content-type': 'application/json; charset=utf-8', 'x-line-signature': signature, 'user-agent': 'LineBotWebhook/2.0' } };
}

/** A ULID-shaped webhookEventId, as LINE issues them. */
export function webhookEventId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join('');
}

/** One webhook event from a LINE user in a one-to-one chat. */
export function lineUserEvent(
  userId: string,
  body: { postback: { data: string } } | { message: { type: 'text'; text: string } },
  options: { replyToken?: string; webhookEventId?: string; isRedelivery?: boolean } = {},
): Record<string, unknown> {
  return {
    type: 'postback' in body ? 'postback' : 'message',
    mode: 'active',
    timestamp: Date.now(),
    source: { type: 'user', userId },
    webhookEventId: options.webhookEventId ?? webhookEventId(),
    deliveryContext: { isRedelivery: options.isRedelivery ?? false },
    ...(options.replyToken ? { replyToken: options.replyToken } : {}),
    ...('postback' in body ? { postback: body.postback } : { message: { id: String(Date.now()), quoteToken: 'q', ...body.message } }),
  };
}

export async function startTestLineServer(options: TestLineServerOptions): Promise<TestLineServer> {
  const requests: RecordedRequest[] = [];
  const delivered: DeliveredPush[] = [];
  const failures: InjectedFailure[] = [];
  const acceptedByRetryKey = new Map<string, DeliveredPush>();
  const replies: DeliveredReply[] = [];
  const replyTokens = new Set<string>();
  let nextMessageId = 461230966842064897n;

  function deliver(to: string, messages: DeliveredPush['messages'], retryKey: string | undefined): DeliveredPush {
    const push: DeliveredPush = {
      to,
      messages,
      retryKey,
      requestId: randomUUID(),
      sentMessages: messages.map(() => {
        nextMessageId += 1n;
        return { id: nextMessageId.toString(), quoteToken: randomBytes(24).toString('base64url') };
      }),
    };
    delivered.push(push);
    if (retryKey) acceptedByRetryKey.set(retryKey.toLowerCase(), push);
    return push;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let parsed: unknown;
    try {
      parsed = raw ? JSON.parse(raw) : undefined;
    } catch {
      parsed = raw;
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      authorization: header('authorization'),
      retryKey: header('x-line-retry-key'),
      contentType: header('content-type'),
      body: parsed,
      status: 0,
    };
    requests.push(record);

    const answer = (status: number, body: object, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-line-request-id': randomUUID(),
        ...headers,
      });
      res.end(JSON.stringify(body));
    };

    if (record.path !== PUSH_PATH && record.path !== REPLY_PATH) return answer(404, { message: 'Not found' });
    if (record.method !== 'POST') return answer(405, { message: 'Method not allowed' });
    const authorization = record.authorization;
    if (!authorization || !/^Bearer\s+\S+/.test(authorization)) {
      return answer(401, {
        message: "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
      });
    }
    if (authorization.replace(/^Bearer\s+/, '') !== options.channelAccessToken) {
      return answer(401, {
        message:
          'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.',
      });
    }

    const failure = failures.shift();
    if (failure?.kind === 'status') return answer(failure.status, failure.body);

    if (!record.contentType?.toLowerCase().startsWith('application/json')) {
      return answer(400, { message: `The content type, '${record.contentType ?? ''}', is not supported` });
    }
    if (record.path === REPLY_PATH) {
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return answer(400, { message: 'The request body could not be parsed as JSON (line: 1, column: 1)' });
      }
      const body = parsed as Record<string, unknown>;
      const details = validatePushBody({ ...body, to: 'reply' });
      if (details.length > 0) return answer(400, { message: `The request body has ${details.length} error(s)`, details });
      const token = body.replyToken;
      if (typeof token !== 'string' || !replyTokens.delete(token)) return answer(400, { message: 'Invalid reply token' });
      replies.push({ replyToken: token, messages: body.messages as LineMessageBody[] });
      return answer(200, { sentMessages: [] });
    }
    const retryKey = record.retryKey;
    if (retryKey !== undefined && !UUID_PATTERN.test(retryKey)) {
      return answer(400, { message: "The value for the 'X-Line-Retry-Key' header is invalid" });
    }
    const accepted = retryKey ? acceptedByRetryKey.get(retryKey.toLowerCase()) : undefined;
    if (accepted) {
      return answer(
        409,
        { message: 'The retry key is already accepted', sentMessages: accepted.sentMessages },
        { 'x-line-accepted-request-id': accepted.requestId },
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return answer(400, { message: 'The request body could not be parsed as JSON (line: 1, column: 1)' });
    }
    const body = parsed as Record<string, unknown>;
    const details = validatePushBody(body);
    if (details.length > 0) return answer(400, { message: `The request body has ${details.length} error(s)`, details });
    const to = body.to as string;
    if (!RECIPIENT_PATTERN.test(to)) {
      return answer(400, { message: "The property, 'to', in the request body is invalid (line: -, column: -)" });
    }
    if (options.knownUserIds && !options.knownUserIds.includes(to)) {
      return answer(400, { message: 'Failed to send messages' });
    }
    if (failure?.kind === 'drop') {
      req.socket.destroy();
      return;
    }

    const push = deliver(to, body.messages as DeliveredPush['messages'], retryKey);
    if (failure?.kind === 'accept-then-drop') {
      req.socket.destroy();
      return;
    }
    answer(200, { sentMessages: push.sentMessages }, { 'x-line-request-id': push.requestId });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `test server failure: ${String(err)}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    delivered,
    replies,
    issueReplyToken() {
      const token = randomBytes(16).toString('hex');
      replyTokens.add(token);
      return token;
    },
    injectFailure: (failure) => failures.push(failure),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

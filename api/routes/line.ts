import type { FastifyInstance } from 'fastify';
import { auditKeyFrom } from '../../db/audit';
import { handleLineWebhook, isValidLineSignature } from '../../services/line-webhook';
import { createNotificationChannels, type NotificationChannels } from '../../services/notify';
import { AppError } from '../../services/errors';

export interface LineRoutesOptions {
  /** How long a LINE decision waits for the workflow before the chat is told it is recorded; unset: 3 s. */
  decisionWaitMs?: number;
}

/**
 * POST /line/webhook, LINE's calls to this server. Authenticated by the x-line-signature over the raw body, never by
 * a cookie, so this plugin keeps the body as bytes (its own content-type parser, in its own scope) until the
 * signature holds. Everything after that is services/line-webhook.ts.
 */
export async function lineRoutes(app: FastifyInstance, options: LineRoutesOptions = {}): Promise<void> {
  const { pool, config, temporal } = app.deps;
  let channels: NotificationChannels | undefined;
  app.addHook('onClose', async () => channels?.close());

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post('/line/webhook', { config: { signatureAuthenticated: true } }, async (request, reply) => {
    const secret = config.LINE_CHANNEL_SECRET;
    channels ??= createNotificationChannels(config);
    if (!secret || !channels.line) throw new AppError('NOT_FOUND', 'ไม่ได้ตั้งค่าช่อง LINE', 'the LINE channel is not configured');
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!isValidLineSignature(raw, secret, request.headers['x-line-signature'])) {
      throw new AppError('UNAUTHENTICATED', 'ลายมือชื่อของ LINE ไม่ถูกต้อง', 'the LINE signature is missing or wrong');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('VALIDATION_FAILED', 'ข้อมูลจาก LINE ไม่ใช่ JSON', 'the LINE webhook body is not JSON');
    }
    const outcomes = await handleLineWebhook(
      {
        pool,
        temporal,
        log: request.log,
        line: channels.line,
        auditKey: auditKeyFrom(config),
        ...(options.decisionWaitMs === undefined ? {} : { decisionWaitMs: options.decisionWaitMs }),
      },
      body,
    );
    request.log.info({ outcomes }, 'LINE webhook events handled');
    return reply.status(200).send({ outcomes });
  });
}

import type { Config } from '../../config';
import { createEmailChannel, EmailDeliveryError, type EmailChannel } from './email';
import { createLineChannel, LineDeliveryError, type LineChannel } from './line';

export {
  createEmailChannel,
  EmailDeliveryError,
  messageIdFor,
  type EmailChannel,
  type EmailChannelOptions,
  type EmailFailureReason,
  type EmailMessage,
  type EmailSendResult,
} from './email';
export {
  createLineChannel,
  LINE_ALT_TEXT_LIMIT,
  LINE_MESSAGES_PER_PUSH,
  LINE_TEXT_LIMIT,
  LineDeliveryError,
  lineRetryKeyFor,
  lineTextMessages,
  uuidV5,
  type LineChannel,
  type LineChannelOptions,
  type LineFailureReason,
  type LineFlexMessage,
  type LineMessage,
  type LinePushRequest,
  type LineReplyRequest,
  type LinePushResult,
  type LineTextMessage,
} from './line';

/** Where a notification goes. The in-app inbox is a database table, written by the delivery activity itself. */
export const NOTIFICATION_CHANNELS = ['email', 'line', 'inbox'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export type DeliveryError = EmailDeliveryError | LineDeliveryError;

export function isDeliveryError(err: unknown): err is DeliveryError {
  return err instanceof EmailDeliveryError || err instanceof LineDeliveryError;
}

/**
 * True when resending the same notification cannot succeed (a refused address, a 5xx reply, a 400 from LINE, a
 * spent quota): the delivery activity should fail without retrying. Anything unrecognised counts as transient so a
 * passing outage is never mistaken for a final answer.
 */
export function isPermanentDeliveryError(err: unknown): boolean {
  return isDeliveryError(err) && err.permanent;
}

export interface NotificationChannels {
  /** Null when SMTP_URL is unset. */
  email: EmailChannel | null;
  /** Null when LINE_CHANNEL_ACCESS_TOKEN is unset. */
  line: LineChannel | null;
  /** The channels that can deliver now; the inbox always can. */
  available: ReadonlySet<NotificationChannel>;
  /** How long one hand-over keeps other attempts from sending the same row (services/outbox.ts). */
  handoffLeaseMs?: number;
  close(): void;
}

export type NotificationConfig = Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'LINE_CHANNEL_ACCESS_TOKEN' | 'LINE_API_BASE_URL'> &
  Partial<Pick<Config, 'OUTBOX_HANDOFF_LEASE_MS'>>;

export function createNotificationChannels(config: NotificationConfig): NotificationChannels {
  const email = config.SMTP_URL ? createEmailChannel({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }) : null;
  const line = config.LINE_CHANNEL_ACCESS_TOKEN
    ? createLineChannel({
        channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
        ...(config.LINE_API_BASE_URL ? { baseURL: config.LINE_API_BASE_URL } : {}),
      })
    : null;
  const available = new Set<NotificationChannel>(['inbox']);
  if (email) available.add('email');
  if (line) available.add('line');
  return {
    email,
    line,
    available,
    ...(config.OUTBOX_HANDOFF_LEASE_MS !== undefined ? { handoffLeaseMs: config.OUTBOX_HANDOFF_LEASE_MS } : {}),
    close() {
      email?.close();
    },
  };
}

import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { NodemailerError } from 'nodemailer';

export interface EmailMessage {
  /** One recipient: `saraban@example.go.th` or `Name <address@domain>`. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Same key for every attempt at the same notification; it fixes the Message-ID. */
  idempotencyKey: string;
}

export interface EmailSendResult {
  messageId: string;
}

export interface EmailChannel {
  sendEmail(message: EmailMessage): Promise<EmailSendResult>;
  close(): void;
}

export interface EmailChannelOptions {
  /** `smtp://user:pass@host:port` or `smtps://...`, as nodemailer reads it. */
  smtpUrl: string;
  /** The From header, e.g. `Sujarit <no-reply@sujarit.local>`; its domain also names the Message-IDs. */
  from: string;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

export type EmailFailureReason =
  /** The recipient address cannot be used at all (syntax, or the server refused the mailbox). */
  | 'invalid-recipient'
  /** The server refused the message for good (5xx): content, size, policy. */
  | 'rejected'
  /** The server asked to try later (4xx). */
  | 'deferred'
  /** No SMTP conversation happened or it broke off: refused connection, DNS, timeout, TLS. */
  | 'unreachable'
  /** The SMTP settings themselves are unusable, refused credentials included. */
  | 'misconfigured';

export class EmailDeliveryError extends Error {
  readonly channel = 'email' as const;

  constructor(
    readonly reason: EmailFailureReason,
    readonly permanent: boolean,
    message: string,
    readonly smtpResponseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmailDeliveryError';
  }
}

const CONNECTION_FAILURE_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS', 'EPROXY']);

/**
 * RFC 5321: 5yz replies are permanent, 4yz transient. 503 (bad sequence of commands) says the session was in the
 * wrong state rather than that the message was refused, so a new connection may succeed.
 */
function isPermanentReply(code: number): boolean {
  return code >= 500 && code < 600 && code !== 503;
}

function classifySmtpFailure(err: unknown): EmailDeliveryError {
  const e = (err ?? {}) as NodemailerError;
  const detail = e.response ?? e.message ?? String(err);
  if (typeof e.responseCode === 'number') {
    const code = e.responseCode;
    const permanent = isPermanentReply(code);
    const recipientRefused = e.code === 'EENVELOPE' && e.command !== undefined && /^RCPT/i.test(e.command);
    const [reason, th, en]: [EmailFailureReason, string, string] = !permanent
      ? ['deferred', 'เซิร์ฟเวอร์อีเมลขอให้ส่งใหม่ภายหลัง', 'the mail server asked to retry later']
      : recipientRefused
        ? ['invalid-recipient', 'เซิร์ฟเวอร์อีเมลปฏิเสธผู้รับ', 'the mail server refused the recipient']
        : e.code === 'EAUTH'
          ? ['misconfigured', 'เข้าสู่ระบบเซิร์ฟเวอร์อีเมลไม่ได้ (ตรวจสอบ SMTP_URL)', 'SMTP authentication failed (check SMTP_URL)']
          : ['rejected', 'เซิร์ฟเวอร์อีเมลปฏิเสธข้อความ', 'the mail server refused the message'];
    return new EmailDeliveryError(reason, permanent, `${th} / ${en} (${code}): ${detail}`, code, { cause: err });
  }
  if (e.code === 'EENVELOPE') {
    return new EmailDeliveryError(
      'invalid-recipient',
      true,
      `ที่อยู่ผู้รับไม่ถูกต้อง / invalid recipient: ${detail}`,
      undefined,
      { cause: err },
    );
  }
  if (e.code === 'ECONFIG' || e.code === 'ENOAUTH') {
    return new EmailDeliveryError('misconfigured', true, `ตั้งค่า SMTP ไม่ถูกต้อง / invalid SMTP settings: ${detail}`, undefined, {
      cause: err,
    });
  }
  const unreachable = e.code !== undefined && CONNECTION_FAILURE_CODES.has(e.code);
  return new EmailDeliveryError(
    'unreachable',
    false,
    unreachable
      ? `ติดต่อเซิร์ฟเวอร์อีเมลไม่ได้ / cannot reach the mail server: ${detail}`
      : `ส่งอีเมลไม่สำเร็จ / sending the e-mail failed: ${detail}`,
    undefined,
    { cause: err },
  );
}

/** Exactly one mailbox with a local part and a domain; anything else would only bounce later. */
function assertSingleRecipient(to: string): void {
  const mailboxes = addressparser(to, { flatten: true });
  const only = mailboxes.length === 1 ? mailboxes[0] : undefined;
  const address = only?.address ?? '';
  const at = address.lastIndexOf('@');
  if (!only || at <= 0 || at === address.length - 1 || /\s/.test(address)) {
    throw new EmailDeliveryError(
      'invalid-recipient',
      true,
      `ที่อยู่อีเมลผู้รับไม่ถูกต้อง (ต้องมีผู้รับหนึ่งราย) / invalid recipient address, exactly one is required: ${JSON.stringify(to)}`,
    );
  }
}

function domainOf(from: string): string {
  const address = addressparser(from, { flatten: true })[0]?.address ?? '';
  const domain = address.slice(address.lastIndexOf('@') + 1);
  if (!address.includes('@') || !domain) {
    throw new EmailDeliveryError('misconfigured', true, `MAIL_FROM ไม่มีที่อยู่อีเมล / MAIL_FROM has no address: ${from}`);
  }
  return domain;
}

/**
 * The Message-ID of a notification: a hash of its idempotency key, so every retry of the same notification carries
 * the same id and receiving systems (and people searching their mailbox) can recognise the duplicate.
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  if (!idempotencyKey) throw new RangeError('idempotencyKey ต้องไม่ว่าง / idempotencyKey must not be empty');
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 40);
  return `<${digest}.notify@${domain}>`;
}

export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const messageIdDomain = domainOf(options.from);
  const transporter = nodemailer.createTransport({
    url: options.smtpUrl,
    // nodemailer's defaults (2 minutes to connect, 10 minutes idle) would hold an activity slot far too long.
    connectionTimeout: options.connectionTimeoutMs ?? 15_000,
    greetingTimeout: options.greetingTimeoutMs ?? 15_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
  });

  return {
    async sendEmail(message) {
      assertSingleRecipient(message.to);
      const messageId = messageIdFor(message.idempotencyKey, messageIdDomain);
      try {
        const info = await transporter.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html !== undefined ? { html: message.html } : {}),
          messageId,
          headers: {
            // RFC 3834: keeps vacation responders and Outlook's auto-replies from answering a robot.
            'Auto-Submitted': 'auto-generated',
            'X-Auto-Response-Suppress': 'All',
          },
        });
        return { messageId: info.messageId || messageId };
      } catch (err) {
        throw classifySmtpFailure(err);
      }
    },
    close() {
      transporter.close();
    },
  };
}

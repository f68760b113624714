import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  createEmailChannel,
  createNotificationChannels,
  EmailDeliveryError,
  isPermanentDeliveryError,
  messageIdFor,
  type EmailChannel,
} from '../../services/notify';
import { approvalRequestMessage } from '../../domain/messages';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

const FROM = 'Sujarit <no-reply@sujarit.local>';

async function unusedLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function failureOf(promise: Promise<unknown>): Promise<EmailDeliveryError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(EmailDeliveryError);
  return outcome as EmailDeliveryError;
}

describe('e-mail channel over a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let channel: EmailChannel;

  beforeEach(async () => {
    smtp = await startTestSmtpServer({ auth: { user: 'sujarit', pass: 'ลับ s3cret' } });
    channel = createEmailChannel({ smtpUrl: smtp.url, from: FROM });
  });

  afterEach(async () => {
    channel.close();
    await smtp.close();
  });

  const content = approvalRequestMessage({
    recipient: 'นายกองค์การบริหารส่วนตำบลสุจริต',
    item: { code: '1.3', name: 'โครงการส่งเสริมคุณธรรมและจริยธรรม' },
    ask: 'approve_project',
    budgetBaht: 20000,
    dueDate: '2026-10-07',
    link: 'https://sujarit.example.go.th/approvals/abc?t=1&x=2',
  });

  it('delivers a Thai message that arrives decoded, with the link in both parts', async () => {
    const result = await channel.sendEmail({
      to: 'สำนักปลัด <saraban@sujarit.go.th>',
      subject: content.subject,
      text: content.text,
      html: content.html,
      idempotencyKey: 'wf-item-1.3/approval/request',
    });

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.envelopeFrom).toBe('no-reply@sujarit.local');
    expect(mail.envelopeTo).toEqual(['saraban@sujarit.go.th']);
    expect(mail.parsed.to).toMatchObject({ value: [{ address: 'saraban@sujarit.go.th', name: 'สำนักปลัด' }] });
    expect(mail.parsed.from).toMatchObject({ value: [{ address: 'no-reply@sujarit.local', name: 'Sujarit' }] });
    expect(mail.parsed.subject).toBe(content.subject);
    expect(mail.parsed.subject).toContain('ขออนุมัติ');
    expect(mail.parsed.text).toContain('https://sujarit.example.go.th/approvals/abc?t=1&x=2');
    expect(mail.parsed.html).toContain('href="https://sujarit.example.go.th/approvals/abc?t=1&amp;x=2"');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.parsed.messageId).toBe(result.messageId);
    // The Thai subject travelled as RFC 2047 encoded words; only decoding restores it.
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);
  });

  it('gives every attempt with the same idempotency key the same Message-ID, and another key another', async () => {
    const send = (idempotencyKey: string) =>
      channel.sendEmail({ to: 'owner@sujarit.go.th', subject: 'เตือน', text: 'https://x.example/1', idempotencyKey });
    const first = await send('reminder/1.3/step-2/7d');
    const retried = await send('reminder/1.3/step-2/7d');
    const other = await send('reminder/1.3/step-2/1d');

    expect(retried.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
    expect(first.messageId).toBe(messageIdFor('reminder/1.3/step-2/7d', 'sujarit.local'));
    expect(smtp.mails.map((m) => m.parsed.messageId)).toEqual([first.messageId, first.messageId, other.messageId]);
  });

  it('treats a refused mailbox (550) as permanent', async () => {
    smtp.refuseRecipient('nobody@sujarit.go.th', { code: 550, message: '5.1.1 Mailbox unavailable' });
    const err = await failureOf(
      channel.sendEmail({ to: 'nobody@sujarit.go.th', subject: 's', text: 't', idempotencyKey: 'k-550' }),
    );
    expect(err.reason).toBe('invalid-recipient');
    expect(err.smtpResponseCode).toBe(550);
    expect(isPermanentDeliveryError(err)).toBe(true);
    expect(smtp.mails).toHaveLength(0);
  });

  it('treats a 4xx answer as transient', async () => {
    smtp.refuseRecipient('busy@sujarit.go.th', { code: 451, message: '4.3.0 Try again later' });
    const err = await failureOf(
      channel.sendEmail({ to: 'busy@sujarit.go.th', subject: 's', text: 't', idempotencyKey: 'k-451' }),
    );
    expect(err.reason).toBe('deferred');
    expect(err.smtpResponseCode).toBe(451);
    expect(isPermanentDeliveryError(err)).toBe(false);
  });

  it('rejects a malformed address as permanent without opening a connection', async () => {
    for (const to of ['not-an-address', 'a@b.example, c@d.example', '']) {
      const err = await failureOf(channel.sendEmail({ to, subject: 's', text: 't', idempotencyKey: 'k-bad' }));
      expect(err.reason).toBe('invalid-recipient');
      expect(isPermanentDeliveryError(err)).toBe(true);
    }
    expect(smtp.connections()).toBe(0);
  });

  it('treats refused SMTP credentials as a permanent configuration failure', async () => {
    const wrongPassword = createEmailChannel({ smtpUrl: smtp.url.replace(/:[^:@]+@/, ':wrong@'), from: FROM });
    try {
      const err = await failureOf(
        wrongPassword.sendEmail({ to: 'a@sujarit.go.th', subject: 's', text: 't', idempotencyKey: 'k-auth' }),
      );
      expect(err.reason).toBe('misconfigured');
      expect(err.smtpResponseCode).toBe(535);
      expect(isPermanentDeliveryError(err)).toBe(true);
    } finally {
      wrongPassword.close();
    }
  });
});

describe('e-mail channel without a server', () => {
  it('treats a refused connection as transient', async () => {
    const port = await unusedLoopbackPort();
    const channel = createEmailChannel({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM });
    try {
      const err = await failureOf(
        channel.sendEmail({ to: 'a@sujarit.go.th', subject: 's', text: 't', idempotencyKey: 'k-refused' }),
      );
      expect(err.reason).toBe('unreachable');
      expect(err.message).toContain('ECONNREFUSED');
      expect(isPermanentDeliveryError(err)).toBe(false);
    } finally {
      channel.close();
    }
  });
});

describe('createNotificationChannels', () => {
  it('builds only the channels the configuration enables', async () => {
    const smtp = await startTestSmtpServer();
    const channels = createNotificationChannels({
      SMTP_URL: smtp.url,
      MAIL_FROM: FROM,
      LINE_CHANNEL_ACCESS_TOKEN: undefined,
      LINE_API_BASE_URL: undefined,
    });
    try {
      expect([...channels.available].sort()).toEqual(['email', 'inbox']);
      expect(channels.line).toBeNull();
      await channels.email!.sendEmail({ to: 'a@sujarit.go.th', subject: 'ทดสอบ', text: 't', idempotencyKey: 'k' });
      expect(smtp.mails.map((m) => m.parsed.subject)).toEqual(['ทดสอบ']);
    } finally {
      channels.close();
      await smtp.close();
    }
  });
});

import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * A real SMTP server in the test process, listening on a free loopback port. It speaks the protocol nodemailer
 * speaks in production (EHLO, AUTH, MAIL FROM, RCPT TO, DATA) and keeps every accepted message, parsed.
 */

export interface ReceivedMail {
  envelopeFrom: string | false;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpReply {
  code: number;
  message: string;
}

export interface TestSmtpServerOptions {
  /** When set, the server requires AUTH with exactly these credentials. */
  auth?: { user: string; pass: string };
}

export interface TestSmtpServer {
  /** An SMTP_URL for this server, with the credentials when auth is required. */
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Number of TCP sessions clients opened, accepted or not. */
  connections(): number;
  /** Answer RCPT TO for this address with the given reply instead of accepting it. */
  refuseRecipient(address: string, reply: SmtpReply): void;
  close(): Promise<void>;
}

function smtpError(reply: SmtpReply): Error & { responseCode: number } {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const refusals = new Map<string, SmtpReply>();
  let connectionCount = 0;

  const server = new SMTPServer({
    // Plain SMTP on loopback: a self-signed STARTTLS would only test certificate handling, not delivery.
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    onConnect(_session, callback) {
      connectionCount += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      const expected = options.auth;
      if (expected && auth.username === expected.user && auth.password === expected.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(smtpError({ code: 535, message: '5.7.8 Authentication credentials invalid' }));
      }
    },
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      callback(refusal ? smtpError(refusal) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            mails.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            callback();
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';

  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    mails,
    connections: () => connectionCount,
    refuseRecipient(address, reply) {
      refusals.set(address.toLowerCase(), reply);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

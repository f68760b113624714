import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { Client as PgClient, type Pool } from 'pg';
import { createDecisionActivities } from '../../activities/decisions';
import { createNotificationActivities, type NotifyInput } from '../../activities/notifications';
import { createNotificationChannels, messageIdFor, type NotificationChannels } from '../../services/notify';
import { buildApp } from '../../api/app';
import { loadConfig } from '../../config';
import { freshDatabase, type FreshDatabase } from '../setup/db';
import { startTestLineServer, type TestLineServer } from '../support/line-server';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

const PUBLIC_BASE_URL = 'http://sujarit.test';
const MAIL_FROM = 'Sujarit <no-reply@sujarit.local>';
const LINE_TOKEN = 'test-channel-access-token';
const LINE_USER = `U${'4af4980629'.padEnd(32, '0')}`;
const DAY_MS = 86_400_000;

const config = loadConfig({
  NODE_ENV: 'development',
  SUJARIT_DEMO: '1',
  APP_SECRET: 'outbox-test-secret-0123456789-abcdefghijklmn',
  LOG_LEVEL: 'silent',
});
// Activities that fail on purpose would otherwise log each failure as a warning.
const activityEnv = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });

function runActivity<A, R>(activity: (input: A) => Promise<R>, input: A): Promise<R> {
  return activityEnv.run(activity, input) as Promise<R>;
}

let db: FreshDatabase;
let pool: Pool;
let smtp: TestSmtpServer;
let line: TestLineServer;
let channels: NotificationChannels;
let seq = 0;

interface Org {
  organizationId: number;
  mayor: number;
  deputy: number;
  coordinator: number;
  unitHead: number;
  clerk: number;
  emails: { mayor: string; coordinator: string; unitHead: string; clerk: string };
}

beforeAll(async () => {
  db = await freshDatabase();
  pool = db.pool;
  smtp = await startTestSmtpServer();
  line = await startTestLineServer({ channelAccessToken: LINE_TOKEN });
  channels = createNotificationChannels({
    SMTP_URL: smtp.url,
    MAIL_FROM,
    LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
    LINE_API_BASE_URL: line.baseURL,
  });
});

afterAll(async () => {
  channels?.close();
  await Promise.all([smtp?.close(), line?.close()]);
  await db?.drop();
});

async function seedOrganization(): Promise<Org> {
  seq += 1;
  const tag = `${seq}-${process.pid}`;
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO organizations (slug, name) VALUES ($1, 'องค์การบริหารส่วนตำบลทดสอบ') RETURNING id`,
    [`outbox-${tag}`],
  );
  const organizationId = rows[0]!.id;
  const { rows: unitRows } = await pool.query<{ id: number }>(
    `INSERT INTO units (organization_id, key, name_th, name_en) VALUES ($1, 'finance', 'กองคลัง', 'Finance Division')
     RETURNING id`,
    [organizationId],
  );
  const person = async (
    fullName: string,
    positionTitle: string,
    role: string | null,
    contact: { email?: string; line?: string } = {},
  ) => {
    const { rows: personRows } = await pool.query<{ id: number }>(
      `INSERT INTO people (organization_id, full_name, position_title, email, line_user_id, unit_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [organizationId, fullName, positionTitle, contact.email ?? null, contact.line ?? null, unitRows[0]!.id],
    );
    const id = personRows[0]!.id;
    if (role) {
      await pool.query(`INSERT INTO role_assignments (organization_id, person_id, role) VALUES ($1, $2, $3)`, [
        organizationId,
        id,
        role,
      ]);
    }
    return id;
  };
  const emails = {
    mayor: `mayor-${tag}@sujarit.go.th`,
    coordinator: `plan-${tag}@sujarit.go.th`,
    unitHead: `finance-${tag}@sujarit.go.th`,
    clerk: `clerk-${tag}@sujarit.go.th`,
  };
  const mayor = await person('นายสมชาย ใจดี', 'นายกองค์การบริหารส่วนตำบลทดสอบ', 'mayor', {
    email: emails.mayor,
    line: LINE_USER,
  });
  const deputy = await person('นางสาวสมหญิง รักงาน', 'รองนายกองค์การบริหารส่วนตำบลทดสอบ', 'deputy_mayor');
  await pool.query(
    `INSERT INTO delegations (organization_id, role, delegate_person_id, valid_from) VALUES ($1, 'mayor', $2, current_date)`,
    [organizationId, deputy],
  );
  const coordinator = await person('นายวิเคราะห์ แผนงาน', 'นักวิเคราะห์นโยบายและแผน', 'coordinator', {
    email: emails.coordinator,
  });
  const unitHead = await person('นางการเงิน มั่นคง', 'ผู้อำนวยการกองคลัง', 'unit_head', {
    email: emails.unitHead,
  });
  const clerk = await person('นายเสมียน ขยัน', 'เจ้าพนักงานธุรการ', null, { email: emails.clerk });
  return { organizationId, mayor, deputy, coordinator, unitHead, clerk, emails };
}

const decisionData = {
  item: { code: '1.3', name: 'โครงการส่งเสริมคุณธรรมและจริยธรรม' },
  decision: { outcome: 'approved' },
  decidedBy: 'นายสมชาย ใจดี นายกองค์การบริหารส่วนตำบลทดสอบ',
  decidedAt: '2026-10-20',
  link: '/items/1.3',
};

function notifyInput(org: Org, overrides: Partial<NotifyInput> = {}): NotifyInput {
  seq += 1;
  return {
    idempotencyKey: `wf-${seq}:decision-result`,
    organizationId: org.organizationId,
    recipients: [{ personId: org.clerk }],
    template: 'decisionResultMessage',
    data: decisionData,
    ...overrides,
  };
}

async function rowsFor(idempotencyKeyPrefix: string) {
  const { rows } = await pool.query<{
    id: number;
    idempotency_key: string;
    person_id: number;
    channel: string;
    to_address: string;
    subject: string;
    status: string;
    attempts: number;
    last_error: string | null;
    sent_at: Date | null;
    links: string[];
  }>(`SELECT * FROM outbox WHERE idempotency_key LIKE $1 ORDER BY id`, [`${idempotencyKeyPrefix}%`]);
  return rows;
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(ApplicationFailure);
  return outcome as ApplicationFailure;
}

describe('notify', () => {
  it('writes one inbox row per person, e-mail and LINE where the person is reachable, once per key', async () => {
    const org = await seedOrganization();
    const notify = createNotificationActivities({ pool, config, channels, publicBaseUrl: PUBLIC_BASE_URL }).notify;
    const input = notifyInput(org, { recipients: [{ role: 'mayor' }, { personId: org.clerk }, { personId: org.mayor }] });

    const first = await runActivity(notify, input);
    const mailsAfterFirst = smtp.mails.length;
    const pushesAfterFirst = line.delivered.length;
    const second = await runActivity(notify, input);

    expect(second.outboxIds).toEqual(first.outboxIds);
    const rows = await rowsFor(input.idempotencyKey);
    expect(rows.map((r) => r.id)).toEqual(first.outboxIds);
    const byPerson = (personId: number) => rows.filter((r) => r.person_id === personId).map((r) => r.channel).sort();
    expect(byPerson(org.mayor)).toEqual(['email', 'inbox', 'line']);
    expect(byPerson(org.deputy)).toEqual(['inbox']);
    expect(byPerson(org.clerk)).toEqual(['email', 'inbox']);
    expect(rows.every((r) => r.status === 'sent' && r.sent_at !== null)).toBe(true);
    expect(rows.every((r) => r.links[0] === `${PUBLIC_BASE_URL}/items/1.3`)).toBe(true);
    expect(rows.find((r) => r.person_id === org.clerk && r.channel === 'inbox')!.to_address).toBe('นายเสมียน ขยัน');
    expect(smtp.mails.length).toBe(mailsAfterFirst);
    expect(line.delivered.length).toBe(pushesAfterFirst);
  });

  it('a database connection cut while an e-mail is being sent does not send it twice', async () => {
    const org = await seedOrganization();
    const email = channels.email!;
    let cut = 0;
    // Right after the SMTP server has taken the message, every connection of the pool is cut from outside, as in a
    // database restart or fail-over; the delivery then records it on whatever connection the pool gives it.
    const cutting: NotificationChannels = {
      ...channels,
      email: {
        async sendEmail(message) {
          const result = await email.sendEmail(message);
          const outside = new PgClient({ connectionString: db.url });
          await outside.connect();
          const { rows } = await outside
            .query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
            .finally(() => outside.end());
          cut += rows.length;
          return result;
        },
        close: () => email.close(),
      },
    };
    const input = notifyInput(org, { recipients: [{ role: 'coordinator' }] });
    const mailsBefore = smtp.mails.length;

    await runActivity(createNotificationActivities({ pool, config, channels: cutting, publicBaseUrl: PUBLIC_BASE_URL }).notify, input);
    await runActivity(createNotificationActivities({ pool, config, channels, publicBaseUrl: PUBLIC_BASE_URL }).notify, input);

    expect(cut).toBeGreaterThan(0);
    expect(smtp.mails.slice(mailsBefore).map((m) => m.envelopeTo[0])).toEqual([org.emails.coordinator]);
    const emailRows = (await rowsFor(input.idempotencyKey)).filter((r) => r.channel === 'email');
    expect(emailRows).toEqual([expect.objectContaining({ status: 'sent' })]);
  });

  it('never sends a message another attempt may still be sending, and after a sender died sends it once more, flagged', async () => {
    const org = await seedOrganization();
    const email = channels.email!;
    // The SMTP server takes the message and then the sender is gone before it can record it, as when its process is
    // killed: the error is no verdict on the message, so the hand-over stays unfinished.
    const dying: NotificationChannels = {
      ...channels,
      email: {
        async sendEmail(message) {
          await email.sendEmail(message);
          throw new Error('the process died here');
        },
        close: () => email.close(),
      },
    };
    const input = notifyInput(org, { recipients: [{ role: 'coordinator' }] });
    const activities = (c: NotificationChannels) => createNotificationActivities({ pool, config, channels: c, publicBaseUrl: PUBLIC_BASE_URL });
    const mailsBefore = smtp.mails.length;

    await expect(runActivity(activities(dying).notify, input)).rejects.toThrow('the process died here');
    expect(smtp.mails.length).toBe(mailsBefore + 1);

    // While the dead sender's lease runs, a retry must assume it may still be at work: nothing is sent, Temporal retries.
    const deferred = await runActivity(activities(channels).notify, input).catch((err: unknown) => err);
    expect(deferred).toBeInstanceOf(ApplicationFailure);
    expect(deferred).toMatchObject({ type: 'DELIVERY_DEFERRED', nonRetryable: false });
    expect(smtp.mails.length).toBe(mailsBefore + 1);

    const [emailRow] = (await rowsFor(input.idempotencyKey)).filter((r) => r.channel === 'email');
    await pool.query(`UPDATE outbox_handoffs SET lease_until = now() - interval '1 second' WHERE outbox_id = $1`, [emailRow!.id]);
    await runActivity(activities(channels).notify, input);
    await runActivity(activities(channels).notify, input);

    const copies = smtp.mails.slice(mailsBefore);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((m) => m.parsed.messageId)).size).toBe(1);
    expect((await rowsFor(input.idempotencyKey)).find((r) => r.id === emailRow!.id)).toMatchObject({ status: 'sent' });
    const { rows: handoffs } = await pool.query<{ outcome: string | null; after_unknown_outcome: boolean }>(
      'SELECT outcome, after_unknown_outcome FROM outbox_handoffs WHERE outbox_id = $1 ORDER BY id',
      [emailRow!.id],
    );
    expect(handoffs).toEqual([
      { outcome: null, after_unknown_outcome: false },
      { outcome: 'sent', after_unknown_outcome: true },
    ]);
  });

  it('delivers e-mail through SMTP with a stable Message-ID, marks it sent, and never sends it again', async () => {
    const org = await seedOrganization();
    const notify = createNotificationActivities({ pool, config, channels, publicBaseUrl: PUBLIC_BASE_URL }).notify;
    const input = notifyInput(org, { recipients: [{ role: 'coordinator' }, { role: 'unit_head', unitKey: 'finance' }] });
    const mailsBefore = smtp.mails.length;

    await runActivity(notify, input);
    await runActivity(notify, input);

    const mails = smtp.mails.slice(mailsBefore);
    expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual([org.emails.unitHead, org.emails.coordinator].sort());
    const emailRows = (await rowsFor(input.idempotencyKey)).filter((r) => r.channel === 'email');
    expect(emailRows).toHaveLength(2);
    for (const row of emailRows) {
      expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
      const mail = mails.find((m) => m.envelopeTo[0] === row.to_address)!;
      expect(mail.parsed.messageId).toBe(messageIdFor(`${row.idempotency_key}:email`, 'sujarit.local'));
      expect(mail.parsed.subject).toBe(row.subject);
      expect(mail.parsed.subject).toContain('ผลการพิจารณา');
      expect(mail.parsed.text).toContain(`${PUBLIC_BASE_URL}/items/1.3`);
    }
  });

  it('marks a refused address failed, fails without retry, and never contacts the server for it again', async () => {
    const org = await seedOrganization();
    smtp.refuseRecipient(org.emails.clerk, { code: 550, message: '5.1.1 Mailbox unavailable' });
    const notify = createNotificationActivities({ pool, config, channels, publicBaseUrl: PUBLIC_BASE_URL }).notify;
    const input = notifyInput(org);

    const failure = await failureOf(runActivity(notify, input));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('DELIVERY_FAILED');
    const connections = smtp.connections();
    const again = await failureOf(runActivity(notify, input));
    expect(again.type).toBe('DELIVERY_FAILED');
    expect(smtp.connections()).toBe(connections);

    const rows = await rowsFor(input.idempotencyKey);
    expect(rows.find((r) => r.channel === 'email')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(rows.find((r) => r.channel === 'email')!.last_error).toContain('550');
    expect(rows.find((r) => r.channel === 'inbox')).toMatchObject({ status: 'sent' });
  });

  it('keeps a deferred e-mail pending and asks Temporal to retry', async () => {
    const org = await seedOrganization();
    smtp.refuseRecipient(org.emails.clerk, { code: 451, message: '4.3.0 Try again later' });
    const notify = createNotificationActivities({ pool, config, channels, publicBaseUrl: PUBLIC_BASE_URL }).notify;
    const input = notifyInput(org);

    const failure = await failureOf(runActivity(notify, input));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe('DELIVERY_DEFERRED');
    const email = (await rowsFor(input.idempotencyKey)).find((r) => r.channel === 'email')!;
    expect(email).toMatchObject({ status: 'pending', attempts: 1 });
    expect(email.last_error).toContain('451');
  });

  it('makes a LINE push lost after LINE accepted it harmless: the retry reuses the retry key and LINE delivers once', async () => {
    const org = await seedOrganization();
    const notify = createNotificationActivities({ pool, config, channels, publicBaseUrl: PUBLIC_BASE_URL }).notify;
    const input = notifyInput(org, { recipients: [{ personId: org.mayor }] });
    const pushesBefore = line.delivered.length;
    line.injectFailure({ kind: 'accept-then-drop' });

    const lost = await failureOf(runActivity(notify, input));
    expect(lost.nonRetryable).toBe(false);
    expect((await rowsFor(input.idempotencyKey)).find((r) => r.channel === 'line')).toMatchObject({
      status: 'pending',
      attempts: 1,
    });

    await runActivity(notify, input);
    expect((await rowsFor(input.idempotencyKey)).find((r) => r.channel === 'line')).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    const pushes = line.delivered.slice(pushesBefore);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.to).toBe(LINE_USER);
    expect(pushes[0]!.messages[0]!.text).toContain('ผลการพิจารณา');
  });

  it('refuses unknown people, unknown templates and invalid data before writing anything', async () => {
    const org = await seedOrganization();
    const notify = createNotificationActivities({ pool, config, channels, publicBaseUrl: PUBLIC_BASE_URL }).notify;
    const cases: Array<[NotifyInput, string]> = [
      [notifyInput(org, { recipients: [{ personId: 987654 }] }), 'NOT_FOUND'],
      [notifyInput(org, { template: 'approvalRequestMessage' }), 'INVALID_TEMPLATE'],
      [notifyInput(org, { template: 'noSuchMessage' }), 'INVALID_TEMPLATE'],
      [notifyInput(org, { data: { ...decisionData, decision: { outcome: 'rejected' } } }), 'INVALID_TEMPLATE'],
    ];
    for (const [input, type] of cases) {
      const failure = await failureOf(runActivity(notify, input));
      expect(failure.type).toBe(type);
      expect(failure.nonRetryable).toBe(true);
      expect(await rowsFor(input.idempotencyKey)).toHaveLength(0);
    }
  });
});

describe('decision requests by e-mail', () => {
  it('sends each approver the signed link once, however often openDecision is retried', async () => {
    const org = await seedOrganization();
    const activities = createDecisionActivities({ pool, config, channels, publicBaseUrl: PUBLIC_BASE_URL });
    const input = {
      workflowId: `item-year-mail-${seq}-${process.pid}`,
      decisionKey: 'proposal:1',
      purpose: 'proposal' as const,
      approverRole: 'mayor' as const,
      organizationId: org.organizationId,
      itemYearId: null,
      summary: {
        itemCode: '2.1',
        itemName: 'มาตรการเผยแพร่ข้อมูลข่าวสาร',
        fiscalYear: 2570,
        budget: null,
        askTh: 'พิจารณาอนุมัติโครงการ',
        askEn: 'approve the project',
      },
      dueAtMs: Date.now() + 7 * DAY_MS,
      linkTtlMs: 14 * DAY_MS,
    };
    const mailsBefore = smtp.mails.length;

    await runActivity(activities.openDecision, input);
    await runActivity(activities.openDecision, input);

    const mails = smtp.mails.slice(mailsBefore);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.subject).toContain('ขออนุมัติโครงการ');
    const link = /http:\/\/sujarit\.test\/d\/[A-Za-z0-9_-]{43}/.exec(mails[0]!.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();
    const rows = await rowsFor(`${input.workflowId}:`);
    expect(rows.filter((r) => r.person_id === org.mayor).map((r) => r.channel).sort()).toEqual(['email', 'inbox', 'line']);
    const mayorRows = rows.filter((r) => r.person_id === org.mayor);
    expect(mayorRows.every((r) => r.links[0] === link && r.status === 'sent')).toBe(true);
    expect(rows.filter((r) => r.person_id === org.deputy).map((r) => r.channel)).toEqual(['inbox']);
    const { rows: stored } = await pool.query<{ token_hash: string }>(
      `SELECT token_hash FROM decision_links l JOIN decision_points p ON p.id = l.decision_point_id WHERE p.workflow_id = $1`,
      [input.workflowId],
    );
    expect(stored).toHaveLength(2);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash) && !link!.includes(s.token_hash))).toBe(true);
  });
});

describe('dev inbox', () => {
  const temporal = {} as Client;

  it('lists every message newest first as JSON and as a page with clickable links', async () => {
    const org = await seedOrganization();
    const notify = createNotificationActivities({ pool, config, channels, publicBaseUrl: PUBLIC_BASE_URL }).notify;
    const input = notifyInput(org, { data: { ...decisionData, link: '/items/1.3?tab=history&year=2570' } });
    await runActivity(notify, input);
    const app = await buildApp({ config, pool, temporal });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/dev/outbox?limit=500' });
      expect(res.statusCode).toBe(200);
      const list = res.json() as Array<{ id: number; channel: string; to: string; subject: string; body: string; links: string[]; createdAt: string }>;
      const ids = list.map((m) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const inbox = list.find((m) => m.channel === 'inbox' && m.to === 'นายเสมียน ขยัน' && m.links[0]?.includes('tab=history'))!;
      expect(inbox).toMatchObject({ subject: expect.stringContaining('ผลการพิจารณา'), links: [`${PUBLIC_BASE_URL}/items/1.3?tab=history&year=2570`] });
      expect(inbox.body).toContain('นายสมชาย ใจดี');
      expect(new Date(inbox.createdAt).getTime()).not.toBeNaN();

      const page = await app.inject({ method: 'GET', url: '/dev/inbox' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain(`<a href="${PUBLIC_BASE_URL}/items/1.3?tab=history&amp;year=2570">`);
    } finally {
      await app.close();
    }
  });

  it('does not exist unless the demo is asked for', async () => {
    const withoutDemo = { ...config, SUJARIT_DEMO: false };
    const app = await buildApp({ config: withoutDemo, pool, temporal });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/dev/outbox' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/dev/inbox' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});

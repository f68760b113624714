import { ApplicationFailure, log } from '@temporalio/activity';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Config } from '../config';
import { bangkokDate } from '../domain/fiscal';
import {
  renderMessage,
  type Message,
  type NotificationContent,
  type WorkflowMessageData,
  type WorkflowTemplate,
} from '../domain/messages';
import { escalationTargetSchema } from '../domain/reminder-policy-schema';
import * as outbox from '../db/queries/outbox';
import * as people from '../db/queries/people';
import { inTransaction, type Db } from '../db/pool';
import type { ItemYearActivities, Recipient } from '../workflows/item-year/activity-contract';
import {
  createNotificationChannels,
  isDeliveryError,
  isPermanentDeliveryError,
  lineTextMessages,
  type NotificationChannels,
} from './notify';

/**
 * Notifications go through the outbox: rows are written first (idempotent by key and channel), then e-mail and
 * LINE rows are delivered and marked. Delivery is at-least-once. If the process dies after the SMTP server or
 * LINE accepted a message but before the row is marked sent, the next attempt sends it again; that resend carries
 * the same Message-ID (derived from the row's idempotency key), which mail clients and archives use to recognise
 * the copy, and the same X-Line-Retry-Key, for which LINE answers 409 instead of delivering twice. A row marked
 * sent is never sent again.
 */

export interface NotificationDeps {
  pool: Pool;
  config: Config;
  /** Unset: built from the SMTP and LINE settings in config on first use. */
  channels?: NotificationChannels;
  publicBaseUrl: string;
}

/** One channel set per deps object, so the SMTP connection pool is shared by every activity of a worker. */
const builtChannels = new WeakMap<NotificationDeps, NotificationChannels>();

export function channelsOf(deps: NotificationDeps): NotificationChannels {
  if (deps.channels) return deps.channels;
  let channels = builtChannels.get(deps);
  if (!channels) {
    channels = createNotificationChannels(deps.config);
    builtChannels.set(deps, channels);
  }
  return channels;
}

export interface MessageRecipient {
  id: number;
  fullName: string;
  email: string | null;
  lineUserId: string | null;
}

/**
 * Writes one message for one person: always to the in-app inbox, and to e-mail and LINE when the person can be
 * reached there and the channel is configured. Returns the ids of the rows this call created (none on a repeat).
 */
export async function enqueueMessage(
  db: Db,
  message: {
    idempotencyKey: string;
    organizationId: number | null;
    person: MessageRecipient;
    content: NotificationContent;
    links: string[];
    channels: NotificationChannels;
  },
): Promise<number[]> {
  const { person, content, channels } = message;
  const base = {
    idempotencyKey: message.idempotencyKey,
    organizationId: message.organizationId,
    personId: person.id,
    subject: content.subject,
    links: message.links,
  };
  const rows: outbox.NewOutboxMessage[] = [
    { ...base, channel: 'inbox', toAddress: person.fullName, bodyText: content.text, bodyHtml: content.html },
  ];
  if (person.email && channels.email) {
    rows.push({ ...base, channel: 'email', toAddress: person.email, bodyText: content.text, bodyHtml: content.html });
  }
  if (person.lineUserId && channels.line) {
    rows.push({ ...base, channel: 'line', toAddress: person.lineUserId, bodyText: content.lineText, bodyHtml: null });
  }
  const ids: number[] = [];
  for (const row of rows) {
    const id = await outbox.insertOutboxMessage(db, row);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

export interface DeliveryFailure {
  outboxId: number;
  channel: outbox.OutboxChannel;
  message: string;
}

export interface DeliveryReport {
  sent: number[];
  transient: DeliveryFailure[];
  /** Rows that can never be delivered: failed now or on an earlier attempt. */
  permanent: DeliveryFailure[];
}

async function send(row: outbox.OutboxRow, channels: NotificationChannels): Promise<void> {
  if (row.channel === 'email') {
    if (!channels.email) throw new ChannelUnavailableError('email');
    await channels.email.sendEmail({
      to: row.toAddress,
      subject: row.subject,
      text: row.bodyText,
      ...(row.bodyHtml !== null ? { html: row.bodyHtml } : {}),
      idempotencyKey: `${row.idempotencyKey}:email`,
    });
  } else if (row.channel === 'line') {
    if (!channels.line) throw new ChannelUnavailableError('line');
    await channels.line.pushLine({
      to: row.toAddress,
      messages: lineTextMessages(row.bodyText),
      idempotencyKey: `${row.idempotencyKey}:line`,
    });
  }
}

/** The row was written while the channel was configured and the settings have since been removed. */
class ChannelUnavailableError extends Error {
  constructor(readonly channel: 'email' | 'line') {
    super(`ช่องทาง ${channel} ไม่ได้ตั้งค่าไว้ / the ${channel} channel is not configured`);
    this.name = 'ChannelUnavailableError';
  }
}

function isPermanent(err: unknown): boolean {
  return err instanceof ChannelUnavailableError || isPermanentDeliveryError(err);
}

function describeError(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 2000);
}

/**
 * Delivers the pending e-mail and LINE rows written under these keys. Each row is sent while its lock is held and
 * marked in the same transaction, so two concurrent attempts never both send it.
 */
export async function deliverOutbox(
  pool: Pool,
  channels: NotificationChannels,
  idempotencyKeys: readonly string[],
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], transient: [], permanent: [] };
  const rows = await outbox.listOutboxByKeys(pool, idempotencyKeys);
  for (const candidate of rows) {
    if (candidate.channel === 'inbox') continue;
    if (candidate.status === 'failed') {
      report.permanent.push({
        outboxId: candidate.id,
        channel: candidate.channel,
        message: candidate.lastError ?? 'failed',
      });
      continue;
    }
    if (candidate.status !== 'pending') continue;
    await inTransaction(pool, async (client) => {
      const row = await outbox.lockOutboxRow(client, candidate.id);
      if (!row || row.status !== 'pending') return;
      try {
        await send(row, channels);
      } catch (err) {
        if (!isDeliveryError(err) && !(err instanceof ChannelUnavailableError)) {
          // Not a verdict on the message (a bug, a dropped database connection): record nothing, let the retry decide.
          throw err;
        }
        const permanent = isPermanent(err);
        const failure = { outboxId: row.id, channel: row.channel, message: describeError(err) };
        await outbox.markOutboxAttemptFailed(client, { id: row.id, error: failure.message, permanent });
        (permanent ? report.permanent : report.transient).push(failure);
        return;
      }
      await outbox.markOutboxSent(client, row.id);
      report.sent.push(row.id);
    });
  }
  return report;
}

function summarise(failures: DeliveryFailure[]): string {
  return failures.map((f) => `#${f.outboxId} ${f.channel}: ${f.message}`).join('; ');
}

/** Transient failures make the activity retry (sent rows are skipped then); the rest is only logged. */
export function throwIfDeliveryMustRetry(report: DeliveryReport): void {
  if (report.transient.length) {
    throw ApplicationFailure.retryable(
      `ส่งข้อความไม่สำเร็จ จะลองใหม่ / delivery failed, will retry: ${summarise(report.transient)}`,
      'DELIVERY_DEFERRED',
    );
  }
}

export function logPermanentFailures(report: DeliveryReport): void {
  if (report.permanent.length) {
    log.warn('ส่งข้อความบางช่องทางไม่ได้ ข้อความยังอยู่ในกล่องข้อความในระบบ / some channels refused delivery', {
      failures: summarise(report.permanent),
    });
  }
}

/** Absolute link for a message: a path is resolved against the public base URL. */
export function absoluteLink(publicBaseUrl: string, link: string | undefined): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  if (!link) return `${base}/`;
  if (link.startsWith('/')) return `${base}${link}`;
  return link;
}

/** How a message addresses its reader, as a memo would: by position when there is one. */
export function formOfAddress(person: { fullName: string; positionTitle: string }): string {
  return person.positionTitle.trim() || person.fullName;
}

export function todayInBangkok(): string {
  return bangkokDate(Date.now());
}

// ---------------------------------------------------------------------------------------------------------------
// The payload a workflow sends: WorkflowMessage (domain/messages) at compile time, checked again here at run time
// because histories recorded by older code, and hand-started workflows, reach this activity too.

const itemSchema = z.object({ code: z.string().min(1), name: z.string().min(1) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const common = { link: z.string().min(1).optional(), digits: z.enum(['thai', 'arabic']).optional() };
/** What every message about a step's due date carries. */
const stepDue = { ...common, item: itemSchema, step: z.string().min(1), dueDate: isoDate };

/** One schema per workflow template; the mapped type makes a schema that drifts from the catalogue fail to compile. */
const WORKFLOW_MESSAGE_SCHEMAS = {
  decisionResultMessage: z.object({
    ...common,
    item: itemSchema,
    decision: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('approved') }),
      z.object({ outcome: z.literal('rejected'), reason: z.string().min(1) }),
      z.object({ outcome: z.literal('changes_requested'), reason: z.string().min(1) }),
    ]),
    decidedBy: z.string().min(1),
    decidedAt: z.union([isoDate, z.number()]),
  }),
  stepDueReminderMessage: z.object({ ...stepDue, daysLeft: z.number().int().min(0) }),
  overdueReminderMessage: z.object({ ...stepDue, daysOverdue: z.number().int().min(1) }),
  escalationMessage: z.object({
    ...stepDue,
    daysOverdue: z.number().int().min(1),
    escalateTo: escalationTargetSchema,
    owner: z.object({ name: z.string().min(1), unit: z.string().optional() }),
  }),
  reportReadyForSignOffMessage: z.object({
    ...common,
    report: z.object({ kind: z.enum(['six_month', 'annual']), fiscalYear: z.number().int() }),
    organisationName: z.string().min(1),
    stage: z.enum(['forward', 'final']),
    dueDate: isoDate.optional(),
  }),
} satisfies { [K in WorkflowTemplate]: z.ZodType<WorkflowMessageData<K>> };

export const WORKFLOW_TEMPLATE_NAMES = Object.keys(WORKFLOW_MESSAGE_SCHEMAS) as WorkflowTemplate[];

function isWorkflowTemplate(name: unknown): name is WorkflowTemplate {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(WORKFLOW_MESSAGE_SCHEMAS, name);
}

/**
 * Validates a payload once, before anything is written, and returns a renderer for each recipient. An unknown
 * template or invalid data can never succeed on a retry, so both fail the activity as non-retryable.
 */
export function prepareTemplate(
  template: unknown,
  data: unknown,
  publicBaseUrl: string,
): (recipient: string) => { content: NotificationContent; link: string } {
  if (!isWorkflowTemplate(template)) {
    throw ApplicationFailure.nonRetryable(
      `ไม่รู้จักแม่แบบข้อความ "${String(template)}" / unknown template (known: ${WORKFLOW_TEMPLATE_NAMES.join(', ')})`,
      'INVALID_TEMPLATE',
    );
  }
  const parsed = WORKFLOW_MESSAGE_SCHEMAS[template].safeParse(data);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(
      `ข้อมูลของแม่แบบ ${template} ไม่ถูกต้อง / invalid data for template ${template}: ` +
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      'INVALID_TEMPLATE',
    );
  }
  const link = absoluteLink(publicBaseUrl, parsed.data.link);
  // The schema's output is that template's data (checked by WORKFLOW_MESSAGE_SCHEMAS' type); the pair is re-joined here.
  const message = { template, data: { ...parsed.data, link } } as Message<WorkflowTemplate>;
  return (recipient) => {
    try {
      return { content: renderMessage(message, { recipient }), link };
    } catch (err) {
      // The entries throw RangeError on input no retry can fix (an empty name, a malformed link).
      throw ApplicationFailure.nonRetryable(describeError(err), 'INVALID_TEMPLATE');
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** What a workflow sends (the contract in workflows/item-year/activity-contract, typed by the catalogue). */
export type NotifyRequest = Parameters<ItemYearActivities['notify']>[0];

/**
 * What the activity accepts: a request of any shape a history may hold, old or new. Its template and data are
 * checked at run time by prepareTemplate.
 */
export interface NotifyInput {
  idempotencyKey: string;
  organizationId: number;
  recipients: Recipient[];
  template: string;
  data: unknown;
}

/**
 * The people a recipient list names, in order, each once. A unit without a head falls back to the palad; other roles
 * with nobody in them are skipped with a warning.
 */
export async function resolveRecipients(
  db: Db,
  organizationId: number,
  recipients: readonly Recipient[],
  onDate: string,
): Promise<{ personIds: number[]; unresolved: string[] }> {
  const personIds: number[] = [];
  const unresolved: string[] = [];
  const add = (ids: number[]) => {
    for (const id of ids) if (!personIds.includes(id)) personIds.push(id);
  };
  for (const recipient of recipients) {
    if ('personId' in recipient) {
      add([recipient.personId]);
    } else if (recipient.role === 'unit_head') {
      const ids = await people.listUnitHeads(db, { organizationId, unitKey: recipient.unitKey, onDate });
      if (ids.length) {
        add(ids);
        continue;
      }
      // Work of the whole organisation (or of a unit without a head) answers to the palad, who supervises all units.
      const palad = await people.listAuthorities(db, { organizationId, role: 'palad', onDate });
      if (!palad.length) unresolved.push(`unit_head:${recipient.unitKey}`);
      add(palad.map((a) => a.personId));
    } else if (recipient.role === 'mayor' || recipient.role === 'palad') {
      const authorities = await people.listAuthorities(db, { organizationId, role: recipient.role, onDate });
      if (!authorities.length) unresolved.push(recipient.role);
      add(authorities.map((a) => a.personId));
    } else {
      const ids = await people.listRoleHolders(db, { organizationId, role: recipient.role, onDate });
      if (!ids.length) unresolved.push(recipient.role);
      add(ids);
    }
  }
  return { personIds, unresolved };
}

export function createNotificationActivities(deps: NotificationDeps) {
  const { pool, publicBaseUrl } = deps;

  return {
    async notify(input: NotifyInput): Promise<{ outboxIds: number[] }> {
      if (!input.idempotencyKey) {
        throw ApplicationFailure.nonRetryable('idempotencyKey ต้องไม่ว่าง / idempotencyKey is required', 'VALIDATION_FAILED');
      }
      const renderFor = prepareTemplate(input.template, input.data, publicBaseUrl);
      const channels = channelsOf(deps);
      const { personIds, unresolved } = await resolveRecipients(
        pool,
        input.organizationId,
        input.recipients,
        todayInBangkok(),
      );
      if (unresolved.length) {
        log.warn('ไม่พบผู้ดำรงตำแหน่งที่จะรับข้อความ / no one holds these roles', { unresolved: unresolved.join(', ') });
      }
      const found = await people.findPeopleByIds(pool, personIds);
      const missing = personIds.filter((id) => !found.some((p) => p.id === id && p.organizationId === input.organizationId));
      if (missing.length) {
        throw ApplicationFailure.nonRetryable(
          `ไม่พบบุคคลในหน่วยงาน / people not found in organisation ${input.organizationId}: ${missing.join(', ')}`,
          'NOT_FOUND',
        );
      }
      const keys: string[] = [];
      for (const personId of personIds) {
        const person = found.find((p) => p.id === personId)!;
        if (!person.active) continue;
        const idempotencyKey = `${input.idempotencyKey}:p${person.id}`;
        const { content, link } = renderFor(formOfAddress(person));
        await enqueueMessage(pool, {
          idempotencyKey,
          organizationId: input.organizationId,
          person,
          content,
          links: [link],
          channels,
        });
        keys.push(idempotencyKey);
      }
      const report = await deliverOutbox(pool, channels, keys);
      throwIfDeliveryMustRetry(report);
      if (report.permanent.length) {
        throw ApplicationFailure.nonRetryable(
          `ส่งข้อความไม่ได้ (ข้อความยังอยู่ในกล่องข้อความในระบบ) / delivery refused, the in-app inbox still has it: ` +
            summarise(report.permanent),
          'DELIVERY_FAILED',
        );
      }
      const rows = await outbox.listOutboxByKeys(pool, keys);
      return { outboxIds: rows.map((r) => r.id) };
    },
  } satisfies Pick<ItemYearActivities, 'notify'>;
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;

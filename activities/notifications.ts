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
import type { Db } from '../db/pool';
import type { ItemYearActivities, Recipient } from '../workflows/item-year/activity-contract';
import { createNotificationChannels, type NotificationChannels } from '../services/notify';
import { deliverOutbox, describeError, enqueueMessage, formOfAddress, type DeliveryFailure, type DeliveryReport } from '../services/outbox';
import { storing } from './storable';

/**
 * Notifications as activities: what a workflow may send, through the outbox (services/outbox.ts), which routes use
 * as well.
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

function summarise(failures: DeliveryFailure[]): string {
  return failures.map((f) => `#${f.outboxId} ${f.channel}: ${f.message}`).join('; ');
}

/** Transient failures make the activity retry (sent rows are skipped then); the rest is only logged. */
/** Every activity that delivers calls this first, so a possible second copy is logged wherever it happens. */
export function throwIfDeliveryMustRetry(report: DeliveryReport): void {
  if (report.resentAfterUnknownOutcome.length) {
    log.warn(
      'ส่งข้อความอีกครั้งหลังการส่งที่ไม่ทราบผล ผู้รับอาจได้รับซ้ำภายใต้รหัสข้อความเดิม / sent again after a hand-over with an unknown outcome; recipients may have it twice, under the same message id',
      { outboxIds: report.resentAfterUnknownOutcome.join(', ') },
    );
  }
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
  planAmendmentNoticeMessage: z.object({
    ...common,
    item: itemSchema,
    amendmentNumber: z.number().int().positive(),
    fiscalYear: z.number().int(),
    change: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('cancelled') }),
      z.object({
        kind: z.literal('changed'),
        budgetBefore: z.number().nullable(),
        budget: z.number().nullable(),
        unitKey: z.string().min(1).optional(),
        stepsChanged: z.literal(true).optional(),
      }),
    ]),
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
        await storing({ th: 'ข้อความแจ้งเตือน', en: 'the notification' }, () =>
          enqueueMessage(pool, {
            idempotencyKey,
            organizationId: input.organizationId,
            person,
            content,
            links: [link],
            channels,
          }),
        );
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

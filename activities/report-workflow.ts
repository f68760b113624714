import { ApplicationFailure, log } from '@temporalio/activity';
import { z } from 'zod';
import { appendAudit, auditKeyFrom } from '../db/audit';
import { inTransaction } from '../db/pool';
import { listHolidayDates } from '../db/queries/holidays';
import { findOrganizationById, findOrganizationBySlug } from '../db/queries/organizations';
import * as people from '../db/queries/people';
import * as reports from '../db/queries/reports';
import type { WorkCalendar } from '../domain/calendar';
import { addDays } from '../domain/fiscal';
import { renderMessage, type ReportNotice } from '../domain/messages';
import { reminderPolicySchema } from '../domain/reminder-policy-schema';
import type { ReminderPolicyInput } from '../domain/reminders';
import { buildReportModel, reportPeriod, reportTitle } from '../domain/report';
import type { ReportKind } from '../domain/report-kind';
import { arabicToThaiDigits } from '../domain/thai';
import { formatBaht, formatEnglishDate, formatThaiDate, periodTitle } from '../domain/thai-format';
import type { Recipient } from '../workflows/item-year/activity-contract';
import type { ReportFacts, ReportWorkflowOwnActivities, ReportEventInput } from '../workflows/report/activity-contract';
import { publicReportPath } from '../workflows/report/messages';
import { absoluteLink, channelsOf, logPermanentFailures, resolveRecipients, throwIfDeliveryMustRetry, todayInBangkok, type NotificationDeps } from './notifications';
import { deliverOutbox, enqueueMessage, formOfAddress } from '../services/outbox';
import { loadReportSnapshot } from './reports';

/**
 * What the report workflow needs besides the report store (activities/reports) and the decision and notification
 * activities it shares with the item-year workflow: the organisation and period, facts for the sign-off request,
 * the draft / in-review status, the audit trail and the two report notices (sent back, published).
 */

function reportTitles(kind: ReportKind, fiscalYear: number): { th: string; en: string } {
  return {
    th: reportTitle(kind, fiscalYear, { lang: 'th', digits: 'thai' }).join(' '),
    en: reportTitle(kind, fiscalYear, { lang: 'en', digits: 'arabic' }).join(' '),
  };
}

const reportNoticeSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('sent_back'),
    role: z.enum(['palad', 'mayor']),
    // As lenient as the code that wrote older histories: the workflow puts '-' for a missing reason.
    reason: z.string(),
    decidedBy: z.string(),
  }),
  z.object({ event: z.literal('published') }),
]) satisfies z.ZodType<ReportNotice>;

/** A notice from any history, checked before anything is written: bad data can never succeed on a retry. */
function requireReportNotice(notice: unknown): ReportNotice {
  const parsed = reportNoticeSchema.safeParse(notice);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(
      'ข้อมูลของประกาศรายงานไม่ถูกต้อง / invalid report notice: ' +
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      'INVALID_TEMPLATE',
    );
  }
  return parsed.data;
}

function requireReport(row: reports.ReportRow | undefined, reportId: number): reports.ReportRow {
  if (!row) throw ApplicationFailure.nonRetryable(`ไม่พบรายงาน / report not found: ${reportId}`, 'NOT_FOUND');
  return row;
}

export function createReportWorkflowActivities(deps: NotificationDeps): ReportWorkflowOwnActivities {
  const { pool, publicBaseUrl } = deps;
  const auditKey = auditKeyFrom(deps.config);

  return {
    /**
     * The organisation, with what its decisions are reminded by: its own reminder policy (settings.reminderPolicy,
     * as the item-years use it) and its working calendar for the coming year.
     */
    async resolveReportOrganization(input: {
      organizationSlug?: string;
      organizationId?: number;
    }): Promise<{ id: number; slug: string; name: string; reminderPolicy?: ReminderPolicyInput; calendar: WorkCalendar }> {
      const org =
        input.organizationSlug !== undefined
          ? await findOrganizationBySlug(pool, input.organizationSlug)
          : input.organizationId !== undefined
            ? await findOrganizationById(pool, input.organizationId)
            : undefined;
      if (!org) {
        throw ApplicationFailure.nonRetryable(
          `ไม่พบองค์กร / organisation not found: ${input.organizationSlug ?? input.organizationId ?? '(none given)'}`,
          'NOT_FOUND',
        );
      }
      const policy = reminderPolicySchema.omit({ dayMs: true }).safeParse(org.settings.reminderPolicy ?? {});
      if (!policy.success) log.warn('ignoring an invalid reminder policy in the organisation settings', { organization: org.slug });
      const today = todayInBangkok();
      const holidays = await listHolidayDates(pool, org.id, today, addDays(today, 400));
      return {
        id: org.id,
        slug: org.slug,
        name: org.name,
        ...(policy.success && org.settings.reminderPolicy ? { reminderPolicy: policy.data } : {}),
        calendar: { skipWeekends: true, holidays },
      };
    },

    async findPublishedReportVersion(input: {
      organizationId: number;
      kind: ReportKind;
      fiscalYear: number;
    }): Promise<{ reportId: number; version: number } | null> {
      const row = await reports.findPublishedReport(pool, input);
      return row ? { reportId: row.id, version: row.version } : null;
    },

    /** The facts an approver needs before opening the document, read from the version's own snapshot. */
    async describeReportVersion(input: { reportId: number }): Promise<ReportFacts> {
      const row = requireReport(await reports.findReportById(pool, input.reportId), input.reportId);
      const snapshot = await loadReportSnapshot(pool, row.id);
      const model = buildReportModel(snapshot, { lang: 'th', digits: 'arabic' });
      const o = model.overall;
      const title = reportTitles(row.kind, row.fiscalYear);
      const period = reportPeriod(row.kind, row.fiscalYear);
      const documentUrl = absoluteLink(publicBaseUrl, `/reports/${row.id}/pdf`);
      const bahtTh = (satang: number) => formatBaht(satang / 100, { digits: 'thai', unit: true });
      const bahtEn = (satang: number) => formatBaht(satang / 100, { lang: 'en', unit: true });
      const th = (n: number) => arabicToThaiDigits(String(n));
      const memo = [
        `${title.th}`,
        `ฉบับที่ ${th(row.version)} จัดทำเมื่อ ${formatThaiDate(row.createdAt.getTime(), { digits: 'thai' })}`,
        `ช่วงเวลา ${periodTitle(period, { digits: 'thai' })}`,
        `รายการตามแผน ${th(o.planned)} รายการ: ดำเนินการแล้ว ${th(o.done)} อยู่ระหว่างดำเนินการ ${th(o.inProgress)} ` +
          `ยังไม่ได้ดำเนินการ ${th(o.notStarted)} ยกเลิก ${th(o.cancelled)}`,
        `งบประมาณตามแผน ${bahtTh(o.budgetPlannedSatang)} เบิกจ่ายแล้ว ${bahtTh(o.budgetSpentSatang)}`,
        `เอกสารรายงาน (เข้าสู่ระบบก่อนเปิด): ${documentUrl}`,
        '',
        `${title.en}, version ${row.version} of ${formatEnglishDate(row.createdAt.getTime())}`,
        `${o.planned} items: ${o.done} done, ${o.inProgress} in progress, ${o.notStarted} not started, ${o.cancelled} cancelled; ` +
          `budget ${bahtEn(o.budgetPlannedSatang)} planned, ${bahtEn(o.budgetSpentSatang)} disbursed`,
      ].join('\n');
      return {
        organizationName: snapshot.organization.name,
        titleTh: title.th,
        titleEn: title.en,
        budgetPlannedBaht: o.budgetPlannedSatang / 100,
        memo,
        documentUrl,
      };
    },

    /**
     * draft → in_review when the chain starts, back to draft when it is sent back. A retried call finds the report
     * already where it should be and succeeds; any other status is a bug the workflow must not paper over.
     */
    async setReportReview(input: { reportId: number; from: 'draft' | 'in_review'; to: 'draft' | 'in_review' }): Promise<void> {
      if (await reports.setReportReviewStatus(pool, input.reportId, { from: input.from, to: input.to })) return;
      const row = requireReport(await reports.findReportById(pool, input.reportId), input.reportId);
      if (row.status === input.to) return;
      throw ApplicationFailure.nonRetryable(
        `รายงาน ${input.reportId} อยู่ในสถานะ ${row.status} / report ${input.reportId} is ${row.status}, expected ${input.from}`,
        'INVALID_TRANSITION',
      );
    },

    /** One row of the hash-chained audit log per workflow revision; a retry appends nothing. */
    async recordReportEvent(input: ReportEventInput): Promise<void> {
      await inTransaction(pool, (tx) =>
        appendAudit(tx, auditKey, {
          idempotencyKey: `${input.workflowId}:rev:${input.revision}`,
          organizationId: input.organizationId,
          occurredAt: new Date(),
          actor: input.actor,
          action: input.action,
          entityType: 'report',
          entityId: input.workflowId,
          before: input.before,
          after: input.after,
        }),
      );
    },

    /** Sent back or published, to the people named; the key makes a retry send nothing twice. */
    async notifyReport(input: {
      idempotencyKey: string;
      organizationId: number;
      reportId: number;
      recipients: Recipient[];
      notice: ReportNotice;
    }): Promise<{ outboxIds: number[] }> {
      const notice = requireReportNotice(input.notice);
      const row = requireReport(await reports.findReportById(pool, input.reportId), input.reportId);
      const org = await findOrganizationById(pool, row.organizationId);
      if (!org) throw ApplicationFailure.nonRetryable(`ไม่พบองค์กร / organisation ${row.organizationId} not found`, 'NOT_FOUND');
      const link = absoluteLink(
        publicBaseUrl,
        notice.event === 'published' ? publicReportPath(org.slug, row.kind, row.fiscalYear) : `/reports/${row.id}/pdf`,
      );
      const title = reportTitles(row.kind, row.fiscalYear);
      const channels = channelsOf(deps);
      const { personIds } = await resolveRecipients(pool, input.organizationId, input.recipients, todayInBangkok());
      const found = await people.findPeopleByIds(pool, personIds);
      const keys: string[] = [];
      for (const person of found) {
        if (!person.active || person.organizationId !== input.organizationId) continue;
        const key = `${input.idempotencyKey}:p${person.id}`;
        const content = renderMessage(
          {
            template: 'reportNoticeMessage',
            data: { notice, organisationName: org.name, reportTitle: title, version: row.version, link },
          },
          { recipient: formOfAddress(person) },
        );
        await enqueueMessage(pool, { idempotencyKey: key, organizationId: input.organizationId, person, content, links: [link], channels });
        keys.push(key);
      }
      const report = await deliverOutbox(pool, channels, keys);
      throwIfDeliveryMustRetry(report);
      // The in-app inbox has every message; a refused e-mail address must not stop a published report.
      logPermanentFailures(report);
      return { outboxIds: report.sent };
    },
  };
}

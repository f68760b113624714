import { ApplicationFailure, log } from '@temporalio/activity';
import type { Pool } from 'pg';
import { bangkokDate, daysBetween } from '../domain/fiscal';
import { approvalRequestMessage, escalationMessage, escapeHtml, type NotificationContent } from '../domain/messages';
import { formatBaht, formatEnglishDate, formatThaiDate } from '../domain/thai-format';
import { arabicToThaiDigits } from '../domain/thai';
import * as decisions from '../db/queries/decisions';
import * as people from '../db/queries/people';
import { inTransaction, type Db } from '../db/pool';
import type { ItemYearActivities } from '../workflows/item-year/activity-contract';
import type { ApproverRole, DecisionPurpose } from '../workflows/item-year/messages';
import {
  absoluteLink,
  channelsOf,
  deliverOutbox,
  enqueueMessage,
  formOfAddress,
  logPermanentFailures,
  throwIfDeliveryMustRetry,
  todayInBangkok,
  type DeliveryReport,
  type NotificationDeps,
} from './notifications';
import type { NotificationChannels } from './notify';
import { decisionLinkUrl, generateLinkToken } from './tokens';

export type DecisionDeps = NotificationDeps;

type OpenDecisionInput = Parameters<ItemYearActivities['openDecision']>[0];
type RemindDecisionInput = Parameters<ItemYearActivities['remindDecision']>[0];
type CloseDecisionInput = Parameters<ItemYearActivities['closeDecision']>[0];

/** What a decision records as the authority used: `mayor`, `mayor (acting)` or `mayor (delegated)`. */
export function actingAsFor(role: ApproverRole, basis: people.AuthorityBasis): string {
  return basis === 'holder' ? role : `${role} (${basis})`;
}

/** Everyone who may decide for the role today, each once; a holder outranks the same person's delegation. */
export async function resolveApprovers(
  db: Db,
  organizationId: number,
  role: ApproverRole,
): Promise<people.AuthorityRow[]> {
  const rows = await people.listAuthorities(db, { organizationId, role, onDate: todayInBangkok() });
  const rank: Record<people.AuthorityBasis, number> = { holder: 0, acting: 1, delegated: 2 };
  const best = new Map<number, people.AuthorityRow>();
  for (const row of rows) {
    const seen = best.get(row.personId);
    if (!seen || rank[row.basis] < rank[seen.basis]) best.set(row.personId, row);
  }
  return [...best.values()];
}

// ---------------------------------------------------------------------------------------------------------------
// Message text

export type DecisionMessageKind =
  | { kind: 'request' }
  | { kind: 'renewal' }
  | { kind: 'reminder'; reminder: 'before' | 'due' | 'overdue' };

const SIGNATURE_TH = 'ระบบสุจริต (ระบบติดตามแผนปฏิบัติการป้องกันการทุจริต)';
const SIGNATURE_EN = 'Sujarit (anti-corruption action plan tracking)';

function budgetTh(budget: number | null): string {
  return budget === null ? 'ไม่ใช้งบประมาณ' : formatBaht(budget, { digits: 'thai', unit: true });
}

function budgetEn(budget: number | null): string {
  return budget === null ? 'no budget (ไม่ใช้งบประมาณ)' : formatBaht(budget, { lang: 'en', unit: true });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function reminderWording(kind: DecisionMessageKind, dueDate: string): { th: string; en: string; subjectTh: string; subjectEn: string } {
  if (kind.kind === 'renewal') {
    return {
      th: 'ตามที่ท่านขอ ระบบได้ออกลิงก์ใหม่แทนลิงก์เดิมที่หมดอายุแล้ว',
      en: 'As you asked, here is a new link in place of the one that expired.',
      subjectTh: 'ลิงก์ใหม่สำหรับการพิจารณา',
      subjectEn: 'New decision link',
    };
  }
  if (kind.kind === 'request') return { th: '', en: '', subjectTh: 'ขอความกรุณาพิจารณา', subjectEn: 'Decision requested' };
  const today = todayInBangkok();
  if (kind.reminder === 'overdue') {
    const days = Math.max(1, daysBetween(dueDate, today));
    return {
      th: `เรื่องนี้เกินกำหนดพิจารณามาแล้ว ${arabicToThaiDigits(String(days))} วัน`,
      en: `This decision is ${days} day${days === 1 ? '' : 's'} overdue.`,
      subjectTh: `แจ้งเตือน เกินกำหนดพิจารณา ${arabicToThaiDigits(String(days))} วัน`,
      subjectEn: `Reminder, decision overdue by ${days} day${days === 1 ? '' : 's'}`,
    };
  }
  const daysLeft = kind.reminder === 'due' ? 0 : Math.max(0, daysBetween(today, dueDate));
  const whenTh = daysLeft === 0 ? 'ครบกำหนดพิจารณาวันนี้' : `อีก ${arabicToThaiDigits(String(daysLeft))} วันครบกำหนดพิจารณา`;
  const whenEn = daysLeft === 0 ? 'due today' : `due in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
  return {
    th: `ขอแจ้งเตือนว่าเรื่องนี้${whenTh}`,
    en: `A reminder: this decision is ${whenEn}.`,
    subjectTh: `แจ้งเตือน ${whenTh}`,
    subjectEn: `Reminder, decision ${whenEn}`,
  };
}

/**
 * The message carrying a decision link. A first request for a proposal or a committee order uses the official
 * approval-request template; reminders, renewed links and the other purposes (report acknowledgement,
 * cancellation) say what is asked in the workflow's own words (summary.askTh / askEn).
 */
export function decisionMessage(input: {
  kind: DecisionMessageKind;
  purpose: DecisionPurpose;
  summary: decisions.DecisionPointRow['summary'];
  recipient: string;
  dueAtMs: number;
  link: string;
}): NotificationContent {
  const { summary, link } = input;
  const dueDate = bangkokDate(input.dueAtMs);
  const item = { code: summary.itemCode, name: summary.itemName };
  if (input.kind.kind === 'request' && (input.purpose === 'proposal' || input.purpose === 'committee')) {
    return approvalRequestMessage({
      recipient: input.recipient,
      item,
      ask:
        input.purpose === 'committee'
          ? 'sign_committee_order'
          : summary.budget === null
            ? 'approve_project'
            : 'approve_project_and_budget',
      budgetBaht: summary.budget,
      dueDate,
      link,
    });
  }
  const wording = reminderWording(input.kind, dueDate);
  const codeTh = arabicToThaiDigits(item.code);
  const name = oneLine(item.name);
  const factsTh: Array<[string, string]> = [
    ['รหัสรายการ', codeTh],
    ['ชื่อรายการ', name],
    ['ปีงบประมาณ', arabicToThaiDigits(String(summary.fiscalYear))],
    ['เรื่องที่ขอ', oneLine(summary.askTh)],
    ['งบประมาณ', budgetTh(summary.budget)],
    ...(summary.reason ? ([['เหตุผล', summary.reason]] as Array<[string, string]>) : []),
    ['กำหนดพิจารณา', `ภายในวันที่ ${formatThaiDate(dueDate, { digits: 'thai' })}`],
  ];
  const factsEn: Array<[string, string]> = [
    ['Item', item.code],
    ['Name', name],
    ['Fiscal year', `${summary.fiscalYear} BE`],
    ['Request', oneLine(summary.askEn)],
    ['Budget', budgetEn(summary.budget)],
    ...(summary.reason ? ([['Reason (as written)', summary.reason]] as Array<[string, string]>) : []),
    ['Decision due', `by ${formatEnglishDate(dueDate)}`],
  ];
  const openingTh = [
    wording.th,
    `ขอความกรุณา${oneLine(summary.askTh)} สำหรับรายการ ${codeTh} ${name} ตามแผนปฏิบัติการป้องกันการทุจริต`,
  ].filter(Boolean);
  const openingEn = [wording.en, `You are kindly asked to ${oneLine(summary.askEn)} for item ${item.code} "${name}".`].filter(
    Boolean,
  );
  const linkLabelTh = 'กรุณาเปิดลิงก์เพื่อดูรายละเอียดและยืนยันการพิจารณา';
  const linkLabelEn = 'Open the link to review the details and confirm your decision';
  const subject = `${wording.subjectTh}: ${codeTh} ${name} / ${wording.subjectEn}: item ${item.code}`;
  const textBlock = (greeting: string, opening: string[], facts: Array<[string, string]>, label: string, closing: string[]) =>
    [greeting, ...opening, facts.map(([k, v]) => `${k}: ${v}`).join('\n'), `${label}:\n${link}`, closing.join('\n')].join(
      '\n\n',
    );
  const text =
    textBlock(`เรียน ${input.recipient}`, openingTh, factsTh, linkLabelTh, ['จึงเรียนมาเพื่อโปรดพิจารณา', SIGNATURE_TH]) +
    '\n\n----------------------------------------\n\n' +
    textBlock(`Dear ${input.recipient},`, openingEn, factsEn, linkLabelEn, [SIGNATURE_EN]) +
    '\n';
  const htmlBlock = (lang: string, greeting: string, opening: string[], facts: Array<[string, string]>, label: string) =>
    [
      `<div lang="${lang}">`,
      `<p>${escapeHtml(greeting)}</p>`,
      ...opening.map((p) => `<p>${escapeHtml(p)}</p>`),
      `<table role="presentation">${facts
        .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
        .join('')}</table>`,
      `<p><a href="${escapeHtml(link)}">${escapeHtml(label)}</a></p>`,
      `<p style="word-break: break-all;">${escapeHtml(link)}</p>`,
      '</div>',
    ].join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="th">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="font-family: Sarabun, 'TH Sarabun New', Tahoma, sans-serif; font-size: 16px; line-height: 1.6;">`,
    htmlBlock('th', `เรียน ${input.recipient}`, openingTh, factsTh, linkLabelTh),
    `<p>จึงเรียนมาเพื่อโปรดพิจารณา<br>${escapeHtml(SIGNATURE_TH)}</p>`,
    '<hr>',
    htmlBlock('en', `Dear ${input.recipient},`, openingEn, factsEn, linkLabelEn),
    `<p>${escapeHtml(SIGNATURE_EN)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  const lineText = [
    `${wording.subjectTh}: ${codeTh} ${name}`,
    '',
    `เรียน ${input.recipient}`,
    ...openingTh,
    '',
    ...factsTh.map(([k, v]) => `${k}: ${v}`),
    '',
    `${linkLabelTh}:`,
    link,
    '',
    `${wording.subjectEn}: item ${item.code}`,
  ].join('\n');
  return { subject, text, html, lineText };
}

// ---------------------------------------------------------------------------------------------------------------
// Issuing links

export interface IssueLinkRequest {
  point: decisions.DecisionPointRow;
  personId: number;
  issueKey: string;
  ttlMs: number;
  kind: DecisionMessageKind;
}

/**
 * Creates one link and the messages that carry it, in one transaction, unless a link with this issue key exists
 * (then nothing is written: the earlier attempt's messages are already in the outbox). The raw token lives only in
 * those messages; it is never returned, so it cannot reach workflow history. Returns the outbox key to deliver.
 */
export async function issueLinkWithMessage(
  pool: Pool,
  channels: NotificationChannels,
  publicBaseUrl: string,
  request: IssueLinkRequest,
): Promise<{ outboxKey: string; issued: boolean }> {
  const { point } = request;
  const [person] = await people.findPeopleByIds(pool, [request.personId]);
  if (!person) {
    throw ApplicationFailure.nonRetryable(`ไม่พบบุคคล / person ${request.personId} not found`, 'NOT_FOUND');
  }
  const issued = await inTransaction(pool, async (client) => {
    const { token, tokenHash } = generateLinkToken();
    const linkId = await decisions.insertDecisionLink(client, {
      decisionPointId: point.id,
      personId: person.id,
      tokenHash,
      issueKey: request.issueKey,
      expiresAt: new Date(Date.now() + request.ttlMs),
    });
    if (linkId === undefined) return false;
    const link = decisionLinkUrl(publicBaseUrl, token);
    const content = decisionMessage({
      kind: request.kind,
      purpose: point.purpose,
      summary: point.summary,
      recipient: formOfAddress(person),
      dueAtMs: (point.dueAt ?? point.requestedAt).getTime(),
      link,
    });
    await enqueueMessage(client, {
      idempotencyKey: request.issueKey,
      organizationId: point.organizationId,
      person,
      content,
      links: [link],
      channels,
    });
    return true;
  });
  return { outboxKey: request.issueKey, issued };
}

function requireTtl(linkTtlMs: number): number {
  if (!Number.isFinite(linkTtlMs) || linkTtlMs <= 0) {
    throw ApplicationFailure.nonRetryable(`linkTtlMs ต้องมากกว่า 0 / linkTtlMs must be positive: ${linkTtlMs}`, 'VALIDATION_FAILED');
  }
  return linkTtlMs;
}

function finishDelivery(report: DeliveryReport): void {
  throwIfDeliveryMustRetry(report);
  // A refused e-mail address must not keep the point from opening: the in-app inbox has the message.
  logPermanentFailures(report);
}

async function requirePoint(pool: Pool, key: { workflowId: string; decisionKey: string }) {
  const point = await decisions.findDecisionPoint(pool, key);
  if (!point) {
    throw ApplicationFailure.nonRetryable(
      `ไม่พบจุดตัดสินใจ / decision point ${key.workflowId}/${key.decisionKey} not found`,
      'NOT_FOUND',
    );
  }
  return point;
}

export function createDecisionActivities(deps: DecisionDeps) {
  const { pool, publicBaseUrl } = deps;

  return {
    async openDecision(input: OpenDecisionInput): Promise<{ decisionPointId: number; approverPersonIds: number[] }> {
      const ttlMs = requireTtl(input.linkTtlMs);
      await decisions.insertDecisionPoint(pool, {
        workflowId: input.workflowId,
        decisionKey: input.decisionKey,
        purpose: input.purpose,
        approverRole: input.approverRole,
        organizationId: input.organizationId,
        itemYearId: input.itemYearId,
        summary: input.summary,
        dueAt: new Date(input.dueAtMs),
      });
      const point = await requirePoint(pool, input);
      if (point.status === 'open') {
        const approvers = await resolveApprovers(pool, input.organizationId, input.approverRole);
        const alreadyAsked = await decisions.listLinkHolders(pool, point.id);
        if (!approvers.length && !alreadyAsked.length) {
          // Retryable on purpose: once an administrator records who holds the role, the next attempt succeeds.
          throw ApplicationFailure.retryable(
            `ไม่มีผู้ดำรงตำแหน่ง ${input.approverRole} ที่จะพิจารณา กรุณากำหนดผู้ดำรงตำแหน่งหรือผู้รักษาราชการแทน / ` +
              `nobody holds the ${input.approverRole} role in organisation ${input.organizationId}`,
            'NO_APPROVER',
          );
        }
        const channels = channelsOf(deps);
        const keys: string[] = [];
        for (const approver of approvers) {
          const { outboxKey } = await issueLinkWithMessage(pool, channels, publicBaseUrl, {
            point,
            personId: approver.personId,
            issueKey: `${input.workflowId}:${input.decisionKey}:${approver.personId}:request`,
            ttlMs,
            kind: { kind: 'request' },
          });
          keys.push(outboxKey);
        }
        finishDelivery(await deliverOutbox(pool, channels, keys));
      }
      return { decisionPointId: point.id, approverPersonIds: await decisions.listLinkHolders(pool, point.id) };
    },

    async remindDecision(input: RemindDecisionInput): Promise<void> {
      const ttlMs = requireTtl(input.linkTtlMs);
      const point = await requirePoint(pool, input);
      if (point.status !== 'open') return;
      const organizationId = point.organizationId;
      if (organizationId === null) {
        throw ApplicationFailure.nonRetryable(`จุดตัดสินใจไม่มีหน่วยงาน / decision point ${point.id} has no organisation`, 'NOT_FOUND');
      }
      const channels = channelsOf(deps);
      const current = (await resolveApprovers(pool, organizationId, point.approverRole)).map((a) => a.personId);
      // With nobody holding the role today, remind whoever was asked rather than no one.
      const approverIds = current.length ? current : await decisions.listLinkHolders(pool, point.id);
      if (input.kind === 'escalation') {
        await escalate(point, organizationId, approverIds, input, channels);
        return;
      }
      const keys: string[] = [];
      for (const personId of approverIds) {
        const { outboxKey } = await issueLinkWithMessage(pool, channels, publicBaseUrl, {
          point,
          personId,
          issueKey: `${input.workflowId}:${input.decisionKey}:${personId}:reminder:${input.seq}`,
          ttlMs,
          kind: { kind: 'reminder', reminder: input.kind },
        });
        keys.push(outboxKey);
      }
      finishDelivery(await deliverOutbox(pool, channels, keys));
    },

    async closeDecision(input: CloseDecisionInput): Promise<void> {
      const point = await decisions.findDecisionPoint(pool, input);
      if (!point) return;
      await decisions.closeDecisionPoint(pool, { pointId: point.id, status: input.status });
      // The workflow has taken the decision even if the page that recorded it stopped waiting before it did.
      if (input.decisionId) await decisions.markDecisionAcknowledged(pool, input.decisionId);
    },
  };

  /**
   * Tells the unit head (or the ปลัด) who is late. They get no decision link: they cannot decide, only chase.
   * The item's unit head is asked when the item-year has one; otherwise the ปลัด.
   */
  async function escalate(
    point: decisions.DecisionPointRow,
    organizationId: number,
    lateApproverIds: number[],
    input: RemindDecisionInput,
    channels: NotificationChannels,
  ): Promise<void> {
    const onDate = todayInBangkok();
    let recipientIds: number[] = [];
    if (input.escalateTo !== 'palad' && point.itemYearId !== null) {
      const unitKey = await decisions.findItemYearUnitKey(pool, point.itemYearId);
      if (unitKey) recipientIds = await people.listUnitHeads(pool, { organizationId, unitKey, onDate });
    }
    if (!recipientIds.length) {
      recipientIds = (await resolveApprovers(pool, organizationId, 'palad')).map((a) => a.personId);
    }
    if (!recipientIds.length) {
      log.warn('ไม่มีผู้รับการรายงานความล่าช้า / nobody to escalate to', { decisionPointId: point.id });
      return;
    }
    const late = await people.findPeopleByIds(pool, lateApproverIds);
    const recipients = await people.findPeopleByIds(pool, recipientIds);
    const dueDate = bangkokDate((point.dueAt ?? point.requestedAt).getTime());
    const daysOverdue = Math.max(1, daysBetween(dueDate, onDate));
    const lateNames = late.map((p) => (p.positionTitle ? `${p.fullName} (${p.positionTitle})` : p.fullName)).join(', ');
    const keys: string[] = [];
    for (const recipient of recipients) {
      const content = escalationMessage({
        recipient: formOfAddress(recipient),
        item: { code: point.summary.itemCode, name: point.summary.itemName },
        step: point.summary.askTh,
        dueDate,
        daysOverdue,
        escalateTo: input.escalateTo === 'palad' ? 'palad' : 'unit_head',
        owner: { name: lateNames || point.approverRole },
        link: absoluteLink(publicBaseUrl, undefined),
      });
      const idempotencyKey = `${input.workflowId}:${input.decisionKey}:escalation:${input.seq}:p${recipient.id}`;
      await enqueueMessage(pool, {
        idempotencyKey,
        organizationId,
        person: recipient,
        content,
        links: [absoluteLink(publicBaseUrl, undefined)],
        channels,
      });
      keys.push(idempotencyKey);
    }
    finishDelivery(await deliverOutbox(pool, channels, keys));
  }
}

export type DecisionActivities = ReturnType<typeof createDecisionActivities>;

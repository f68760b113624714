import { ApplicationFailure } from '@temporalio/client';
import type { Pool } from 'pg';
import { bangkokDate } from '../domain/fiscal';
import { renderMessage, type DecisionLinkOccasion, type Message } from '../domain/messages';
import * as decisions from '../db/queries/decisions';
import * as lineAccounts from '../db/queries/line';
import * as people from '../db/queries/people';
import { decisionFlexMessage } from '../domain/line-messages';
import { inTransaction } from '../db/pool';
import type { DecisionPurpose } from '../domain/decision';
import type { NotificationChannels } from './notify';
import { enqueueMessage, formOfAddress } from './outbox';
import { decisionLinkUrl, generateLinkToken } from './tokens';

/**
 * Decision links and the messages that carry them: issued by the decision activities when a point opens or a
 * reminder is due, and by the link page when an approver asks for a new link in place of an expired one.
 */

// ---------------------------------------------------------------------------------------------------------------
// Which message carries a link

/**
 * The catalogue message carrying a decision link. A first request for a proposal or a committee order is the
 * official approval request; reminders, renewed links and the other purposes (report acknowledgement,
 * cancellation) say what is asked in the workflow's own words (summary.askTh / askEn).
 */
export function decisionLinkMessageFor(input: {
  kind: DecisionLinkOccasion;
  purpose: DecisionPurpose;
  summary: decisions.DecisionPointRow['summary'];
  dueAtMs: number;
  link: string;
}): Message<'approvalRequestMessage' | 'decisionLinkMessage'> {
  const { summary, link } = input;
  const dueDate = bangkokDate(input.dueAtMs);
  const item = { code: summary.itemCode, name: summary.itemName };
  if (input.kind.kind === 'request' && (input.purpose === 'proposal' || input.purpose === 'committee')) {
    return {
      template: 'approvalRequestMessage',
      data: {
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
      },
    };
  }
  return {
    template: 'decisionLinkMessage',
    data: {
      occasion: input.kind,
      item,
      fiscalYear: summary.fiscalYear,
      askTh: summary.askTh,
      askEn: summary.askEn,
      budgetBaht: summary.budget,
      ...(summary.reason ? { reason: summary.reason } : {}),
      dueDate,
      today: bangkokDate(Date.now()),
      link,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Issuing links

export interface IssueLinkRequest {
  point: decisions.DecisionPointRow;
  personId: number;
  issueKey: string;
  ttlMs: number;
  kind: DecisionLinkOccasion;
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
    const message = decisionLinkMessageFor({
      kind: request.kind,
      purpose: point.purpose,
      summary: point.summary,
      dueAtMs: (point.dueAt ?? point.requestedAt).getTime(),
      link,
    });
    const content = renderMessage(message, { recipient: formOfAddress(person) });
    // Buttons only for a LINE account the person linked themselves: the postback decides for whoever LINE names.
    const linked = channels.line ? await lineAccounts.findLineAccountOfPerson(client, person.id) : undefined;
    await enqueueMessage(client, {
      idempotencyKey: request.issueKey,
      organizationId: point.organizationId,
      person,
      content,
      links: [link],
      channels,
      ...(linked
        ? {
            lineExtra: [
              decisionFlexMessage({
                pointId: point.id,
                purpose: point.purpose,
                itemYearId: point.itemYearId,
                decisionKey: point.decisionKey,
                summary: point.summary,
                dueDate: bangkokDate((point.dueAt ?? point.requestedAt).getTime()),
                link,
              }),
            ],
          }
        : {}),
    });
    return true;
  });
  return { outboxKey: request.issueKey, issued };
}

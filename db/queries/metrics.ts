import type { Db } from '../pool';
import type { OutboxChannel } from './outbox';

/** What the metrics endpoint reads at scrape time across every organisation; each statement reads a partial index. */

export interface UndeliveredOutbox {
  channel: OutboxChannel;
  status: 'pending' | 'failed';
  count: number;
  oldestCreatedAt: Date;
}

/** Rows still to send (pending) and given up on (failed) per channel; inbox rows are sent when written. */
export async function countUndeliveredOutbox(db: Db): Promise<UndeliveredOutbox[]> {
  const { rows } = await db.query<UndeliveredOutbox>(
    `SELECT channel, status, count(*)::int AS count, min(created_at) AS "oldestCreatedAt"
     FROM outbox WHERE status <> 'sent'
     GROUP BY channel, status ORDER BY channel, status`,
  );
  return rows;
}

export interface PossibleDuplicates {
  channel: OutboxChannel;
  count: number;
}

/**
 * Messages handed to their channel again after a hand-over whose outcome is unknown (the process died between the
 * channel accepting and the row being marked): each may have reached its recipient twice, under one Message-ID.
 */
export async function countPossibleDuplicateDeliveries(db: Db): Promise<PossibleDuplicates[]> {
  const { rows } = await db.query<PossibleDuplicates>(
    `SELECT o.channel, count(*)::int AS count
     FROM outbox_handoffs h JOIN outbox o ON o.id = h.outbox_id
     WHERE h.after_unknown_outcome
     GROUP BY o.channel ORDER BY o.channel`,
  );
  return rows;
}

export interface OrganizationCount {
  organization: string;
  count: number;
}

/** Decisions someone has been asked for and not yet made, per organisation (item-years and reports alike). */
export async function countOpenDecisionPoints(db: Db): Promise<OrganizationCount[]> {
  const { rows } = await db.query<OrganizationCount>(
    `SELECT o.slug AS organization, count(*)::int AS count
     FROM decision_points d JOIN organizations o ON o.id = d.organization_id
     WHERE d.status = 'open'
     GROUP BY o.slug ORDER BY o.slug`,
  );
  return rows;
}

/**
 * Item-years past the due date of what they wait for, per organisation: next_due_at is written with each projection
 * by domain/lateness.ts nextDue, so "before now" here is exactly that rule's overdue.
 */
export async function countOverdueItemYears(db: Db, now: Date): Promise<OrganizationCount[]> {
  const { rows } = await db.query<OrganizationCount>(
    `SELECT o.slug AS organization, count(*)::int AS count
     FROM item_years y JOIN organizations o ON o.id = y.organization_id
     WHERE y.next_due_at < $1
     GROUP BY o.slug ORDER BY o.slug`,
    [now],
  );
  return rows;
}

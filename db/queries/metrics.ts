import type { ApproverRole } from '../../workflows/item-year/messages';
import type { Db } from '../pool';
import type { OutboxChannel } from './outbox';

/** What the metrics endpoint reads at scrape time; each statement is answered from a partial index or one scan. */

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

export interface LatenessCandidate {
  organization: string;
  status: string;
  phase: string;
  /**
   * The parts of the item-year's state that lateness reads (absent keys stay absent, never null); steps only those
   * due before `nowMs`, without text.
   */
  state: {
    phaseDueAtMs?: number;
    openDecision?: { approverRole: ApproverRole; dueAtMs: number };
    steps: Array<{ status: string; dueAtMs: number }>;
  };
}

/**
 * In-progress item-years with any due date before `nowMs`: only those can be late. Whether one is late is the
 * dashboard's rule (latenessOf), applied by the caller; this narrows the rows and trims the state (no history, no
 * step texts) so a scrape over every organisation moves little data.
 */
export async function listLatenessCandidates(db: Db, nowMs: number): Promise<LatenessCandidate[]> {
  const { rows } = await db.query<LatenessCandidate>(
    `SELECT o.slug AS organization, y.status, y.phase,
            jsonb_strip_nulls(jsonb_build_object(
              'phaseDueAtMs', y.state->'phaseDueAtMs',
              'openDecision', y.state->'openDecision',
              'steps', coalesce((SELECT jsonb_agg(jsonb_build_object('status', s->'status', 'dueAtMs', s->'dueAtMs'))
                                 FROM jsonb_array_elements(y.state->'steps') s
                                 WHERE (s->>'dueAtMs')::bigint < $1), '[]'::jsonb))) AS state
     FROM item_years y JOIN organizations o ON o.id = y.organization_id
     WHERE y.status = 'in_progress'
       AND least((y.state->>'phaseDueAtMs')::bigint,
                 (y.state->'openDecision'->>'dueAtMs')::bigint,
                 (SELECT min((s->>'dueAtMs')::bigint) FROM jsonb_array_elements(y.state->'steps') s)) < $1`,
    [nowMs],
  );
  return rows;
}

import type { WorkflowMessage } from '../../domain/messages';
import type { DecisionPointActivities } from '../common/decision';
import type { ItemYearState } from './messages';

/**
 * What the item-year workflow asks of the outside world. Types only: the implementations live in activities/ and
 * every one of them is idempotent by the key the workflow passes (workflow id + step + purpose).
 */

export type Recipient =
  | { personId: number }
  | { role: 'mayor' | 'palad' | 'coordinator' | 'auditor' }
  | { role: 'unit_head'; unitKey: string };

export interface ItemYearActivities extends DecisionPointActivities {
  /** One catalogue message (template + its data) to the people named; a wrong template/data pair fails the typecheck. */
  notify(input: { idempotencyKey: string; organizationId: number; recipients: Recipient[] } & WorkflowMessage): Promise<{
    outboxIds: number[];
  }>;
  /** Writes the projection and appends one audit row, both keyed by workflow id + revision. */
  recordItemYear(input: {
    itemYearId: number;
    organizationId: number;
    state: ItemYearState;
    audit: { actor: string; action: string; before: unknown; after: unknown };
  }): Promise<void>;
}

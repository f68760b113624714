import { HandlerUnfinishedPolicy } from '@temporalio/common';
import { condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';
import type { RequestLedger } from './ledger';

/**
 * How the command path learns that a workflow has taken a command. A command (a decision, a proposal, a step
 * completion) is delivered as a signal, which the server accepts while no worker runs; its sender then asks with
 * this Update, which returns once the workflow has processed that command's id: one round trip instead of polling.
 * An Update that waits for a command which never arrives is abandoned with the run, never failing it.
 */
export const commandAppliedUpdate = defineUpdate<boolean, [string]>('commandApplied');
/** The polling form of the same question, kept for callers (and running clients) from before the Update. */
export const hasProcessedQuery = defineQuery<boolean, [string]>('hasProcessed');

export function registerCommandAcknowledgement(ledger: RequestLedger): void {
  setHandler(hasProcessedQuery, (id: string) => ledger.has(id));
  setHandler(
    commandAppliedUpdate,
    async (id: string) => {
      await condition(() => ledger.has(id));
      return true;
    },
    { unfinishedPolicy: HandlerUnfinishedPolicy.ABANDON },
  );
}

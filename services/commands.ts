import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/workflow';
import { commandAppliedUpdate } from '../workflows/common/commands';

/**
 * The one way a person's command reaches a long-running workflow, for the JSON API, the web pages and the CLI alike.
 * Delivery is a signal: the server accepts it while no worker runs (during a deploy, say). Then, bounded by
 * `waitMs`, an Update that returns once the workflow has processed the command's id (workflows/common/commands.ts):
 * the answer comes in one round trip once a worker takes the workflow task, with no polling.
 */

/** How long the signal alone may take: the server, not a worker, answers it. */
const SIGNAL_TIMEOUT_MS = 5_000;

export type CommandDelivery =
  /** The workflow has processed the command. */
  | 'applied'
  /** The server holds the signal; the workflow had not processed it within the wait (no worker, or a busy one). */
  | 'accepted'
  /** The signal did not reach the server (down, or too slow to answer): nothing was delivered. */
  | 'not_delivered';

export interface SendCommandOptions<Payload> {
  workflowId: string;
  signal: SignalDefinition<[Payload]>;
  payload: Payload;
  /** The id the workflow records when it processes the command (request or decision id). */
  commandId: string;
  waitMs: number;
  /** Told why a delivery stopped short, for the request's log; never shown to people. */
  onProblem?: (stage: 'signal' | 'acknowledgement', err: unknown) => void;
}

export async function sendCommand<Payload>(temporal: Client, opts: SendCommandOptions<Payload>): Promise<CommandDelivery> {
  const handle = temporal.workflow.getHandle(opts.workflowId);
  try {
    await temporal.withDeadline(Date.now() + SIGNAL_TIMEOUT_MS, () => handle.signal(opts.signal, opts.payload));
  } catch (err) {
    opts.onProblem?.('signal', err);
    return 'not_delivered';
  }
  return (await awaitCommandApplied(temporal, opts.workflowId, opts.commandId, opts.waitMs, opts.onProblem))
    ? 'applied'
    : 'accepted';
}

/** True once the workflow has processed `commandId`; false when it does not say so within `waitMs`. */
export async function awaitCommandApplied(
  temporal: Client,
  workflowId: string,
  commandId: string,
  waitMs: number,
  onProblem?: SendCommandOptions<unknown>['onProblem'],
): Promise<boolean> {
  try {
    return await temporal.withDeadline(Date.now() + waitMs, () =>
      temporal.workflow.getHandle(workflowId).executeUpdate(commandAppliedUpdate, { args: [commandId] }),
    );
  } catch (err) {
    onProblem?.('acknowledgement', err);
    return false;
  }
}

import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/workflow';
import type { Pool } from 'pg';
import { reachFaultPoint } from '../config/fault-points';
import * as commands from '../db/queries/commands';
import type { Db } from '../db/pool';
import { commandAppliedUpdate } from '../workflows/common/commands';

/**
 * The one way a person's command reaches a long-running workflow, for the JSON API, the web pages and the CLI alike.
 *
 * 1. Stored: a row in the command outbox (db/queries/commands.ts), in the caller's transaction when the command
 *    carries facts of its own (a decision). From then on the command is accepted and is never lost.
 * 2. Delivered: a signal, which the Temporal server accepts while no worker runs. The request that stored the
 *    command delivers it at once; if that fails (Temporal down) or the process dies first, the sweeper
 *    (services/command-sweeper.ts) delivers it later. Either records the delivery; nothing else does.
 * 3. Awaited, bounded by `waitMs`: an Update that returns once the workflow has processed the command's id
 *    (workflows/common/commands.ts), one round trip once a worker takes the workflow task, with no polling.
 *
 * Whether the workflow takes a command in its current phase is domain/commands.ts's rule; callers apply it before
 * storing, and the workflow applies it again when the signal arrives.
 */

/** How long one signal may take: the server, not a worker, answers it. */
const SIGNAL_TIMEOUT_MS = 5_000;
/** The request that stored a command has this long to deliver it before a sweeper may. */
const DELIVERY_GRACE_MS = 10_000;

export interface CommandDeps {
  pool: Pool;
  temporal: Client;
}

export interface Command<Payload> {
  workflowId: string;
  signal: SignalDefinition<[Payload]>;
  payload: Payload;
  /** The id the workflow records when it processes the command (request or decision id); unique per workflow. */
  commandId: string;
}

export type CommandOutcome =
  /** The workflow has processed the command. */
  | 'applied'
  /** Stored (and perhaps delivered): the workflow takes it when it can (no worker now, a busy one, Temporal down). */
  | 'accepted'
  /** The workflow no longer runs (it ended meanwhile): the command can never be taken. */
  | 'gone';

export interface IssueOptions {
  waitMs: number;
  /** Told why a delivery stopped short, for the request's log; never shown to people. */
  onProblem?: (stage: 'signal' | 'acknowledgement', err: unknown) => void;
}

/** Stores the command in the outbox, within `db`'s transaction when it is one. */
export async function storeCommand<Payload>(db: Db, command: Command<Payload>): Promise<void> {
  await commands.insertCommand(db, {
    workflowId: command.workflowId,
    commandId: command.commandId,
    signalName: command.signal.name,
    payload: command.payload,
    graceMs: DELIVERY_GRACE_MS,
  });
}

/** Stores, delivers and awaits one command: see the module's comment. */
export async function issueCommand<Payload>(
  deps: CommandDeps,
  command: Command<Payload>,
  opts: IssueOptions,
): Promise<CommandOutcome> {
  await storeCommand(deps.pool, command);
  return deliverAndAwait(deps, command, opts);
}

/** Steps 2 and 3 for a command already stored (a decision stores its command with the decision). */
export async function deliverAndAwait<Payload>(
  deps: CommandDeps,
  command: Command<Payload>,
  opts: IssueOptions,
): Promise<CommandOutcome> {
  reachFaultPoint('command-stored');
  const row = { workflowId: command.workflowId, commandId: command.commandId, signalName: command.signal.name, payload: command.payload, attempts: 0 };
  const signalled = await signalStoredCommand(deps, row, (err) => opts.onProblem?.('signal', err));
  if (signalled !== 'delivered') return signalled === 'abandoned' ? 'gone' : 'accepted';
  // The delivery is recorded while the workflow takes the command: the person waits for one of the two, not both in
  // turn. Were the process to die before the record, the sweeper would send the signal again, which the workflow
  // ignores by the command's id.
  const [applied] = await Promise.all([
    awaitCommandApplied(deps.temporal, command.workflowId, command.commandId, opts.waitMs, opts.onProblem),
    commands.markCommandDelivered(deps.pool, row),
  ]);
  return applied ? 'applied' : 'accepted';
}

export type DeliveryResult = 'delivered' | 'failed' | 'abandoned';

/** Later attempts wait longer, up to five minutes: Temporal may be down for a while. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts), 5 * 60_000);
}

/** One signal for one stored command, and its result recorded in the outbox. Used by requests and the sweeper. */
export async function deliverStoredCommand(
  deps: CommandDeps,
  row: commands.CommandRow,
  onFailure?: (err: unknown) => void,
): Promise<DeliveryResult> {
  const result = await signalStoredCommand(deps, row, onFailure);
  if (result === 'delivered') await commands.markCommandDelivered(deps.pool, row);
  return result;
}

/** The signal of deliverStoredCommand, with a failure recorded; a success is left for the caller to record. */
async function signalStoredCommand(
  deps: CommandDeps,
  row: commands.CommandRow,
  onFailure?: (err: unknown) => void,
): Promise<DeliveryResult> {
  const key = { workflowId: row.workflowId, commandId: row.commandId };
  try {
    const handle = deps.temporal.workflow.getHandle(row.workflowId);
    await deps.temporal.withDeadline(Date.now() + SIGNAL_TIMEOUT_MS, () => handle.signal<[unknown]>(row.signalName, row.payload));
  } catch (err) {
    onFailure?.(err);
    if (err instanceof WorkflowNotFoundError) {
      await commands.markCommandAbandoned(deps.pool, key, `workflow not running: ${err.message}`);
      return 'abandoned';
    }
    await commands.markCommandAttemptFailed(deps.pool, key, {
      error: err instanceof Error ? err.message : String(err),
      retryInMs: retryDelayMs(row.attempts),
    });
    return 'failed';
  }
  return 'delivered';
}

/** True once the workflow has processed `commandId`; false when it does not say so within `waitMs`. */
export async function awaitCommandApplied(
  temporal: Client,
  workflowId: string,
  commandId: string,
  waitMs: number,
  onProblem?: IssueOptions['onProblem'],
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

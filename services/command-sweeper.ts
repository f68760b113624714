import * as commands from '../db/queries/commands';
import { deliverStoredCommand, type CommandDeps } from './commands';

/**
 * Delivers every accepted command that no request delivered: its process died between storing and signalling, or
 * Temporal was down. Every API process runs one; leases (db/queries/commands.ts) keep two from signalling the same
 * command at once, and a command signalled twice is still taken once (the workflow ignores a repeated id).
 */

const BATCH = 50;
/** A leased command is left to its sweeper this long; longer than a batch of signals can take. */
const LEASE_MS = 60_000;
/** Delivered rows are kept this long for inquiries; the workflow's history keeps the command itself. */
const KEEP_DELIVERED_MS = 30 * 24 * 3600_000;

export interface SweepResult {
  delivered: number;
  failed: number;
  abandoned: number;
}

export interface CommandSweeperLog {
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

/** One pass: leases what is due, delivers it, and removes old delivered rows. */
export async function sweepCommands(deps: CommandDeps, log?: CommandSweeperLog): Promise<SweepResult> {
  const result: SweepResult = { delivered: 0, failed: 0, abandoned: 0 };
  for (;;) {
    const due = await commands.leaseDueCommands(deps.pool, { limit: BATCH, leaseMs: LEASE_MS });
    for (const row of due) {
      const outcome = await deliverStoredCommand(deps, row, (err) =>
        log?.warn({ err, workflowId: row.workflowId, commandId: row.commandId }, 'command delivery failed; retried later'),
      );
      result[outcome]++;
    }
    // A full batch means more may be due; a failure means Temporal is likely down, so the next pass tries again.
    if (due.length < BATCH || result.failed > 0) break;
  }
  await commands.deleteDeliveredCommandsBefore(deps.pool, new Date(Date.now() - KEEP_DELIVERED_MS));
  return result;
}

export interface CommandSweeper {
  stop(): Promise<void>;
}

/** Sweeps every `intervalMs` until stopped; a failed pass (database down) is logged and the next one tries again. */
export function startCommandSweeper(deps: CommandDeps, opts: { intervalMs: number; log?: CommandSweeperLog }): CommandSweeper {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweepCommands(deps, opts.log)
        .then(
          () => undefined,
          (err: unknown) => opts.log?.error({ err }, 'command sweep failed; the next pass tries again'),
        )
        .finally(schedule);
    }, opts.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

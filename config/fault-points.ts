/**
 * Named places where a fault-injection test stops the process dead (SIGKILL, nothing flushed), to prove that what
 * was stored before that point is not lost. Only `SUJARIT_FAULT_POINT` turns one on, and loadConfig refuses that
 * setting in production.
 */
export const FAULT_POINTS = [
  /** A command is stored in the outbox and not yet signalled (services/commands.ts). */
  'command-stored',
  /**
   * A decision has reached its workflow (signal or Update) and the activity that checks it against its stored row has
   * started; nothing about it is recorded yet (activities/decisions.ts).
   */
  'decision-verifying',
  /** An e-mail or LINE row is claimed for delivery and not yet handed to the channel (services/outbox.ts). */
  'notification-sending',
  /** A report's first file is stored and the others are not yet rendered (activities/reports/index.ts). */
  'report-rendering',
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];

export function reachFaultPoint(point: FaultPoint): void {
  if (process.env.SUJARIT_FAULT_POINT === point) process.kill(process.pid, 'SIGKILL');
}

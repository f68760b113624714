import { Context } from '@temporalio/activity';

/** Well inside any heartbeat timeout the workflows set (30 s for rendering); the SDK throttles what it sends. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * Runs work while telling the server every few seconds that this worker is still at it. Without heartbeats a
 * worker killed mid-activity is only noticed when the start-to-close timeout runs out; with them, within the
 * heartbeat timeout, and the retry goes to a worker that is alive.
 */
export async function whileHeartbeating<T>(work: () => Promise<T>, intervalMs = HEARTBEAT_INTERVAL_MS): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), intervalMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

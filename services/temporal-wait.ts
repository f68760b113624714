import { Connection } from '@temporalio/client';
/** One line a person reads, Thai then English. */
type Log = (message: string) => void;

/** How often an unreachable Temporal frontend is asked again, and how often the wait is said again. */
const RETRY_MS = 2_000;
const ANNOUNCE_EVERY = 15;
const ANSWER_WITHIN_MS = 2_000;

async function answers(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: ANSWER_WITHIN_MS });
    await connection.withDeadline(Date.now() + ANSWER_WITHIN_MS, () => connection!.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * Waits until Temporal's frontend answers, saying so in Thai and English, instead of failing the start: a process
 * started before Temporal (a compose stack, a server restarted at the same time) carries on once it is up.
 */
export async function waitForTemporal(address: string, log: Log, retryMs = RETRY_MS): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (await answers(address)) {
      if (attempt > 0) log(`Temporal ที่ ${address} พร้อมแล้ว / Temporal at ${address} answers now`);
      return;
    }
    if (attempt % ANNOUNCE_EVERY === 0) {
      log(
        `ยังติดต่อ Temporal ที่ ${address} ไม่ได้ กำลังรอและจะลองใหม่ทุก ${retryMs / 1000} วินาที (กด Ctrl-C เพื่อหยุด) / ` +
          `waiting for Temporal at ${address}: not reachable yet, retrying every ${retryMs / 1000} s (Ctrl-C stops)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}

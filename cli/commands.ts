import { loadConfig } from '../config';
import { countUndeliveredCommands, makeCommandsDueNow } from '../db/queries/commands';
import { openDatabase } from '../infra/database';
import { sweepCommands } from '../services/command-sweeper';
import { openTemporal } from './temporal';

/**
 * `commands deliver`: after an outage, deliver every accepted command now instead of at its next retry. The same
 * sweep every API runs (services/command-sweeper.ts); a command delivered twice is still taken once.
 */
export async function commandsDeliverCommand(
  _positionals: string[],
  flags: Record<string, string | boolean | undefined>,
): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const temporal = await openTemporal(config);
    try {
      await makeCommandsDueNow(db.pool);
      const result = await sweepCommands({ pool: db.pool, temporal: temporal.client });
      const left = await countUndeliveredCommands(db.pool);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ...result, waiting: left.undelivered, abandonedInAll: left.abandoned })}\n`);
      } else {
        process.stdout.write(
          `ส่งคำสั่งแล้ว ${result.delivered} ไม่สำเร็จ ${result.failed} (จะลองใหม่) เวิร์กโฟลว์สิ้นสุดแล้ว ${result.abandoned}; ` +
            `ยังรอส่ง ${left.undelivered} / delivered ${result.delivered}, failed ${result.failed} (retried later), ` +
            `workflow gone ${result.abandoned}; still waiting ${left.undelivered}\n`,
        );
      }
      return result.failed > 0 ? 1 : 0;
    } finally {
      await temporal.close();
    }
  } finally {
    await db.close();
  }
}

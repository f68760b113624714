import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { importPlanText } from '../domain/importer';
import { prefixedLog } from '../infra/log';
import { REPO_ROOT } from '../infra/temporal-cli';
import {
  BARE_MEASURED_SIGNALS,
  BARE_MEASURED_WORKFLOWS,
  BARE_START_CONCURRENCY,
  SIGNAL_ACKNOWLEDGED_DEFINITION,
  measureBareTemporal,
  type BareTemporalMeasurement,
} from './lib/bare-temporal';
import { median, percentile, roundTo } from './lib/stats';
import { formatTable } from './lib/table';
import { startBenchTemporal } from './lib/temporal';

export interface BaselineResult {
  importMs: number;
  bareStartsPerSec: number;
  bareSignalP50Ms: number;
  bareSignalP95Ms: number;
  bareSignalP99Ms: number;
}

const IMPORT_RUNS = 7;
const MEASURED_WORKFLOWS = BARE_MEASURED_WORKFLOWS;
const START_CONCURRENCY = BARE_START_CONCURRENCY;
const MEASURED_SIGNALS = BARE_MEASURED_SIGNALS;

export { SIGNAL_ACKNOWLEDGED_DEFINITION };

const log = prefixedLog('bench', (line) => process.stderr.write(`${line}\n`));

export async function runBaselineBench(args: readonly string[]): Promise<void> {
  const json = args.includes('--json');
  const seedPath = findSeedPlan(optionValue(args, '--seed'));

  log(`วัดเวลานำเข้าแผน ${IMPORT_RUNS} รอบ / timing ${IMPORT_RUNS} imports of ${path.basename(seedPath)}`);
  const seedText = await readFile(seedPath, 'utf8');
  const importTimes: number[] = [];
  let itemCount = 0;
  for (let run = 0; run < IMPORT_RUNS; run++) {
    const startedAt = performance.now();
    itemCount = importPlanText(seedText).items.length;
    importTimes.push(performance.now() - startedAt);
  }

  const temporal = await startBenchTemporal({ workflowsPath: require.resolve('./bare-workflows'), log });
  let measured: BareTemporalMeasurement;
  try {
    measured = await measureBareTemporal(temporal, log);
  } finally {
    await temporal.close();
  }

  const { starts, signals } = measured;
  const result: BaselineResult = {
    importMs: roundTo(median(importTimes)),
    bareStartsPerSec: roundTo(starts.perSecond),
    bareSignalP50Ms: roundTo(percentile(signals.acknowledged, 50)),
    bareSignalP95Ms: roundTo(percentile(signals.acknowledged, 95)),
    bareSignalP99Ms: roundTo(percentile(signals.acknowledged, 99)),
  };
  const ms = (value: number): string => `${roundTo(value).toFixed(1)} ms`;
  console.log(
    formatTable(
      ['ตัวชี้วัด / metric', 'ค่า / value', 'ความหมาย / definition'],
      [
        [
          'importMs',
          ms(result.importMs),
          `median of ${IMPORT_RUNS} importPlanText runs over ${path.basename(seedPath)} (${itemCount} items)`,
        ],
        [
          'bareStartsPerSec',
          `${result.bareStartsPerSec.toFixed(1)} /s`,
          `${MEASURED_WORKFLOWS} no-op workflows started and completed in ${starts.seconds.toFixed(2)} s, ` +
            `${START_CONCURRENCY} in flight, in-memory dev server, worker in process`,
        ],
        ['bareSignalP50Ms', ms(result.bareSignalP50Ms), `p50 of ${MEASURED_SIGNALS} signal → acknowledged`],
        ['bareSignalP95Ms', ms(result.bareSignalP95Ms), 'p95 (nearest rank)'],
        ['bareSignalP99Ms', ms(result.bareSignalP99Ms), 'p99 (nearest rank)'],
        [
          '(signal accepted p50/p99)',
          `${ms(percentile(signals.accepted, 50))} / ${ms(percentile(signals.accepted, 99))}`,
          'the signal call alone: what an HTTP handler that only signals waits for',
        ],
      ],
    ),
  );
  console.log(`\n${SIGNAL_ACKNOWLEDGED_DEFINITION}`);
  if (json) console.log(JSON.stringify(result));
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** `--seed <file>` wins; otherwise the Khek Noi plan document the importer tests read. */
function findSeedPlan(explicit: string | undefined): string {
  if (explicit) return path.resolve(explicit);
  return path.join(REPO_ROOT, 'test', 'fixtures', 'khek-noi-plan.txt');
}

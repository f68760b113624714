import { prefixedLog } from '../infra/log';
import { BARE_MEASURED_WORKFLOWS, BARE_START_CONCURRENCY, SIGNAL_ACKNOWLEDGED_DEFINITION } from './lib/bare-temporal';
import { runItemYearScenario, type ScenarioResult } from './lib/item-year-scenario';
import { optionValue, parseEngine, positiveInt } from './lib/options';
import { percentile, roundTo } from './lib/stats';
import { formatTable } from './lib/table';
import type { BenchEngine } from './lib/temporal';

/**
 * `npm run bench -- scale [--orgs N] [--engine dev|postgres] [--decisions K] [--sequential S] [--concurrency C] [--worker-cache W] [--json]`
 *
 * How the cost grows with the number of organisations: for N = 25, 50 and 100 (or the one N given), the
 * organisation-scale scenario (bench/lib/item-year-scenario.ts) on a fresh server of the chosen engine, each with its
 * own bare Temporal baseline measured on that server in the same run. Decisions are a sample of K item-years spread
 * over the organisations (every one of N x 37 would make the run hours long without telling more about the tail).
 */

export interface ScaleRunSummary {
  engine: BenchEngine;
  orgs: number;
  itemYears: number;
  startsPerSec: number;
  bareStartsPerSec: number;
  ratio: number;
  /** One item-year at a time, as the bare signal round trip is measured. */
  decisionP50Ms: number;
  decisionP99Ms: number;
  bareSignalP99Ms: number;
  /** With `concurrency` item-years in flight through approval. */
  concurrentDecisionP50Ms: number;
  concurrentDecisionP99Ms: number;
  workerRssMb: number;
  /** The V8 heap in use at the end: what of the resident memory is JavaScript objects rather than code, buffers, native. */
  workerHeapUsedMb: number;
  /** Once polling, before any item-year: what the cache and the run add is the difference. */
  workerStartupRssMb: number;
  /** Ours plus Temporal's (Temporal's only on the postgres engine). */
  pgBytesPerItemYear: number;
  pgBytesPerItemYearOurs: number;
  pgBytesPerItemYearTemporal: number | null;
  secondsToStartAll: number;
  openItemYears: number;
}

const DEFAULT_SWEEP = [25, 50, 100] as const;
const DEFAULT_DECISION_SAMPLE = 120;
const DEFAULT_SEQUENTIAL_SAMPLE = 50;
const DEFAULT_CONCURRENCY = 8;
/** The targets, for the postgres engine. */
const TARGETS = { ratio: 0.9, p99Factor: 2, workerRssMb: 400, openItemYearsForRss: 1000 } as const;

const log = prefixedLog('bench', (line) => process.stderr.write(`${line}\n`));

export async function runScaleBench(args: readonly string[]): Promise<void> {
  const json = args.includes('--json');
  const engine = parseEngine(optionValue(args, '--engine'));
  const orgsOption = optionValue(args, '--orgs');
  const sweep = orgsOption === undefined ? [...DEFAULT_SWEEP] : [positiveInt(orgsOption, 0, '--orgs')];
  const decisionSample = positiveInt(optionValue(args, '--decisions'), DEFAULT_DECISION_SAMPLE, '--decisions');
  const sequentialSample = positiveInt(optionValue(args, '--sequential'), DEFAULT_SEQUENTIAL_SAMPLE, '--sequential');
  const concurrency = positiveInt(optionValue(args, '--concurrency'), DEFAULT_CONCURRENCY, '--concurrency');
  const workerCache = optionValue(args, '--worker-cache');
  const workerSettings = workerCache === undefined ? undefined : { WORKER_MAX_CACHED_WORKFLOWS: String(positiveInt(workerCache, 0, '--worker-cache')) };

  const runs: ScenarioResult[] = [];
  for (const orgs of sweep) {
    log(`รอบ ${orgs} องค์กร บนเครื่องยนต์ ${engine} / run with ${orgs} organisations on the ${engine} engine`);
    runs.push(
      await runItemYearScenario({
        engine,
        orgs,
        concurrency,
        decisionSample,
        sequentialSample,
        withSmtp: true,
        ...(workerSettings ? { workerSettings } : {}),
        log,
      }),
    );
  }
  const summaries = runs.map(summarise);

  const yesNo = (met: boolean): string => (met ? 'yes' : 'NO');
  const kb = (bytes: number | null): string => (bytes === null ? 'n/a' : `${(bytes / 1024).toFixed(1)} KB`);
  console.log(
    formatTable(
      [
        'orgs',
        'item-years',
        'starts/s',
        'bare/s',
        'ratio',
        'decision p50 / p99 (1 at a time)',
        'bare signal p99',
        'p99 ratio',
        `p50 / p99 (${concurrency} in flight)`,
        'worker RSS (at start) / heap',
        'PG/item-year ours',
        'PG/item-year Temporal',
        'start all',
      ],
      summaries.map((s) => [
        String(s.orgs),
        String(s.itemYears),
        s.startsPerSec.toFixed(1),
        s.bareStartsPerSec.toFixed(1),
        s.ratio.toFixed(2),
        `${s.decisionP50Ms.toFixed(1)} / ${s.decisionP99Ms.toFixed(1)} ms`,
        `${s.bareSignalP99Ms.toFixed(1)} ms`,
        `${(s.decisionP99Ms / s.bareSignalP99Ms).toFixed(2)}x`,
        `${s.concurrentDecisionP50Ms.toFixed(0)} / ${s.concurrentDecisionP99Ms.toFixed(0)} ms`,
        `${s.workerRssMb.toFixed(0)} MB (${s.workerStartupRssMb.toFixed(0)}) / ${s.workerHeapUsedMb.toFixed(0)} MB`,
        kb(s.pgBytesPerItemYearOurs),
        kb(s.pgBytesPerItemYearTemporal),
        `${s.secondsToStartAll.toFixed(1)} s`,
      ]),
    ),
  );
  console.log('');
  console.log(
    formatTable(
      ['orgs', `starts >= ${TARGETS.ratio} of bare`, `p99 <= ${TARGETS.p99Factor}x bare signal`, `RSS <= ${TARGETS.workerRssMb} MB`],
      summaries.map((s) => [
        String(s.orgs),
        yesNo(s.ratio >= TARGETS.ratio),
        yesNo(s.decisionP99Ms <= TARGETS.p99Factor * s.bareSignalP99Ms),
        s.openItemYears >= TARGETS.openItemYearsForRss
          ? yesNo(s.workerRssMb <= TARGETS.workerRssMb)
          : `(${s.openItemYears} open, < ${TARGETS.openItemYearsForRss})`,
      ]),
    ),
  );
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  const lines = [
    '',
    `engine: ${engine}; each run on a fresh server and database. starts/s: item-years from starting every ` +
      `organisation's fiscal-year start workflow at once until every item_years row had its first projection ` +
      `(revision >= 1) and every item-year's run had completed its first workflow task (its history's event time). bare/s: ${BARE_MEASURED_WORKFLOWS} no-op workflows started and completed, ` +
      `${BARE_START_CONCURRENCY} in flight, on the same server before and after, pooled.`,
    `decision: POST /d/:token "approve" until the page says the workflow took it, palad then mayor, on item-years ` +
      `sampled evenly over the organisations: ${sequentialSample} one at a time (the p99 ratio: the same load as the ` +
      `bare signals), then ${decisionSample} with ${concurrency} in flight. bare signal: ${SIGNAL_ACKNOWLEDGED_DEFINITION}.`,
    `PG/item-year: growth of pg_database_size over the start and the approvals, divided by the item-years ` +
      `(ours: the sujarit database; Temporal: its persistence and visibility databases).`,
    `growth: ${first.orgs} → ${last.orgs} organisations: start time ${first.startSeconds.toFixed(1)} s → ` +
      `${last.startSeconds.toFixed(1)} s (${((last.startSeconds / last.itemYears) * 1000).toFixed(1)} ms per item-year at ` +
      `${last.orgs}, ${((first.startSeconds / first.itemYears) * 1000).toFixed(1)} ms at ${first.orgs}); worker CPU per ` +
      `item-year start ${(first.startCpuMs / first.itemYears).toFixed(1)} → ${(last.startCpuMs / last.itemYears).toFixed(1)} ms.`,
  ];
  console.log(lines.join('\n'));
  if (json) console.log(JSON.stringify({ ...summaries[summaries.length - 1], runs: summaries }));
}

function summarise(run: ScenarioResult): ScaleRunSummary {
  const bareAck = run.baseline.signals.acknowledged;
  const temporalBytes = run.pgBytesPerItemYear.temporal;
  return {
    engine: run.engine,
    orgs: run.orgs,
    itemYears: run.itemYears,
    startsPerSec: roundTo(run.startsPerSec),
    bareStartsPerSec: roundTo(run.baseline.starts.perSecond),
    ratio: roundTo(run.startsPerSec / run.baseline.starts.perSecond, 2),
    decisionP50Ms: roundTo(percentile(run.sequentialDecisions, 50)),
    decisionP99Ms: roundTo(percentile(run.sequentialDecisions, 99)),
    bareSignalP99Ms: roundTo(percentile(bareAck, 99)),
    concurrentDecisionP50Ms: roundTo(percentile(run.decisions, 50)),
    concurrentDecisionP99Ms: roundTo(percentile(run.decisions, 99)),
    workerRssMb: roundTo(run.workerAtEnd.rssBytes / 2 ** 20),
    workerHeapUsedMb: roundTo(run.workerAtEnd.heapUsedBytes / 2 ** 20),
    workerStartupRssMb: roundTo(run.workerAtStartup.rssBytes / 2 ** 20),
    pgBytesPerItemYear: Math.round(run.pgBytesPerItemYear.ours + (temporalBytes ?? 0)),
    pgBytesPerItemYearOurs: Math.round(run.pgBytesPerItemYear.ours),
    pgBytesPerItemYearTemporal: temporalBytes === undefined ? null : Math.round(temporalBytes),
    secondsToStartAll: roundTo(run.startSeconds),
    openItemYears: run.facts.openItemYears,
  };
}

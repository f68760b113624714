import { prefixedLog } from '../infra/log';
import { BARE_MEASURED_WORKFLOWS, BARE_START_CONCURRENCY, SIGNAL_ACKNOWLEDGED_DEFINITION } from './lib/bare-temporal';
import { POLL_MS, runItemYearScenario } from './lib/item-year-scenario';
import { optionValue, parseEngine, positiveInt } from './lib/options';
import { percentile, roundTo } from './lib/stats';
import { formatTable } from './lib/table';

/**
 * `npm run bench -- workflows [--orgs N] [--concurrency K] [--fy YYYY] [--engine dev|postgres] [--no-smtp] [--json]`
 *
 * Every item-year of N organisations started by the fiscal-year start workflow, then every item that needs approval
 * driven through it the way people do it, against the bare Temporal baseline on the same server
 * (bench/lib/item-year-scenario.ts). `bench scale` runs the same scenario for several N.
 */

export interface WorkflowsBenchResult {
  orgs: number;
  itemYears: number;
  startsPerSec: number;
  baselineStartsPerSec: number;
  ratio: number;
  decisionP50Ms: number;
  decisionP99Ms: number;
  baselineSignalP99Ms: number;
  workerRssMb: number;
}

/** About two and a half minutes on a shared 2-core machine; --orgs overrides. */
const DEFAULT_ORGS = 12;
const DEFAULT_DECISION_CONCURRENCY = 8;
const THROUGHPUT_TARGET_RATIO = 0.7;
const DECISION_P99_TARGET_FACTOR = 3;

const log = prefixedLog('bench', (line) => process.stderr.write(`${line}\n`));

export async function runWorkflowsBench(args: readonly string[]): Promise<void> {
  const json = args.includes('--json');
  const fy = optionValue(args, '--fy');
  const run = await runItemYearScenario({
    engine: parseEngine(optionValue(args, '--engine')),
    orgs: positiveInt(optionValue(args, '--orgs'), DEFAULT_ORGS, '--orgs'),
    concurrency: positiveInt(optionValue(args, '--concurrency'), DEFAULT_DECISION_CONCURRENCY, '--concurrency'),
    withSmtp: !args.includes('--no-smtp'),
    ...(fy !== undefined ? { fiscalYear: positiveInt(fy, 0, '--fy') } : {}),
    log,
  });
  const { baseline, baselineBefore, baselineAfter, decisions, samples } = run;
  const bareAck = baseline.signals.acknowledged;
  const result: WorkflowsBenchResult = {
    orgs: run.orgs,
    itemYears: run.itemYears,
    startsPerSec: roundTo(run.startsPerSec),
    baselineStartsPerSec: roundTo(baseline.starts.perSecond),
    ratio: roundTo(run.startsPerSec / baseline.starts.perSecond, 2),
    decisionP50Ms: roundTo(percentile(decisions, 50)),
    decisionP99Ms: roundTo(percentile(decisions, 99)),
    baselineSignalP99Ms: roundTo(percentile(bareAck, 99)),
    workerRssMb: roundTo(run.workerAtEnd.rssBytes / 2 ** 20),
  };

  const ms = (value: number): string => `${roundTo(value).toFixed(1)} ms`;
  const mb = (bytes: number): string => `${roundTo(bytes / 2 ** 20).toFixed(1)} MB`;
  const p = (values: readonly number[], q: number): string => ms(percentile(values, q));
  const factor = (ours: number, theirs: number): string => `${(ours / theirs).toFixed(2)}x`;
  const yesNo = (met: boolean): string => (met ? 'yes' : 'NO');
  const decisionP99Factor = percentile(decisions, 99) / percentile(bareAck, 99);
  console.log(
    formatTable(
      ['metric', 'Sujarit', 'bare Temporal', 'ratio', 'target', 'met'],
      [
        [
          'starts/s',
          `${run.startsPerSec.toFixed(1)} /s`,
          `${baseline.starts.perSecond.toFixed(1)} /s`,
          (run.startsPerSec / baseline.starts.perSecond).toFixed(2),
          `>= ${THROUGHPUT_TARGET_RATIO}`,
          yesNo(run.startsPerSec / baseline.starts.perSecond >= THROUGHPUT_TARGET_RATIO),
        ],
        ['decision p50', p(decisions, 50), p(bareAck, 50), factor(percentile(decisions, 50), percentile(bareAck, 50)), '', ''],
        ['decision p95', p(decisions, 95), p(bareAck, 95), factor(percentile(decisions, 95), percentile(bareAck, 95)), '', ''],
        [
          'decision p99',
          p(decisions, 99),
          p(bareAck, 99),
          factor(percentile(decisions, 99), percentile(bareAck, 99)),
          `< ${DECISION_P99_TARGET_FACTOR}x`,
          yesNo(decisionP99Factor < DECISION_P99_TARGET_FACTOR),
        ],
        ['worker RSS at end', `${result.workerRssMb.toFixed(1)} MB`, '', '', '', ''],
      ],
    ),
  );
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    '',
    `engine: ${run.engine}. starts/s: ${run.itemYears} item-years (${plural(run.orgs, 'organisation')} x ${run.itemsPerOrg}, ` +
      `FY${run.fiscalYear}) from starting ${plural(run.orgs, 'fiscal-year start workflow')} until every item_years row had ` +
      `revision >= 1: ${run.startSeconds.toFixed(2)} s (all fiscal-year start workflows done at ${run.fyDoneSeconds.toFixed(2)} s).`,
    `bare starts/s: ${BARE_MEASURED_WORKFLOWS} no-op workflows started and completed, ${BARE_START_CONCURRENCY} in flight, ` +
      `same server, worker in the bench process; before ${baselineBefore.starts.perSecond.toFixed(1)}/s, ` +
      `after ${baselineAfter.starts.perSecond.toFixed(1)}/s, pooled ${baseline.starts.perSecond.toFixed(1)}/s. Bare signal ` +
      `p99 before ${p(baselineBefore.signals.acknowledged, 99)}, after ${p(baselineAfter.signals.acknowledged, 99)}; ` +
      `the table pools both runs' ${bareAck.length} samples.`,
    `decision: POST /d/:token "approve" sent → response received over HTTP on loopback; the route answers after ` +
      `the workflow has taken the decision (every page said so). ${decisions.length} decisions ` +
      `(palad p50/p99 ${p(samples.post.palad, 50)} / ${p(samples.post.palad, 99)}, ` +
      `mayor ${p(samples.post.mayor, 50)} / ${p(samples.post.mayor, 99)}), ${run.concurrency} item-years in flight, ` +
      `${run.decisionSeconds.toFixed(1)} s in all.`,
    `  proposal POST (owner, JSON API, waits for the workflow too): p50 ${p(samples.proposal, 50)}, p99 ${p(samples.proposal, 99)}; ` +
      `confirmation → next link delivered: p50 ${p(samples.linkWait, 50)}, p99 ${p(samples.linkWait, 99)} ` +
      `(polled every ${POLL_MS} ms).`,
    `bare signal: ${SIGNAL_ACKNOWLEDGED_DEFINITION}.`,
    `worker: separate process (createSujaritWorker, real activities); RSS ${result.workerRssMb.toFixed(1)} MB at the end ` +
      `(${mb(run.workerAtStartup.rssBytes)} once polling, after bundling the workflows), peak ${mb(run.workerAtEnd.maxRssBytes)}, ` +
      `main-thread heap used ${mb(run.workerAtEnd.heapUsedBytes)}. Worker CPU: ${(run.startCpuMs / run.itemYears).toFixed(1)} ms ` +
      `per item-year start, ${(run.decisionCpuMs / run.approvalItems).toFixed(1)} ms per item-year proposed and approved.`,
    `run: ${run.facts.auditRows} audit rows (chain verified), ${run.facts.decisionPoints} decision points, ` +
      `${run.facts.outboxRows} outbox rows, ` +
      `${run.smtpMessages !== undefined ? `${run.smtpMessages} e-mails received by the SMTP server` : 'no SMTP (inbox rows only)'}; ` +
      `${run.totalSeconds.toFixed(0)} s in all.`,
  ];
  console.log(lines.join('\n'));
  if (json) console.log(JSON.stringify(result));
}

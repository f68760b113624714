import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  condition,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { askForDecision } from '../common/decision';
import { registerCommandAcknowledgement } from '../common/commands';
import { RequestLedger } from '../common/ledger';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { WorkCalendar } from '../../domain/calendar';
import { regenerateRefusal } from '../../domain/commands';
import { signOffDecisionKey } from '../../domain/decision';
import { DAY_MS } from '../../domain/fiscal';
import type { ReminderPolicyInput } from '../../domain/reminders';
import type { ReportFacts, ReportNotice, ReportWorkflowActivities } from './activity-contract';
import type { Recipient } from '../item-year/activity-contract';
import {
  decideSignal,
  publicReportPath,
  regenerateSignal,
  reportStateQuery,
  reportWorkflowId,
  scheduledReportFiscalYear,
  type Decide,
  type Regenerate,
  type ReportPhase,
  type ReportVersionState,
  type ReportWorkflowState,
} from './messages';
import type { ReportKind } from '../../domain/report-kind';

export interface ReportTiming {
  /** One policy day: 86,400,000 in production; tests compress it. */
  dayMs: number;
  /** Days each approver is given, counted from when the decision is asked for. */
  decisionDueDays: number;
  linkTtlMs: number;
  /** First wait between the render activity's own attempts (it doubles, up to a minute). */
  renderAttemptIntervalMs: number;
  /** After rendering gave up (say Chromium is missing), how long to wait before rendering again. */
  renderRetryMs: number;
}

export const DEFAULT_REPORT_TIMING: ReportTiming = {
  dayMs: DAY_MS,
  decisionDueDays: 7,
  linkTtlMs: 14 * DAY_MS,
  renderAttemptIntervalMs: 5_000,
  renderRetryMs: 30 * 60_000,
};

export interface ReportWorkflowInput {
  /** One of the two; the slug names the period's workflow id. */
  organizationSlug?: string;
  organizationId?: number;
  kind: ReportKind;
  /** Omitted by the schedules: the most recent period that has ended (scheduledReportFiscalYear). */
  fiscalYear?: number;
  /** Idempotency key of the first version; defaults to the workflow id. Regenerated versions derive from it. */
  requestKey?: string;
  /** Who asked, for the audit log: 'schedule', 'cli', 'person:<id>'. */
  requestedBy?: string;
  /** ITA result and case reduction the organisation recorded for the year, printed in the report. */
  recorded?: Regenerate['recorded'];
  timing?: Partial<ReportTiming>;
  /** Overrides the organisation's own policy (settings.reminderPolicy), which overrides the default. */
  reminderPolicy?: ReminderPolicyInput;
  /** Task queue of the period's workflow when this run hands over to it. */
  taskQueue?: string;
}


/** Failures no retry fixes: the organisation or plan is missing, a stored snapshot no longer matches its hash. */
const FATAL_TYPES = ['NOT_FOUND', 'INVALID_TRANSITION', 'VALIDATION_FAILED', 'ReportSnapshotError', 'ReportIntegrityError'];

const acts = proxyActivities<ReportWorkflowActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2, nonRetryableErrorTypes: FATAL_TYPES },
});

/**
 * Notices are retried for a few minutes only: every message is in the in-app inbox before delivery is tried, and a
 * mail server that is down must not hold the sign-off chain back.
 */
const notices = proxyActivities<ReportWorkflowActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', backoffCoefficient: 2, maximumAttempts: 8, nonRetryableErrorTypes: FATAL_TYPES },
});

/**
 * Rendering runs a browser for the PDF. It gives up after a few attempts so the failure reaches the workflow,
 * which records it (queryable, audited) and tries again later instead of failing the report. The activity
 * heartbeats while it renders: a worker that dies mid-render is noticed within the heartbeat timeout, and another
 * worker renders again, rather than after the whole start-to-close timeout.
 */
function renderingActivities(timing: ReportTiming) {
  return proxyActivities<ReportWorkflowActivities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '30 seconds',
    retry: {
      initialInterval: timing.renderAttemptIntervalMs,
      maximumInterval: '1 minute',
      backoffCoefficient: 2,
      maximumAttempts: 4,
      nonRetryableErrorTypes: FATAL_TYPES,
    },
  });
}

const ASK = {
  palad: {
    th: 'ตรวจสอบรายงานและเสนอนายกเพื่อทราบและอนุญาตให้เผยแพร่',
    en: 'review the report before it goes to the chief executive',
  },
  mayor: {
    th: 'รับทราบรายงานและอนุญาตให้เผยแพร่บนเว็บไซต์ของหน่วยงาน',
    en: 'acknowledge the report and authorise its publication on the website',
  },
} as const;

function isFatal(err: ActivityFailure): boolean {
  const cause = err.cause;
  return cause instanceof ApplicationFailure && (cause.nonRetryable || FATAL_TYPES.includes(cause.type ?? ''));
}

class ReportRun {
  readonly state: ReportWorkflowState;
  readonly timing: ReportTiming;
  private readonly pendingDecisions: Decide[] = [];
  private regenerateInbox: Regenerate | undefined;
  private facts: ReportFacts | undefined;
  private recorded: Regenerate['recorded'];
  private organizationName = '';
  private reminderPolicy: ReminderPolicyInput | undefined;
  private calendar: WorkCalendar | undefined;
  private actor: string;
  private auditQueue: Promise<void> = Promise.resolve();

  private readonly ledger: RequestLedger;

  constructor(readonly input: ReportWorkflowInput) {
    this.timing = { ...DEFAULT_REPORT_TIMING, ...input.timing };
    this.recorded = input.recorded;
    this.actor = input.requestedBy ?? 'system';
    this.state = {
      workflowId: workflowInfo().workflowId,
      revision: 0,
      kind: input.kind,
      fiscalYear: input.fiscalYear ?? null,
      organizationId: input.organizationId ?? null,
      organizationSlug: input.organizationSlug ?? null,
      phase: 'starting',
      round: 0,
      versions: [],
      decisions: [],
      history: [],
      processedIds: [],
    };
    this.ledger = new RequestLedger(this.state);
  }

  get workflowId(): string {
    return this.state.workflowId;
  }

  get organizationId(): number {
    return this.state.organizationId!;
  }

  get fiscalYear(): number {
    return this.state.fiscalYear!;
  }

  get current(): ReportVersionState {
    return this.state.current!;
  }

  firstTime(id: string): boolean {
    return this.ledger.firstTime(id);
  }

  note(event: string, personId?: number, detail?: string): void {
    this.ledger.note(event, personId, detail);
  }

  registerHandlers(): void {
    setHandler(reportStateQuery, () => this.state);
    registerCommandAcknowledgement(this.ledger);
    setHandler(decideSignal, (msg) => {
      if (!this.firstTime(msg.decisionId)) return;
      this.pendingDecisions.push(msg);
    });
    setHandler(regenerateSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      if (regenerateRefusal({ phase: this.state.phase }) || this.regenerateInbox) {
        return this.note('ignored:regenerate', msg.personId, this.state.phase);
      }
      this.regenerateInbox = msg;
    });
  }

  /** One audit row per revision; writes are chained so they reach Postgres in revision order. */
  changed(action: string, after?: unknown): Promise<void> {
    this.state.revision++;
    const entry = {
      workflowId: this.workflowId,
      revision: this.state.revision,
      organizationId: this.state.organizationId,
      actor: this.actor,
      action,
      before: null,
      after: after ?? {
        phase: this.state.phase,
        round: this.state.round,
        ...(this.state.current ? { reportId: this.state.current.reportId, version: this.state.current.version } : {}),
      },
    };
    this.auditQueue = this.auditQueue.catch(() => undefined).then(() => acts.recordReportEvent(entry));
    return this.auditQueue;
  }

  async enterPhase(phase: ReportPhase): Promise<void> {
    this.state.phase = phase;
    this.note(`phase:${phase}`);
    await this.changed(`phase:${phase}`);
  }

  /** Notices are not worth failing a report for: the in-app inbox keeps what could not be delivered. */
  async tell(what: string, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      this.note(`notice_failed:${what}`, undefined, err.cause?.message ?? err.message);
    }
  }

  async notice(key: string, recipients: Recipient[], notice: ReportNotice): Promise<void> {
    await this.tell(notice.event, () =>
      notices.notifyReport({
        idempotencyKey: `${this.workflowId}:${key}`,
        organizationId: this.organizationId,
        reportId: this.current.reportId,
        recipients,
        notice,
      }),
    );
  }

  async main(): Promise<ReportWorkflowState> {
    const org = await acts.resolveReportOrganization({
      ...(this.input.organizationSlug !== undefined ? { organizationSlug: this.input.organizationSlug } : {}),
      ...(this.input.organizationId !== undefined ? { organizationId: this.input.organizationId } : {}),
    });
    this.state.organizationId = org.id;
    this.state.organizationSlug = org.slug;
    this.organizationName = org.name;
    this.reminderPolicy = this.input.reminderPolicy ?? org.reminderPolicy;
    this.calendar = org.calendar;
    this.state.fiscalYear = this.input.fiscalYear ?? scheduledReportFiscalYear(this.input.kind, workflowInfo().startTime.getTime());
    const periodId = reportWorkflowId(org.slug, this.input.kind, this.fiscalYear);
    if (this.workflowId !== periodId) return this.handOver(periodId);

    await this.changed('started', { kind: this.input.kind, fiscalYear: this.fiscalYear });
    const published = await acts.findPublishedReportVersion({
      organizationId: org.id,
      kind: this.input.kind,
      fiscalYear: this.fiscalYear,
    });
    if (published) {
      // History retention can let the period's id be used again long after its report was published.
      this.note('already_published', undefined, `report ${published.reportId} v${published.version}`);
      await this.enterPhase('already_published');
      return this.finish();
    }

    const requestKey = this.input.requestKey ?? this.workflowId;
    await this.generate(requestKey);
    for (;;) {
      this.state.round++;
      if (await this.signOff()) break;
      await this.regenerate(requestKey);
    }
    await this.publish();
    return this.finish();
  }

  async finish(): Promise<ReportWorkflowState> {
    await this.auditQueue;
    return this.state;
  }

  /**
   * A run whose id is not its period's (a schedule's run, whose id carries the scheduled time) starts the period's
   * workflow and ends. The period's workflow refuses a second start while one exists or after one completed, so
   * a schedule firing twice (or a trigger after the CLI) never starts a second sign-off chain.
   */
  async handOver(periodId: string): Promise<ReportWorkflowState> {
    const { organizationId: _id, requestKey: _key, ...rest } = this.input;
    let started = true;
    try {
      await startChild(reportWorkflow, {
        workflowId: periodId,
        args: [{ ...rest, organizationSlug: this.state.organizationSlug!, fiscalYear: this.fiscalYear }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        ...(this.input.taskQueue ? { taskQueue: this.input.taskQueue } : {}),
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      started = false;
    }
    this.state.handedOverTo = { workflowId: periodId, started };
    this.note(started ? 'handed_over' : 'period_already_started', undefined, periodId);
    await this.enterPhase('handed_over');
    return this.finish();
  }

  /** A new version from a fresh snapshot, rendered in every format; the coordinator is told it is ready. */
  async generate(requestKey: string): Promise<void> {
    await this.enterPhase('generating');
    const created = await acts.createReportVersion({
      organizationId: this.organizationId,
      kind: this.input.kind,
      fiscalYear: this.fiscalYear,
      requestKey,
      createdAtMs: Date.now(),
      ...(this.recorded ? { recorded: this.recorded } : {}),
    });
    const files = await this.render(created.reportId);
    const version: ReportVersionState = {
      reportId: created.reportId,
      version: created.version,
      snapshotSha256: created.snapshotSha256,
      files,
    };
    this.state.current = version;
    this.state.versions.push(version);
    this.facts = await acts.describeReportVersion({ reportId: created.reportId });
    this.note('version_ready', undefined, `report ${created.reportId} v${created.version}`);
    await this.changed('version_ready', { reportId: created.reportId, version: created.version, snapshotSha256: created.snapshotSha256 });
    await this.tell('ready', () =>
      notices.notify({
        idempotencyKey: `${this.workflowId}:ready:${created.reportId}`,
        organizationId: this.organizationId,
        recipients: [{ role: 'coordinator' }],
        template: 'reportReadyForSignOffMessage',
        data: {
          report: { kind: this.input.kind, fiscalYear: this.fiscalYear },
          organisationName: this.facts!.organizationName || this.organizationName,
          stage: 'forward',
          link: `/reports/${created.reportId}/pdf`,
        },
      }),
    );
  }

  async render(reportId: number): Promise<ReportVersionState['files']> {
    for (let failures = 0; ; failures++) {
      try {
        const files = await renderingActivities(this.timing).renderReportFiles({ reportId });
        if (this.state.renderError) {
          delete this.state.renderError;
          this.note('render_recovered');
        }
        return files;
      } catch (err) {
        if (!(err instanceof ActivityFailure) || isFatal(err)) throw err;
        const message = err.cause?.message ?? err.message;
        this.state.renderError = { reportId, message, atMs: Date.now(), failures: failures + 1 };
        this.note('render_failed', undefined, message);
        await this.changed('render_failed', { reportId, message });
        await sleep(this.timing.renderRetryMs);
      }
    }
  }

  /** The ปลัด, then the นายก. Returns true when both approved, false when either sent the report back. */
  async signOff(): Promise<boolean> {
    const { reportId } = this.current;
    await acts.setReportReview({ reportId, from: 'draft', to: 'in_review' });
    for (const role of ['palad', 'mayor'] as const) {
      await this.enterPhase(role === 'palad' ? 'palad_review' : 'mayor_review');
      const decision = await this.decide(role);
      if (decision.outcome === 'approve' || decision.outcome === 'acknowledge') continue;
      await acts.setReportReview({ reportId, from: 'in_review', to: 'draft' });
      const reason = decision.reason?.trim() || '-';
      this.state.sentBack = { role, reason, personId: decision.personId, atMs: Date.now() };
      await this.enterPhase('sent_back');
      await this.notice(`sent-back:${this.state.round}:${role}`, [{ role: 'coordinator' }], {
        event: 'sent_back',
        role,
        reason,
        decidedBy: decision.personName ?? decision.actingAs,
      });
      return false;
    }
    return true;
  }

  /** Waits for the coordinator's regenerate signal and makes the next version; the earlier ones stay as drafts. */
  async regenerate(requestKey: string): Promise<void> {
    await condition(() => this.regenerateInbox !== undefined);
    const request = this.regenerateInbox!;
    this.regenerateInbox = undefined;
    if (request.recorded) this.recorded = { ...this.recorded, ...request.recorded };
    this.actor = `person:${request.personId}`;
    this.note('regenerate_requested', request.personId, request.note);
    delete this.state.sentBack;
    await this.generate(`${requestKey}:regenerate:${this.state.versions.length}`);
    this.actor = 'system';
  }

  /**
   * Asks one approver through signed links (the decision point has no item-year) and waits, reminding them as
   * the organisation's reminder policy says. A report has no unit head, so a late นายก is escalated to the ปลัด
   * only (once, at the policy's palad step), and a late ปลัด is not escalated to himself.
   */
  async decide(role: 'palad' | 'mayor'): Promise<Decide> {
    const version = this.current;
    const facts = this.facts!;
    const decisionKey = signOffDecisionKey(this.state.round, role);
    const dueAtMs = Date.now() + this.timing.decisionDueDays * this.timing.dayMs;
    return askForDecision({
      activities: acts,
      pending: this.pendingDecisions,
      point: {
        workflowId: this.workflowId,
        decisionKey,
        purpose: 'report',
        approverRole: role,
        organizationId: this.organizationId,
        itemYearId: null,
        summary: {
          itemCode: `v${version.version}`,
          itemName: facts.titleTh,
          fiscalYear: this.fiscalYear,
          budget: facts.budgetPlannedBaht,
          memo: facts.memo,
          askTh: ASK[role].th,
          askEn: ASK[role].en,
        },
        dueAtMs,
        linkTtlMs: this.timing.linkTtlMs,
      },
      announce: () => {
        this.state.openDecision = { decisionKey, role, dueAtMs };
        return this.changed(`decision_requested:${decisionKey}`);
      },
      reminders: {
        policy: { ...(this.reminderPolicy ?? {}), dayMs: this.timing.dayMs },
        ...(this.calendar ? { calendar: this.calendar } : {}),
        applies: (r) => !(r.kind === 'escalation' && (role === 'palad' || r.escalateTo !== 'palad')),
      },
      note: (...a) => this.note(...a),
      record: async (decision, decided) => {
        this.state.decisions.push({ ...decided, role, reportId: version.reportId });
        delete this.state.openDecision;
        this.actor = `person:${decision.personId}`;
        await this.changed(`decision:${decision.outcome}`, {
          decisionKey,
          reportId: version.reportId,
          outcome: decision.outcome,
          reason: decision.reason ?? null,
          actingAs: decision.actingAs,
        });
        this.actor = 'system';
      },
    });
  }

  async publish(): Promise<void> {
    await this.enterPhase('publishing');
    const { reportId, version } = this.current;
    const publishedAtMs = Date.now();
    await acts.publishReport({ reportId, publishedAtMs });
    this.state.published = {
      reportId,
      version,
      atMs: publishedAtMs,
      publicPath: publicReportPath(this.state.organizationSlug!, this.input.kind, this.fiscalYear),
    };
    await this.enterPhase('published');
    await this.notice(`published:${reportId}`, [{ role: 'coordinator' }, { role: 'palad' }], { event: 'published' });
  }
}

/**
 * One six-month or annual report of one organisation: snapshot and version, every format rendered, sign-off by
 * the ปลัด and the นายก through signed links (a send-back lets the coordinator regenerate, and the chain starts
 * again), then publication. Its id is the period's (reportWorkflowId), so a period has one sign-off chain.
 */
export async function reportWorkflow(input: ReportWorkflowInput): Promise<ReportWorkflowState> {
  const run = new ReportRun(input);
  run.registerHandlers();
  return run.main();
}

import {
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { askForDecision, type Decide } from '../common/decision';
import { registerCommandAcknowledgement } from '../common/commands';
import { itemYearCommandRefusal, type ItemYearCommand } from '../../domain/commands';
import { RequestLedger } from '../common/ledger';
import type { WorkCalendar } from '../../domain/calendar';
import type { ApproverRole, DecisionPurpose } from '../../domain/decision';
import { afterTheFactProblems, type AfterTheFactView } from '../../domain/after-the-fact';
import { bangkokDate, bangkokMidnightMs } from '../../domain/fiscal';
import type { PlanAmendmentChange, WorkflowMessage } from '../../domain/messages';
import { planItemYear, type ItemYearPlan, type PlannedStep } from '../../domain/item-year-plan';
import { initialItemYearState, planDayMs, startedAudit } from './initial-state';
import type { Indicator, ItemKind, Step } from '../../domain/plan';
import { reminderSchedule, type ReminderPolicyInput, type ScheduledReminder } from '../../domain/reminders';
import type { ItemYearActivities, Recipient } from './activity-contract';
import {
  applyAmendmentSignal,
  decideSignal,
  moveDueDateSignal,
  reassignSignal,
  recordAfterTheFactSignal,
  recordCommitteeSignal,
  requestCancellationSignal,
  stateQuery,
  completeStepSignal,
  submitEvaluationSignal,
  submitProposalSignal,
  submitReportSignal,
  type AmendmentUpdateChange,
  type ApplyAmendment,
  type ItemYearPhase,
  type ItemYearState,
  type RecordAfterTheFact,
  type RecordCommittee,
  type RequestCancellation,
  type StepState,
  type SubmitEvaluation,
  type SubmitProposal,
  type SubmitReport,
} from './messages';

export interface ItemYearInput {
  organizationId: number;
  itemYearId: number;
  fiscalYear: number;
  item: {
    code: string;
    name: string;
    kind: ItemKind;
    unitKey: string;
    /** This year's budget in baht; null = ไม่ใช้งบประมาณ. */
    budget: number | null;
    steps: Step[];
    indicators: Indicator[];
  };
  ownerPersonId: number | null;
  ownerName?: string;
  /** 'via_palad': every memo to the mayor passes through the palad first (the usual อบต. route). */
  approvalRoute: 'via_palad' | 'direct';
  timing: {
    /** Instant of day 0 of the plan (1 October 00:00 Bangkok in production). */
    startMs: number;
    /** One plan day: 86,400,000 in production; tests compress it. */
    dayMs: number;
    decisionDueDays: number;
    committeeDueDays: number;
    linkTtlMs: number;
  };
  reminderPolicy?: ReminderPolicyInput;
  calendar?: WorkCalendar;
  /**
   * Set by the activity that starts a fiscal year: it has already recorded this run's revision 1 (the initial state)
   * and its 'started' audit row, for all of the organisation's item-years in one transaction, so the first task
   * writes nothing. Runs started without it write revision 1 themselves, as every run did before.
   */
  initialStateRecorded?: true;
}

/** patched() ids: each names one change to running workflows' command sequence. */
const MERGED_FIRST_PHASE_WRITE = 'merged-first-phase-write';
const LOCAL_PROJECTION_WRITES = 'local-projection-writes';
const COMMAND_RULE_ENDED = 'command-rule-ended';
const LATE_START_GRACE = 'late-start-grace';
/** An amendment's new responsible unit and method steps reach the run; before it only its budget and name did. */
const AMENDMENT_UNIT_AND_STEPS = 'amendment-unit-and-steps';

/** Phases after the execution steps: an amendment's new steps no longer change what this year does. */
const PAST_EXECUTION: ReadonlySet<ItemYearPhase> = new Set(['evaluation', 'report', 'report_ack', 'completed', 'cancelled']);

const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
} as const;
const acts = proxyActivities<ItemYearActivities>(ACTIVITY_OPTIONS);
/**
 * The projection write is one short, idempotent statement batch: as a local activity it runs inside the workflow
 * task that made the change, so a start or a decision costs the server one workflow task instead of two plus an
 * activity task (about half the history events and one round trip less).
 */
const local = proxyLocalActivities<Pick<ItemYearActivities, 'recordItemYear'>>(ACTIVITY_OPTIONS);

class ItemYearRun {
  readonly state: ItemYearState;
  readonly plan: ItemYearPlan;
  private readonly pendingDecisions: Decide[] = [];
  private proposalInbox: SubmitProposal | undefined;
  private committeeInbox: RecordCommittee | undefined;
  private evaluationInbox: SubmitEvaluation | undefined;
  private reportInbox: SubmitReport | undefined;
  private cancellationRequest: RequestCancellation | undefined;
  /** An approved amendment that takes the item out of this year: it ends the run without asking anyone again. */
  private amendmentCancellation: ApplyAmendment | undefined;
  /** Bumped whenever a due date moves, so waiting reminder loops recompute their schedule. */
  private dueVersion = 0;
  /** Bumped when an amendment replans the steps, so the execution stage waits for the steps there are now. */
  private stepsVersion = 0;
  /** The steps as planned from the plan in force (before any date a person moved): the input's until an amendment. */
  private plannedSteps: PlannedStep[];
  private actor = 'system';

  private readonly ledger: RequestLedger;

  constructor(readonly input: ItemYearInput) {
    const initial = initialItemYearState(input, workflowInfo().workflowId);
    this.plan = initial.plan;
    // The run counts its own revisions: it starts before revision 1 unless its starter recorded that revision.
    this.state = { ...initial.state, revision: input.initialStateRecorded ? 1 : 0 };
    this.ledger = new RequestLedger(this.state);
    this.plannedSteps = initial.plan.executionSteps;
  }

  dayToMs(day: number): number {
    return planDayMs(this.input.timing, day);
  }

  daysFromNow(days: number): number {
    return Date.now() + days * this.input.timing.dayMs;
  }

  /** The item's name and this year's budget as the plan in force has them: the input's until an amendment changes them. */
  itemName(): string {
    return this.state.amended?.name ?? this.input.item.name;
  }

  plannedBudget(): number | null {
    return this.state.amended ? this.state.amended.budget : this.input.item.budget;
  }

  /** The responsible division whose head is told and escalated to: the input's until an amendment moves the item. */
  unitKey(): string {
    return this.state.amended?.unit?.unitKey ?? this.input.item.unitKey;
  }

  get workflowId(): string {
    return this.state.workflowId;
  }

  firstTime(id: string): boolean {
    return this.ledger.firstTime(id);
  }

  note(event: string, personId?: number, detail?: string): void {
    this.ledger.note(event, personId, detail);
  }

  registerHandlers(): void {
    setHandler(stateQuery, () => this.state);
    registerCommandAcknowledgement(this.ledger);
    setHandler(submitProposalSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      if (this.refuses({ name: 'submitProposal' })) return this.note('ignored:submitProposal', msg.personId, this.state.phase);
      this.proposalInbox = msg;
    });
    setHandler(decideSignal, (msg) => {
      if (!this.firstTime(msg.decisionId)) return;
      this.pendingDecisions.push(msg);
    });
    setHandler(recordCommitteeSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      if (this.refuses({ name: 'recordCommittee' })) return this.note('ignored:recordCommittee', msg.personId, this.state.phase);
      this.committeeInbox = msg;
    });
    setHandler(completeStepSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      const step = this.state.steps.find((s) => s.key === msg.stepKey);
      if (!step || this.refuses({ name: 'completeStep', stepKey: msg.stepKey })) {
        return this.note('ignored:completeStep', msg.personId, msg.stepKey);
      }
      step.status = 'done';
      step.completedAtMs = Date.now();
      step.completedBy = msg.personId;
      step.notes = msg.notes;
      step.evidenceIds = msg.evidenceIds;
      if (msg.budgetSpent !== undefined) this.state.budgetSpent = msg.budgetSpent;
      this.note('step_completed', msg.personId, msg.stepKey);
      this.changed(`person:${msg.personId}`, 'step_completed');
    });
    setHandler(moveDueDateSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      const step = this.state.steps.find((s) => s.key === msg.stepKey);
      if (!step || this.refuses({ name: 'moveDueDate', stepKey: msg.stepKey, reason: msg.reason })) {
        return this.note('ignored:moveDueDate', msg.personId, msg.stepKey);
      }
      const before = step.dueAtMs;
      step.dueAtMs = msg.newDueAtMs;
      this.dueVersion++;
      this.note('due_date_moved', msg.personId, `${msg.stepKey}: ${msg.reason}`);
      this.changed(`person:${msg.personId}`, 'due_date_moved', { step: msg.stepKey, dueAtMs: before }, { step: msg.stepKey, dueAtMs: msg.newDueAtMs, reason: msg.reason });
    });
    setHandler(submitEvaluationSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      if (this.refuses({ name: 'submitEvaluation' })) return this.note('ignored:submitEvaluation', msg.personId, this.state.phase);
      this.evaluationInbox = msg;
    });
    setHandler(submitReportSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      if (this.refuses({ name: 'submitReport' })) return this.note('ignored:submitReport', msg.personId, this.state.phase);
      this.reportInbox = msg;
    });
    setHandler(requestCancellationSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      if (this.refuses({ name: 'requestCancellation', reason: msg.reason })) {
        return this.note('ignored:requestCancellation', msg.personId);
      }
      this.cancellationRequest = msg;
    });
    setHandler(reassignSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      if (this.refuses({ name: 'reassign' })) return this.note('ignored:reassign', msg.personId, this.state.phase);
      const before = this.state.ownerPersonId;
      this.state.ownerPersonId = msg.newOwnerPersonId;
      if (msg.newOwnerName) this.state.ownerName = msg.newOwnerName;
      else delete this.state.ownerName;
      this.note('reassigned', msg.personId, String(msg.newOwnerPersonId));
      this.changed(`person:${msg.personId}`, 'reassigned', { owner: before }, { owner: msg.newOwnerPersonId });
    });
    setHandler(recordAfterTheFactSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      const problems = afterTheFactProblems(msg.record, this.afterTheFactView());
      if (problems.length > 0) return this.note('ignored:recordAfterTheFact', msg.personId, problems[0]!.code);
      this.recordAfterTheFact(msg);
    });
    // A handler no run from before amendments received: their histories replay as they were.
    setHandler(applyAmendmentSignal, (msg) => {
      if (!this.firstTime(msg.requestId)) return;
      if (this.refuses({ name: 'applyAmendment' })) return this.note('ignored:applyAmendment', msg.personId, this.state.phase);
      const amendment = { planVersionId: msg.amendment.planVersionId, number: msg.amendment.number };
      if (msg.change.kind === 'cancel') {
        this.amendmentCancellation = msg;
        return;
      }
      const change = msg.change;
      const before: Record<string, unknown> = { budget: this.plannedBudget(), name: this.itemName() };
      const after: Record<string, unknown> = { budget: change.budget, name: change.name, amendment };
      // Amendments sent before unit and steps were in the payload carried neither, and their runs replay as they were.
      const follows = (change.unit !== undefined || change.steps !== undefined) && patched(AMENDMENT_UNIT_AND_STEPS);
      const unit = this.state.amended?.unit;
      this.state.amended = { ...amendment, budget: change.budget, name: change.name, ...(unit ? { unit } : {}) };
      if (follows) this.followAmendment(change, before, after);
      this.note('amended', msg.personId, `v${amendment.planVersionId}`);
      this.changed(`person:${msg.personId}`, 'amended', before, after);
      this.notices.push(
        this.notifyAmendment(msg, {
          kind: 'changed',
          budgetBefore: before.budget as number | null,
          budget: change.budget,
          ...(follows && change.unit ? { unitKey: change.unit.unitKey } : {}),
          ...(follows && after.steps ? { stepsChanged: true as const } : {}),
        }),
      );
    });
  }

  /**
   * The amendment's new responsible unit (the owner the application found for it, else its unit head) and new method
   * steps, with what they were in the audit row's before and after. The reminder loops are woken, so reminders and the
   * overdue date follow the new owner and due dates at once.
   */
  followAmendment(change: AmendmentUpdateChange, before: Record<string, unknown>, after: Record<string, unknown>): void {
    if (change.unit) {
      before.unit = { unitKey: this.unitKey(), section: this.state.amended?.unit?.section ?? null };
      before.owner = this.state.ownerPersonId;
      this.state.amended!.unit = { unitKey: change.unit.unitKey, section: change.unit.section };
      this.state.ownerPersonId = change.unit.owner.personId;
      if (change.unit.owner.name) this.state.ownerName = change.unit.owner.name;
      else delete this.state.ownerName;
      after.unit = this.state.amended!.unit;
      after.owner = change.unit.owner.personId;
    }
    if (change.steps) {
      if (PAST_EXECUTION.has(this.state.phase)) {
        // The year's steps are behind it: what was done stays as it was done.
        after.stepsNotReplanned = this.state.phase;
      } else {
        before.steps = this.stepDues();
        this.replanSteps(change.steps, change.budget);
        after.steps = this.stepDues();
      }
    }
    this.dueVersion++;
  }

  stepDues(): Array<{ key: string; dueAtMs: number; status: string }> {
    return this.state.steps.map((s) => ({ key: s.key, dueAtMs: s.dueAtMs, status: s.status }));
  }

  /**
   * This year's steps worked out again from the amended method steps. A done step is kept as it was done (the work
   * happened), whether the plan still has it or not; a pending step still there with the same text keeps a due date a
   * person moved; a new or reworded one is pending on its planned date; a pending step the plan no longer has is dropped.
   */
  replanSteps(steps: Step[], budget: number | null): void {
    const planned = planItemYear({ kind: this.input.item.kind, steps, budget }, this.input.fiscalYear).executionSteps;
    const previous = new Map(this.state.steps.map((s) => [s.key, s]));
    const plannedDue = new Map(this.plannedSteps.map((p) => [p.key, this.dayToMs(p.dueDay)]));
    const next: StepState[] = planned.map((p) => {
      const was = previous.get(p.key);
      previous.delete(p.key);
      if (was?.status === 'done') return was;
      if (was && was.text === p.text && was.phase === p.phase) {
        const moved = was.dueAtMs !== plannedDue.get(p.key);
        return { ...was, ordinal: p.ordinal, ...(moved ? {} : { dueAtMs: this.dayToMs(p.dueDay) }) };
      }
      return {
        key: p.key,
        ordinal: p.ordinal,
        text: p.text,
        phase: p.phase,
        ...(p.occurrence ? { occurrence: p.occurrence } : {}),
        dueAtMs: this.dayToMs(p.dueDay),
        status: 'pending',
      };
    });
    for (const was of previous.values()) if (was.status === 'done') next.push(was);
    next.sort((a, b) => a.dueAtMs - b.dueAtMs || a.ordinal - b.ordinal);
    this.state.steps = next;
    this.plannedSteps = planned;
    this.stepsVersion++;
  }

  step(key: string): StepState | undefined {
    return this.state.steps.find((s) => s.key === key);
  }

  /** Done, or no longer a step of this year (an amendment dropped it). */
  stepSettled(key: string): boolean {
    const step = this.step(key);
    return !step || step.status === 'done';
  }

  /** What the after-the-fact checks read of this run: the same view the service builds from the projection. */
  afterTheFactView(): AfterTheFactView {
    return {
      fiscalYear: this.input.fiscalYear,
      today: bangkokDate(Date.now()),
      needsApproval: this.plan.needsApproval,
      needsCommittee: this.plan.needsCommittee,
      budget: this.plannedBudget(),
      state: this.state,
    };
  }

  /**
   * Takes in what happened on paper before go-live. The stages it covers are passed by the main flow's waits (see
   * approvedOnPaper, committeeOnPaper) with no decision point opened; the steps are done on their own dates. Only
   * this signal sets afterTheFact, so runs that never received it wait and decide exactly as before.
   */
  recordAfterTheFact(msg: RecordAfterTheFact): void {
    const { record } = msg;
    const before = { phase: this.state.phase, status: this.state.status };
    this.state.afterTheFact = {
      recordedBy: msg.personId,
      ...(msg.personName ? { recordedByName: msg.personName } : {}),
      recordedAtMs: Date.now(),
      ...(record.approval ? { approval: record.approval } : {}),
      ...(record.committee ? { committee: record.committee } : {}),
      stepKeys: record.steps.map((s) => s.key),
    };
    if (record.committee) {
      this.state.committee = { orderNumber: record.committee.orderNumber, orderDate: record.committee.orderDate, members: [] };
    }
    const steps = record.steps.map((done) => {
      const step = this.state.steps.find((s) => s.key === done.key)!;
      step.status = 'done';
      step.completedAtMs = bangkokMidnightMs(done.date);
      step.completedBy = msg.personId;
      step.notes = done.evidence ?? '';
      // Only records sent with files carry evidenceIds: runs from before them replay with none, as they were.
      step.evidenceIds = [...(msg.evidenceIds?.[done.key] ?? [])];
      step.recordedAfterTheFact = true;
      return { key: step.key, text: step.text, date: done.date, ...(done.evidence ? { evidence: done.evidence } : {}) };
    });
    if (record.budgetSpent !== undefined) this.state.budgetSpent = record.budgetSpent;
    this.note('recorded_after_the_fact', msg.personId);
    this.changed(`person:${msg.personId}`, 'recorded_after_the_fact', before, {
      recordedAfterTheFact: true,
      recordedBy: { personId: msg.personId, ...(msg.personName ? { name: msg.personName } : {}) },
      ...(record.approval ? { approval: record.approval } : {}),
      ...(record.committee ? { committee: record.committee } : {}),
      steps,
      ...(record.budgetSpent !== undefined ? { budgetSpent: record.budgetSpent } : {}),
    });
  }

  approvedOnPaper(): boolean {
    return this.state.afterTheFact?.approval !== undefined;
  }

  committeeOnPaper(): boolean {
    return this.state.afterTheFact?.committee !== undefined;
  }

  /**
   * The shared rule (domain/commands.ts) decides what this run takes; the service that accepts a command applies the
   * same rule first, so a person is refused there and this is the last word on a race.
   */
  refuses(command: ItemYearCommand): boolean {
    const refusal = itemYearCommandRefusal(this.state, command);
    if (refusal?.code !== 'finished' || (command.name !== 'moveDueDate' && command.name !== 'reassign')) {
      return refusal !== undefined;
    }
    // Before the rule, a due-date move or a reassignment was taken even after the end: runs from then replay so.
    if (patched(COMMAND_RULE_ENDED)) return true;
    return itemYearCommandRefusal({ ...this.state, phase: 'execution' }, command) !== undefined;
  }

  isFinished(): boolean {
    return this.state.phase === 'completed' || this.state.phase === 'cancelled';
  }

  private projectionQueue: Promise<void> = Promise.resolve();

  /**
   * Records a state change: bumps the revision and writes the projection and an audit row. Writes are chained so
   * they reach Postgres in revision order even when several signals land in one workflow task.
   */
  changed(actor: string, action: string, before?: unknown, after?: unknown): Promise<void> {
    this.state.revision++;
    const snapshot: ItemYearState = JSON.parse(JSON.stringify(this.state));
    // A write cancelled with the main flow must not block the writes that record the cancellation.
    // Runs from before local writes keep their activity tasks while they replay, and write locally from then on.
    const write = patched(LOCAL_PROJECTION_WRITES) ? local.recordItemYear : acts.recordItemYear;
    this.projectionQueue = this.projectionQueue.catch(() => undefined).then(() =>
      write({
        itemYearId: this.input.itemYearId,
        organizationId: this.input.organizationId,
        state: snapshot,
        audit: { actor, action, before: before ?? null, after: after ?? { phase: snapshot.phase, status: snapshot.status } },
      }),
    );
    return this.projectionQueue;
  }

  async enterPhase(phase: ItemYearPhase, dueAtMs?: number, auditDetail?: Record<string, unknown>): Promise<void> {
    // The 'started' write already recorded the first phase and its due date; runs from before this change wrote it
    // a second time, and still do when they replay.
    const alreadyRecorded =
      this.state.revision === 1 && phase === this.state.phase && dueAtMs === this.state.phaseDueAtMs;
    if (alreadyRecorded && patched(MERGED_FIRST_PHASE_WRITE)) return;
    const before = { phase: this.state.phase, status: this.state.status };
    this.state.phase = phase;
    if (dueAtMs === undefined) delete this.state.phaseDueAtMs;
    else this.state.phaseDueAtMs = dueAtMs;
    this.note(`phase:${phase}`);
    await this.changed(this.actor, `phase:${phase}`, before, { phase, status: this.state.status, ...auditDetail });
  }

  ownerRecipients(): Recipient[] {
    return this.state.ownerPersonId !== null
      ? [{ personId: this.state.ownerPersonId }]
      : [{ role: 'unit_head', unitKey: this.unitKey() }];
  }

  /**
   * Waits until done() while sending the policy's reminders for dueAtMs() to the owner (and escalations to the unit
   * head and palad). The idempotency key names the due-date version, so moving a date starts a fresh series
   * without re-sending the old one.
   */
  async waitWithReminders(stepKey: string, done: () => boolean, dueAtMs: () => number, stepText: string | (() => string)): Promise<void> {
    let from = Date.now();
    while (!done()) {
      const version = this.dueVersion;
      const due = dueAtMs();
      // A due date already past when this run started (go-live during the year) waits out the grace before it is
      // chased (domain/reminders.ts); runs from before the rule keep the schedule their histories followed. The
      // grace's length is the input policy's: an input from before it was a setting has none and gets the old 14 days.
      const liveFromMs = patched(LATE_START_GRACE) ? workflowInfo().startTime.getTime() : undefined;
      const next: ScheduledReminder | undefined = reminderSchedule({
        dueAtMs: due,
        fromMs: from,
        ...(liveFromMs !== undefined ? { liveFromMs } : {}),
        policy: this.policy(),
        ...(this.input.calendar ? { calendar: this.input.calendar } : {}),
      })[0];
      const interrupted = () => done() || this.dueVersion !== version;
      if (!next) {
        await condition(interrupted);
        continue;
      }
      const timedOut = !(await condition(interrupted, Math.max(1, next.atMs - Date.now())));
      if (this.dueVersion !== version) {
        from = Date.now();
        continue;
      }
      if (!timedOut) continue;
      from = next.atMs + 1;
      await this.sendReminder(stepKey, `${stepKey}@${version}`, next, typeof stepText === 'string' ? stepText : stepText(), due);
    }
  }

  policy(): ReminderPolicyInput {
    return { ...(this.input.reminderPolicy ?? {}), dayMs: this.input.timing.dayMs };
  }

  async sendReminder(stepKey: string, seriesKey: string, reminder: ScheduledReminder, stepText: string, dueAtMs: number): Promise<void> {
    const escalation = reminder.kind === 'escalation';
    const overdue = reminder.kind === 'overdue' || escalation;
    const recipients: Recipient[] = !escalation
      ? this.ownerRecipients()
      : reminder.escalateTo === 'palad'
        ? [{ role: 'palad' }]
        : [{ role: 'unit_head', unitKey: this.unitKey() }];
    const common = {
      item: { code: this.input.item.code, name: this.itemName() },
      step: stepText,
      dueDate: bangkokDate(dueAtMs),
      link: this.itemPagePath(),
    };
    const message: WorkflowMessage<'stepDueReminderMessage' | 'overdueReminderMessage' | 'escalationMessage'> = escalation
      ? {
          template: 'escalationMessage',
          data: {
            ...common,
            daysOverdue: Math.max(1, reminder.daysFromDue),
            // The recipients above read a missing target as the unit head; the message says the same.
            escalateTo: reminder.escalateTo ?? 'unit_head',
            owner: { name: this.state.ownerName ?? 'ผู้รับผิดชอบ', unit: this.unitKey() },
          },
        }
      : overdue
        ? { template: 'overdueReminderMessage', data: { ...common, daysOverdue: Math.max(1, reminder.daysFromDue) } }
        : { template: 'stepDueReminderMessage', data: { ...common, daysLeft: Math.max(0, -reminder.daysFromDue) } };
    await acts.notify({
      idempotencyKey: `${this.workflowId}:${seriesKey}:reminder:${reminder.seq}`,
      organizationId: this.input.organizationId,
      recipients,
      ...message,
    });
    this.note(escalation ? `escalated:${reminder.escalateTo}` : `reminded:${reminder.kind}`, undefined, stepKey);
  }

  /** The item's page in the web app; the notify activity makes it absolute with the public base URL. */
  itemPagePath(): string {
    return `/items/${this.input.item.code}/years/${this.input.fiscalYear}`;
  }

  async notifyDecisionResult(decisionKey: string, decision: Decide): Promise<void> {
    const outcome = decision.outcome === 'reject' ? 'rejected' : decision.outcome === 'send_back' ? 'changes_requested' : 'approved';
    await acts.notify({
      idempotencyKey: `${this.workflowId}:${decisionKey}:result`,
      organizationId: this.input.organizationId,
      recipients: this.ownerRecipients(),
      template: 'decisionResultMessage',
      data: {
        item: { code: this.input.item.code, name: this.itemName() },
        decision: outcome === 'approved' ? { outcome } : { outcome, reason: decision.reason ?? '-' },
        decidedBy: decision.personName ?? decision.actingAs,
        decidedAt: bangkokDate(Date.now()),
        link: this.itemPagePath(),
      },
    });
  }

  /**
   * Asks approverRole to decide and waits for the decision, reminding the approvers while it is open. Returns the
   * decision signal; the decision row was written by the API before the signal was sent.
   */
  async decide(purpose: DecisionPurpose, decisionKey: string, approverRole: ApproverRole, ask: { th: string; en: string }, extra: Record<string, unknown> = {}): Promise<Decide> {
    const dueAtMs = this.daysFromNow(this.input.timing.decisionDueDays);
    const decision = await askForDecision({
      activities: acts,
      pending: this.pendingDecisions,
      point: {
        workflowId: this.workflowId,
        decisionKey,
        purpose,
        approverRole,
        organizationId: this.input.organizationId,
        itemYearId: this.input.itemYearId,
        summary: {
          itemCode: this.input.item.code,
          itemName: this.itemName(),
          fiscalYear: this.input.fiscalYear,
          budget: this.state.proposal?.budget ?? this.plannedBudget(),
          ...(this.state.proposal?.startDate ? { startDate: this.state.proposal.startDate } : {}),
          ...(this.state.proposal?.endDate ? { endDate: this.state.proposal.endDate } : {}),
          ...(this.state.proposal?.memo ? { memo: this.state.proposal.memo } : {}),
          askTh: ask.th,
          askEn: ask.en,
          ...extra,
        },
        dueAtMs,
        linkTtlMs: this.input.timing.linkTtlMs,
      },
      announce: () => {
        this.state.openDecision = { decisionKey, purpose, approverRole, dueAtMs };
        return this.changed(this.actor, `decision_requested:${decisionKey}`);
      },
      reminders: { policy: this.policy() },
      note: (...a) => this.note(...a),
      record: (taken, facts) => {
        this.state.decisions.push({ ...facts, purpose });
        delete this.state.openDecision;
        return this.changed(`person:${taken.personId}`, `decision:${taken.outcome}`, { decisionKey }, {
          decisionKey,
          outcome: taken.outcome,
          reason: taken.reason ?? null,
          actingAs: taken.actingAs,
        });
      },
    });
    if (decision.outcome !== 'acknowledge') await this.notifyDecisionResult(decisionKey, decision);
    return decision;
  }

  approvalChain(): ApproverRole[] {
    return this.input.approvalRoute === 'via_palad' ? ['palad', 'mayor'] : ['mayor'];
  }

  async proposalAndApproval(): Promise<void> {
    for (let round = 1; ; round++) {
      // A proposal sent back is due again within the time an approver is given to decide.
      const proposalDue =
        round === 1 ? this.dayToMs(this.plan.proposalDueDay) : this.daysFromNow(this.input.timing.decisionDueDays);
      await this.enterPhase('proposal', proposalDue);
      await this.waitWithReminders(`proposal-${round}`, () => this.proposalInbox !== undefined || this.approvedOnPaper(), () => proposalDue, 'เสนอโครงการเพื่อขออนุมัติ');
      // Approved on paper before go-live: no proposal, and no one is asked to decide it again.
      if (this.approvedOnPaper()) return;
      const proposal = this.proposalInbox!;
      this.proposalInbox = undefined;
      this.state.proposal = {
        memo: proposal.memo,
        budget: proposal.budget,
        round,
        ...(proposal.startDate ? { startDate: proposal.startDate } : {}),
        ...(proposal.endDate ? { endDate: proposal.endDate } : {}),
      };
      this.actor = `person:${proposal.personId}`;
      this.note('proposal_submitted', proposal.personId);
      await this.enterPhase('approval');
      this.actor = 'system';
      let approved = true;
      for (const role of this.approvalChain()) {
        const decision = await this.decide('proposal', `proposal:${round}:${role}`, role, {
          th: role === 'palad' ? 'พิจารณาเสนอนายกเพื่ออนุมัติโครงการ' : 'อนุมัติโครงการและการใช้งบประมาณ',
          en: role === 'palad' ? 'review the proposal before it goes to the mayor' : 'approve the project and its budget',
        });
        if (decision.outcome !== 'approve') {
          approved = false;
          break;
        }
      }
      if (approved) return;
    }
  }

  async committee(): Promise<void> {
    for (let round = 1; ; round++) {
      const dueAtMs = this.daysFromNow(this.input.timing.committeeDueDays);
      await this.enterPhase('committee', dueAtMs);
      await this.waitWithReminders(`committee-${round}`, () => this.committeeInbox !== undefined || this.committeeOnPaper(), () => dueAtMs, 'จัดทำคำสั่งแต่งตั้งคณะกรรมการ');
      // The order was signed on paper before go-live: the นายก is not asked to sign it again.
      if (this.committeeOnPaper()) return;
      const order = this.committeeInbox!;
      this.committeeInbox = undefined;
      this.state.committee = { orderNumber: order.orderNumber, orderDate: order.orderDate, members: order.members };
      this.note('committee_recorded', order.personId, order.orderNumber);
      await this.enterPhase('committee_signoff');
      const decision = await this.decide('committee', `committee:${round}:mayor`, 'mayor', {
        th: `ลงนามคำสั่งแต่งตั้งคณะกรรมการ เลขที่ ${order.orderNumber}`,
        en: `sign the order appointing the committee, no. ${order.orderNumber}`,
      });
      if (decision.outcome === 'approve') return;
    }
  }

  /**
   * Waits for every step, each with its own reminders. The steps are looked up by key, as an amendment may replace them
   * (stepsVersion): a new step gets its wait, a dropped one is settled. Without an amendment the waits are made in the
   * same order as they always were, so runs from before it replay unchanged.
   */
  async execution(): Promise<void> {
    await this.enterPhase('execution');
    const waits = new Map<string, Promise<void>>();
    for (;;) {
      for (const { key } of this.state.steps) {
        if (waits.has(key)) continue;
        waits.set(key, this.waitWithReminders(key, () => this.stepSettled(key), () => this.step(key)?.dueAtMs ?? Date.now(), () => this.step(key)?.text ?? key));
      }
      const version = this.stepsVersion;
      await Promise.race([Promise.all(waits.values()), condition(() => this.stepsVersion !== version)]);
      if (this.stepsVersion === version && this.state.steps.every((s) => waits.has(s.key))) return;
    }
  }

  async evaluation(): Promise<void> {
    const dueAtMs = this.dayToMs(this.plan.evaluationDueDay);
    await this.enterPhase('evaluation', dueAtMs);
    await this.waitWithReminders('evaluation', () => this.evaluationInbox !== undefined, () => dueAtMs, 'ประเมินผลตามตัวชี้วัด');
    const evaluation = this.evaluationInbox!;
    this.evaluationInbox = undefined;
    this.state.evaluation = {
      indicatorResults: evaluation.indicatorResults,
      budgetSpent: evaluation.budgetSpent,
      problems: evaluation.problems,
      suggestions: evaluation.suggestions,
    };
    this.state.budgetSpent = evaluation.budgetSpent;
    this.note('evaluation_submitted', evaluation.personId);
    this.actor = `person:${evaluation.personId}`;
  }

  async report(): Promise<void> {
    for (let round = 1; ; round++) {
      const dueAtMs = round === 1 ? this.dayToMs(this.plan.reportDueDay) : this.daysFromNow(this.input.timing.decisionDueDays);
      await this.enterPhase('report', dueAtMs);
      this.actor = 'system';
      await this.waitWithReminders(`report-${round}`, () => this.reportInbox !== undefined, () => dueAtMs, 'รายงานผลการดำเนินการ');
      const report = this.reportInbox!;
      this.reportInbox = undefined;
      this.state.report = { summary: report.summary };
      this.note('report_submitted', report.personId);
      this.actor = `person:${report.personId}`;
      await this.enterPhase('report_ack');
      this.actor = 'system';
      const decision = await this.decide('report', `report:${round}:palad`, 'palad', {
        th: 'รับทราบรายงานผลการดำเนินการ',
        en: 'acknowledge the item report',
      });
      if (decision.outcome === 'acknowledge' || decision.outcome === 'approve') return;
    }
  }

  async main(): Promise<void> {
    if (this.plan.needsApproval) await this.proposalAndApproval();
    if (this.plan.needsCommittee && !this.committeeOnPaper()) await this.committee();
    await this.execution();
    await this.evaluation();
    await this.report();
    this.state.status = 'completed';
    await this.enterPhase('completed');
  }

  /**
   * Runs beside the main flow: a cancellation request goes to the mayor; if approved, the main flow is cancelled
   * wherever it waits. Returns true when the item-year was cancelled.
   */
  async cancellationWatch(mainScope: CancellationScope): Promise<boolean> {
    for (let n = 1; ; n++) {
      await condition(() => this.cancellationRequest !== undefined || this.amendmentCancellation !== undefined || this.isFinished());
      if (this.isFinished()) return false;
      if (this.amendmentCancellation) return this.cancelByAmendment(mainScope);
      const request = this.cancellationRequest!;
      const decisionKey = `cancel:${n}:mayor`;
      this.state.pendingCancellation = { reason: request.reason, requestedBy: request.personId, decisionKey };
      this.note('cancellation_requested', request.personId, request.reason);
      const decision = await this.decideCancellation(decisionKey, request.reason);
      delete this.state.pendingCancellation;
      this.cancellationRequest = undefined;
      // An amendment that removes the item withdrew the person's request: the amendment is why the year ends.
      if (this.amendmentCancellation) return this.cancelByAmendment(mainScope);
      if (decision && decision.outcome === 'approve') {
        this.state.cancelReason = request.reason;
        mainScope.cancel();
        return true;
      }
      await this.changed(this.actor, 'cancellation_refused');
    }
  }

  /**
   * The นายก approved the amendment that takes this item out of the year, so no cancellation is asked for: the main
   * flow is cancelled wherever it waits, with the amendment as the reason.
   */
  cancelByAmendment(mainScope: CancellationScope): true {
    const msg = this.amendmentCancellation!;
    if (msg.change.kind === 'cancel') this.state.cancelReason = msg.change.reason;
    this.actor = `person:${msg.personId}`;
    this.cancelledBy = { reason: this.state.cancelReason, amendment: msg.amendment };
    this.note('cancelled_by_amendment', msg.personId, `v${msg.amendment.planVersionId}`);
    mainScope.cancel();
    return true;
  }

  /** What the 'cancelled' audit row says besides the phase, for a cancellation by amendment. */
  private cancelledBy: Record<string, unknown> | undefined;

  /**
   * The cancellation decision does not take over openDecision: the item's own pending decision stays visible. It is
   * withdrawn if the item-year ends first. The mayor is not reminded of it.
   */
  async decideCancellation(decisionKey: string, reason: string): Promise<Decide | undefined> {
    const dueAtMs = this.daysFromNow(this.input.timing.decisionDueDays);
    const decision = await askForDecision({
      activities: acts,
      pending: this.pendingDecisions,
      point: {
        workflowId: this.workflowId,
        decisionKey,
        purpose: 'cancellation',
        approverRole: 'mayor',
        organizationId: this.input.organizationId,
        itemYearId: this.input.itemYearId,
        summary: {
          itemCode: this.input.item.code,
          itemName: this.itemName(),
          fiscalYear: this.input.fiscalYear,
          budget: this.plannedBudget(),
          askTh: 'อนุมัติยกเลิกการดำเนินการในปีงบประมาณนี้',
          askEn: 'approve cancelling this item for the fiscal year',
          reason,
        },
        dueAtMs,
        linkTtlMs: this.input.timing.linkTtlMs,
      },
      announce: () => this.changed(this.actor, 'cancellation_requested'),
      withdrawWhen: () => this.isFinished() || this.amendmentCancellation !== undefined,
      note: (...a) => this.note(...a),
      record: (_taken, facts) => {
        this.state.decisions.push({ ...facts, purpose: 'cancellation' });
      },
    });
    if (decision) await this.notifyDecisionResult(decisionKey, decision);
    return decision;
  }

  /** Notices sent from signal handlers (an amendment's), awaited before the run ends. */
  private readonly notices: Array<Promise<unknown>> = [];

  /** Tells the owner what an approved amendment did to this item-year. */
  notifyAmendment(msg: ApplyAmendment, change: PlanAmendmentChange) {
    return acts.notify({
      idempotencyKey: `${this.workflowId}:amendment:v${msg.amendment.planVersionId}:notice`,
      organizationId: this.input.organizationId,
      recipients: this.ownerRecipients(),
      template: 'planAmendmentNoticeMessage',
      data: {
        item: { code: this.input.item.code, name: this.itemName() },
        amendmentNumber: msg.amendment.number,
        fiscalYear: this.input.fiscalYear,
        change,
        link: this.itemPagePath(),
      },
    });
  }

  async flush(): Promise<void> {
    await this.projectionQueue;
    await Promise.all(this.notices);
  }

  async finishCancelled(): Promise<void> {
    const open = this.state.openDecision;
    if (open) {
      await acts.closeDecision({ workflowId: this.workflowId, decisionKey: open.decisionKey, status: 'withdrawn' });
      delete this.state.openDecision;
    }
    this.state.status = 'cancelled';
    await this.enterPhase('cancelled', undefined, this.cancelledBy);
    if (this.amendmentCancellation) await this.notifyAmendment(this.amendmentCancellation, { kind: 'cancelled' });
  }
}

/**
 * One plan item in one fiscal year, from proposal to the acknowledged item report. Every wait is a durable timer
 * or a signal, so it survives restarts of workers and of the server for the whole year.
 */
export async function itemYearWorkflow(input: ItemYearInput): Promise<ItemYearState> {
  const run = new ItemYearRun(input);
  run.registerHandlers();
  if (!input.initialStateRecorded) {
    const { actor, action, before, after } = startedAudit(run.state);
    await run.changed(actor, action, before, after);
  }

  const mainScope = new CancellationScope();
  const mainFlow = mainScope.run(() => run.main());
  const cancelled = run.cancellationWatch(mainScope);
  try {
    await mainFlow;
  } catch (err) {
    if (!isCancellation(err)) throw err;
  }
  if (await cancelled) {
    await CancellationScope.nonCancellable(() => run.finishCancelled());
  }
  await run.flush();
  return run.state;
}

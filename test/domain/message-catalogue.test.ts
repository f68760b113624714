import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { prepareTemplate, WORKFLOW_TEMPLATE_NAMES } from '../../activities/notifications';
import {
  decisionLinkMessage,
  escapeHtml,
  MESSAGE_CATALOGUE,
  MESSAGE_TEMPLATES,
  renderMessage,
  reportNoticeMessage,
  signatureLine,
  type Message,
  type MessageData,
  type MessageTemplate,
  type ReportNotice,
  type WorkflowMessage,
} from '../../domain/messages';
import type { ItemYearActivities } from '../../workflows/item-year/activity-contract';
import { HISTORIES_DIR } from '../support/histories';

const LINK = 'https://sujarit.example.go.th/items/2.1/years/2570?tab=steps&x=1';
const PUBLIC_BASE_URL = 'https://sujarit.example.go.th';
/** Plan text and names come from people: every entry must escape what it puts into HTML. */
const HOSTILE = 'มาตรการ <script>alert("x")</script> & "ป้องกัน"';
const ITEM = { code: '2.1', name: HOSTILE };
const ORGANISATION = `องค์การบริหารส่วนตำบล ${HOSTILE}`;
const TO = { recipient: 'นายสมชาย ใจดี' };

/** One sample per entry; the mapped type makes a new catalogue entry without a sample fail to compile. */
const SAMPLES: { [K in MessageTemplate]: MessageData<K> } = {
  approvalRequestMessage: { item: ITEM, ask: 'approve_project', budgetBaht: 20000, dueDate: '2026-10-07', link: LINK },
  decisionLinkMessage: {
    occasion: { kind: 'reminder', reminder: 'overdue' },
    item: ITEM,
    fiscalYear: 2570,
    askTh: 'พิจารณาอนุมัติการยกเลิกรายการ',
    askEn: 'approve cancelling the item',
    budgetBaht: null,
    reason: HOSTILE,
    dueDate: '2026-10-07',
    today: '2026-10-10',
    link: LINK,
  },
  stepDueReminderMessage: { item: ITEM, step: HOSTILE, dueDate: '2026-10-07', daysLeft: 1, link: LINK },
  overdueReminderMessage: { item: ITEM, step: HOSTILE, dueDate: '2026-10-07', daysOverdue: 2, link: LINK },
  escalationMessage: {
    item: ITEM,
    step: HOSTILE,
    dueDate: '2026-10-07',
    daysOverdue: 7,
    escalateTo: 'palad',
    owner: { name: HOSTILE, unit: 'กองคลัง' },
    link: LINK,
  },
  decisionResultMessage: {
    item: ITEM,
    decision: { outcome: 'changes_requested', reason: HOSTILE },
    decidedBy: 'นายกองค์การบริหารส่วนตำบลสุจริต',
    decidedAt: '2026-10-05',
    link: LINK,
  },
  signInLinkMessage: { link: LINK, expiresAtMs: Date.UTC(2026, 9, 7, 7, 30) },
  planAmendmentNoticeMessage: { item: ITEM, amendmentNumber: 1, fiscalYear: 2570, change: { kind: 'changed', budgetBefore: 15000, budget: null }, link: LINK },
  organizationInvitationMessage: { organization: ORGANISATION, link: LINK, expiresAtMs: Date.UTC(2026, 9, 14, 7, 30) },
  oversightInvitationMessage: { office: `สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด ${HOSTILE}`, link: LINK, expiresAtMs: Date.UTC(2026, 9, 14, 7, 30) },
  rolesImportedMessage: {
    organization: ORGANISATION,
    administrator: HOSTILE,
    people: 2,
    grants: [
      { person: HOSTILE, role: 'palad', acting: true },
      { person: 'นางสาวพร ดี', role: 'owner', acting: false },
    ],
    importedOn: '2026-10-05',
    link: LINK,
  },
  authorityChangeMessage: {
    change: 'delegation_added',
    organization: ORGANISATION,
    administrator: HOSTILE,
    person: HOSTILE,
    role: 'mayor',
    validFrom: '2026-10-01',
    validTo: null,
    changedOn: '2026-10-01',
    link: LINK,
  },
  reportReadyForSignOffMessage: {
    report: { kind: 'six_month', fiscalYear: 2570 },
    organisationName: ORGANISATION,
    stage: 'forward',
    link: LINK,
  },
  reportNoticeMessage: {
    notice: { event: 'sent_back', role: 'palad', reason: HOSTILE, decidedBy: 'นายเกียรติ ทองดี' },
    organisationName: ORGANISATION,
    reportTitle: { th: 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี', en: 'Annual report on anti-corruption implementation results' },
    version: 2,
    link: LINK,
  },
};

const messages = MESSAGE_TEMPLATES.map((template) => ({ template, data: SAMPLES[template] }) as Message);
const THAI = /[\u0E00-\u0E7F]/;

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('the message catalogue', () => {
  it('has a renderer for every template and nothing else', () => {
    expect(Object.keys(MESSAGE_CATALOGUE).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(messages.map((m) => [m.template, m] as const))('%s: Thai first, then English, in the subject and the text', (_, message) => {
    const content = renderMessage(message, TO);
    const [subjectTh, subjectEn, ...rest] = content.subject.split(' / ');
    expect(rest).toEqual([]);
    expect(subjectTh).toMatch(THAI);
    expect(subjectEn).toMatch(/^[A-Z]/);
    expect(content.text.startsWith(`เรียน ${TO.recipient}\n`)).toBe(true);
    expect(content.text.indexOf('Dear ')).toBeGreaterThan(content.text.indexOf('เรียน '));
    expect(content.text).toContain(LINK);
  });

  it.each(messages.map((m) => [m.template, m] as const))('%s: one signature line per language, after its text', (_, message) => {
    const content = renderMessage(message, TO);
    for (const body of [content.text, content.html]) {
      expect(occurrences(body, signatureLine('th'))).toBe(1);
      expect(occurrences(body, signatureLine('en'))).toBe(1);
      expect(body.indexOf(signatureLine('th'))).toBeLessThan(body.indexOf('Dear '));
      expect(body.lastIndexOf(signatureLine('en'))).toBeGreaterThan(body.indexOf('Dear '));
    }
  });

  it.each(messages.map((m) => [m.template, m] as const))('%s: HTML in Thai then English, every person-written text escaped', (_, message) => {
    const { html } = renderMessage(message, TO);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="th">')).toBe(true);
    expect(html.indexOf('<div lang="th">')).toBeGreaterThan(0);
    expect(html.indexOf('<div lang="en">')).toBeGreaterThan(html.indexOf('<div lang="th">'));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('&step');
    expect(html).toContain(`href="${escapeHtml(LINK)}"`);
    if (message.template !== 'signInLinkMessage') expect(html).toContain(escapeHtml(HOSTILE));
  });

  it.each(messages.map((m) => [m.template, m] as const))('%s: a LINE text, Thai first, with the link and the English subject', (_, message) => {
    const content = renderMessage(message, TO);
    const [subjectTh, subjectEn] = content.subject.split(' / ');
    expect(content.lineText.startsWith(`${subjectTh}\n`)).toBe(true);
    expect(content.lineText).toContain(`เรียน ${TO.recipient}`);
    expect(content.lineText).toContain(LINK);
    expect(content.lineText.trimEnd().endsWith(subjectEn!)).toBe(true);
    expect(content.lineText).not.toContain('Dear ');
  });

  it('renders an entry exactly as its function does, with the addressee added', () => {
    const message: Message<'decisionLinkMessage'> = { template: 'decisionLinkMessage', data: SAMPLES.decisionLinkMessage };
    expect(renderMessage(message, TO)).toEqual(decisionLinkMessage({ ...SAMPLES.decisionLinkMessage, ...TO }));
  });

  it('refuses a template it does not know', () => {
    const unknown = { template: 'noSuchMessage', data: {} } as unknown as Message;
    expect(() => renderMessage(unknown, TO)).toThrow(RangeError);
  });
});

describe('decision links', () => {
  const base = SAMPLES.decisionLinkMessage;
  const subjectOf = (occasion: MessageData<'decisionLinkMessage'>['occasion'], today = '2026-10-10') =>
    decisionLinkMessage({ ...base, ...TO, item: { code: '1.3', name: 'โครงการ' }, occasion, today }).subject;

  it('words each occasion in its subject, counting days from the given today', () => {
    expect(subjectOf({ kind: 'reminder', reminder: 'overdue' })).toBe(
      'แจ้งเตือน เกินกำหนดพิจารณา ๓ วัน: ๑.๓ โครงการ / Reminder, decision overdue by 3 days: item 1.3',
    );
    expect(subjectOf({ kind: 'reminder', reminder: 'before' }, '2026-10-04')).toBe(
      'แจ้งเตือน อีก ๓ วันครบกำหนดพิจารณา: ๑.๓ โครงการ / Reminder, decision due in 3 days: item 1.3',
    );
    expect(subjectOf({ kind: 'reminder', reminder: 'due' })).toBe(
      'แจ้งเตือน ครบกำหนดพิจารณาวันนี้: ๑.๓ โครงการ / Reminder, decision due today: item 1.3',
    );
    expect(subjectOf({ kind: 'renewal' })).toBe('ลิงก์ใหม่สำหรับการพิจารณา: ๑.๓ โครงการ / New decision link: item 1.3');
    expect(subjectOf({ kind: 'request' })).toBe('ขอความกรุณาพิจารณา: ๑.๓ โครงการ / Decision requested: item 1.3');
  });

  it('states the ask, the budget, the reason and the due date in both languages', () => {
    const content = decisionLinkMessage({ ...base, ...TO, reason: 'ย้ายไปดำเนินการปีหน้า' });
    expect(content.text).toContain('ขอความกรุณาพิจารณาอนุมัติการยกเลิกรายการ สำหรับรายการ ๒.๑');
    expect(content.text).toContain('งบประมาณ: ไม่ใช้งบประมาณ');
    expect(content.text).toContain('เหตุผล: ย้ายไปดำเนินการปีหน้า');
    expect(content.text).toContain('กำหนดพิจารณา: ภายในวันที่ ๗ ตุลาคม ๒๕๖๙');
    expect(content.text).toContain('You are kindly asked to approve cancelling the item for item 2.1');
    expect(content.text).toContain('Decision due: by 7 October 2026');
  });
});

describe('report notices', () => {
  const base = { ...SAMPLES.reportNoticeMessage, ...TO, organisationName: 'องค์การบริหารส่วนตำบลสุจริต' };

  it('sent back: who sent it back and what to change', () => {
    const content = reportNoticeMessage(base);
    expect(content.subject).toBe(
      'รายงานถูกส่งกลับให้แก้ไข: รายงานผลการดำเนินการป้องกันการทุจริตประจำปี / ' +
        'Report sent back for changes: Annual report on anti-corruption implementation results',
    );
    expect(content.text).toContain('ฉบับที่ ๒ ถูกส่งกลับให้แก้ไขโดย นายเกียรติ ทองดี (ปลัด)');
    expect(content.text).toContain('was sent back for changes by นายเกียรติ ทองดี (the permanent secretary)');
  });

  it('published: the public link is the permanent address', () => {
    const content = reportNoticeMessage({ ...base, notice: { event: 'published' } });
    expect(content.subject.startsWith('เผยแพร่รายงานแล้ว: ')).toBe(true);
    expect(content.text).toContain('องค์การบริหารส่วนตำบลสุจริต ได้เผยแพร่รายงานผลการดำเนินการป้องกันการทุจริตประจำปี ฉบับที่ ๒');
    expect(content.text).toContain('ลิงก์สาธารณะของรายงาน:\n' + LINK);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The workflow → activity contract

type NotifyRequest = Parameters<ItemYearActivities['notify']>[0];
const stepDue = { item: ITEM, step: 'จัดทำโครงการ', dueDate: '2026-10-07' };

/** Each of these fails the typecheck (the directive errors if it does not) and fails the activity at run time. */
const WRONG: Array<[string, unknown]> = [
  [
    'a days-overdue count on a step-due reminder',
    // @ts-expect-error a step-due reminder counts daysLeft
    { template: 'stepDueReminderMessage', data: { ...stepDue, daysOverdue: 2 } } satisfies WorkflowMessage,
  ],
  [
    'a step-due reminder without its day count',
    // @ts-expect-error daysLeft is required
    { template: 'stepDueReminderMessage', data: stepDue } satisfies WorkflowMessage,
  ],
  [
    'a rejection without a reason',
    // @ts-expect-error a rejection carries its reason
    { template: 'decisionResultMessage', data: { item: ITEM, decision: { outcome: 'rejected' }, decidedBy: 'x', decidedAt: '2026-10-05' } } satisfies WorkflowMessage,
  ],
  [
    'an approval request, whose signed link must not pass through history',
    // @ts-expect-error workflows may not name approvalRequestMessage
    { template: 'approvalRequestMessage', data: SAMPLES.approvalRequestMessage } satisfies WorkflowMessage,
  ],
  [
    'a template that does not exist',
    // @ts-expect-error no such template
    { template: 'noSuchMessage', data: {} } satisfies WorkflowMessage,
  ],
];

describe('the notify contract', () => {
  it('accepts a right template/data pair, with a path for the link', () => {
    const request: NotifyRequest = {
      idempotencyKey: 'wf:reminder:1',
      organizationId: 1,
      recipients: [{ role: 'coordinator' }],
      template: 'stepDueReminderMessage',
      data: { ...stepDue, daysLeft: 7, link: '/items/2.1/years/2570' },
    };
    const { content, link } = prepareTemplate(request.template, request.data, PUBLIC_BASE_URL)(TO.recipient);
    expect(link).toBe(`${PUBLIC_BASE_URL}/items/2.1/years/2570`);
    expect(content.text).toContain(link);
  });

  it.each(WRONG)('the activity refuses %s as non-retryable, before anything is sent', (_, payload) => {
    const { template, data } = payload as { template: string; data: unknown };
    let failure: unknown;
    try {
      prepareTemplate(template, data, PUBLIC_BASE_URL);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).type).toBe('INVALID_TEMPLATE');
  });

  it('names the division an amendment moved the item to, and that its steps were worked out again', () => {
    const data = { ...SAMPLES.planAmendmentNoticeMessage, change: { kind: 'changed', budgetBefore: null, budget: null, unitKey: 'finance', stepsChanged: true } };
    const { content } = prepareTemplate('planAmendmentNoticeMessage', data, PUBLIC_BASE_URL)(TO.recipient);
    expect(content.text).toContain('ผู้รับผิดชอบตามแผนที่แก้ไข: กองคลัง');
    expect(content.text).toContain('Responsible in the amended plan: Finance Division');
    expect(content.text).toContain('กำหนดส่งแต่ละขั้นคำนวณใหม่');
    const moved = prepareTemplate('planAmendmentNoticeMessage', { ...data, change: { ...data.change, stepsChanged: undefined } }, PUBLIC_BASE_URL)(TO.recipient);
    expect(moved.content.text).not.toContain('กำหนดส่งแต่ละขั้นคำนวณใหม่');
  });

  it('lets workflows name only catalogue templates', () => {
    for (const name of WORKFLOW_TEMPLATE_NAMES) expect(MESSAGE_TEMPLATES).toContain(name);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Payloads already in workflow histories

interface ScheduledActivity {
  activityTaskScheduledEventAttributes?: { activityType: { name: string }; input?: { payloads: Array<{ data: string }> } };
}

function recordedInputs(activity: string): unknown[] {
  const inputs: unknown[] = [];
  for (const file of readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'))) {
    const saved = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as { history: { events: ScheduledActivity[] } };
    for (const event of saved.history.events) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType.name !== activity) continue;
      inputs.push(JSON.parse(Buffer.from(scheduled.input!.payloads[0]!.data, 'base64').toString('utf8')));
    }
  }
  return inputs;
}

describe('payloads recorded by running workflows', () => {
  it('every notify payload in the saved histories still renders', () => {
    const payloads = recordedInputs('notify') as Array<{ template: string; data: unknown }>;
    expect(new Set(payloads.map((p) => p.template))).toEqual(new Set(WORKFLOW_TEMPLATE_NAMES));
    for (const payload of payloads) {
      const { content } = prepareTemplate(payload.template, payload.data, PUBLIC_BASE_URL)(TO.recipient);
      expect(content.subject).toMatch(THAI);
      expect(content.text).toContain(PUBLIC_BASE_URL);
    }
  });

  it('every notifyReport notice in the saved histories still renders', () => {
    const notices = (recordedInputs('notifyReport') as Array<{ notice: ReportNotice }>).map((p) => p.notice);
    expect(new Set(notices.map((n) => n.event))).toEqual(new Set(['sent_back', 'published']));
    for (const notice of notices) {
      const content = renderMessage({ template: 'reportNoticeMessage', data: { ...SAMPLES.reportNoticeMessage, notice } }, TO);
      expect(content.subject).toMatch(THAI);
    }
  });
});

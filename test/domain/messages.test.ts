import {
  approvalRequestMessage,
  decisionResultMessage,
  escalationMessage,
  escapeHtml,
  overdueReminderMessage,
  reportReadyForSignOffMessage,
  signInLinkMessage,
  stepDueReminderMessage,
  type NotificationContent,
} from '../../domain/messages';

const LINK = 'https://sujarit.example.go.th/approvals/9f2c?token=ab&step=2';
const LINK_IN_HTML_ATTRIBUTE = 'href="https://sujarit.example.go.th/approvals/9f2c?token=ab&amp;step=2"';
const ITEM = { code: '1.3', name: 'โครงการส่งเสริมคุณธรรมและจริยธรรม' };
const MAYOR = 'นายกองค์การบริหารส่วนตำบลสุจริต';
const OWNER = 'นายสมชาย ใจดี';

function expectLinkInEveryChannel(content: NotificationContent): void {
  expect(content.text).toContain(LINK);
  expect(content.lineText).toContain(LINK);
  expect(content.html).toContain(LINK_IN_HTML_ATTRIBUTE);
  // The raw ampersand never reaches HTML; the visible copy is escaped as well.
  expect(content.html).not.toContain('token=ab&step');
}

type Template = (link: string, item?: { code: string; name: string }) => NotificationContent;

const TEMPLATES: Template[] = [
  (link, item = ITEM) =>
    approvalRequestMessage({ recipient: MAYOR, item, ask: 'approve_project', budgetBaht: 20000, dueDate: '2026-10-07', link }),
  (link, item = ITEM) =>
    stepDueReminderMessage({ recipient: OWNER, item, step: 'จัดทำโครงการ', dueDate: '2026-10-07', daysLeft: 7, link }),
  (link, item = ITEM) =>
    overdueReminderMessage({ recipient: OWNER, item, step: 'จัดทำโครงการ', dueDate: '2026-10-07', daysOverdue: 2, link }),
  (link, item = ITEM) =>
    escalationMessage({
      recipient: 'ผู้อำนวยการกองคลัง',
      escalateTo: 'unit_head',
      owner: { name: OWNER, unit: 'กองคลัง' },
      item,
      step: 'จัดทำโครงการ',
      dueDate: '2026-10-07',
      daysOverdue: 7,
      link,
    }),
  (link, item = ITEM) =>
    decisionResultMessage({
      recipient: OWNER,
      item,
      decision: { outcome: 'approved' },
      decidedBy: MAYOR,
      decidedAt: '2026-10-05',
      link,
    }),
  (link) => signInLinkMessage({ recipient: OWNER, link, expiresAtMs: Date.UTC(2026, 9, 7, 7, 30) }),
  (link) =>
    reportReadyForSignOffMessage({
      recipient: MAYOR,
      report: { kind: 'annual', fiscalYear: 2570 },
      organisationName: 'องค์การบริหารส่วนตำบลสุจริต',
      stage: 'final',
      link,
    }),
];

describe('approval request', () => {
  const content = approvalRequestMessage({
    recipient: MAYOR,
    recipientEn: 'the Chief Executive',
    item: ITEM,
    ask: 'approve_project_and_budget',
    budgetBaht: 20000,
    dueDate: '2026-10-07',
    link: LINK,
    requestedBy: 'นางสาวสมศรี รักดี นักวิเคราะห์นโยบายและแผน',
  });

  it('has the exact subject, Thai first', () => {
    expect(content.subject).toBe(
      'ขออนุมัติโครงการและการใช้จ่ายงบประมาณ: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / ' +
        'Request to approve the project and its budget: item 1.3',
    );
  });

  it('addresses the approver officially and states the ask, budget and due date in Thai, then English', () => {
    expect(content.text.startsWith(`เรียน ${MAYOR}\n`)).toBe(true);
    expect(content.text).toContain('ขอความกรุณาพิจารณาอนุมัติโครงการและการใช้จ่ายงบประมาณ');
    expect(content.text).toContain('งบประมาณ: ๒๐,๐๐๐ บาท');
    expect(content.text).toContain('กำหนดพิจารณา: ภายในวันที่ ๗ ตุลาคม ๒๕๖๙');
    expect(content.text).toContain('ผู้เสนอ: นางสาวสมศรี รักดี นักวิเคราะห์นโยบายและแผน');
    expect(content.text).toContain('จึงเรียนมาเพื่อโปรดพิจารณา');
    expect(content.text).toContain('Dear the Chief Executive,');
    expect(content.text).toContain('Budget: 20,000 baht');
    expect(content.text).toContain('Decision due: by 7 October 2026');
    expect(content.text.indexOf('เรียน')).toBeLessThan(content.text.indexOf('Dear'));
    expect(content.lineText).toContain('กำหนดพิจารณา: ภายในวันที่ ๗ ตุลาคม ๒๕๖๙');
  });

  it('says ไม่ใช้งบประมาณ when the item has no budget', () => {
    const noBudget = approvalRequestMessage({
      recipient: 'ปลัดองค์การบริหารส่วนตำบลสุจริต',
      item: ITEM,
      ask: 'endorse',
      budgetBaht: null,
      dueDate: '2026-10-07',
      link: LINK,
    });
    expect(noBudget.subject).toBe('ขอความเห็นชอบ: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / Request to endorse the proposal for the chief executive: item 1.3');
    expect(noBudget.text).toContain('งบประมาณ: ไม่ใช้งบประมาณ');
    expect(noBudget.text).toContain('Budget: no budget');
  });

  it('writes Arabic digits in the Thai text when asked to', () => {
    const arabic = approvalRequestMessage({
      recipient: MAYOR,
      item: ITEM,
      ask: 'approve_budget',
      budgetBaht: 1250.5,
      dueDate: '2026-10-07',
      link: LINK,
      digits: 'arabic',
    });
    expect(arabic.subject).toBe('ขออนุมัติใช้จ่ายงบประมาณ: 1.3 โครงการส่งเสริมคุณธรรมและจริยธรรม / Request to approve spending the budget: item 1.3');
    expect(arabic.text).toContain('งบประมาณ: 1,250.50 บาท');
    expect(arabic.text).toContain('ภายในวันที่ 7 ตุลาคม 2569');
  });
});

describe('step reminders', () => {
  const base = { recipient: OWNER, item: ITEM, step: 'ขออนุมัติโครงการ', dueDate: '2026-10-07', link: LINK };

  it.each([
    [7, 'แจ้งเตือน อีก ๗ วันครบกำหนด: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / Reminder, due in 7 days: item 1.3'],
    [1, 'แจ้งเตือน ครบกำหนดพรุ่งนี้: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / Reminder, due tomorrow: item 1.3'],
    [0, 'แจ้งเตือน ครบกำหนดวันนี้: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / Reminder, due today: item 1.3'],
  ])('daysLeft %i: exact subject', (daysLeft, subject) => {
    const content = stepDueReminderMessage({ ...base, daysLeft });
    expect(content.subject).toBe(subject);
    expect(content.text).toContain('ขั้นตอน “ขออนุมัติโครงการ”');
    expect(content.text).toContain('วันครบกำหนด: ๗ ตุลาคม ๒๕๖๙');
    expect(content.text).toContain('จึงเรียนมาเพื่อโปรดทราบและดำเนินการ');
  });

  it('on the due day says so rather than counting days', () => {
    const today = stepDueReminderMessage({ ...base, daysLeft: 0 });
    expect(today.text).toContain('ครบกำหนดวันนี้ (วันที่ ๗ ตุลาคม ๒๕๖๙)');
    expect(today.text).toContain('is due today (7 October 2026)');
  });

  it('overdue: exact subject and the number of days late', () => {
    const content = overdueReminderMessage({ ...base, daysOverdue: 3 });
    expect(content.subject).toBe('เกินกำหนด ๓ วัน: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / Overdue by 3 days: item 1.3');
    expect(content.text).toContain('ครบกำหนดเมื่อวันที่ ๗ ตุลาคม ๒๕๖๙ ขณะนี้เกินกำหนด ๓ วันแล้ว');
    expect(overdueReminderMessage({ ...base, daysOverdue: 1 }).subject).toContain('Overdue by 1 day:');
  });

  it('refuses impossible day counts', () => {
    expect(() => stepDueReminderMessage({ ...base, daysLeft: -1 })).toThrow(RangeError);
    expect(() => stepDueReminderMessage({ ...base, daysLeft: 1.5 })).toThrow(RangeError);
    expect(() => overdueReminderMessage({ ...base, daysOverdue: 0 })).toThrow(RangeError);
    expect(() => stepDueReminderMessage({ ...base, daysLeft: 1, dueDate: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('escalation', () => {
  const base = {
    item: ITEM,
    step: 'ขออนุมัติโครงการ',
    dueDate: '2026-10-07',
    daysOverdue: 14,
    owner: { name: OWNER, unit: 'กองคลัง' },
    link: LINK,
  };

  it('names the owner and how late, and asks the ปลัด to give instructions', () => {
    const content = escalationMessage({ ...base, recipient: 'ปลัดองค์การบริหารส่วนตำบลสุจริต', escalateTo: 'palad' });
    expect(content.subject).toBe(
      'รายงานงานล่าช้า เกินกำหนด ๑๔ วัน: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / Escalation, 14 days overdue: item 1.3',
    );
    expect(content.text).toContain('ซึ่งมี นายสมชาย ใจดี (กองคลัง) เป็นผู้รับผิดชอบ');
    expect(content.text).toContain('ขอความกรุณาพิจารณาสั่งการ');
    expect(content.lineText).toContain('ผู้รับผิดชอบ: นายสมชาย ใจดี (กองคลัง)');
  });

  it('asks a unit head to follow up instead', () => {
    const content = escalationMessage({ ...base, recipient: 'ผู้อำนวยการกองคลัง', escalateTo: 'unit_head' });
    expect(content.text).toContain('ขอความกรุณาติดตามและกำกับการดำเนินงาน');
    expect(content.text).not.toContain('สั่งการ');
  });
});

describe('decision result', () => {
  const base = { recipient: OWNER, item: ITEM, decidedBy: MAYOR, decidedAt: '2026-10-05', link: LINK };

  it('approved', () => {
    const content = decisionResultMessage({ ...base, decision: { outcome: 'approved' } });
    expect(content.subject).toBe('ผลการพิจารณา อนุมัติ: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / Decision, approved: item 1.3');
    expect(content.text).toContain(`ได้รับการอนุมัติจาก ${MAYOR} เมื่อวันที่ ๕ ตุลาคม ๒๕๖๙`);
  });

  it('rejected, with the reason', () => {
    const content = decisionResultMessage({ ...base, decision: { outcome: 'rejected', reason: 'งบประมาณไม่เพียงพอ' } });
    expect(content.subject).toBe('ผลการพิจารณา ไม่อนุมัติ: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / Decision, rejected: item 1.3');
    expect(content.text).toContain('เหตุผล: งบประมาณไม่เพียงพอ');
    expect(content.lineText).toContain('เหตุผล: งบประมาณไม่เพียงพอ');
  });

  it('sent back for changes, keeping the line breaks of the note in HTML', () => {
    const content = decisionResultMessage({
      ...base,
      decision: { outcome: 'changes_requested', reason: 'แก้ไขกลุ่มเป้าหมาย\nและระยะเวลา <ด่วน>' },
    });
    expect(content.subject).toBe(
      'ผลการพิจารณา ส่งกลับให้แก้ไข: ๑.๓ โครงการส่งเสริมคุณธรรมและจริยธรรม / Decision, sent back for changes: item 1.3',
    );
    expect(content.text).toContain('สิ่งที่ขอให้แก้ไข: แก้ไขกลุ่มเป้าหมาย\nและระยะเวลา <ด่วน>');
    expect(content.html).toContain('แก้ไขกลุ่มเป้าหมาย<br>และระยะเวลา &lt;ด่วน&gt;');
  });

  it('requires a reason for a rejection', () => {
    expect(() => decisionResultMessage({ ...base, decision: { outcome: 'rejected', reason: '  ' } })).toThrow(RangeError);
  });
});

describe('sign-in link', () => {
  it('states when the link expires, in Bangkok time', () => {
    // 07:30 UTC is 14:30 in Bangkok.
    const content = signInLinkMessage({ recipient: OWNER, link: LINK, expiresAtMs: Date.UTC(2026, 9, 7, 7, 30) });
    expect(content.subject).toBe('ลิงก์เข้าสู่ระบบสุจริต / Sujarit sign-in link');
    expect(content.text).toContain('หมดอายุวันที่ ๗ ตุลาคม ๒๕๖๙ เวลา ๑๔:๓๐ น.');
    expect(content.text).toContain('expires at 14:30 (Bangkok time) on 7 October 2026');
  });

  it('reads the date in Bangkok across midnight UTC', () => {
    const content = signInLinkMessage({ recipient: OWNER, link: LINK, expiresAtMs: Date.UTC(2026, 9, 6, 18, 5) });
    expect(content.text).toContain('หมดอายุวันที่ ๗ ตุลาคม ๒๕๖๙ เวลา ๐๑:๐๕ น.');
  });
});

describe('report ready for sign-off', () => {
  const base = {
    recipient: MAYOR,
    organisationName: 'องค์การบริหารส่วนตำบลสุจริต',
    link: LINK,
  };

  it('six-month report to the นายก: the official title, the period, and the publication request', () => {
    const content = reportReadyForSignOffMessage({
      ...base,
      report: { kind: 'six_month', fiscalYear: 2570 },
      stage: 'final',
      dueDate: '2027-04-20',
    });
    expect(content.subject).toBe(
      'รายงานรอลงนาม: รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ / ' +
        'Report ready for sign-off: six-month anti-corruption monitoring report, fiscal year 2570 BE',
    );
    expect(content.text).toContain('ช่วงเวลา: ๑ ตุลาคม ๒๕๖๙ – ๓๑ มีนาคม ๒๕๗๐');
    expect(content.text).toContain('อนุญาตให้เผยแพร่บนเว็บไซต์ของหน่วยงาน');
    expect(content.text).toContain('กำหนดลงนาม: ภายในวันที่ ๒๐ เมษายน ๒๕๗๐');
    expect(content.text).toContain('Period: 1 October 2026 – 31 March 2027');
  });

  it('annual report to a reviewer on the way up', () => {
    const content = reportReadyForSignOffMessage({
      ...base,
      recipient: 'ปลัดองค์การบริหารส่วนตำบลสุจริต',
      report: { kind: 'annual', fiscalYear: 2569 },
      stage: 'forward',
    });
    expect(content.subject).toBe(
      'รายงานรอลงนาม: รายงานผลการดำเนินการป้องกันการทุจริตประจำปี ประจำปีงบประมาณ พ.ศ. ๒๕๖๙ / ' +
        'Report ready for sign-off: annual anti-corruption result report, fiscal year 2569 BE',
    );
    expect(content.text).toContain('ช่วงเวลา: ๑ ตุลาคม ๒๕๖๘ – ๓๐ กันยายน ๒๕๖๙');
    expect(content.text).toContain('ลงนามเพื่อเสนอตามลำดับ');
    expect(content.text).not.toContain('กำหนดลงนาม');
  });
});

describe('every template', () => {
  it('puts the link in the e-mail text, the HTML and the LINE text', () => {
    for (const template of TEMPLATES) expectLinkInEveryChannel(template(LINK));
  });

  it('escapes HTML from plan text and keeps subjects on one line', () => {
    const hostile = { code: '2.1', name: 'มาตรการ <script>alert("x")</script> & "ป้องกัน"\nบรรทัดใหม่' };
    for (const template of TEMPLATES) {
      const content = template(LINK, hostile);
      expect(content.html).not.toContain('<script>');
      expect(content.subject).not.toMatch(/[\r\n]/);
    }
    const approval = TEMPLATES[0]!(LINK, hostile);
    expect(approval.html).toContain('มาตรการ &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;ป้องกัน&quot; บรรทัดใหม่');
    expect(approval.subject).toContain('มาตรการ <script>alert("x")</script> & "ป้องกัน" บรรทัดใหม่');
  });

  it('refuses links that are not absolute http(s) URLs', () => {
    for (const template of TEMPLATES) {
      for (const link of ['javascript:alert(1)', '/relative/path', 'https://ok.example/"onmouseover="x', '']) {
        expect(() => template(link)).toThrow(RangeError);
      }
    }
  });

  it('keeps the LINE text within one LINE message', () => {
    for (const template of TEMPLATES) expect(template(LINK).lineText.length).toBeLessThanOrEqual(5000);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

import { decisionFlexMessage, decisionPostbackData, LINE_REPLIES, parseDecisionPostbackData } from '../../domain/line-messages';
import type { DecisionSummary } from '../../domain/decision';

/** The LINE decision message: what its buttons carry, and that it stays within LINE's limits. */

const summary: DecisionSummary = {
  itemCode: '1.3',
  itemName: 'โครงการส่งเสริมคุณธรรมและจริยธรรม',
  fiscalYear: 2570,
  budget: 15000,
  askTh: 'ขออนุมัติโครงการและงบประมาณ',
  askEn: 'Approval of the project and its budget',
};

interface Button {
  action: { type: string; label: string; data?: string; uri?: string; displayText?: string };
}

function buttonsOf(message: ReturnType<typeof decisionFlexMessage>): Button[] {
  return (message.contents.footer as { contents: Button[] }).contents;
}

describe('decision postback data', () => {
  test('names the point and the outcome, nothing that would let its holder decide', () => {
    const data = decisionPostbackData({ pointId: 42, outcome: 'approve' });
    expect(data).toBe('decide:42:approve');
    expect(parseDecisionPostbackData(data)).toEqual({ pointId: 42, outcome: 'approve' });
  });

  test.each(['decide:42:reject', 'decide:0:approve', 'decide:-1:approve', 'decide:42', 'approve', 'decide:42:approve:x', 'decide:99999999999999999:approve'])(
    'refuses %s',
    (data) => {
      expect(parseDecisionPostbackData(data)).toBeUndefined();
    },
  );
});

describe('decision Flex message', () => {
  const base = { pointId: 7, itemYearId: 3, decisionKey: 'proposal:1:mayor', summary, dueDate: '2026-12-15', link: 'https://sujarit.example.go.th/d/abc' };

  test('a proposal offers approve and send back, and the web page for the rest', () => {
    const message = decisionFlexMessage({ ...base, purpose: 'proposal' });
    const buttons = buttonsOf(message);
    expect(buttons.map((b) => b.action.data ?? b.action.uri)).toEqual(['decide:7:approve', 'decide:7:send_back', base.link]);
    for (const button of buttons) expect(button.action.label.length).toBeLessThanOrEqual(20);
    expect(message.altText.length).toBeLessThanOrEqual(400);
    expect(message.altText).toContain('รายการ 1.3');
    expect(JSON.stringify(message.contents)).toContain('15,000 บาท');
    expect(JSON.stringify(message.contents)).toContain('15,000 baht');
  });

  test("an item's report is acknowledged", () => {
    const buttons = buttonsOf(decisionFlexMessage({ ...base, purpose: 'report', decisionKey: 'report:1' }));
    expect(buttons.map((b) => b.action.data).filter(Boolean)).toEqual(['decide:7:acknowledge']);
  });

  test('a very long item name still fits the alt text', () => {
    const message = decisionFlexMessage({ ...base, purpose: 'proposal', summary: { ...summary, askTh: 'ก'.repeat(600) } });
    expect(message.altText.length).toBe(400);
  });
});

test('every chat reply is Thai first, then English', () => {
  const texts = Object.values(LINE_REPLIES).map((r) => (typeof r === 'function' ? (r as (...words: string[]) => string)('นายสมชาย', 'อนุมัติ', '1.1') : r));
  for (const text of texts) {
    const [first, second] = text.split('\n');
    expect(first).toMatch(/[ก-๙]/);
    expect(second).toMatch(/[A-Za-z]/);
  }
});

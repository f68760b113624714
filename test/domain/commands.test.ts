import { itemYearCommandRefusal, regenerateRefusal, type ItemYearCommandView } from '../../domain/commands';

const view = (over: Partial<ItemYearCommandView> = {}): ItemYearCommandView => ({
  status: 'in_progress',
  phase: 'execution',
  steps: [
    { key: 's1', status: 'done' },
    { key: 's2', status: 'pending' },
  ],
  ...over,
});

describe('itemYearCommandRefusal: what an item-year takes in its current state', () => {
  it.each([
    ['submitProposal', 'proposal'],
    ['recordCommittee', 'committee'],
    ['submitEvaluation', 'evaluation'],
    ['submitReport', 'report'],
  ] as const)('takes %s only in phase %s', (name, phase) => {
    expect(itemYearCommandRefusal(view({ phase }), { name })).toBeUndefined();
    const refusal = itemYearCommandRefusal(view({ phase: 'approval' }), { name });
    expect(refusal).toMatchObject({ code: 'wrong_phase', expectedPhase: phase });
    expect(refusal!.th).toContain('"approval"');
    expect(refusal!.en).toContain('"approval"');
  });

  it('completes a pending step during execution, never a done or unknown one', () => {
    expect(itemYearCommandRefusal(view(), { name: 'completeStep', stepKey: 's2' })).toBeUndefined();
    expect(itemYearCommandRefusal(view(), { name: 'completeStep', stepKey: 's1' })).toMatchObject({
      code: 'step_done',
      th: 'ขั้นตอนนี้บันทึกว่าเสร็จแล้ว',
    });
    expect(itemYearCommandRefusal(view(), { name: 'completeStep', stepKey: 'nope' })?.code).toBe('unknown_step');
    expect(itemYearCommandRefusal(view({ phase: 'evaluation' }), { name: 'completeStep', stepKey: 's2' })?.code).toBe(
      'wrong_phase',
    );
  });

  it('moves the due date of a pending step in any running phase, with a reason', () => {
    for (const phase of ['proposal', 'approval', 'execution', 'evaluation']) {
      expect(itemYearCommandRefusal(view({ phase }), { name: 'moveDueDate', stepKey: 's2', reason: 'ฝนตก' })).toBeUndefined();
    }
    expect(itemYearCommandRefusal(view(), { name: 'moveDueDate', stepKey: 's2', reason: '   ' })?.code).toBe('reason_required');
    expect(itemYearCommandRefusal(view(), { name: 'moveDueDate', stepKey: 's1', reason: 'x' })).toMatchObject({
      code: 'step_done',
      en: 'the step is done; its date cannot move',
    });
  });

  it.each(['completed', 'cancelled'])('takes nothing once %s', (phase) => {
    const ended = view({ phase, status: phase });
    for (const command of [
      { name: 'moveDueDate', stepKey: 's2', reason: 'x' },
      { name: 'reassign' },
      { name: 'requestCancellation', reason: 'x' },
    ] as const) {
      expect(itemYearCommandRefusal(ended, command)).toMatchObject({ code: 'finished', th: 'รายการนี้สิ้นสุดแล้ว' });
    }
    expect(itemYearCommandRefusal(ended, { name: 'submitReport' })?.code).toBe('wrong_phase');
  });

  it('takes one cancellation request at a time, and only with a reason', () => {
    expect(itemYearCommandRefusal(view(), { name: 'requestCancellation', reason: 'งบไม่พอ' })).toBeUndefined();
    expect(
      itemYearCommandRefusal(view({ pendingCancellation: { requestId: 'r1' } }), { name: 'requestCancellation', reason: 'x' })
        ?.code,
    ).toBe('cancellation_pending');
    expect(itemYearCommandRefusal(view(), { name: 'requestCancellation', reason: '' })?.code).toBe('reason_required');
  });

  it('reassigns in any running phase', () => {
    for (const phase of ['proposal', 'committee_signoff', 'execution', 'report_ack']) {
      expect(itemYearCommandRefusal(view({ phase }), { name: 'reassign' })).toBeUndefined();
    }
  });
});

describe('regenerateRefusal: a report is made again only from its latest sent-back version', () => {
  it('takes it while sent back, for the version the workflow waits on', () => {
    expect(regenerateRefusal({ phase: 'sent_back', currentReportId: 7 }, 7)).toBeUndefined();
    expect(regenerateRefusal({ phase: 'sent_back' })).toBeUndefined();
  });

  it('refuses an older version or another phase', () => {
    expect(regenerateRefusal({ phase: 'sent_back', currentReportId: 8 }, 7)?.code).toBe('wrong_phase');
    const refusal = regenerateRefusal({ phase: 'awaiting_palad' });
    expect(refusal?.th).toBe('จัดทำฉบับใหม่ได้เฉพาะรายงานฉบับล่าสุดที่ถูกส่งกลับให้แก้ไข');
    expect(refusal?.en).toContain('"awaiting_palad"');
  });
});

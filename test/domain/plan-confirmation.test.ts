import { checkConfirmation, readFindingMarks } from '../../domain/plan-confirmation';
import type { Finding } from '../../domain/plan';

const finding = (code: string, item?: string): Finding => ({
  severity: 'warning',
  code,
  message: `ข้อสังเกต ${code}`,
  messageEn: `finding ${code}`,
  line: 3,
  ...(item ? { item } : {}),
});

describe('confirming an imported plan', () => {
  const findings = [finding('STATED_COUNT_MISMATCH'), finding('OCR_NUMBER', '1.2'), finding('SECTION_UNKNOWN', '2.1')];

  test('accepts only findings ticked with a note that is not blank', () => {
    const marks = readFindingMarks({
      'accept-0': 'yes',
      'note-0': ' ตรวจแล้ว ',
      'accept-1': 'yes',
      'note-1': '   ',
      'note-2': 'มีหมายเหตุแต่ไม่ได้ติ๊ก',
      csrf: 'x',
      'accept-x': 'yes',
    });
    const checked = checkConfirmation(findings, marks);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.open.map((o) => o.index)).toEqual([1, 2]);
  });

  test('with every finding accepted, the notes are what is audited', () => {
    const marks = readFindingMarks(Object.fromEntries(findings.flatMap((_, i) => [[`accept-${i}`, 'yes'], [`note-${i}`, `ข้อ ${i}\r\n`]])));
    const checked = checkConfirmation(findings, marks);
    expect(checked).toEqual({
      ok: true,
      accepted: [
        { index: 0, code: 'STATED_COUNT_MISMATCH', line: 3, note: 'ข้อ 0' },
        { index: 1, code: 'OCR_NUMBER', item: '1.2', line: 3, note: 'ข้อ 1' },
        { index: 2, code: 'SECTION_UNKNOWN', item: '2.1', line: 3, note: 'ข้อ 2' },
      ],
    });
  });

  test('a note that is too long or carries control characters does not count', () => {
    const marks = readFindingMarks({ 'accept-0': 'yes', 'note-0': 'ก'.repeat(2001), 'accept-1': 'yes', 'note-1': 'a\u0000b', 'accept-2': 'yes', 'note-2': 'ok' });
    const checked = checkConfirmation(findings, marks);
    expect(!checked.ok && checked.open.map((o) => o.index)).toEqual([0, 1]);
  });

  test('a plan without findings needs nothing accepted', () => {
    expect(checkConfirmation([], new Map())).toEqual({ ok: true, accepted: [] });
  });
});

describe('a finding marked fixed', () => {
  test('counts with a note and is audited as fixed; without a note it stays open', () => {
    const findings = [
      { severity: 'warning' as const, code: 'KIND_GUESSED', message: 'ก', messageEn: 'a', line: 4, item: '1.1' },
      { severity: 'warning' as const, code: 'KIND_GUESSED', message: 'ข', messageEn: 'b', line: 5, item: '1.2' },
    ];
    const open = checkConfirmation(findings, readFindingMarks({ 'accept-0': 'fixed', 'note-0': 'แก้ประเภทแล้ว', 'accept-1': 'fixed', 'note-1': '' }));
    expect(!open.ok && open.open.map((o) => o.index)).toEqual([1]);
    const done = checkConfirmation(findings, readFindingMarks({ 'accept-0': 'fixed', 'note-0': 'แก้ประเภทแล้ว', 'accept-1': 'yes', 'note-1': 'ถูกต้องตามต้นฉบับ' }));
    expect(done).toEqual({
      ok: true,
      accepted: [
        { index: 0, code: 'KIND_GUESSED', item: '1.1', line: 4, note: 'แก้ประเภทแล้ว', resolution: 'fixed' },
        { index: 1, code: 'KIND_GUESSED', item: '1.2', line: 5, note: 'ถูกต้องตามต้นฉบับ' },
      ],
    });
    expect(checkConfirmation(findings.slice(0, 1), readFindingMarks({ 'accept-0': '', 'note-0': 'x' })).ok).toBe(false);
  });
});

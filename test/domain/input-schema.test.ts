import { calendarDate, freeText, isInputDate, textProblem } from '../../domain/input-schema';

describe('calendarDate', () => {
  it.each(['2026-10-01', '2028-02-29', '1900-01-01', '2200-12-31', ' 2026-10-01 '])('accepts the real date %p', (d) => {
    expect(calendarDate.safeParse(d).success).toBe(true);
  });
  it.each(['9999-99-99', '0000-00-00', '2570-02-30', '2027-02-29', '2026-13-01', '2026-1-01', '1899-12-31', '2201-01-01', '2570-03-01', '', 'tomorrow'])(
    'refuses %p with a Thai and English message',
    (d) => {
      const parsed = calendarDate.safeParse(d);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/วันที่.*\/ must be a real date/);
    },
  );
  it('keeps the trimmed value', () => {
    expect(calendarDate.parse(' 2026-10-01 ')).toBe('2026-10-01');
    expect(isInputDate('2026-10-01')).toBe(true);
  });
});

describe('freeText', () => {
  const memo = freeText({ max: 20 });
  it('trims and folds line endings', () => {
    expect(memo.parse('  ก\r\nข\rค\t ')).toBe('ก\nข\nค');
  });
  it('keeps Thai and characters outside the basic plane', () => {
    expect(memo.parse('สวัสดี 😀')).toBe('สวัสดี 😀');
  });
  it.each(['a\u0000b', 'a\u0007', '\u001b[31m', 'x\u007f', 'a\uD800', '\uDC00a', 'a\uDC00\uD800b'])('refuses %j', (value) => {
    const parsed = memo.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/ \/ /);
  });
  it('refuses an empty or too long text, allows empty when min is 0', () => {
    expect(memo.safeParse('   ').success).toBe(false);
    expect(memo.safeParse('x'.repeat(21)).success).toBe(false);
    expect(freeText({ max: 5, min: 0 }).parse('  ')).toBe('');
  });
  it('names the problem', () => {
    expect(textProblem('ok')).toBeUndefined();
    expect(textProblem('\u0000')?.en).toMatch(/NUL/);
    expect(textProblem('\uD83D')?.en).toMatch(/Unicode/);
  });
});

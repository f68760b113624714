import { csvField } from '../../activities/reports/render-csv';

describe('csvField', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","คลิก")', `"'=HYPERLINK(""http://evil.example"",""คลิก"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises the formula %j so a spreadsheet shows it as text', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
  it.each([
    ['โครงการอบรม', 'โครงการอบรม'],
    ['a, b', '"a, b"'],
    ['1234.50', '1234.50'],
    ['-1234.50', '-1234.50'],
    ['-', '-'],
    ['', ''],
  ])('leaves the ordinary cell %j as it was', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
  it('writes numbers and nulls as before', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
  });
});

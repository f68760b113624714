import { readFileSync } from 'node:fs';
import path from 'node:path';
import { displayWidth, formatImportSummary, importPlanText } from '../../domain/importer';

const excerpt = readFileSync(path.join(__dirname, '../fixtures/plan-excerpt.txt'), 'utf8');

describe('formatImportSummary', () => {
  const plan = importPlanText(excerpt);
  const summary = formatImportSummary(plan);
  const lines = summary.split('\n');

  it('opens with the organisation and the plan years, Thai first', () => {
    expect(lines[0]).toBe('สรุปการนำเข้าแผน / Plan import summary');
    expect(summary).toContain('องค์การบริหารส่วนตำบลเข็กน้อย อำเภอเขาค้อ จังหวัดเพชรบูรณ์');
    expect(summary).toContain('2566–2570');
  });

  it('counts items per dimension and kind against the stated counts', () => {
    const row = lines.find((l) => l.startsWith('3 การส่งเสริมบทบาท'))!;
    expect(row.split(/\s{2,}/).slice(1)).toEqual(['2', '1', '3', '6', '2/1/3']);
  });

  it('adds the budget up per year against the stated totals', () => {
    expect(lines.find((l) => l.startsWith('2567'))!.split(/\s{2,}/)).toEqual(['2567', '50,000', '50,000', '50,000', 'ตรง / matches']);
  });

  it('lists every finding with severity, code, line and item, Thai then English', () => {
    expect(summary).toContain(`ผิดพลาด ${plan.findings.filter((f) => f.severity === 'error').length},`);
    const header = lines.findIndex((l) => l.startsWith('ระดับ/severity'));
    expect(lines.length).toBe(header + 2 + 2 * plan.findings.length);
    plan.findings.forEach((finding, k) => {
      const row = lines[header + 2 + 2 * k]!;
      const cells = row.split(/\s{2,}/);
      expect(cells.slice(1, 3)).toEqual([finding.code, String(finding.line)]);
      expect(row).toContain(`${finding.item ?? ''}`);
      expect(row.endsWith(finding.message)).toBe(true);
      expect(lines[header + 3 + 2 * k]!.trim()).toBe(finding.messageEn);
    });
  });

  it('marks a count or a year that disagrees', () => {
    const changed = {
      ...plan,
      statedTotals: { ...plan.statedTotals, budgetByYear: { ...plan.statedTotals!.budgetByYear, '2568': 40000 } },
      dimensions: plan.dimensions.map((d) => ({ ...d, statedCounts: { project: 3, measure: 1, activity: 3 } })),
    };
    const text = formatImportSummary(changed);
    expect(text).toContain('ไม่ตรง / differs by 5,000');
    expect(text).toMatch(/3\/1\/3\s+≠/);
  });

  it('measures Thai text by the columns a terminal gives it', () => {
    expect(displayWidth('มิติ')).toBe(2);
    expect(displayWidth('ที่ระบุ')).toBe(4);
    expect(displayWidth('abc')).toBe(3);
  });
});

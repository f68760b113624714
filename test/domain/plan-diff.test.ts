import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importPlanJson } from '../../domain/importer';
import { amendmentForYear, diffCounts, diffPlans, isEmptyDiff, yearBudget } from '../../domain/plan-diff';
import type { CanonicalPlan, PlanItem } from '../../domain/plan';

const seed = importPlanJson(readFileSync(path.join(__dirname, '../../data/seed/khek-noi.plan.json'), 'utf8'));

function amended(edit: (items: PlanItem[]) => PlanItem[]): CanonicalPlan {
  const copy: CanonicalPlan = JSON.parse(JSON.stringify(seed));
  return { ...copy, items: edit(copy.items) };
}

const item = (code: string): PlanItem => seed.items.find((i) => i.code === code)!;

describe('the difference an amendment makes to the plan in force', () => {
  test('the same plan is no amendment', () => {
    const diff = diffPlans(seed, amended((items) => items.reverse()));
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diff.unchanged).toBe(seed.items.length);
  });

  test('an item added, one removed, one budget and one period changed, a section moved', () => {
    const added: PlanItem = { ...item('1.4'), code: '1.99', seq: 99, name: 'โครงการเพิ่มเติมตามแผนแก้ไข', budgetByYear: { '2570': 30000 }, fiscalYears: [2570] };
    const plan = amended((items) =>
      [...items.filter((i) => i.code !== '1.2'), added].map((i) => {
        if (i.code === '1.4') return { ...i, budgetByYear: { ...i.budgetByYear, '2570': 20000 } };
        if (i.code === '1.1') return { ...i, budgetByYear: { '2567': 15000 }, fiscalYears: [2567] };
        if (i.code === '1.5') return { ...i, responsibleSection: 'general-administration' };
        if (i.code === '1.6') return { ...i, name: `${i.name} (ปรับปรุง)` };
        return i;
      }),
    );
    const diff = diffPlans(seed, plan);
    expect(diff.added.map((i) => i.code)).toEqual(['1.99']);
    expect(diff.removed.map((i) => i.code)).toEqual(['1.2']);
    expect(diff.changed.map((c) => c.code)).toEqual(['1.1', '1.4', '1.5', '1.6']);
    const [period, budget, unit, name] = diff.changed;
    expect(period!.fiscalYears).toEqual({ before: [2567, 2570], after: [2567] });
    expect(period!.budgets).toEqual([{ fiscalYear: 2570, before: 15000, after: 'not_run' }]);
    expect(budget!.budgets).toEqual([{ fiscalYear: 2570, before: 15000, after: 20000 }]);
    expect(budget!.fiscalYears).toBeUndefined();
    expect(unit!.unit).toEqual({ before: { division: 'office-of-palad', section: 'legal-affairs' }, after: { division: 'office-of-palad', section: 'general-administration' } });
    expect(unit!.budgets).toEqual([]);
    expect(name!.name?.after).toContain('(ปรับปรุง)');
    expect(diff.unchanged).toBe(seed.items.length - 1 - 4);
    expect(diffCounts(diff)).toEqual({ added: 1, removed: 1, changed: 4 });

    // FY2570 has started: 1.99 starts, 1.1 (no longer run in 2570) is cancelled, 1.4's budget and 1.6's name reach
    // their runs; 1.2 and 1.5 do not run in 2570.
    expect(amendmentForYear(diff, 2570)).toEqual({
      fiscalYear: 2570,
      start: ['1.99'],
      cancel: ['1.1'],
      update: [
        { code: '1.4', budget: 20000, name: item('1.4').name },
        { code: '1.6', budget: 25000, name: `${item('1.6').name} (ปรับปรุง)` },
      ],
    });
    expect(diff.recoded).toEqual([]);
    // In FY2569 1.5 runs: its new section (who owns it, who is reminded) reaches its run.
    expect(amendmentForYear(diff, 2569).update).toEqual([
      { code: '1.5', budget: 25000, name: item('1.5').name, unit: { division: 'office-of-palad', section: 'general-administration' } },
    ]);
    // In FY2569 the removed 1.2 ran, and so is cancelled; 1.1 and 1.99 do not run then.
    expect(amendmentForYear(diff, 2569)).toMatchObject({ fiscalYear: 2569, start: [], cancel: ['1.2'] });
  });

  test('a year with no budget (ไม่ใช้งบประมาณ) is not a year the item does not run', () => {
    const plan = amended((items) => items.map((i) => (i.code === '1.4' ? { ...i, budgetByYear: { ...i.budgetByYear, '2570': null } } : i)));
    const diff = diffPlans(seed, plan);
    expect(diff.changed[0]!.budgets).toEqual([{ fiscalYear: 2570, before: 15000, after: null }]);
    expect(diff.changed[0]!.fiscalYears).toBeUndefined();
    expect(yearBudget(item('1.3'), 2570)).toBeNull();
    expect(yearBudget(item('1.2'), 2570)).toBe('not_run');
    expect(amendmentForYear(diff, 2570).update).toEqual([{ code: '1.4', budget: null, name: item('1.4').name }]);
  });

  test('a year added to an item’s period starts it that year', () => {
    const plan = amended((items) => items.map((i) => (i.code === '1.2' ? { ...i, budgetByYear: { ...i.budgetByYear, '2570': 10000 }, fiscalYears: [2567, 2569, 2570] } : i)));
    const forYear = amendmentForYear(diffPlans(seed, plan), 2570);
    expect(forYear).toEqual({ fiscalYear: 2570, start: ['1.2'], cancel: [], update: [] });
  });

  test('changed method steps reach a running year; the same steps reworded only in spacing do not', () => {
    const steps = [...item('1.4').steps, { text: 'รายงานผลทุกเดือน', phase: 'reporting' as const, recurrence: 'monthly' as const }];
    const plan = amended((items) =>
      items.map((i) => {
        if (i.code === '1.4') return { ...i, steps };
        if (i.code === '1.6') return { ...i, steps: i.steps.map((s) => ({ ...s, text: ` ${s.text} ` })) };
        return i;
      }),
    );
    const diff = diffPlans(seed, plan);
    expect(diff.changed.map((c) => c.code)).toEqual(['1.4']);
    expect(diff.changed[0]!.steps).toEqual({ before: item('1.4').steps, after: steps });
    expect(amendmentForYear(diff, 2570).update).toEqual([{ code: '1.4', budget: 15000, name: item('1.4').name, steps }]);
  });

  test('an item whose code alone changed is removed and added, and paired as recoded by its name and kind', () => {
    const plan = amended((items) => items.map((i) => (i.code === '1.4' ? { ...i, code: '1.40', seq: 40, name: `  ${i.name.replace(/ /g, '  ')}` } : i)));
    const diff = diffPlans(seed, plan);
    expect(diff.removed.map((i) => i.code)).toEqual(['1.4']);
    expect(diff.added.map((i) => i.code)).toEqual(['1.40']);
    expect(diff.recoded.map((r) => [r.removed.code, r.added.code])).toEqual([['1.4', '1.40']]);
    // Another kind with the same name is not the same item.
    const other = diffPlans(seed, amended((items) => items.map((i) => (i.code === '1.4' ? { ...i, code: '1.40', seq: 40, kind: i.kind === 'project' ? 'activity' : 'project' } : i))));
    expect(other.recoded).toEqual([]);
  });
});

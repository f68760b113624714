import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planItemYear, recurringDueDays, fiscalYearLengthDays } from '../../domain/item-year-plan';
import { canonicalPlanSchema, type PlanItem } from '../../domain/plan';

const plan = canonicalPlanSchema.parse(
  JSON.parse(readFileSync(path.join(__dirname, '../../data/seed/khek-noi.plan.json'), 'utf8')),
);
const item = (code: string): PlanItem => plan.items.find((i) => i.code === code)!;
const planOf = (code: string, fy = 2570) =>
  planItemYear({ kind: item(code).kind, steps: item(code).steps, budget: item(code).budgetByYear[String(fy)] ?? null }, fy);

describe('how an item runs through a fiscal year', () => {
  test('a project with an approval step: proposal, then its preparation and execution steps spread over the year', () => {
    const p = planOf('1.1');
    expect(p).toMatchObject({ needsApproval: true, needsCommittee: false, proposalDueDay: 30 });
    // Steps 1 (approval), 6 (evaluation) and 7 (reporting) are stages of the workflow itself.
    expect(p.executionSteps.map((s) => s.key)).toEqual(['s2', 's3', 's4', 's5']);
    expect(p.executionSteps.map((s) => s.dueDay)).toEqual([109, 173, 236, 300]);
    expect(p.evaluationDueDay).toBeLessThan(p.reportDueDay);
    expect(p.reportDueDay).toBeLessThan(fiscalYearLengthDays(2570));
  });

  test('a measure with a budget still goes through approval (spending needs the mayor)', () => {
    expect(planOf('4.6')).toMatchObject({ needsApproval: true });
  });

  test('a committee step adds the committee stage', () => {
    expect(planOf('1.6')).toMatchObject({ needsApproval: true, needsCommittee: true });
  });

  test('a measure without budget or approval step starts in execution, with quarterly check-ins', () => {
    const p = planItemYear(
      { kind: 'measure', budget: null, steps: [{ text: 'ประกาศมาตรการ', phase: 'publication' }, { text: 'ติดตามผล', phase: 'evaluation' }] },
      2570,
    );
    expect(p).toMatchObject({ needsApproval: false, needsCommittee: false });
    expect(p.executionSteps.map((s) => s.key)).toEqual(['q1', 'q2', 'q3', 's1', 'q4']);
    const checkIns = p.executionSteps.filter((s) => s.key.startsWith('q'));
    expect(checkIns.map((s) => s.dueDay)).toEqual(recurringDueDays('quarterly', 2570));
  });

  test('a monthly reporting step becomes twelve check-ins at each month end, and no quarterly ones are added', () => {
    const p = planOf('2.14');
    const monthly = p.executionSteps.filter((s) => s.key.startsWith('s4-'));
    expect(monthly).toHaveLength(12);
    expect(monthly[0]).toMatchObject({ dueDay: 30, occurrence: 1 }); // 31 October
    expect(monthly[11]).toMatchObject({ dueDay: 364, occurrence: 12 }); // 30 September
    expect(p.executionSteps.some((s) => s.key.startsWith('q'))).toBe(false);
  });

  test('recurring due days follow the real calendar of the fiscal year (leap February in FY2571)', () => {
    expect(recurringDueDays('quarterly', 2570)).toEqual([91, 181, 272, 364]);
    expect(recurringDueDays('semiannual', 2570)).toEqual([181, 364]);
    expect(recurringDueDays('monthly', 2571)[4]).toBe(30 + 30 + 31 + 31 + 29); // 29 February 2028
    expect(fiscalYearLengthDays(2571)).toBe(366);
  });

  test('every item of the seed gets stable, unique step keys in due order', () => {
    for (const planned of plan.items.map((i) => planOf(i.code))) {
      const keys = planned.executionSteps.map((s) => s.key);
      expect(new Set(keys).size).toBe(keys.length);
      const days = planned.executionSteps.map((s) => s.dueDay);
      expect([...days].sort((a, b) => a - b)).toEqual(days);
    }
  });
});

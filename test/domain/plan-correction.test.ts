import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importPlanText } from '../../domain/importer/text-importer';
import { correctItem, itemCorrectionInputOf, readItemCorrection } from '../../domain/plan-correction';
import { unitsOfOrganization } from '../../domain/units';
import type { CanonicalPlan } from '../../domain/plan';

let plan: CanonicalPlan;
const units = unitsOfOrganization('khek-noi');

beforeAll(async () => {
  plan = importPlanText(await readFile(path.join(__dirname, '../fixtures/khek-noi-plan.txt'), 'utf8'), { units });
});

function formOf(code: string, change: Record<string, string | undefined>): Record<string, unknown> {
  const item = plan.items.find((i) => i.code === code)!;
  const input = itemCorrectionInputOf(plan, item);
  const body: Record<string, string> = { name: input.name, kind: input.kind, mission: input.mission, unit: input.unit, section: input.section, targetGroup: input.targetGroup };
  for (const y of input.years) {
    if (y.run) body[`run-${y.year}`] = 'yes';
    body[`budget-${y.year}`] = y.budget;
    if (y.noBudget) body[`nobudget-${y.year}`] = 'yes';
  }
  input.steps.forEach((s, n) => {
    body[`step-text-${n}`] = s.text;
    body[`step-phase-${n}`] = s.phase;
  });
  input.indicators.forEach((d, n) => {
    body[`ind-text-${n}`] = d.text;
    body[`ind-kind-${n}`] = d.kind;
    body[`ind-cmp-${n}`] = d.comparator;
    body[`ind-value-${n}`] = d.value;
    body[`ind-unit-${n}`] = d.unit;
  });
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete body[k];
    else body[k] = v;
  }
  return body;
}

describe('correcting an imported item', () => {
  test('the form as shown changes nothing', () => {
    for (const item of plan.items) {
      const result = correctItem(plan, item.code, readItemCorrection(formOf(item.code, {}), plan.fiscalYears), units);
      expect(result).toEqual({ ok: true, item, changes: [] });
    }
  });

  test('a budget, the name, a step’s phase, a removed step and no budget are each a change before and after', () => {
    const item = plan.items.find((i) => i.steps.length >= 2 && i.fiscalYears.length >= 2)!;
    const [first, second] = item.fiscalYears.map(String);
    const name = `${item.name} (แก้ไข)`;
    const body = formOf(item.code, {
      name,
      [`budget-${first}`]: '๑๒,๕๐๐',
      [`nobudget-${second}`]: 'yes',
      'step-phase-0': item.steps[0]!.phase === 'reporting' ? 'publication' : 'reporting',
      'step-remove-1': 'yes',
    });
    const result = correctItem(plan, item.code, readItemCorrection(body, plan.fiscalYears), units);
    if (!result?.ok) throw new Error(JSON.stringify(result));
    expect(result.item.name).toBe(name);
    expect(result.item.budgetByYear[first!]).toBe(12500);
    expect(result.item.budgetByYear[second!]).toBeNull();
    expect(result.item.steps).toHaveLength(item.steps.length - 1);
    expect(result.item.steps[0]!.phase).not.toBe(item.steps[0]!.phase);
    expect(result.changes.map((c) => c.field).sort()).toEqual(['budgetByYear', 'name', 'steps']);
    expect(result.changes.find((c) => c.field === 'name')).toEqual({ field: 'name', before: item.name, after: name });
  });

  test('a negative budget, a year outside the plan, an unknown unit, a section of another division and a blank name are refused per field', () => {
    const item = plan.items.find((i) => i.responsibleUnit === 'office-of-palad')!;
    const year = String(item.fiscalYears[0]);
    const body = formOf(item.code, { name: '  ', [`budget-${year}`]: '-5000', 'run-2590': 'yes', unit: 'ministry-of-magic' });
    const result = correctItem(plan, item.code, readItemCorrection(body, plan.fiscalYears), units);
    expect(result?.ok).toBe(false);
    const errors = !result?.ok ? result!.errors : {};
    expect(Object.keys(errors).sort()).toEqual([`budget-${year}`, 'name', 'unit', 'years'].sort());
    for (const e of Object.values(errors)) {
      expect(e.th).toMatch(/[\u0e00-\u0e7f]/);
      expect(e.en).toMatch(/[a-z]/);
    }
    const section = correctItem(plan, item.code, readItemCorrection(formOf(item.code, { unit: 'finance', section: 'legal-affairs' }), plan.fiscalYears), units);
    expect(section?.ok === false && Object.keys(section.errors)).toEqual(['section']);
  });

  test('a budget left blank is not taken as ไม่ใช้งบประมาณ, and no year at all is refused', () => {
    const item = plan.items.find((i) => Object.values(i.budgetByYear).some((b) => typeof b === 'number'))!;
    const year = Object.keys(item.budgetByYear).find((y) => typeof item.budgetByYear[y] === 'number')!;
    const blank = correctItem(plan, item.code, readItemCorrection(formOf(item.code, { [`budget-${year}`]: '' }), plan.fiscalYears), units);
    expect(blank?.ok === false && Object.keys(blank.errors)).toEqual([`budget-${year}`]);
    const noYears = Object.fromEntries(plan.fiscalYears.map((y) => [`run-${y}`, undefined]));
    const none = correctItem(plan, item.code, readItemCorrection(formOf(item.code, noYears), plan.fiscalYears), units);
    expect(none?.ok === false && Object.keys(none.errors)).toEqual(['years']);
  });

  test('the kind must agree with the name’s first word, as the importer reads it', () => {
    const item = plan.items.find((i) => i.name.startsWith('โครงการ'))!;
    const result = correctItem(plan, item.code, readItemCorrection(formOf(item.code, { kind: 'measure' }), plan.fiscalYears), units);
    expect(result?.ok === false && Object.keys(result.errors)).toEqual(['kind']);
    expect(correctItem(plan, '9.99', readItemCorrection({}, plan.fiscalYears), units)).toBeUndefined();
  });

  test('an indicator’s target is corrected, one is added and a target without a number is refused', () => {
    const item = plan.items.find((i) => i.indicators.length >= 1)!;
    const n = item.indicators.length;
    const body = formOf(item.code, { 'ind-cmp-0': 'gte', 'ind-value-0': '๘๐', 'ind-unit-0': 'percent', [`ind-text-${n}`]: 'จำนวนผู้เข้าร่วม', [`ind-kind-${n}`]: 'output', [`ind-cmp-${n}`]: '' });
    const result = correctItem(plan, item.code, readItemCorrection(body, plan.fiscalYears), units);
    if (!result?.ok) throw new Error(JSON.stringify(result));
    expect(result.item.indicators[0]!.target).toMatchObject({ comparator: 'gte', value: 80, unit: 'percent' });
    expect(result.item.indicators.at(-1)).toEqual({ text: 'จำนวนผู้เข้าร่วม', kind: 'output' });
    expect(result.changes.map((c) => c.field)).toEqual(['indicators']);
    const refused = correctItem(plan, item.code, readItemCorrection(formOf(item.code, { 'ind-cmp-0': 'gte', 'ind-value-0': 'มาก', 'ind-unit-0': 'percent' }), plan.fiscalYears), units);
    expect(refused?.ok === false && Object.keys(refused.errors)).toEqual(['indicator-0']);
  });
});

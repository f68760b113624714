import { kindOfName, parseAmount } from './importer/source';
import { freeText } from './input-schema';
import { ITEM_KINDS, itemSchema, STEP_PHASES, targetSchema, type CanonicalPlan, type Indicator, type PlanItem, type Step } from './plan';
import { thaiToArabicDigits } from './thai';
import { RESPONSIBLE_UNITS, type OrganizationUnits, type ResponsibleUnitKey } from './units';

/**
 * The coordinator's correction of one imported item before the plan is confirmed: what the form sent, checked
 * field by field (each refusal Thai first, with English, under the field it is about), then against the canonical
 * itemSchema, so a corrected item is exactly as valid as an imported one. A refused correction changes nothing.
 */

export interface YearInput {
  year: number;
  run: boolean;
  budget: string;
  /** ไม่ใช้งบประมาณ, chosen explicitly: a blank amount is a mistake, not "no budget". */
  noBudget: boolean;
}

export interface StepInput {
  text: string;
  phase: string;
  remove: boolean;
}

export interface IndicatorInput {
  text: string;
  kind: string;
  /** Blank: the indicator states no target. */
  comparator: string;
  value: string;
  unit: string;
  remove: boolean;
}

export interface ItemCorrectionInput {
  name: string;
  kind: string;
  mission: string;
  unit: string;
  section: string;
  targetGroup: string;
  years: YearInput[];
  steps: StepInput[];
  indicators: IndicatorInput[];
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export type FieldErrors = Record<string, { th: string; en: string }>;

export type ItemCorrectionResult =
  | { ok: true; item: PlanItem; changes: FieldChange[] }
  | { ok: false; errors: FieldErrors };

export const ITEM_NAME_MAX = 500;
export const TARGET_GROUP_MAX = 1000;
export const STEP_TEXT_MAX = 2000;
/** Steps the form offers: the item's own and one blank row to add. */
export const MAX_STEPS = 60;

const nameSchema = freeText({ max: ITEM_NAME_MAX });
const targetGroupSchema = freeText({ max: TARGET_GROUP_MAX, min: 0 });
const stepTextSchema = freeText({ max: STEP_TEXT_MAX });

function textError(message: string): { th: string; en: string } {
  const [th, en] = message.split(' / ');
  return { th: th ?? message, en: en ?? message };
}

/** The form's fields as an input: `run-<year>`, `budget-<year>`, `nobudget-<year>` per plan year; `step-text-<n>` etc. */
export function readItemCorrection(body: Record<string, unknown>, planYears: readonly number[]): ItemCorrectionInput {
  const field = (name: string): string => {
    const value = body[name];
    return typeof value === 'string' ? value : '';
  };
  const steps: StepInput[] = [];
  for (let n = 0; n < MAX_STEPS; n++) {
    if (!(`step-text-${n}` in body) && !(`step-phase-${n}` in body)) continue;
    steps.push({ text: field(`step-text-${n}`), phase: field(`step-phase-${n}`), remove: field(`step-remove-${n}`) === 'yes' });
  }
  const indicators: IndicatorInput[] = [];
  for (let n = 0; n < MAX_STEPS; n++) {
    if (!(`ind-text-${n}` in body)) continue;
    indicators.push({
      text: field(`ind-text-${n}`),
      kind: field(`ind-kind-${n}`),
      comparator: field(`ind-cmp-${n}`),
      value: field(`ind-value-${n}`),
      unit: field(`ind-unit-${n}`),
      remove: field(`ind-remove-${n}`) === 'yes',
    });
  }
  return {
    name: field('name'),
    kind: field('kind'),
    mission: field('mission'),
    unit: field('unit'),
    section: field('section'),
    targetGroup: field('targetGroup'),
    // A year the plan does not have is read too, so that it is refused rather than silently dropped.
    years: [...new Set([...planYears, ...Object.keys(body).flatMap((k) => /^run-(\d{4})$/.exec(k)?.[1] ?? []).map(Number)])].map((year) => ({
      year,
      run: field(`run-${year}`) === 'yes',
      budget: field(`budget-${year}`),
      noBudget: field(`nobudget-${year}`) === 'yes',
    })),
    steps,
    indicators,
  };
}

/** The item as the form shows it before anything is typed. */
export function itemCorrectionInputOf(plan: CanonicalPlan, item: PlanItem): ItemCorrectionInput {
  return {
    name: item.name,
    kind: item.kind,
    mission: item.mission,
    unit: item.responsibleUnit,
    section: item.responsibleSection ?? '',
    targetGroup: item.targetGroup ?? '',
    years: plan.fiscalYears.map((year) => {
      const budget = item.budgetByYear[String(year)];
      const run = item.fiscalYears.includes(year);
      return { year, run, budget: typeof budget === 'number' ? String(budget) : '', noBudget: run && budget === null };
    }),
    steps: item.steps.map((s) => ({ text: s.text, phase: s.phase, remove: false })),
    indicators: item.indicators.map((i) => ({
      text: i.text,
      kind: i.kind,
      comparator: i.target?.comparator ?? '',
      value: i.target ? String(i.target.value) : '',
      unit: i.target?.unit ?? '',
      remove: false,
    })),
  };
}

/**
 * The item `code` of the plan corrected by the form: every field checked, the steps with their phases, the run
 * years within the plan's and a budget (or ไม่ใช้งบประมาณ) for each, the division and section from the organisation's
 * structure, and the kind agreeing with the leading word of the name as the importer reads it (kindOfName).
 */
export function correctItem(plan: CanonicalPlan, code: string, input: ItemCorrectionInput, units: OrganizationUnits): ItemCorrectionResult | undefined {
  const item = plan.items.find((i) => i.code === code);
  if (!item) return undefined;
  const errors: FieldErrors = {};

  const name = nameSchema.safeParse(input.name);
  if (!name.success) errors.name = textError(name.error.issues[0]!.message);

  const kind = (ITEM_KINDS as readonly string[]).includes(input.kind) ? (input.kind as PlanItem['kind']) : undefined;
  if (!kind) errors.kind = { th: 'กรุณาเลือกประเภท (โครงการ มาตรการ หรือกิจกรรม)', en: 'Choose a kind (project, measure or activity).' };
  else if (name.success && kindOfName(name.data) && kindOfName(name.data) !== kind) {
    errors.kind = { th: 'ประเภทไม่ตรงกับคำขึ้นต้นของชื่อรายการ', en: 'The kind does not match the first word of the item’s name.' };
  }

  const mission = input.mission.trim();
  if (!/^\d+\.\d+(\.\d+)?$/.test(mission) || !mission.startsWith(`${item.dimension}.`)) {
    errors.mission = { th: `รหัสภารกิจต้องอยู่ในมิติที่ ${item.dimension} เช่น ${item.dimension}.1.1`, en: `The mission code must be in dimension ${item.dimension}, e.g. ${item.dimension}.1.1.` };
  } else if (plan.missions.length && !plan.missions.some((m) => m.code === mission)) {
    errors.mission = { th: 'ไม่มีภารกิจรหัสนี้ในแผน', en: 'The plan has no mission with this code.' };
  }

  const unit = RESPONSIBLE_UNITS.find((u) => u.key === input.unit)?.key as ResponsibleUnitKey | undefined;
  if (!unit) errors.unit = { th: 'ไม่พบส่วนราชการนี้ในโครงสร้างขององค์กร', en: 'This division is not in the organisation’s structure.' };
  const sectionKey = input.section.trim();
  const section = unit && sectionKey ? (units.sections[unit] ?? []).find((s) => s.key === sectionKey) : undefined;
  if (unit && sectionKey && !section) errors.section = { th: 'งานนี้ไม่อยู่ในส่วนราชการที่เลือก', en: 'This section is not in the chosen division.' };

  const targetGroup = targetGroupSchema.safeParse(input.targetGroup);
  if (!targetGroup.success) errors.targetGroup = textError(targetGroup.error.issues[0]!.message);

  const budgetByYear: Record<string, number | null> = {};
  const known = new Set(plan.fiscalYears);
  for (const y of input.years) {
    if (!known.has(y.year)) {
      errors.years = { th: `ปี ${y.year} ไม่อยู่ในปีงบประมาณของแผน`, en: `${y.year} is not one of the plan’s fiscal years.` };
      continue;
    }
    if (!y.run) continue;
    if (y.noBudget) {
      budgetByYear[String(y.year)] = null;
      continue;
    }
    const amount = y.budget.trim() === '' ? undefined : parseAmount(y.budget);
    if (amount === undefined || !Number.isFinite(amount)) {
      errors[`budget-${y.year}`] = {
        th: 'งบประมาณต้องเป็นจำนวนเงินบาทไม่ติดลบ เช่น 20,000 หรือเลือก ไม่ใช้งบประมาณ',
        en: 'The budget must be a non-negative amount in baht, e.g. 20,000, or choose no budget.',
      };
    } else budgetByYear[String(y.year)] = amount;
  }
  const fiscalYears = input.years.filter((y) => y.run && known.has(y.year)).map((y) => y.year);
  if (!errors.years && fiscalYears.length === 0) errors.years = { th: 'กรุณาเลือกอย่างน้อยหนึ่งปีที่ดำเนินการ', en: 'Choose at least one year the item runs.' };

  const steps: Step[] = [];
  input.steps.forEach((s, n) => {
    if (s.remove) return;
    const isNewBlank = n >= item.steps.length && s.text.trim() === '';
    if (isNewBlank) return;
    const text = stepTextSchema.safeParse(s.text);
    const phase = (STEP_PHASES as readonly string[]).includes(s.phase) ? (s.phase as Step['phase']) : undefined;
    if (!text.success) errors[`step-${n}`] = textError(text.error.issues[0]!.message);
    else if (!phase) errors[`step-${n}`] = { th: 'กรุณาเลือกขั้นของขั้นตอน', en: 'Choose the step’s phase.' };
    else {
      const own = item.steps[n];
      steps.push({ text: text.data, phase, ...(own?.recurrence && own.text === text.data ? { recurrence: own.recurrence } : {}) });
    }
  });

  const indicators: Indicator[] = [];
  input.indicators.forEach((d, n) => {
    if (d.remove || (n >= item.indicators.length && d.text.trim() === '')) return;
    const text = stepTextSchema.safeParse(d.text);
    const kind = d.kind === 'output' || d.kind === 'outcome' ? d.kind : undefined;
    if (!text.success) return void (errors[`indicator-${n}`] = textError(text.error.issues[0]!.message));
    if (!kind) return void (errors[`indicator-${n}`] = { th: 'กรุณาเลือกชนิดตัวชี้วัด (ผลผลิตหรือผลลัพธ์)', en: 'Choose the indicator’s kind (output or outcome).' });
    if (d.comparator === '') return void indicators.push({ text: text.data, kind });
    const value = Number(thaiToArabicDigits(d.value).replace(/,/g, '').trim());
    const target = targetSchema.safeParse({ comparator: d.comparator, value: d.value.trim() === '' ? NaN : value, unit: d.unit });
    if (!target.success || !Number.isFinite(value)) {
      return void (errors[`indicator-${n}`] = { th: 'ค่าเป้าหมายต้องมีเครื่องหมายเปรียบเทียบ ตัวเลข และหน่วย', en: 'A target needs a comparison, a number and a unit.' });
    }
    const own = item.indicators[n]?.target;
    indicators.push({ text: text.data, kind, target: { ...target.data, ...(own?.unitText && own.unit === target.data.unit ? { unitText: own.unitText } : {}) } });
  });

  if (Object.keys(errors).length) return { ok: false, errors };

  const { responsibleSection: _section, responsibleSectionText: _sectionText, targetGroup: _targetGroup, ...rest } = item;
  const sectionChanged = (section?.key ?? '') !== (item.responsibleSection ?? '') || unit !== item.responsibleUnit;
  const corrected = itemSchema.safeParse({
    ...rest,
    name: name.data!,
    kind: kind!,
    mission,
    responsibleUnit: unit!,
    ...(section ? { responsibleSection: section.key } : {}),
    // The document's wording is kept while the section is what it read; a corrected one is named as the structure names it.
    ...(sectionChanged ? (section ? { responsibleSectionText: section.nameTh } : {}) : item.responsibleSectionText ? { responsibleSectionText: item.responsibleSectionText } : {}),
    ...(targetGroup.data ? { targetGroup: targetGroup.data } : {}),
    fiscalYears,
    budgetByYear,
    steps,
    indicators,
  });
  if (!corrected.success) {
    return { ok: false, errors: { item: { th: 'รายการที่แก้ไขไม่ถูกต้องตามรูปแบบของแผน', en: 'The corrected item does not fit the plan format.' } } };
  }
  return { ok: true, item: corrected.data, changes: changesOf(item, corrected.data) };
}

/** The item fields a correction can change, compared and audited one by one. */
export const COMPARED_FIELDS = [
  'name',
  'kind',
  'mission',
  'responsibleUnit',
  'responsibleSection',
  'responsibleSectionText',
  'targetGroup',
  'fiscalYears',
  'budgetByYear',
  'steps',
  'indicators',
] as const;
export type CorrectedField = (typeof COMPARED_FIELDS)[number];

/** Each field that differs, with its value before and after, as audited. */
export function changesOf(before: PlanItem, after: PlanItem): FieldChange[] {
  return COMPARED_FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null)).map((field) => ({
    field,
    before: before[field] ?? null,
    after: after[field] ?? null,
  }));
}

/** The plan with one item replaced; findings and everything else as they were. */
export function withItem(plan: CanonicalPlan, item: PlanItem): CanonicalPlan {
  return { ...plan, items: plan.items.map((i) => (i.code === item.code ? item : i)) };
}

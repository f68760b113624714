import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importPlanJson } from '../../domain/importer';
import type { CanonicalPlan, PlanItem } from '../../domain/plan';
import { CORRECTION_UNDONE, correctionsUndone, correctionUndoneFinding, withCorrectionKept, type AuditedCorrection } from '../../domain/plan-correction-undo';

const seed = importPlanJson(readFileSync(path.join(__dirname, '../../data/seed/khek-noi.plan.json'), 'utf8'));
const CODE = '1.4';
const DOCUMENT = { '2566': 15000, '2567': 15000, '2568': 15000, '2569': 15000, '2570': 15000 };
const CORRECTED = { ...DOCUMENT, '2570': 42000 };
const AT = Date.UTC(2026, 10, 3, 3, 0);

function withItem(plan: CanonicalPlan, code: string, edit: (item: PlanItem) => PlanItem): CanonicalPlan {
  return { ...plan, items: plan.items.map((i) => (i.code === code ? edit(i) : i)) };
}

/** The version in force holds the corrected budget; the amendment, made from the same file, the document's. */
const inForce = withItem(seed, CODE, (i) => ({ ...i, budgetByYear: CORRECTED }));
const amendment = withItem(seed, CODE, (i) => ({ ...i, budgetByYear: DOCUMENT }));

function correction(over: Partial<AuditedCorrection> = {}): AuditedCorrection {
  // Keys in another order than the plan's, as jsonb gives them back.
  const reorder = (b: Record<string, number>) => Object.fromEntries(Object.entries(b).reverse());
  return {
    importId: 7,
    code: CODE,
    before: { item: CODE, budgetByYear: reorder(DOCUMENT) },
    after: { item: CODE, budgetByYear: reorder(CORRECTED) },
    correctedBy: 'นางสาวสมหญิง ใจดี',
    correctedAt: AT,
    ...over,
  };
}

describe('an amendment undoing an earlier correction', () => {
  test('the document value coming back over a corrected budget is found, naming who corrected it and when', () => {
    const found = correctionsUndone(inForce, amendment, [correction()]);
    expect(found).toEqual([
      { code: CODE, field: 'budgetByYear', correctedValue: CORRECTED, documentValue: DOCUMENT, correctedBy: 'นางสาวสมหญิง ใจดี', correctedAt: AT, importId: 7 },
    ]);
    const finding = correctionUndoneFinding(found[0]!);
    expect(finding).toMatchObject({ code: CORRECTION_UNDONE, severity: 'warning', item: CODE, line: 0 });
    expect(finding.message).toContain('รายการ 1.4: งบประมาณ');
    expect(finding.message).toContain('2570: 42,000 บาท');
    expect(finding.message).toContain('2570: 15,000 บาท');
    expect(finding.message).toContain('นางสาวสมหญิง ใจดี');
    expect(finding.message).toContain('3 พฤศจิกายน 2569');
    expect(finding.messageEn).toContain('budget');
    expect(finding.messageEn).toContain('3 November 2026');
    expect(finding.messageEn).toContain('2570: 42,000 baht');
  });

  test('a change to a value the correction did not come from is an intended change, not an undoing', () => {
    const other = withItem(seed, CODE, (i) => ({ ...i, budgetByYear: { ...DOCUMENT, '2570': 50000 } }));
    expect(correctionsUndone(inForce, other, [correction()])).toEqual([]);
  });

  test('a correction a later amendment overtook is not what is in force, so going back is not undoing it', () => {
    const laterInForce = withItem(seed, CODE, (i) => ({ ...i, budgetByYear: { ...DOCUMENT, '2570': 60000 } }));
    expect(correctionsUndone(laterInForce, amendment, [correction()])).toEqual([]);
  });

  test('another item, or another field, of the same correction is not matched', () => {
    expect(correctionsUndone(inForce, amendment, [correction({ code: '1.5' })])).toEqual([]);
    const named = correction({ before: { item: CODE, name: 'ชื่อเดิม' }, after: { item: CODE, name: 'ชื่อใหม่' } });
    expect(correctionsUndone(inForce, amendment, [named])).toEqual([]);
  });

  test('the field unchanged by the amendment gives nothing; an item only in one plan neither', () => {
    expect(correctionsUndone(inForce, inForce, [correction()])).toEqual([]);
    const without = { ...amendment, items: amendment.items.filter((i) => i.code !== CODE) };
    expect(correctionsUndone(inForce, without, [correction()])).toEqual([]);
  });

  test('of two corrections of one field the latest that the version in force holds is named', () => {
    const first = correction({ importId: 3, correctedAt: AT - 86_400_000, correctedBy: 'คนแรก' });
    const second = correction({ importId: 7, correctedAt: AT, correctedBy: 'คนที่สอง' });
    const overtaken = correction({ importId: 9, correctedAt: AT + 86_400_000, correctedBy: 'คนที่สาม', after: { item: CODE, budgetByYear: { ...DOCUMENT, '2570': 30000 } } });
    expect(correctionsUndone(inForce, amendment, [second, overtaken, first]).map((u) => [u.importId, u.correctedBy])).toEqual([[7, 'คนที่สอง']]);
  });

  test('a corrected name, and a section that was added by correction and dropped again', () => {
    const sectioned = withItem(inForce, CODE, (i) => ({ ...i, name: `${i.name} (แก้ไข)`, responsibleSection: 'general-administration' }));
    const original = withItem(amendment, CODE, (i) => {
      const { responsibleSection: _s, ...rest } = i;
      return rest;
    });
    const corrections = [
      correction({
        before: { item: CODE, name: original.items.find((i) => i.code === CODE)!.name, responsibleSection: null },
        after: { item: CODE, name: sectioned.items.find((i) => i.code === CODE)!.name, responsibleSection: 'general-administration' },
      }),
    ];
    const found = correctionsUndone(sectioned, { ...original, items: original.items.map((i) => (i.code === CODE ? { ...i, budgetByYear: CORRECTED } : i)) }, corrections);
    expect(found.map((u) => u.field)).toEqual(['name', 'responsibleSection']);
    const item = original.items.find((i) => i.code === CODE)!;
    expect(withCorrectionKept(item, found[1]!).responsibleSection).toBe('general-administration');
    expect(withCorrectionKept(item, found[0]!).name).toBe(`${item.name} (แก้ไข)`);
  });
});

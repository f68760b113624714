import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importPlanBytes, importPlanJson, importPlanText, UnusableDocumentError } from '../../domain/importer';

const excerpt = readFileSync(path.join(__dirname, '../fixtures/plan-excerpt.txt'), 'utf8');

describe('importPlanJson', () => {
  const plan = importPlanText(excerpt);

  it('round-trips a canonical plan', () => {
    expect(importPlanJson(JSON.stringify(plan))).toEqual(plan);
    expect(importPlanJson(JSON.stringify(plan, null, 2))).toEqual(plan);
  });

  it('is what importPlanBytes does with a .json file or a JSON body', async () => {
    const bytes = Buffer.from(JSON.stringify(plan), 'utf8');
    expect(await importPlanBytes(bytes, 'plan.json')).toEqual(plan);
    expect(await importPlanBytes(Buffer.concat([Buffer.from('\n  '), bytes]), 'upload')).toEqual(plan);
  });

  it('refuses text that is not JSON', () => {
    expect(() => importPlanJson('{"organization": ')).toThrow(UnusableDocumentError);
    try {
      importPlanJson('{"organization": ');
    } catch (err) {
      expect((err as UnusableDocumentError).code).toBe('INVALID_JSON');
    }
  });

  it('refuses JSON that breaks the contract, naming where', () => {
    const broken = { ...plan, items: [{ ...plan.items[0], code: 'three' }] };
    try {
      importPlanJson(JSON.stringify(broken));
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(UnusableDocumentError);
      expect((err as UnusableDocumentError).code).toBe('INVALID_JSON');
      expect((err as UnusableDocumentError).reasonEn).toContain('items.0.code');
    }
  });
});

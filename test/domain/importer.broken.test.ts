import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importPlanBytes, importPlanText, UnusableDocumentError } from '../../domain/importer';

/** Documents that cannot be a plan: each is refused with a stable code and a Thai and English reason. */
const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures', name));
const excerpt = fixture('plan-excerpt.txt').toString('utf8');

async function refusal(run: () => unknown): Promise<UnusableDocumentError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof UnusableDocumentError) return err;
    throw err;
  }
  throw new Error('the document was accepted');
}

describe('unusable documents', () => {
  it.each([
    ['an empty string', () => importPlanText('')],
    ['only whitespace', () => importPlanText(' \n\t\n\uFEFF ')],
    ['an empty file', () => importPlanBytes(new Uint8Array(0), 'plan.txt')],
  ])('refuses %s as EMPTY', async (_name, run) => {
    expect((await refusal(run)).code).toBe('EMPTY');
  });

  it('refuses binary bytes', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const err = await refusal(() => importPlanBytes(png, 'plan.txt'));
    expect(err.code).toBe('BINARY');
    expect(err.reasonTh).toMatch(/[\u0E00-\u0E7F]/);
    expect(err.reasonEn).toMatch(/[a-z]/);
    expect((await refusal(() => importPlanText('แผนปฏิบัติการ\u0000\u0001\u0002'))).code).toBe('BINARY');
  });

  it('refuses an old .doc and a zip that is not a Word document', async () => {
    const doc = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect((await refusal(() => importPlanBytes(doc, 'plan.doc'))).reasonEn).toContain('.docx');
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0]);
    expect((await refusal(() => importPlanBytes(zip, 'plan.docx'))).code).toBe('BINARY');
  });

  it('refuses other Thai text as NOT_THIS_TEMPLATE', async () => {
    const other = fixture('broken/other-thai-document.txt');
    expect((await refusal(() => importPlanBytes(other, 'notice.txt'))).code).toBe('NOT_THIS_TEMPLATE');
    expect((await refusal(() => importPlanText('Minutes of the meeting of 3 March 2024.\nAttendees: ...'))).code).toBe(
      'NOT_THIS_TEMPLATE',
    );
  });

  it('refuses a plan cut off before Part 3 as TRUNCATED', async () => {
    const truncated = fixture('broken/truncated-before-part3.txt');
    expect((await refusal(() => importPlanBytes(truncated, 'plan.txt'))).code).toBe('TRUNCATED');
    const cutAtPart3 = excerpt.slice(0, excerpt.indexOf('ส่วนที่ ๓') + 'ส่วนที่ ๓'.length);
    expect((await refusal(() => importPlanText(cutAtPart3))).code).toBe('TRUNCATED');
  });

  it('refuses TIS-620 bytes as ENCODING, and the garbled text they decode to', async () => {
    const tis620 = fixture('broken/plan-tis620.txt');
    expect((await refusal(() => importPlanBytes(tis620, 'plan.txt'))).code).toBe('ENCODING');
    expect((await refusal(() => importPlanText(tis620.toString('latin1')))).code).toBe('ENCODING');
  });

  it('refuses UTF-8 decoded with the wrong character set, and text with replacement characters', async () => {
    const mojibake = Buffer.from(excerpt.slice(0, 2000), 'utf8').toString('latin1');
    expect((await refusal(() => importPlanText(mojibake))).code).toBe('ENCODING');
    expect((await refusal(() => importPlanText(excerpt.replace('ส่วนที่ ๓', 'ส่วนที่ \uFFFD')))).code).toBe('ENCODING');
  });
});

describe('readable documents in other forms', () => {
  it('reads UTF-16 text with its byte-order mark', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(excerpt, 'utf16le')]);
    const plan = await importPlanBytes(utf16, 'plan.txt');
    expect(plan.items.map((i) => i.code)).toEqual(['3.1', '3.2', '3.3', '3.4', '3.5', '3.6']);
  });

  it('reads UTF-8 with a byte-order mark and Windows line ends', async () => {
    const bytes = Buffer.from(`\uFEFF${excerpt.replace(/\n/g, '\r\n')}`, 'utf8');
    const plan = await importPlanBytes(bytes, 'plan.txt');
    expect(plan.items).toHaveLength(6);
    expect(plan.items[0]!.line).toBe(importPlanText(excerpt).items[0]!.line);
  });
});

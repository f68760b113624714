import { fixPdfNodeIds } from '../../activities/reports/render-pdf';

/**
 * The same page printed twice can get different DOM node ids, in a different order (Chromium 153 does). What Skia
 * writes around them is the same, so the renumbered files must be byte for byte equal, with the ID tree still sorted.
 */
function taggedPdf(ids: [string, string, string]): Buffer {
  const [a, b, c] = ids;
  const names = [
    [a, '45 0 R'],
    [b, '47 0 R'],
    [c, '49 0 R'],
  ].sort(([x], [y]) => Number(x) - Number(y));
  const text =
    `%PDF-1.4\n45 0 obj\n<</Type /StructElem\n/S /TH\n/ID (node${a})>>\nendobj\n` +
    `47 0 obj\n<</Type /StructElem\n/S /TH\n/ID (node${b})>>\nendobj\n` +
    `49 0 obj\n<</Type /StructElem\n/S /TH\n/ID (node${c})>>\nendobj\n` +
    `51 0 obj\n<</Type /StructElem\n/S /TD\n/A [<</O /Table\n/Headers [(node${b})]>>]>>\nendobj\n` +
    `60 0 obj\n<</Limits [(node${names[0]![0]}) (node${names[2]![0]})]\n` +
    `/Names [${names.map(([id, ref]) => `(node${id}) ${ref}`).join(' ')}]>>\nendobj\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

describe('PDF structure ids', () => {
  it('are renumbered by where they first appear, so two prints with other ids come out equal', () => {
    const first = taggedPdf(['00000011', '00000012', '00000013']);
    const second = taggedPdf(['00000207', '00000031', '00000150']);
    const fixedFirst = fixPdfNodeIds(first);
    const fixedSecond = fixPdfNodeIds(second);
    expect(fixedSecond.equals(fixedFirst)).toBe(true);
    // No byte offset moves, so the cross-reference table stays valid.
    expect(fixedSecond.length).toBe(second.length);
    const text = fixedSecond.toString('latin1');
    expect(text).toContain('/Headers [(node00000002)]');
    expect(text).toContain(
      '/Limits [(node00000001) (node00000003)]\n/Names [(node00000001) 45 0 R (node00000002) 47 0 R (node00000003) 49 0 R]',
    );
  });

  it('leaves a PDF without structure ids as it is', () => {
    const plain = Buffer.from('%PDF-1.4\n1 0 obj\n<</Type /Catalog>>\nendobj\n%%EOF\n', 'latin1');
    expect(fixPdfNodeIds(plain).equals(plain)).toBe(true);
  });
});

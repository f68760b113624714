import { toArabic } from './source';

/** Text reduced to what carries meaning: Thai and Latin letters, no spaces, digits, quotes or punctuation. */
export function comparable(text: string): string {
  return toArabic(text)
    .toLowerCase()
    .replace(/[^\u0E01-\u0E2E\u0E30-\u0E4Ea-z]/g, '');
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const g = text.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Sørensen–Dice over character bigrams: 1 for the same text, 0 for nothing in common. */
export function dice(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  if (a.length < 2 || b.length < 2) return 0;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let common = 0;
  for (const [g, n] of ga) common += Math.min(n, gb.get(g) ?? 0);
  return (2 * common) / (a.length - 1 + b.length - 1);
}

/** An item's name without the boilerplate that every name shares ("ประจำปีงบประมาณ พ.ศ. ..."). */
export function comparableName(name: string): string {
  const cut = name.search(/ประจำปี/);
  return comparable(cut > 0 ? name.slice(0, cut) : name);
}

/**
 * Thai text as PDF text extraction returns it, repaired. Fonts draw an above-base mark as a glyph of its
 * own, so an extractor sees a gap after it ("ป้ องกัน"), emits a tone mark that sits on an upper vowel after
 * the next consonant ("ซึง่" for ซึ่ง) or strands it on the next line, and wraps a paragraph into lines.
 * The word segmenter of the platform (ICU's Thai dictionary) decides what was one word.
 */

const THAI = /[\u0E01-\u0E5B]/;
/** What may follow a stray space inside a word: a consonant, a following vowel, a leading vowel. */
const THAI_LETTER = /[\u0E01-\u0E30\u0E32\u0E33\u0E40-\u0E45]/;
/** A Thai abbreviation (พ.ศ., อ.บ.ต.) is written after a space. */
const ABBREVIATION = /^[\u0E01-\u0E2E]\.[\u0E01-\u0E2E]\./;
/** Letters that join across a line break without a space (not digits or punctuation). */
const THAI_JOINING = /[\u0E01-\u0E4E]/;
const CONSONANT = /[\u0E01-\u0E2E]/;
/** Marks drawn above the base: mai han-akat, sara i/ii/ue/uee, mai taikhu, the tone marks, thanthakhat, nikhahit. */
const ABOVE = /[\u0E31\u0E34-\u0E37\u0E47-\u0E4E]/;
const UPPER_VOWEL = /[\u0E31\u0E34-\u0E37]/;
const TONE = /[\u0E48-\u0E4B]/;
/** Marks stacked over an upper vowel: the tone marks and thanthakhat. */
const TOP = /[\u0E48-\u0E4C]/;
const VOWEL_MARK = /[\u0E31\u0E34-\u0E39]/;
/** Any combining mark; none can follow a space or start a line. */
const COMBINING = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/;
/**
 * A consonant with a tone mark starts a syllable when a following vowel comes next (มีน้ำ, มิน่า), or อ ว ย
 * as vowel letters before a final consonant (มีก่อน, มีส่วน). Anything else means the consonant closed the
 * syllable before it (ซึง่อาจ, ทัง้สิน้), so the tone mark belongs in front of it.
 */
const FOLLOWING_VOWEL = /[\u0E30\u0E32\u0E33\u0E45]/;
const VOWEL_LETTER = /[\u0E2D\u0E27\u0E22]/;
/** Upper vowels that always close their syllable with a consonant (กัน, ซึ่ง): that consonant is not an onset. */
const CLOSED_VOWEL = /[\u0E31\u0E36]/;

let segmenter: Intl.Segmenter | undefined;
const words = (text: string): Array<{ segment: string; index: number }> => {
  segmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  return [...segmenter.segment(text)].map(({ segment, index }) => ({ segment, index }));
};

/** Thai letters around `at` up to the nearest space on either side: the stretch a segmenter judges. */
function chunkAround(text: string, at: number): { from: number; to: number } {
  let from = at;
  while (from > 0 && !/\s/.test(text[from - 1]!)) from--;
  let to = at;
  while (to < text.length && !/\s/.test(text[to]!)) to++;
  return { from, to };
}

/** True when the segmenter finds a word that spans the position (it is not a word boundary). */
function insideWord(text: string, position: number): boolean {
  return words(text).some((w) => w.index < position && w.index + w.segment.length > position);
}

/**
 * A space after an above-base mark is stray when, without it, the segmenter reads one word across the
 * place it was ("ป้องกัน", "หน่วยงาน", "เป็นรูป"); "ดังนี้ ส่วน" keeps its space, as ดังนี้|ส่วน are two words.
 */
function removeStraySpaces(text: string): string {
  let out = text;
  for (let i = 1; i < out.length - 1; i++) {
    if (out[i] !== ' ' || !ABOVE.test(out[i - 1]!) || !THAI_LETTER.test(out[i + 1]!)) continue;
    const left = chunkAround(out, i - 1);
    const right = chunkAround(out, i + 1);
    const joined = out.slice(left.from, i) + out.slice(i + 1, right.to);
    if (insideWord(joined, i - left.from)) {
      out = out.slice(0, i) + out.slice(i + 1);
      i--;
    }
  }
  return out;
}

const segmentCount = (text: string) => words(text).filter((w) => w.segment.trim() !== '').length;

/**
 * A mark stacked over an upper vowel, found after the next consonant instead, goes back in front of it:
 * "ซึง่" → ซึ่ง, "ทัง้สิน้" → ทั้งสิ้น, "ตัวชีว้ัด" → ตัวชี้วัด, "สัมฤทธิท์ี่" → สัมฤทธิ์ที่. A tone mark on a consonant
 * that starts a syllable (มีน้ำ, มีส่วน) stays unless a vowel follows the mark, which no correct text has;
 * a thanthakhat moves only where the segmenter then reads fewer words (สัมฤทธิ์ของ, not ฟิล์ม). Otherwise
 * the segmenter has the last word too: the text must not read as more words that way.
 */
function reorderMarks(text: string): string {
  const chars = [...text];
  for (let i = 3; i < chars.length; i++) {
    const mark = chars[i]!;
    if (!TOP.test(mark) || !CONSONANT.test(chars[i - 1]!) || !UPPER_VOWEL.test(chars[i - 2]!) || !CONSONANT.test(chars[i - 3]!)) continue;
    const next = chars[i + 1] ?? '';
    // Only a word the segmenter then finds decides for a thanthakhat that no vowel follows (ฟิล์ม stays).
    let strictly = false;
    if (!VOWEL_MARK.test(next)) {
      if (!TONE.test(mark)) strictly = !FOLLOWING_VOWEL.test(next);
      else if (FOLLOWING_VOWEL.test(next) || COMBINING.test(next)) continue;
      else if (VOWEL_LETTER.test(next) && CONSONANT.test(chars[i + 2] ?? '') && !CLOSED_VOWEL.test(chars[i - 2]!)) continue;
    }
    const candidate = [...chars];
    candidate[i - 1] = mark;
    candidate[i] = chars[i - 1]!;
    const before = chars.join('');
    const offset = chars.slice(0, i).join('').length;
    const { from, to } = chunkAround(before, offset);
    const after = candidate.join('');
    const fewer = segmentCount(after.slice(from, to)) - segmentCount(before.slice(from, to));
    if (strictly ? fewer < 0 : fewer <= 0) chars.splice(0, chars.length, ...candidate);
  }
  return chars.join('');
}

/**
 * Two more displacements: a tone mark drawn over the syllable before, found after a leading vowel
 * ("ชีแ้จง" → ชี้แจง; nothing may follow a leading vowel but a consonant), and sara uee found after the อ of
 * its own vowel ("ส่อืการ" → สื่อการ).
 */
const reorderAroundVowels = (text: string): string =>
  text
    .replace(/([\u0E40-\u0E44])([\u0E48-\u0E4B])/g, '$2$1')
    .replace(/([\u0E01-\u0E2E])([\u0E48-\u0E4B])\u0E2D\u0E37/g, '$1\u0E37$2\u0E2D');

/** Marks (and sara am, drawn with one) stranded after a space or a line break belong to the text before them. */
const reattachMarks = (text: string): string =>
  text.replace(/[ \t]*\n?[ \t]*([\u0E31\u0E33-\u0E3A\u0E47-\u0E4E]+)/g, (whole, marks: string, at: number) =>
    at === 0 || whole === marks ? whole : marks);

/** One line or paragraph of extracted Thai text, repaired. Text without Thai is returned unchanged. */
export function repairThaiPdfText(text: string): string {
  if (!THAI.test(text)) return text;
  return reorderMarks(removeStraySpaces(reorderAroundVowels(reattachMarks(text))));
}

/**
 * The lines of one paragraph as a PDF wrapped them, as one repaired paragraph: Thai wraps between words
 * without a space (Thai leaves no space where a line breaks), anything else is joined with one space.
 */
export function joinPdfLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (out === '') out = line;
    else if (COMBINING.test(line[0]!) || line[0] === '\u0E33') out += line;
    else out += /[-/]$/.test(out) || (THAI_JOINING.test(out.at(-1)!) && THAI_JOINING.test(line[0]!) && !ABBREVIATION.test(line)) ? line : ` ${line}`;
  }
  return repairThaiPdfText(out);
}

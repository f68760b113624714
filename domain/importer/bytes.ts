import type { CanonicalPlan } from '../plan';
import { docxToText } from './docx';
import { UnusableDocumentError } from './errors';
import { importPlanJson } from './json';
import type { ExtractedText } from './ocr';
import { importPlanText, type TextImportOptions } from './text-importer';

/** What an uploaded or CLI-given file is, judged by its bytes first and its name second. */
export type DetectedFormat = 'docx' | 'json' | 'pdf' | 'text';

/**
 * What the pure importer cannot do itself. A PDF's text comes from a program (poppler's pdftotext), so
 * the caller that may run programs passes the extraction in (infra/pdf-text.ts `pdfToPlanText`).
 */
export interface ImportOptions extends Omit<TextImportOptions, 'ocr'> {
  /** A PDF's text, and which of its pages were read by OCR. */
  pdfToText?: (bytes: Uint8Array) => Promise<string | ExtractedText>;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const PDF = [0x25, 0x50, 0x44, 0x46];

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 65536);
  let controls = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) controls++;
  }
  return controls > sample.length * 0.01;
}

function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (looksBinary(bytes)) throw new UnusableDocumentError('BINARY');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UnusableDocumentError('ENCODING', {
      th: 'ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8 (อาจเป็น TIS-620/Windows-874)',
      en: 'the file is not UTF-8 (perhaps TIS-620/Windows-874)',
    });
  }
}

export function detectFormat(bytes: Uint8Array, fileName: string): DetectedFormat {
  if (startsWith(bytes, ZIP)) return 'docx';
  if (startsWith(bytes, PDF)) return 'pdf';
  if (/\.json$/i.test(fileName)) return 'json';
  let i = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b ? 'json' : 'text';
}

export async function importPlanBytes(bytes: Uint8Array, fileName: string, options: ImportOptions = {}): Promise<CanonicalPlan> {
  if (bytes.length === 0) throw new UnusableDocumentError('EMPTY');
  const textOptions: TextImportOptions = {
    ...(options.units ? { units: options.units } : {}),
    ...(options.planYears ? { planYears: options.planYears } : {}),
  };
  if (startsWith(bytes, OLE)) {
    throw new UnusableDocumentError('BINARY', {
      th: 'เป็นไฟล์ Word รุ่นเก่า (.doc) กรุณาบันทึกเป็น .docx',
      en: 'an old Word file (.doc); save it as .docx',
    });
  }
  if (startsWith(bytes, PDF)) {
    if (options.pdfToText) {
      const extracted = await options.pdfToText(bytes);
      if (typeof extracted === 'string') return importPlanText(extracted, textOptions);
      return importPlanText(extracted.text, extracted.ocr ? { ...textOptions, ocr: extracted.ocr } : textOptions);
    }
    throw new UnusableDocumentError('BINARY', {
      th: 'เป็นไฟล์ PDF กรุณาใช้ไฟล์ Word (.docx) หรือข้อความ',
      en: 'a PDF file; use the Word (.docx) file or text',
    });
  }
  const format = detectFormat(bytes, fileName);
  if (format === 'docx') return importPlanText(await docxToText(bytes), textOptions);
  const text = decodeText(bytes);
  return format === 'json' ? importPlanJson(text) : importPlanText(text, textOptions);
}

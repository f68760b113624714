/**
 * A document the importer cannot read as a plan at all. Everything short of this is a finding: a defect in
 * a readable plan never stops the import.
 */
export const UNUSABLE_REASONS = {
  EMPTY: {
    th: 'ไฟล์ว่าง ไม่มีข้อความ',
    en: 'the file is empty',
  },
  BINARY: {
    th: 'ไฟล์ไม่ใช่ข้อความหรือเอกสาร Word (.docx) ที่อ่านได้',
    en: 'the file is neither text nor a readable Word (.docx) document',
  },
  ENCODING: {
    th: 'อ่านตัวอักษรไม่ได้ (ไม่ใช่ UTF-8 หรือข้อความเสียจากการแปลงรหัสอักขระ) กรุณาบันทึกเป็น UTF-8 หรือ .docx',
    en: 'unreadable characters (not UTF-8, or text garbled by a character-set conversion); save it as UTF-8 or .docx',
  },
  NOT_THIS_TEMPLATE: {
    th: 'ไม่ใช่แผนปฏิบัติการป้องกันการทุจริตตามแบบของสำนักงาน ป.ป.ช.',
    en: 'not an anti-corruption action plan on the NACC template',
  },
  TRUNCATED: {
    th: 'เอกสารขาดหาย ไม่พบส่วนที่ ๓ รายละเอียดโครงการ/กิจกรรม/มาตรการ',
    en: 'the document is cut off: Part 3 (the item details) is missing',
  },
  OCR_UNAVAILABLE: {
    th: 'เอกสารเป็นภาพสแกนที่ต้องอ่านด้วย OCR แต่อ่านไม่ได้',
    en: 'the document is a scan that needs OCR, which failed',
  },
  INVALID_JSON: {
    th: 'ไฟล์ JSON ไม่ใช่แผนตามรูปแบบของระบบ',
    en: 'the JSON file is not a canonical plan',
  },
} as const;

export type UnusableDocumentCode = keyof typeof UNUSABLE_REASONS;

export class UnusableDocumentError extends Error {
  readonly code: UnusableDocumentCode;
  readonly reasonTh: string;
  readonly reasonEn: string;

  constructor(code: UnusableDocumentCode, detail?: { th: string; en: string }) {
    const reason = UNUSABLE_REASONS[code];
    const reasonTh = detail ? `${reason.th}: ${detail.th}` : reason.th;
    const reasonEn = detail ? `${reason.en}: ${detail.en}` : reason.en;
    super(`${reasonTh} / ${reasonEn}`);
    this.name = 'UnusableDocumentError';
    this.code = code;
    this.reasonTh = reasonTh;
    this.reasonEn = reasonEn;
  }
}

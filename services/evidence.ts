import { contentKey } from './files';
import { AppError } from './errors';

/** Evidence a municipal officer actually has: photos, PDFs and Office documents. */
export const EVIDENCE_TYPES: Record<string, { th: string; sniff: (b: Buffer) => boolean }> = {
  'image/jpeg': { th: 'รูปภาพ JPEG', sniff: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'image/png': { th: 'รูปภาพ PNG', sniff: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  'image/webp': { th: 'รูปภาพ WebP', sniff: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  'application/pdf': { th: 'PDF', sniff: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { th: 'Word (.docx)', sniff: isZip },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { th: 'Excel (.xlsx)', sniff: isZip },
};
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 5;

function isZip(b: Buffer): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** Refuses a file whose declared type is not allowed or whose bytes are not of that type (a renamed .exe). */
export function checkEvidence(file: { fileName: string; contentType: string; bytes: Buffer }): void {
  const type = EVIDENCE_TYPES[file.contentType];
  if (!type) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `ไม่รับไฟล์ชนิดนี้ (${file.fileName}) รับเฉพาะรูปภาพ PDF Word และ Excel`,
      `file type not accepted (${file.fileName}): photos, PDF, Word and Excel only`,
    );
  }
  if (file.bytes.length === 0) {
    throw new AppError('VALIDATION_FAILED', `ไฟล์ ${file.fileName} ว่างเปล่า`, `${file.fileName} is empty`);
  }
  if (!type.sniff(file.bytes)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `เนื้อไฟล์ ${file.fileName} ไม่ใช่${type.th}ตามที่ระบุ`,
      `${file.fileName} does not contain what its type says (${file.contentType})`,
    );
  }
}

/** Where an evidence file's bytes are kept in the file store: by their SHA-256, so one upload twice is one file. */
export function evidenceKey(sha256: string): string {
  return contentKey('evidence', sha256);
}

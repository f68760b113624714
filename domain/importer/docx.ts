import mammoth from 'mammoth';
import { UnusableDocumentError } from './errors';

/**
 * Word documents are read with mammoth's raw-text extraction: every paragraph, including each paragraph
 * of a table cell, becomes a paragraph of text followed by a blank line. The table readers handle that
 * layout as well as the tab-separated one (see cells.ts).
 */
export async function docxToText(bytes: Uint8Array): Promise<string> {
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    return result.value;
  } catch (err) {
    throw new UnusableDocumentError('BINARY', {
      th: `อ่านไฟล์ Word ไม่ได้ (${(err as Error).message})`,
      en: `the Word file cannot be read (${(err as Error).message})`,
    });
  }
}

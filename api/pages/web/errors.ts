import { html } from '../layout';
import { messageBox, t, webPage, type WebView } from './frame';

/** Every refusal of a signed-in page is a page in the reader's language, never JSON or a stack trace. */

const TITLES: Record<string, { th: string; en: string }> = {
  FORBIDDEN: { th: 'ไม่มีสิทธิ์ดำเนินการ', en: 'Not allowed' },
  WRONG_PERSON: { th: 'ไม่มีสิทธิ์ดำเนินการ', en: 'Not allowed' },
  NOT_FOUND: { th: 'ไม่พบสิ่งที่ต้องการ', en: 'Not found' },
  WORKFLOW_NOT_FOUND: { th: 'ไม่พบสิ่งที่ต้องการ', en: 'Not found' },
  INVALID_TRANSITION: { th: 'ทำรายการนี้ในขั้นตอนนี้ไม่ได้', en: 'Not possible at this stage' },
  VALIDATION_FAILED: { th: 'ข้อมูลไม่ถูกต้อง', en: 'Invalid input' },
  PAYLOAD_TOO_LARGE: { th: 'ไฟล์ใหญ่เกินกำหนด', en: 'File too large' },
  UNSUPPORTED_MEDIA_TYPE: { th: 'ไม่รับไฟล์ชนิดนี้', en: 'File type not accepted' },
  INTERNAL: { th: 'ระบบขัดข้อง', en: 'Something went wrong' },
  UNAVAILABLE: { th: 'ระบบไม่พร้อมให้บริการชั่วคราว', en: 'Temporarily unavailable' },
};

export function errorPage(view: WebView, error: { code: string; th: string; en: string }): string {
  const title = TITLES[error.code] ?? { th: 'ไม่สามารถดำเนินการได้', en: 'This cannot be done' };
  const home = view.viewer ? '/tasks' : '/signin';
  return webPage(view, {
    titleTh: title.th,
    titleEn: title.en,
    body: html`${messageBox('error', t(view, error.th, error.en), 'alert')}
<section><p><a href="${home}">${
      view.viewer ? t(view, 'กลับไปหน้างานของฉัน', 'Back to my tasks') : t(view, 'ไปหน้าเข้าสู่ระบบ', 'Go to sign-in')
    }</a></p>
<p class="small muted">${t(view, 'รหัสข้อผิดพลาด', 'Error code')}: ${error.code}</p></section>`,
  });
}

import { html } from '../layout';
import { messageBox, t, webPage, type WebView } from './frame';

/** Sign-in without a password: ask for an e-mail address, send a one-time link, confirm with a button. */

export function signInFormPage(
  view: WebView,
  input: { email?: string; next?: string; error?: { th: string; en: string }; signedOut?: boolean; status?: number },
): string {
  return webPage(view, {
    titleTh: 'เข้าสู่ระบบ',
    titleEn: 'Sign in',
    body: html`${input.signedOut ? messageBox('done', t(view, 'ออกจากระบบแล้ว', 'You have signed out.'), 'status') : ''}
${input.error ? messageBox('error', t(view, input.error.th, input.error.en), 'alert') : ''}
<section>
<p>${t(
      view,
      'ระบบสุจริตไม่ใช้รหัสผ่าน กรอกอีเมลที่ลงทะเบียนไว้ ระบบจะส่งลิงก์เข้าสู่ระบบให้ทางอีเมล (และทาง LINE หากลงทะเบียนไว้) ลิงก์ใช้ได้ครั้งเดียวภายใน ๑๕ นาที',
      'Sujarit uses no passwords. Enter the e-mail address on record and a sign-in link will be sent to it (and to LINE when registered). The link works once, within 15 minutes.',
    )}</p>
<form method="post" action="/signin" novalidate>
${input.next ? html`<input type="hidden" name="next" value="${input.next}">` : ''}
<div class="field">
<label for="email">${t(view, 'อีเมล', 'E-mail address')}</label>
<input type="email" id="email" name="email" autocomplete="email" inputmode="email" required maxlength="254" value="${input.email ?? ''}"${
      input.error ? html` aria-invalid="true" aria-describedby="email-hint"` : html` aria-describedby="email-hint"`
    }>
<p class="hint" id="email-hint">${t(view, 'เช่น saraban@khek-noi.go.th', 'for example saraban@khek-noi.go.th')}</p>
</div>
<button type="submit">${t(view, 'ส่งลิงก์เข้าสู่ระบบ', 'Send me a sign-in link')}</button>
</form>
</section>`,
  });
}

/** The same answer whether or not the address belongs to someone: nothing tells a guesser who has an account. */
export function signInSentPage(view: WebView, email: string): string {
  return webPage(view, {
    titleTh: 'ตรวจสอบอีเมลของท่าน',
    titleEn: 'Check your e-mail',
    body: html`${messageBox(
      'done',
      t(
        view,
        `หากอีเมล ${email} ลงทะเบียนไว้ในระบบ ท่านจะได้รับลิงก์เข้าสู่ระบบภายในไม่กี่นาที (และทาง LINE หากลงทะเบียนไว้) ลิงก์ใช้ได้ครั้งเดียวและหมดอายุใน ๑๕ นาที`,
        `If ${email} is registered, a sign-in link is on its way (and to LINE when registered). The link works once and expires in 15 minutes.`,
      ),
      'status',
    )}
<section><p>${t(view, 'ไม่ได้รับอีเมล? ตรวจสอบโฟลเดอร์จดหมายขยะ หรือ', 'No e-mail? Check the spam folder, or')} <a href="/signin">${t(
      view,
      'ขอลิงก์ใหม่',
      'ask for a new link',
    )}</a></p></section>`,
  });
}

export function signInConfirmPage(view: WebView, input: { personName: string; action: string; csrfToken: string }): string {
  return webPage(view, {
    titleTh: 'ยืนยันการเข้าสู่ระบบ',
    titleEn: 'Confirm sign-in',
    body: html`<section>
<p>${t(view, `เข้าสู่ระบบในชื่อ ${input.personName}`, `Sign in as ${input.personName}`)}</p>
<form method="post" action="${input.action}">
<input type="hidden" name="csrf" value="${input.csrfToken}">
<button type="submit">${t(view, 'เข้าสู่ระบบ', 'Sign in')}</button>
</form>
<p class="hint">${t(
      view,
      'ต้องกดปุ่มเพื่อเข้าสู่ระบบ การเปิดลิงก์อย่างเดียว (เช่น โดยระบบตรวจลิงก์ของอีเมล) จะไม่ใช้ลิงก์นี้',
      'Signing in needs the button: merely opening the link (as a mail scanner does) does not use it up.',
    )}</p>
</section>`,
  });
}

/** Unknown, used, expired or tampered links all look the same. */
export function signInInvalidPage(view: WebView): string {
  return webPage(view, {
    titleTh: 'ลิงก์เข้าสู่ระบบใช้ไม่ได้',
    titleEn: 'This sign-in link cannot be used',
    body: html`${messageBox(
      'error',
      t(
        view,
        'ลิงก์นี้ไม่ถูกต้อง ถูกใช้ไปแล้ว หรือหมดอายุแล้ว (ลิงก์ใช้ได้ครั้งเดียวภายใน ๑๕ นาที)',
        'This link is not valid, has been used, or has expired (a link works once, within 15 minutes).',
      ),
      'alert',
    )}
<section><p><a href="/signin">${t(view, 'ขอลิงก์เข้าสู่ระบบใหม่', 'Ask for a new sign-in link')}</a></p></section>`,
  });
}

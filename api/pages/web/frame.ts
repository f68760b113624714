import { bangkokDate, daysBetween } from '../../../domain/fiscal';
import { formatBaht, formatNumber, formatRelativeDays, formatStoredEnglishDate, formatStoredThaiDate } from '../../../domain/thai-format';
import type { ItemStatus } from '../../../domain/item-status';
import { labelOf, ROLE_LABELS, STATUS_LABELS } from '../labels';
import { englishDateTime, Html, html, page, thaiDateTime, type PageChrome } from '../layout';

/**
 * The frame of every signed-in page: the reader's language, the navigation and the page styles, plus the small
 * formatting helpers the pages share (dates in the Buddhist Era, relative days, baht with separators).
 */

export type Lang = 'th' | 'en';

export type NavKey = 'tasks' | 'approvals' | 'dashboard' | 'golive' | 'admin' | 'platform' | 'oversight' | 'line' | 'none';

/** The viewer's pseudo-role on the platform pages; never a role_assignments role. */
export const PLATFORM_ROLE = 'platform_admin';
/** The viewer's pseudo-role on the oversight pages (สถ.จ. / สถ.อ.); never a role_assignments role. */
export const OVERSIGHT_ROLE = 'oversight_officer';

export interface Viewer {
  personId: number;
  fullName: string;
  positionTitle: string;
  organizationName: string;
  roles: string[];
  openApprovals: number;
  csrfToken: string;
}

export interface WebView {
  lang: Lang;
  /** The current path with its query, for the language switch to return to. */
  path: string;
  viewer?: Viewer;
  nowMs: number;
}

export function t(view: Pick<WebView, 'lang'>, th: string, en: string): string {
  return view.lang === 'en' ? en : th;
}

export function formatDay(view: Pick<WebView, 'lang'>, at: Date | string | number): string {
  const value = at instanceof Date ? at.getTime() : at;
  return view.lang === 'en' ? formatStoredEnglishDate(value) : formatStoredThaiDate(value);
}

export function formatDateTime(view: Pick<WebView, 'lang'>, at: Date): string {
  return view.lang === 'en' ? englishDateTime(at) : thaiDateTime(at);
}

/** Calendar days from today (Bangkok) to the instant: negative when it has passed. */
export function daysUntil(view: Pick<WebView, 'nowMs'>, atMs: number): number {
  return daysBetween(bangkokDate(view.nowMs), bangkokDate(atMs));
}

/** "อีก ๓ วัน", "วันนี้", "เลยกำหนด ๕ วัน" / "in 3 days", "5 days overdue". */
export function relativeDue(view: Pick<WebView, 'lang' | 'nowMs'>, atMs: number): string {
  return formatRelativeDays(daysUntil(view, atMs), { lang: view.lang, digits: 'thai' });
}

export function formatMoney(view: Pick<WebView, 'lang'>, amount: number | null): string {
  if (amount === null) return t(view, 'ไม่ใช้งบประมาณ', 'no budget');
  return formatBaht(amount, { unit: true, lang: view.lang });
}

export function formatCount(value: number): string {
  return formatNumber(value);
}

/** A due date with its relative wording, marked when it has passed. */
export function dueCell(view: WebView, atMs: number | null | undefined): Html {
  if (atMs === null || atMs === undefined) return html`<span class="muted">${t(view, 'ไม่กำหนด', 'no date')}</span>`;
  const late = daysUntil(view, atMs) < 0;
  return html`<span class="${late ? 'due late' : 'due'}">${formatDay(view, atMs)} · <strong>${relativeDue(view, atMs)}</strong></span>`;
}

export function roleLabel(view: Pick<WebView, 'lang'>, role: string): string {
  const label = labelOf(ROLE_LABELS, role);
  return t(view, label.th, label.en);
}

/** Who sees the dashboard: everyone who oversees work beyond their own items. */
export const DASHBOARD_ROLES = ['coordinator', 'admin', 'palad', 'mayor', 'deputy_mayor', 'auditor', 'unit_head'];

export function csrfField(view: WebView): Html {
  return html`<input type="hidden" name="csrf" value="${view.viewer?.csrfToken ?? ''}">`;
}

const WEB_STYLE = `
  *, *::before, *::after { box-sizing: border-box; }
  body { overflow-wrap: break-word; }
  .top { background: #16325c; color: #ffffff; }
  .top .bar { max-width: 1120px; margin: 0 auto; padding: 6px 16px; display: flex; flex-wrap: wrap;
              align-items: center; gap: 2px 14px; }
  .brand { color: #ffffff; font-weight: 700; font-size: 1.25em; text-decoration: none; }
  .who { color: #e3eaf5; font-size: 0.95em; }
  .top nav { flex: 1 1 100%; }
  .top nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 4px; }
  .top nav a, .top nav button { color: #ffffff; background: transparent; padding: 6px 10px; border-radius: 4px;
              display: inline-block; text-decoration: none; word-break: normal; font: inherit; border: 0; cursor: pointer; }
  .top nav a[aria-current="page"] { background: #2f5f9e; text-decoration: underline; }
  .top nav a:hover, .top nav button:hover { background: #284f86; }
  .top nav form { margin: 0; }
  .top :focus-visible { outline-color: #ffd27a; }
  .count { background: #ffd27a; color: #1a1a1a; border-radius: 10px; padding: 0 7px; font-size: 0.85em; margin-left: 2px; }
  .skip { position: absolute; left: -10000px; top: 0; }
  .skip:focus { left: 8px; top: 8px; background: #ffffff; color: #000000; padding: 4px 8px; z-index: 10; }
  @media (min-width: 960px) { .top nav { flex: 1 1 auto; } .top nav ul { justify-content: flex-end; } }
  h1 { line-height: 1.3; }
  .muted { color: #555555; }
  .small { font-size: 0.9em; }
  .badge { display: inline-block; padding: 0 9px; border-radius: 10px; font-size: 0.9em; white-space: nowrap; }
  .st-done { background: #e3f1e4; color: #1b5e20; } .st-in_progress { background: #e3ecf8; color: #174a8b; }
  .st-not_started { background: #eceff1; color: #37474f; } .st-overdue { background: #fde7e9; color: #9b1c1c; }
  .st-cancelled { background: #f6ead6; color: #6b4a00; }
  .due.late strong { color: #9b1c1c; }
  ul.cards { list-style: none; padding: 0; margin: 0; }
  ul.cards > li { border-top: 1px solid #e3e6ea; padding: 10px 0; }
  ul.cards > li:first-child { border-top: 0; }
  .card-title { font-weight: 600; }
  .meta { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 0.95em; }
  .field { margin: 12px 0; }
  .field label, .field > span.label { display: block; font-weight: 600; margin: 0 0 2px; }
  .hint { color: #555555; font-size: 0.9em; margin: 2px 0 0; }
  input[type="text"], input[type="email"], input[type="number"], input[type="date"], input[type="file"], select, textarea {
    width: 100%; max-width: 100%; font: inherit; padding: 6px 8px; border: 1px solid #767f8c; border-radius: 4px;
    background: #ffffff; color: #1a1a1a; }
  input[type="checkbox"], input[type="radio"] { width: 1.1em; height: 1.1em; vertical-align: -0.15em; }
  fieldset { border: 1px solid #d9dde3; border-radius: 6px; margin: 12px 0; padding: 8px 12px; min-width: 0; }
  .check label { display: inline; font-weight: 400; }
  button.secondary { background: #ffffff; color: #1f5aa6; border: 1px solid #1f5aa6; }
  button.danger { background: #9b1c1c; }
  button.compact { padding: 2px 12px; }
  button[disabled] { opacity: 0.6; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 12px 0 0; }
  .inline-form { display: inline; margin: 0; }
  .scroll { overflow-x: auto; max-width: 100%; }
  main a { word-break: normal; }
  table.data th { width: auto; }
  table.data { font-size: 0.95em; }
  table.data thead th { vertical-align: bottom; min-width: 4em; }
  table.data tbody th, table.data tfoot th { min-width: 9em; }
  table.data td.num { text-align: right; white-space: nowrap; }
  table.data th.num { text-align: right; }
  table.data caption { text-align: left; font-weight: 600; padding: 4px 0; }
  .grid { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }
  .stat { background: #ffffff; border: 1px solid #d9dde3; border-radius: 6px; padding: 10px 14px; }
  .stat .value { font-size: 1.6em; font-weight: 700; line-height: 1.2; }
  .chart svg { width: 100%; display: block; }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; padding: 0; margin: 6px 0; font-size: 0.95em; }
  .swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 2px; vertical-align: -0.1em; margin-right: 4px; }
  .filters { display: grid; gap: 8px 12px; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); align-items: end; }
  .timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid #c7d3e3; }
  .timeline li { padding: 2px 0 8px 12px; }
  progress { width: 100%; height: 1.2em; }
  .subnav { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 4px 0 8px; padding: 0; list-style: none; }
  details > summary { cursor: pointer; font-weight: 600; }
`;

function navLink(view: WebView, key: NavKey, current: NavKey, href: string, label: Html | string): Html {
  return html`<li><a href="${href}"${key === current ? html` aria-current="page"` : ''}>${label}</a></li>`;
}

function navigation(view: WebView, current: NavKey): Html {
  const viewer = view.viewer;
  const switchTo = view.lang === 'en' ? 'th' : 'en';
  const langLink = html`<li><a href="/lang/${switchTo}?next=${encodeURIComponent(view.path)}" lang="${switchTo}">${
    switchTo === 'en' ? 'EN' : 'ไทย'
  }</a></li>`;
  if (!viewer) {
    return html`<header class="top"><div class="bar"><span class="brand">สุจริต</span>
<nav aria-label="${t(view, 'เมนู', 'Menu')}"><ul>${langLink}</ul></nav></div></header>`;
  }
  const has = (...roles: string[]) => viewer.roles.some((r) => roles.includes(r));
  // A platform administrator or an oversight officer has no tasks or approvals: they belong to no organisation.
  const platform = has(PLATFORM_ROLE);
  const oversight = has(OVERSIGHT_ROLE);
  const outside = platform || oversight;
  const approvals = html`${t(view, 'รออนุมัติ', 'Approvals')}${
    viewer.openApprovals > 0
      ? html` <span class="count" aria-label="${t(view, `${viewer.openApprovals} เรื่อง`, `${viewer.openApprovals} waiting`)}">${formatCount(viewer.openApprovals)}</span>`
      : ''
  }`;
  return html`<header class="top">
<a class="skip" href="#main">${t(view, 'ข้ามไปยังเนื้อหา', 'Skip to content')}</a>
<div class="bar">
<a class="brand" href="${platform ? '/platform' : oversight ? '/oversight' : '/tasks'}">สุจริต</a>
<span class="who">${viewer.fullName}${viewer.positionTitle ? html` · <span class="small">${viewer.positionTitle}</span>` : ''}</span>
<nav aria-label="${t(view, 'เมนูหลัก', 'Main menu')}"><ul>
${platform ? navLink(view, 'platform', current, '/platform', t(view, 'องค์กรทั้งหมด', 'Organisations')) : ''}
${oversight ? navLink(view, 'oversight', current, '/oversight', t(view, 'องค์กรในพื้นที่', 'Organisations in the area')) : ''}
${outside ? '' : navLink(view, 'tasks', current, '/tasks', t(view, 'งานของฉัน', 'My tasks'))}
${outside ? '' : navLink(view, 'approvals', current, '/approvals', approvals)}
${has(...DASHBOARD_ROLES) ? navLink(view, 'dashboard', current, '/dashboard', t(view, 'ภาพรวม', 'Dashboard')) : ''}
${has('coordinator') ? navLink(view, 'golive', current, '/golive', t(view, 'บันทึกย้อนหลัง', 'Go live')) : ''}
${has('admin') ? navLink(view, 'admin', current, '/admin', t(view, 'ผู้ดูแลระบบ', 'Administration')) : ''}
${outside ? '' : navLink(view, 'line', current, '/me/line', 'LINE')}
${langLink}
<li><form method="post" action="/signout"><input type="hidden" name="csrf" value="${viewer.csrfToken}"><button type="submit">${t(
    view,
    'ออกจากระบบ',
    'Sign out',
  )}</button><button type="submit" name="everywhere" value="1">${t(view, 'ออกจากระบบทุกเครื่อง', 'Sign out everywhere')}</button></form></li>
</ul></nav>
</div>
</header>`;
}

export function webPage(
  view: WebView,
  options: { titleTh: string; titleEn: string; body: Html; nav?: NavKey; wide?: boolean; script?: string; refreshSeconds?: number },
): string {
  // A page that shows work under way (a plan being read) reloads itself, with or without script.
  const refresh = options.refreshSeconds ? html`<meta http-equiv="refresh" content="${String(options.refreshSeconds)}">` : '';
  return page({
    titleTh: options.titleTh,
    titleEn: options.titleEn,
    body: options.body,
    chrome: {
      lang: view.lang,
      header: navigation(view, options.nav ?? 'none'),
      head: html`${refresh}<style>${new Html(WEB_STYLE)}</style>${options.script ? html`<script src="${options.script}" defer></script>` : ''}`,
      ...(options.wide ? { wide: true } : {}),
    },
  });
}

/** The frame alone, for pages rendered elsewhere (the shared decision form) that sit inside the signed-in view. */
export function webChrome(view: WebView, nav: NavKey): PageChrome {
  return {
    lang: view.lang,
    header: navigation(view, nav),
    head: html`<style>${new Html(WEB_STYLE)}</style>`,
  };
}

export function messageBox(kind: 'notice' | 'done' | 'warning' | 'error', text: Html | string, role?: 'status' | 'alert'): Html {
  return html`<section class="${kind}"${role ? html` role="${role}"` : ''}><p>${text}</p></section>`;
}

export function statusBadge(view: WebView, status: ItemStatus): Html {
  return html`<span class="badge st-${status}">${t(view, STATUS_LABELS[status].th, STATUS_LABELS[status].en)}</span>`;
}

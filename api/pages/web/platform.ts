import type { PlatformOrganizationRow } from '../../../db/queries/organizations';
import type { OversightOfficeListRow } from '../../../db/queries/oversight';
import { ORGANIZATION_KIND_NAMES, ORGANIZATION_KINDS, type OrganizationKind } from '../../../domain/organizations';
import { html, type Html } from '../layout';
import { csrfField, formatDay, messageBox, t, webPage, type WebView } from './frame';
import { oversightOfficesSection } from './oversight';

/**
 * The platform administrator's page: the organisations on the platform (names, place, coordinators: what onboarding
 * needs, nothing of their plans or people) and the form that creates one and invites its coordinator.
 */

export interface PlatformNotice {
  kind: 'done' | 'error';
  th: string;
  en: string;
}

export interface OrganizationFormValues {
  kind?: string;
  placeName?: string;
  district?: string;
  province?: string;
  slug?: string;
  coordinatorName?: string;
  coordinatorEmail?: string;
}

function kindName(view: WebView, kind: string | null): string {
  if (!kind || !(ORGANIZATION_KINDS as readonly string[]).includes(kind)) return t(view, 'ไม่ระบุประเภท', 'kind not recorded');
  const names = ORGANIZATION_KIND_NAMES[kind as OrganizationKind];
  return t(view, names.th, names.en);
}

function field(
  view: WebView,
  o: { name: keyof OrganizationFormValues; th: string; en: string; values: OrganizationFormValues; problems: Set<string>; type?: string; hintTh?: string; hintEn?: string; attrs?: Html },
): Html {
  const id = `org-${o.name}`;
  const invalid = o.problems.has(o.name);
  return html`<div class="field"><label for="${id}">${t(view, o.th, o.en)} <span aria-hidden="true">*</span></label>
<input type="${o.type ?? 'text'}" id="${id}" name="${o.name}" value="${o.values[o.name] ?? ''}" required${invalid ? html` aria-invalid="true"` : ''}${
    o.hintTh ? html` aria-describedby="${id}-hint"` : ''
  }${o.attrs ?? ''}>
${o.hintTh ? html`<p class="hint" id="${id}-hint">${t(view, o.hintTh, o.hintEn ?? o.hintTh)}</p>` : ''}</div>`;
}

export function platformPage(
  view: WebView,
  data: {
    organizations: PlatformOrganizationRow[];
    /** The province and district offices with their officers. */
    offices: OversightOfficeListRow[];
    notice?: PlatformNotice;
    /** Each refused field with its Thai and English problem, shown above the form. */
    problems?: Array<{ field: string; th: string; en: string }>;
    values?: OrganizationFormValues;
  },
): string {
  const values = data.values ?? {};
  const problems = new Set((data.problems ?? []).map((p) => p.field));
  const problemList = data.problems?.length
    ? html`<section class="error" role="alert"><p>${t(view, 'ยังไม่ได้สร้างองค์กร กรุณาแก้ไข:', 'The organisation was not created. Please correct:')}</p>
<ul>${data.problems.map((p) => html`<li lang="th">${p.th}<br><span lang="en" class="small">${p.en}</span></li>`)}</ul></section>`
    : '';
  return webPage(view, {
    titleTh: 'ผู้ดูแลแพลตฟอร์ม: องค์กร',
    titleEn: 'Platform: organisations',
    nav: 'platform',
    body: html`${data.notice ? messageBox(data.notice.kind, t(view, data.notice.th, data.notice.en), data.notice.kind === 'error' ? 'alert' : 'status') : ''}
<section aria-labelledby="orgs-title"><h2 id="orgs-title">${t(view, `องค์กร (${data.organizations.length})`, `Organisations (${data.organizations.length})`)}</h2>
<ul class="cards">${data.organizations.map(
      (o) => html`<li><div class="card-title">${o.name} <span class="small muted">(${o.slug})</span></div>
<div class="meta small"><span>${kindName(view, o.kind)}</span><span>${t(view, `อำเภอ${o.district} จังหวัด${o.province}`, `${o.district} district, ${o.province}`)}</span><span>${t(view, 'สร้างเมื่อ', 'created')} ${formatDay(view, o.createdAt)}</span><span><a href="/public/${o.slug}">${t(view, 'หน้าสาธารณะ', 'public page')}</a></span></div>
<div class="meta small">${
        o.coordinators.length
          ? o.coordinators.map((c) => html`<span>${t(view, 'ผู้ประสานงาน', 'coordinator')}: ${c.fullName}${c.email ? ` <${c.email}>` : ''}</span>`)
          : html`<span>${t(view, 'ยังไม่มีผู้ประสานงาน', 'no coordinator yet')}</span>`
      }</div>
<details><summary>${t(view, 'เชิญผู้ประสานงานเพิ่ม', 'Invite another coordinator')}</summary>
<form method="post" action="/platform/organizations/${o.slug}/coordinators">${csrfField(view)}
<div class="field"><label for="inv-name-${o.slug}">${t(view, 'ชื่อ-นามสกุล', 'Full name')}</label><input type="text" id="inv-name-${o.slug}" name="coordinatorName" required></div>
<div class="field"><label for="inv-email-${o.slug}">${t(view, 'อีเมล', 'E-mail')}</label><input type="email" id="inv-email-${o.slug}" name="coordinatorEmail" required></div>
<div class="actions"><button type="submit" class="secondary">${t(view, 'ส่งคำเชิญ', 'Send the invitation')}</button></div></form></details></li>`,
    )}</ul></section>
<section aria-labelledby="new-org"><h2 id="new-org">${t(view, 'สร้างองค์กรใหม่และเชิญผู้ประสานงาน', 'Create an organisation and invite its coordinator')}</h2>
${problemList}
<form method="post" action="/platform/organizations">${csrfField(view)}
<div class="field"><label for="org-kind">${t(view, 'ประเภทองค์กร', 'Kind of organisation')} <span aria-hidden="true">*</span></label>
<select id="org-kind" name="kind" required${problems.has('kind') ? html` aria-invalid="true"` : ''}>${ORGANIZATION_KINDS.map(
      (kind) => html`<option value="${kind}"${values.kind === kind ? html` selected` : ''}>${ORGANIZATION_KIND_NAMES[kind].th} (${ORGANIZATION_KIND_NAMES[kind].short})${
        view.lang === 'en' ? ` · ${ORGANIZATION_KIND_NAMES[kind].en}` : ''
      }</option>`,
    )}</select></div>
${field(view, { name: 'placeName', th: 'ชื่อองค์กร', en: 'Name', values, problems, hintTh: 'เช่น เข็กน้อย (ระบบเติมคำนำหน้าตามประเภทให้)', hintEn: 'e.g. เข็กน้อย (the kind’s prefix is added)' })}
${field(view, { name: 'district', th: 'อำเภอ', en: 'District (อำเภอ)', values, problems })}
${field(view, { name: 'province', th: 'จังหวัด', en: 'Province (จังหวัด)', values, problems })}
${field(view, {
  name: 'slug',
  th: 'ชื่อย่อภาษาอังกฤษ (slug)',
  en: 'Slug',
  values,
  problems,
  hintTh: 'ใช้ในที่อยู่หน้าสาธารณะ /public/<slug>: a-z 0-9 และขีด เช่น khek-noi เปลี่ยนภายหลังไม่ได้',
  hintEn: 'used in the public address /public/<slug>: a-z, 0-9 and hyphens, e.g. khek-noi; it cannot be changed later',
  attrs: html` autocomplete="off" spellcheck="false"`,
})}
<fieldset><legend>${t(view, 'ผู้ประสานงานแผน (ผู้ดูแลระบบขององค์กร)', 'Plan coordinator (the organisation’s administrator)')}</legend>
${field(view, { name: 'coordinatorName', th: 'ชื่อ-นามสกุล', en: 'Full name', values, problems })}
${field(view, { name: 'coordinatorEmail', th: 'อีเมล', en: 'E-mail', type: 'email', values, problems, hintTh: 'ระบบส่งลิงก์เข้าสู่ระบบไปที่อีเมลนี้', hintEn: 'a sign-in link is sent to this address' })}
</fieldset>
<div class="actions"><button type="submit">${t(view, 'สร้างองค์กรและส่งคำเชิญ', 'Create and send the invitation')}</button></div></form></section>
${oversightOfficesSection(view, data.offices)}`,
  });
}

import { html, type Html } from '../layout';
import { daysUntil, dueCell, formatCount, messageBox, t, webPage, type WebView } from './frame';
import { PHASE_TASKS, PURPOSE_LABELS } from '../labels';
import { label } from './labels';

/** My tasks: what waits on me, as an owner and as an approver, soonest due first. */

export interface TaskEntry {
  kind: 'owner' | 'approval';
  itemCode: string | null;
  itemName: string | null;
  fiscalYear: number | null;
  /** The step's own text, or a phase / purpose key. */
  what: string;
  whatIsKey: 'step' | 'phase' | 'purpose';
  dueAtMs: number | null;
  href: string;
}

type Group = 'overdue' | 'soon' | 'later';

const SOON_DAYS = 7;

function groupOf(view: WebView, task: TaskEntry): Group {
  if (task.dueAtMs === null) return 'later';
  const days = daysUntil(view, task.dueAtMs);
  if (days < 0) return 'overdue';
  return days <= SOON_DAYS ? 'soon' : 'later';
}

function taskLine(view: WebView, task: TaskEntry): Html {
  const what =
    task.whatIsKey === 'step'
      ? task.what
      : label(view, task.whatIsKey === 'phase' ? PHASE_TASKS : PURPOSE_LABELS, task.what);
  const role = task.kind === 'owner' ? t(view, 'งานของท่าน', 'Your work') : t(view, 'รอท่านพิจารณา', 'Waiting for your decision');
  return html`<li>
<div class="card-title"><a href="${task.href}">${what}</a></div>
<div class="meta">
${task.itemCode ? html`<span>${t(view, 'รายการ', 'Item')} ${task.itemCode} ${task.itemName ?? ''}</span>` : ''}
${task.fiscalYear ? html`<span>${t(view, `ปีงบประมาณ ${task.fiscalYear}`, `FY ${task.fiscalYear} BE`)}</span>` : ''}
<span class="muted">${role}</span>
<span>${t(view, 'กำหนด', 'Due')}: ${dueCell(view, task.dueAtMs)}</span>
</div>
</li>`;
}

export function tasksPage(view: WebView, tasks: TaskEntry[], notice?: { th: string; en: string }): string {
  const sorted = [...tasks].sort((a, b) => (a.dueAtMs ?? Number.MAX_SAFE_INTEGER) - (b.dueAtMs ?? Number.MAX_SAFE_INTEGER));
  const groups: Array<{ key: Group; th: string; en: string; kind: 'error' | 'warning' | 'notice' }> = [
    { key: 'overdue', th: 'เลยกำหนดแล้ว', en: 'Overdue', kind: 'error' },
    { key: 'soon', th: `ครบกำหนดภายใน ${SOON_DAYS} วัน`, en: `Due within ${SOON_DAYS} days`, kind: 'warning' },
    { key: 'later', th: 'กำหนดถัดไป', en: 'Later', kind: 'notice' },
  ];
  const counts = new Map<Group, number>(groups.map((g) => [g.key, 0]));
  for (const task of sorted) counts.set(groupOf(view, task), (counts.get(groupOf(view, task)) ?? 0) + 1);
  const summary = html`<div class="grid" role="list">
${groups.map(
  (g) =>
    html`<div class="stat" role="listitem"><div class="value">${formatCount(counts.get(g.key) ?? 0)}</div><div>${t(view, g.th, g.en)}</div></div>`,
)}
</div>`;
  const sections = groups
    .filter((g) => (counts.get(g.key) ?? 0) > 0)
    .map(
      (g) => html`<section class="${g.kind}" aria-labelledby="group-${g.key}">
<h2 id="group-${g.key}">${t(view, g.th, g.en)}</h2>
<ul class="cards">${sorted.filter((task) => groupOf(view, task) === g.key).map((task) => taskLine(view, task))}</ul>
</section>`,
    );
  return webPage(view, {
    titleTh: 'งานของฉัน',
    titleEn: 'My tasks',
    nav: 'tasks',
    body: html`${notice ? messageBox('done', t(view, notice.th, notice.en), 'status') : ''}
${summary}
${
  sections.length
    ? sections
    : html`<section class="done"><p>${t(view, 'ไม่มีงานที่รอท่านอยู่ในขณะนี้', 'Nothing is waiting for you right now.')}</p></section>`
}`,
  });
}

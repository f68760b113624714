import { BANGKOK_OFFSET_MS, DAY_MS } from '../../domain/fiscal';
import { escapeHtml } from '../../domain/messages';
import { formatEnglishDate, formatThaiDate } from '../../domain/thai-format';
import { fontFaceCss } from '../assets';

/**
 * Server-rendered HTML without a client framework. Interpolated values are escaped unless they are Html built by
 * these helpers, so a plan's item name or a reason typed by a person can never inject markup.
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = Html | string | number | null | undefined | false | readonly Interpolation[];

function renderValue(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v)).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderValue(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Thai first, English beneath in a smaller line. */
export function bilingual(th: Interpolation, en: Interpolation): Html {
  return html`${th}<span class="en" lang="en">${en}</span>`;
}

function bangkokClock(epochMs: number): string {
  const minuteOfDay = Math.floor(((((epochMs + BANGKOK_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

export function thaiDateTime(at: Date): string {
  return `${formatThaiDate(at.getTime())} เวลา ${bangkokClock(at.getTime())} น.`;
}

export function englishDateTime(at: Date): string {
  return `${formatEnglishDate(at.getTime())}, ${bangkokClock(at.getTime())} Bangkok time`;
}

const STYLE = `
${fontFaceCss()}
  body { font-family: Sarabun, 'TH Sarabun New', Tahoma, sans-serif; font-size: 17px; line-height: 1.6;
         color: #1a1a1a; background: #f5f6f8; margin: 0; }
  main { max-width: 760px; margin: 0 auto; padding: 16px; }
  section { background: #ffffff; border: 1px solid #d9dde3; border-radius: 6px; padding: 16px 20px; margin: 12px 0; }
  h1 { font-size: 1.4em; margin: 8px 0; } h2 { font-size: 1.15em; margin: 4px 0 8px; }
  .en { display: block; font-size: 0.85em; color: #555555; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 4px 12px 4px 0; border-bottom: 1px solid #eceef1; }
  th { width: 34%; font-weight: 600; }
  .notice { border-left: 4px solid #1f5aa6; } .warning { border-left: 4px solid #b26a00; }
  .error { border-left: 4px solid #b00020; } .done { border-left: 4px solid #2e7d32; }
  label { display: block; margin: 6px 0; } textarea { width: 100%; min-height: 6em; font: inherit; }
  button { font: inherit; padding: 8px 20px; background: #1f5aa6; color: #ffffff; border: 0; border-radius: 4px; }
  button .en { color: #e8eef8; }
  pre { white-space: pre-wrap; word-break: break-word; font: inherit; margin: 0; }
  a { color: #1f5aa6; word-break: break-all; }
  :focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
  .lang-th .en { display: none; }
  main.wide { max-width: 1120px; }
`;

/**
 * The signed-in pages' frame around the same layout: the navigation, the reader's language and extra head content
 * (page styles, the upload script). With Thai chosen the English lines are hidden; with English the heading is
 * English and the shared bilingual blocks keep Thai above the English.
 */
export interface PageChrome {
  lang: 'th' | 'en';
  header: Html;
  head?: Html;
  wide?: boolean;
}

export function page(options: { titleTh: string; titleEn: string; body: Html; chrome?: PageChrome }): string {
  const { chrome } = options;
  const heading = !chrome
    ? bilingual(options.titleTh, options.titleEn)
    : chrome.lang === 'en'
      ? options.titleEn
      : options.titleTh;
  return html`<!DOCTYPE html>
<html lang="${chrome?.lang ?? 'th'}"${chrome ? html` class="lang-${chrome.lang}"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${options.titleTh} / ${options.titleEn} · สุจริต</title>
<style>${new Html(STYLE)}</style>
${chrome?.head}
</head>
<body>
${chrome?.header}
<main id="main"${chrome?.wide ? html` class="wide"` : ''}>
<h1>${heading}</h1>
${options.body}
</main>
</body>
</html>
`.value;
}

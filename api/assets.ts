import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../services/errors';

/**
 * Files the pages need from this server: the Sarabun font (Google's TH Sarabun New, OFL, from @fontsource/sarabun)
 * and the few lines of script that show upload progress. Served by the application itself: the pages allow no
 * third-party origin (CSP), and an office computer or a phone without a Thai font would otherwise show boxes.
 */

const SUBSETS = [
  // Thai letters, marks and digits, as @fontsource/sarabun splits them; Latin covers digits, punctuation and English.
  { subset: 'thai', range: 'U+02D7,U+0303,U+0331,U+0E01-0E5B,U+200C-200D,U+25CC' },
  {
    subset: 'latin',
    range:
      'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  },
] as const;
const WEIGHTS = [400, 600, 700] as const;

export const FONT_PATH_PREFIX = '/assets/fonts/';

const FONT_FILES: ReadonlyArray<{ file: string; weight: number; range: string }> = SUBSETS.flatMap(({ subset, range }) =>
  WEIGHTS.map((weight) => ({ file: `sarabun-${subset}-${weight}-normal.woff2`, weight, range })),
);

/** The @font-face rules every page embeds; the browser fetches only the subsets and weights a page uses. */
export function fontFaceCss(): string {
  return FONT_FILES.map(
    (f) =>
      `@font-face { font-family: 'Sarabun'; font-style: normal; font-weight: ${f.weight}; font-display: swap; ` +
      `src: url('${FONT_PATH_PREFIX}${f.file}') format('woff2'); unicode-range: ${f.range}; }`,
  ).join('\n');
}

export const UPLOAD_SCRIPT_PATH = '/assets/upload.js';

/**
 * Progressive enhancement of forms marked data-upload: the same POST through XMLHttpRequest so the upload's
 * progress can be shown. Without script the form posts normally and the server answers with a page.
 */
const UPLOAD_SCRIPT = `(function () {
  'use strict';
  if (!window.FormData || !window.XMLHttpRequest) return;
  var forms = document.querySelectorAll('form[data-upload]');
  Array.prototype.forEach.call(forms, function (form) {
    var progress = form.querySelector('progress');
    var status = form.querySelector('[data-upload-status]');
    var button = form.querySelector('button[type="submit"]');
    function fail(message) {
      status.textContent = message || form.getAttribute('data-failed');
      button.disabled = false;
      progress.hidden = true;
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.round((e.loaded / e.total) * 100);
        progress.value = percent;
        status.textContent = form.getAttribute('data-uploading').replace('{percent}', String(percent));
      });
      xhr.addEventListener('load', function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
        if (xhr.status < 400 && body.redirect) {
          status.textContent = form.getAttribute('data-done');
          window.location.assign(body.redirect);
          return;
        }
        fail(body.error && body.error.message);
      });
      xhr.addEventListener('error', function () { fail(); });
      button.disabled = true;
      progress.hidden = false;
      progress.value = 0;
      status.textContent = form.getAttribute('data-uploading').replace('{percent}', '0');
      xhr.send(new FormData(form));
    });
  });
})();
`;

const fontParams = z.object({ file: z.string() });

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const fontDir = path.join(path.dirname(require.resolve('@fontsource/sarabun/package.json')), 'files');
  const fonts = new Map<string, Buffer>();
  for (const { file } of FONT_FILES) fonts.set(file, await readFile(path.join(fontDir, file)));

  app.get(`${FONT_PATH_PREFIX}:file`, async (request, reply) => {
    const { file } = fontParams.parse(request.params);
    const bytes = fonts.get(file);
    if (!bytes) throw notFound('ไฟล์', `font ${file}`);
    return reply
      .type('font/woff2')
      .header('cache-control', 'public, max-age=604800')
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  });

  app.get(UPLOAD_SCRIPT_PATH, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .send(UPLOAD_SCRIPT),
  );
}

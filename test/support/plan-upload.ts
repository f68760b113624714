import type { TestSystem } from './system';

/** A plain form post of the coordinator's pages, from this site's own Origin (the page's CSRF field in `fields`). */
export function postForm(sys: Pick<TestSystem, 'app' | 'origin'>, cookie: string, url: string, fields: Record<string, string>) {
  return sys.app.inject({
    method: 'POST',
    url,
    headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/**
 * Uploads a plan file through the coordinator's page as a browser would: the page's CSRF token, a multipart form,
 * this site's Origin. Answers the import's page (the 303's Location); any other answer fails the test.
 */
export async function uploadPlanFile(
  sys: Pick<TestSystem, 'app' | 'origin'>,
  cookie: string,
  file: { name: string; contentType: string; bytes: Buffer },
): Promise<string> {
  const page = await sys.app.inject({ url: '/plans/import', headers: { cookie } });
  expect(page.statusCode).toBe(200);
  const token = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const boundary = '----plan-upload-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.contentType}\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const posted = await sys.app.inject({
    method: 'POST',
    url: '/plans/import',
    headers: { cookie, origin: sys.origin, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  expect(posted.statusCode).toBe(303);
  return posted.headers.location as string;
}

/** The fields of an item's correction form as the page shows them, to post back with some changed. */
export function correctionFormFields(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of page.matchAll(/<input type="(?:text|hidden)"[^>]*name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  for (const m of page.matchAll(/<input type="checkbox"[^>]*name="([^"]+)" value="yes" checked>/g)) fields[m[1]!] = 'yes';
  for (const m of page.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  for (const m of page.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)" selected>/.exec(m[2]!);
    fields[m[1]!] = chosen ? chosen[1]! : '';
  }
  return fields;
}

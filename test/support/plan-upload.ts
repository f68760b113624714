import type { TestSystem } from './system';

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

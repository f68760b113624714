import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../../../config';
import { countOpenApprovals } from '../../../db/queries/decisions';
import { findPersonProfile, type PersonProfile } from '../../../db/queries/people';
import { requireActorSession } from '../../authz';
import { type Actor } from '../../../services/authz';
import { AppError, codeOfStatus } from '../../../services/errors';
import type { Lang, WebView } from '../../pages/web/frame';
import { csrfTokenFor, isForeignOrigin, isValidCsrfToken, requireAppSecret, sessionCsrfScope, type Session } from '../../security';

/** Per-request plumbing of the signed-in pages: who is reading, in which language, and the form protections. */

export const LANG_COOKIE = 'lang';

/** Headers of every signed-in page: private, never framed, and only this site's own fonts and script. */
export const WEB_PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; script-src 'self'; connect-src 'self'; " +
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
} as const;

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function langOf(request: FastifyRequest): Lang {
  return cookieValue(request, LANG_COOKIE) === 'en' ? 'en' : 'th';
}

/** A path on this site to return to; anything else (another host, a scheme, a backslash trick) is refused. */
export function localPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 300) return undefined;
  return /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : undefined;
}

export function publicView(request: FastifyRequest): WebView {
  return { lang: langOf(request), path: request.url, nowMs: Date.now() };
}

export interface SignedIn {
  view: WebView;
  actor: Actor;
  profile: PersonProfile;
  session: Session;
}

export function webCsrfScope(session: Session): string {
  return sessionCsrfScope(session);
}

/** The signed-in person (401, which the pages turn into the sign-in page, without a valid session). */
export async function signedIn(app: FastifyInstance, request: FastifyRequest): Promise<SignedIn> {
  const secret = requireAppSecret(app.deps.config);
  const { actor, session } = await requireActorSession(app, request);
  const [profile, openApprovals] = await Promise.all([
    findPersonProfile(app.deps.pool, actor.personId),
    countOpenApprovals(app.deps.pool, actor.personId),
  ]);
  if (!profile) throw new AppError('UNAUTHENTICATED', 'บัญชีนี้ไม่สามารถใช้งานได้', 'this account is not active');
  const view: WebView = {
    ...publicView(request),
    viewer: {
      personId: actor.personId,
      fullName: profile.fullName,
      positionTitle: profile.positionTitle,
      organizationName: profile.organizationName,
      roles: [...new Set(actor.roles.map((r) => r.role))],
      openApprovals,
      csrfToken: csrfTokenFor(secret, webCsrfScope(session)),
    },
  };
  return { view, actor, profile, session };
}

export function requireRole(who: SignedIn, roles: readonly string[], refusal: { th: string; en: string }): void {
  if (!who.actor.roles.some((r) => roles.includes(r.role))) throw new AppError('FORBIDDEN', refusal.th, refusal.en);
}

/**
 * A form post must come from this site's own page: the browser's Origin (when it sends one) and the CSRF token tied
 * to this session. The session cookie is SameSite=Lax as well, so another site's form arrives without it.
 */
export function requireOwnForm(app: FastifyInstance, request: FastifyRequest, who: SignedIn, token: unknown): void {
  const secret = requireAppSecret(app.deps.config);
  if (isForeignOrigin(request, publicBaseUrl(app.deps.config)) || !isValidCsrfToken(secret, webCsrfScope(who.session), token)) {
    throw new AppError(
      'FORBIDDEN',
      'คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบ กรุณาเปิดหน้าเดิมแล้วลองอีกครั้ง',
      'This request did not come from the system’s own page. Please reload the page and try again.',
    );
  }
}

/**
 * A form's one file and its fields from a multipart post, with the form's CSRF field checked before any file is read
 * (the field comes first in the form): a foreign post is refused without buffering its upload. No file is a 400.
 */
export async function readFormUpload(
  app: FastifyInstance,
  request: FastifyRequest,
  who: SignedIn,
  opts: { defaultName: string; maxBytes?: number },
): Promise<{ fields: Record<string, string>; file: { fileName: string; bytes: Buffer } }> {
  const noFile = () => new AppError('VALIDATION_FAILED', 'กรุณาเลือกไฟล์', 'Please choose a file.');
  if (!request.isMultipart()) {
    requireOwnForm(app, request, who, formField(request.body, 'csrf'));
    throw noFile();
  }
  const fields: Record<string, string> = {};
  let file: { fileName: string; bytes: Buffer } | undefined;
  for await (const part of request.parts(opts.maxBytes ? { limits: { fileSize: opts.maxBytes } } : undefined)) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    requireOwnForm(app, request, who, fields.csrf);
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'ไฟล์ใหญ่เกินไป', 'The file is too large.');
    if (!file && bytes.length > 0) file = { fileName: (part.filename || opts.defaultName).slice(0, 200), bytes };
  }
  requireOwnForm(app, request, who, fields.csrf);
  if (!file) throw noFile();
  return { fields, file };
}

/** A form's file as the browser sent it: which input, its name and type as claimed, its bytes, whether cut at the limit. */
export interface FormFile {
  fieldname: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  truncated: boolean;
}

/**
 * A form's fields and files, from a multipart post or a plain one. The CSRF field comes before the files in every
 * form of ours, so a foreign post is refused at its first file, before that file is read; the files of our forms are
 * small and few and are read whole. A file input left empty still sends a part, without a name or content: skipped.
 * `fields` is filled as the parts arrive, so a caller still has what was typed when a later part is refused.
 */
export async function readFormParts(
  app: FastifyInstance,
  request: FastifyRequest,
  who: SignedIn,
  fields: Record<string, string> = {},
): Promise<{ fields: Record<string, string>; files: FormFile[] }> {
  const files: FormFile[] = [];
  if (!request.isMultipart()) return { fields: Object.assign(fields, stringFields(request.body)), files };
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    requireOwnForm(app, request, who, fields.csrf);
    const bytes = await part.toBuffer();
    if (!part.filename && bytes.length === 0) continue;
    files.push({ fieldname: part.fieldname, fileName: part.filename, contentType: part.mimetype, bytes, truncated: part.file.truncated });
  }
  return { fields, files };
}

/** A plain form's string fields; anything else a body may carry is not a field of our forms. */
export function stringFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof value === 'string') out[key] = value;
  return out;
}

export function formField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

export function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  // Every refusal names its stable code, for scripts and tests as for the JSON API.
  const code = status >= 400 && !reply.hasHeader('x-error-code') ? codeOfStatus(status) : undefined;
  if (code) reply.header('x-error-code', code);
  return reply.headers(WEB_PAGE_HEADERS).type('text/html; charset=utf-8').status(status).send(body);
}

export function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.headers({ 'cache-control': 'no-store' }).status(303).header('location', location).send();
}

export function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}

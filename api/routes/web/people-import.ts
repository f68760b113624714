import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditKeyFrom } from '../../../db/audit';
import { publicBaseUrl } from '../../../config';
import type { AdminDeps, Administrator } from '../../../services/admin';
import { createNotificationChannels } from '../../../services/notify';
import { AppError } from '../../../services/errors';
import { confirmPeopleImport, peopleImportTemplate, previewPeopleImport, type ImportFile } from '../../../services/people-import';
import { importPage, previewPage } from '../../pages/web/people-import';
import { requireAppSecret } from '../../security';
import { RATE_LIMITED } from '../../protections';
import { formField, readFormUpload, redirect, requireOwnForm, requireRole, sendPage, signedIn, webCsrfScope, type SignedIn } from './context';

/**
 * People imported from a spreadsheet, for the admin role: upload (multipart, its CSRF field before the file), a
 * preview of every row's problems, and the confirmation that stores them all (services/people-import.ts).
 */

/** Room for MAX_IMPORT_ROWS rows of Thai text, form-encoded. */
const CONFIRM_BODY_LIMIT = 16 * 1024 * 1024;

const REFUSAL = { th: 'หน้านี้สำหรับผู้ดูแลระบบเท่านั้น', en: 'This page is for administrators only.' };

export function registerPeopleImportRoutes(app: FastifyInstance): void {
  // The roles an import grants are told to the นายก and the auditor, as a single grant is (services/admin.ts).
  const channels = createNotificationChannels(app.deps.config);
  app.addHook('onClose', async () => channels.close());
  const deps: AdminDeps = {
    pool: app.deps.pool,
    auditKey: auditKeyFrom(app.deps.config),
    notices: { channels, publicBaseUrl: publicBaseUrl(app.deps.config) },
  };

  async function admin(request: FastifyRequest): Promise<SignedIn> {
    const who = await signedIn(app, request);
    requireRole(who, ['admin'], REFUSAL);
    return who;
  }

  const administratorOf = (who: SignedIn): Administrator => ({ personId: who.actor.personId, organizationId: who.profile.organizationId });
  const signingOf = (who: SignedIn) => ({ secret: requireAppSecret(app.deps.config), scope: webCsrfScope(who.session) });

  app.get('/admin/people/import', async (request, reply) => {
    const who = await admin(request);
    return sendPage(reply, 200, importPage(who.view));
  });

  app.get('/admin/people/import/template.xlsx', async (request, reply) => {
    const who = await admin(request);
    const bytes = await peopleImportTemplate(deps, who.profile.organizationId);
    return reply
      .headers({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': 'attachment; filename="people-template.xlsx"',
      })
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(bytes);
  });

  app.post('/admin/people/import', { config: { uploads: true, ...RATE_LIMITED } }, async (request, reply) => {
    const who = await admin(request);
    let file: ImportFile;
    try {
      file = (await readFormUpload(app, request, who, { defaultName: 'people' })).file;
    } catch (err) {
      if (err instanceof AppError && (err.code === 'VALIDATION_FAILED' || err.code === 'PAYLOAD_TOO_LARGE')) {
        return sendPage(reply, err.status, importPage(who.view, { kind: 'error', th: err.messageTh, en: err.messageEn }));
      }
      throw err;
    }
    const preview = await previewPeopleImport(deps, administratorOf(who), file, signingOf(who));
    return sendPage(reply, preview.fileProblem ? 400 : 200, previewPage(who.view, preview));
  });

  // The previewed table comes back form-encoded (a Thai character is nine bytes then): a full import is megabytes.
  app.post('/admin/people/import/confirm', { bodyLimit: CONFIRM_BODY_LIMIT }, async (request, reply) => {
    const who = await admin(request);
    requireOwnForm(app, request, who, formField(request.body, 'csrf'));
    const outcome = await confirmPeopleImport(
      deps,
      administratorOf(who),
      { fileName: formField(request.body, 'fileName').slice(0, 200), table: formField(request.body, 'table'), signature: formField(request.body, 'signature') },
      signingOf(who),
    );
    if (!outcome.stored) {
      return sendPage(
        reply,
        409,
        previewPage(who.view, outcome.preview, {
          kind: 'error',
          th: 'ข้อมูลในองค์กรเปลี่ยนไปตั้งแต่ตรวจไฟล์ ยังไม่ได้บันทึกข้อมูลใด',
          en: 'The organisation changed since the file was checked; nothing has been stored.',
        }),
      );
    }
    return redirect(reply, `/admin?done=imported&people=${outcome.people}`);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../../../config';
import { auditKeyFrom } from '../../../db/audit';
import { AppError } from '../../../services/errors';
import { createNotificationChannels, type NotificationChannels } from '../../../services/notify';
import * as oversight from '../../../services/oversight';
import * as platform from '../../../services/platform';
import { platformPage, type OrganizationFormValues, type PlatformNotice } from '../../pages/web/platform';
import { PLATFORM_ROLE, type WebView } from '../../pages/web/frame';
import { csrfTokenFor, isForeignOrigin, isValidCsrfToken, requireAppSecret, type Session } from '../../security';
import { currentSession } from '../../sessions';
import { formField, publicView, redirect, sendPage, webCsrfScope } from './context';

/**
 * The platform administrator's pages (/platform): list organisations, create one and invite its coordinator. The
 * session is the same as everyone's; what makes it a platform session is a platform_admins row for a person of no
 * organisation, checked on every request (services/platform.ts).
 */

const FORM_FIELDS = ['kind', 'placeName', 'district', 'province', 'slug', 'coordinatorName', 'coordinatorEmail'] as const;

export function registerPlatformRoutes(app: FastifyInstance): void {
  const { pool, config } = app.deps;
  const deps = { pool, auditKey: auditKeyFrom(config) };
  let ownChannels: NotificationChannels | undefined;
  const channels = () => (ownChannels ??= createNotificationChannels(config));
  app.addHook('onClose', async () => ownChannels?.close());

  async function platformAdmin(request: FastifyRequest): Promise<{ admin: platform.PlatformAdmin; session: Session; view: WebView }> {
    const session = await currentSession(app, request);
    if (!session) throw new AppError('UNAUTHENTICATED', 'กรุณาเข้าสู่ระบบก่อน', 'sign in first');
    const admin = await platform.requirePlatformAdmin(pool, session.personId);
    const view: WebView = {
      ...publicView(request),
      viewer: {
        personId: admin.personId,
        fullName: admin.fullName,
        positionTitle: 'ผู้ดูแลแพลตฟอร์ม / platform administrator',
        organizationName: '',
        roles: [PLATFORM_ROLE],
        openApprovals: 0,
        csrfToken: csrfTokenFor(requireAppSecret(config), webCsrfScope(session)),
      },
    };
    return { admin, session, view };
  }

  async function render(view: WebView, extra: { notice?: PlatformNotice; problems?: platform.OrganizationFormError['problems']; values?: OrganizationFormValues } = {}) {
    const [organizations, offices] = await Promise.all([platform.listOrganizations(deps), oversight.listOversightOffices(deps)]);
    return platformPage(view, { organizations, offices, ...extra });
  }

  app.get('/platform', async (request, reply) => {
    const { view } = await platformAdmin(request);
    const { created, invited, office } = request.query as Record<string, unknown>;
    const slugLike = (v: unknown): v is string => typeof v === 'string' && /^[a-z0-9-]{2,63}$/.test(v);
    const notice: PlatformNotice | undefined = slugLike(created)
      ? { kind: 'done', th: `สร้างองค์กร ${created} และส่งคำเชิญถึงผู้ประสานงานแล้ว`, en: `Organisation ${created} created; the coordinator has been invited.` }
      : slugLike(invited)
        ? { kind: 'done', th: `ส่งคำเชิญผู้ประสานงานของ ${invited} แล้ว`, en: `The coordinator of ${invited} has been invited.` }
        : office === 'invited'
          ? { kind: 'done', th: 'ส่งคำเชิญเจ้าหน้าที่สำนักงานแล้ว', en: 'The office’s officer has been invited.' }
          : undefined;
    return sendPage(reply, 200, await render(view, notice ? { notice } : {}));
  });

  function requireOwnForm(request: FastifyRequest, session: Session): void {
    if (isForeignOrigin(request, publicBaseUrl(config)) || !isValidCsrfToken(requireAppSecret(config), webCsrfScope(session), formField(request.body, 'csrf'))) {
      throw new AppError(
        'FORBIDDEN',
        'คำขอนี้ไม่ได้ส่งมาจากหน้าของระบบ กรุณาเปิดหน้าเดิมแล้วลองอีกครั้ง',
        'This request did not come from the system’s own page. Please reload the page and try again.',
      );
    }
  }

  app.post('/platform/organizations/:slug/coordinators', async (request, reply) => {
    const { admin, session, view } = await platformAdmin(request);
    requireOwnForm(request, session);
    const slug = String((request.params as { slug: string }).slug);
    try {
      await platform.inviteCoordinator({ ...deps, channels: channels(), publicBaseUrl: publicBaseUrl(config) }, admin, slug, {
        coordinatorName: formField(request.body, 'coordinatorName'),
        coordinatorEmail: formField(request.body, 'coordinatorEmail'),
      });
      return redirect(reply, `/platform?invited=${encodeURIComponent(slug)}`);
    } catch (err) {
      if (!(err instanceof platform.OrganizationFormError)) throw err;
      const notice: PlatformNotice = { kind: 'error', th: `${slug}: ${err.messageTh}`, en: `${slug}: ${err.messageEn}` };
      return sendPage(reply, err.status, await render(view, { notice }));
    }
  });

  app.post('/platform/organizations', async (request, reply) => {
    const { admin, session, view } = await platformAdmin(request);
    requireOwnForm(request, session);
    const values: OrganizationFormValues = Object.fromEntries(FORM_FIELDS.map((name) => [name, formField(request.body, name)]));
    try {
      const created = await platform.createOrganization({ ...deps, channels: channels(), publicBaseUrl: publicBaseUrl(config), temporal: app.deps.temporal, taskQueue: config.TEMPORAL_TASK_QUEUE }, admin, {
        kind: values.kind as platform.OrganizationInput['kind'],
        placeName: values.placeName ?? '',
        district: values.district ?? '',
        province: values.province ?? '',
        slug: values.slug ?? '',
        coordinatorName: values.coordinatorName ?? '',
        coordinatorEmail: values.coordinatorEmail ?? '',
      });
      request.log.info({ organizationId: created.organizationId }, 'organisation created');
      return redirect(reply, `/platform?created=${encodeURIComponent(created.slug)}`);
    } catch (err) {
      if (!(err instanceof platform.OrganizationFormError)) throw err;
      return sendPage(reply, err.status, await render(view, { problems: err.problems, values }));
    }
  });

  /** A refusal of an office form comes back as a notice on the page; anything else goes to the error page. */
  async function officeRefusal(view: WebView, err: unknown, reply: FastifyReply) {
    if (!(err instanceof AppError) || !['VALIDATION_FAILED', 'CONFLICT'].includes(err.code)) throw err;
    return sendPage(reply, err.status, await render(view, { notice: { kind: 'error', th: err.messageTh, en: err.messageEn } }));
  }

  app.post('/platform/oversight-offices', async (request, reply) => {
    const { admin, session, view } = await platformAdmin(request);
    requireOwnForm(request, session);
    const field = (name: string) => formField(request.body, name);
    try {
      await oversight.createOversightOffice({ ...deps, channels: channels(), publicBaseUrl: publicBaseUrl(config) }, admin, {
        level: field('level') as oversight.OfficeInput['level'],
        name: field('name'),
        province: field('province'),
        district: field('district'),
        officerName: field('officerName'),
        officerEmail: field('officerEmail'),
      });
      return redirect(reply, '/platform?office=invited');
    } catch (err) {
      return officeRefusal(view, err, reply);
    }
  });

  app.post('/platform/oversight-offices/:id/officers', async (request, reply) => {
    const { admin, session, view } = await platformAdmin(request);
    requireOwnForm(request, session);
    const id = Number((request.params as { id: string }).id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('NOT_FOUND', 'ไม่พบสำนักงานนี้', 'no such office');
    try {
      await oversight.inviteOversightOfficer({ ...deps, channels: channels(), publicBaseUrl: publicBaseUrl(config) }, admin, id, {
        officerName: formField(request.body, 'officerName'),
        officerEmail: formField(request.body, 'officerEmail'),
      });
      return redirect(reply, '/platform?office=invited');
    } catch (err) {
      return officeRefusal(view, err, reply);
    }
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../../../config';
import { listItaYears } from '../../../db/queries/reports';
import { findOrganizationBySlug } from '../../../db/queries/organizations';
import { fiscalYearOf } from '../../../domain/fiscal';
import { AppError } from '../../../services/errors';
import { assembleItaPack, itaPackFileName, itaPackZip, parseAgencyGroup, parseItaYear, type ItaDeps } from '../../../services/ita';
import { itaPackPage } from '../../pages/web/ita';
import { requireRole, sendPage, signedIn, type SignedIn } from './context';

/**
 * The ITA evidence pack of the reader's own organisation, from the dashboard: `GET /dashboard/ita?year=2567&group=sao`
 * (the page) and `GET /dashboard/ita.zip?...` (the one download). Only its coordinator and administrator prepare
 * the evidence sent to the assessor.
 */

export const ITA_PACK_ROLES = ['coordinator', 'admin'] as const;

const REFUSAL = {
  th: 'ชุดหลักฐาน ITA จัดทำได้เฉพาะผู้ประสานแผนและผู้ดูแลระบบขององค์กร',
  en: "The ITA evidence pack is for the organisation's plan coordinator and administrator.",
};

export function registerItaRoutes(app: FastifyInstance): void {
  const { pool, config } = app.deps;
  const deps: ItaDeps = { pool, files: app.files, publicBaseUrl: publicBaseUrl(config) };

  async function load(request: FastifyRequest, who: SignedIn) {
    const query = request.query as Record<string, unknown>;
    const organization = await findOrganizationBySlug(pool, who.profile.organizationSlug);
    if (!organization) throw new AppError('NOT_FOUND', 'ไม่พบองค์กร', 'organisation not found');
    const askedYear = query.year === undefined ? undefined : parseItaYear(query.year);
    const agencyGroup = parseAgencyGroup(query.group) ?? organization.kind;
    const years = await listItaYears(pool, { organizationId: organization.id, agencyGroup });
    if (!years.length) {
      throw new AppError('NOT_FOUND', 'ยังไม่มีเลขข้อ ITA ของปีใด', 'No ITA year has any items mapped yet.');
    }
    const current = fiscalYearOf(Date.now());
    const itaYear = askedYear ?? years.find((y) => y <= current) ?? years[0]!;
    const assembled = await assembleItaPack(deps, {
      organizationSlug: organization.slug,
      itaYear,
      agencyGroup,
      nowMs: Date.now(),
    });
    return { assembled, years: years.includes(itaYear) ? years : [itaYear, ...years], ownGroup: organization.kind };
  }

  app.get('/dashboard/ita', async (request, reply) => {
    const who = await signedIn(app, request);
    requireRole(who, ITA_PACK_ROLES, REFUSAL);
    const { assembled, years, ownGroup } = await load(request, who);
    return sendPage(reply, 200, itaPackPage(who.view, { pack: assembled.pack, years, ownGroup }));
  });

  app.get('/dashboard/ita.zip', async (request, reply) => {
    const who = await signedIn(app, request);
    requireRole(who, ITA_PACK_ROLES, REFUSAL);
    const { assembled } = await load(request, who);
    const bytes = await itaPackZip(assembled);
    return reply
      .headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${itaPackFileName(assembled.pack)}"`)
      .send(bytes);
  });
}

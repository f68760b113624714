import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { auditHead } from '../../db/audit';
import { findOrganizationBySlug, type OrganizationRow } from '../../db/queries/organizations';
import { listFilesOfReports, listPublicPlanItemYears, listPublicPlans, listPublishedReports } from '../../db/queries/public';
import * as reports from '../../db/queries/reports';
import { fiscalYearOf } from '../../domain/fiscal';
import { reportContentCheck } from '../../domain/ita';
import { parseReportSnapshot } from '../../domain/report';
import { parseReportKind } from '../../domain/report-kind';
import { parseInput } from '../../services/errors';
import {
  publicNotFoundPage,
  publicOrganizationPage,
  publicReportPage,
  type ItaEntry,
  type PublicLang,
  type PublicOrganization,
} from '../pages/public';
import { sendReportFile } from './reports';

/**
 * The organisation's public transparency page, without sign-in: what ITA asks an อปท. to publish about its
 * anti-corruption plan. Report addresses are stable (`/public/<org>/reports/<kind>/<FY>` is always the latest
 * published version), so they can be written into the ITA form once.
 */

const PUBLIC_PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'public, max-age=60',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
} as const;

const orgParams = z.object({ org: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/) });
const reportParams = orgParams.extend({ kind: z.string(), fy: z.coerce.number().int().min(2500).max(2700) });
const fileParams = reportParams.extend({ format: z.enum(['html', 'pdf', 'docx', 'xlsx', 'csv', 'json']) });
const pageQuery = z.object({
  lang: z.enum(['th', 'en']).catch('th').default('th'),
  ita: z.coerce.number().int().min(2500).max(2700).optional().catch(undefined),
});
const fileQuery = z.object({ lang: z.enum(['th', 'en']).default('th') });

function oCodeNumber(code: string): number {
  return Number(code.slice(1));
}

export async function publicRoutes(app: FastifyInstance): Promise<void> {
  const { pool } = app.deps;

  function send(reply: FastifyReply, status: number, body: string) {
    if (status === 404) reply.header('x-error-code', 'NOT_FOUND');
    return reply.headers(PUBLIC_PAGE_HEADERS).type('text/html; charset=utf-8').status(status).send(body);
  }

  function publicOrg(org: OrganizationRow): PublicOrganization {
    return { slug: org.slug, name: org.name, district: org.district, province: org.province };
  }

  function organizationMissing(reply: FastifyReply, lang: PublicLang, path: string, slug: string) {
    return send(
      reply,
      404,
      publicNotFoundPage({ lang, path, what: { th: `ไม่พบหน่วยงาน ${slug}`, en: `There is no organisation ${slug}.` } }),
    );
  }

  app.get('/public/:org', async (request, reply) => {
    const { org: slug } = parseInput(orgParams, request.params, 'ในที่อยู่', 'path parameters');
    const query = pageQuery.parse(request.query ?? {});
    const org = await findOrganizationBySlug(pool, slug);
    if (!org) return organizationMissing(reply, query.lang, request.url, slug);

    const plans = await listPublicPlans(pool, org.id);
    const planItems = [];
    for (const plan of plans) {
      planItems.push({ plan, items: await listPublicPlanItemYears(pool, { planId: plan.id, planVersionId: plan.versionId }) });
    }
    const published = await listPublishedReports(pool, org.id);
    const files = await listFilesOfReports(pool, published.map((r) => r.id));

    const currentFiscalYear = fiscalYearOf(Date.now());
    const itaScope = { organizationId: org.id, agencyGroup: org.kind };
    const itaYears = await reports.listItaYears(pool, itaScope);
    const selected =
      query.ita !== undefined && itaYears.includes(query.ita)
        ? query.ita
        : (itaYears.find((y) => y <= currentFiscalYear) ?? itaYears[0] ?? null);
    const entries: ItaEntry[] =
      selected === null
        ? []
        : (await reports.listItaDocuments(pool, { ...itaScope, itaYear: selected }))
            .sort((a, b) => oCodeNumber(a.oCode) - oCodeNumber(b.oCode))
            .map((document) => {
              const fiscalYear = selected + document.fiscalYearOffset;
              const report =
                document.documentKind === 'plan'
                  ? undefined
                  : published.find((r) => r.kind === document.documentKind && r.fiscalYear === fiscalYear);
              const plan =
                document.documentKind === 'plan'
                  ? plans.find((p) => p.firstFiscalYear <= fiscalYear && fiscalYear <= p.lastFiscalYear)
                  : undefined;
              return { document, fiscalYear, ...(report ? { report } : {}), ...(plan ? { plan } : {}) };
            });

    return send(
      reply,
      200,
      publicOrganizationPage(
        {
          lang: query.lang,
          organization: publicOrg(org),
          plans: planItems,
          reports: await Promise.all(
            published.map(async (report) => ({
              report,
              files: files.get(report.id) ?? [],
              contentCheck: reportContentCheck(report.kind, parseReportSnapshot((await reports.findReportSnapshot(pool, report.id))!.snapshot)),
            })),
          ),
          ita: { years: itaYears, selected, entries },
          currentFiscalYear,
          auditHead: await auditHead(pool),
        },
        request.url,
      ),
    );
  });

  /** The latest published version of a report period: what it is and a link to each format. */
  app.get('/public/:org/reports/:kind/:fy', async (request, reply) => {
    const params = parseInput(reportParams, request.params, 'ในที่อยู่', 'path parameters');
    const { lang } = pageQuery.parse(request.query ?? {});
    const org = await findOrganizationBySlug(pool, params.org);
    if (!org) return organizationMissing(reply, lang, request.url, params.org);
    const kind = parseReportKind(params.kind);
    const report = kind ? await reports.findPublishedReport(pool, { organizationId: org.id, kind, fiscalYear: params.fy }) : undefined;
    if (!report) {
      return send(
        reply,
        404,
        publicNotFoundPage({
          lang,
          organization: publicOrg(org),
          path: request.url,
          what: {
            th: `ยังไม่มีรายงานที่เผยแพร่สำหรับปีงบประมาณ ${params.fy}`,
            en: `No report of this kind has been published for fiscal year ${params.fy}.`,
          },
        }),
      );
    }
    const files = await listFilesOfReports(pool, [report.id]);
    return send(reply, 200, publicReportPage({ lang, organization: publicOrg(org), report, files: files.get(report.id) ?? [], path: request.url }));
  });

  /** A format of the latest published version, at an address that never changes. */
  app.get('/public/:org/reports/:kind/:fy/:format', async (request, reply) => {
    const params = parseInput(fileParams, request.params, 'ในที่อยู่', 'path parameters');
    const { lang } = parseInput(fileQuery, request.query, 'ในคำค้น', 'query');
    const org = await findOrganizationBySlug(pool, params.org);
    const kind = parseReportKind(params.kind);
    const report =
      org && kind ? await reports.findPublishedReport(pool, { organizationId: org.id, kind, fiscalYear: params.fy }) : undefined;
    const file = report ? await reports.findReportFile(pool, { reportId: report.id, format: params.format, lang }) : undefined;
    if (!file) {
      return send(
        reply,
        404,
        publicNotFoundPage({
          lang,
          ...(org ? { organization: publicOrg(org) } : {}),
          path: request.url,
          what: { th: 'ไม่พบไฟล์รายงานที่เผยแพร่', en: 'No such published report file.' },
        }),
      );
    }
    return sendReportFile(reply, app.files, file, 'public', request);
  });
}

import type { FastifyInstance } from 'fastify';
import {
  eplanCsv,
  eplanExport,
  eplanFileName,
  eplanWorkbook,
  parseEplanFormat,
  parseEplanRequest,
} from '../../../services/eplannacc';
import { requireRole, signedIn } from './context';

/**
 * The e-PlanNACC round file of the reader's own organisation, from the dashboard: `GET /dashboard/eplannacc?fy=2570&
 * round=6&format=xlsx` (or csv, json). Only its coordinator and administrator prepare what is sent to ป.ป.ช.
 */

export const EPLANNACC_ROLES = ['coordinator', 'admin'] as const;

const REFUSAL = {
  th: 'ไฟล์สำหรับระบบ e-PlanNACC จัดทำได้เฉพาะผู้ประสานแผนและผู้ดูแลระบบขององค์กร',
  en: "The e-PlanNACC file is for the organisation's plan coordinator and administrator.",
};

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

export function registerEplannaccRoutes(app: FastifyInstance): void {
  const { pool } = app.deps;

  app.get('/dashboard/eplannacc', async (request, reply) => {
    const who = await signedIn(app, request);
    requireRole(who, EPLANNACC_ROLES, REFUSAL);
    const query = request.query as Record<string, unknown>;
    const asked = parseEplanRequest({ fiscalYear: query.fy, round: query.round });
    const format = parseEplanFormat(query.format ?? 'xlsx');
    const data = await eplanExport(pool, { organizationSlug: who.profile.organizationSlug, ...asked });
    const lang = who.view.lang;
    const bytes =
      format === 'xlsx'
        ? await eplanWorkbook(data, lang)
        : format === 'csv'
          ? eplanCsv(data, lang)
          : Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8');
    return reply
      .headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      .type(TYPES[format])
      .header('content-disposition', `attachment; filename="${eplanFileName(data, format)}"`)
      .send(bytes);
  });
}

import ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fiscalYearOf } from '../../../domain/fiscal';
import { responsibleUnitByKey } from '../../../domain/units';
import { listDashboardRows, listFiscalYearsOfOrganization } from '../../../db/queries/item-years';
import { AppError } from '../../../services/errors';
import { dashboardPage, standingLabel, type DashboardPageData } from '../../pages/web/dashboard';
import { DASHBOARD_ROLES, t, type WebView } from '../../pages/web/frame';
import { PHASE_LABELS } from '../../pages/labels';
import { label } from '../../pages/web/labels';
import { ITEM_STATUSES } from '../../../domain/item-status';
import { buildDashboard, percent, type Dashboard, type GroupSummary } from './dashboard-data';
import { requireRole, sendPage, signedIn, type SignedIn } from './context';

/** The coordinator's dashboard for one fiscal year, optionally one unit, and the same view as a workbook. */

const REFUSAL = {
  th: 'หน้าภาพรวมสำหรับผู้ประสานแผน ผู้บริหาร หัวหน้าส่วนราชการ และผู้ตรวจสอบภายใน',
  en: 'The dashboard is for the plan coordinator, the executives, heads of division and the internal auditor.',
};

const FONT = { name: 'TH Sarabun New', size: 14 } as const;
const MONEY = '#,##0.00';

export function registerDashboardRoutes(app: FastifyInstance): void {
  const { pool } = app.deps;

  async function load(request: FastifyRequest, who: SignedIn): Promise<DashboardPageData> {
    const query = request.query as Record<string, unknown>;
    const organizationId = who.profile.organizationId;
    const fiscalYears = await listFiscalYearsOfOrganization(pool, organizationId);
    if (!fiscalYears.length) {
      throw new AppError('NOT_FOUND', 'ยังไม่ได้เริ่มปีงบประมาณใด จึงยังไม่มีข้อมูลภาพรวม', 'No fiscal year has been started yet.');
    }
    const asked = Number(query.fy);
    const current = fiscalYearOf(Date.now());
    const fiscalYear = fiscalYears.includes(asked) ? asked : fiscalYears.includes(current) ? current : fiscalYears[0]!;
    const rows = await listDashboardRows(pool, organizationId, fiscalYear);
    const unitKeys = [...new Set(rows.map((r) => r.unitKey))];
    const units = unitKeys
      .map((key) => {
        const known = responsibleUnitByKey(key);
        const named = rows.find((r) => r.unitKey === key)?.unitName;
        return { key, name: known ? t(who.view, known.nameTh, known.nameEn) : (named ?? key) };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'th'));
    const unitKey = typeof query.unit === 'string' && unitKeys.includes(query.unit) ? query.unit : '';
    const shown = unitKey ? rows.filter((r) => r.unitKey === unitKey) : rows;
    return { fiscalYear, fiscalYears, unitKey, units, dashboard: buildDashboard(shown, Date.now()) };
  }

  app.get('/dashboard', async (request, reply) => {
    const who = await signedIn(app, request);
    requireRole(who, DASHBOARD_ROLES, REFUSAL);
    return sendPage(reply, 200, dashboardPage(who.view, await load(request, who)));
  });

  app.get('/dashboard.xlsx', async (request, reply) => {
    const who = await signedIn(app, request);
    requireRole(who, DASHBOARD_ROLES, REFUSAL);
    const data = await load(request, who);
    const bytes = await dashboardWorkbook(who.view, data, who.profile.organizationName);
    const name = `sujarit-dashboard-${data.fiscalYear}${data.unitKey ? `-${data.unitKey}` : ''}.xlsx`;
    return reply
      .headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(bytes);
  });
}

function header(sheet: ExcelJS.Worksheet, headings: string[]): void {
  const row = sheet.addRow(headings);
  row.font = { ...FONT, bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: row.number }];
}

function summarySheet(workbook: ExcelJS.Workbook, view: WebView, title: string, heading: string, groups: GroupSummary[], total: GroupSummary, nameOf: (g: GroupSummary) => string) {
  const sheet = workbook.addWorksheet(title);
  header(sheet, [
    heading,
    t(view, 'รายการ', 'Items'),
    ...ITEM_STATUSES.map((s) => standingLabel(view, s)),
    t(view, 'ร้อยละที่ดำเนินการแล้ว', '% done'),
    t(view, 'งบตามแผน (บาท)', 'Planned (baht)'),
    t(view, 'ใช้จ่ายแล้ว (บาท)', 'Spent (baht)'),
    t(view, 'ร้อยละการเบิกจ่าย', '% spent'),
  ]);
  for (const group of [...groups, total]) {
    const row = sheet.addRow([
      group === total ? t(view, 'รวม', 'Total') : nameOf(group),
      group.total,
      ...ITEM_STATUSES.map((s) => group.counts[s]),
      percent(group.counts.done, group.total),
      group.budgetPlanned,
      group.budgetSpent,
      percent(group.budgetSpent, group.budgetPlanned),
    ]);
    row.font = { ...FONT, bold: group === total };
  }
  sheet.getColumn(1).width = 48;
  for (let c = 2; c <= ITEM_STATUSES.length + 6; c++) sheet.getColumn(c).width = 14;
  sheet.getColumn(ITEM_STATUSES.length + 4).numFmt = MONEY;
  sheet.getColumn(ITEM_STATUSES.length + 5).numFmt = MONEY;
}

/** The dashboard as the coordinator would hand it on: amounts and counts as numbers, Arabic digits, Thai labels. */
export async function dashboardWorkbook(view: WebView, data: DashboardPageData, organizationName: string): Promise<Buffer> {
  const dashboard: Dashboard = data.dashboard;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = organizationName;
  workbook.title = t(view, `ภาพรวมปีงบประมาณ ${data.fiscalYear}`, `Fiscal year ${data.fiscalYear} BE at a glance`);
  summarySheet(workbook, view, t(view, 'สรุปตามมิติ', 'By dimension'), t(view, 'มิติ', 'Dimension'), dashboard.byDimension, dashboard.total, (g) =>
    `${g.key} ${g.name}`.trim(),
  );
  summarySheet(workbook, view, t(view, 'สรุปตามภารกิจ', 'By mission'), t(view, 'ภารกิจ', 'Mission'), dashboard.byMission, dashboard.total, (g) =>
    `${g.key} ${g.name}`.trim(),
  );

  const items = workbook.addWorksheet(t(view, 'รายการ', 'Items'));
  header(items, [
    t(view, 'รหัส', 'Code'),
    t(view, 'ชื่อรายการ', 'Name'),
    t(view, 'มิติ', 'Dimension'),
    t(view, 'ภารกิจ', 'Mission'),
    t(view, 'หน่วยงาน', 'Unit'),
    t(view, 'ผู้รับผิดชอบ', 'Owner'),
    t(view, 'สถานะ', 'Standing'),
    t(view, 'ขั้นตอน', 'Stage'),
    t(view, 'งบตามแผน (บาท)', 'Planned (baht)'),
    t(view, 'ใช้จ่ายแล้ว (บาท)', 'Spent (baht)'),
  ]);
  for (const item of dashboard.items) {
    const row = items.addRow([
      item.row.itemCode,
      item.row.itemName,
      item.row.dimension,
      item.row.missionCode,
      item.row.unitName ?? item.row.unitKey,
      item.row.ownerName ?? '',
      standingLabel(view, item.standing),
      label(view, PHASE_LABELS, item.row.phase),
      item.row.budgetPlanned ?? t(view, 'ไม่ใช้งบประมาณ', 'no budget'),
      item.row.budgetSpent,
    ]);
    row.font = FONT;
  }
  items.columns.forEach((column, i) => {
    column.width = [8, 60, 8, 10, 28, 28, 20, 26, 16, 16][i] ?? 14;
  });
  items.getColumn(9).numFmt = MONEY;
  items.getColumn(10).numFmt = MONEY;

  const overdue = workbook.addWorksheet(t(view, 'เลยกำหนด', 'Overdue'));
  header(overdue, [
    t(view, 'รหัส', 'Code'),
    t(view, 'ชื่อรายการ', 'Name'),
    t(view, 'สิ่งที่เลยกำหนด', 'What is late'),
    t(view, 'กำหนด', 'Due'),
    t(view, 'ผู้รับผิดชอบ', 'Owner'),
    t(view, 'รอ', 'Waiting on'),
    t(view, 'หน่วยงาน', 'Unit'),
  ]);
  for (const item of dashboard.overdue) {
    const late = item.late!;
    const row = overdue.addRow([
      item.row.itemCode,
      item.row.itemName,
      'step' in late.what ? late.what.step : label(view, PHASE_LABELS, late.what.phase),
      new Date(late.dueAtMs),
      item.row.ownerName ?? '',
      late.waitingOn === 'owner' ? t(view, 'ผู้รับผิดชอบ', 'owner') : late.waitingOn === 'mayor' ? t(view, 'นายก', 'chief executive') : t(view, 'ปลัด', 'permanent secretary'),
      item.row.unitName ?? item.row.unitKey,
    ]);
    row.font = FONT;
  }
  overdue.columns.forEach((column, i) => {
    column.width = [8, 60, 40, 14, 28, 18, 28][i] ?? 14;
  });
  overdue.getColumn(4).numFmt = 'dd/mm/yyyy';

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

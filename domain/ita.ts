import { sixMonthPeriod } from './fiscal';
import type { OrganizationKind } from './organizations';
import { itemStanding, spentByCutoff, type ReportSnapshot, type ReportStatus, type SnapshotItem } from './report';
import { reportKindSlug, type ReportKind } from './report-kind';

/**
 * The ITA evidence pack (การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ): for one ITA year and agency
 * group, each O-code the map (ita_document_map, editable per year) gives the plan, the six-month monitoring report
 * and the annual result report, with the document that answers it (the signed-off version, its publication date and
 * stable public address) and a check of what the assessor looks for in it, every gap named.
 *
 * What is checked, per document (docs/ITA.md):
 * - every document: it exists and is published on the organisation's public page; the head (นายก) approved it;
 * - the plan: it has the fiscal year's items, each with its budget (or ไม่ใช้งบประมาณ) and period, which the plan
 *   store keeps by construction (a budget row per year an item runs; the period is the fiscal year until a proposal
 *   gives dates), so the gap is a plan with no item in the year;
 * - a report, item by item as the report itself judges them at its cut-off (domain/report.ts's itemStanding):
 *   a result (annual: every item not cancelled has its evaluation; six-month: every item done has one), a reason for
 *   each cancellation, the budget spent of each budgeted item done (none recorded, or not known at the cut-off),
 *   and problems/obstacles and suggestions written by someone: the report prints "ไม่มี" for an item whose owner
 *   left them empty, which ITA accepts, but when no item at all was evaluated nobody has written Part 3;
 * - the report's signature block names the นายก;
 * - a previous year's annual report that was never made here, for a year that did not run in the system, is compiled
 *   from the results the coordinator entered after the fact (services/earlier-years.ts): the pack carries it, rendered
 *   like any annual report and marked as compiled, by whom and when, and judged by the same content checks; it is not
 *   the signed, published report, so it keeps its own gap until that one is in the system.
 *
 * Pure: the service (services/ita.ts) reads the facts; this decides.
 */

export const ITA_DOCUMENT_KINDS = ['plan', 'six_month', 'annual'] as const;
export type ItaDocumentKind = (typeof ITA_DOCUMENT_KINDS)[number];

/** What the assessor looks for; each gap belongs to one. */
export const ITA_CHECKS = ['published', 'head_approval', 'plan_items', 'results', 'budget_spent', 'problems_suggestions'] as const;
export type ItaCheck = (typeof ITA_CHECKS)[number];

const CHECKS_OF: Record<ItaDocumentKind, readonly ItaCheck[]> = {
  plan: ['published', 'head_approval', 'plan_items'],
  six_month: ['published', 'head_approval', 'results', 'budget_spent', 'problems_suggestions'],
  annual: ['published', 'head_approval', 'results', 'budget_spent', 'problems_suggestions'],
};

export const ITA_GAP_CODES = [
  'document_missing',
  'report_not_published',
  'head_approval_missing',
  'head_signatory_missing',
  'plan_no_items',
  'item_no_result',
  'item_cancel_reason_missing',
  'item_spent_missing',
  'item_spent_unknown',
  'report_no_problems_suggestions',
  'report_compiled_from_entries',
] as const;
export type ItaGapCode = (typeof ITA_GAP_CODES)[number];

const CHECK_OF_GAP: Record<ItaGapCode, ItaCheck> = {
  document_missing: 'published',
  report_not_published: 'published',
  head_approval_missing: 'head_approval',
  head_signatory_missing: 'head_approval',
  plan_no_items: 'plan_items',
  item_no_result: 'results',
  item_cancel_reason_missing: 'results',
  item_spent_missing: 'budget_spent',
  item_spent_unknown: 'budget_spent',
  report_no_problems_suggestions: 'problems_suggestions',
  report_compiled_from_entries: 'published',
};

export interface ItaGap {
  code: ItaGapCode;
  check: ItaCheck;
  oCode: string;
  documentKind: ItaDocumentKind;
  fiscalYear: number;
  /** The plan item the gap is about, for item-level gaps. */
  item?: { code: string; name: string };
  th: string;
  en: string;
}

/** Where a map row comes from: the organisation's own, its agency group's, or the default for everyone. */
export type ItaMapScope = 'organization' | 'agency_group' | 'default';

export interface ItaMapEntry {
  oCode: string;
  documentKind: ItaDocumentKind;
  /** The fiscal year the document covers relative to the ITA year (0 or -1). */
  fiscalYearOffset: number;
  labelTh: string;
  labelEn: string;
  /** The number was read in that year's ITA material (true) or is assumed (false). */
  confirmed: boolean;
  scope: ItaMapScope;
}

export interface ItaApproval {
  personName: string;
  /** The authority used, as stored (`mayor`, `mayor (acting)`, `mayor (delegated)`). */
  actingAs: string;
  decidedAt: string;
}

export type PlanApprovalState = 'pending' | 'approved' | 'rejected' | 'sent_back' | null;

export interface ItaPlanFacts {
  planId: number;
  version: number;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  /** When this version became the current one, and so was shown on the public page. */
  loadedAt: string;
  approval: { status: PlanApprovalState; decidedAt: string | null; personName: string | null };
  /** Items of the version that run in the fiscal year the entry asks about. */
  itemsInYear: (fiscalYear: number) => number;
}

export interface ItaFileFacts {
  /** Where the file sits inside the ZIP. */
  path: string;
  sha256: string;
  sizeBytes: number;
}

export interface ItaReportFacts {
  kind: ReportKind;
  fiscalYear: number;
  reportId: number;
  version: number;
  status: 'draft' | 'in_review' | 'published' | 'superseded';
  snapshotSha256: string;
  publishedAt: string | null;
  snapshot: ReportSnapshot;
  /** The ปลัด's and the นายก's approval of this version, when recorded. */
  approvals: { palad: ItaApproval | null; mayor: ItaApproval | null };
}

/** A previous year's annual report compiled from entered results (domain/earlier-years.ts compileEnteredYear). */
export interface ItaCompiledFacts {
  fiscalYear: number;
  snapshot: ReportSnapshot;
  recordedBy: string[];
  firstRecordedAt: string;
  lastRecordedAt: string;
  /** The year's old report as the coordinator uploaded it, when there is one. */
  original: ItaOriginalReport | null;
}

export interface ItaOriginalReport {
  fileName: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface ItaPackInput {
  organization: { slug: string; name: string };
  itaYear: number;
  agencyGroup: OrganizationKind | null;
  /** The public site's base (no trailing slash), for the stable addresses written into the ITA form. */
  publicBaseUrl: string;
  generatedAt: string;
  map: readonly ItaMapEntry[];
  /** The plan covering a fiscal year at its current version, or null. */
  planFor: (fiscalYear: number) => ItaPlanFacts | null;
  /**
   * The version of a report period that answers: the published one, else the newest (unpublished); null when the
   * period has no version at all.
   */
  reportFor: (kind: ReportKind, fiscalYear: number) => ItaReportFacts | null;
  /** The annual report of a fiscal year compiled from its entered results, when it has none of its own; else null. */
  compiledFor?: (fiscalYear: number) => ItaCompiledFacts | null;
  /** The files of a document as they go into the ZIP, under the entry's folder (itaFolder). */
  filesOf: (
    document: { type: 'plan'; planId: number } | { type: 'report'; reportId: number } | { type: 'compiled'; fiscalYear: number },
    folder: string,
  ) => ItaFileFacts[];
}

export interface ItaPlanDocument {
  type: 'plan';
  planId: number;
  version: number;
  title: string;
  publishedAt: string;
  url: string;
  approval: { status: PlanApprovalState; decidedAt: string | null; personName: string | null };
  files: ItaFileFacts[];
}

export interface ItaReportDocument {
  type: 'report';
  reportId: number;
  version: number;
  status: ItaReportFacts['status'];
  snapshotSha256: string;
  publishedAt: string | null;
  /** The stable public address; null while no version is published. */
  url: string | null;
  approvals: ItaReportFacts['approvals'];
  files: ItaFileFacts[];
}

/** An annual report compiled from results entered after the fact: not signed, not published in the system. */
export interface ItaCompiledDocument {
  type: 'compiled';
  fiscalYear: number;
  recordedBy: string[];
  firstRecordedAt: string;
  lastRecordedAt: string;
  original: ItaOriginalReport | null;
  publishedAt: null;
  url: null;
  files: ItaFileFacts[];
}

export interface ItaPackEntry {
  oCode: string;
  documentKind: ItaDocumentKind;
  fiscalYear: number;
  labelTh: string;
  labelEn: string;
  confirmed: boolean;
  mapScope: ItaMapScope;
  document: ItaPlanDocument | ItaReportDocument | ItaCompiledDocument | null;
  checks: Array<{ check: ItaCheck; passed: boolean }>;
  gaps: ItaGap[];
}

export interface ItaPack {
  organization: { slug: string; name: string };
  itaYear: number;
  agencyGroup: OrganizationKind | null;
  generatedAt: string;
  entries: ItaPackEntry[];
  /** Every entry's gaps, in the entries' order. */
  gaps: ItaGap[];
  complete: boolean;
}

const STATUS_WORDS: Record<ReportStatus, { th: string; en: string }> = {
  done: { th: 'ดำเนินการแล้ว', en: 'completed' },
  in_progress: { th: 'อยู่ระหว่างดำเนินการ', en: 'in progress' },
  not_started: { th: 'ยังไม่ได้ดำเนินการ', en: 'not started' },
  cancelled: { th: 'ยกเลิก', en: 'cancelled' },
};

const PLAN_APPROVAL_WORDS: Record<'pending' | 'rejected' | 'sent_back' | 'none', { th: string; en: string }> = {
  none: { th: 'ไม่มีบันทึกการอนุมัติในระบบ', en: 'no approval is recorded' },
  pending: { th: 'รอนายกอนุมัติ', en: 'waiting for the chief executive' },
  sent_back: { th: 'นายกส่งกลับให้แก้ไข', en: 'sent back by the chief executive' },
  rejected: { th: 'นายกไม่อนุมัติ', en: 'not approved by the chief executive' },
};

const REPORT_STATUS_WORDS: Record<ItaReportFacts['status'], { th: string; en: string }> = {
  draft: { th: 'ฉบับร่าง', en: 'a draft' },
  in_review: { th: 'อยู่ระหว่างเสนอปลัดและนายก', en: 'in review by the permanent secretary and the chief executive' },
  published: { th: 'เผยแพร่แล้ว', en: 'published' },
  superseded: { th: 'ถูกแทนที่แล้ว', en: 'superseded' },
};

export const ITA_DOCUMENT_WORDS: Record<ItaDocumentKind, { th: string; en: string }> = {
  plan: { th: 'แผนปฏิบัติการป้องกันการทุจริต', en: 'the anti-corruption action plan' },
  six_month: { th: 'รายงานการกำกับติดตามรอบ ๖ เดือน', en: 'the six-month monitoring report' },
  annual: { th: 'รายงานผลการดำเนินการประจำปี', en: 'the annual result report' },
};

export const ITA_CHECK_LABELS: Record<ItaCheck, { th: string; en: string }> = {
  published: { th: 'เผยแพร่บนเว็บไซต์ของหน่วยงาน', en: "Published on the organisation's website" },
  head_approval: { th: 'ผู้บริหารท้องถิ่น (นายก) อนุมัติ/ลงนาม', en: 'Approved and signed by the chief executive' },
  plan_items: { th: 'มีโครงการ/กิจกรรม/มาตรการ พร้อมงบประมาณและระยะเวลา', en: 'Projects with budget and period' },
  results: { th: 'ความก้าวหน้าและผลการดำเนินการทุกรายการ', en: 'Progress and results of every item' },
  budget_spent: { th: 'งบประมาณที่ใช้จ่าย', en: 'Budget spent' },
  problems_suggestions: { th: 'ปัญหา อุปสรรค และข้อเสนอแนะ (หรือ "ไม่มี")', en: 'Problems, obstacles and suggestions (or "none")' },
};

function gap(
  entry: Pick<ItaPackEntry, 'oCode' | 'documentKind' | 'fiscalYear'>,
  code: ItaGapCode,
  th: string,
  en: string,
  item?: Pick<SnapshotItem, 'code' | 'name'>,
): ItaGap {
  return {
    code,
    check: CHECK_OF_GAP[code],
    oCode: entry.oCode,
    documentKind: entry.documentKind,
    fiscalYear: entry.fiscalYear,
    ...(item ? { item: { code: item.code, name: item.name } } : {}),
    th,
    en,
  };
}

type EntryKey = Pick<ItaPackEntry, 'oCode' | 'documentKind' | 'fiscalYear'>;

function planGaps(key: EntryKey, plan: ItaPlanFacts | null): ItaGap[] {
  const fy = key.fiscalYear;
  if (!plan) {
    return [gap(key, 'document_missing', `ไม่มีแผนปฏิบัติการป้องกันการทุจริตที่ครอบคลุมปีงบประมาณ ${fy}`, `No anti-corruption plan covers fiscal year ${fy}.`)];
  }
  const gaps: ItaGap[] = [];
  if (plan.approval.status !== 'approved') {
    const words = PLAN_APPROVAL_WORDS[plan.approval.status ?? 'none'];
    gaps.push(
      gap(
        key,
        'head_approval_missing',
        `แผนฉบับที่ ${plan.version} ยังไม่มีการอนุมัติของนายก (${words.th})`,
        `Version ${plan.version} of the plan has no approval by the chief executive (${words.en}).`,
      ),
    );
  }
  if (plan.itemsInYear(fy) === 0) {
    gaps.push(gap(key, 'plan_no_items', `แผนไม่มีโครงการ/กิจกรรม/มาตรการในปีงบประมาณ ${fy}`, `The plan has no item in fiscal year ${fy}.`));
  }
  return gaps;
}

/** The report's cut-off as its model takes it: the end of 31 March for the six-month report, none for the annual one. */
function cutoffOf(kind: ReportKind, fiscalYear: number): number | null {
  return kind === 'six_month' ? sixMonthPeriod(fiscalYear).endExclusiveMs : null;
}

/** The content gaps of one report version, item by item as the report judges them (module comment). */
export function reportContentGaps(key: EntryKey, kind: ReportKind, snapshot: ReportSnapshot): ItaGap[] {
  const cutoffMs = cutoffOf(kind, snapshot.fiscalYear);
  const gaps: ItaGap[] = [];
  let evaluatedItems = 0;
  const items = [...snapshot.items].sort((a, b) => a.dimension - b.dimension || a.seq - b.seq);
  for (const item of items) {
    const standing = itemStanding(item, cutoffMs);
    const status = STATUS_WORDS[standing.status];
    if (standing.evaluated) evaluatedItems += 1;
    const label = `${item.code} ${item.name}`;
    if (standing.status === 'cancelled') {
      if (!item.run?.cancelReason?.trim()) {
        gaps.push(gap(key, 'item_cancel_reason_missing', `${label}: ยกเลิกโดยไม่มีเหตุผลที่บันทึกไว้`, `${item.code}: cancelled with no reason recorded.`, item));
      }
    } else if (!standing.evaluated && (kind === 'annual' || standing.status === 'done')) {
      gaps.push(
        gap(
          key,
          'item_no_result',
          `${label}: ยังไม่มีผลการดำเนินการ (สถานะ${status.th} ยังไม่ได้รายงานผลตามตัวชี้วัด)`,
          `${item.code}: no result (${status.en}, no evaluation against its indicators).`,
          item,
        ),
      );
    }
    if (item.budgetPlannedSatang !== null && (standing.status === 'done' || standing.status === 'in_progress')) {
      const spent = spentByCutoff(item.run, cutoffMs);
      if (spent.kind === 'unknown') {
        gaps.push(
          gap(
            key,
            'item_spent_unknown',
            `${label}: ไม่ทราบงบประมาณที่ใช้จ่าย ณ วันสิ้นรอบ (บันทึกหลังวันสิ้นรอบ)`,
            `${item.code}: the budget spent at the cut-off is not known (recorded after it).`,
            item,
          ),
        );
      } else if (spent.kind === 'nothing_recorded' && standing.status === 'done') {
        gaps.push(
          gap(
            key,
            'item_spent_missing',
            `${label}: ดำเนินการแล้วแต่ไม่ได้บันทึกงบประมาณที่ใช้จ่าย`,
            `${item.code}: completed, but no budget spent was recorded.`,
            item,
          ),
        );
      }
    }
  }
  if (evaluatedItems === 0) {
    gaps.push(
      gap(
        key,
        'report_no_problems_suggestions',
        'รายงานไม่มีปัญหา อุปสรรค และข้อเสนอแนะจากผู้รับผิดชอบ: ยังไม่มีรายการใดรายงานผล จึงไม่มีผู้ใดระบุแม้แต่ "ไม่มี"',
        'The report has no problems, obstacles or suggestions from the owners: no item has been evaluated, so nobody has written even "none".',
      ),
    );
  }
  if (!snapshot.signatories.mayor) {
    gaps.push(
      gap(
        key,
        'head_signatory_missing',
        'ช่องลงนามของนายกในรายงานไม่มีชื่อ (ไม่มีผู้ดำรงตำแหน่งนายกในระบบเมื่อจัดทำรายงาน)',
        "The report's signature block has no chief executive's name (nobody held the role when it was made).",
      ),
    );
  }
  return gaps;
}

/** The checks of a report's own content (what its document shows), as the public page lists them beside it. */
export const REPORT_CONTENT_CHECKS: readonly ItaCheck[] = ['results', 'budget_spent', 'problems_suggestions', 'head_approval'];

export interface ReportContentCheck {
  checks: Array<{ check: ItaCheck; passed: boolean }>;
  gaps: Array<Pick<ItaGap, 'code' | 'check' | 'item' | 'th' | 'en'>>;
}

/** A published report's content check, apart from any O-code: the same rules as the evidence pack's. */
export function reportContentCheck(kind: ReportKind, snapshot: ReportSnapshot): ReportContentCheck {
  const gaps = reportContentGaps({ oCode: '', documentKind: kind, fiscalYear: snapshot.fiscalYear }, kind, snapshot).map((g) => ({
    code: g.code,
    check: g.check,
    ...(g.item ? { item: g.item } : {}),
    th: g.th,
    en: g.en,
  }));
  const failed = new Set(gaps.map((g) => g.check));
  return { checks: REPORT_CONTENT_CHECKS.map((check) => ({ check, passed: !failed.has(check) })), gaps };
}

function reportGaps(key: EntryKey, kind: ReportKind, report: ItaReportFacts | null): ItaGap[] {
  const fy = key.fiscalYear;
  const what = ITA_DOCUMENT_WORDS[kind];
  if (!report) {
    return [gap(key, 'document_missing', `ยังไม่ได้จัดทำ${what.th} ปีงบประมาณ ${fy}`, `${capitalise(what.en)} of fiscal year ${fy} has not been made.`)];
  }
  const gaps: ItaGap[] = [];
  if (report.status !== 'published') {
    const status = REPORT_STATUS_WORDS[report.status];
    gaps.push(
      gap(
        key,
        'report_not_published',
        `${what.th} ปีงบประมาณ ${fy} ยังไม่เผยแพร่ (ฉบับที่ ${report.version} เป็น${status.th})`,
        `${capitalise(what.en)} of fiscal year ${fy} is not published (version ${report.version} is ${status.en}).`,
      ),
    );
  }
  if (!report.approvals.mayor) {
    gaps.push(
      gap(
        key,
        'head_approval_missing',
        `${what.th} ฉบับที่ ${report.version} ไม่มีบันทึกการอนุมัติของนายก`,
        `Version ${report.version} of ${what.en} has no recorded approval by the chief executive.`,
      ),
    );
  }
  return [...gaps, ...reportContentGaps(key, kind, report.snapshot)];
}

/** A compiled report: the same content checks as a report, and the gap that it is not the signed, published one. */
function compiledGaps(key: EntryKey, compiled: ItaCompiledFacts): ItaGap[] {
  const fy = key.fiscalYear;
  const who = compiled.recordedBy.join(', ');
  // With the original attached the assessor has the signed report itself; the system still cannot vouch for its
  // signature, so the approval gap stays, pointing at the file.
  return [
    ...(compiled.original
      ? []
      : [
          gap(
            key,
            'report_compiled_from_entries',
            `ปีงบประมาณ ${fy} ไม่ได้ดำเนินการในระบบ เอกสารในชุดนี้รวบรวมจากผลที่บันทึกย้อนหลังจากรายงานฉบับเดิม (บันทึกโดย ${who}) ให้แนบรายงานฉบับเดิมที่นายกลงนามและเผยแพร่แล้วด้วย`,
            `Fiscal year ${fy} did not run in the system: the document here is compiled from results entered after the fact from the original report (entered by ${who}); attach the original report as signed and published.`,
          ),
        ]),
    gap(
      key,
      'head_approval_missing',
      compiled.original
        ? `${ITA_DOCUMENT_WORDS.annual.th} ปีงบประมาณ ${fy} ไม่ได้ผ่านการอนุมัติของนายกในระบบ ให้ตรวจลายมือชื่อในรายงานฉบับเดิมที่แนบ (${compiled.original.fileName})`
        : `${ITA_DOCUMENT_WORDS.annual.th} ปีงบประมาณ ${fy} ที่รวบรวมจากผลที่บันทึกย้อนหลังไม่มีการอนุมัติของนายกในระบบ`,
      compiled.original
        ? `The annual result report of fiscal year ${fy} was not approved in the system: check the signature on the attached original (${compiled.original.fileName}).`
        : `The annual result report of fiscal year ${fy} compiled from entered results has no approval by the chief executive in the system.`,
    ),
    ...reportContentGaps(key, 'annual', compiled.snapshot).filter((g) => g.code !== 'head_signatory_missing'),
  ];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `https://x/public/khek-noi/reports/six-month/2567`: the address that always gives the latest published version. */
export function itaReportUrl(base: string, slug: string, kind: ReportKind, fiscalYear: number): string {
  return `${base}/public/${slug}/reports/${reportKindSlug(kind)}/${fiscalYear}`;
}

/** The public page's section for the plan's fiscal year. */
export function itaPlanUrl(base: string, slug: string, fiscalYear: number): string {
  return `${base}/public/${slug}#fy-${fiscalYear}`;
}

/** The ZIP folder of an O-code's documents: `O37-six-month-2567`. */
export function itaFolder(entry: Pick<ItaPackEntry, 'oCode' | 'documentKind' | 'fiscalYear'>): string {
  const kind = entry.documentKind === 'plan' ? 'plan' : reportKindSlug(entry.documentKind);
  return `${entry.oCode}-${kind}-${entry.fiscalYear}`;
}

function oCodeNumber(code: string): number {
  return Number(code.slice(1));
}

export function buildItaPack(input: ItaPackInput): ItaPack {
  const base = input.publicBaseUrl.replace(/\/+$/, '');
  const slug = input.organization.slug;
  const entries = [...input.map]
    .sort((a, b) => oCodeNumber(a.oCode) - oCodeNumber(b.oCode))
    .map((map): ItaPackEntry => {
      const fiscalYear = input.itaYear + map.fiscalYearOffset;
      const key: EntryKey = { oCode: map.oCode, documentKind: map.documentKind, fiscalYear };
      let document: ItaPackEntry['document'] = null;
      let gaps: ItaGap[];
      if (map.documentKind === 'plan') {
        const plan = input.planFor(fiscalYear);
        gaps = planGaps(key, plan);
        if (plan) {
          document = {
            type: 'plan',
            planId: plan.planId,
            version: plan.version,
            title: plan.title,
            publishedAt: plan.loadedAt,
            url: itaPlanUrl(base, slug, fiscalYear),
            approval: plan.approval,
            files: input.filesOf({ type: 'plan', planId: plan.planId }, itaFolder(key)),
          };
        }
      } else {
        const report = input.reportFor(map.documentKind, fiscalYear);
        const compiled = !report && map.documentKind === 'annual' ? (input.compiledFor?.(fiscalYear) ?? null) : null;
        gaps = compiled ? compiledGaps(key, compiled) : reportGaps(key, map.documentKind, report);
        if (compiled) {
          document = {
            type: 'compiled',
            fiscalYear,
            recordedBy: compiled.recordedBy,
            firstRecordedAt: compiled.firstRecordedAt,
            lastRecordedAt: compiled.lastRecordedAt,
            original: compiled.original
              ? { fileName: compiled.original.fileName, uploadedBy: compiled.original.uploadedBy, uploadedAt: compiled.original.uploadedAt }
              : null,
            publishedAt: null,
            url: null,
            files: input.filesOf({ type: 'compiled', fiscalYear }, itaFolder(key)),
          };
        } else if (report) {
          document = {
            type: 'report',
            reportId: report.reportId,
            version: report.version,
            status: report.status,
            snapshotSha256: report.snapshotSha256,
            publishedAt: report.publishedAt,
            url: report.status === 'published' ? itaReportUrl(base, slug, map.documentKind, fiscalYear) : null,
            approvals: report.approvals,
            files: input.filesOf({ type: 'report', reportId: report.reportId }, itaFolder(key)),
          };
        }
      }
      const failed = new Set(gaps.map((g) => g.check));
      return {
        oCode: map.oCode,
        documentKind: map.documentKind,
        fiscalYear,
        labelTh: map.labelTh,
        labelEn: map.labelEn,
        confirmed: map.confirmed,
        mapScope: map.scope,
        document,
        checks: CHECKS_OF[map.documentKind].map((check) => ({ check, passed: !failed.has(check) })),
        gaps,
      };
    });
  const gaps = entries.flatMap((e) => e.gaps);
  return {
    organization: { slug, name: input.organization.name },
    itaYear: input.itaYear,
    agencyGroup: input.agencyGroup,
    generatedAt: input.generatedAt,
    entries,
    gaps,
    complete: gaps.length === 0,
  };
}

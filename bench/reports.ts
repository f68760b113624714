import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PdfPrinter, renderReport, type ReportFormat } from '../activities/reports';
import { canonicalPlanSchema } from '../domain/plan';
import { planSnapshot, reportSnapshotSchema, type ReportSnapshot, type SnapshotRun } from '../domain/report';
import { announceChromium } from '../infra/chromium';
import { prefixedLog } from '../infra/log';
import { median, percentile, roundTo } from './lib/stats';
import { formatTable } from './lib/table';

/**
 * How long the six-month report takes to render per organisation in each printed format, from a snapshot of the Khek
 * Noi plan (37 items in FY2570) with a realistic mix of finished, running, cancelled and untouched items. Rendering
 * is what a report run repeats per organisation; reading the snapshot is a handful of indexed queries.
 */

const SEED_PLAN = path.join(__dirname, '..', 'data', 'seed', 'khek-noi.plan.json');
const DEFAULT_ORGS = 10;
const FORMATS: ReadonlyArray<{ format: ReportFormat; key: 'htmlMs' | 'pdfMs' | 'docxMs' | 'xlsxMs'; targetMs: number }> = [
  { format: 'html', key: 'htmlMs', targetMs: 300 },
  { format: 'pdf', key: 'pdfMs', targetMs: 5_000 },
  { format: 'docx', key: 'docxMs', targetMs: 1_000 },
  { format: 'xlsx', key: 'xlsxMs', targetMs: 1_000 },
];

export interface ReportsBenchResult {
  orgs: number;
  htmlMs: number;
  pdfMs: number;
  docxMs: number;
  xlsxMs: number;
}

const log = prefixedLog('bench', (line) => process.stderr.write(`${line}\n`));

const FY_START_MS = Date.parse('2026-09-30T17:00:00Z');
const DAY_MS = 86_400_000;

function iso(dayOfYear: number): string {
  return new Date(FY_START_MS + dayOfYear * DAY_MS).toISOString();
}

/** A deterministic mix per item: done, running, cancelled or untouched, varying with the organisation. */
function syntheticRun(index: number, org: number, plannedSatang: number | null): SnapshotRun | null {
  const kind = (index + org) % 5;
  if (kind === 4) return null;
  const base: SnapshotRun = {
    itemYearId: org * 1000 + index,
    status: 'in_progress',
    phase: 'proposal',
    budgetSpentSatang: null,
    cancelReason: null,
    startedAt: iso(0),
    completedAt: null,
    updatedAt: iso(10),
    phaseHistory: [{ phase: 'proposal', at: iso(0) }],
    evaluation: null,
    steps: [],
    results: [],
    evidence: [],
  };
  const spent = plannedSatang === null ? 0 : Math.floor((plannedSatang * (60 + ((index * 7) % 40))) / 100);
  if (kind === 0) {
    return {
      ...base,
      status: 'completed',
      phase: 'completed',
      budgetSpentSatang: spent,
      completedAt: iso(150),
      phaseHistory: [...base.phaseHistory, { phase: 'execution', at: iso(40) }, { phase: 'completed', at: iso(150) }],
      evaluation: {
        submittedAt: iso(140),
        budgetSpentSatang: spent,
        problems: index % 2 ? 'ผู้เข้าร่วมกิจกรรมน้อยกว่าเป้าหมายเนื่องจากตรงกับฤดูเก็บเกี่ยว' : '',
        suggestions: index % 2 ? 'ควรจัดกิจกรรมนอกฤดูเก็บเกี่ยวและประชาสัมพันธ์ล่วงหน้า' : '',
      },
      results: [{ ordinal: 1, value: 85, text: '', met: true }],
      evidence: [
        {
          id: `00000000-0000-4000-8000-${String(org * 1000 + index).padStart(12, '0')}`,
          stepKey: 's1',
          fileName: `ภาพกิจกรรม-${index}.pdf`,
          contentType: 'application/pdf',
          sizeBytes: 120_000,
          sha256: 'e'.repeat(64),
          uploadedAt: iso(100),
        },
      ],
    };
  }
  if (kind === 1) {
    return {
      ...base,
      phase: 'execution',
      budgetSpentSatang: Math.floor(spent / 2),
      phaseHistory: [...base.phaseHistory, { phase: 'execution', at: iso(40) }],
      steps: [
        { key: 's1', ordinal: 1, text: 'ดำเนินการตามแผน', phase: 'execution', status: 'done', dueAt: iso(90), completedAt: iso(80) },
        { key: 's2', ordinal: 2, text: 'ติดตามผล', phase: 'execution', status: 'pending', dueAt: iso(250), completedAt: null },
      ],
    };
  }
  if (kind === 2) {
    return {
      ...base,
      status: 'cancelled',
      phase: 'cancelled',
      budgetSpentSatang: 0,
      cancelReason: 'ไม่ได้รับการจัดสรรงบประมาณในปีนี้',
      completedAt: iso(60),
    };
  }
  return base;
}

async function benchSnapshots(orgs: number): Promise<ReportSnapshot[]> {
  const plan = canonicalPlanSchema.parse(JSON.parse(await readFile(SEED_PLAN, 'utf8')));
  return Array.from({ length: orgs }, (_, org) => {
    const empty = planSnapshot(plan, {
      kind: 'six_month',
      fiscalYear: 2570,
      createdAt: '2027-04-03T02:00:00.000Z',
      organization: { id: org + 1, slug: `bench-org-${org + 1}` },
      recorded: { itaScore: 90 + (org % 9) },
      signatories: {
        coordinator: { fullName: 'นางสาวชฎา กิจดี', positionTitle: 'นักวิเคราะห์นโยบายและแผน', acting: false },
        palad: { fullName: 'นายเกียรติ ทองดี', positionTitle: 'หัวหน้าสำนักปลัด', acting: true },
        mayor: { fullName: 'นายประเสริฐ มั่นคงดี', positionTitle: '', acting: false },
      },
      evidenceBaseUrl: 'https://sujarit.example/api/evidence',
    });
    return reportSnapshotSchema.parse({
      ...empty,
      organization: { ...empty.organization, name: `${empty.organization.name} ${org + 1}` },
      items: empty.items.map((item, index) => ({ ...item, run: syntheticRun(index, org, item.budgetPlannedSatang) })),
    });
  });
}

export async function runReportsBench(opts: { json: boolean; orgs?: number }): Promise<void> {
  const orgs = opts.orgs ?? DEFAULT_ORGS;
  const snapshots = await benchSnapshots(orgs);
  // Debian's build and the npm one may print at different speeds: the output says which one was measured.
  await announceChromium(log);
  const printer = new PdfPrinter();
  try {
    // The first render of each format loads fonts, libraries and the browser; it is reported apart.
    const firstMs: Record<string, number> = {};
    for (const { format } of FORMATS) {
      const startedAt = performance.now();
      await renderReport(snapshots[0]!, format, { printer });
      firstMs[format] = performance.now() - startedAt;
    }
    log(`วัด ${orgs} องค์กร / rendering the six-month report of ${orgs} organisations in ${FORMATS.length} formats`);
    const perOrg: Record<string, number[]> = {};
    const totals: Record<string, number> = {};
    const sizes: Record<string, number[]> = {};
    for (const { format } of FORMATS) {
      perOrg[format] = [];
      sizes[format] = [];
      const batchStartedAt = performance.now();
      for (const snapshot of snapshots) {
        const startedAt = performance.now();
        const rendered = await renderReport(snapshot, format, { printer });
        perOrg[format]!.push(performance.now() - startedAt);
        sizes[format]!.push(rendered.sizeBytes);
      }
      totals[format] = performance.now() - batchStartedAt;
    }

    const result = Object.fromEntries([
      ['orgs', orgs],
      ...FORMATS.map(({ format, key }) => [key, roundTo(median(perOrg[format]!))]),
    ]) as unknown as ReportsBenchResult;

    const rows = FORMATS.map(({ format, key, targetMs }) => [
      format.toUpperCase(),
      String(result[key]),
      String(roundTo(percentile(perOrg[format]!, 95))),
      String(roundTo(firstMs[format]!)),
      String(roundTo(totals[format]! / 1000, 2)),
      String(Math.round(median(sizes[format]!) / 1024)),
      `< ${targetMs}`,
      result[key] < targetMs ? 'ok' : 'SLOW',
    ]);
    console.log(
      formatTable(
        [
          'format',
          'median ms / org',
          'p95 ms',
          'first ms',
          `total s (${orgs} orgs)`,
          'size KiB',
          'target ms',
          '',
        ],
        rows,
      ),
    );
    if (opts.json) console.log(JSON.stringify(result));
  } finally {
    await printer.close();
  }
}

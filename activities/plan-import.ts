import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { detectFormat, importPlanBytes, UnusableDocumentError } from '../domain/importer';
import { unitsOfOrganization } from '../domain/units';
import * as q from '../db/queries/plan-imports';
import { assertOcrAvailable, ocrPdfPage } from '../infra/pdf-ocr';
import { pagesWithoutText, pdfToPlanDocument, planTextOfPages, readPdfPages, type PdfPage } from '../infra/pdf-text';
import type { PlanImportActivities, PlanImportSummary } from '../workflows/plan-import/activity-contract';
import { whileHeartbeating } from './heartbeat';

/** The import's PDF written to a scratch file for poppler and tesseract, removed afterwards. */
async function withPdfFile<T>(source: Uint8Array, work: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sujarit-import-'));
  try {
    const file = path.join(dir, 'plan.pdf');
    await writeFile(file, source);
    return await work(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const errorOf = (err: UnusableDocumentError) => ({ code: err.code, message: err.reasonTh, messageEn: err.reasonEn });

export function createPlanImportActivities(pool: Pool): PlanImportActivities {
  async function source(importId: number) {
    const row = await q.findPlanImportSource(pool, importId);
    if (!row) throw ApplicationFailure.nonRetryable(`ไม่พบการนำเข้า / no plan import ${importId}`, 'UNUSABLE_DOCUMENT');
    return row;
  }
  /** An unusable document is an outcome, stored once; anything else is retried. */
  async function unusable(importId: number, err: unknown): Promise<false> {
    if (!(err instanceof UnusableDocumentError)) throw err;
    await q.finishPlanImportRow(pool, importId, { error: errorOf(err) });
    return false;
  }

  return {
    async inspectPlanImport({ importId }) {
      const row = await source(importId);
      if (detectFormat(row.source, row.fileName) !== 'pdf') return { pageCount: 0, ocrPages: [], usable: true };
      try {
        const pages = await withPdfFile(row.source, (file) => readPdfPages(file));
        const ocrPages = pagesWithoutText(pages).map((p) => p + 1);
        if (ocrPages.length > 0) await assertOcrAvailable();
        return { pageCount: pages.length, ocrPages, usable: true };
      } catch (err) {
        return { pageCount: 0, ocrPages: [], usable: await unusable(importId, err) };
      }
    },

    async ocrPlanImportPages({ importId, pages }) {
      const row = await source(importId);
      const done = new Set((await q.listPlanImportPages(pool, importId)).map((p) => p.page));
      try {
        await whileHeartbeating(() =>
          withPdfFile(row.source, async (file) => {
            for (const page of pages.filter((p) => !done.has(p))) {
              await q.storePlanImportPage(pool, importId, page, await ocrPdfPage(file, page));
            }
          }),
        );
        return { usable: true };
      } catch (err) {
        return { usable: await unusable(importId, err) };
      }
    },

    async finishPlanImport({ importId }): Promise<PlanImportSummary> {
      const stored = await q.findPlanImportOutcome(pool, importId);
      if (stored?.error) return { usable: false, items: 0, findings: 0, ocrNumbers: 0, error: stored.error };
      const row = await source(importId);
      const options = { units: unitsOfOrganization(row.organizationSlug), ...(row.planYears ? { planYears: row.planYears } : {}) };
      try {
        const ocred = new Map((await q.listPlanImportPages(pool, importId)).map((p) => [p.page, p.layout as PdfPage]));
        const plan = await importPlanBytes(row.source, row.fileName, {
          ...options,
          // The text layer is read again (seconds); the OCR'd pages come from what the OCR activities stored.
          pdfToText: (bytes) =>
            ocred.size === 0
              ? pdfToPlanDocument(bytes)
              : withPdfFile(bytes, async (file) => {
                  const pages = await readPdfPages(file);
                  for (const [page, layout] of ocred) pages[page - 1] = layout;
                  return planTextOfPages(pages, [...ocred.keys()].map((p) => p - 1));
                }),
        });
        await q.finishPlanImportRow(pool, importId, { result: plan });
        return {
          usable: true,
          items: plan.items.length,
          findings: plan.findings.length,
          ocrNumbers: plan.findings.filter((f) => f.code === 'OCR_NUMBER').length,
        };
      } catch (err) {
        if (!(err instanceof UnusableDocumentError)) throw err;
        await q.finishPlanImportRow(pool, importId, { error: errorOf(err) });
        return { usable: false, items: 0, findings: 0, ocrNumbers: 0, error: errorOf(err) };
      }
    },
  };
}


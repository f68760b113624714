import type { SnapshotRun } from '../domain/report';
import type { ReportEvidenceRow, ReportItemRow, ReportResultRow, ReportStepRow } from './queries/reports';

/**
 * An item-year as the report model reads it (domain/report.ts's SnapshotRun), from its rows: item_years with the
 * workflow's projected state, its steps, indicator results and evidence. Shared by the report snapshot
 * (activities/reports/snapshot.ts) and every other reading of "where the item stood at a cut-off"
 * (services/eplannacc.ts), so both judge the same facts.
 */

/** The parts of the workflow's state (item_years.state) a report needs, read defensively: older rows may lack them. */
interface StoredState {
  history?: Array<{ atMs?: unknown; event?: unknown }>;
  evaluation?: { budgetSpent?: unknown; problems?: unknown; suggestions?: unknown };
  steps?: Array<{ key?: unknown; budgetSpent?: unknown }>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function satangOf(baht: unknown): number | null {
  return typeof baht === 'number' && Number.isFinite(baht) && baht >= 0 ? Math.round(baht * 100) : null;
}

export function reportRunOf(
  row: ReportItemRow,
  steps: ReportStepRow[],
  results: ReportResultRow[],
  evidence: ReportEvidenceRow[],
): SnapshotRun {
  const state = (row.state ?? {}) as StoredState;
  const history = (state.history ?? []).filter(
    (h): h is { atMs: number; event: string } => typeof h.atMs === 'number' && typeof h.event === 'string',
  );
  const phaseHistory = history
    .filter((h) => h.event.startsWith('phase:'))
    .map((h) => ({ phase: h.event.slice('phase:'.length), at: iso(h.atMs) }));
  // When the evaluation was handed in: its own history entry, else the report phase it leads to.
  const evaluatedAtMs =
    history.find((h) => h.event === 'evaluation_submitted')?.atMs ??
    history.find((h) => h.event === 'phase:report')?.atMs ??
    null;
  const stored = state.evaluation;
  const evaluation =
    stored && typeof stored === 'object'
      ? {
          submittedAt: evaluatedAtMs === null ? null : iso(evaluatedAtMs),
          budgetSpentSatang: satangOf(stored.budgetSpent),
          problems: typeof stored.problems === 'string' ? stored.problems : (row.problems ?? ''),
          suggestions: typeof stored.suggestions === 'string' ? stored.suggestions : (row.suggestions ?? ''),
        }
      : row.problems !== null || row.suggestions !== null
        ? {
            submittedAt: evaluatedAtMs === null ? null : iso(evaluatedAtMs),
            budgetSpentSatang: row.budgetSpentSatang,
            problems: row.problems ?? '',
            suggestions: row.suggestions ?? '',
          }
        : null;
  const stepBudgets = new Map(
    (state.steps ?? []).flatMap((s) => (typeof s.key === 'string' && 'budgetSpent' in s ? [[s.key, satangOf(s.budgetSpent)]] : [])),
  );
  const startedAt = row.startedAt ?? new Date(0);
  return {
    itemYearId: row.itemYearId!,
    status: (row.status ?? 'not_started') as SnapshotRun['status'],
    phase: row.phase ?? 'proposal',
    budgetSpentSatang: row.budgetSpentSatang,
    cancelReason: row.cancelReason,
    startedAt: startedAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
    updatedAt: (row.updatedAt ?? startedAt).toISOString(),
    phaseHistory,
    evaluation,
    steps: steps.map((s) => ({
      key: s.stepKey,
      ordinal: s.ordinal,
      text: s.text,
      phase: s.phase,
      status: s.status,
      dueAt: s.dueAt ? s.dueAt.toISOString() : null,
      completedAt: s.completedAt ? s.completedAt.toISOString() : null,
      ...(stepBudgets.has(s.stepKey) ? { budgetSpentSatang: stepBudgets.get(s.stepKey) ?? null } : {}),
    })),
    results: results.map((r) => ({ ordinal: r.ordinal, value: r.value, text: r.text, met: r.met })),
    evidence: evidence.map((e) => ({
      id: e.id,
      stepKey: e.stepKey,
      fileName: e.fileName,
      contentType: e.contentType,
      sizeBytes: e.sizeBytes,
      sha256: e.sha256,
      uploadedAt: e.uploadedAt.toISOString(),
    })),
  };
}

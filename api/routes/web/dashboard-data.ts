import type { DashboardRow } from '../../../db/queries/item-years';
import { itemStatus, type ItemStatus } from '../../../domain/item-status';
import type { Late } from '../../../domain/lateness';

/** The coordinator's dashboard: each item's status (domain/item-status.ts, the reports' rule plus "overdue"), summed. */

export type { Late } from '../../../domain/lateness';

export interface ItemStanding {
  row: DashboardRow;
  standing: ItemStatus;
  late: Late | null;
}

export function standingOf(row: DashboardRow, nowMs: number): ItemStanding {
  const { status, late } = itemStatus({ ...row, anyStepDone: row.stepsDone > 0 }, nowMs);
  return { row, standing: status, late };
}

export interface GroupSummary {
  key: string;
  name: string;
  counts: Record<ItemStatus, number>;
  total: number;
  budgetPlanned: number;
  budgetSpent: number;
}

function emptyCounts(): Record<ItemStatus, number> {
  return { done: 0, in_progress: 0, not_started: 0, overdue: 0, cancelled: 0 };
}

function summarise(groups: Map<string, GroupSummary>, key: string, name: string, item: ItemStanding): void {
  let group = groups.get(key);
  if (!group) {
    group = { key, name, counts: emptyCounts(), total: 0, budgetPlanned: 0, budgetSpent: 0 };
    groups.set(key, group);
  }
  group.counts[item.standing] += 1;
  group.total += 1;
  group.budgetPlanned += item.row.budgetPlanned ?? 0;
  group.budgetSpent += item.row.budgetSpent ?? 0;
}

export interface Dashboard {
  items: ItemStanding[];
  byDimension: GroupSummary[];
  byMission: GroupSummary[];
  total: GroupSummary;
  overdue: ItemStanding[];
}

export function buildDashboard(rows: DashboardRow[], nowMs: number): Dashboard {
  const items = rows.map((row) => standingOf(row, nowMs));
  const dimensions = new Map<string, GroupSummary>();
  const missions = new Map<string, GroupSummary>();
  const totals = new Map<string, GroupSummary>();
  for (const item of items) {
    summarise(dimensions, String(item.row.dimension), item.row.dimensionName, item);
    summarise(missions, item.row.missionCode, item.row.missionName, item);
    summarise(totals, 'total', '', item);
  }
  const byCode = (a: GroupSummary, b: GroupSummary) => a.key.localeCompare(b.key, 'en', { numeric: true });
  return {
    items,
    byDimension: [...dimensions.values()].sort(byCode),
    byMission: [...missions.values()].sort(byCode),
    total: totals.get('total') ?? { key: 'total', name: '', counts: emptyCounts(), total: 0, budgetPlanned: 0, budgetSpent: 0 },
    overdue: items.filter((i) => i.late).sort((a, b) => a.late!.dueAtMs - b.late!.dueAtMs),
  };
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

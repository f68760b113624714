import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { listAuditForEntity } from '../db/audit';
import * as itemYears from '../db/queries/item-years';
import { listApproverTasks, listDecisionsOfWorkflow } from '../db/queries/decisions';
import { listDueDateChanges } from '../db/queries/due-date-changes';
import { findEvidenceFile, listEvidenceOfItemYear } from '../db/queries/evidence';
import { listOwnerTasks } from '../db/queries/item-years';
import { findPeopleByIds } from '../db/queries/people';
import { hasRole, mayActOnItemYear, refuse, type Actor, type ItemYearAction } from './authz';
import { notFound } from './errors';
import { evidenceKey } from './evidence';
import { FileNotFoundError, type FileStore } from './files';

/**
 * Item-years as the JSON API, the web pages and the CLI see them: found for a person who may act on them, read in
 * full, and their owners' tasks. Every function refuses with the same AppError for every caller, so a page and the
 * API can never disagree about who may see what. The commands on an item-year are in services/item-year-commands.ts.
 */

/** Why a command did not reach the workflow at once, for the caller's log; never shown to people. */
export interface CommandLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface ItemYearDeps {
  pool: Pool;
  temporal: Client;
  files: FileStore;
  log: CommandLog;
}

/** An item-year as people name it: the organisation, the item's code in the plan, and the fiscal year. */
export interface ItemYearRef {
  organizationSlug: string;
  itemCode: string;
  fiscalYear: number;
}

export type ItemYearRow = itemYears.ItemYearRow;

/** The item-year for a person allowed `action` on it: 404 when there is none, 403 when it is not theirs to touch. */
export async function findForActor(deps: Pick<ItemYearDeps, 'pool'>, actor: Actor, ref: ItemYearRef, action: ItemYearAction): Promise<ItemYearRow> {
  const row = await itemYears.findItemYear(deps.pool, ref);
  if (!row) throw notFound('รายการในปีงบประมาณนี้', `item ${ref.itemCode} in FY${ref.fiscalYear}`);
  if (!mayActOnItemYear(actor, row, action)) throw refuse();
  return row;
}

export interface ItemYearDetail {
  row: ItemYearRow;
  state: ItemYearRow['state'];
  steps: Awaited<ReturnType<typeof itemYears.listItemYearStepRows>>;
  decisions: Awaited<ReturnType<typeof listDecisionsOfWorkflow>>;
  dueDateChanges: Awaited<ReturnType<typeof listDueDateChanges>>;
  evidence: Awaited<ReturnType<typeof listEvidenceOfItemYear>>;
  history: Awaited<ReturnType<typeof listAuditForEntity>>;
}

/** Everything about one item-year a reader may see: its row and live state, steps, decisions, dates moved, evidence, history. */
export async function readItemYear(deps: Pick<ItemYearDeps, 'pool'>, actor: Actor, ref: ItemYearRef): Promise<ItemYearDetail> {
  const row = await findForActor(deps, actor, ref, 'read');
  const [steps, decisions, dueDateChanges, evidence, history] = await Promise.all([
    itemYears.listItemYearStepRows(deps.pool, row.id),
    listDecisionsOfWorkflow(deps.pool, row.workflowId),
    listDueDateChanges(deps.pool, row.id),
    listEvidenceOfItemYear(deps.pool, row.id),
    listAuditForEntity(deps.pool, 'item_year', row.workflowId),
  ]);
  return { row, state: row.state, steps, decisions, dueDateChanges, evidence, history };
}

/** The item's indicators in plan order, for whoever may read the item-year. */
export async function indicatorsOf(deps: Pick<ItemYearDeps, 'pool'>, actor: Actor, ref: ItemYearRef) {
  const row = await findForActor(deps, actor, ref, 'read');
  return itemYears.listItemIndicators(deps.pool, [row.itemId]);
}

/** One evidence file's record and bytes, for a person who may read its item-year. */
export async function readEvidence(deps: Pick<ItemYearDeps, 'pool' | 'files'>, actor: Actor, id: string) {
  const file = await findEvidenceFile(deps.pool, id);
  const row = file && (await itemYears.findItemYearById(deps.pool, file.itemYearId));
  if (!file || !row) throw notFound('ไฟล์หลักฐาน', 'evidence file');
  if (!mayActOnItemYear(actor, row, 'read')) throw refuse();
  const body = await deps.files.get(evidenceKey(file.sha256)).catch((err: unknown) => {
    throw err instanceof FileNotFoundError ? notFound('ไฟล์หลักฐาน', 'evidence file') : err;
  });
  return { file, body };
}

/** An item-year waiting on its owner: an open step (`stepKey`, `stepText`), or the phase's own action (both null). */
export interface OwnerTask {
  itemYearId: number;
  organization: string;
  itemCode: string;
  itemName: string;
  fiscalYear: number;
  phase: string;
  stepKey: string | null;
  stepText: string | null;
  dueAt: string | null;
}

export type ApproverTask = Omit<Awaited<ReturnType<typeof listApproverTasks>>[number], 'dueAt'> & { dueAt: string | null };

/** A person's open work, soonest first, and the decisions waiting for them: for themselves or those who oversee. */
export async function tasksOf(deps: Pick<ItemYearDeps, 'pool'>, actor: Actor, personId: number): Promise<{ personId: number; tasks: OwnerTask[]; approvals: ApproverTask[] }> {
  if (actor.personId !== personId) {
    if (!hasRole(actor, 'coordinator', 'admin', 'palad', 'mayor')) throw refuse();
    // An overseer's roles are their own organisation's: another organisation's person is not found, not refused,
    // so the answer does not tell who exists elsewhere.
    const [person] = await findPeopleByIds(deps.pool, [personId]);
    if (!person || person.organizationId !== actor.organizationId) throw notFound('บุคคล', `person ${personId}`);
  }
  const [owned, approvals] = await Promise.all([listOwnerTasks(deps.pool, personId), listApproverTasks(deps.pool, personId)]);
  const tasks = owned.flatMap((t) => ownerTasksOf(t));
  tasks.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
  return { personId, tasks, approvals: approvals.map((a) => ({ ...a, dueAt: a.dueAt ? a.dueAt.toISOString() : null })) };
}

/** Turns an item-year waiting on its owner into the tasks the owner sees: the phase's action or each open step. */
function ownerTasksOf(row: Awaited<ReturnType<typeof listOwnerTasks>>[number]): OwnerTask[] {
  const { state } = row;
  const base = { itemYearId: row.itemYearId, organization: row.organizationSlug, itemCode: row.itemCode, itemName: row.itemName, fiscalYear: row.fiscalYear, phase: row.phase };
  if (row.phase === 'execution') {
    return (state.steps ?? [])
      .filter((s) => s.status === 'pending')
      .map((s) => ({ ...base, stepKey: s.key, stepText: s.text, dueAt: new Date(s.dueAtMs).toISOString() }));
  }
  return [{ ...base, stepKey: null, stepText: null, dueAt: state.phaseDueAtMs ? new Date(state.phaseDueAtMs).toISOString() : null }];
}

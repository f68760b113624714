import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors';
import { tasksPage, type TaskEntry } from '../../pages/web/tasks';
import { apiError, callApi, sendPage, signedIn } from './context';

/** My tasks, from the tasks API: the owner's open steps and phase actions, and the decisions waiting for me. */

interface ApiTasks {
  tasks: Array<{ itemCode: string; itemName: string; fiscalYear: number; phase: string; stepKey: string | null; what: string; dueAt: string | null }>;
  approvals: Array<{ decisionPointId: number; purpose: string; dueAt: string | null; itemCode: string | null; itemName: string | null; fiscalYear: number | null }>;
}

export function registerTaskRoutes(app: FastifyInstance): void {
  app.get('/tasks', async (request, reply) => {
    const who = await signedIn(app, request);
    const answer = await callApi(app, request, who, { method: 'GET', path: `/api/people/${who.actor.personId}/tasks` });
    if (answer.status !== 200) {
      const error = apiError(answer);
      throw new AppError('INTERNAL', error.th, error.en);
    }
    const api = answer.body as unknown as ApiTasks;
    const entries: TaskEntry[] = [
      ...api.tasks.map(
        (task): TaskEntry => ({
          kind: 'owner',
          itemCode: task.itemCode,
          itemName: task.itemName,
          fiscalYear: task.fiscalYear,
          what: task.stepKey ? task.what : task.phase,
          whatIsKey: task.stepKey ? 'step' : 'phase',
          dueAtMs: task.dueAt ? Date.parse(task.dueAt) : null,
          href: task.stepKey
            ? `/items/${task.itemCode}/years/${task.fiscalYear}/steps/${task.stepKey}`
            : `/items/${task.itemCode}/years/${task.fiscalYear}#${task.phase}`,
        }),
      ),
      ...api.approvals.map(
        (approval): TaskEntry => ({
          kind: 'approval',
          itemCode: approval.itemCode,
          itemName: approval.itemName,
          fiscalYear: approval.fiscalYear,
          what: approval.purpose,
          whatIsKey: 'purpose',
          dueAtMs: approval.dueAt ? Date.parse(approval.dueAt) : null,
          href: `/approvals/${approval.decisionPointId}`,
        }),
      ),
    ];
    return sendPage(reply, 200, tasksPage(who.view, entries));
  });
}

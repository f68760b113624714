import type { FastifyInstance } from 'fastify';
import { tasksOf } from '../../../services/item-years';
import { tasksPage, type TaskEntry } from '../../pages/web/tasks';
import { serviceDeps } from '../../service-deps';
import { sendPage, signedIn } from './context';

/** My tasks, from the same service as the tasks API: the owner's open steps and phase actions, and the decisions waiting for me. */

export function registerTaskRoutes(app: FastifyInstance): void {
  app.get('/tasks', async (request, reply) => {
    const who = await signedIn(app, request);
    const mine = await tasksOf(serviceDeps(app, request), who.actor, who.actor.personId);
    const entries: TaskEntry[] = [
      ...mine.tasks.map(
        (task): TaskEntry => ({
          kind: 'owner',
          itemCode: task.itemCode,
          itemName: task.itemName,
          fiscalYear: task.fiscalYear,
          what: task.stepText ?? task.phase,
          whatIsKey: task.stepKey ? 'step' : 'phase',
          dueAtMs: task.dueAt ? Date.parse(task.dueAt) : null,
          href: task.stepKey
            ? `/items/${task.itemCode}/years/${task.fiscalYear}/steps/${task.stepKey}`
            : `/items/${task.itemCode}/years/${task.fiscalYear}#${task.phase}`,
        }),
      ),
      ...mine.approvals.map(
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

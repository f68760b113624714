import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';
import { decideSignal, hasProcessedQuery, type Decide } from '../../workflows/item-year/messages';

/**
 * Stands in for the item-year workflow in decision-link tests: it speaks the same decide / hasProcessed contract,
 * keeps each decision id once (as the real workflow must), and counts every delivery so a test can see repeats.
 */

export interface ProbeState {
  decisions: Decide[];
  deliveries: number;
}

export const probeStateQuery = defineQuery<ProbeState>('probeState');
export const stopProbeSignal = defineSignal('stopProbe');

export async function decisionProbeWorkflow(): Promise<ProbeState> {
  const state: ProbeState = { decisions: [], deliveries: 0 };
  let stopped = false;
  setHandler(decideSignal, (decision) => {
    state.deliveries += 1;
    if (!state.decisions.some((d) => d.decisionId === decision.decisionId)) state.decisions.push(decision);
  });
  setHandler(hasProcessedQuery, (decisionId) => state.decisions.some((d) => d.decisionId === decisionId));
  setHandler(probeStateQuery, () => state);
  setHandler(stopProbeSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
  return state;
}

import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';
import { decideSignal, type Decide } from '../../workflows/item-year/messages';
import { registerCommandAcknowledgement } from '../../workflows/common/commands';
import { RequestLedger } from '../../workflows/common/ledger';

/**
 * Stands in for the item-year workflow in decision-link tests: it speaks the same contract (the decide signal, the
 * command path's acknowledgement through the shared request ledger), keeps each decision id once (as the real workflow must), and counts every delivery so a test can see repeats.
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
  const ledger = new RequestLedger({ processedIds: [], history: [] });
  setHandler(decideSignal, (decision) => {
    state.deliveries += 1;
    if (ledger.firstTime(decision.decisionId)) state.decisions.push(decision);
  });
  registerCommandAcknowledgement(ledger);
  setHandler(probeStateQuery, () => state);
  setHandler(stopProbeSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
  return state;
}

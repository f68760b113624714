/**
 * What a long-running workflow remembers about the messages it received: the ids it has processed (signals can be
 * delivered twice and HTTP requests retried, so a repeated id is ignored) and a bounded history for its state query.
 * Both lists are capped so years of activity stay far below Temporal's history and payload limits.
 */
export interface LedgerState {
  processedIds: string[];
  history: Array<{ atMs: number; event: string; personId?: number; detail?: string }>;
}

const HISTORY_LIMIT = 200;
const PROCESSED_ID_LIMIT = 500;

export class RequestLedger {
  /** Every id this run has processed; the state keeps only the latest, for the query. */
  private readonly seen = new Set<string>();

  constructor(private readonly state: LedgerState) {}

  /** True the first time an id is seen; the caller then ignores the duplicates. */
  firstTime(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    this.state.processedIds.push(id);
    if (this.state.processedIds.length > PROCESSED_ID_LIMIT) this.state.processedIds.shift();
    return true;
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }

  note(event: string, personId?: number, detail?: string): void {
    this.state.history.push({ atMs: Date.now(), event, ...(personId !== undefined ? { personId } : {}), ...(detail ? { detail } : {}) });
    if (this.state.history.length > HISTORY_LIMIT) this.state.history.shift();
  }
}

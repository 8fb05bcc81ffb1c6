/** A job's due run, claimed by one node (see migration 2026-12-04-40 and `job-runs.ts`). */
export interface JobRunsTable {
  job: string;
  /** The instant the run was due (epoch ms): with `job`, the key every node tries to claim. */
  due_at: number;
  /** The node that claimed it (NODE_NAME or host:pid). */
  node: string;
  started_at: number;
  finished_at: number | null;
  outcome: 'done' | 'failed' | null;
  /** 1, plus one per takeover of a claim whose node died. */
  attempts: number;
}

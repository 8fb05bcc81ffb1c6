import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';

/**
 * Claims a job's due run for this node: the insert of (job, due_at) succeeds on exactly one node. A claim left
 * unfinished past its lease (its node died mid-run) is taken over by a conditional update, which also only one
 * node can win. True when this node should run it.
 */
export async function claimJobRun(db: Db, run: { job: string; dueAt: number; node: string; now: number; leaseMs: number }): Promise<boolean> {
  const inserted = await db
    .insertInto('job_runs')
    .values({ job: run.job, due_at: run.dueAt, node: run.node, started_at: run.now, finished_at: null, outcome: null, attempts: 1 })
    .onConflict((oc) => oc.columns(['job', 'due_at']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return true;
  const taken = await db
    .updateTable('job_runs')
    .set({ node: run.node, started_at: run.now, attempts: sql<number>`attempts + 1` })
    .where('job', '=', run.job)
    .where('due_at', '=', run.dueAt)
    .where('finished_at', 'is', null)
    .where('started_at', '<', run.now - run.leaseMs)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

export async function finishJobRun(db: Db, run: { job: string; dueAt: number; node: string; now: number; outcome: 'done' | 'failed' }): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({ finished_at: run.now, outcome: run.outcome })
    .where('job', '=', run.job)
    .where('due_at', '=', run.dueAt)
    .where('node', '=', run.node)
    .execute();
}

export async function deleteJobRunsBefore(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('job_runs').where('started_at', '<', before).where('finished_at', 'is not', null).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listJobRuns(db: Db, job: string): Promise<{ due_at: number; node: string; outcome: string | null; attempts: number }[]> {
  const rows = await db.selectFrom('job_runs').select(['due_at', 'node', 'outcome', 'attempts']).where('job', '=', job).orderBy('due_at').execute();
  return rows.map((r) => ({ ...r, due_at: Number(r.due_at) }));
}

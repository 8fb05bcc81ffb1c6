import type { Kysely } from 'kysely';

/*
 * One runner per job (issue #19): every node runs the same scheduler, and a job's due run is claimed by inserting
 * (job, due_at) here; only the node whose insert succeeds runs it. A claim whose node died before finishing is taken
 * over after its lease (the jobs are idempotent catch-ups, so running a half-done run again finishes it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('outcome', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'due_at'])
    .execute();
  await db.schema.createIndex('job_runs_started_idx').on('job_runs').column('started_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_runs').execute();
}

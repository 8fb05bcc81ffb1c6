import type { Db, DatabaseHandle } from '../../db/kysely.js';
import { AppError } from '../../shared/errors.js';
import type { Metrics } from '../../shared/metrics.js';
import type { RunGuard } from '../../shared/scheduler.js';
import { queuedBacklog } from '../notifications/index.js';
import { ping } from './operations.repository.js';
import { claimJobRun, deleteJobRunsBefore, finishJobRun } from './job-runs.repository.js';

/** A claim not finished within this long is taken as its node's death, and the run is taken over. */
const JOB_LEASE_MS = 10 * 60_000;

export interface OperationsDeps {
  database: DatabaseHandle;
  metrics: Metrics;
  /** Names of the migrations this build has that the database has not applied. */
  pendingMigrations: () => Promise<string[]>;
}

/**
 * Operations: what a load balancer and its operator poll (public, no caller to authorise): alive (`/healthz`),
 * ready to take traffic (`/readyz`: database answers, schema current, not draining), and the Prometheus metrics;
 * and the job-run claims that make one node of many run each due job.
 */
export function createOperationsService(deps: OperationsDeps) {
  const db: Db = deps.database.db;
  let draining = false;
  let schemaCurrent = false;

  // Scrape-time gauges: the outbox backlog (one query per scrape for both gauges), and the PostgreSQL pool's use.
  let backlog: { at: number; rows: ReturnType<typeof queuedBacklog> } | null = null;
  const readBacklog = () => {
    if (!backlog || Date.now() - backlog.at > 1_000) backlog = { at: Date.now(), rows: queuedBacklog(db) };
    return backlog.rows;
  };
  deps.metrics.gauges('jagabaya_outbox_queued', 'Queued outbox messages by channel', ['channel'], async () =>
    (await readBacklog()).map((b) => ({ labels: { channel: b.channel }, value: b.count })),
  );
  deps.metrics.gauges('jagabaya_outbox_oldest_age_seconds', 'Age of the oldest queued outbox message by channel', ['channel'], async () =>
    (await readBacklog()).map((b) => ({ labels: { channel: b.channel }, value: b.oldest === null ? 0 : Math.max(0, (Date.now() - b.oldest) / 1000) })),
  );
  const driver = deps.database.driver;
  if (driver.dialect === 'postgres') {
    const pool = driver.pool;
    deps.metrics.gauges('jagabaya_db_pool_connections', 'PostgreSQL pool connections by state', ['state'], async () => [
      { labels: { state: 'total' }, value: pool.totalCount },
      { labels: { state: 'idle' }, value: pool.idleCount },
      { labels: { state: 'waiting' }, value: pool.waitingCount },
    ]);
  }

  return {
    async health(): Promise<{ status: 'ok' }> {
      try {
        await ping(db);
      } catch {
        throw new AppError(503, 'database-unavailable', 'unavailable.title');
      }
      return { status: 'ok' };
    },

    async readiness(): Promise<{ status: 'ready' }> {
      if (draining) throw new AppError(503, 'draining', 'unavailable.title');
      try {
        await ping(db);
      } catch {
        throw new AppError(503, 'database-unavailable', 'unavailable.title');
      }
      // Once current, the schema stays current for this process (migrations only ever run forward at start).
      if (!schemaCurrent) {
        if ((await deps.pendingMigrations()).length > 0) throw new AppError(503, 'migrations-pending', 'unavailable.title');
        schemaCurrent = true;
      }
      return { status: 'ready' };
    },

    /** From now on /readyz answers 503, so the load balancer stops sending before the process stops accepting. */
    startDraining(): void {
      draining = true;
    },

    async metricsText(): Promise<{ contentType: string; body: string }> {
      return { contentType: deps.metrics.registry.contentType, body: await deps.metrics.registry.metrics() };
    },

    /** The scheduler's guard: a due run is claimed in `job_runs` and runs on the one node that won it. */
    jobRunGuard(node: string, clock: { now(): number }): RunGuard {
      return {
        claim: (job, dueAt) => claimJobRun(db, { job, dueAt, node, now: clock.now(), leaseMs: JOB_LEASE_MS }),
        finish: (job, dueAt, outcome) => finishJobRun(db, { job, dueAt, node, now: clock.now(), outcome }),
      };
    },

    /** Retention of the job log: finished claims older than a week. */
    async purgeJobRuns(now: number): Promise<{ deleted: number } | undefined> {
      const deleted = await deleteJobRunsBefore(db, now - 7 * 86_400_000);
      return deleted > 0 ? { deleted } : undefined;
    },
  };
}

export type OperationsService = ReturnType<typeof createOperationsService>;

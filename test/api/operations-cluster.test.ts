import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/kysely.js';
import { createOperationsService, listJobRuns } from '../../src/server/modules/operations/index.js';
import { fixedClock } from '../../src/server/shared/clock.js';
import { createMetrics } from '../../src/server/shared/metrics.js';
import { createScheduler, EVERY_MINUTE } from '../../src/server/shared/scheduler.js';
import { createTestApp, type TestApp } from '../app-harness.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

/* Issue #19: what a load balancer polls (/readyz, /metrics) and one runner per due job across nodes. */
describeEachDatabase('readiness and metrics', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('/readyz is 200 with the schema current, and 503 problem+json once the process drains', async () => {
    const ready = await t.request({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    t.services.operations.startDraining();
    const draining = await t.request({ method: 'GET', url: '/readyz' });
    expect(draining.statusCode).toBe(503);
    expect(draining.headers['content-type']).toContain('application/problem+json');
    expect(draining.json().type).toMatch(/\/problems\/draining$/);
    // Alive all the same: the process still finishes what it has.
    expect((await t.request({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('/metrics counts requests by route pattern (never the raw URL) and check-in batches', async () => {
    const venue = await verifiedVenue(t, { name: 'Metrics Warung' });
    const checkin = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name: 'Made Metrik', phone: '+62 812 3333 0001' } });
    expect(checkin.statusCode).toBe(201);
    await t.request({ method: 'GET', url: `/api/v1/venues/${venue.id}`, cookie: t.adminCookie });
    const res = await t.request({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/jagabaya_http_requests_total\{method="POST",route="\/api\/v1\/checkins",status="201"\} 1/);
    expect(res.body).toContain('route="/api/v1/venues/:id"');
    expect(res.body).not.toContain(venue.id);
    expect(res.body).toMatch(/jagabaya_checkin_batch_size_count 1/);
    expect(res.body).toMatch(/jagabaya_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/api\/v1\/checkins"\}/);
    expect(res.body).toMatch(/jagabaya_outbox_queued/);
    if (dialect === 'postgres') expect(res.body).toMatch(/jagabaya_db_pool_connections\{state="total"\} \d+/);
  });

  it('/metrics is not for the public: a remote caller or one through a proxy gets 404', async () => {
    expect((await t.request({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(404);
  });
});

describeEachDatabase('check-ins without named statements (PgBouncer in transaction mode)', (dialect) => {
  it('check in as usual with DATABASE_NAMED_STATEMENTS=0', async () => {
    const t = await createTestApp(dialect, { databaseNamedStatements: false });
    try {
      const venue = await verifiedVenue(t, { name: 'Unnamed Statement Warung' });
      for (const phone of ['+62 812 3333 0101', '+62 812 3333 0102']) {
        const res = await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name: 'Made', phone } });
        expect(res.statusCode).toBe(201);
      }
    } finally {
      await t.close();
    }
  });
});

describe('metrics with METRICS_TOKEN', () => {
  it('wants the token as a bearer, from anywhere, and refuses a wrong one', async () => {
    const t = await createTestApp('sqlite', { metricsToken: 'a-long-metrics-token-0123' });
    try {
      expect((await t.request({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      expect((await t.request({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer a-long-metrics-token-0124' } })).statusCode).toBe(404);
      const ok = await t.request({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: 'Bearer a-long-metrics-token-0123' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('jagabaya_http_requests_total');
    } finally {
      await t.close();
    }
  });
});

describeEachDatabase('one runner per due job', (dialect) => {
  let primary: TestDatabase;
  const extra: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    primary = await createTestDatabase(dialect, { regions: false, ...(dialect === 'sqlite' ? { sqliteFile: `var/test-jobruns-${process.pid}.sqlite` } : {}) });
  });
  afterAll(async () => {
    for (const handle of extra) await handle.close();
    await primary.close();
    if (dialect === 'sqlite') for (const suffix of ['', '-wal', '-shm']) rmSync(`${primary.url.slice('sqlite:'.length)}${suffix}`, { force: true });
  });

  /** A node: its own connection pool to the shared database, its own scheduler with the job-run guard. */
  function node(name: string, clock: ReturnType<typeof fixedClock>, runs: string[]) {
    const handle = dialect === 'postgres' ? openDatabase({ dialect: 'postgres', url: primary.url }, { poolSize: 2 }) : openDatabase({ dialect: 'sqlite', file: primary.url.slice('sqlite:'.length) });
    extra.push(handle);
    const operations = createOperationsService({ database: handle, metrics: createMetrics(), pendingMigrations: async () => [] });
    const timers: (() => void)[] = [];
    const outcomes: string[] = [];
    const scheduler = createScheduler({
      clock,
      timeZone: 'Asia/Makassar',
      guard: operations.jobRunGuard(name, clock),
      onOutcome: (_job, outcome) => outcomes.push(outcome),
      onError: (_job, err) => {
        throw err;
      },
      setTimer: (fn) => timers.push(fn),
      clearTimer: () => undefined,
    });
    const job = scheduler.add({ name: 'test.minutely', pattern: EVERY_MINUTE, run: async () => void runs.push(name) });
    return { fire: () => timers.at(-1)?.(), job, outcomes, scheduler };
  }

  it('three nodes firing the same due minute run it once, and the next minute once again', async () => {
    const clock = fixedClock(Date.parse('2026-12-04T02:00:30Z'));
    const runs: string[] = [];
    const nodes = ['node-a', 'node-b', 'node-c'].map((n) => node(n, clock, runs));
    for (const minute of ['2026-12-04T02:01:00Z', '2026-12-04T02:02:00Z']) {
      clock.set(Date.parse(minute));
      for (const n of nodes) n.fire();
      await Promise.all(nodes.map((n) => n.job.idle()));
    }
    expect(runs).toHaveLength(2);
    const log = await listJobRuns(primary.db, 'test.minutely');
    expect(log.map((r) => r.due_at)).toEqual([Date.parse('2026-12-04T02:01:00Z'), Date.parse('2026-12-04T02:02:00Z')]);
    expect(log.every((r) => r.outcome === 'done' && r.attempts === 1)).toBe(true);
    expect(nodes.flatMap((n) => n.outcomes).sort()).toEqual(['done', 'done', 'skipped', 'skipped', 'skipped', 'skipped']);
    await Promise.all(nodes.map((n) => n.scheduler.stop()));
  });

  it('a claim whose node died mid-run is taken over after the lease, once', async () => {
    const clock = fixedClock(Date.parse('2026-12-04T03:00:00Z'));
    const dead = createOperationsService({ database: primary, metrics: createMetrics(), pendingMigrations: async () => [] }).jobRunGuard('dead-node', clock);
    const dueAt = Date.parse('2026-12-04T03:00:00Z');
    expect(await dead.claim('test.takeover', dueAt)).toBe(true);
    const guards = ['node-b', 'node-c'].map((n) => createOperationsService({ database: primary, metrics: createMetrics(), pendingMigrations: async () => [] }).jobRunGuard(n, clock));
    // Within the lease the run still belongs to the node that claimed it.
    clock.set(dueAt + 5 * 60_000);
    expect(await Promise.all(guards.map((g) => g.claim('test.takeover', dueAt)))).toEqual([false, false]);
    clock.set(dueAt + 11 * 60_000);
    const won = await Promise.all(guards.map((g) => g.claim('test.takeover', dueAt)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const log = await listJobRuns(primary.db, 'test.takeover');
    expect(log).toEqual([expect.objectContaining({ attempts: 2, outcome: null })]);
    expect(log[0]!.node).not.toBe('dead-node');
  });
});

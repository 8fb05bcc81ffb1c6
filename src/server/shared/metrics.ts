/**
 * The process's Prometheus metrics (issue #19), on prom-client. One registry per app instance (tests build many
 * apps in one process; the default global registry would make them collide). What a load balancer's operator needs:
 * requests by route and status with latency, the check-in batches (size and commit time), the scheduler's runs,
 * and gauges read at scrape time (outbox depth and age, the database pool) registered by whoever owns the number.
 */
import client from 'prom-client';

export interface Metrics {
  readonly registry: client.Registry;
  readonly httpRequests: client.Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: client.Histogram<'method' | 'route'>;
  readonly checkinBatchSize: client.Histogram;
  readonly checkinCommitSeconds: client.Histogram;
  readonly jobRuns: client.Counter<'job' | 'outcome'>;
  /** Switches of the heavy reads from the replica to the primary, by reason (lag, unreachable, not-a-standby). */
  readonly readReplicaFallbacks: client.Counter<'reason'>;
  /** A gauge whose value is read when Prometheus scrapes (a query, a pool's counters). */
  gauge(name: string, help: string, read: () => Promise<number> | number): void;
  /** Labelled gauges read at scrape time: one call sets every label combination. */
  gauges(name: string, help: string, labelNames: string[], read: () => Promise<{ labels: Record<string, string>; value: number }[]>): void;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new client.Registry();
  // CPU, memory, event-loop lag, handles: only for the real server (main.ts), not for each test app.
  if (options.processMetrics) client.collectDefaultMetrics({ register: registry, prefix: 'jagabaya_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new client.Counter({ name: 'jagabaya_http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new client.Histogram({
      name: 'jagabaya_http_request_duration_seconds',
      help: 'Time from request to response, by route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    checkinBatchSize: new client.Histogram({ name: 'jagabaya_checkin_batch_size', help: 'Check-ins and check-outs written in one group commit', buckets: [1, 2, 4, 8, 16, 32, 64, 128], registers }),
    checkinCommitSeconds: new client.Histogram({
      name: 'jagabaya_checkin_commit_seconds',
      help: 'Time to write and commit one check-in batch',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    jobRuns: new client.Counter({ name: 'jagabaya_job_runs_total', help: 'Scheduled job runs by outcome (done, failed, skipped: another node claimed the due run)', labelNames: ['job', 'outcome'], registers }),
    readReplicaFallbacks: new client.Counter({ name: 'jagabaya_read_replica_fallbacks_total', help: 'Times the heavy reads left the replica for the primary, by reason (lag, unreachable, not-a-standby)', labelNames: ['reason'], registers }),
    gauge(name, help, read) {
      new client.Gauge({
        name,
        help,
        registers,
        async collect() {
          this.set(await read());
        },
      });
    },
    gauges(name, help, labelNames, read) {
      new client.Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          this.reset();
          for (const { labels, value } of await read()) this.set(labels, value);
        },
      });
    },
  };
}

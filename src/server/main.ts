import { buildApp, createServices } from './app.js';
import { ConfigError, loadConfig, publicUrlWarning } from './config.js';
import { prepareDatabase } from './bootstrap.js';
import { systemClock } from './shared/clock.js';
import { createScheduler, DAILY_AFTER_MIDNIGHT } from './shared/scheduler.js';
import { createMetrics } from './shared/metrics.js';
import { startReadReplica, type ReadReplica } from './db/read-replica.js';
import { registerPoliciesJobs } from './modules/policies/index.js';
import { registerReportJobs } from './modules/reports/index.js';
import { registerCheckinJobs } from './modules/checkins/index.js';
import { registerTracingJobs } from './modules/tracing/index.js';
import { createVenueBandRollups, registerVenueJobs } from './modules/venues/index.js';
import { registerOpenDataJobs } from './modules/open-data/index.js';
import { registerArrivalJobs } from './modules/arrivals/index.js';
import { registerCitizenJobs } from './modules/citizen/index.js';
import { startNotificationJobs } from './modules/notifications/index.js';

function describeDatabase(config: ReturnType<typeof loadConfig>): string {
  if (config.database.dialect === 'sqlite') return `SQLite ${config.database.file}`;
  const url = new URL(config.database.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const clock = systemClock;
  const { database, migrations, regionsLoaded } = await prepareDatabase(config, clock);
  const metrics = createMetrics({ processMetrics: true });
  // The read replica (READ_DATABASE_URL): heavy reads go there while its lag is within READ_REPLICA_MAX_LAG_MS.
  let logReplica: (message: string, fields: Record<string, unknown>) => void = (message, fields) => console.warn(message, fields);
  let replica: ReadReplica | undefined;
  if (config.readDatabase) {
    replica = await startReadReplica({
      primary: database,
      url: config.readDatabase.url,
      maxLagMs: config.readDatabase.maxLagMs,
      onSwitch: ({ to, reason, lagMs }) => {
        if (to === 'primary' && reason) metrics.readReplicaFallbacks.inc({ reason });
        logReplica(to === 'replica' ? 'heavy reads go to the read replica' : `heavy reads fall back to the primary: replica ${reason}`, { reason, lagMs, maxLagMs: config.readDatabase?.maxLagMs });
      },
    });
  }
  const deps = { config, database, clock, reads: replica, logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] } };
  // One set of services (and their caches) for the HTTP app and the background jobs alike.
  const services = createServices({ ...deps, metrics });
  const app = await buildApp(deps, services);
  logReplica = (message, fields) => app.log.warn(fields, message);
  if (config.readDatabaseIgnored) app.log.warn(config.readDatabaseIgnored);
  if (migrations.length > 0) app.log.info({ migrations }, 'migrations applied');
  if (regionsLoaded > 0) app.log.info({ regions: regionsLoaded }, 'Denpasar regions loaded');

  const admin = await services.accounts.ensureBootstrapAdmin({ username: config.adminUsername, password: config.adminPassword });

  await app.listen({ port: config.port, host: config.host });
  // ONE scheduler for every periodic job (croner patterns in the city's time zone; no job overlaps itself).
  // With several nodes on one PostgreSQL, each due run is claimed in job_runs and runs on exactly one of them.
  const scheduler = createScheduler({
    clock,
    timeZone: config.timeZone,
    guard: services.operations.jobRunGuard(config.nodeName ?? `${process.pid}`, clock),
    onOutcome: (job, outcome) => services.metrics.jobRuns.inc({ job, outcome }),
    onDone: (job, result) => app.log.info({ job, result }, 'job done'),
    onError: (job, err) => app.log.error({ job, err }, 'job failed'),
  });
  // Zones of the day and village PKM lifecycle: now (catch-up), then after every local midnight.
  registerPoliciesJobs(scheduler, services.policies);
  // Visits: auto-close after the usual stay (every minute), retention purge (daily).
  registerCheckinJobs(scheduler, { db: database.db, clock, retentionDays: config.visitRetentionDays });
  // Tracing: contacts whose quarantine has ended are discharged, closed cases past their retention deleted (hourly, idempotent).
  registerTracingJobs(scheduler, services.tracing);
  // Venues: ended sanction suspensions reopen (every minute); managers are told when their venue's rules change
  // (every five minutes, and right after a change made here: a publish, a zone count).
  // The open data's venues by compliance band per desa and day (hourly; the first start fills the past).
  const bandRollups = createVenueBandRollups(database.db);
  registerVenueJobs(scheduler, services.sanctionEffects, services.venues, { refresh: () => bandRollups.refreshBandDays({ now: clock.now(), timeZone: config.timeZone }) });
  let rulesCheck: Promise<void> | null = null;
  let rulesCheckAgain = false;
  let rulesChecksStopped = false;
  const checkRulesSoon = (): void => {
    if (rulesChecksStopped) return;
    if (rulesCheck) {
      rulesCheckAgain = true;
      return;
    }
    rulesCheck = services.venues
      .checkRulesChanges()
      .then((result) => app.log.info({ job: 'venues.rules-changes', trigger: 'change', result }, 'job done'))
      .catch((err: unknown) => app.log.error({ job: 'venues.rules-changes', err }, 'job failed'))
      .finally(() => {
        rulesCheck = null;
        if (rulesCheckAgain) {
          rulesCheckAgain = false;
          checkRulesSoon();
        }
      });
  };
  services.policies.onRulesChanged(() => setImmediate(checkRulesSoon));
  registerArrivalJobs(scheduler, services.arrivals);
  // The open data's settled days, published as text (hourly; the first start writes two years).
  registerOpenDataJobs(scheduler, services.openData);
  // The weekly evaluation report (issue #17): Monday 08:00 WITA, last week's report to the subscribed task force.
  registerReportJobs(scheduler, services.reports);
  // The job log's own retention (daily).
  scheduler.add({ name: 'operations.purge-job-runs', pattern: DAILY_AFTER_MIDNIGHT, run: () => services.operations.purgeJobRuns(clock.now()) });
  // Residents' sign-in: expired sessions and old codes (daily).
  registerCitizenJobs(scheduler, { db: database.db, clock });
  // Notifications: the outbox worker (SMS gateway webhook, SMTP, or the log in development), every few seconds.
  const notificationJobs = startNotificationJobs({
    db: database.db,
    clock,
    scheduler,
    secretKey: config.secretKey,
    config: config.notifications,
    log: (fields, message) => app.log.warn(fields, message),
    onDone: (job, result) => app.log.info({ job, result }, 'job done'),
    onError: (job, err) => app.log.error({ job, err }, 'job failed'),
  });
  if (notificationJobs.logOnly) app.log.warn('NOTIFICATIONS ARE ONLY WRITTEN TO THE LOG: set NOTIFY_WEBHOOK_URL and/or SMTP_URL to deliver them');
  const lines = [
    '',
    '  Jaga Baya is running.',
    `  Open:      ${config.publicUrl}/`,
    `  Public:    ${config.publicUrl}  (printed on QR posters and in SMS links)`,
    `  API docs:  ${config.publicUrl}/docs`,
    `  Database:  ${describeDatabase(config)}`,
    ...(replica ? [`  Replica:   ${describeDatabase({ ...config, database: { dialect: 'postgres', url: config.readDatabase!.url } })} for lists and searches (${replica.state().inUse ? 'in use' : `not in use now: ${replica.state().fallbackReason}`}; past ${config.readDatabase!.maxLagMs} ms of lag reads go to the primary)`] : []),
    ...(config.readDatabaseIgnored ? [`  !! ${config.readDatabaseIgnored}`] : []),
    ...notificationJobs.describe().map((line) => `  ${line}`),
  ];
  const addressWarning = publicUrlWarning(config);
  if (addressWarning) {
    app.log.warn(addressWarning);
    lines.push(`  !! ${addressWarning}`);
  }
  if (notificationJobs.logOnly) lines.push('  !! Notifications are NOT delivered: they are written to the log (NOTIFY_MODE=log). See README, Notifications.');
  if (admin) {
    lines.push(`  First administrator created: username "${admin.username}" (scope ${admin.regionCode})`);
    lines.push(admin.generated ? `  Generated password (shown only now, change it after login): ${admin.password}` : '  Password: the ADMIN_PASSWORD you set');
  } else {
    lines.push('  Log in with an existing account (ADMIN_USERNAME/ADMIN_PASSWORD only apply to the very first start).');
  }
  process.stdout.write(lines.join('\n') + '\n\n');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // /readyz answers 503 from now on; behind a load balancer (DRAIN_SECONDS > 0) requests keep being served until it
    // has noticed, then app.close() stops accepting, waits for in-flight requests, then runs onClose hooks.
    services.operations.startDraining();
    const drainMs = (config.drainSeconds ?? 0) * 1000;
    const force = setTimeout(() => process.exit(1), 15_000 + drainMs);
    force.unref();
    // Timers stop now; runs in progress finish before the database closes.
    rulesChecksStopped = true;
    const jobsStopped = Promise.all([scheduler.stop(), rulesCheck]);
    new Promise((resolve) => setTimeout(resolve, drainMs))
      .then(() => app.close())
      .then(() => jobsStopped)
      .then(() => notificationJobs.stop())
      .then(() => services.checkins.close())
      .then(() => replica?.close())
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('Jaga Baya failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});

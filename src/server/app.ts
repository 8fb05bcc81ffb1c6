import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { constants as zlibConstants } from 'node:zlib';
import swaggerUi from '@fastify/swagger-ui';
import type { AppConfig } from './config.js';
import type { DatabaseHandle, Db } from './db/kysely.js';
import { primaryReads, type ReadSource } from './db/read-replica.js';
import type { Clock } from './shared/clock.js';
import { newId } from './shared/ids.js';
import { AppError, problems } from './shared/errors.js';
import { installErrorHandling, sendProblem } from './plugins/errors.js';
import { installSecurityHeaders } from './plugins/security-headers.js';
import { loggerWithRedactedUrls } from './plugins/request-log.js';
import { installValidators } from './plugins/validation.js';
import { installAuth } from './plugins/auth.js';
import { registerOpenApi } from './plugins/openapi.js';
import { pageShells } from './plugins/page-shells.js';
import { webStylesheets, type PublicPageSite } from './shared/public-page.js';
import { timeZoneLabel } from '../common/time-zone-label.js';
import { installRateLimits } from './shared/rate-limit.js';
import { createRegionsService, regionsRoutes } from './modules/regions/index.js';
import { accountsRoutes, createAccountsService } from './modules/accounts/index.js';
import { auditRoutes, createAuditService } from './modules/audit/index.js';
import { createOperationsService, healthRoutes, publicConfigRoutes } from './modules/operations/index.js';
import { createMetrics, type Metrics } from './shared/metrics.js';
import { pendingMigrations } from './db/migrate.js';
import { createPoliciesService, createZoneHistoryReader, policiesRoutes, publicZonesPageRoutes } from './modules/policies/index.js';
import { createSanctionEffects, createVenueAccess, createVenueBandRollups, createVenueManagersService, createVenuesService, publicVenuePagesRoutes, venuesRoutes, type VenueManagerNotifier } from './modules/venues/index.js';
import { createEnforcementPersonRecords, createEnforcementService, createViolationRollups, enforcementRoutes, VIOLATION_WINDOW_MONTHS } from './modules/enforcement/index.js';
import { createHealthPersonRecords, createHealthRecordsService, healthRecordsRoutes } from './modules/health-records/index.js';
import { ARRIVAL_RETENTION_DAYS, arrivalReportPageRoutes, arrivalsRoutes, createArrivalPersonRecords, createArrivalsService } from './modules/arrivals/index.js';
import { citizenRoutes, createCitizenService, RESIDENT_COOKIE } from './modules/citizen/index.js';
import { createScreeningService, screeningPageRoutes, screeningRoutes } from './modules/screening/index.js';
import { checkinPageRoutes, checkinsRoutes, createCheckinInsights, createCheckinRollups, createCheckinLimits, createCheckinWork, createCheckinPersonRecords, createCheckinsService, createRatingsSource } from './modules/checkins/index.js';
import { createCaseRollups, createTracingPersonRecords, createTracingService, followUpPageRoutes, tracingRoutes, tracingSettingsFromEnv } from './modules/tracing/index.js';
import { systemContext } from './shared/request-context.js';
import { createNotificationPersonRecords, createNotificationsService, enqueueNotification, NOTIFICATION_TEXTS, notificationsRoutes, smsText } from './modules/notifications/index.js';
import { PROJECT_ROOT } from './shared/paths.js';
import { createHomeService, homeRoutes } from './modules/home/index.js';
import { createOpenDataDays, createOpenDataService, openDataPageRoutes, openDataRoutes, type OpenDataSources } from './modules/open-data/index.js';
import { createDashboardsService, dashboardsRoutes } from './modules/dashboards/index.js';
import { createReportsService, reportsRoutes } from './modules/reports/index.js';


/** The open data's sources on one database (the primary or the replica): the owners' roll-ups and its published days. */
export function openDataSources(db: Db): OpenDataSources {
  return {
    checkins: createCheckinRollups(db),
    cases: createCaseRollups(db),
    violations: createViolationRollups(db),
    venueBands: createVenueBandRollups(db),
    zones: createZoneHistoryReader(db),
    published: createOpenDataDays(db),
  };
}

export const BODY_LIMIT_BYTES = 64 * 1024;
/** The router's limit on one path parameter (Fastify's default); longer answers 414 problem+json. */
export const MAX_PARAM_LENGTH = 100;

export interface AppDeps {
  config: AppConfig;
  database: DatabaseHandle;
  clock: Clock;
  logger?: FastifyServerOptions['logger'];
  /** The rate limits' key prefix in Redis (shared/rate-limit.ts's default unless a test keeps its own). */
  rateLimitNamespace?: string;
  /** The process's metrics (main.ts passes one with process metrics); a fresh registry otherwise. */
  metrics?: Metrics;
  /**
   * Where reads that may lag a few seconds go (READ_DATABASE_URL: db/read-replica.ts); the primary when unset. Handed
   * to the modules whose heavy reads (lists, exposure finding, dashboards, open data) may use it.
   */
  reads?: ReadSource;
}

export function createServices(deps: AppDeps) {
  const { db } = deps.database;
  const metrics = deps.metrics ?? createMetrics();
  const reads = deps.reads ?? primaryReads(db);
  if (reads.state().configured) {
    metrics.gauge('jagabaya_read_replica_lag_seconds', 'Replica lag behind the primary as last measured (0 when it has replayed all the primary wrote; NaN when unreachable)', () => {
      const lag = reads.state().lagMs;
      return lag === null ? Number.NaN : lag / 1000;
    });
    metrics.gauge('jagabaya_read_replica_in_use', '1 while the heavy reads go to the replica, 0 while they fall back to the primary (lag past READ_REPLICA_MAX_LAG_MS, replica unreachable)', () => (reads.state().inUse ? 1 : 0));
  }
  const regions = createRegionsService({ db, clock: deps.clock });
  const accounts = createAccountsService({ db, clock: deps.clock, regions, timeZone: deps.config.timeZone, cityName: deps.config.cityName, secretKey: deps.config.secretKey });
  // Workflow notifications (issue #18): whoever acts next is told through the outbox, in their own language.
  const policies = createPoliciesService({
    db,
    clock: deps.clock,
    regions,
    timeZone: deps.config.timeZone,
    cityName: deps.config.cityName,
    notifyPkmStep: async (trx, step) => {
      const roles = step.to === 'SUBMITTED' ? (['task_force'] as const) : step.to === 'RECOMMENDED' ? (['approver'] as const) : (['village_officer', 'adat_officer'] as const);
      const kind = step.to === 'SUBMITTED' ? 'pkm_awaiting_review' : step.to === 'RECOMMENDED' ? 'pkm_awaiting_approval' : 'pkm_returned';
      const recipients = await accounts.holdersCovering(trx, roles, [step.regionCode, step.adatRegionCode]);
      await notifications.notifyAccounts(trx, recipients, { kind, params: { region: step.regionName }, key: `pkm:${step.applicationId}:${step.seq}`, regionCode: step.regionCode });
    },
  });
  const ratings = createRatingsSource(db);
  const venueAccess = createVenueAccess({ db, clock: deps.clock, regions });
  const checkins = createCheckinsService({
    database: deps.database,
    clock: deps.clock,
    secretKey: deps.config.secretKey,
    timeZone: deps.config.timeZone,
    rulesInForce: (q) => policies.inForce(q),
    // The citizen module (made below) judges the visitor's status colour at a door that checks it.
    doorStatus: (personKey, at) => citizen.records.doorStatus(personKey, at),
    venueAccess,
    writerThread: deps.config.checkinWriterThread,
    namedStatements: deps.config.databaseNamedStatements ?? true,
    onBatch: (size, seconds) => {
      metrics.checkinBatchSize.observe(size);
      metrics.checkinCommitSeconds.observe(seconds);
    },
  });
  const checkinInsights = createCheckinInsights({ db, reads, clock: deps.clock, timeZone: deps.config.timeZone, rulesInForce: (q) => policies.inForce(q), venueAccess, ratings });
  // A venue's managers as recipients: in-app, their e-mail and phone (opened by the venues module), their language.
  const managersOf = async (trx: Db, venueId: string) => {
    const managers = await venues.managersToTell(trx, venueId);
    const langs = await accounts.languagesOf(trx, managers.map((m) => m.userId));
    return managers.map((m) => ({ userId: m.userId, email: m.email, phone: m.phone, lang: langs.get(m.userId) ?? 'id' }));
  };
  // A venue's status changed (an officer's decision or an enforcement sanction): one function tells its managers.
  const notifyVenueManagers: VenueManagerNotifier = async (trx, event) => {
    await notifications.notifyAccounts(trx, await managersOf(trx, event.venueId), { kind: event.kind, params: { ...event.params, venue: event.venueName }, key: event.key, regionCode: event.regionCode });
  };
  const venues = createVenuesService({
    db,
    reads,
    clock: deps.clock,
    regions,
    timeZone: deps.config.timeZone,
    cityName: deps.config.cityName,
    publicUrl: deps.config.publicUrl,
    secretKey: deps.config.secretKey,
    ratings,
    rules: (q) => policies.inForce(q),
    access: venueAccess,
    notifyManagers: notifyVenueManagers,
    // The rules in force for a venue changed (a rule set, or its desa's zone): what changed, in each reader's words.
    notifyRulesChanged: async (trx, change) => {
      await notifications.notifyAccounts(trx, await managersOf(trx, change.venueId), { kind: 'venue_rules_changed', params: { venue: change.venueName, changes: change.changes }, key: change.key, regionCode: change.regionCode });
    },
  });
  const venueManagers = createVenueManagersService({
    db,
    clock: deps.clock,
    regions,
    accounts,
    secretKey: deps.config.secretKey,
    publicUrl: deps.config.publicUrl,
    enqueue: (trx, message) => enqueueNotification(trx, deps.clock, message, deps.config.secretKey),
  });
  const tracingSettings = tracingSettingsFromEnv();
  const healthPersonRecords = createHealthPersonRecords({ db, secretKey: deps.config.secretKey });
  const tracing = createTracingService({
    db,
    reads,
    clock: deps.clock,
    secretKey: deps.config.secretKey,
    timeZone: deps.config.timeZone,
    publicUrl: deps.config.publicUrl,
    settings: tracingSettings,
    regions,
    venueAccess,
    personKeyOf: (phone) => checkins.personKeyOf(phone),
    decryptVisitPerson: (row) => checkins.decryptPerson(row),
    // A confirmed case visited a venue: its managers are told like of any other step, in their own language.
    notifyVenueManagers: async (trx, notice) => {
      await notifications.notifyAccounts(trx, await managersOf(trx, notice.venueId), { kind: 'venue_case_notice', params: { venue: notice.venueName, span: notice.span, zone: notice.zone }, key: notice.key, regionCode: notice.regionCode });
    },
    personTests: async (personKey, niks) => (await healthPersonRecords.of(personKey, niks)).tests,
    recordActiveCases: (input) => policies.recordActiveCases(systemContext, input, 'case_register'),
    // The outbox row is written in the transaction that confirms the contact (or notices the venue).
    enqueue: (trx, message) => enqueueNotification(trx, deps.clock, message, deps.config.secretKey),
    contactText: (lang, params) => smsText(NOTIFICATION_TEXTS.contact, lang, params),
    selfIsolationText: (lang, params) => smsText(NOTIFICATION_TEXTS.selfIsolation, lang, params),
  });
  const notifications = createNotificationsService({ db, clock: deps.clock, secretKey: deps.config.secretKey, personKeysProvenBy: (claims) => checkins.provenPersonKeys(claims), rootCodes: () => regions.rootCodes(), languageOf: async (userId) => (await accounts.languagesOf(db, [userId])).get(userId) ?? 'id' });
  const sanctionEffects = createSanctionEffects({ db, clock: deps.clock, timeZone: deps.config.timeZone, notifyManagers: notifyVenueManagers });
  const enforcement = createEnforcementService({
    db,
    clock: deps.clock,
    timeZone: deps.config.timeZone,
    cityName: deps.config.cityName,
    secretKey: deps.config.secretKey,
    regions,
    venueAccess,
    effects: sanctionEffects,
    refreshCompliance: (venueId, trigger) => venues.refreshCompliance(venueId, trigger),
    referSuspect: (ctx, input) => tracing.referSuspect(ctx, input),
  });
  const arrivals = createArrivalsService({
    db,
    clock: deps.clock,
    timeZone: deps.config.timeZone,
    secretKey: deps.config.secretKey,
    regions,
    // The 14-day self-isolation is followed with tracing's daily self-report link (/k/), opened at the officer's visit.
    followUps: {
      start: (trx, ctx, input) => tracing.startSelfIsolation(trx, ctx, input),
      views: (ids) => tracing.selfIsolations(ids),
      remove: (trx, ids) => tracing.deleteSelfIsolations(trx, ids),
    },
  });
  const audit = createAuditService({ db, clock: deps.clock, regions, timeZone: deps.config.timeZone });
  const operations = createOperationsService({ database: deps.database, metrics, pendingMigrations: () => pendingMigrations(db, deps.config.secretKey) });
  const screening = createScreeningService({ db, clock: deps.clock, secretKey: deps.config.secretKey, timeZone: deps.config.timeZone, regions });
  // The resident's own space: each module hands over the person's records it holds (and opens its own sealed fields).
  const citizen = createCitizenService({
    db,
    clock: deps.clock,
    secretKey: deps.config.secretKey,
    timeZone: deps.config.timeZone,
    personKeyOf: (phone) => checkins.personKeyOf(phone),
    enqueue: (trx, message) => enqueueNotification(trx, deps.clock, message, deps.config.secretKey),
    codeText: (lang, params) => smsText(NOTIFICATION_TEXTS.residentCode, lang, params),
    visitRetentionDays: deps.config.visitRetentionDays,
    tracingRetentionDays: tracingSettings.retentionDays,
    violationWindowMonths: VIOLATION_WINDOW_MONTHS,
    arrivalRetentionDays: ARRIVAL_RETENTION_DAYS,
    checkins: createCheckinPersonRecords({ db }),
    tracing: createTracingPersonRecords({ db, secretKey: deps.config.secretKey, settings: tracingSettings }),
    enforcement: createEnforcementPersonRecords({ db, secretKey: deps.config.secretKey }),
    arrivals: createArrivalPersonRecords({ db, secretKey: deps.config.secretKey }),
    notifications: createNotificationPersonRecords({ db, secretKey: deps.config.secretKey }),
    screening: screening.personRecords,
    cityName: deps.config.cityName,
    regionNames: async (codes) => new Map((await Promise.all(codes.map((code) => regions.get(code).catch(() => null)))).filter((r) => r !== null).map((r) => [r.code, { name: r.name, type: r.type }])),
    health: healthPersonRecords,
  });
  // The staff home page: each module counts its own kinds of waiting work in the caller's scope.
  const checkinWork = createCheckinWork({ db, clock: deps.clock, managedVenueIds: (userId) => venues.managedVenueIds(userId) });
  const home = createHomeService({ providers: [(ctx) => venues.venueWork(ctx), (ctx) => policies.pkmWork(ctx), (ctx) => tracing.tracingWork(ctx), (ctx) => checkinWork.managerWork(ctx)] });
  const healthRecords = createHealthRecordsService({ db, clock: deps.clock, timeZone: deps.config.timeZone, secretKey: deps.config.secretKey, personKeyOf: (phone) => checkins.personKeyOf(phone) });
  // The public open data (issue #17): the daily roll-ups through their owners' front doors.
  const openData = createOpenDataService({
    regions,
    db,
    reads,
    sources: openDataSources,
    clock: deps.clock,
    timeZone: deps.config.timeZone,
  });
  // Dashboards (issue #17): panels whose figures each come from their owner module's front door.
  const dashboards = createDashboardsService({ db, reads, clock: deps.clock, timeZone: deps.config.timeZone, clusterDays: tracingSettings.clusterDays, regions });
  const reports = createReportsService({ db, clock: deps.clock, secretKey: deps.config.secretKey, timeZone: deps.config.timeZone, cityName: deps.config.cityName, publicUrl: deps.config.publicUrl, dashboards });
  return { dashboards, reports, regions, accounts, policies, venues, venueManagers, checkins, checkinInsights, ratings, tracing, enforcement, sanctionEffects, arrivals, notifications, audit, operations, citizen, screening, home, healthRecords, openData, metrics };
}
export type AppServices = ReturnType<typeof createServices>;

/** Fastify runs a hop count as this function (its types name only the other forms). */
function trustProxyOption(trust: number | string[] | false): string[] | boolean | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/** Builds the whole HTTP application without listening (tests use app.inject; main.ts listens). */
export async function buildApp(deps: AppDeps, services: AppServices = createServices(deps)): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: loggerWithRedactedUrls(deps.logger ?? false),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{8,64}$/.test(incoming) ? incoming : newId();
    },
    requestIdHeader: false,
    // A hop count or the proxies' addresses only (config.ts): `true` would believe a client's own X-Forwarded-For.
    trustProxy: trustProxyOption(config.trustProxy ?? false),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // The router's own refusals (a parameter over the length limit, a malformed URL) answer problem+json like the rest.
    frameworkErrors: (error, request, reply) => {
      const appError =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new AppError(414, 'uri-too-long', 'uriTooLong.title', 'uriTooLong.detail', { limit: MAX_PARAM_LENGTH })
          : new AppError(400, 'bad-request', 'badRequest.title');
      void sendProblem(request, reply, appError);
    },
  });

  installValidators(app);
  // JSON only: anything else is refused with 415 rather than half-parsed.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app, BODY_LIMIT_BYTES, config.publicUrl);
  await installSecurityHeaders(app, { publicUrl: config.publicUrl, tileUrl: config.tileUrl });
  // Graceful shutdown: once closing, answers ask the client to drop the connection, so a kept-alive socket of an
  // in-flight request does not hold the process open after its response.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    if (closing) reply.header('connection', 'close');
  });

  await app.register(cookie);
  // Text answers (pages, JSON lists, the region boundaries) are compressed on the fly when over 1 KB; the built web
  // app's files are compressed once at build time (scripts/precompress.mjs) and served as they are. Brotli at a
  // middle quality: its best setting costs far more CPU per answer than it saves bytes.
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } },
  });
  await registerOpenApi(app, { publicUrl: config.publicUrl });
  // The documentation page brings its own CSP (hashes of its inline parts), made as strict about framing as ours.
  const https = config.publicUrl.startsWith('https:');
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(https ? /$^/ : /\s*upgrade-insecure-requests;?/, ''),
  });
  installAuth(app, services.accounts, services.citizen.signIn);
  // Who is signed in as a resident on this browser (the resident cookie), for the check-in door's status check.
  const residentKeyOf = async (request: FastifyRequest): Promise<string | null> => {
    const token = request.cookies[RESIDENT_COOKIE];
    return token ? ((await services.citizen.signIn.authenticate(token))?.personKey ?? null) : null;
  };
  // Only routes that declare `config.rateLimit` are limited (shared through Redis when REDIS_URL is set).
  const rateCounters = await installRateLimits(app, { clock: deps.clock, redisUrl: config.redisUrl, ...(deps.rateLimitNamespace ? { nameSpace: deps.rateLimitNamespace } : {}) });
  // The public check-in surface's limits, made once so that the API and the page's forms share their counters.
  const checkinLimits = createCheckinLimits(rateCounters, { scale: config.publicRateLimitScale });

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
  // Requests by route pattern (never the raw URL: ids would make a series per record) and status, with latency.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    services.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    services.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  await app.register(healthRoutes, { operations: services.operations, metricsToken: config.metricsToken ?? null });

  await app.register(
    async (api) => {
      await api.register(publicConfigRoutes, { cityName: config.cityName, timeZone: config.timeZone, tileUrl: config.tileUrl, tileAttribution: config.tileAttribution, publicUrl: config.publicUrl, publicUrlProblem: config.publicUrlProblem });
      await api.register(regionsRoutes, { regions: services.regions });
      await api.register(accountsRoutes, { accounts: services.accounts, secureCookies: config.secureCookies });
      await api.register(auditRoutes, { audit: services.audit, timeZone: config.timeZone });
      await api.register(policiesRoutes, { policies: services.policies });
      await api.register(venuesRoutes, { venues: services.venues, venueManagers: services.venueManagers, secureCookies: config.secureCookies, clock: deps.clock });
      await api.register(checkinsRoutes, { residentKeyOf, checkins: services.checkins, insights: services.checkinInsights, timeZone: config.timeZone, limits: checkinLimits });
      await api.register(tracingRoutes, { tracing: services.tracing, timeZone: config.timeZone });
      await api.register(enforcementRoutes, { enforcement: services.enforcement });
      await api.register(arrivalsRoutes, { arrivals: services.arrivals });
      await api.register(homeRoutes, { home: services.home });
      await api.register(reportsRoutes, { reports: services.reports });
      await api.register(dashboardsRoutes, { dashboards: services.dashboards, stream: config.dashboardStream ?? { tickMs: 30_000, lifetimeMs: 10 * 60_000 } });
      await api.register(healthRecordsRoutes, { healthRecords: services.healthRecords });
      await api.register(citizenRoutes, { citizen: services.citizen, secureCookies: config.secureCookies });
      await api.register(screeningRoutes, { screening: services.screening });
      await api.register(openDataRoutes, { openData: services.openData, publicUrl: config.publicUrl, limitScale: config.publicRateLimitScale });
      await api.register(notificationsRoutes, {
        notifications: services.notifications,
        timeZone: config.timeZone,
        inboxLimits: { perAddress: checkinLimits.perAddress.deviceRead, perDevice: (request, reply, claims) => checkinLimits.deviceRead(request, reply, claims) },
      });
    },
    { prefix: '/api/v1' },
  );

  // The contact's personal follow-up page (GET/POST /k/{token}): the tracing module owns it.
  await app.register(followUpPageRoutes, { tracing: services.tracing, limitScale: config.publicRateLimitScale });

  // The resident's self-screening page (GET/POST /skrining): the screening module owns it; a signed-in resident may send it.
  await app.register(screeningPageRoutes, {
    screening: services.screening,
    timeZone: config.timeZone,
    limitScale: config.publicRateLimitScale,
    residentOf: async (request) => {
      const token = request.cookies[RESIDENT_COOKIE];
      return token ? services.citizen.signIn.authenticate(token) : null;
    },
  });

  const indexHtml = path.join(config.webDir, 'index.html');
  const hasWeb = existsSync(indexHtml);
  const indexHtmlText = hasWeb ? readFileSync(indexHtml, 'utf8') : null;
  // What the public pages the server draws (shared/public-page.ts) share: the city, the zone label, the app's stylesheet.
  const publicSite: PublicPageSite = { cityName: config.cityName, zoneLabel: timeZoneLabel(config.timeZone), stylesheets: webStylesheets(indexHtmlText) };

  // The public zone page (GET /zona): the policies module owns it, with the regions module's desa boundaries.
  await app.register(publicZonesPageRoutes, {
    policies: services.policies,
    boundaries: () => services.regions.geojson('village'),
    site: publicSite,
    clock: deps.clock,
    limitScale: config.publicRateLimitScale,
  });

  // The public venue list and a venue's page (GET /tempat, /tempat/{id}), drawn by the server: the venues module owns them.
  await app.register(publicVenuePagesRoutes, { venues: services.venues, regions: services.regions, site: publicSite, limitScale: config.publicRateLimitScale });

  // The newcomer's self-report (GET/POST /lapor-diri, no script): the arrivals module owns it; /lapor-diri/kos stays in the web app.
  await app.register(arrivalReportPageRoutes, { arrivals: services.arrivals, villages: () => services.regions.villages(), site: publicSite, clock: deps.clock, timeZone: config.timeZone });

  // The public open-data page (GET /open-data): the open-data module owns it.
  await app.register(openDataPageRoutes, { openData: services.openData, cityName: config.cityName, limitScale: config.publicRateLimitScale });

  // The page a poster's QR opens (GET /c/{token}) and its script: the checkins module owns them.
  await app.register(checkinPageRoutes, {
    checkins: services.checkins,
    residentKeyOf,
    timeZone: config.timeZone,
    cityName: config.cityName,
    retentionDays: config.visitRetentionDays,
    assetsDir: path.join(PROJECT_ROOT, 'dist', 'checkin'),
    limits: checkinLimits,
  });

  // Public pages whose header and title come in the first HTML (plugins/page-shells.ts): painted before any script.
  const shellOf = indexHtmlText ? pageShells(indexHtmlText, { cityName: config.cityName, timeZoneLabel: timeZoneLabel(config.timeZone) }) : () => null;
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: config.webDir,
      wildcard: false,
      index: false,
      preCompressed: true,
      // Files under assets/ carry a hash of their content in the name: a new build has new names, so they never go stale.
      setHeaders: (res, filePath) => {
        const file = path.relative(config.webDir, filePath);
        // index.html names this build's files: a browser must ask again, or after a deploy it asks for files now gone.
        if (file === 'index.html') res.header('cache-control', 'no-cache');
        else res.header('cache-control', file.startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage && hasWeb) {
      // Client-side routes (/regions, /users …) all load the single-page app.
      const shell = shellOf(request.url.split('?')[0] ?? '');
      if (shell) return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(shell);
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(request, reply, problems.notFound());
  });

  return app;
}

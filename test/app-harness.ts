import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, createServices, type AppServices } from '../src/server/app.js';
import type { AppConfig } from '../src/server/config.js';
import type { Dialect } from '../src/server/db/kysely.js';
import { notificationDataKey, openNotification, type OpenedNotification } from '../src/server/modules/notifications/notifications.outbox.js';
import { fixedClock } from '../src/server/shared/clock.js';
import { createTestDatabase, TEST_SECRET_KEY, type TestDatabase } from './databases.js';

export const ADMIN = { username: 'admin', password: 'admin-password-123' };
export const DENPASAR = '51.71';
export const SELATAN = '51.71.01';
export const TIMUR = '51.71.02';
export const SERANGAN = '51.71.01.1001';
export const PEDUNGAN = '51.71.01.1002';
export const KESIMAN = '51.71.02.1003';

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    database: { dialect: 'sqlite', file: ':memory:' },
    publicUrl: 'http://jagabaya.test',
    publicUrlProblem: null,
    adminUsername: undefined,
    adminPassword: undefined,
    secretKey: TEST_SECRET_KEY,
    varDir: '/nonexistent',
    logLevel: 'silent',
    tileUrl: null,
    tileAttribution: null,
    timeZone: 'Asia/Makassar',
    cityName: 'Kota Denpasar',
    webDir: '/nonexistent',
    secureCookies: false,
    visitRetentionDays: 21,
    checkinWriterThread: false,
    notifications: { mode: 'log', webhook: null, smtp: null, maxAttempts: 8, retentionDays: 30 },
    redisUrl: null,
    publicRateLimitScale: 1,
    // A dashboard event stream answered to app.inject ends only when its lifetime does: short, so a test (the fuzz
    // test reaches it with valid input too) never waits the production 10 minutes.
    dashboardStream: { tickMs: 30, lifetimeMs: 200 },
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  services: AppServices;
  clock: ReturnType<typeof fixedClock>;
  request(opts: InjectOptions & { cookie?: string }): Promise<LightMyRequestResponse>;
  /** Logs in and returns the Cookie header value. */
  login(username: string, password: string): Promise<string>;
  /** Creates a staff user through the API as the bootstrap admin and returns its cookie. */
  staff(username: string, assignments: { role: string; regionCode: string }[]): Promise<{ id: string; cookie: string }>;
  adminCookie: string;
  /** The outbox's e-mails to this address, oldest first, opened. */
  mailsTo(email: string): Promise<OpenedNotification[]>;
  /**
   * A venue manager's whole sign-up: the form (202), the link from the mail, its confirmation. Answers the
   * confirmation's response (201 with the id, and the session cookie) or throws with the step that failed.
   */
  signUpManager(payload: { name: string; email: string; phone: string; password: string }, remoteAddress?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The token of the confirmation link in a sign-up mail (after the '#'). */
export function signupTokenIn(body: string): string {
  const match = /\/daftar-pengelola\/konfirmasi#([A-Za-z0-9._-]+)/.exec(body);
  if (!match) throw new Error(`no confirmation link in: ${body}`);
  return match[1]!;
}

/** `options.database`: a database prepared by the test (e.g. migrated with rows of an earlier schema), closed with the app. */
export async function createTestApp(dialect: Dialect, overrides: Partial<AppConfig> = {}, options: { sqliteFile?: string; database?: TestDatabase; rateLimitNamespace?: string } = {}): Promise<TestApp> {
  const clock = fixedClock(Date.parse('2026-11-29T02:00:00Z'));
  const config = testConfig(overrides);
  const database = options.database ?? (await createTestDatabase(dialect, { clock, sqliteFile: options.sqliteFile, secretKey: config.secretKey }));
  const deps = { config, database, clock, ...(options.rateLimitNamespace ? { rateLimitNamespace: options.rateLimitNamespace } : {}) };
  const services = createServices(deps);
  await services.accounts.ensureBootstrapAdmin(ADMIN);
  const app = await buildApp(deps, services);
  await app.ready();

  const request: TestApp['request'] = ({ cookie, headers, ...opts }) =>
    app.inject({ ...opts, headers: { ...(headers ?? {}), ...(cookie ? { cookie } : {}) } });

  const login = async (username: string, password: string) => {
    const res = await request({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    return String(first).split(';')[0]!;
  };

  const adminCookie = await login(ADMIN.username, ADMIN.password);
  const staffPassword = 'staff-password-123';
  const staff: TestApp['staff'] = async (username, assignments) => {
    const res = await request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: adminCookie,
      payload: { username, password: staffPassword, displayName: username, assignments },
    });
    if (res.statusCode !== 201) throw new Error(`create ${username} failed: ${res.statusCode} ${res.body}`);
    return { id: res.json<{ id: string }>().id, cookie: await login(username, staffPassword) };
  };

  const mailsTo: TestApp['mailsTo'] = async (email) => {
    const key = notificationDataKey(config.secretKey);
    const rows = await database.db.selectFrom('notifications').selectAll().where('channel', '=', 'email').orderBy('id').execute();
    return rows.map((row) => openNotification(key, row)).filter((m) => m.to === email.toLowerCase());
  };

  const signUpManager: TestApp['signUpManager'] = async (payload, remoteAddress) => {
    const signup = await request({ method: 'POST', url: '/api/v1/venue-managers/signup', remoteAddress, payload });
    if (signup.statusCode !== 202) throw new Error(`signup ${payload.email}: ${signup.statusCode} ${signup.body}`);
    const mail = (await mailsTo(payload.email)).at(-1);
    if (!mail) throw new Error(`no mail to ${payload.email}`);
    return request({ method: 'POST', url: '/api/v1/venue-managers/signup/confirm', remoteAddress, payload: { token: signupTokenIn(mail.body) } });
  };

  return {
    app,
    database,
    services,
    clock,
    request,
    login,
    staff,
    adminCookie,
    mailsTo,
    signUpManager,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

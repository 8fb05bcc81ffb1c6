import os from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { isLoopbackHost } from './shared/net.js';

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string };

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  publicUrl: string;
  /**
   * Why PUBLIC_URL cannot be what residents' phones open (unset, or a loopback address), or null when it can. Posters
   * and SMS links carry PUBLIC_URL, so the start banner and the administrators' screens say this until it is fixed.
   */
  publicUrlProblem: 'unset' | 'loopback' | null;
  adminUsername: string | undefined;
  adminPassword: string | undefined;
  /** 32 bytes; sessions and encryption keys are derived from it. */
  secretKey: Buffer;
  varDir: string;
  logLevel: string;
  tileUrl: string | null;
  tileAttribution: string | null;
  timeZone: string;
  cityName: string;
  /** Serve the built web app from this folder when it exists. */
  webDir: string;
  secureCookies: boolean;
  /** Days a visit (name, phone, times) is kept before the daily purge deletes it. */
  visitRetentionDays: number;
  /** SQLite: write check-ins from a thread beside the event loop (CHECKIN_WRITER_THREAD=0 keeps them on it). */
  checkinWriterThread: boolean;
  /** Outbox delivery: SMS/WhatsApp gateway webhook, SMTP, or the log (development). */
  notifications: NotificationsConfig;
  /** redis:// or rediss:// URL: request rate limits (sign-up) shared by every API process; null keeps them in memory. */
  redisUrl: string | null;
  /**
   * Multiplies every limit of the public check-in surface (modules/checkins/checkin-limits.ts). 1 in production; a
   * load test that sends thousands of check-ins a second from one address raises it rather than turning limits off,
   * so the limiter's own cost stays in what it measures.
   */
  publicRateLimitScale: number;
  /**
   * Which proxies' X-Forwarded-For to believe: a hop count (1: the one reverse proxy in front) or the proxies' addresses
   * and CIDR ranges; false (unset) believes none. Never "every hop", which would believe a client's own header.
   */
  trustProxy?: number | string[] | false;
  /** PostgreSQL named prepared statements (DATABASE_NAMED_STATEMENTS=0 behind PgBouncer in transaction mode). */
  databaseNamedStatements?: boolean;
  /** The dashboard's event stream: a refresh tick every tickMs, closed after lifetimeMs (the browser reconnects); tests shorten both. */
  dashboardStream?: { tickMs: number; lifetimeMs: number };
  /** Bearer token for /metrics (METRICS_TOKEN); unset: /metrics answers loopback callers only. */
  metricsToken?: string | null;
  /** This process's name in the job-run claims and logs (NODE_NAME; default host:pid). */
  nodeName?: string;
  /** Seconds /readyz answers 503 before the process stops accepting (DRAIN_SECONDS; 0 by default, 5 behind a load balancer). */
  drainSeconds?: number;
  /**
   * A PostgreSQL streaming replica for the heavy reads (READ_DATABASE_URL) and the lag past which reads go back to the
   * primary (READ_REPLICA_MAX_LAG_MS, default 5000); null without a replica. See db/read-replica.ts.
   */
  readDatabase?: { url: string; maxLagMs: number } | null;
  /** Set when READ_DATABASE_URL is given but not used (SQLite): the start banner says so. */
  readDatabaseIgnored?: string | null;
}

export interface NotifyWebhookConfig {
  url: string;
  /** "Authorization: Bearer …" split at the first colon. */
  authHeader: { name: string; value: string } | null;
  /** JSON body with {{to}}, {{body}}, {{id}} (and {{subject}}, {{lang}}) placeholders, filled JSON-escaped. */
  template: string;
  timeoutMs: number;
}

export interface NotifySmtpConfig {
  url: string;
  from: string;
  timeoutMs: number;
}

export interface NotificationsConfig {
  /** 'log': every message goes to the log (development); 'live': configured channels deliver, others log. */
  mode: 'log' | 'live';
  webhook: NotifyWebhookConfig | null;
  smtp: NotifySmtpConfig | null;
  /** Attempts before a message is marked failed and kept for the operator. */
  maxAttempts: number;
  /** Days a sent or failed message (encrypted recipient and text) is kept before the purge deletes it. */
  retentionDays: number;
}

export const DEFAULT_NOTIFY_TEMPLATE = '{"to":"{{to}}","body":"{{body}}","id":"{{id}}"}';
const TEMPLATE_PLACEHOLDER = /\{\{(to|body|id|subject|lang)\}\}/g;

/** Fills a webhook body template; each value is JSON-escaped, so the template's quotes enclose it. */
export function renderNotifyTemplate(template: string, values: Record<'to' | 'body' | 'id' | 'subject' | 'lang', string>): string {
  return template.replace(TEMPLATE_PLACEHOLDER, (_whole, name: keyof typeof values) => JSON.stringify(values[name]).slice(1, -1));
}

function parseWholeNumber(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function parseNotifications(env: NodeJS.ProcessEnv): NotificationsConfig {
  const timeoutMs = parseWholeNumber(env.NOTIFY_TIMEOUT_MS, 'NOTIFY_TIMEOUT_MS', 10_000, 100, 120_000);
  const maxAttempts = parseWholeNumber(env.NOTIFY_MAX_ATTEMPTS, 'NOTIFY_MAX_ATTEMPTS', 8, 1, 50);
  const retentionDays = parseWholeNumber(env.NOTIFY_RETENTION_DAYS, 'NOTIFY_RETENTION_DAYS', 30, 1, 365);
  let webhook: NotifyWebhookConfig | null = null;
  if (env.NOTIFY_WEBHOOK_URL) {
    let url: URL;
    try {
      url = new URL(env.NOTIFY_WEBHOOK_URL);
    } catch {
      throw new ConfigError(`NOTIFY_WEBHOOK_URL must be an http(s) URL, got "${env.NOTIFY_WEBHOOK_URL}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`NOTIFY_WEBHOOK_URL must be an http(s) URL, got "${env.NOTIFY_WEBHOOK_URL}"`);
    // Phone numbers and message texts cross this link: TLS, except to a gateway on this machine.
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      throw new ConfigError('NOTIFY_WEBHOOK_URL must use https:// (plain http:// only to a gateway on this machine: localhost, 127.0.0.1 or ::1)');
    }
    let authHeader: NotifyWebhookConfig['authHeader'] = null;
    if (env.NOTIFY_WEBHOOK_AUTH_HEADER) {
      const raw = env.NOTIFY_WEBHOOK_AUTH_HEADER;
      const colon = raw.indexOf(':');
      const name = colon > 0 ? raw.slice(0, colon).trim() : '';
      const value = colon > 0 ? raw.slice(colon + 1).trim() : '';
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || value === '' || /[\r\n]/.test(value)) {
        throw new ConfigError('NOTIFY_WEBHOOK_AUTH_HEADER must be "Header-Name: value", e.g. "Authorization: Bearer abc123"');
      }
      authHeader = { name, value };
    }
    const template = env.NOTIFY_WEBHOOK_TEMPLATE || DEFAULT_NOTIFY_TEMPLATE;
    if (!template.includes('{{to}}') || !template.includes('{{body}}')) {
      throw new ConfigError('NOTIFY_WEBHOOK_TEMPLATE must contain the {{to}} and {{body}} placeholders (and may use {{id}}, {{subject}}, {{lang}})');
    }
    try {
      JSON.parse(renderNotifyTemplate(template, { to: '+6281234567890', body: 'a "quoted"\nline', id: 'x', subject: 's', lang: 'id' }));
    } catch {
      throw new ConfigError(`NOTIFY_WEBHOOK_TEMPLATE is not valid JSON once filled in; put each placeholder inside quotes, e.g. ${DEFAULT_NOTIFY_TEMPLATE}`);
    }
    webhook = { url: url.toString(), authHeader, template, timeoutMs };
  } else if (env.NOTIFY_WEBHOOK_AUTH_HEADER || env.NOTIFY_WEBHOOK_TEMPLATE) {
    throw new ConfigError('NOTIFY_WEBHOOK_AUTH_HEADER and NOTIFY_WEBHOOK_TEMPLATE need NOTIFY_WEBHOOK_URL');
  }
  let smtp: NotifySmtpConfig | null = null;
  if (env.SMTP_URL) {
    let url: URL;
    try {
      url = new URL(env.SMTP_URL);
    } catch {
      throw new ConfigError('SMTP_URL must look like smtp://user:password@host:587 (or smtps:// for TLS on connect)');
    }
    if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '') {
      throw new ConfigError('SMTP_URL must look like smtp://user:password@host:587 (or smtps:// for TLS on connect)');
    }
    const from = env.SMTP_FROM ?? '';
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(from) && !/^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(from)) {
      throw new ConfigError('SMTP_FROM must be an e-mail address, e.g. "Jaga Baya <noreply@denpasarkota.go.id>"');
    }
    smtp = { url: env.SMTP_URL, from, timeoutMs };
  } else if (env.SMTP_FROM) {
    throw new ConfigError('SMTP_FROM needs SMTP_URL');
  }
  const modeRaw = env.NOTIFY_MODE || (webhook || smtp ? 'live' : 'log');
  if (modeRaw !== 'log' && modeRaw !== 'live') throw new ConfigError(`NOTIFY_MODE must be "log" or "live", got "${modeRaw}"`);
  if (modeRaw === 'live' && !webhook && !smtp) throw new ConfigError('NOTIFY_MODE=live needs NOTIFY_WEBHOOK_URL and/or SMTP_URL');
  return { mode: modeRaw, webhook, smtp, maxAttempts, retentionDays };
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`${name} must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return n;
}

function parseDatabase(raw: string | undefined, varDir: string): DatabaseConfig {
  if (raw === undefined || raw === '') return { dialect: 'sqlite', file: path.join(varDir, 'jagabaya.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length);
    if (file === '') throw new ConfigError('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./var/db.sqlite');
    return { dialect: 'sqlite', file };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL is not a valid postgres:// URL');
    }
    return { dialect: 'postgres', url: raw };
  }
  throw new ConfigError('DATABASE_URL must be unset (embedded SQLite), sqlite:PATH or postgres://…');
}

function parseLimitScale(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale < 1 || scale > 1_000_000) {
    throw new ConfigError(`PUBLIC_RATE_LIMIT_SCALE must be a number from 1 (the default) to 1000000, got "${raw}"`);
  }
  return scale;
}

function parseRedisUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL must look like redis://host:6379 (or rediss:// for TLS, redis://:password@host:6379/0)');
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    throw new ConfigError('REDIS_URL must look like redis://host:6379 (or rediss:// for TLS, redis://:password@host:6379/0)');
  }
  return raw;
}

/**
 * The CSP source of a Leaflet tile URL template (`https://{s}.tile.example.org/{z}/{x}/{y}.png`): its scheme and
 * host, a `{s}`-style placeholder in the first label becoming `*`. Null when the template has no usable origin
 * (loadConfig refuses such a MAP_TILE_URL at start).
 */
export function tileImageSource(tileUrl: string): string | null {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(tileUrl);
  if (!match) return null;
  const scheme = match[1]!;
  const hostPort = match[2]!;
  const labels = hostPort.split('.');
  const first = labels[0]!.replace(/^\{[a-z]+\}$/i, '*');
  const host = [first, ...labels.slice(1)].join('.');
  if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i.test(host)) return null;
  return `${scheme.toLowerCase()}://${host.toLowerCase()}`;
}

const TRUST_PROXY_HELP =
  'TRUST_PROXY must be the number of reverse proxies in front of the server (e.g. 1) or a comma-separated list of their addresses or CIDR ranges (e.g. 10.0.0.5,192.168.1.0/24)';

/** TRUST_PROXY: a hop count (1–10) or a list of IP addresses/CIDR ranges; "true" or "*" (trust everyone) is refused. */
export function parseTrustProxy(raw: string | undefined): number | string[] | false {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '0') return false;
  const value = raw.trim();
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new ConfigError(`${TRUST_PROXY_HELP}; got "${raw}"`);
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address ?? '');
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32));
    if (version === 0 || !prefixOk || rest.length > 0) throw new ConfigError(`${TRUST_PROXY_HELP}; got "${raw}"`);
  }
  return entries;
}

/** MAP_TILE_URL: an http(s) template whose host is fixed or has a `{s}` placeholder as its first label (the CSP names it). */
function parseTileUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (tileImageSource(raw) === null) {
    throw new ConfigError(`MAP_TILE_URL must be an http(s) URL template such as https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png, got "${raw}"`);
  }
  return raw;
}

/** The instance key: SECRET_KEY (64 hex chars or base64 of 32 bytes), else ./var/secret.key, generated once. */
function loadSecretKey(raw: string | undefined, varDir: string): Buffer {
  if (raw !== undefined && raw !== '') {
    const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) throw new ConfigError('SECRET_KEY must be 32 bytes: 64 hex characters or base64');
    return key;
  }
  const file = path.join(varDir, 'secret.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new ConfigError(`${file} is damaged: it must hold 32 bytes in base64`);
    return key;
  }
  mkdirSync(varDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

/** A phone cannot open a poster's link to this machine's loopback; an unset PUBLIC_URL defaults to one. */
export function publicUrlProblem(setting: string | undefined, publicUrl: string): AppConfig['publicUrlProblem'] {
  if (!setting) return 'unset';
  return isLoopbackHost(new URL(publicUrl).hostname) ? 'loopback' : null;
}

/** The start banner's warning, naming the setting to change; null when PUBLIC_URL is a public address. */
export function publicUrlWarning(config: Pick<AppConfig, 'publicUrl' | 'publicUrlProblem'>): string | null {
  if (config.publicUrlProblem === null) return null;
  const why = config.publicUrlProblem === 'unset' ? 'PUBLIC_URL is not set' : `PUBLIC_URL is a loopback address (${config.publicUrl})`;
  return `${why}: QR posters and SMS links point at ${config.publicUrl}, which residents' phones cannot open. ` +
    'Set PUBLIC_URL to the address the public reaches (e.g. https://jagabaya.denpasarkota.go.id) and restart.';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const varDir = path.resolve(env.JAGABAYA_VAR_DIR || 'var');
  const port = parsePort(env.PORT, 'PORT', 3000);
  const host = env.HOST || '0.0.0.0';
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  }
  if ((env.ADMIN_USERNAME && !env.ADMIN_PASSWORD) || (!env.ADMIN_USERNAME && env.ADMIN_PASSWORD)) {
    throw new ConfigError('ADMIN_USERNAME and ADMIN_PASSWORD go together: set both or neither');
  }
  if (env.ADMIN_PASSWORD && env.ADMIN_PASSWORD.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 10 characters');
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const visitRetentionDays = env.VISIT_RETENTION_DAYS ? Number(env.VISIT_RETENTION_DAYS) : 21;
  if (!Number.isInteger(visitRetentionDays) || visitRetentionDays < 1 || visitRetentionDays > 365) {
    throw new ConfigError(`VISIT_RETENTION_DAYS must be a whole number of days from 1 to 365, got "${env.VISIT_RETENTION_DAYS}"`);
  }
  const timeZone = env.TIME_ZONE || 'Asia/Makassar';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError(`TIME_ZONE must be an IANA time zone such as Asia/Makassar, got "${timeZone}"`);
  }
  const database = parseDatabase(env.DATABASE_URL, varDir);
  return {
    port,
    host,
    database,
    publicUrl,
    publicUrlProblem: publicUrlProblem(env.PUBLIC_URL, publicUrl),
    adminUsername: env.ADMIN_USERNAME || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    secretKey: loadSecretKey(env.SECRET_KEY, varDir),
    varDir,
    logLevel,
    tileUrl: parseTileUrl(env.MAP_TILE_URL),
    tileAttribution: env.MAP_TILE_ATTRIBUTION || null,
    timeZone,
    cityName: env.CITY_NAME || 'Kota Denpasar',
    webDir: path.resolve(env.JAGABAYA_WEB_DIR || 'dist/web'),
    secureCookies: publicUrl.startsWith('https:'),
    visitRetentionDays,
    checkinWriterThread: env.CHECKIN_WRITER_THREAD !== '0',
    notifications: parseNotifications(env),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    publicRateLimitScale: parseLimitScale(env.PUBLIC_RATE_LIMIT_SCALE),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    databaseNamedStatements: env.DATABASE_NAMED_STATEMENTS !== '0',
    metricsToken: parseMetricsToken(env.METRICS_TOKEN),
    nodeName: env.NODE_NAME || `${os.hostname()}:${process.pid}`,
    drainSeconds: parseDrainSeconds(env.DRAIN_SECONDS),
    ...parseReadDatabase(env, database),
  };
}

/** READ_DATABASE_URL: a postgres:// replica of a PostgreSQL DATABASE_URL; with SQLite it is ignored (one file, no replica). */
export function parseReadDatabase(env: NodeJS.ProcessEnv, database: DatabaseConfig): Pick<AppConfig, 'readDatabase' | 'readDatabaseIgnored'> {
  const maxLagMs = parseWholeNumber(env.READ_REPLICA_MAX_LAG_MS, 'READ_REPLICA_MAX_LAG_MS', 5000, 0, 3_600_000);
  const raw = env.READ_DATABASE_URL;
  if (raw === undefined || raw === '') return { readDatabase: null, readDatabaseIgnored: null };
  if (!raw.startsWith('postgres://') && !raw.startsWith('postgresql://')) {
    throw new ConfigError('READ_DATABASE_URL must be a postgres:// URL of a streaming replica of DATABASE_URL');
  }
  try {
    new URL(raw);
  } catch {
    throw new ConfigError('READ_DATABASE_URL is not a valid postgres:// URL');
  }
  if (database.dialect === 'sqlite') {
    return { readDatabase: null, readDatabaseIgnored: 'READ_DATABASE_URL is ignored: the database is SQLite (a replica needs DATABASE_URL=postgres://…); every read goes to the one SQLite file' };
  }
  return { readDatabase: { url: raw, maxLagMs }, readDatabaseIgnored: null };
}

function parseMetricsToken(value: string | undefined): string | null {
  if (!value) return null;
  if (value.length < 16 || !/^[\x21-\x7e]+$/.test(value)) throw new ConfigError('METRICS_TOKEN must be at least 16 printable characters without spaces');
  return value;
}

function parseDrainSeconds(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 120) throw new ConfigError('DRAIN_SECONDS must be a whole number of seconds from 0 to 120');
  return n;
}

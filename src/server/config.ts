import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string };

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  publicUrl: string;
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
  return {
    port,
    host,
    database: parseDatabase(env.DATABASE_URL, varDir),
    publicUrl,
    adminUsername: env.ADMIN_USERNAME || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    secretKey: loadSecretKey(env.SECRET_KEY, varDir),
    varDir,
    logLevel,
    tileUrl: env.MAP_TILE_URL || null,
    tileAttribution: env.MAP_TILE_ATTRIBUTION || null,
    timeZone,
    cityName: env.CITY_NAME || 'Kota Denpasar',
    webDir: path.resolve(env.JAGABAYA_WEB_DIR || 'dist/web'),
    secureCookies: publicUrl.startsWith('https:'),
    visitRetentionDays,
  };
}

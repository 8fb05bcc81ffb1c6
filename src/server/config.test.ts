import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, publicUrlWarning, tileImageSource } from './config.js';

const varDir = () => mkdtempSync(path.join(tmpdir(), 'jb-config-'));

describe('configuration', () => {
  it('defaults: port 3000, SQLite under ./var, PUBLIC_URL from the port, a generated key kept in var/', () => {
    const dir = varDir();
    const config = loadConfig({ JAGABAYA_VAR_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ dialect: 'sqlite', file: path.join(dir, 'jagabaya.sqlite') });
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.secretKey).toHaveLength(32);
    expect(Buffer.from(readFileSync(path.join(dir, 'secret.key'), 'utf8').trim(), 'base64')).toEqual(config.secretKey);
    expect(loadConfig({ JAGABAYA_VAR_DIR: dir }).secretKey).toEqual(config.secretKey);
  });

  it('reads DATABASE_URL as sqlite:PATH or postgres://', () => {
    const dir = varDir();
    expect(loadConfig({ JAGABAYA_VAR_DIR: dir, DATABASE_URL: 'sqlite:/tmp/x.db' }).database).toEqual({ dialect: 'sqlite', file: '/tmp/x.db' });
    expect(loadConfig({ JAGABAYA_VAR_DIR: dir, DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ dialect: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(loadConfig({ JAGABAYA_VAR_DIR: dir, PORT: '8080', PUBLIC_URL: 'https://jagabaya.example/' }).publicUrl).toBe('https://jagabaya.example');
  });

  it('reads READ_DATABASE_URL (a postgres:// replica) and READ_REPLICA_MAX_LAG_MS; SQLite ignores the replica and says so', () => {
    const dir = varDir();
    const pgEnv = { JAGABAYA_VAR_DIR: dir, DATABASE_URL: 'postgres://u@h:5432/db' };
    expect(loadConfig(pgEnv).readDatabase).toBeNull();
    expect(loadConfig({ ...pgEnv, READ_DATABASE_URL: 'postgres://u@r:5433/db' }).readDatabase).toEqual({ url: 'postgres://u@r:5433/db', maxLagMs: 5000 });
    expect(loadConfig({ ...pgEnv, READ_DATABASE_URL: 'postgres://u@r/db', READ_REPLICA_MAX_LAG_MS: '250' }).readDatabase?.maxLagMs).toBe(250);
    expect(() => loadConfig({ ...pgEnv, READ_DATABASE_URL: 'sqlite:/tmp/r.db' })).toThrow(/READ_DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ ...pgEnv, READ_DATABASE_URL: 'postgres://u@r/db', READ_REPLICA_MAX_LAG_MS: 'soon' })).toThrow(/READ_REPLICA_MAX_LAG_MS/);
    const onSqlite = loadConfig({ JAGABAYA_VAR_DIR: dir, READ_DATABASE_URL: 'postgres://u@r/db' });
    expect(onSqlite.readDatabase).toBeNull();
    expect(onSqlite.readDatabaseIgnored).toMatch(/READ_DATABASE_URL is ignored: the database is SQLite/);
  });

  it('says when PUBLIC_URL cannot be opened by a phone (unset or loopback), naming the setting', () => {
    const dir = varDir();
    const at = (value: string | undefined) => loadConfig({ JAGABAYA_VAR_DIR: dir, PUBLIC_URL: value });
    expect(at(undefined).publicUrlProblem).toBe('unset');
    for (const loopback of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'http://app.localhost']) {
      expect(at(loopback).publicUrlProblem, loopback).toBe('loopback');
    }
    for (const reachable of ['https://jagabaya.denpasarkota.go.id', 'http://192.168.1.20:3000', 'http://10.0.0.5']) {
      expect(at(reachable).publicUrlProblem, reachable).toBeNull();
      expect(publicUrlWarning(at(reachable))).toBeNull();
    }
    expect(publicUrlWarning(at(undefined))).toMatch(/^PUBLIC_URL is not set: QR posters and SMS links point at http:\/\/localhost:3000/);
    expect(publicUrlWarning(at('http://127.0.0.1:8080'))).toMatch(/PUBLIC_URL is a loopback address \(http:\/\/127\.0\.0\.1:8080\)/);
  });

  it('reads TRUST_PROXY as a hop count or a list of proxy addresses/CIDRs; "trust everyone" is refused', () => {
    const dir = varDir();
    const trust = (value: string | undefined) => loadConfig({ JAGABAYA_VAR_DIR: dir, TRUST_PROXY: value }).trustProxy;
    expect(trust(undefined)).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.5, 192.168.1.0/24,::1')).toEqual(['10.0.0.5', '192.168.1.0/24', '::1']);
    for (const bad of ['true', '*', 'yes', '-1', '11', '10.0.0.300', '10.0.0.0/33', 'proxy.local', '10.0.0.5,']) {
      expect(() => trust(bad), bad).toThrow(ConfigError);
      expect(() => trust(bad), bad).toThrow(/TRUST_PROXY must be the number of reverse proxies/);
    }
  });

  it('refuses a MAP_TILE_URL whose origin the CSP cannot name', () => {
    const dir = varDir();
    expect(loadConfig({ JAGABAYA_VAR_DIR: dir, MAP_TILE_URL: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png' }).tileUrl).toBe('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(tileImageSource('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://*.tile.openstreetmap.org');
    expect(tileImageSource('http://tiles.local:8080/{z}/{x}/{y}.png')).toBe('http://tiles.local:8080');
    for (const bad of ['tiles/{z}/{x}/{y}.png', 'ftp://tiles.example/{z}.png', 'https://tiles.{s}.example/{z}.png', "https://a.example'; script-src *"]) {
      expect(() => loadConfig({ JAGABAYA_VAR_DIR: dir, MAP_TILE_URL: bad }), bad).toThrow(/MAP_TILE_URL must be an http\(s\) URL template/);
    }
  });

  it('reads REDIS_URL (rate limits shared by every process) as redis:// or rediss://, unset keeps them in memory', () => {
    const dir = varDir();
    expect(loadConfig({ JAGABAYA_VAR_DIR: dir }).redisUrl).toBeNull();
    expect(loadConfig({ JAGABAYA_VAR_DIR: dir, REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ JAGABAYA_VAR_DIR: dir, REDIS_URL: 'rediss://:secret@cache.example:6380/2' }).redisUrl).toBe('rediss://:secret@cache.example:6380/2');
    for (const bad of ['localhost:6379', 'http://cache:6379', 'redis://']) expect(() => loadConfig({ JAGABAYA_VAR_DIR: dir, REDIS_URL: bad })).toThrow(/REDIS_URL/);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL/],
    [{ ADMIN_USERNAME: 'root' }, /ADMIN_USERNAME and ADMIN_PASSWORD/],
    [{ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'short' }, /at least 10/],
    [{ SECRET_KEY: 'too-short' }, /SECRET_KEY/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ TIME_ZONE: 'Mars/Olympus' }, /TIME_ZONE/],
    [{ VISIT_RETENTION_DAYS: '0' }, /VISIT_RETENTION_DAYS/],
    [{ VISIT_RETENTION_DAYS: 'three weeks' }, /VISIT_RETENTION_DAYS/],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig({ JAGABAYA_VAR_DIR: varDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ JAGABAYA_VAR_DIR: varDir(), ...env })).toThrow(message);
  });
});

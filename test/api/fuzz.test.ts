// Issue #14: a fuzz test of every operation in /openapi.json. For each operation the app publishes, malformed and
// boundary input is generated from the operation's own schema with a fixed seed, sent as the administrator (so
// authorisation does not hide validation) and some of it anonymously, and three things must hold:
//   - no answer is a 5xx;
//   - every 4xx is application/problem+json with `type`, `title` and `status`;
//   - a refused request leaves the database as it was (row counts of every table, read before and after each request;
//     a request that happened to be valid and succeeded moves the baseline instead), except the records refusals are
//     meant to leave: one `*.access_denied` audit row on a 403/404 for a real record, and REFUSALS_RECORDED.
// The seed and the number of random cases per operation are fixed but overridable, so a longer soak is one command:
//   FUZZ_SEED=123 FUZZ_RUNS=200 npx vitest run test/api/fuzz.test.ts
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

/**
 * The tables a refusal is meant to write, by design: a failed sign-in and a wrong current password are security events
 * in the audit log (sessions.service.ts, `auth.login_failed`, `user.password_change_failed`), and so are wrong codes or
 * passwords when setting up, renewing or turning off two-factor sign-in (two-factor.service.ts, `user.two_factor_*_failed`);
 * a refused check-in, online or sent later from a phone that had no signal, is counted for the oversight page
 * (checkins.service.ts and offline-checkin.service.ts, `checkin_attempts`). Nothing else may move
 * when a request is refused.
 */
const REFUSALS_RECORDED: Record<string, string[]> = {
  logIn: ['audit_log'],
  logInSecondFactor: ['audit_log'],
  changeMyPassword: ['audit_log'],
  confirmTwoFactorEnrolment: ['audit_log'],
  regenerateRecoveryCodes: ['audit_log'],
  disableTwoFactor: ['audit_log'],
  checkIn: ['checkin_attempts'],
  sendOfflineCheckin: ['checkin_attempts'],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON Schema from the document, read as it comes
type Schema = Record<string, any>;
interface Parameter { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema: Schema }
interface Operation { method: string; path: string; operationId: string; parameters: Parameter[]; body: Schema | null }
interface FuzzCase { label: string; path: Record<string, string>; query: string; headers: Record<string, string>; payload?: string; anonymous?: boolean; otherRegion?: boolean }

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const UNKNOWN_UUID = '01938a5e-7c00-7000-8000-000000000000';
const ODD_TEXT = [
  '\u0000', 'a\u0000b', '\u0007bell', 'line\nbreak', 'tab\there', '\u202Eevil', '\u200B', ' ', '', '日本語', '💥'.repeat(50),
  "' or 1=1 --", '%00', '../../etc/passwd', '{{name}}', '<script>x</script>', '\uD800', 'x'.repeat(70_000),
];
const ODD_PATH = [
  UNKNOWN_UUID, 'x'.repeat(3000), '%00', '%2e%2e%2f%2e%2e', '%E2%80%AE', 'a%20b', '%25', "'%20or%201=1", '-1', '1e999',
  '%E6%97%A5', 'null', '00000000-0000-0000-0000-000000000000', '51.71.99.9999', '99', 'X'.repeat(100), '%C0%AE', '%FF',
];
/** Ids of records that exist (filled before the run), so a plausible id sometimes reaches the service's own checks. */
const REAL_IDS: string[] = [];
const ODD_NUMBERS = [-1, -2147483649, 0, 0.5, 1e308, -1e308, 2 ** 53 + 1, 1e21, Number.MIN_VALUE];

/** Resolves the document's local $refs (the request side uses few, but follow them all). */
function deref(doc: Schema, schema: Schema | undefined): Schema | undefined {
  if (!schema) return schema;
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce<Schema | undefined>((node, key) => node?.[key] as Schema | undefined, doc);
    return deref(doc, target);
  }
  return schema;
}

function operationsOf(doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(methods)) {
      const body = deref(doc, op.requestBody?.content?.['application/json']?.schema) ?? null;
      out.push({ method: method.toUpperCase(), path, operationId: op.operationId, parameters: (op.parameters ?? []).map((p: Schema) => ({ ...p, schema: deref(doc, p.schema) ?? {} })), body });
    }
  }
  return out;
}

/** A plausible value for a schema: the base from which one thing at a time is broken. */
function plausible(doc: Schema, raw: Schema | undefined, r: Rng, depth = 0): unknown {
  const schema = deref(doc, raw) ?? {};
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return r.pick(schema.enum);
  if (Array.isArray(schema.anyOf ?? schema.oneOf)) return plausible(doc, r.pick(schema.anyOf ?? schema.oneOf), r, depth);
  switch (schema.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      if (depth > 4) return value;
      for (const [key, prop] of Object.entries<Schema>(schema.properties ?? {})) {
        if ((schema.required ?? []).includes(key) || r.next() < 0.5) value[key] = plausible(doc, prop, r, depth + 1);
      }
      return value;
    }
    case 'array': return depth > 4 ? [] : [plausible(doc, schema.items, r, depth + 1)];
    case 'integer': return schema.minimum ?? 1;
    case 'number': return schema.minimum ?? 1;
    case 'boolean': return true;
    case 'string': {
      const pattern = String(schema.pattern ?? '');
      if (schema.format === 'date' || pattern.includes('\\d{4}-')) return '2026-11-29';
      if (schema.format === 'date-time') return '2026-11-29T02:00:00Z';
      if (pattern.includes('-7[0-9a-f]{3}')) return r.pick([UNKNOWN_UUID, ...REAL_IDS]);
      if (pattern.includes('[0-9A-Z]{1,4}')) return SERANGAN;
      if (pattern.startsWith('^[a-z]')) return 'trade';
      if (schema.maxLength === undefined || schema.maxLength >= 36) return r.pick(['a'.repeat(Math.max(1, schema.minLength ?? 1)), ...REAL_IDS]);
      return 'a'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    default: return 'x';
  }
}

/** Values that break a schema: wrong types, boundaries, control characters, bad enums. */
function breakers(schema: Schema, r: Rng): unknown[] {
  const common: unknown[] = [null, [], {}, true, 'not-a-number', r.pick(ODD_NUMBERS)];
  switch (schema.type) {
    case 'string':
      return [...common, 42, r.pick(ODD_TEXT), r.pick(ODD_TEXT), 'y'.repeat((schema.maxLength ?? 1000) + 1), '', ' '.repeat(schema.minLength ?? 1)];
    case 'integer':
    case 'number':
      return [...common, '1', r.pick(ODD_NUMBERS), r.pick(ODD_NUMBERS), (schema.maximum ?? 1e9) + 1, (schema.minimum ?? -1e9) - 1, 1.5];
    case 'boolean':
      return [...common, 'true', 1, 0];
    case 'array':
      return [...common, 'x', Array.from({ length: 2000 }, () => 'z'), [null], [r.pick(ODD_TEXT)]];
    case 'object':
      return [...common, 'x', 1, { unknownField: 1 }];
    default:
      return [...common, 'not-in-the-enum', r.pick(ODD_TEXT), 12345];
  }
}

function casesFor(doc: Schema, op: Operation): FuzzCase[] {
  const r = rng(SEED ^ hash(op.operationId));
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const json = { 'content-type': 'application/json' };
  const pathValues = (odd: boolean): Record<string, string> =>
    Object.fromEntries(pathParams.map((p) => [p.name, odd ? r.pick([...ODD_PATH, ...REAL_IDS]) : encode(String(plausible(doc, p.schema, r)))]));
  const plausibleQuery = (): Record<string, unknown> =>
    Object.fromEntries(queryParams.filter((p) => p.required || r.next() < 0.3).map((p) => [p.name, plausible(doc, p.schema, r)]));
  const qs = (values: Record<string, unknown>) =>
    Object.entries(values).map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&');
  const base = (): FuzzCase => ({ label: '', path: pathValues(false), query: qs(plausibleQuery()), headers: op.body ? json : {}, payload: op.body ? JSON.stringify(plausible(doc, op.body, r)) : undefined });

  const cases: FuzzCase[] = [];
  const add = (label: string, change: Partial<FuzzCase>) => cases.push({ ...base(), ...change, label });

  // Fixed cases: every operation gets them.
  if (pathParams.length) add('odd path params', { path: pathValues(true) });
  add('unknown query field', { query: qs({ ...plausibleQuery(), surprise: 'x' }) });
  add('anonymous', { anonymous: true });
  add('anonymous with odd path params', { anonymous: true, path: pathValues(true) });
  add("another region's staff", { otherRegion: true });
  if (pathParams.length) add("another region's staff on a real record", { otherRegion: true, path: Object.fromEntries(pathParams.map((p) => [p.name, r.pick([...REAL_IDS, SERANGAN])])) });
  add('malformed JSON', { headers: json, payload: '{"a":' });
  add('wrong content type', { headers: { 'content-type': 'text/plain' }, payload: 'hello' });
  add('form content type', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1&b=2' });
  add('a 1 MB field', { headers: json, payload: JSON.stringify({ field: 'm'.repeat(1_000_000) }) });
  if (op.body) {
    add('empty body', { payload: '' });
    add('JSON null', { payload: 'null' });
    add('JSON array', { payload: '[]' });
    add('JSON string', { payload: '"x"' });
    add('unknown field', { payload: JSON.stringify({ ...(plausible(doc, op.body, r) as object), unknownField: 'x' }) });
    add('deeply nested', { payload: '['.repeat(5000) + ']'.repeat(5000) });
  }

  // Random cases: one thing broken at a time, from the schema.
  const bodyProps = Object.entries<Schema>(op.body?.properties ?? {});
  for (let i = 0; i < RUNS; i++) {
    const roll = r.int(10);
    if (op.body && bodyProps.length && roll < 5) {
      const value = plausible(doc, op.body, r) as Record<string, unknown>;
      const [key, prop] = r.pick(bodyProps);
      const required: string[] = op.body.required ?? [];
      if (roll === 0 && required.length) {
        delete value[r.pick(required)];
        add(`missing required`, { payload: JSON.stringify(value) });
      } else {
        value[key] = r.pick(breakers(deref(doc, prop) ?? {}, r));
        add(`body.${key} broken`, { payload: JSON.stringify(value) });
      }
    } else if (queryParams.length && roll < 8) {
      const values = plausibleQuery();
      const param = r.pick(queryParams);
      const broken = r.pick(breakers(param.schema, r));
      if (r.next() < 0.2) delete values[param.name];
      else values[param.name] = broken;
      add(`query.${param.name} broken`, { query: r.next() < 0.2 ? `${qs(values)}&${param.name}=a&${param.name}=b` : qs(values) });
    } else if (pathParams.length) {
      add('odd path params', { path: pathValues(true) });
    } else {
      add('odd query string', { query: r.pick(['%', '%%', '=&=&', 'a[b][c]=1', '%00=%00', `q=${'%41'.repeat(2000)}`, '&&&&', 'limit=1&limit=2']) });
    }
  }
  return cases;
}

/** encodeURIComponent, except a lone surrogate becomes its (invalid) UTF-8 bytes instead of throwing. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.split('').map((ch) => { try { return encodeURIComponent(ch); } catch { return '%ED%A0%80'; } }).join('');
  }
}

function urlOf(op: Operation, c: FuzzCase): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => c.path[name] ?? 'x');
  return c.query ? `${path}?${c.query}` : path;
}

/** Not a table: the audit log's `*.access_denied` rows, counted apart (see ACCESS_REFUSALS_AUDITED). */
const DENIED = 'audit_log: access_denied';

/**
 * The access layers audit a refused record (`venue.access_denied`, `user.…`, `rule_set.…`, `pkm.…`, `case.…`) under the
 * record's region, so a region's administrators see probes of their records: a 403 or 404 may add that one row to the
 * audit log, and nothing else.
 */
function withoutAccessDenial(before: Record<string, number>, after: Record<string, number>, status: number): Record<string, number> {
  const added = after[DENIED]! - before[DENIED]!;
  if ((status !== 403 && status !== 404) || added !== 1) return after;
  return { ...after, audit_log: after.audit_log! - added, [DENIED]: before[DENIED]! };
}

async function tableNames(t: TestApp): Promise<string[]> {
  const tables = await t.database.db.introspection.getTables();
  return tables.map((table) => table.name).sort();
}

/** Row counts of every table, in one statement so it can run around every request. */
async function rowCounts(t: TestApp, tables: string[]): Promise<Record<string, number>> {
  const select = tables.map((name, i) => `(select count(*) from "${name}") as c${i}`).join(', ');
  const denied = `(select count(*) from audit_log where action like '%.access_denied') as denied`;
  const result = await sql<Record<string, number | string>>`${sql.raw(`select ${select}, ${denied}`)}`.execute(t.database.db);
  const row = result.rows[0]!;
  return { ...Object.fromEntries(tables.map((name, i) => [name, Number(row[`c${i}`])])), [DENIED]: Number(row.denied) };
}

function checkAnswer(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 500)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(String(res.headers['content-type']), `${what}: content-type`).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(res.body) as Record<string, unknown>;
    expect(typeof problem.type, `${what}: type in ${res.body.slice(0, 300)}`).toBe('string');
    expect(typeof problem.title, `${what}: title in ${res.body.slice(0, 300)}`).toBe('string');
    expect(problem.status, `${what}: status`).toBe(res.statusCode);
  }
}

describeEachDatabase('fuzzing every operation in /openapi.json', (dialect) => {
  let t: TestApp;
  let doc: Schema;
  let tables: string[];
  let realIds: string[];
  let otherRegion: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    doc = t.app.swagger();
    tables = await tableNames(t);
    // A real venue, so some path params name a record that exists (as well as unknown and malformed ones).
    realIds = [(await verifiedVenue(t)).id];
    REAL_IDS.splice(0, REAL_IDS.length, ...realIds);
    // Staff of Denpasar Timur: the venue lies in Denpasar Selatan, so their answers must refuse without telling.
    otherRegion = (await t.staff('fuzz.timur', [{ role: 'task_force', regionCode: TIMUR }])).cookie;
  });
  afterAll(async () => t?.close());

  it(`answers malformed input to every operation with a 4xx problem and leaves the database alone (seed ${SEED}, ${RUNS} random cases each)`, async () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(90);
    let sent = 0;
    let succeeded = 0;
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    let before = await rowCounts(t, tables);
    for (const op of operations) {
      for (const c of casesFor(doc, op)) {
        // Signing out as the administrator would turn every later request into a 401: that one goes anonymous.
        const anonymous = c.anonymous || op.operationId === 'logOut';
        const cookie = anonymous ? undefined : c.otherRegion ? otherRegion : t.adminCookie;
        const res = await t.request({ method: op.method, url: urlOf(op, c), headers: c.headers, payload: c.payload, cookie });
        sent++;
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        const what = `${op.method} ${op.path} [${c.label}${anonymous ? ', anonymous' : c.otherRegion ? ', other region' : ''}] ${urlOf(op, c).slice(0, 200)} ${String(c.payload ?? '').slice(0, 200)}`;
        const after = await rowCounts(t, tables);
        try {
          checkAnswer(res, what);
          const recorded = REFUSALS_RECORDED[op.operationId] ?? [];
          const unrecorded = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([table]) => !recorded.includes(table)));
          if (res.statusCode >= 400) expect(unrecorded(withoutAccessDenial(before, after, res.statusCode)), `${what}: refused, yet the database changed`).toEqual(unrecorded(before));
          else succeeded++;
        } catch (error) {
          failures.push((error as Error).message);
        }
        before = after;
      }
    }
    expect(failures).toEqual([]);
    console.info(`fuzz [${dialect}] seed ${SEED}: ${operations.length} operations, ${sent} requests, ${succeeded} succeeded; by status ${JSON.stringify(statuses)}`);
    // A guard against a hang, not a speed check: every operation added (about 150 now, 30 cases each, the row counts of
    // every table around each request) adds time, and PostgreSQL on a loaded 2-core machine took 54-75 s.
  }, Math.max(300_000, RUNS * 10_000));
});

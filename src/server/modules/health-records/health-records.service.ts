import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { deriveKey, keyedHash } from '../../shared/crypto.js';
import { fromCsv } from '../../shared/csv.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text } from '../../shared/texts.js';
import { recordAudit } from '../audit/index.js';
import { isWithinRegion } from '../regions/index.js';
import { parseTestResult, parseVaccination, type Subject, type TestResult, type Vaccination } from './health-record-input.js';
import { insertTestResult, insertVaccination, knownImportKeys } from './health-records.repository.js';

/*
 * Vaccinations and test results entered by health staff (`health:record`: health tracers and puskesmas health
 * workers), one by one or from a CSV file (a preview that stores nothing, then the import, which stores each row once
 * however often the file comes). A record is keyed like the tracing records: the check-in person key of the phone, or
 * a NIK hash of this module's own; its region is the health worker's (their puskesmas's scope).
 */

export interface HealthRecordsDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  secretKey: Buffer;
  /** The check-in person key of an E.164 phone (the checkins module's keyed hash, which tracing uses too). */
  personKeyOf: (phone: string) => string;
}

export type ImportKind = 'vaccinations' | 'tests';
export const MAX_IMPORT_ROWS = 2000;
const COLUMNS: Record<ImportKind, readonly string[]> = {
  vaccinations: ['phone', 'nik', 'dose', 'vaccine', 'date'],
  tests: ['phone', 'nik', 'kind', 'result', 'at'],
};

export function createHealthRecordsService(deps: HealthRecordsDeps) {
  const { db, clock, timeZone } = deps;
  const nikKeyKey = deriveKey(deps.secretKey, 'health:nik');
  const importKeyKey = deriveKey(deps.secretKey, 'health:import');
  const keysOf = (subject: Subject) => ({
    person_key: subject.phone !== null ? deps.personKeyOf(subject.phone) : null,
    nik_key: subject.nik !== null ? keyedHash(nikKeyKey, subject.nik) : null,
  });
  const nikKeyOf = (nik: string) => keyedHash(nikKeyKey, nik);

  /** The region a new record gets: the one named (inside the caller's scope), else the caller's only scope. */
  function regionFor(ctx: RequestContext, named: string | undefined): string {
    const principal = ctx.principal;
    if (!principal) throw problems.unauthenticated();
    const scopes = principal.scopesFor('health:record');
    if (scopes.length === 0) throw problems.forbidden();
    if (named !== undefined) {
      if (!scopes.some((s) => isWithinRegion(named, s))) throw problems.outOfScope(named);
      return named;
    }
    if (scopes.length > 1) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.required' }]);
    return scopes[0] as string;
  }

  const vaccinationRow = (v: Vaccination, regionCode: string, ctx: RequestContext, source: string, importKey: string | null) => {
    const at = clock.now();
    return { id: newId(at), ...keysOf(v.subject), dose: v.dose, vaccine: v.vaccine, date: v.date, region_code: regionCode, source, import_key: importKey, recorded_by: ctx.principal?.userId ?? null, created_at: at };
  };
  const testRow = (t: TestResult, regionCode: string, ctx: RequestContext, source: string, importKey: string | null) => {
    const at = clock.now();
    return { id: newId(at), ...keysOf(t.subject), kind: t.kind, result: t.result, at: t.at, region_code: regionCode, source, import_key: importKey, recorded_by: ctx.principal?.userId ?? null, created_at: at };
  };
  /** A row's fingerprint: the same person, kind and values is the same record, from whichever file. */
  const importKeyOf = (kind: ImportKind, value: Vaccination | TestResult) => {
    const who = value.subject.phone !== null ? `p:${deps.personKeyOf(value.subject.phone)}` : `n:${nikKeyOf(value.subject.nik)}`;
    const what = kind === 'vaccinations' ? `${(value as Vaccination).dose}|${(value as Vaccination).vaccine}|${(value as Vaccination).date}` : `${(value as TestResult).kind}|${(value as TestResult).result}|${(value as TestResult).at}`;
    return keyedHash(importKeyKey, `${kind}|${who}|${what}`);
  };

  /** Every row of a file checked: its values or its errors (in the caller's language), and whether it is stored already. */
  async function readFile(ctx: RequestContext, kind: ImportKind, csv: string) {
    let table: string[][];
    try {
      table = fromCsv(csv);
    } catch {
      throw problems.validation([{ field: 'csv', messageKey: 'validation.csvUnreadable' }]);
    }
    const [header, ...rows] = table;
    const names = (header ?? []).map((h) => h.trim().toLowerCase());
    const missing = COLUMNS[kind].filter((c) => c !== 'phone' && c !== 'nik' && !names.includes(c));
    if (!header || missing.length > 0 || (!names.includes('phone') && !names.includes('nik'))) {
      throw problems.validation([{ field: 'csv', messageKey: 'validation.csvColumns', params: { columns: COLUMNS[kind].join(', ') } }]);
    }
    if (rows.length === 0) throw problems.validation([{ field: 'csv', messageKey: 'validation.csvEmpty' }]);
    if (rows.length > MAX_IMPORT_ROWS) throw problems.validation([{ field: 'csv', messageKey: 'validation.maxItems', params: { limit: MAX_IMPORT_ROWS } }]);
    const now = clock.now();
    const checked = rows.map((cells, index) => {
      const get = (name: string) => {
        const at = names.indexOf(name);
        return at < 0 ? undefined : cells[at];
      };
      const input = { phone: get('phone'), nik: get('nik') };
      const parsed =
        kind === 'vaccinations'
          ? parseVaccination({ ...input, dose: get('dose'), vaccine: get('vaccine'), date: get('date') }, now, timeZone)
          : parseTestResult({ ...input, kind: get('kind'), result: get('result'), at: get('at') }, now, timeZone);
      // Line numbers as a spreadsheet shows them: the header is line 1.
      const line = index + 2;
      const errors = parsed.errors.map((e: FieldError) => ({ field: e.field, message: text(ctx.lang, `problems.${e.messageKey}`, e.params) }));
      return { line, value: parsed.value, key: parsed.value ? importKeyOf(kind, parsed.value) : null, errors };
    });
    const known = await knownImportKeys(db, checked.map((c) => c.key).filter((k): k is string => k !== null));
    const seen = new Set<string>();
    return checked.map((c) => {
      const duplicate = c.key !== null && (known.has(c.key) || seen.has(c.key));
      if (c.key !== null) seen.add(c.key);
      return { ...c, status: c.errors.length > 0 ? ('error' as const) : duplicate ? ('duplicate' as const) : ('new' as const) };
    });
  }

  const summary = (rows: Awaited<ReturnType<typeof readFile>>) => ({
    rows: rows.map((r) => ({ line: r.line, status: r.status, errors: r.errors })),
    counts: { new: rows.filter((r) => r.status === 'new').length, duplicate: rows.filter((r) => r.status === 'duplicate').length, error: rows.filter((r) => r.status === 'error').length },
  });

  return {
    nikKeyOf,

    async recordVaccination(ctx: RequestContext, body: { phone?: string; nik?: string; dose: number; vaccine: string; date: string; regionCode?: string }) {
      const regionCode = regionFor(ctx, body.regionCode);
      const parsed = parseVaccination(body, clock.now(), timeZone);
      if (parsed.value === null) throw problems.validation(parsed.errors);
      const row = vaccinationRow(parsed.value, regionCode, ctx, 'form', null);
      await db.transaction().execute(async (trx) => {
        await insertVaccination(trx, row);
        await recordAudit(trx, clock, ctx, { action: 'vaccination.record', entityType: 'vaccination', entityId: row.id, regionCode, details: { by: parsed.value.subject.phone !== null ? 'phone' : 'nik', dose: row.dose } });
      });
      return { id: row.id, by: parsed.value.subject.phone !== null ? ('phone' as const) : ('nik' as const), dose: row.dose, vaccine: row.vaccine, date: row.date, regionCode };
    },

    async recordTestResult(ctx: RequestContext, body: { phone?: string; nik?: string; kind: string; result: string; at: string; regionCode?: string }) {
      const regionCode = regionFor(ctx, body.regionCode);
      const parsed = parseTestResult(body, clock.now(), timeZone);
      if (parsed.value === null) throw problems.validation(parsed.errors);
      const row = testRow(parsed.value, regionCode, ctx, 'form', null);
      await db.transaction().execute(async (trx) => {
        await insertTestResult(trx, row);
        await recordAudit(trx, clock, ctx, { action: 'test_result.record', entityType: 'test_result', entityId: row.id, regionCode, details: { by: parsed.value.subject.phone !== null ? 'phone' : 'nik', kind: row.kind } });
      });
      return { id: row.id, by: parsed.value.subject.phone !== null ? ('phone' as const) : ('nik' as const), kind: parsed.value.kind, result: parsed.value.result, at: new Date(row.at).toISOString(), regionCode };
    },

    /** The file checked row by row; nothing is stored. */
    async previewImport(ctx: RequestContext, body: { kind: ImportKind; csv: string; regionCode?: string }) {
      regionFor(ctx, body.regionCode);
      return summary(await readFile(ctx, body.kind, body.csv));
    },

    /**
     * Stores the file's new rows, all or none: a file with an error is refused (400 naming each row's field as
     * `rows[line].field`) and changes nothing; rows stored already (by an earlier import of any file) are skipped.
     */
    async commitImport(ctx: RequestContext, body: { kind: ImportKind; csv: string; regionCode?: string }) {
      const regionCode = regionFor(ctx, body.regionCode);
      const rows = await readFile(ctx, body.kind, body.csv);
      const failed = rows.filter((r) => r.status === 'error');
      if (failed.length > 0) {
        const errors: FieldError[] = [];
        for (const r of failed) for (const e of r.errors) errors.push({ field: `rows[${r.line}].${e.field}`, messageKey: 'validation.policy', params: { message: e.message } });
        throw new AppError(400, 'validation', 'validation.title', 'validation.detail', {}, errors);
      }
      const fresh = rows.filter((r) => r.status === 'new');
      await db.transaction().execute(async (trx) => {
        for (const r of fresh) {
          if (body.kind === 'vaccinations') await insertVaccination(trx, vaccinationRow(r.value as Vaccination, regionCode, ctx, 'csv', r.key));
          else await insertTestResult(trx, testRow(r.value as TestResult, regionCode, ctx, 'csv', r.key));
        }
        await recordAudit(trx, clock, ctx, { action: 'health_records.import', entityType: body.kind === 'vaccinations' ? 'vaccination' : 'test_result', regionCode, details: { stored: fresh.length, duplicate: rows.length - fresh.length } });
      });
      return { stored: fresh.length, duplicate: rows.length - fresh.length };
    },
  };
}
export type HealthRecordsService = ReturnType<typeof createHealthRecordsService>;

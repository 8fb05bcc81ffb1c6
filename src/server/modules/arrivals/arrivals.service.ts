import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { decryptText, deriveKey, encryptText, keyedHash, secureRandomBytes } from '../../shared/crypto.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Language } from '../../shared/language.js';
import { addDaysToDate, localDate } from '../../shared/local-time.js';
import { nikMessageKey, nikProblem, normalizeNik } from '../../shared/nik.js';
import { normalizePhone } from '../../shared/phone.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit, recordListRead } from '../audit/index.js';
import { isVillage, type RegionsService } from '../regions/index.js';
import * as repo from './arrivals.repository.js';
import type { ArrivalsTable } from './arrivals.table.js';
import type { SelfIsolationInput, SelfIsolationView } from '../tracing/index.js';

/** SELF_ISOLATION_DAYS (R-PKM-10): the newcomer self-isolates 14 days from arrival. */
export const SELF_ISOLATION_DAYS = 14;
/** A report may announce an arrival this many days ahead, or come this many days late. */
const MAX_DAYS_AHEAD = 7;
const MAX_DAYS_LATE = 30;
/** Reports are kept this many days after the self-isolation ends, then deleted. */
export const ARRIVAL_RETENTION_DAYS = 30;
const NAME_PATTERN = /^[^\p{Cc}\p{Cf}]{1,100}$/u;
const PASSPORT_PATTERN = /^[A-Z0-9]{6,12}$/;
// Crockford's base32 without look-alikes: a reference read over the phone is not misheard.
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface ArrivalInput {
  name: string;
  nik?: string;
  passport?: string;
  phone: string;
  origin: string;
  arrivalDate: string;
  regionCode: string;
  address: string;
  purpose: string;
}

export interface ArrivalsServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  secretKey: Buffer;
  regions: Pick<RegionsService, 'get' | 'rootCodes'>;
  /**
   * Tracing's self-isolation follow-up (the /k/ link, its page and daily reports). Opened when the officer records the
   * visit, in the same transaction; without it (tests of other modules) a visit opens none.
   */
  followUps?: {
    start(trx: Db, ctx: RequestContext, input: SelfIsolationInput): Promise<{ id: string }>;
    views(ids: string[]): Promise<Map<string, SelfIsolationView>>;
    remove(trx: Db, ids: string[]): Promise<void>;
  };
}

function newReference(): string {
  return `LD-${[...secureRandomBytes(8)].map((b) => REFERENCE_ALPHABET[b % 32]).join('')}`;
}

/** Newcomers report themselves (public, no login); the village officer of the address visits and follows them. */
export function createArrivalsService(deps: ArrivalsServiceDeps) {
  const { db, clock, timeZone, regions } = deps;
  const dataKey = deriveKey(deps.secretKey, 'arrivals:data');
  const personKey = deriveKey(deps.secretKey, 'arrivals:person');
  const enc = (value: string) => encryptText(dataKey, value);
  const dec = (value: string | null) => (value === null ? null : decryptText(dataKey, value));

  async function prepare(input: ArrivalInput, prefix: string, errors: FieldError[]) {
    const today = localDate(clock.now(), timeZone);
    const name = input.name.trim();
    if (!NAME_PATTERN.test(name)) errors.push({ field: `${prefix}name`, messageKey: 'validation.name' });
    const nik = input.nik !== undefined ? normalizeNik(input.nik) : null;
    const problem = nik !== null ? nikProblem(nik, today) : null;
    if (problem) errors.push({ field: `${prefix}nik`, messageKey: nikMessageKey(problem) });
    const passport = input.passport !== undefined ? input.passport.replace(/\s/g, '').toUpperCase() : null;
    if (passport !== null && !PASSPORT_PATTERN.test(passport)) errors.push({ field: `${prefix}passport`, messageKey: 'validation.passport' });
    if (nik === null && passport === null) errors.push({ field: `${prefix}nik`, messageKey: 'validation.nikOrPassport' });
    const phone = normalizePhone(input.phone);
    if (!phone) errors.push({ field: `${prefix}phone`, messageKey: 'validation.phone' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.arrivalDate) || Number.isNaN(Date.parse(input.arrivalDate))) {
      errors.push({ field: `${prefix}arrivalDate`, messageKey: 'validation.invalidDate' });
    } else if (input.arrivalDate > addDaysToDate(today, MAX_DAYS_AHEAD)) {
      errors.push({ field: `${prefix}arrivalDate`, messageKey: 'validation.arrivalTooFar', params: { days: MAX_DAYS_AHEAD } });
    } else if (input.arrivalDate < addDaysToDate(today, -MAX_DAYS_LATE)) {
      errors.push({ field: `${prefix}arrivalDate`, messageKey: 'validation.occurredTooOld', params: { days: MAX_DAYS_LATE } });
    }
    const region = await regions.get(input.regionCode).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) return null;
      throw error;
    });
    if (!region) errors.push({ field: `${prefix}regionCode`, messageKey: 'validation.unknownRegion' });
    else if (!isVillage(region.type) && region.type !== 'banjar') errors.push({ field: `${prefix}regionCode`, messageKey: 'validation.residence' });
    for (const field of ['origin', 'address', 'purpose'] as const) if (input[field].trim() === '') errors.push({ field: `${prefix}${field}`, messageKey: 'validation.required' });
    return { name, nik, passport, phone: phone ?? '' };
  }

  function rowOf(input: ArrivalInput, p: { name: string; nik: string | null; passport: string | null; phone: string }, lang: Language, reporter: { name: string; phone: string } | null, now: number): ArrivalsTable {
    return {
      id: newId(now),
      reference: newReference(),
      name_enc: enc(p.name),
      nik_enc: p.nik ? enc(p.nik) : null,
      passport_enc: p.passport ? enc(p.passport) : null,
      phone_enc: enc(p.phone),
      person_key: keyedHash(personKey, p.nik ? `nik:${p.nik}` : `passport:${p.passport ?? ''}`),
      origin: input.origin.trim(),
      arrival_date: input.arrivalDate,
      isolation_until: addDaysToDate(input.arrivalDate, SELF_ISOLATION_DAYS),
      region_code: input.regionCode,
      address_enc: enc(input.address.trim()),
      purpose: input.purpose.trim(),
      reporter_name_enc: reporter ? enc(reporter.name) : null,
      reporter_phone_enc: reporter ? enc(reporter.phone) : null,
      language: lang,
      status: 'reported',
      visited_at: null,
      visited_by: null,
      visit_note: null,
      follow_up_id: null,
      created_at: now,
    };
  }

  async function store(ctx: RequestContext, rows: ArrivalsTable[]): Promise<void> {
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await repo.insertArrival(trx, row);
        await recordAudit(trx, clock, ctx, { action: 'arrival.report', entityType: 'arrival', entityId: row.id, regionCode: row.region_code, details: { reporter: row.reporter_name_enc !== null } });
      }
    });
  }

  type FollowUp = SelfIsolationView | undefined;

  function stageOf(row: ArrivalsTable, followUp: FollowUp, today: string): 'reported' | 'visited' | 'isolating' | 'ended' {
    if (today > row.isolation_until) return 'ended';
    if (row.status === 'reported') return 'reported';
    return followUp?.status === 'quarantine' ? 'isolating' : 'visited';
  }

  function present(row: ArrivalsTable, followUp: FollowUp, today: string) {
    return {
      id: row.id,
      reference: row.reference,
      name: dec(row.name_enc) as string,
      nik: dec(row.nik_enc),
      passport: dec(row.passport_enc),
      phone: dec(row.phone_enc) as string,
      origin: row.origin,
      arrivalDate: row.arrival_date,
      isolationUntil: row.isolation_until,
      regionCode: row.region_code,
      address: dec(row.address_enc) as string,
      purpose: row.purpose,
      reporter: row.reporter_name_enc ? { name: dec(row.reporter_name_enc) as string, phone: dec(row.reporter_phone_enc) as string } : null,
      status: row.status,
      stage: stageOf(row, followUp, today),
      visitedAt: row.visited_at === null ? null : new Date(row.visited_at).toISOString(),
      visitNote: row.visit_note,
      followUp: followUp
        ? { until: followUp.until, reportedToday: followUp.reportedToday, missedDays: followUp.missedDays, lastReport: followUp.lastReport, highestTemperature: followUp.highestTemperature }
        : null,
    };
  }

  async function followUpsOf(rows: ArrivalsTable[]): Promise<Map<string, SelfIsolationView>> {
    const ids = rows.map((r) => r.follow_up_id).filter((id): id is string => id !== null);
    return deps.followUps && ids.length > 0 ? deps.followUps.views(ids) : new Map();
  }

  return {
    /** One newcomer reports themselves. */
    async report(ctx: RequestContext, input: ArrivalInput) {
      const errors: FieldError[] = [];
      const p = await prepare(input, '', errors);
      if (errors.length > 0) throw problems.validation(errors);
      const row = rowOf(input, p, ctx.lang, null, clock.now());
      await store(ctx, [row]);
      return { reference: row.reference, isolationUntil: row.isolation_until };
    },

    /** A kos owner reports several tenants at once: all stored, or none. */
    async reportMany(ctx: RequestContext, input: { reporter: { name: string; phone: string }; arrivals: ArrivalInput[] }) {
      const errors: FieldError[] = [];
      const reporterName = input.reporter.name.trim();
      if (!NAME_PATTERN.test(reporterName)) errors.push({ field: 'reporter.name', messageKey: 'validation.name' });
      const reporterPhone = normalizePhone(input.reporter.phone);
      if (!reporterPhone) errors.push({ field: 'reporter.phone', messageKey: 'validation.phone' });
      const prepared: Awaited<ReturnType<typeof prepare>>[] = [];
      for (const [i, arrival] of input.arrivals.entries()) prepared.push(await prepare(arrival, `arrivals[${i}].`, errors));
      if (errors.length > 0) throw problems.validation(errors);
      const now = clock.now();
      const rows = input.arrivals.map((arrival, i) => rowOf(arrival, prepared[i]!, ctx.lang, { name: reporterName, phone: reporterPhone as string }, now));
      await store(ctx, rows);
      return { arrivals: rows.map((r) => ({ reference: r.reference, isolationUntil: r.isolation_until })) };
    },

    /** The village officer's queue: reports in scope, open ones first (the read is audited). */
    async queue(ctx: RequestContext, filter: { status?: 'reported' | 'visited' }) {
      if (!ctx.principal) throw problems.unauthenticated();
      ctx.principal.require('arrivals:read');
      const scopes = ctx.principal.scopesFor('arrivals:read');
      const roots = await regions.rootCodes();
      const rows = await repo.listArrivals(db, { scopes: scopes.some((s) => roots.includes(s)) ? undefined : scopes, status: filter.status, limit: 500 });
      await recordListRead(db, clock, ctx, scopes, { action: 'arrival.list', entityType: 'arrival', details: { status: filter.status ?? null, count: rows.length } });
      const followUps = await followUpsOf(rows);
      const today = localDate(clock.now(), timeZone);
      return rows.map((row) => present(row, row.follow_up_id ? followUps.get(row.follow_up_id) : undefined, today));
    },

    /** The officer visited the newcomer and explained the 14-day self-isolation. */
    async markVisited(ctx: RequestContext, id: string, note: string | undefined) {
      if (!ctx.principal) throw problems.unauthenticated();
      const principal = ctx.principal;
      principal.require('arrivals:manage');
      const row = await repo.findArrival(db, id);
      if (!row) throw problems.notFound();
      if (!principal.canIn('arrivals:manage', row.region_code)) {
        await recordAudit(db, clock, ctx, { action: 'arrival.access_denied', entityType: 'arrival', entityId: row.id, regionCode: row.region_code, details: {} });
        throw problems.recordOutOfScope();
      }
      const now = clock.now();
      const today = localDate(now, timeZone);
      const visitNote = note?.trim() || null;
      const followUpId = await db.transaction().execute(async (trx) => {
        // The follow-up starts with the visit, not with the public report: the officer has met the person and
        // explained the self-isolation, and an anonymous form cannot make the city send SMS to any number it is given.
        const followUp =
          deps.followUps && row.isolation_until >= today
            ? await deps.followUps.start(trx, ctx, {
                name: dec(row.name_enc) as string,
                phone: dec(row.phone_enc) as string,
                regionCode: row.region_code,
                until: row.isolation_until,
                language: row.language === 'en' ? 'en' : 'id',
                source: `arrival:${row.id}`,
              })
            : null;
        const changed = await repo.markVisited(trx, row.id, { visited_at: now, visited_by: principal.userId, visit_note: visitNote, follow_up_id: followUp?.id ?? null });
        if (changed === 0) throw problems.conflict('already-visited', 'arrivals.alreadyVisited');
        await recordAudit(trx, clock, ctx, { action: 'arrival.visit', entityType: 'arrival', entityId: row.id, regionCode: row.region_code, details: { followUp: followUp !== null } });
        return followUp?.id ?? null;
      });
      const visited: ArrivalsTable = { ...row, status: 'visited', visited_at: now, visited_by: principal.userId, visit_note: visitNote, follow_up_id: followUpId };
      return present(visited, (await followUpsOf([visited])).get(followUpId ?? ''), today);
    },

    /** Retention: reports are deleted ARRIVAL_RETENTION_DAYS after the self-isolation ended. */
    async purgeExpired(): Promise<number> {
      const before = addDaysToDate(localDate(clock.now(), timeZone), -ARRIVAL_RETENTION_DAYS);
      return db.transaction().execute(async (trx) => {
        const followUps = await repo.followUpsOfArrivalsBefore(trx, before);
        if (deps.followUps && followUps.length > 0) await deps.followUps.remove(trx, followUps);
        return repo.deleteArrivalsBefore(trx, before);
      });
    },
  };
}

export type ArrivalsService = ReturnType<typeof createArrivalsService>;

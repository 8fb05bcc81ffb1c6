import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { encryptText, keyedHash } from '../../shared/crypto.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Language } from '../../shared/language.js';
import { nikMessageKey, nikProblem } from '../../shared/nik.js';
import { normalizePhone } from '../../shared/phone.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { Principal } from '../accounts/index.js';
import { isVillage, type RegionsService } from '../regions/index.js';
import { DAY, type CaseTiming } from './case-timing.js';
import { tracingProblems } from './tracing.errors.js';
import type { TracingKeys } from './tracing.keys.js';
import * as repo from './tracing.repository.js';
import { TEST_REFERENCE_PATTERN } from './need-to-know.js';
import { INITIAL_CATEGORIES, episodeDate, isConfirmed, isolationEnd, isValidDate, type TracingSettings } from './tracing.rules.js';
import type { CasesTable } from './tracing.table.js';

const NAME_PATTERN = /^[^\p{Cc}\p{Cf}]{1,100}$/u;

/** Raised inside the registering transaction; `withProbeAudit` audits it after the rollback and answers the caller. */
class DuplicateCaseFound extends Error {
  constructor(readonly existing: CasesTable, readonly match: 'phone' | 'nik') {
    super('duplicate case');
  }
}

export interface CaseInput {
  name: string;
  phone: string;
  nik?: string;
  residenceCode: string;
  category: string;
  onsetDate?: string;
  specimenDate?: string;
  isolationStart?: string;
  isolationPlace?: string;
  testReference?: string;
  language?: Language;
}

export interface PreparedCase {
  input: CaseInput;
  name: string;
  phone: string;
  nik: string | null;
  onset: string | null;
  specimen: string | null;
  isolationStart: string | null;
  place: { desa: string; banjar: string | null };
  testReference: string | null;
}

export interface CaseRegistrationDeps {
  db: Db;
  clock: Clock;
  settings: TracingSettings;
  timing: CaseTiming;
  keys: TracingKeys;
  regions: Pick<RegionsService, 'get'>;
  /** The check-ins module's keyed hash of a phone (visits.person_key). */
  personKeyOf: (e164: string) => string;
  /** Notices to the venues a newly confirmed case visited (venue-notices.service.ts), in the same transaction. */
  noticeVenues: (trx: Db, c: CasesTable) => Promise<void>;
  /** Feeds the zone colours: policies.recordActiveCases(…, 'case_register'). */
  recordActiveCases: (input: { regionCode: string; date: string; activeCases: number }) => Promise<unknown>;
}

/**
 * Registering a case, shared by the cases use case (a tracer registers one) and the contacts use case (a contact
 * tests positive): validation, the duplicate-episode check, the insert with its audit entry and venue notices, and
 * the zone count the confirmed cases feed.
 */
export function createCaseRegistration(deps: CaseRegistrationDeps) {
  const { db, clock, settings, timing, keys } = deps;

  function checkDate(field: string, value: string | undefined, errors: FieldError[]): string | null {
    if (value === undefined) return null;
    const today = timing.today();
    if (!isValidDate(value)) errors.push({ field, messageKey: 'validation.invalidDate' });
    else if (value > today) errors.push({ field, messageKey: 'validation.dateInFuture', params: { today } });
    return value;
  }

  async function residence(code: string): Promise<{ desa: string; banjar: string | null }> {
    const region = await deps.regions.get(code).catch(() => null);
    if (!region) throw tracingProblems.field('residenceCode', 'validation.unknownRegion');
    if (isVillage(region.type)) return { desa: region.code, banjar: null };
    if (region.type === 'banjar' && region.parentCode) {
      const parent = await deps.regions.get(region.parentCode).catch(() => null);
      if (parent && isVillage(parent.type)) return { desa: parent.code, banjar: region.code };
    }
    throw tracingProblems.field('residenceCode', 'validation.residence');
  }

  /**
   * Validation and look-ups that need no transaction (on SQLite a read through `db` inside one would wait for it).
   * The caller (already holding cases:manage somewhere) must hold it in the desa of residence.
   */
  async function prepare(principal: Principal | null, input: CaseInput): Promise<PreparedCase> {
    const errors: FieldError[] = [];
    const name = input.name.trim();
    if (!NAME_PATTERN.test(name)) errors.push({ field: 'name', messageKey: 'validation.invalid' });
    const phone = normalizePhone(input.phone);
    if (!phone) errors.push({ field: 'phone', messageKey: 'validation.phone' });
    const nik = input.nik?.replace(/\s/g, '') || null;
    if (nik !== null) {
      const problem = nikProblem(nik, timing.today());
      if (problem) errors.push({ field: 'nik', messageKey: nikMessageKey(problem) });
    }
    if (!(INITIAL_CATEGORIES as readonly string[]).includes(input.category)) errors.push({ field: 'category', messageKey: 'validation.enum', params: { values: INITIAL_CATEGORIES.join(', ') } });
    const onset = checkDate('onsetDate', input.onsetDate, errors);
    const specimen = checkDate('specimenDate', input.specimenDate, errors);
    const isolationStart = input.isolationStart ?? null;
    if (isolationStart !== null && !isValidDate(isolationStart)) errors.push({ field: 'isolationStart', messageKey: 'validation.invalidDate' });
    if (isConfirmed(input.category) && onset === null && specimen === null) errors.push({ field: 'onsetDate', messageKey: 'validation.dateRequiredForCategory' });
    const testReference = input.testReference?.trim() || null;
    if (testReference !== null && !TEST_REFERENCE_PATTERN.test(testReference)) errors.push({ field: 'testReference', messageKey: 'validation.testReference' });
    if (errors.length > 0) throw problems.validation(errors);
    const place = await residence(input.residenceCode);
    // A referral from another module (principal null: a border post's positive rapid test) needs no tracing scope.
    if (principal) principal.require('cases:manage', place.desa);
    return { input, name, phone: phone!, nik, onset, specimen, isolationStart, place, testReference };
  }

  async function registerIn(trx: Db, ctx: RequestContext, p: PreparedCase, sourceCaseId: string | null): Promise<CasesTable> {
    const { input, name, phone, nik, onset, specimen, isolationStart, place, testReference } = p;
    const today = timing.today();
    const personKey = deps.personKeyOf(phone);
    const nikKey = nik ? keyedHash(keys.nikHashKey, nik) : null;
    const dates = { category: input.category, onsetDate: onset, specimenDate: specimen, isolationStart };
    const episode = episodeDate(dates, today);
    const duplicate = (await repo.openCasesOfPerson(trx, personKey, nikKey)).find((c) => Math.abs(Date.parse(c.episode_date) - Date.parse(episode)) <= settings.episodeDays * DAY);
    if (duplicate) throw new DuplicateCaseFound(duplicate, duplicate.person_key === personKey ? 'phone' : 'nik');
    const now = clock.now();
    const row: CasesTable = {
      id: newId(now),
      person_key: personKey,
      name_enc: encryptText(keys.dataKey, name),
      phone_enc: encryptText(keys.dataKey, phone),
      nik_enc: nik ? encryptText(keys.dataKey, nik) : null,
      nik_key: nikKey,
      residence_code: place.desa,
      banjar_code: place.banjar,
      category: input.category,
      onset_date: onset,
      specimen_date: specimen,
      isolation_start: isolationStart,
      isolation_place: input.isolationPlace?.trim() || null,
      isolation_end: isolationEnd(dates, settings, today),
      episode_date: episode,
      region_code: place.desa,
      source_case_id: sourceCaseId,
      confirmed_at: isConfirmed(input.category) ? now : null,
      language: input.language ?? 'id',
      created_by: ctx.principal?.userId ?? null,
      created_at: now,
      updated_at: now,
      test_reference: testReference,
      search_requested_by: null,
      search_requested_at: null,
      search_purpose: null,
      search_approved_by: null,
      search_approved_at: null,
    };
    await repo.insertCase(trx, row);
    await recordAudit(trx, clock, ctx, { action: 'case.create', entityType: 'case', entityId: row.id, regionCode: row.residence_code, details: { category: row.category, sourceCaseId, testReference: testReference !== null } });
    if (row.confirmed_at !== null) await deps.noticeVenues(trx, row);
    return row;
  }

  /**
   * Runs a registration (its transaction inside `run`). A duplicate episode answers 409, naming the existing case only
   * to a caller who may open it (out of scope: neither its id nor its region), and is audited as a probe under the
   * existing case's region after the rollback (issue #14, finding 3).
   */
  async function withProbeAudit<T>(ctx: RequestContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof DuplicateCaseFound)) throw err;
      const inScope = ctx.principal?.canIn('cases:read', err.existing.residence_code) ?? false;
      await recordAudit(db, clock, ctx, { action: 'case.duplicate_probe', entityType: 'case', entityId: err.existing.id, regionCode: err.existing.residence_code, details: { match: err.match, inScope } });
      throw tracingProblems.duplicateCase(inScope ? err.existing.id : null);
    }
  }

  /** The zone count of a desa follows its confirmed cases (source 'case_register'; a manual count of the same day still wins). */
  async function feedZone(residenceCode: string): Promise<void> {
    const activeCases = await repo.countConfirmedIn(db, residenceCode);
    await deps.recordActiveCases({ regionCode: residenceCode, date: timing.today(), activeCases });
  }

  return { prepare, registerIn, withProbeAudit, feedZone };
}

export type CaseRegistration = ReturnType<typeof createCaseRegistration>;

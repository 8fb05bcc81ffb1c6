import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { decryptText, deriveKey, encryptText, keyedHash, randomToken, sha256Hex } from '../../shared/crypto.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { csvLine } from '../../shared/csv.js';
import { newId } from '../../shared/ids.js';
import type { Language } from '../../shared/language.js';
import { normalizePhone } from '../../shared/phone.js';
import { systemContext, type RequestContext } from '../../shared/request-context.js';
import type { Principal } from '../accounts/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import type { SealedVisitPerson } from '../checkins/index.js';
import { addDaysToDate, localDate } from '../policies/local-time.js';
import { usualStayMinutes } from '../policies/sectors.js';
import { isWithinRegion } from '../regions/region-codes.js';
import type { RegionsService } from '../regions/regions.service.js';
import { isVillage } from '../regions/regions.types.js';
import { earliestRelevantTIn, type ExposureOptions } from './exposure.js';
import { exposuresOf } from './exposure-query.js';
import * as repo from './tracing.repository.js';
import {
  CATEGORIES,
  INITIAL_CATEGORIES,
  episodeDate,
  isCategory,
  isConfirmed,
  isFinal,
  isolationEnd,
  isValidDate,
  nikProblem,
  tracingWindow,
  type CaseCategory,
  type TracingSettings,
} from './tracing.rules.js';
import type { CasesTable, ContactsTable, ExposureCandidatesTable } from './tracing.table.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NAME_PATTERN = /^[^\p{Cc}\p{Cf}]{1,100}$/u;
export const SYMPTOMS = ['fever', 'cough', 'sore_throat', 'runny_nose', 'shortness_of_breath', 'loss_of_smell_taste', 'fatigue', 'headache', 'diarrhoea'] as const;

/** A message for the notification outbox (modules/notifications), written in the caller's transaction. */
export interface OutboxMessage {
  channel: 'sms' | 'email' | 'inbox';
  recipient: string;
  body: string;
  subject?: string;
  lang?: Language;
  dedupeKey: string;
  personKey?: string | null;
}
export type EnqueueFn = (trx: Db, message: OutboxMessage) => Promise<unknown>;

export interface TracingDeps {
  db: Db;
  clock: Clock;
  secretKey: Buffer;
  timeZone: string;
  publicUrl: string;
  settings: TracingSettings;
  regions: RegionsService;
  /** The check-ins module's keyed hash of a phone (visits.person_key) and its decryption of a visit's person. */
  personKeyOf: (e164: string) => string;
  decryptVisitPerson: (row: SealedVisitPerson) => { name: string; phone: string };
  /** Feeds the zone colours: policies.recordActiveCases(…, 'case_register'). */
  recordActiveCases: (input: { regionCode: string; date: string; activeCases: number }) => Promise<unknown>;
  /** The notification outbox; without it (tests of other modules) nothing is sent. */
  enqueue?: EnqueueFn;
  /** The text of the contact's SMS in their language (≤ 160 characters). */
  contactText?: (lang: Language, params: { end: string; link: string }) => string;
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
  language?: Language;
}

export interface CaseView {
  id: string;
  name: string;
  phone: string;
  nik: string | null;
  residenceCode: string;
  banjarCode: string | null;
  category: string;
  onsetDate: string | null;
  specimenDate: string | null;
  isolationStart: string | null;
  isolationPlace: string | null;
  isolationEnd: string | null;
  episodeDate: string;
  sourceCaseId: string | null;
  confirmedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ExposureView {
  candidateId: string;
  name: string;
  phone: string;
  classification: 'close' | 'low';
  totalOverlapMinutes: number;
  lastExposureAt: number;
  status: string;
  reason: string | null;
  contactId: string | null;
  venues: { venueId: string; venueName: string; overlapMinutes: number; estimated: boolean }[];
}

export interface ContactView {
  id: string;
  caseId: string;
  name: string;
  phone: string;
  followUpRegionCode: string;
  lastExposureAt: number;
  quarantineEnd: string;
  status: string;
  testResult: string | null;
  testDate: string | null;
  becameCaseId: string | null;
  lastReportDate: string | null;
  reportedToday: boolean;
  missedDays: number;
  lastReport: { date: string; symptomatic: boolean; symptoms: string[]; temperatureC: number | null } | null;
}

function fieldError(field: string, messageKey: FieldError['messageKey'], params?: Record<string, string | number>): AppError {
  return problems.validation([{ field, messageKey, ...(params ? { params } : {}) }]);
}

function requirePrincipal(ctx: RequestContext): Principal {
  if (!ctx.principal) throw problems.unauthenticated();
  return ctx.principal;
}

export function createTracingService(deps: TracingDeps) {
  const { db, clock, settings, timeZone } = deps;
  const dataKey = deriveKey(deps.secretKey, 'tracing:data');
  const nikHashKey = deriveKey(deps.secretKey, 'tracing:nik');
  const maxStayMs = settings.maxStayHours * 60 * MINUTE;
  const today = () => localDate(clock.now(), timeZone);

  const exposureOptions = (window: { start: number; end: number }): ExposureOptions => ({
    windowStart: window.start,
    windowEnd: window.end,
    now: clock.now(),
    maxStayMs,
    usualStayMs: (type) => usualStayMinutes(type) * MINUTE,
    closeThresholdMs: (type) => (settings.closeContactMinutesByVenueType[type ?? ''] ?? settings.closeContactMinutes) * MINUTE,
  });

  const caseDates = (c: CasesTable) => ({ category: c.category, onsetDate: c.onset_date, specimenDate: c.specimen_date, isolationStart: c.isolation_start });
  const windowOf = (c: CasesTable) => tracingWindow(caseDates(c), settings, localDate(c.created_at, timeZone), clock.now(), timeZone);

  function present(c: CasesTable): CaseView {
    return {
      id: c.id,
      name: decryptText(dataKey, c.name_enc),
      phone: decryptText(dataKey, c.phone_enc),
      nik: c.nik_enc ? decryptText(dataKey, c.nik_enc) : null,
      residenceCode: c.residence_code,
      banjarCode: c.banjar_code,
      category: c.category,
      onsetDate: c.onset_date,
      specimenDate: c.specimen_date,
      isolationStart: c.isolation_start,
      isolationPlace: c.isolation_place,
      isolationEnd: c.isolation_end,
      episodeDate: c.episode_date,
      sourceCaseId: c.source_case_id,
      confirmedAt: c.confirmed_at,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    };
  }

  /** A case the caller may see: 404 when it does not exist, 403 outside every scope of theirs. */
  async function caseInScope(ctx: RequestContext, id: string, permission: 'cases:read' | 'cases:manage'): Promise<CasesTable> {
    const principal = requirePrincipal(ctx);
    principal.require(permission);
    const c = await repo.findCase(db, id);
    if (!c) throw problems.notFound();
    principal.require(permission, c.residence_code);
    return c;
  }

  function checkDate(field: string, value: string | undefined, errors: FieldError[]): string | null {
    if (value === undefined) return null;
    if (!isValidDate(value)) errors.push({ field, messageKey: 'validation.invalidDate' });
    else if (value > today()) errors.push({ field, messageKey: 'validation.dateInFuture', params: { today: today() } });
    return value;
  }

  async function residence(code: string): Promise<{ desa: string; banjar: string | null }> {
    const region = await deps.regions.get(code).catch(() => null);
    if (!region) throw fieldError('residenceCode', 'validation.unknownRegion');
    if (isVillage(region.type)) return { desa: region.code, banjar: null };
    if (region.type === 'banjar' && region.parentCode) {
      const parent = await deps.regions.get(region.parentCode).catch(() => null);
      if (parent && isVillage(parent.type)) return { desa: parent.code, banjar: region.code };
    }
    throw fieldError('residenceCode', 'validation.residence');
  }

  /** The zone count of a desa follows its confirmed cases (source 'case_register'; a manual count of the same day still wins). */
  async function feedZone(residenceCode: string): Promise<void> {
    const activeCases = await repo.countConfirmedIn(db, residenceCode);
    await deps.recordActiveCases({ regionCode: residenceCode, date: today(), activeCases });
  }

  /**
   * Notices to the venues a confirmed case visited inside the window: one per venue and day, with the time span only;
   * their managers get an e-mail through the outbox in the same transaction.
   */
  async function noticeVenues(trx: Db, c: CasesTable): Promise<void> {
    const window = windowOf(c);
    const visits = await repo.personVisits(trx, c.person_key, earliestRelevantTIn(window.start, maxStayMs), window.end);
    const opts = exposureOptions(window);
    const spans = new Map<string, { venueId: string; date: string; from: number; until: number }>();
    for (const v of visits) {
      const end = Math.min(window.end, v.t_out === null ? Math.min(opts.now, v.t_in + opts.usualStayMs(v.venue_type)) : v.t_out, v.t_in + maxStayMs);
      const from = Math.max(v.t_in, window.start);
      if (end <= from) continue;
      const date = localDate(from, timeZone);
      const key = `${v.venue_id}|${date}`;
      const known = spans.get(key);
      spans.set(key, known ? { ...known, from: Math.min(known.from, from), until: Math.max(known.until, end) } : { venueId: v.venue_id, date, from, until: end });
    }
    for (const s of spans.values()) {
      const venue = await repo.venueInfo(trx, s.venueId);
      if (!venue) continue;
      const now = clock.now();
      const id = newId(now);
      const inserted = await repo.insertVenueNotice(trx, { id, venue_id: s.venueId, case_id: c.id, region_code: venue.region_code, date: s.date, from_at: s.from, until_at: s.until, created_at: now });
      if (!inserted || !deps.enqueue) continue;
      const span = `${s.date} ${localTime(s.from)}–${localTime(s.until)}`;
      for (const manager of await repo.venueManagersContact(trx, s.venueId)) {
        await deps.enqueue(trx, {
          channel: 'email',
          recipient: manager.email,
          subject: `Jaga Baya: pemberitahuan kasus COVID-19 / COVID-19 case notice — ${venue.name}`,
          body: [
            `Seorang kasus konfirmasi COVID-19 berkunjung ke ${venue.name} pada ${span} WITA.`,
            'Bersihkan dan disinfeksi area, pantau kesehatan pegawai, dan ikuti arahan puskesmas.',
            '',
            `A confirmed COVID-19 case visited ${venue.name} on ${span} WITA.`,
            'Clean and disinfect the premises, watch your staff for symptoms and follow the puskesmas guidance.',
          ].join('\n'),
          lang: 'id',
          dedupeKey: `venue-notice:${id}:${manager.user_id}`,
        });
      }
    }
  }

  function localTime(ms: number): string {
    return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
  }

  interface PreparedCase {
    input: CaseInput;
    name: string;
    phone: string;
    nik: string | null;
    onset: string | null;
    specimen: string | null;
    isolationStart: string | null;
    place: { desa: string; banjar: string | null };
  }

  /** Validation and look-ups that need no transaction (on SQLite a read through `db` inside one would wait for it). */
  async function prepareCase(ctx: RequestContext, input: CaseInput): Promise<PreparedCase> {
    const errors: FieldError[] = [];
    const name = input.name.trim();
    if (!NAME_PATTERN.test(name)) errors.push({ field: 'name', messageKey: 'validation.invalid' });
    const phone = normalizePhone(input.phone);
    if (!phone) errors.push({ field: 'phone', messageKey: 'validation.phone' });
    const nik = input.nik?.replace(/\s/g, '') || null;
    if (nik !== null) {
      const problem = nikProblem(nik, today());
      if (problem) errors.push({ field: 'nik', messageKey: problem === 'format' ? 'validation.nikFormat' : problem === 'region' ? 'validation.nikRegion' : 'validation.nikBirthDate' });
    }
    if (!(INITIAL_CATEGORIES as readonly string[]).includes(input.category)) errors.push({ field: 'category', messageKey: 'validation.enum', params: { values: INITIAL_CATEGORIES.join(', ') } });
    const onset = checkDate('onsetDate', input.onsetDate, errors);
    const specimen = checkDate('specimenDate', input.specimenDate, errors);
    const isolationStart = input.isolationStart ?? null;
    if (isolationStart !== null && !isValidDate(isolationStart)) errors.push({ field: 'isolationStart', messageKey: 'validation.invalidDate' });
    if (isConfirmed(input.category) && onset === null && specimen === null) errors.push({ field: 'onsetDate', messageKey: 'validation.dateRequiredForCategory' });
    if (errors.length > 0) throw problems.validation(errors);
    const place = await residence(input.residenceCode);
    requirePrincipal(ctx).require('cases:manage', place.desa);
    return { input, name, phone: phone!, nik, onset, specimen, isolationStart, place };
  }

  async function registerCaseIn(trx: Db, ctx: RequestContext, p: PreparedCase, sourceCaseId: string | null): Promise<CasesTable> {
    const { input, name, phone, nik, onset, specimen, isolationStart, place } = p;
    const personKey = deps.personKeyOf(phone);
    const nikKey = nik ? keyedHash(nikHashKey, nik) : null;
    const dates = { category: input.category, onsetDate: onset, specimenDate: specimen, isolationStart };
    const episode = episodeDate(dates, today());
    const duplicate = (await repo.openCasesOfPerson(trx, personKey, nikKey)).find((c) => Math.abs(Date.parse(c.episode_date) - Date.parse(episode)) <= settings.episodeDays * DAY);
    if (duplicate) throw new AppError(409, 'duplicate-case', 'conflict.title', 'tracing.duplicateCase.detail', {}, [], { existingCaseId: duplicate.id });
    const now = clock.now();
    const row: CasesTable = {
      id: newId(now),
      person_key: personKey,
      name_enc: encryptText(dataKey, name),
      phone_enc: encryptText(dataKey, phone),
      nik_enc: nik ? encryptText(dataKey, nik) : null,
      nik_key: nikKey,
      residence_code: place.desa,
      banjar_code: place.banjar,
      category: input.category,
      onset_date: onset,
      specimen_date: specimen,
      isolation_start: isolationStart,
      isolation_place: input.isolationPlace?.trim() || null,
      isolation_end: isolationEnd(dates, settings, today()),
      episode_date: episode,
      region_code: place.desa,
      source_case_id: sourceCaseId,
      confirmed_at: isConfirmed(input.category) ? now : null,
      language: input.language ?? 'id',
      created_by: ctx.principal?.userId ?? null,
      created_at: now,
      updated_at: now,
    };
    await repo.insertCase(trx, row);
    await recordAudit(trx, clock, ctx, { action: 'case.create', entityType: 'case', entityId: row.id, regionCode: row.residence_code, details: { category: row.category, sourceCaseId } });
    if (row.confirmed_at !== null) await noticeVenues(trx, row);
    return row;
  }

  /** Persists new candidates, refreshes pending ones; decided ones stay as decided. */
  async function computeCandidates(c: CasesTable): Promise<ExposureCandidatesTable[]> {
    const { candidates: found } = await exposuresOf(db, c.person_key, exposureOptions(windowOf(c)));
    const existing = new Map((await repo.candidatesOfCase(db, c.id)).map((x) => [x.person_key, x]));
    const now = clock.now();
    for (const f of found) {
      const fields = {
        visit_id: f.latestVisitId,
        classification: f.classification,
        total_overlap_minutes: f.totalOverlapMinutes,
        last_exposure_at: f.lastExposureAt,
        venues: JSON.stringify(f.venues.map((v) => ({ venueId: v.venueId, overlapMinutes: v.overlapMinutes, estimated: v.estimated }))),
        computed_at: now,
      };
      const known = existing.get(f.personKey);
      if (!known) await repo.insertCandidate(db, { id: newId(now), case_id: c.id, person_key: f.personKey, ...fields, status: 'pending', reason: null, decided_by: null, decided_at: null });
      else if (known.status === 'pending') await repo.refreshPendingCandidate(db, known.id, fields);
    }
    return repo.candidatesOfCase(db, c.id);
  }

  async function presentContacts(rows: ContactsTable[]): Promise<ContactView[]> {
    const reports = await repo.reportsOfContacts(db, rows.map((r) => r.id));
    const t = today();
    return rows.map((r) => {
      const own = reports.filter((x) => x.contact_id === r.id);
      const dates = new Set(own.map((x) => x.date));
      const last = own[own.length - 1] ?? null;
      // Missed: every day from the day after the contact was confirmed up to yesterday (and not past the end) without a report.
      let missedDays = 0;
      const first = addDaysToDate(localDate(r.created_at, timeZone), 1);
      for (let d = first; d < t && d <= r.quarantine_end; d = addDaysToDate(d, 1)) if (!dates.has(d)) missedDays++;
      return {
        id: r.id,
        caseId: r.case_id,
        name: decryptText(dataKey, r.name_enc),
        phone: decryptText(dataKey, r.phone_enc),
        followUpRegionCode: r.follow_up_region_code,
        lastExposureAt: r.last_exposure_at,
        quarantineEnd: r.quarantine_end,
        status: r.status,
        testResult: r.test_result,
        testDate: r.test_date,
        becameCaseId: r.became_case_id,
        lastReportDate: last?.date ?? null,
        reportedToday: dates.has(t),
        missedDays,
        lastReport: last ? { date: last.date, symptomatic: last.symptomatic === 1, symptoms: JSON.parse(last.symptoms) as string[], temperatureC: last.temperature_c } : null,
      };
    });
  }

  async function contactInScope(ctx: RequestContext, id: string): Promise<ContactsTable> {
    const principal = requirePrincipal(ctx);
    principal.require('cases:manage');
    const contact = await repo.findContact(db, id);
    if (!contact) throw problems.notFound();
    const c = await repo.findCase(db, contact.case_id);
    if (!principal.canIn('cases:manage', contact.follow_up_region_code) && !(c && principal.canIn('cases:manage', c.residence_code))) throw problems.outOfScope(contact.follow_up_region_code);
    return contact;
  }

  return {
    settings,

    async registerCase(ctx: RequestContext, input: CaseInput): Promise<{ id: string }> {
      requirePrincipal(ctx).require('cases:manage');
      const prepared = await prepareCase(ctx, input);
      const row = await db.transaction().execute((trx) => registerCaseIn(trx, ctx, prepared, null));
      if (row.confirmed_at !== null) await feedZone(row.residence_code);
      return { id: row.id };
    },

    async listCases(ctx: RequestContext): Promise<CaseView[]> {
      const principal = requirePrincipal(ctx);
      principal.require('cases:read');
      const rows = await repo.listCasesInScopes(db, principal.scopesFor('cases:read'), 500);
      await recordAudit(db, clock, ctx, { action: 'case.list', entityType: 'case', details: { count: rows.length } });
      return rows.map(present);
    },

    async getCase(ctx: RequestContext, id: string): Promise<CaseView & { contacts: ContactView[]; window: { start: number; end: number } }> {
      const c = await caseInScope(ctx, id, 'cases:read');
      await recordAudit(db, clock, ctx, { action: 'case.read', entityType: 'case', entityId: c.id, regionCode: c.residence_code });
      return { ...present(c), window: windowOf(c), contacts: await presentContacts(await repo.contactsOfCase(db, c.id)) };
    },

    async updateStatus(ctx: RequestContext, id: string, input: { category: string; isolationEnd?: string; isolationStart?: string }): Promise<CaseView> {
      const c = await caseInScope(ctx, id, 'cases:manage');
      if (!isCategory(input.category)) throw fieldError('category', 'validation.enum', { values: CATEGORIES.join(', ') });
      if (isFinal(c.category)) throw new AppError(409, 'case-closed', 'conflict.title', 'tracing.caseClosed.detail', { category: c.category });
      const to: CaseCategory = input.category;
      // Confirmed cases do not go back to suspect or probable; everything else is the tracer's judgement.
      if (isConfirmed(c.category) && (to === 'suspek' || to === 'probable' || to === 'discarded')) {
        throw fieldError('category', 'validation.categoryTransition', { from: c.category, to });
      }
      const start = input.isolationStart ?? c.isolation_start;
      if (input.isolationStart !== undefined && !isValidDate(input.isolationStart)) throw fieldError('isolationStart', 'validation.invalidDate');
      const dates = { category: to, onsetDate: c.onset_date, specimenDate: c.specimen_date, isolationStart: start };
      let end = isFinal(to) ? c.isolation_end : isolationEnd(dates, settings, localDate(c.created_at, timeZone));
      if (input.isolationEnd !== undefined) {
        if (!isValidDate(input.isolationEnd)) throw fieldError('isolationEnd', 'validation.invalidDate');
        const from = start ?? c.episode_date;
        if (input.isolationEnd < from) throw fieldError('isolationEnd', 'validation.endBeforeStart', { start: from });
        end = input.isolationEnd;
      }
      const now = clock.now();
      const updated: CasesTable = { ...c, category: to, isolation_start: start, isolation_end: end, updated_at: now, confirmed_at: c.confirmed_at ?? (isConfirmed(to) ? now : null) };
      await db.transaction().execute(async (trx) => {
        await repo.updateCase(trx, c.id, { category: to, isolation_start: start, isolation_end: end, updated_at: now, confirmed_at: updated.confirmed_at });
        await recordAudit(trx, clock, ctx, { action: 'case.status', entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { from: c.category, to, isolationEnd: end } });
        if (c.confirmed_at === null && updated.confirmed_at !== null) await noticeVenues(trx, updated);
      });
      if (isConfirmed(c.category) || isConfirmed(to)) await feedZone(c.residence_code);
      return present(updated);
    },

    async exposures(ctx: RequestContext, id: string): Promise<ExposureView[]> {
      const c = await caseInScope(ctx, id, 'cases:read');
      const candidates = await computeCandidates(c);
      const people = new Map((await repo.visitPeople(db, candidates.map((x) => x.visit_id))).map((v) => [v.id, deps.decryptVisitPerson(v)]));
      const venueIds = [...new Set(candidates.flatMap((x) => (JSON.parse(x.venues) as { venueId: string }[]).map((v) => v.venueId)))];
      const names = await repo.venueNames(db, venueIds);
      const contacts = new Map((await repo.contactsOfCase(db, c.id)).map((k) => [k.candidate_id, k.id]));
      await recordAudit(db, clock, ctx, { action: 'case.exposures', entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { candidates: candidates.length } });
      const rank = (x: ExposureCandidatesTable) => (x.classification === 'close' ? 0 : 1);
      return candidates
        .sort((a, b) => rank(a) - rank(b) || b.total_overlap_minutes - a.total_overlap_minutes || b.last_exposure_at - a.last_exposure_at || a.id.localeCompare(b.id))
        .map((x) => {
          const person = people.get(x.visit_id) ?? { name: '', phone: '' };
          return {
            candidateId: x.id,
            name: person.name,
            phone: person.phone,
            classification: x.classification === 'close' ? 'close' : 'low',
            totalOverlapMinutes: x.total_overlap_minutes,
            lastExposureAt: x.last_exposure_at,
            status: x.status,
            reason: x.reason,
            contactId: contacts.get(x.id) ?? null,
            venues: (JSON.parse(x.venues) as { venueId: string; overlapMinutes: number; estimated: boolean }[]).map((v) => ({ ...v, venueName: names.get(v.venueId) ?? '' })),
          };
        });
    },

    async decide(ctx: RequestContext, caseId: string, candidateId: string, input: { decision: 'confirm' | 'dismiss'; reason?: string; language?: Language }): Promise<{ candidateId: string; status: string; contactId: string | null; quarantineEnd: string | null }> {
      const c = await caseInScope(ctx, caseId, 'cases:manage');
      const principal = requirePrincipal(ctx);
      const candidate = await repo.findCandidate(db, c.id, candidateId);
      if (!candidate) throw problems.notFound();
      const reason = input.reason?.trim() || null;
      if (input.decision === 'dismiss' && !reason) throw fieldError('reason', 'validation.reasonRequired');
      if (candidate.status !== 'pending') throw new AppError(409, 'already-decided', 'conflict.title', 'tracing.alreadyDecided.detail', { status: candidate.status }, [], { status: candidate.status });
      const status = input.decision === 'confirm' ? 'confirmed' : 'dismissed';
      const now = clock.now();
      const result = await db.transaction().execute(async (trx) => {
        if (!(await repo.decideCandidate(trx, candidate.id, status, reason, principal.userId, now))) {
          throw new AppError(409, 'already-decided', 'conflict.title', 'tracing.alreadyDecided.detail', { status: 'decided' });
        }
        await recordAudit(trx, clock, ctx, { action: `exposure.${input.decision}`, entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { candidateId: candidate.id, reason } });
        if (input.decision === 'dismiss') return { contactId: null, quarantineEnd: null };
        const visit = (await repo.visitPeople(trx, [candidate.visit_id]))[0];
        if (!visit) throw problems.notFound();
        const person = deps.decryptVisitPerson(visit);
        const quarantineEnd = addDaysToDate(localDate(candidate.last_exposure_at, timeZone), settings.quarantineDays);
        const token = randomToken(16);
        const lang: Language = input.language ?? 'id';
        // Residence of a contact found through a check-in is unknown: the confirming tracer's own region follows up.
        const followUp = principal.scopesFor('cases:manage').find((s) => isWithinRegion(c.residence_code, s)) ?? principal.scopesFor('cases:manage')[0] ?? c.region_code;
        const contact: ContactsTable = {
          id: newId(now),
          case_id: c.id,
          candidate_id: candidate.id,
          person_key: candidate.person_key,
          name_enc: encryptText(dataKey, person.name),
          phone_enc: encryptText(dataKey, person.phone),
          follow_up_region_code: followUp,
          last_exposure_at: candidate.last_exposure_at,
          quarantine_end: quarantineEnd,
          token_hash: sha256Hex(token),
          language: lang,
          status: 'quarantine',
          test_result: null,
          test_date: null,
          became_case_id: null,
          created_by: principal.userId,
          created_at: now,
          updated_at: now,
        };
        await repo.insertContact(trx, contact);
        await recordAudit(trx, clock, ctx, { action: 'contact.create', entityType: 'contact', entityId: contact.id, regionCode: followUp, details: { caseId: c.id, quarantineEnd } });
        if (deps.enqueue) {
          const link = `${deps.publicUrl.replace(/\/$/, '')}/k/${token}`;
          const end = `${quarantineEnd.slice(8, 10)}/${quarantineEnd.slice(5, 7)}`;
          let body = defaultContactText(lang, end, link);
          try {
            if (deps.contactText) body = deps.contactText(lang, { end, link });
          } catch {
            // The outbox's own template did not fit one SMS with this link: the shorter fallback is used.
          }
          await deps.enqueue(trx, { channel: 'sms', recipient: person.phone, body, lang, dedupeKey: `contact:${contact.id}`, personKey: contact.person_key });
        }
        return { contactId: contact.id, quarantineEnd, token };
      });
      return { candidateId: candidate.id, status, contactId: result.contactId, quarantineEnd: result.quarantineEnd };
    },

    /** Test-only door: the personal link of a contact is sent, never returned; tests read it back from the outbox. */
    linkFor(token: string): string {
      return `${deps.publicUrl.replace(/\/$/, '')}/k/${token}`;
    },

    async followUpList(ctx: RequestContext): Promise<ContactView[]> {
      const principal = requirePrincipal(ctx);
      principal.require('cases:read');
      const rows = await repo.contactsInScopes(db, principal.scopesFor('cases:read'), ['quarantine']);
      await recordAudit(db, clock, ctx, { action: 'contact.list', entityType: 'contact', details: { count: rows.length } });
      return presentContacts(rows);
    },

    async recordTest(ctx: RequestContext, contactId: string, input: { result: 'negative' | 'positive'; date: string; category?: string; residenceCode?: string; onsetDate?: string }): Promise<{ contactId: string; caseId: string | null }> {
      const contact = await contactInScope(ctx, contactId);
      if (contact.status !== 'quarantine') throw new AppError(409, 'contact-closed', 'conflict.title', 'tracing.contactClosed.detail', { status: contact.status });
      if (!isValidDate(input.date)) throw fieldError('date', 'validation.invalidDate');
      if (input.date > today()) throw fieldError('date', 'validation.dateInFuture', { today: today() });
      const category = input.category ?? (input.onsetDate ? 'konfirmasi_simptomatik' : 'konfirmasi_asimptomatik');
      // Residence of a contact found through check-ins is unknown: the tracer names it, else the follow-up desa,
      // else (follow-up by a kecamatan or the city) the desa of the source case.
      let residenceCode = input.residenceCode;
      if (residenceCode === undefined) {
        const followUp = await deps.regions.get(contact.follow_up_region_code).catch(() => null);
        residenceCode = followUp && isVillage(followUp.type) ? followUp.code : ((await repo.findCase(db, contact.case_id))?.residence_code ?? contact.follow_up_region_code);
      }
      const prepared =
        input.result === 'positive'
          ? await prepareCase(ctx, {
              name: decryptText(dataKey, contact.name_enc),
              phone: decryptText(dataKey, contact.phone_enc),
              residenceCode,
              category,
              specimenDate: input.date,
              ...(input.onsetDate ? { onsetDate: input.onsetDate } : {}),
              language: contact.language === 'en' ? 'en' : 'id',
            })
          : null;
      const now = clock.now();
      const out = await db.transaction().execute(async (trx) => {
        let caseRow: CasesTable | null = null;
        if (prepared) caseRow = await registerCaseIn(trx, ctx, prepared, contact.case_id);
        await repo.updateContact(trx, contact.id, { test_result: input.result, test_date: input.date, status: caseRow ? 'became_case' : contact.status, became_case_id: caseRow?.id ?? null, updated_at: now });
        await recordAudit(trx, clock, ctx, { action: 'contact.test', entityType: 'contact', entityId: contact.id, regionCode: contact.follow_up_region_code, details: { result: input.result, date: input.date, caseId: caseRow?.id ?? null } });
        return caseRow;
      });
      if (out?.confirmed_at) await feedZone(out.residence_code);
      return { contactId: contact.id, caseId: out?.id ?? null };
    },

    async discharge(ctx: RequestContext, contactId: string): Promise<{ contactId: string; status: string }> {
      const contact = await contactInScope(ctx, contactId);
      if (contact.status !== 'quarantine') throw new AppError(409, 'contact-closed', 'conflict.title', 'tracing.contactClosed.detail', { status: contact.status });
      if (today() < contact.quarantine_end) throw new AppError(409, 'quarantine-not-over', 'conflict.title', 'tracing.quarantineNotOver.detail', { end: contact.quarantine_end });
      await db.transaction().execute(async (trx) => {
        await repo.updateContact(trx, contact.id, { status: 'discharged', updated_at: clock.now() });
        await recordAudit(trx, clock, ctx, { action: 'contact.discharge', entityType: 'contact', entityId: contact.id, regionCode: contact.follow_up_region_code });
      });
      return { contactId: contact.id, status: 'discharged' };
    },

    /** Daily job: contacts whose quarantine ended without a positive test are discharged. */
    async dischargeDue(): Promise<number> {
      const due = await repo.contactsDueForDischarge(db, today());
      for (const c of due) {
        await db.transaction().execute(async (trx) => {
          await repo.updateContact(trx, c.id, { status: 'discharged', updated_at: clock.now() });
          await recordAudit(trx, clock, systemContext, { action: 'contact.discharge', entityType: 'contact', entityId: c.id, regionCode: c.follow_up_region_code, details: { automatic: true } });
        });
      }
      return due.length;
    },

    /** Retention job: closed cases older than the retention period go, with their contacts and reports. */
    async purgeExpired(): Promise<number> {
      const before = clock.now() - settings.retentionDays * DAY;
      const purged = await db.transaction().execute((trx) => repo.purgeClosedCasesBefore(trx, before));
      if (purged > 0) await recordAudit(db, clock, systemContext, { action: 'case.purge', entityType: 'case', details: { purged, retentionDays: settings.retentionDays } });
      return purged;
    },

    /** The public follow-up page: the contact behind a link, or why the link does not work. */
    async followUpByToken(token: string): Promise<{ kind: 'ok'; contact: ContactsTable; today: string; reportedToday: boolean } | { kind: 'unknown' } | { kind: 'expired'; contact: ContactsTable }> {
      if (!/^[\w-]{16,64}$/.test(token)) return { kind: 'unknown' };
      const contact = await repo.findContactByTokenHash(db, sha256Hex(token));
      if (!contact) return { kind: 'unknown' };
      const t = today();
      if (contact.status !== 'quarantine' || t > contact.quarantine_end) return { kind: 'expired', contact };
      const reports = await repo.reportsOfContacts(db, [contact.id]);
      return { kind: 'ok', contact, today: t, reportedToday: reports.some((r) => r.date === t) };
    },

    async submitReport(token: string, input: { symptomatic: boolean; symptoms: string[]; temperatureC: number | null }): Promise<{ kind: 'ok' | 'unknown' | 'expired' | 'invalid' }> {
      const found = await this.followUpByToken(token);
      if (found.kind !== 'ok') return { kind: found.kind };
      const symptoms = input.symptoms.filter((s) => (SYMPTOMS as readonly string[]).includes(s));
      if (input.temperatureC !== null && (!Number.isFinite(input.temperatureC) || input.temperatureC < 34 || input.temperatureC > 43)) return { kind: 'invalid' };
      const symptomatic = input.symptomatic || symptoms.length > 0 || (input.temperatureC !== null && input.temperatureC >= 38);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await repo.replaceReport(trx, { id: newId(now), contact_id: found.contact.id, date: found.today, symptomatic: symptomatic ? 1 : 0, symptoms: JSON.stringify(symptoms), temperature_c: input.temperatureC, at: now });
        await recordAudit(trx, clock, systemContext, { action: 'contact.report', entityType: 'contact', entityId: found.contact.id, regionCode: found.contact.follow_up_region_code, details: { symptomatic } });
      });
      return { kind: 'ok' };
    },

    async exportContactsCsv(ctx: RequestContext, caseId: string): Promise<string> {
      const c = await caseInScope(ctx, caseId, 'cases:read');
      const contacts = await presentContacts(await repo.contactsOfCase(db, c.id));
      await recordAudit(db, clock, ctx, { action: 'case.export_contacts', entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { rows: contacts.length } });
      // The fields a tracer sees on the follow-up list; never the NIK or the internal person key.
      let out = csvLine(['name', 'phone', 'last_exposure', 'quarantine_end', 'status', 'follow_up_region', 'last_report', 'missed_days', 'test_result']);
      for (const k of contacts) {
        out += csvLine([k.name, k.phone, localDate(k.lastExposureAt, timeZone), k.quarantineEnd, k.status, k.followUpRegionCode, k.lastReportDate, k.missedDays, k.testResult]);
      }
      return out;
    },

    async venueNotices(ctx: RequestContext, venueId: string): Promise<{ id: string; date: string; from: number; until: number }[]> {
      const principal = requirePrincipal(ctx);
      const venue = await repo.venueInfo(db, venueId);
      if (!venue) throw problems.notFound();
      principal.require('venues:read', venue.region_code);
      return (await repo.noticesOfVenue(db, venueId)).map((n) => ({ id: n.id, date: n.date, from: n.from_at, until: n.until_at }));
    },

    /**
     * Clusters: a venue with two or more confirmed cases whose visits there fall within `clusterDays` of each other,
     * and a desa with two or more confirmed cases whose episodes do; plus the chains of who was infected by whom.
     */
    async clusters(ctx: RequestContext): Promise<ClustersView> {
      const principal = requirePrincipal(ctx);
      principal.require('cases:read');
      const inScope = (code: string) => principal.canIn('cases:read', code);
      const cases = (await repo.confirmedCases(db)).filter((c) => inScope(c.residence_code));
      const caseIds = new Set(cases.map((c) => c.id));
      const span = settings.clusterDays * DAY;
      const groups = <T>(items: T[], at: (x: T) => number, key: (x: T) => string): T[][] => {
        const sorted = [...items].sort((a, b) => at(a) - at(b));
        const out: T[][] = [];
        let current: T[] = [];
        for (const x of sorted) {
          if (current.length > 0 && at(x) - at(current[current.length - 1]!) > span) {
            out.push(current);
            current = [];
          }
          current.push(x);
        }
        if (current.length) out.push(current);
        return out.filter((g) => new Set(g.map(key)).size >= 2);
      };
      const venueClusters: ClusterView[] = [];
      const notices = (await repo.allVenueNotices(db)).filter((n) => caseIds.has(n.case_id) || inScope(n.region_code));
      const byVenue = new Map<string, typeof notices>();
      for (const n of notices) byVenue.set(n.venue_id, [...(byVenue.get(n.venue_id) ?? []), n]);
      for (const [venueId, list] of byVenue) {
        for (const g of groups(list, (n) => n.from_at, (n) => n.case_id)) {
          const ids = [...new Set(g.map((n) => n.case_id))];
          venueClusters.push({ kind: 'venue', key: venueId, name: g[0]!.venue_name, size: ids.length, from: g[0]!.date, to: g[g.length - 1]!.date, caseIds: ids });
        }
      }
      const desaClusters: ClusterView[] = [];
      const byDesa = new Map<string, CasesTable[]>();
      for (const c of cases) byDesa.set(c.residence_code, [...(byDesa.get(c.residence_code) ?? []), c]);
      for (const [code, list] of byDesa) {
        for (const g of groups(list, (c) => Date.parse(c.episode_date), (c) => c.id)) {
          const region = await deps.regions.get(code).catch(() => null);
          desaClusters.push({ kind: 'desa', key: code, name: region?.name ?? code, size: g.length, from: g[0]!.episode_date, to: g[g.length - 1]!.episode_date, caseIds: g.map((c) => c.id) });
        }
      }
      const all = [...venueClusters, ...desaClusters].sort((a, b) => b.size - a.size || b.to.localeCompare(a.to));
      const shown = new Set(all.flatMap((c) => c.caseIds));
      const allCases = (await repo.listCasesInScopes(db, principal.scopesFor('cases:read'), 2000)).filter((c) => shown.has(c.id) || c.source_case_id !== null);
      const chains = allCases.filter((c) => c.source_case_id !== null).map((c) => ({ caseId: c.id, sourceCaseId: c.source_case_id! }));
      const involved = new Set([...shown, ...chains.flatMap((l) => [l.caseId, l.sourceCaseId])]);
      const labels = allCases.filter((c) => involved.has(c.id)).map((c) => ({ id: c.id, name: decryptText(dataKey, c.name_enc), category: c.category, episodeDate: c.episode_date, residenceCode: c.residence_code }));
      await recordAudit(db, clock, ctx, { action: 'cluster.list', entityType: 'case', details: { clusters: all.length } });
      return { clusters: all, cases: labels, links: chains };
    },
  };
}

export interface ClusterView {
  kind: 'venue' | 'desa';
  key: string;
  name: string;
  size: number;
  from: string;
  to: string;
  caseIds: string[];
}

export interface ClustersView {
  clusters: ClusterView[];
  cases: { id: string; name: string; category: string; episodeDate: string; residenceCode: string }[];
  links: { caseId: string; sourceCaseId: string }[];
}

/** Fallback texts (the notifications module's own templates are used when it provides them). Each fits one SMS. */
export function defaultContactText(lang: Language, end: string, link: string): string {
  return lang === 'en'
    ? `Jaga Baya: you were a close contact of a COVID-19 case. Quarantine until ${end}. Report daily: ${link}`
    : `Jaga Baya: Anda kontak erat kasus COVID-19. Karantina s/d ${end}. Lapor harian: ${link}`;
}

export type TracingService = ReturnType<typeof createTracingService>;

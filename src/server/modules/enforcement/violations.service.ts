import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { encryptText, keyedHash } from '../../shared/crypto.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { localDate, localDateTimeToEpochMs, addDaysToDate } from '../../shared/local-time.js';
import { nikMessageKey, nikProblem, normalizeNik } from '../../shared/nik.js';
import { decodeCursor, encodeCursor, pageOf } from '../../shared/pagination.js';
import { normalizePhone } from '../../shared/phone.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit, recordListRead } from '../audit/index.js';
import type { Principal } from '../accounts/index.js';
import { isVillage, isWithinRegion, type RegionsService } from '../regions/index.js';
import type { SanctionEffects, VenueAccessLayer, VenueRow } from '../venues/index.js';
import type { EnforcementAccess } from './enforcement.access.js';
import { enforcementProblems } from './enforcement.errors.js';
import { decryptPerson as decryptViolator, type EnforcementKeys } from './enforcement.keys.js';
import { presentViolation, presentViolationSummary, type PriorOffence } from './enforcement.presenter.js';
import { venueNames } from './enforcement.read-model.js';
import * as repo from './enforcement.repository.js';
import type { SanctionLaddersTable, ViolationsTable } from './enforcement.table.js';
import { findOffence, OFFENCES } from './offences.js';
import { regionOrFieldError } from './region-lookup.js';
import { ladderInForce, proposeSanction, windowStart, type LadderVersion } from './sanction-ladder.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A phone's clock may run a little ahead of the server's. */
const FUTURE_TOLERANCE_MS = 5 * MINUTE;
/** Entries queued offline on a phone arrive late, but not this late. */
export const MAX_ENTRY_AGE_DAYS = 30;
const NAME_PATTERN = /^[^\p{Cc}\p{Cf}]{1,100}$/u;

export type ViolationSubjectInput = { kind: 'person'; nik?: string; name: string; phone?: string } | { kind: 'venue'; venueId: string };

export interface ViolationInput {
  offence: string;
  regionCode: string;
  occurredAt: string;
  subject: ViolationSubjectInput;
  desaAdatCode?: string;
  team?: string;
  note?: string;
  lat?: number;
  lon?: number;
  clientKey?: string;
}

export interface ViolationsServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  keys: EnforcementKeys;
  access: EnforcementAccess;
  regions: Pick<RegionsService, 'requireRegion' | 'rootCodes' | 'adatOverlapsVillage'>;
  venueAccess: Pick<VenueAccessLayer, 'requireVenue'>;
  effects: Pick<SanctionEffects, 'recordViolationEvidence' | 'withdrawViolationEvidence' | 'liftSanction'>;
  /** venues.refreshCompliance: re-scores a venue after its evidence changed (outside the transaction). */
  refreshCompliance: (venueId: string, trigger: string) => Promise<unknown>;
}

export function toLadderVersion(row: SanctionLaddersTable): LadderVersion {
  return {
    id: row.id,
    legalBasis: row.legal_basis,
    effectiveFrom: row.effective_from,
    effectiveUntil: row.effective_until,
    graceDays: row.grace_days,
    windowMonths: row.window_months,
    steps: JSON.parse(row.steps) as LadderVersion['steps'],
  };
}

/** Recording violations (with the ladder's proposal), reading them in scope, annulling one. */
export function createViolationsService(deps: ViolationsServiceDeps) {
  const { db, clock, timeZone, keys, access, regions, venueAccess, effects } = deps;

  const regionOrError = (code: string, field: string, errors: FieldError[]) => regionOrFieldError(regions, code, field, errors);

  /** The desa/kelurahan a region code stands for (itself, or the parent of a banjar). */
  function villageOf(region: { code: string; type: string; parent_code: string | null }): string | null {
    if (isVillage(region.type)) return region.code;
    if (region.type === 'banjar' && region.parent_code) return region.parent_code;
    return null;
  }

  /**
   * The desa adat through which the caller acts for a person's violation: the one given, or, for an adat officer who
   * holds the permission only through desa adat, theirs that overlaps the village (when exactly one does).
   */
  async function desaAdatFor(principal: Principal, village: string, given: string | undefined, errors: FieldError[]): Promise<string | null> {
    if (given !== undefined) {
      const adat = await regionOrError(given, 'desaAdatCode', errors);
      if (!adat) return null;
      if (adat.type !== 'desa_adat') errors.push({ field: 'desaAdatCode', messageKey: 'validation.mustBeDesaAdat' });
      else if (!(await regions.adatOverlapsVillage(given, village))) errors.push({ field: 'desaAdatCode', messageKey: 'validation.adatNotInVillage' });
      return given;
    }
    if (principal.canIn('enforcement:record', village)) return null;
    const overlapping: string[] = [];
    for (const scope of principal.scopesFor('enforcement:record')) if (await regions.adatOverlapsVillage(scope, village)) overlapping.push(scope);
    return overlapping.length === 1 ? (overlapping[0] as string) : null;
  }

  function occurredAtOrError(value: string, errors: FieldError[]): number | null {
    const at = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at)) {
      errors.push({ field: 'occurredAt', messageKey: 'validation.invalidInstant' });
      return null;
    }
    const now = clock.now();
    if (at > now + FUTURE_TOLERANCE_MS) errors.push({ field: 'occurredAt', messageKey: 'validation.notFuture' });
    else if (at < now - MAX_ENTRY_AGE_DAYS * DAY) errors.push({ field: 'occurredAt', messageKey: 'validation.occurredTooOld', params: { days: MAX_ENTRY_AGE_DAYS } });
    return at;
  }

  async function priorOffences(subject: { personKey: string } | { venueId: string }, family: string, from: string, before: { at: number; id?: string }): Promise<PriorOffence[]> {
    const rows = await repo.priorViolations(db, subject, family, from, before);
    const sanctions = await repo.sanctionsOf(db, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      offence: r.offence,
      occurredAt: new Date(r.occurred_at).toISOString(),
      regionCode: r.region_code,
      sanctions: sanctions.filter((s) => s.violation_id === r.id && s.status === 'active').map((s) => s.type),
    }));
  }

  const decryptPerson = (v: ViolationsTable) => decryptViolator(keys, v);

  async function get(ctx: RequestContext, id: string) {
    const { violation } = await access.requireViolation(ctx, id, 'enforcement:read');
    const sanctions = await repo.sanctionsOf(db, [violation.id]);
    const subject = violation.venue_id ? { venueId: violation.venue_id } : { personKey: violation.person_key as string };
    const version = toLadderVersion((await repo.listLadders(db)).find((l) => l.id === violation.ladder_id) as SanctionLaddersTable);
    const prior = await priorOffences(subject, violation.family, windowStart(version, violation.local_date), { at: violation.occurred_at, id: violation.id });
    const photos = await repo.photosOf(db, violation.id);
    await recordAudit(db, clock, ctx, { action: 'violation.read', entityType: 'violation', entityId: violation.id, regionCode: violation.region_code });
    const names = await venueNames(db, [violation.venue_id]);
    return presentViolation(violation, decryptPerson(violation), sanctions, prior, version, photos, names.get(violation.venue_id ?? ''));
  }

  return {
    /** The offence catalogue with its labels in both languages (labels come from the text catalogue). */
    offences() {
      return OFFENCES;
    },

    async ladders(ctx: RequestContext) {
      access.requirePermission(ctx, 'enforcement:read');
      return (await repo.listLadders(db)).map(toLadderVersion);
    },

    async record(ctx: RequestContext, input: ViolationInput) {
      const principal = access.requirePermission(ctx, 'enforcement:record');
      if (input.clientKey) {
        const existing = await repo.findByClientKey(db, principal.userId, input.clientKey);
        if (existing) throw enforcementProblems.replayed(existing.id);
      }
      const errors: FieldError[] = [];
      const offence = findOffence(input.offence);
      if (!offence) throw enforcementProblems.field('offence', 'validation.invalid');
      if (offence.subject !== input.subject.kind) errors.push({ field: 'offence', messageKey: 'validation.offenceSubject', params: { subject: input.subject.kind } });
      const occurredAt = occurredAtOrError(input.occurredAt, errors);
      const region = await regionOrError(input.regionCode, 'regionCode', errors);
      const village = region ? villageOf(region) : null;
      if (region && !village) errors.push({ field: 'regionCode', messageKey: 'validation.residence' });

      let venue: VenueRow | null = null;
      let person: { nik: string | null; name: string; phone: string | null; key: string } | null = null;
      let desaAdat: string | null = null;
      if (input.subject.kind === 'venue') {
        // Out of the officer's scope a venue is not found at all (issue #15): 404, audited by the venue access layer.
        venue = (await venueAccess.requireVenue(ctx, input.subject.venueId, 'enforcement:record', { managers: false, outOfScopeAsNotFound: true })).venue;
        if (village && venue.region_code !== village && !isWithinRegion(input.regionCode, venue.region_code)) errors.push({ field: 'regionCode', messageKey: 'validation.venueRegion' });
        desaAdat = venue.desa_adat_code;
      } else {
        const s = input.subject;
        const name = s.name.trim();
        if (!NAME_PATTERN.test(name)) errors.push({ field: 'subject.name', messageKey: 'validation.name' });
        const nik = s.nik !== undefined ? normalizeNik(s.nik) : null;
        const problem = nik !== null ? nikProblem(nik, localDate(clock.now(), timeZone)) : null;
        if (problem) errors.push({ field: 'subject.nik', messageKey: nikMessageKey(problem) });
        const phone = s.phone !== undefined ? normalizePhone(s.phone) : null;
        if (s.phone !== undefined && !phone) errors.push({ field: 'subject.phone', messageKey: 'validation.phone' });
        if (nik === null && s.phone === undefined) errors.push({ field: 'subject.nik', messageKey: 'validation.nikOrPhone' });
        // The person across records: the NIK whatever the format typed, else the phone number.
        const key = nik !== null ? keyedHash(keys.personKey, `nik:${nik}`) : keyedHash(keys.personKey, `phone:${phone ?? ''}`);
        person = { nik, name, phone, key };
        if (village) desaAdat = await desaAdatFor(principal, village, input.desaAdatCode, errors);
      }
      if (input.subject.kind === 'venue' && input.desaAdatCode !== undefined) errors.push({ field: 'desaAdatCode', messageKey: 'validation.notForVenue' });
      if ((input.lat === undefined) !== (input.lon === undefined)) errors.push({ field: input.lat === undefined ? 'lat' : 'lon', messageKey: 'validation.required' });
      if (errors.length > 0) throw problems.validation(errors);

      const scope = { region_code: input.regionCode, desa_adat_code: desaAdat };
      if (!access.canIn(principal, 'enforcement:record', scope)) throw problems.recordOutOfScope();

      const at = occurredAt as number;
      const date = localDate(at, timeZone);
      const version = ladderInForce((await repo.listLadders(db)).map(toLadderVersion), date);
      if (!version) throw enforcementProblems.noLadder(date);
      const subject = venue ? { venueId: venue.id } : { personKey: (person as { key: string }).key };
      const prior = await priorOffences(subject, offence.family, windowStart(version, date), { at });
      const proposed = proposeSanction(version, offence.code, date, prior.length);

      const now = clock.now();
      const id = newId(now);
      const enc = (value: string | null) => (value === null ? null : encryptText(keys.dataKey, value));
      try {
        await db.transaction().execute(async (trx) => {
          await repo.insertViolation(trx, {
            id,
            offence: offence.code,
            family: offence.family,
            subject_kind: input.subject.kind,
            venue_id: venue?.id ?? null,
            person_key: person?.key ?? null,
            nik_enc: enc(person?.nik ?? null),
            name_enc: enc(person?.name ?? null),
            phone_enc: enc(person?.phone ?? null),
            region_code: input.regionCode,
            desa_adat_code: desaAdat,
            lat: input.lat ?? null,
            lon: input.lon ?? null,
            occurred_at: at,
            local_date: date,
            team: input.team?.trim() || null,
            note: input.note?.trim() || null,
            ladder_id: version.id,
            proposed: JSON.stringify(proposed),
            prior_count: prior.length,
            client_key: input.clientKey ?? null,
            status: 'recorded',
            annul_reason: null,
            annulled_by: null,
            annulled_at: null,
            recorded_by: principal.userId,
            created_at: now,
          });
          if (venue) await effects.recordViolationEvidence(trx, { venueId: venue.id, violationId: id, severity: offence.severity, occurredAt: at, recordedBy: principal.userId });
          // Names the offence and the kind of subject, never the person's details.
          await recordAudit(trx, clock, ctx, { action: 'violation.record', entityType: 'violation', entityId: id, regionCode: input.regionCode, details: { offence: offence.code, subject: input.subject.kind, venueId: venue?.id ?? null, priorOffences: prior.length, proposed: proposed.type } });
        });
      } catch (error) {
        // Two copies of one offline entry raced: the second finds the first.
        if (input.clientKey) {
          const existing = await repo.findByClientKey(db, principal.userId, input.clientKey);
          if (existing) throw enforcementProblems.replayed(existing.id);
        }
        throw error;
      }
      if (venue) await deps.refreshCompliance(venue.id, 'violation');
      return { id, priorOffences: prior, proposedSanction: proposed, ladder: { id: version.id, legalBasis: version.legalBasis } };
    },

    async list(ctx: RequestContext, filter: { region?: string; from?: string; to?: string; cursor?: string; limit: number }) {
      const principal = access.requirePermission(ctx, 'enforcement:read');
      const scopes = principal.scopesFor('enforcement:read');
      if (filter.region !== undefined) {
        await regions.requireRegion(filter.region);
        if (!scopes.some((s) => isWithinRegion(filter.region as string, s))) throw problems.recordOutOfScope();
      }
      const roots = await regions.rootCodes();
      const cityWide = scopes.some((s) => roots.includes(s));
      const errors: FieldError[] = [];
      const dayStart = (field: string, value: string | undefined, shift: number) => {
        if (value === undefined) return undefined;
        try {
          return localDateTimeToEpochMs(addDaysToDate(value, shift), '00:00', timeZone);
        } catch {
          errors.push({ field, messageKey: 'validation.invalidDate' });
          return undefined;
        }
      };
      const from = dayStart('from', filter.from, 0);
      const to = dayStart('to', filter.to, 1);
      if (errors.length > 0) throw problems.validation(errors);
      const key = decodeCursor(filter.cursor, 2);
      const rows = await repo.listViolations(db, {
        scopes: cityWide ? undefined : scopes,
        region: filter.region,
        from,
        to,
        before: key ? { at: Number(key[0]), id: key[1] as string } : undefined,
        limit: filter.limit + 1,
      });
      const sanctions = await repo.sanctionsOf(db, rows.map((r) => r.id));
      const names = await venueNames(db, rows.map((r) => r.venue_id));
      await recordListRead(db, clock, ctx, filter.region ? [filter.region] : scopes, { action: 'violation.list', entityType: 'violation', details: { from: filter.from ?? null, to: filter.to ?? null } });
      return pageOf(rows, filter.limit, (last) => encodeCursor(last.occurred_at, last.id), (row) =>
        presentViolationSummary(row, decryptPerson(row).name, sanctions.filter((s) => s.violation_id === row.id), names.get(row.venue_id ?? '')),
      );
    },

    get,

    async annul(ctx: RequestContext, id: string, reasonInput: string) {
      const { principal, violation } = await access.requireViolation(ctx, id, 'enforcement:correct');
      const reason = reasonInput.trim();
      if (reason === '') throw enforcementProblems.field('reason', 'validation.reasonRequired');
      if (violation.status === 'annulled') throw enforcementProblems.violationAnnulled();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await repo.annulViolation(trx, violation.id, { annul_reason: reason, annulled_by: principal.userId, annulled_at: now });
        // Its sanctions fall with it; a suspension it caused is lifted.
        for (const s of await repo.sanctionsOf(trx, [violation.id])) {
          if (s.status !== 'active') continue;
          await repo.closeSanction(trx, s.id, { status: 'annulled', replaced_by: null, change_reason: reason, changed_by: principal.userId, changed_at: now });
          if (violation.venue_id) await effects.liftSanction(trx, ctx, { venueId: violation.venue_id, sanctionId: s.id, reason });
        }
        if (violation.venue_id) await effects.withdrawViolationEvidence(trx, violation.venue_id, violation.id);
        await recordAudit(trx, clock, ctx, { action: 'violation.annul', entityType: 'violation', entityId: violation.id, regionCode: violation.region_code, details: { reason } });
      });
      if (violation.venue_id) await deps.refreshCompliance(violation.venue_id, 'violation');
      return get(ctx, violation.id);
    },
  };
}

export type ViolationsService = ReturnType<typeof createViolationsService>;

import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { decryptText, deriveKey, encryptText } from '../../shared/crypto.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { maskPhone, normalizePhone } from '../../shared/phone.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit, recordListRead } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import { hoursOn, isOpenAt, openingHoursErrors, type OpeningHours } from './opening-hours.js';
import { evaluateScreening, type ScreeningAnswers } from './screening-rule.js';
import * as repo from './screening.repository.js';
import type { HealthFacilitiesTable, ScreeningReferralsTable } from './screening.table.js';

/*
 * Self-screening (issue #16). Health facilities: the city's administrators keep the list (in their region scope),
 * every staff member reads it, residents see their kecamatan's on the screening page. Referrals: the answers a
 * resident chose to send to the puskesmas of a kecamatan; its health staff (`screening:referrals`) list them (audited,
 * in their region scope) and mark them handled. Answers not sent are never stored.
 */

export const FACILITY_KINDS = ['puskesmas', 'puskesmas_pembantu', 'rumah_sakit', 'klinik', 'laboratorium'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export interface FacilityInput {
  name: string;
  kind: string;
  regionCode: string;
  address: string;
  phone: string | null;
  hours: OpeningHours;
}

export interface ScreeningDeps {
  db: Db;
  clock: Clock;
  secretKey: Buffer;
  timeZone: string;
  regions: Pick<RegionsService, 'list' | 'rootCodes' | 'requireRegion'>;
}

/** A facility as it leaves the server. */
function presentFacility(row: HealthFacilitiesTable) {
  return { id: row.id, name: row.name, kind: row.kind, regionCode: row.region_code, address: row.address, phone: row.phone, hours: JSON.parse(row.hours) as OpeningHours };
}
export type Facility = ReturnType<typeof presentFacility>;

export function createScreeningService(deps: ScreeningDeps) {
  const { db, clock, timeZone } = deps;
  const dataKey = deriveKey(deps.secretKey, 'screening:data');

  async function validFacility(input: FacilityInput): Promise<FacilityInput> {
    const errors: FieldError[] = [];
    const name = input.name.trim();
    if (name === '') errors.push({ field: 'name', messageKey: 'validation.required' });
    if (!(FACILITY_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: 'kind', messageKey: 'validation.enum', params: { allowed: FACILITY_KINDS.join(', ') } });
    if (input.address.trim() === '') errors.push({ field: 'address', messageKey: 'validation.required' });
    const phone = input.phone?.trim() ? input.phone.trim() : null;
    if (phone !== null && !/^[0-9+()\- ]{5,20}$/.test(phone)) errors.push({ field: 'phone', messageKey: 'validation.phone' });
    for (const field of openingHoursErrors(input.hours)) errors.push({ field, messageKey: 'validation.timeOfDay' });
    const region = await deps.regions.requireRegion(input.regionCode).catch(() => null);
    if (!region) errors.push({ field: 'regionCode', messageKey: 'validation.unknownRegion' });
    if (errors.length > 0) throw problems.validation(errors);
    return { ...input, name, address: input.address.trim(), phone };
  }

  /** The facility the caller may change: 404 when unknown, 403 (audited) when it lies outside their scope. */
  async function facilityToManage(ctx: RequestContext, id: string): Promise<HealthFacilitiesTable> {
    if (!ctx.principal) throw problems.unauthenticated();
    ctx.principal.require('facilities:manage');
    const row = await repo.findFacility(db, id);
    if (!row) throw problems.notFound();
    if (!ctx.principal.canIn('facilities:manage', row.region_code)) {
      await recordAudit(db, clock, ctx, { action: 'health_facility.access_denied', entityType: 'health_facility', entityId: id, regionCode: row.region_code, details: {} });
      throw problems.recordOutOfScope();
    }
    return row;
  }

  return {
    /** Staff: every facility (public information: names, addresses, hours and the facility's own phone). */
    async listFacilities(ctx: RequestContext, filter: { region?: string }) {
      if (!ctx.principal) throw problems.unauthenticated();
      ctx.principal.require('facilities:read');
      const rows = await repo.listFacilities(db, filter.region ? [filter.region] : undefined);
      return rows.map(presentFacility);
    },

    async createFacility(ctx: RequestContext, input: FacilityInput) {
      if (!ctx.principal) throw problems.unauthenticated();
      ctx.principal.require('facilities:manage');
      if (!ctx.principal.canIn('facilities:manage', input.regionCode)) throw problems.outOfScope(input.regionCode);
      const valid = await validFacility(input);
      const now = clock.now();
      const row: HealthFacilitiesTable = { id: newId(), name: valid.name, kind: valid.kind, region_code: valid.regionCode, address: valid.address, phone: valid.phone, hours: JSON.stringify(valid.hours), created_at: now, updated_at: now };
      await db.transaction().execute(async (trx) => {
        await repo.insertFacility(trx, row);
        await recordAudit(trx, clock, ctx, { action: 'health_facility.create', entityType: 'health_facility', entityId: row.id, regionCode: row.region_code, details: {} });
      });
      return presentFacility(row);
    },

    async updateFacility(ctx: RequestContext, id: string, input: FacilityInput) {
      const row = await facilityToManage(ctx, id);
      if (!ctx.principal?.canIn('facilities:manage', input.regionCode)) throw problems.outOfScope(input.regionCode);
      const valid = await validFacility(input);
      const changes = { name: valid.name, kind: valid.kind, region_code: valid.regionCode, address: valid.address, phone: valid.phone, hours: JSON.stringify(valid.hours), updated_at: clock.now() };
      const changed = (['name', 'kind', 'region_code', 'address', 'phone', 'hours'] as const).filter((k) => row[k] !== changes[k]);
      await db.transaction().execute(async (trx) => {
        await repo.updateFacility(trx, id, changes);
        await recordAudit(trx, clock, ctx, { action: 'health_facility.update', entityType: 'health_facility', entityId: id, regionCode: valid.regionCode, details: { changed } });
      });
      return presentFacility({ ...row, ...changes });
    },

    async deleteFacility(ctx: RequestContext, id: string) {
      const row = await facilityToManage(ctx, id);
      await db.transaction().execute(async (trx) => {
        await repo.deleteFacility(trx, id);
        await recordAudit(trx, clock, ctx, { action: 'health_facility.delete', entityType: 'health_facility', entityId: id, regionCode: row.region_code, details: {} });
      });
    },

    /** The kecamatan a resident may pick on the screening page. */
    async kecamatan() {
      return deps.regions.list({ type: 'kecamatan' });
    },

    /** The screening page's result: the advice and the kecamatan's facilities, with today's hours and open-now. */
    async screen(answers: ScreeningAnswers, kecamatanCode: string) {
      const now = clock.now();
      const rows = await repo.listFacilities(db, [kecamatanCode]);
      const facilities = rows.map(presentFacility).map((f) => ({ ...f, today: hoursOn(f.hours, now, timeZone), openNow: isOpenAt(f.hours, now, timeZone) }));
      // Puskesmas first: the place a resident is sent to.
      facilities.sort((a, b) => Number(b.kind === 'puskesmas') - Number(a.kind === 'puskesmas') || a.name.localeCompare(b.name));
      return { result: evaluateScreening(answers), facilities };
    },

    /**
     * The resident chose to send their answers to the puskesmas of the kecamatan: stored as a referral (one open
     * referral per person and kecamatan; sending again replaces its answers).
     */
    async refer(ctx: RequestContext, resident: { personKey: string; phone: string }, answers: ScreeningAnswers, kecamatanCode: string) {
      const result = evaluateScreening(answers);
      const now = clock.now();
      const phoneEnc = encryptText(dataKey, resident.phone);
      return db.transaction().execute(async (trx) => {
        const open = await repo.openReferralOf(trx, resident.personKey, kecamatanCode);
        const id = open?.id ?? newId();
        if (open) await repo.replaceReferralAnswers(trx, id, { answers: JSON.stringify(answers), advice: result.advice, created_at: now, phone_enc: phoneEnc });
        else await repo.insertReferral(trx, { id, region_code: kecamatanCode, person_key: resident.personKey, phone_enc: phoneEnc, answers: JSON.stringify(answers), advice: result.advice, created_at: now, handled_at: null, handled_by: null });
        await recordAudit(trx, clock, ctx, { action: open ? 'screening_referral.resend' : 'screening_referral.create', entityType: 'screening_referral', entityId: id, regionCode: kecamatanCode, details: { advice: result.advice } });
        return { id, advice: result.advice };
      });
    },

    /** The puskesmas staff's list of referrals in their scope (the read is audited: it shows phone numbers). */
    async listReferrals(ctx: RequestContext, filter: { region?: string; status?: 'open' | 'handled' | 'all' }) {
      if (!ctx.principal) throw problems.unauthenticated();
      const principal = ctx.principal;
      principal.require('screening:referrals');
      if (filter.region && !principal.canIn('screening:referrals', filter.region)) throw problems.outOfScope(filter.region);
      const scopes = filter.region ? [filter.region] : principal.scopesFor('screening:referrals');
      const roots = await deps.regions.rootCodes();
      const rows = await repo.listReferrals(db, { scopes: scopes.some((s) => roots.includes(s)) ? undefined : scopes, status: filter.status ?? 'open', limit: 500 });
      await recordListRead(db, clock, ctx, scopes, { action: 'screening_referral.list', entityType: 'screening_referral', details: { status: filter.status ?? 'open', count: rows.length } });
      return rows.map((row) => presentReferral(row));
    },

    async markHandled(ctx: RequestContext, id: string) {
      if (!ctx.principal) throw problems.unauthenticated();
      const principal = ctx.principal;
      principal.require('screening:referrals');
      const row = await repo.findReferral(db, id);
      if (!row) throw problems.notFound();
      if (!principal.canIn('screening:referrals', row.region_code)) {
        await recordAudit(db, clock, ctx, { action: 'screening_referral.access_denied', entityType: 'screening_referral', entityId: id, regionCode: row.region_code, details: {} });
        throw problems.recordOutOfScope();
      }
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        if ((await repo.markReferralHandled(trx, id, now, principal.userId)) === 0) throw problems.conflict('referral-handled', 'screening.alreadyHandled');
        await recordAudit(trx, clock, ctx, { action: 'screening_referral.handle', entityType: 'screening_referral', entityId: id, regionCode: row.region_code, details: {} });
      });
      return presentReferral({ ...row, handled_at: now, handled_by: principal.userId });
    },

    /** The resident's own referrals (export) and their deletion with the resident's data. */
    personRecords: {
      async of(personKey: string) {
        return (await repo.referralsOfPerson(db, personKey)).map((r) => ({ id: r.id, regionCode: r.region_code, answers: JSON.parse(r.answers) as ScreeningAnswers, advice: r.advice, createdAt: r.created_at, handledAt: r.handled_at }));
      },
      delete: (trx: Db, personKey: string) => repo.deleteReferralsOfPerson(trx, personKey),
    },
  };

  function presentReferral(row: ScreeningReferralsTable) {
    const answers = JSON.parse(row.answers) as ScreeningAnswers;
    const phone = decryptText(dataKey, row.phone_enc);
    return {
      id: row.id,
      regionCode: row.region_code,
      phone: normalizePhone(phone) ?? phone,
      phoneMasked: maskPhone(phone),
      answers,
      advice: row.advice,
      suspect: evaluateScreening(answers).suspect,
      createdAt: new Date(row.created_at).toISOString(),
      handledAt: row.handled_at === null ? null : new Date(row.handled_at).toISOString(),
    };
  }
}
export type ScreeningService = ReturnType<typeof createScreeningService>;

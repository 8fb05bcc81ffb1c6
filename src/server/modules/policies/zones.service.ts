/**
 * Zones: the zone colour of every desa/kelurahan per day, its history, the daily active-case counts behind it and the
 * versioned thresholds. Reads go through the zones-of-the-day cache of the rules in force; every change calls its
 * changed().
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { addDaysToDate } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text } from '../../shared/texts.js';
import { recordAudit } from '../audit/index.js';
import { type RegionsService, isVillage } from '../regions/index.js';
import type { PoliciesAccess } from './policies.access.js';
import type { LocalDays } from './policies.dates.js';
import { presentHistory, presentThresholds, type ZoneOfDay } from './policies.presenter.js';
import {
  bumpPolicyRevision,
  insertThresholdVersion,
  listThresholdVersions,
  listZoneHistory,
  nextCountDate,
  upsertActiveCases,
  upsertZoneHistory,
  zoneHistoryDates,
} from './policies.repository.js';
import { policyValidation } from './policies.shared.js';
import type { ZoneThresholdVersionsTable } from './policies.table.js';
import type { RegionIndex } from './region-index.js';
import type { RulesInForceService } from './rules-in-force.service.js';
import { DENPASAR_CITY_CODE } from './seed-rule-sets.js';
import { computeZones, type ActiveCaseSource } from './zone-computation.js';
import { validateZoneThresholds } from './zone-colour.js';

/** One row of a bulk count entry: the desa's name (null when the code is unknown) and what is wrong with it. */
export interface BulkCountRow {
  regionCode: string;
  name: string | null;
  activeCases: number;
  problems: { field: string; message: string }[];
}

export interface ZonesDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  regions: Pick<RegionsService, 'rootCodes'>;
  regionIndex: RegionIndex;
  days: LocalDays;
  access: PoliciesAccess;
  /** The zones-of-the-day cache and its invalidation. */
  rulesInForce: Pick<RulesInForceService, 'changed' | 'checkRevision' | 'zonesForDay'>;
}

export function createZonesService(deps: ZonesDeps) {
  const { db, clock, timeZone, regions, regionIndex, days, access, rulesInForce } = deps;
  const { today, requireDate, dayOfDate, midnight } = days;

  async function zonesOn(dbx: Db, date: string, onlyRegion?: string): Promise<Map<string, ZoneOfDay>> {
    return computeZones(dbx, await regionIndex.villages(), date, midnight(date), onlyRegion);
  }

  async function storeHistory(dbx: Db, date: string, zones: Iterable<ZoneOfDay>): Promise<void> {
    const computedAt = clock.now();
    await upsertZoneHistory(
      dbx,
      [...zones].map((z) => ({
        region_code: z.regionCode,
        date,
        active_cases: z.activeCases,
        colour: z.colour,
        count_date: z.countDate,
        thresholds_version_id: z.thresholdsVersionId,
        computed_at: computedAt,
      })),
    );
  }

  /** Computes and stores the zone of every desa/kelurahan for a date (the daily job and any catch-up call this). */
  async function recomputeZones(date: string): Promise<ZoneOfDay[]> {
    requireDate(date, 'date');
    const zones = await zonesOn(db, date);
    await db.transaction().execute((trx) => storeHistory(trx, date, zones.values()));
    return [...zones.values()];
  }

  const service = {
    recomputeZones,

    async zones(date: string | undefined): Promise<ZoneOfDay[]> {
      const d = date ?? today();
      requireDate(d, 'date');
      await rulesInForce.checkRevision();
      return [...(await rulesInForce.zonesForDay(dayOfDate(d))).values()];
    },

    async zoneHistory(regionCode: string, range: { from?: string; to?: string }) {
      const region = await regionIndex.get(regionCode);
      if (!region) throw problems.notFound('regionNotFound.detail', { code: regionCode });
      if (!isVillage(region.type)) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.mustBeVillage' }]);
      const to = range.to ?? today();
      requireDate(to, 'to');
      const from = range.from ?? addDaysToDate(to, -29);
      requireDate(from, 'from');
      if (from > to) throw problems.validation([{ field: 'from', messageKey: 'validation.invalid' }]);
      if (dayOfDate(to) - dayOfDate(from) > 366) throw problems.validation([{ field: 'from', messageKey: 'validation.invalid' }]);
      const rows = await listZoneHistory(db, regionCode, from, to);
      return { regionCode, name: region.name, from, to, days: rows.map(presentHistory) };
    },

    /** A daily active-case count for a desa/kelurahan; recomputes the zone history it affects. */
    async recordActiveCases(ctx: RequestContext, input: { regionCode: string; date: string; activeCases: number }, source: ActiveCaseSource = 'manual'): Promise<ZoneOfDay & { date: string }> {
      const region = await access.villageForCounts(ctx, input.regionCode, source);
      requireDate(input.date, 'date');
      const todayDate = today();
      if (input.date > todayDate) throw problems.validation([{ field: 'date', messageKey: 'validation.dateInFuture', params: { today: todayDate } }]);
      if (!Number.isInteger(input.activeCases) || input.activeCases < 0) {
        throw problems.validation([{ field: 'activeCases', messageKey: 'validation.minimum', params: { limit: 0 } }]);
      }
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await upsertActiveCases(trx, {
          region_code: region.code,
          date: input.date,
          source,
          active_cases: input.activeCases,
          recorded_at: now,
          recorded_by: ctx.principal?.userId ?? null,
        });
        await recordAudit(trx, clock, ctx, {
          action: 'zone.active_cases',
          entityType: 'region',
          entityId: region.code,
          regionCode: region.code,
          details: { date: input.date, activeCases: input.activeCases, source },
        });
        // Counts carry forward to the next counted date: every stored day in between changes with this one.
        const next = await nextCountDate(trx, region.code, input.date);
        const dates = new Set(await zoneHistoryDates(trx, region.code, input.date, next));
        dates.add(input.date);
        if (next === null || todayDate < next) dates.add(todayDate);
        for (const date of dates) {
          if (date > todayDate) continue;
          await storeHistory(trx, date, (await zonesOn(trx, date, region.code)).values());
        }
        await bumpPolicyRevision(trx, now);
      });
      rulesInForce.changed();
      const zone = (await rulesInForce.zonesForDay(dayOfDate(input.date))).get(region.code) as ZoneOfDay;
      return { ...zone, date: input.date };
    },

    /**
     * Counts of many desa/kelurahan for one date (issue #18): every row is checked first with the same access check as
     * the single entry (a desa outside the caller's zones:manage scope refuses the whole request); a preview, or any row
     * in error, stores nothing. Committing stores the rows one by one through recordActiveCases (audited the same way).
     */
    async recordActiveCasesBulk(
      ctx: RequestContext,
      input: { date: string; counts: { regionCode: string; activeCases: number }[]; commit: boolean },
    ): Promise<{ rows: BulkCountRow[] }> {
      requireDate(input.date, 'date');
      const todayDate = today();
      if (input.date > todayDate) throw problems.validation([{ field: 'date', messageKey: 'validation.dateInFuture', params: { today: todayDate } }]);
      const seen = new Set<string>();
      const checked: { row: BulkCountRow; errors: FieldError[] }[] = [];
      for (const [i, count] of input.counts.entries()) {
        const errors: FieldError[] = [];
        let name: string | null = null;
        try {
          name = (await access.villageForCounts(ctx, count.regionCode, 'manual')).name;
        } catch (err) {
          if (!(err instanceof AppError) || err.status !== 400) throw err;
          for (const fe of err.fieldErrors) errors.push({ ...fe, field: `counts[${i}].regionCode` });
        }
        if (name !== null && seen.has(count.regionCode)) errors.push({ field: `counts[${i}].regionCode`, messageKey: 'validation.duplicateRegion' });
        seen.add(count.regionCode);
        if (!Number.isInteger(count.activeCases) || count.activeCases < 0) errors.push({ field: `counts[${i}].activeCases`, messageKey: 'validation.wholeNumber' });
        const row: BulkCountRow = {
          regionCode: count.regionCode,
          name,
          activeCases: count.activeCases,
          problems: errors.map((fe) => ({ field: fe.field, message: text(ctx.lang, `problems.${fe.messageKey}`, fe.params) })),
        };
        checked.push({ row, errors });
      }
      const errors = checked.flatMap((c) => c.errors);
      if (input.commit && errors.length > 0) throw problems.validation(errors);
      if (input.commit) {
        for (const count of input.counts) await service.recordActiveCases(ctx, { regionCode: count.regionCode, date: input.date, activeCases: count.activeCases });
      }
      return { rows: checked.map((c) => c.row) };
    },

    async thresholdVersions() {
      return (await listThresholdVersions(db)).map((r) => presentThresholds(r, timeZone));
    },

    async createThresholdsVersion(
      ctx: RequestContext,
      input: { scopeRegionCode?: string; effectiveFrom: string; yellowFrom: number; orangeFrom: number; redFrom: number; basis: string },
    ) {
      const principal = access.principal(ctx);
      const scope = input.scopeRegionCode ?? (await regions.rootCodes())[0] ?? DENPASAR_CITY_CODE;
      principal.require('zones:manage', scope);
      if (!(await regionIndex.get(scope))) throw problems.validation([{ field: 'scopeRegionCode', messageKey: 'validation.unknownRegion' }]);
      requireDate(input.effectiveFrom, 'effectiveFrom');
      const todayDate = today();
      // History is a record: thresholds apply from today on, never to days already coloured.
      if (input.effectiveFrom < todayDate) {
        throw problems.validation([{ field: 'effectiveFrom', messageKey: 'validation.dateInPast', params: { today: todayDate } }]);
      }
      const found = validateZoneThresholds({ yellowFrom: input.yellowFrom, orangeFrom: input.orangeFrom, redFrom: input.redFrom });
      if (found.length > 0) throw policyValidation(found);
      const effectiveFrom = midnight(input.effectiveFrom);
      const existing = await listThresholdVersions(db);
      if (existing.some((v) => v.scope_region_code === scope && v.effective_from === effectiveFrom)) {
        throw new AppError(409, 'thresholds-exist', 'conflict.title', 'thresholdsExists.detail', {}, [{ field: 'effectiveFrom', messageKey: 'validation.invalid' }]);
      }
      const now = clock.now();
      const row: ZoneThresholdVersionsTable = {
        id: newId(now),
        scope_region_code: scope,
        effective_from: effectiveFrom,
        effective_to: null,
        yellow_from: input.yellowFrom,
        orange_from: input.orangeFrom,
        red_from: input.redFrom,
        basis: input.basis.trim(),
        created_at: now,
        created_by: principal.userId,
      };
      await db.transaction().execute(async (trx) => {
        await insertThresholdVersion(trx, row);
        await recordAudit(trx, clock, ctx, { action: 'zone.thresholds_create', entityType: 'zone_thresholds', entityId: row.id, regionCode: scope, details: { ...input, scopeRegionCode: scope } });
        await bumpPolicyRevision(trx, now);
      });
      rulesInForce.changed();
      if (input.effectiveFrom === todayDate) await recomputeZones(todayDate);
      return presentThresholds(row, timeZone);
    },
  };
  return service;
}

export type ZonesService = ReturnType<typeof createZonesService>;

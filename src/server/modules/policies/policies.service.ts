/**
 * The policies service: zones (counts, thresholds, daily history), versioned rule sets, and the rules in force for a
 * venue — the cached answer other modules ask on the check-in path. Village PKM applications live in pkm.service.ts
 * and are part of the same service object.
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { systemContext, type RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import { isVillage, regionAncestry, type RegionsService } from '../regions/index.js';
import { createPkmService } from './pkm.service.js';
import { fieldErrorsOf, policyValidation, requirePrincipal, toRule, type RegionInfo, type RuleInput } from './policies.shared.js';
import type { TimeWindow } from '../../shared/daily-window.js';
import { addDaysToDate, localDateTimeToEpochMs, zoneOffsetMs } from '../../shared/local-time.js';
import {
  presentHistory,
  presentRuleSet,
  presentThresholds,
  type RuleSetView,
  type ZoneOfDay,
} from './policies.presenter.js';
import {
  bumpPolicyRevision,
  countRuleSets,
  deleteRuleSet,
  findRuleSet,
  insertRuleSet,
  insertThresholdVersion,
  latestCountsOnOrBefore,
  latestZoneHistoryDate,
  listPublishedInSeries,
  listPublishedRuleSets,
  listRuleSets,
  listThresholdVersions,
  listZoneHistory,
  maxVersionInSeries,
  nextCountDate,
  readPolicyRevision,
  updateRuleSet,
  upsertActiveCases,
  upsertZoneHistory,
  zoneHistoryDates,
} from './policies.repository.js';
import type { RuleSetsTable, ZoneThresholdVersionsTable } from './policies.table.js';
import { createRuleResolver, type RuleResolver, type RulesInForce } from './resolve-rules.js';
import { overlapProblems, validateRuleSet, type Rule, type RuleSet, type RuleSetKind, type RuleSetStatus } from './rule-set.js';
import { DENPASAR_CITY_CODE, DENPASAR_SEED_RULE_SETS, DENPASAR_ZONE_THRESHOLDS_VERSIONS } from './seed-rule-sets.js';
import { isVenueTypeCode, sectorOfVenueType, type SectorCode, type VenueTypeCode } from '../../../common/reference/sectors.js';
import {
  DEFAULT_ZONE_THRESHOLDS,
  validateZoneThresholds,
  zoneColourFor,
  zoneThresholdsVersionInForce,
  type ZoneColour,
  type ZoneThresholdsVersion,
} from './zone-colour.js';

const MS_PER_DAY = 86_400_000;
/** How long a process trusts its caches before asking the database whether another process changed the rules. */
export const REVISION_CHECK_MS = 2_000;
const MAX_CACHED_DAYS = 400;
const HISTORY_BACKFILL_DAYS = 31;
/** Where counts from several sources exist for one desa and day, the first listed wins: a person's entry corrects a feed. */
export const ACTIVE_CASE_SOURCES = ['manual', 'import', 'case_register'] as const;
export type ActiveCaseSource = (typeof ACTIVE_CASE_SOURCES)[number];

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

// ---------------------------------------------------------------- inputs

export interface RuleSetInput {
  kind: RuleSetKind;
  scopeRegionCode: string;
  legalBasis: string;
  titleId?: string | null;
  titleEn?: string | null;
  /** YYYY-MM-DD (local midnight) or an ISO-8601 date-time with offset. */
  effectiveFrom: string;
  effectiveTo?: string | null;
  rules: RuleInput[];
}

export type { PkmInput } from './pkm.service.js';
export type { RuleInput } from './policies.shared.js';

export interface InForceQuery {
  /** The venue's desa/kelurahan (or a banjar below it; any region code works, the zone comes from its desa). */
  regionCode: string;
  sector: SectorCode;
  venueType?: VenueTypeCode | null;
  /** UTC epoch ms. */
  at: number;
  venueHours?: TimeWindow | null;
}

// ---------------------------------------------------------------- helpers

function isRealDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text;
}

function toDomainRuleSet(row: RuleSetsTable): RuleSet {
  const ruleSet: RuleSet = {
    id: row.id,
    legalBasis: row.legal_basis,
    scopeRegionCode: row.scope_region_code,
    kind: row.kind as RuleSetKind,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    status: row.status as RuleSetStatus,
    version: row.version,
    rules: JSON.parse(row.rules) as Rule[],
  };
  if (row.title_id !== null) ruleSet.titleId = row.title_id;
  if (row.title_en !== null) ruleSet.titleEn = row.title_en;
  return ruleSet;
}

function toThresholdsVersion(row: ZoneThresholdVersionsTable): ZoneThresholdsVersion {
  return {
    id: row.id,
    scopeRegionCode: row.scope_region_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    thresholds: { yellowFrom: row.yellow_from, orangeFrom: row.orange_from, redFrom: row.red_from },
    basis: row.basis,
  };
}

/** Loads the historical Denpasar rule sets and zone thresholds into a database that has none (first start, tests). */
export async function ensureDefaultPolicies(db: Db, clock: Clock): Promise<{ ruleSets: number; thresholds: number } | null> {
  if ((await countRuleSets(db)) > 0) return null;
  const city = await db.selectFrom('regions').select('code').where('code', '=', DENPASAR_CITY_CODE).executeTakeFirst();
  if (!city) return null;
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    for (const rs of DENPASAR_SEED_RULE_SETS) {
      await insertRuleSet(trx, {
        id: rs.id,
        kind: rs.kind,
        scope_region_code: rs.scopeRegionCode,
        legal_basis: rs.legalBasis,
        title_id: rs.titleId ?? null,
        title_en: rs.titleEn ?? null,
        effective_from: rs.effectiveFrom,
        effective_to: rs.effectiveTo,
        status: rs.status,
        version: rs.version,
        rules: JSON.stringify(rs.rules),
        copied_from_id: null,
        pkm_application_id: null,
        created_at: now,
        created_by: null,
        updated_at: now,
        published_at: now,
        published_by: null,
        retired_at: null,
        retired_by: null,
      });
    }
    const existing = await listThresholdVersions(trx);
    if (existing.length === 0) {
      for (const v of DENPASAR_ZONE_THRESHOLDS_VERSIONS) {
        await insertThresholdVersion(trx, {
          id: v.id,
          scope_region_code: v.scopeRegionCode,
          effective_from: v.effectiveFrom,
          effective_to: v.effectiveTo,
          yellow_from: v.thresholds.yellowFrom,
          orange_from: v.thresholds.orangeFrom,
          red_from: v.thresholds.redFrom,
          basis: v.basis,
          created_at: now,
          created_by: null,
        });
      }
    }
    await recordAudit(trx, clock, systemContext, {
      action: 'rule_set.seed',
      entityType: 'rule_set',
      regionCode: DENPASAR_CITY_CODE,
      details: { ruleSets: DENPASAR_SEED_RULE_SETS.map((r) => r.id) },
    });
    await bumpPolicyRevision(trx, now);
  });
  return { ruleSets: DENPASAR_SEED_RULE_SETS.length, thresholds: DENPASAR_ZONE_THRESHOLDS_VERSIONS.length };
}

// ---------------------------------------------------------------- service

export function createPoliciesService(deps: { db: Db; clock: Clock; regions: RegionsService; timeZone: string; cityName: string }) {
  const { db, clock, regions, timeZone, cityName } = deps;

  // ---- caches (one process; other processes are noticed through policy_state.revision) ----
  let generation = 0;
  let resolver: RuleResolver | null = null;
  let resolverLoad: Promise<RuleResolver> | null = null;
  let regionIndex: Map<string, RegionInfo> | null = null;
  let regionLoad: Promise<Map<string, RegionInfo>> | null = null;
  /** Local day number (days since 1970-01-01 in the region's zone) → desa code → zone. */
  const zoneDays = new Map<number, Map<string, ZoneOfDay>>();
  const zoneDayLoads = new Map<number, Promise<Map<string, ZoneOfDay>>>();
  let knownRevision = -1;
  let lastRevisionCheck = Number.NEGATIVE_INFINITY;

  function invalidate(): void {
    generation++;
    resolver = null;
    resolverLoad = null;
    zoneDays.clear();
    zoneDayLoads.clear();
  }

  /** After a change in this process: drop caches now and let the next call re-read the revision. */
  function changed(): void {
    invalidate();
    lastRevisionCheck = Number.NEGATIVE_INFINITY;
  }

  let revisionCheck: Promise<void> | null = null;

  /** At most one revision query at a time: calls arriving while it runs wait for the same answer. */
  function checkRevision(): Promise<void> {
    if (performance.now() - lastRevisionCheck < REVISION_CHECK_MS) return Promise.resolve();
    revisionCheck ??= readPolicyRevision(db)
      .then((revision) => {
        lastRevisionCheck = performance.now();
        if (revision !== knownRevision) {
          if (knownRevision !== -1) invalidate();
          knownRevision = revision;
        }
      })
      .finally(() => {
        revisionCheck = null;
      });
    return revisionCheck;
  }

  function getResolver(): Promise<RuleResolver> {
    if (resolver) return Promise.resolve(resolver);
    if (!resolverLoad) {
      const gen = generation;
      resolverLoad = listPublishedRuleSets(db).then((rows) => {
        const built = createRuleResolver(rows.map(toDomainRuleSet), { onInvalid: 'skip' });
        if (gen === generation) resolver = built;
        return built;
      });
      resolverLoad.catch(() => {
        resolverLoad = null;
      });
    }
    return resolverLoad;
  }

  function buildRegionIndex(rows: { code: string; name: string; type: string; parentCode: string | null }[]): Map<string, RegionInfo> {
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const index = new Map<string, RegionInfo>();
    for (const r of rows) {
      const ancestry = regionAncestry(r.code);
      const villageCode = ancestry.find((code) => isVillage(byCode.get(code)?.type ?? '')) ?? null;
      index.set(r.code, { ...r, ancestry, villageCode });
    }
    return index;
  }

  function getRegionIndex(reload = false): Promise<Map<string, RegionInfo>> {
    if (regionIndex && !reload) return Promise.resolve(regionIndex);
    if (!regionLoad || reload) {
      regionLoad = regions.list({}).then((rows) => {
        regionIndex = buildRegionIndex(rows);
        return regionIndex;
      });
      regionLoad.catch(() => {
        regionLoad = null;
      });
    }
    return regionLoad;
  }

  async function regionInfo(code: string): Promise<RegionInfo | undefined> {
    const index = await getRegionIndex();
    return index.get(code) ?? (await getRegionIndex(true)).get(code);
  }

  async function villages(): Promise<RegionInfo[]> {
    const index = await getRegionIndex();
    return [...index.values()].filter((r) => isVillage(r.type)).sort((a, b) => a.code.localeCompare(b.code));
  }

  // ---- local dates ----
  const dayNumberOf = (at: number) => Math.floor((at + zoneOffsetMs(at, timeZone)) / MS_PER_DAY);
  const dateOfDay = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  const dayOfDate = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
  const today = () => dateOfDay(dayNumberOf(clock.now()));
  const midnight = (date: string) => localDateTimeToEpochMs(date, '00:00', timeZone);

  function parseInstant(text: string, field: string): number {
    if (DATE_PATTERN.test(text)) {
      if (!isRealDate(text)) throw problems.validation([{ field, messageKey: 'validation.invalidDate' }]);
      return midnight(text);
    }
    const t = Date.parse(text);
    if (!Number.isFinite(t)) throw problems.validation([{ field, messageKey: 'validation.invalidInstant' }]);
    return t;
  }

  function requireDate(text: string, field: string): void {
    if (!isRealDate(text)) throw problems.validation([{ field, messageKey: 'validation.invalidDate' }]);
  }

  // ---- zones ----

  /** Zones of every desa/kelurahan (or one) on a date, from the counts and the thresholds in force at its start. */
  async function computeZones(dbx: Db, date: string, onlyRegion?: string): Promise<Map<string, ZoneOfDay>> {
    const all = await villages();
    const list = onlyRegion ? all.filter((v) => v.code === onlyRegion) : all;
    const [counts, thresholdRows] = await Promise.all([latestCountsOnOrBefore(dbx, date, onlyRegion), listThresholdVersions(dbx)]);
    const versions = thresholdRows.map(toThresholdsVersion);
    const byRegion = new Map<string, { active_cases: number; date: string; source: string }>();
    const rank = (source: string) => {
      const i = (ACTIVE_CASE_SOURCES as readonly string[]).indexOf(source);
      return i === -1 ? ACTIVE_CASE_SOURCES.length : i;
    };
    for (const c of counts) {
      const known = byRegion.get(c.region_code);
      if (!known || rank(c.source) < rank(known.source)) byRegion.set(c.region_code, c);
    }
    const at = midnight(date);
    const out = new Map<string, ZoneOfDay>();
    for (const v of list) {
      const count = byRegion.get(v.code);
      const version = zoneThresholdsVersionInForce(versions, v.ancestry, at);
      const activeCases = count?.active_cases ?? 0;
      out.set(v.code, {
        regionCode: v.code,
        name: v.name,
        colour: zoneColourFor(activeCases, version?.thresholds ?? DEFAULT_ZONE_THRESHOLDS),
        activeCases,
        countDate: count?.date ?? null,
        source: count?.source ?? null,
        thresholdsVersionId: version?.id ?? null,
      });
    }
    return out;
  }

  function zonesForDay(day: number): Promise<Map<string, ZoneOfDay>> {
    const cached = zoneDays.get(day);
    if (cached) return Promise.resolve(cached);
    let load = zoneDayLoads.get(day);
    if (!load) {
      const gen = generation;
      load = computeZones(db, dateOfDay(day)).then((zones) => {
        if (gen === generation) {
          if (zoneDays.size >= MAX_CACHED_DAYS) zoneDays.clear();
          zoneDays.set(day, zones);
        }
        zoneDayLoads.delete(day);
        return zones;
      });
      load.catch(() => zoneDayLoads.delete(day));
      zoneDayLoads.set(day, load);
    }
    return load;
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
    const zones = await computeZones(db, date);
    await db.transaction().execute((trx) => storeHistory(trx, date, zones.values()));
    return [...zones.values()];
  }

  // ---- the one function other modules call ----

  function resolveWith(res: RuleResolver, region: RegionInfo, zoneColour: ZoneColour | null, q: InForceQuery): RulesInForce {
    return res.resolve({
      regionAncestry: region.ancestry,
      sector: q.sector,
      venueType: q.venueType ?? null,
      zoneColour,
      at: q.at,
      timeZone,
      venueHours: q.venueHours ?? null,
    });
  }

  /** Everything cached: a few map lookups and the resolver, no promise chain. */
  function inForceCached(q: InForceQuery): RulesInForce | undefined {
    if (!resolver || !regionIndex || performance.now() - lastRevisionCheck >= REVISION_CHECK_MS) return undefined;
    const region = regionIndex.get(q.regionCode);
    if (!region) return undefined;
    let colour: ZoneColour | null = null;
    if (region.villageCode !== null) {
      const zones = zoneDays.get(dayNumberOf(q.at));
      if (!zones) return undefined;
      colour = zones.get(region.villageCode)?.colour ?? 'green';
    }
    return resolveWith(resolver, region, colour, q);
  }

  async function inForceSlow(q: InForceQuery): Promise<RulesInForce> {
    await checkRevision();
    const region = await regionInfo(q.regionCode);
    if (!region) throw problems.notFound('regionNotFound.detail', { code: q.regionCode });
    const res = await getResolver();
    let colour: ZoneColour | null = null;
    if (region.villageCode !== null) colour = (await zonesForDay(dayNumberOf(q.at))).get(region.villageCode)?.colour ?? 'green';
    return resolveWith(res, region, colour, q);
  }

  /**
   * The rules in force for a venue (its desa, sector, venue type, own hours) at an instant: the effective window,
   * capacity, zone colour of the day and the rule sets it came from. Cached: the compiled resolver until a publish,
   * approval or retirement; the zone colours per day until counts or thresholds change.
   */
  function inForce(q: InForceQuery): Promise<RulesInForce> {
    const hit = inForceCached(q);
    return hit ? Promise.resolve(hit) : inForceSlow(q);
  }

  // ---- rule sets ----

  function validateRuleSetInput(input: RuleSetInput): RuleSet {
    const effectiveFrom = parseInstant(input.effectiveFrom, 'effectiveFrom');
    const effectiveTo = input.effectiveTo === undefined || input.effectiveTo === null ? null : parseInstant(input.effectiveTo, 'effectiveTo');
    const draft: RuleSet = {
      id: 'candidate',
      legalBasis: input.legalBasis.trim(),
      scopeRegionCode: input.scopeRegionCode,
      kind: input.kind,
      effectiveFrom,
      effectiveTo,
      status: 'draft',
      version: 1,
      rules: input.rules.map(toRule),
    };
    if (input.titleId) draft.titleId = input.titleId;
    if (input.titleEn) draft.titleEn = input.titleEn;
    const found = validateRuleSet(draft);
    if (found.length > 0) throw policyValidation(found);
    return draft;
  }

  async function requireScopeRegion(code: string, field: string): Promise<RegionInfo> {
    const region = await regionInfo(code);
    if (!region) throw problems.validation([{ field, messageKey: 'validation.unknownRegion' }]);
    return region;
  }

  async function requireRuleSet(id: string): Promise<RuleSetsTable> {
    const row = await findRuleSet(db, id);
    if (!row) throw problems.notFound('ruleSetNotFound.detail', { id });
    return row;
  }

  function notDraft(row: RuleSetsTable): AppError {
    return new AppError(409, 'rule-set-not-draft', 'conflict.title', 'ruleSetNotDraft.detail', { status: row.status }, [
      { field: 'status', messageKey: 'validation.publishedReadOnly', params: { status: row.status } },
    ]);
  }

  async function viewRuleSet(row: RuleSetsTable): Promise<RuleSetView> {
    const region = await regionInfo(row.scope_region_code);
    return presentRuleSet(row, timeZone, region?.name ?? null);
  }

  function rowFromDraft(draft: RuleSet): Pick<RuleSetsTable, 'kind' | 'scope_region_code' | 'legal_basis' | 'title_id' | 'title_en' | 'effective_from' | 'effective_to' | 'rules'> {
    return {
      kind: draft.kind,
      scope_region_code: draft.scopeRegionCode,
      legal_basis: draft.legalBasis,
      title_id: draft.titleId ?? null,
      title_en: draft.titleEn ?? null,
      effective_from: draft.effectiveFrom,
      effective_to: draft.effectiveTo,
      rules: JSON.stringify(draft.rules),
    };
  }

  async function publishRow(trx: Db, ctx: RequestContext, row: RuleSetsTable): Promise<void> {
    const domain = toDomainRuleSet(row);
    const found = validateRuleSet(domain);
    if (found.length > 0) throw policyValidation(found);
    const series = (await listPublishedInSeries(trx, row.scope_region_code, row.kind)).map(toDomainRuleSet);
    const overlaps = overlapProblems(domain, series);
    if (overlaps.length > 0) {
      throw new AppError(409, 'rule-set-overlap', 'conflict.title', 'ruleSetOverlap.detail', {}, fieldErrorsOf(overlaps));
    }
    const now = clock.now();
    await updateRuleSet(trx, row.id, { status: 'published', published_at: now, published_by: ctx.principal?.userId ?? null, updated_at: now });
    await bumpPolicyRevision(trx, now);
  }

  // ---- PKM (pkm.service.ts) ----

  async function activeCasesNow(regionCode: string): Promise<{ activeCases: number | null; date: string | null }> {
    const zone = (await zonesForDay(dayNumberOf(clock.now()))).get(regionCode);
    return { activeCases: zone?.countDate ? zone.activeCases : null, date: zone?.countDate ?? null };
  }

  const pkm = createPkmService({ db, clock, regions, timeZone, cityName, regionInfo, getRegionIndex, today, midnight, requireDate, dateOfDay, dayNumberOf, activeCasesNow, changed, publishRow });
  const { advanceLifecycle } = pkm;

  return {
    inForce,
    /** Drops every cache (tests, and after bulk imports). */
    invalidateCaches: changed,
    recomputeZones,
    today,

    /** The daily job: PKM lifecycle, then today's zones (and any days missed while the server was down, up to a month). */
    async runDaily(): Promise<{ date: string; zonesComputed: number; lifecycleChanges: number }> {
      const date = today();
      const lifecycleChanges = await advanceLifecycle(date);
      const last = await latestZoneHistoryDate(db);
      const first = last === null || last >= date ? date : dateOfDay(Math.max(dayOfDate(last) + 1, dayOfDate(date) - HISTORY_BACKFILL_DAYS));
      let zonesComputed = 0;
      for (let day = dayOfDate(first); day <= dayOfDate(date); day++) zonesComputed += (await recomputeZones(dateOfDay(day))).length;
      return { date, zonesComputed, lifecycleChanges };
    },

    // ---- zones ----

    async zones(date: string | undefined): Promise<ZoneOfDay[]> {
      const d = date ?? today();
      requireDate(d, 'date');
      await checkRevision();
      return [...(await zonesForDay(dayOfDate(d))).values()];
    },

    async zoneHistory(regionCode: string, range: { from?: string; to?: string }) {
      const region = await regionInfo(regionCode);
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
      const region = await regionInfo(input.regionCode);
      if (!region) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.unknownRegion' }]);
      if (ctx.principal || source === 'manual') requirePrincipal(ctx).require('zones:manage', input.regionCode);
      if (!isVillage(region.type)) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.mustBeVillage' }]);
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
          await storeHistory(trx, date, (await computeZones(trx, date, region.code)).values());
        }
        await bumpPolicyRevision(trx, now);
      });
      changed();
      const zone = (await zonesForDay(dayOfDate(input.date))).get(region.code) as ZoneOfDay;
      return { ...zone, date: input.date };
    },

    async thresholdVersions() {
      return (await listThresholdVersions(db)).map((r) => presentThresholds(r, timeZone));
    },

    async createThresholdsVersion(
      ctx: RequestContext,
      input: { scopeRegionCode?: string; effectiveFrom: string; yellowFrom: number; orangeFrom: number; redFrom: number; basis: string },
    ) {
      const principal = requirePrincipal(ctx);
      const scope = input.scopeRegionCode ?? (await regions.rootCodes())[0] ?? DENPASAR_CITY_CODE;
      principal.require('zones:manage', scope);
      await requireScopeRegion(scope, 'scopeRegionCode');
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
      changed();
      if (input.effectiveFrom === todayDate) await recomputeZones(todayDate);
      return presentThresholds(row, timeZone);
    },

    // ---- rule sets ----

    async listRuleSets(ctx: RequestContext, filter: { status?: string; kind?: string; scopeRegionCode?: string }): Promise<RuleSetView[]> {
      requirePrincipal(ctx).require('rules:read');
      const rows = await listRuleSets(db, filter);
      return Promise.all(rows.map(viewRuleSet));
    },

    async getRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      requirePrincipal(ctx).require('rules:read');
      return viewRuleSet(await requireRuleSet(id));
    },

    async createRuleSet(ctx: RequestContext, input: RuleSetInput): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      principal.require('rules:manage');
      await requireScopeRegion(input.scopeRegionCode, 'scopeRegionCode');
      principal.require('rules:manage', input.scopeRegionCode);
      const draft = validateRuleSetInput(input);
      const now = clock.now();
      const id = newId(now);
      await db.transaction().execute(async (trx) => {
        await insertRuleSet(trx, {
          id,
          ...rowFromDraft(draft),
          status: 'draft',
          version: (await maxVersionInSeries(trx, draft.scopeRegionCode, draft.kind)) + 1,
          copied_from_id: null,
          pkm_application_id: null,
          created_at: now,
          created_by: principal.userId,
          updated_at: now,
          published_at: null,
          published_by: null,
          retired_at: null,
          retired_by: null,
        });
        await recordAudit(trx, clock, ctx, { action: 'rule_set.create', entityType: 'rule_set', entityId: id, regionCode: draft.scopeRegionCode, details: { legalBasis: draft.legalBasis, kind: draft.kind } });
      });
      return viewRuleSet(await requireRuleSet(id));
    },

    async updateRuleSet(ctx: RequestContext, id: string, input: RuleSetInput): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      const row = await requireRuleSet(id);
      principal.require('rules:manage', row.scope_region_code);
      if (row.status !== 'draft') throw notDraft(row);
      await requireScopeRegion(input.scopeRegionCode, 'scopeRegionCode');
      principal.require('rules:manage', input.scopeRegionCode);
      const draft = validateRuleSetInput(input);
      await db.transaction().execute(async (trx) => {
        const seriesChanged = draft.scopeRegionCode !== row.scope_region_code || draft.kind !== row.kind;
        await updateRuleSet(trx, id, {
          ...rowFromDraft(draft),
          ...(seriesChanged ? { version: (await maxVersionInSeries(trx, draft.scopeRegionCode, draft.kind)) + 1 } : {}),
          updated_at: clock.now(),
        });
        await recordAudit(trx, clock, ctx, { action: 'rule_set.update', entityType: 'rule_set', entityId: id, regionCode: draft.scopeRegionCode, details: { legalBasis: draft.legalBasis } });
      });
      return viewRuleSet(await requireRuleSet(id));
    },

    async deleteRuleSet(ctx: RequestContext, id: string): Promise<void> {
      const principal = requirePrincipal(ctx);
      const row = await requireRuleSet(id);
      principal.require('rules:manage', row.scope_region_code);
      if (row.status !== 'draft') throw notDraft(row);
      await db.transaction().execute(async (trx) => {
        await deleteRuleSet(trx, id);
        await recordAudit(trx, clock, ctx, { action: 'rule_set.delete', entityType: 'rule_set', entityId: id, regionCode: row.scope_region_code, details: { legalBasis: row.legal_basis } });
      });
    },

    /** A new draft version copied from any version; it starts at the next local midnight unless edited. */
    async copyRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      const source = await requireRuleSet(id);
      principal.require('rules:manage', source.scope_region_code);
      if (source.pkm_application_id !== null) throw new AppError(409, 'rule-set-is-pkm', 'conflict.title', 'ruleSetIsPkm.detail');
      const now = clock.now();
      const tomorrow = midnight(addDaysToDate(today(), 1));
      const effectiveFrom = Math.max(source.effective_from, tomorrow);
      const effectiveTo = source.effective_to !== null && source.effective_to > effectiveFrom ? source.effective_to : null;
      const newRowId = newId(now);
      await db.transaction().execute(async (trx) => {
        await insertRuleSet(trx, {
          ...source,
          id: newRowId,
          status: 'draft',
          version: (await maxVersionInSeries(trx, source.scope_region_code, source.kind)) + 1,
          effective_from: effectiveFrom,
          effective_to: effectiveTo,
          copied_from_id: source.id,
          created_at: now,
          created_by: principal.userId,
          updated_at: now,
          published_at: null,
          published_by: null,
          retired_at: null,
          retired_by: null,
        });
        await recordAudit(trx, clock, ctx, { action: 'rule_set.copy', entityType: 'rule_set', entityId: newRowId, regionCode: source.scope_region_code, details: { copiedFrom: source.id } });
      });
      return viewRuleSet(await requireRuleSet(newRowId));
    },

    async publishRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      const row = await requireRuleSet(id);
      principal.require('rules:manage', row.scope_region_code);
      if (row.status !== 'draft') throw notDraft(row);
      await db.transaction().execute(async (trx) => {
        await publishRow(trx, ctx, row);
        await recordAudit(trx, clock, ctx, { action: 'rule_set.publish', entityType: 'rule_set', entityId: id, regionCode: row.scope_region_code, details: { legalBasis: row.legal_basis, version: row.version } });
      });
      changed();
      return viewRuleSet(await requireRuleSet(id));
    },

    async retireRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      const principal = requirePrincipal(ctx);
      const row = await requireRuleSet(id);
      principal.require('rules:manage', row.scope_region_code);
      if (row.status !== 'published') {
        throw new AppError(409, 'rule-set-not-published', 'conflict.title', 'ruleSetNotPublished.detail', {}, [{ field: 'status', messageKey: 'validation.invalid' }]);
      }
      if (row.pkm_application_id !== null) throw new AppError(409, 'rule-set-is-pkm', 'conflict.title', 'ruleSetIsPkm.detail');
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await updateRuleSet(trx, id, { status: 'retired', retired_at: now, retired_by: principal.userId, updated_at: now });
        await bumpPolicyRevision(trx, now);
        await recordAudit(trx, clock, ctx, { action: 'rule_set.retire', entityType: 'rule_set', entityId: id, regionCode: row.scope_region_code, details: { legalBasis: row.legal_basis } });
      });
      changed();
      return viewRuleSet(await requireRuleSet(id));
    },

    ...pkm,

    /** For /rules/in-force: checks the venue type against the sector. */
    checkVenueType(sector: SectorCode, venueType: string | undefined): VenueTypeCode | null {
      if (venueType === undefined) return null;
      if (!isVenueTypeCode(venueType) || sectorOfVenueType(venueType) !== sector) {
        throw problems.validation([{ field: 'venueType', messageKey: 'validation.venueTypeSector', params: { venueType, sector } }]);
      }
      return venueType;
    },

    parseInstant,
    now: () => clock.now(),
  };
}

export type PoliciesService = ReturnType<typeof createPoliciesService>;

/**
 * The rules in force for a venue — the cached answer other modules ask on the check-in path — and ALL the caches of
 * the policies area: the compiled rule resolver, the region index, the zones of the day. One process keeps them; other
 * processes' changes are noticed through policy_state.revision, polled at most every REVISION_CHECK_MS.
 * A change made in this process calls changed(), which drops the caches at once.
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import type { TimeWindow } from '../../shared/daily-window.js';
import { problems } from '../../shared/errors.js';
import type { SectorCode, VenueTypeCode } from '../../../common/reference/sectors.js';
import type { LocalDays } from './policies.dates.js';
import type { ZoneOfDay } from './policies.presenter.js';
import { listPublishedRuleSets, readPolicyRevision } from './policies.repository.js';
import type { RegionInfo } from './policies.shared.js';
import type { RegionIndex } from './region-index.js';
import { createRuleResolver, type RuleResolver, type RulesInForce } from './resolve-rules.js';
import { toDomainRuleSet } from './rule-set-rows.js';
import { computeZones } from './zone-computation.js';
import type { ZoneColour } from './zone-colour.js';

/** How long a process trusts its caches before asking the database whether another process changed the rules. */
export const REVISION_CHECK_MS = 2_000;
const MAX_CACHED_DAYS = 400;

export interface InForceQuery {
  /** The venue's desa/kelurahan (or a banjar below it; any region code works, the zone comes from its desa). */
  regionCode: string;
  sector: SectorCode;
  venueType?: VenueTypeCode | null;
  /** UTC epoch ms. */
  at: number;
  venueHours?: TimeWindow | null;
}

export interface RulesInForceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  days: LocalDays;
  regionIndex: RegionIndex;
}

export function createRulesInForceService(deps: RulesInForceDeps) {
  const { db, clock, timeZone, days, regionIndex } = deps;
  const { dayNumberOf, dateOfDay } = days;

  let generation = 0;
  let resolver: RuleResolver | null = null;
  let resolverLoad: Promise<RuleResolver> | null = null;
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

  /** The zones of every desa/kelurahan on a local day, cached until counts or thresholds change. */
  function zonesForDay(day: number): Promise<Map<string, ZoneOfDay>> {
    const cached = zoneDays.get(day);
    if (cached) return Promise.resolve(cached);
    let load = zoneDayLoads.get(day);
    if (!load) {
      const gen = generation;
      const date = dateOfDay(day);
      load = regionIndex
        .villages()
        .then((villages) => computeZones(db, villages, date, days.midnight(date)))
        .then((zones) => {
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
    const index = regionIndex.peek();
    if (!resolver || !index || performance.now() - lastRevisionCheck >= REVISION_CHECK_MS) return undefined;
    const region = index.get(q.regionCode);
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
    const region = await regionIndex.get(q.regionCode);
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

  return {
    inForce,
    changed,
    checkRevision,
    zonesForDay,
    /** The zone of the day of a desa/kelurahan as PKM records it: the active cases of its latest count, if any. */
    async activeCasesNow(regionCode: string): Promise<{ activeCases: number | null; date: string | null }> {
      const zone = (await zonesForDay(dayNumberOf(clock.now()))).get(regionCode);
      return { activeCases: zone?.countDate ? zone.activeCases : null, date: zone?.countDate ?? null };
    },
  };
}

export type RulesInForceService = ReturnType<typeof createRulesInForceService>;

/**
 * The policies area, composed from its use cases (one factory each, explicit small dependencies):
 * - rules-in-force.service.ts  the cached rules in force for a venue, and ALL the caches (resolver, region index,
 *                              zones of the day) with the revision polling;
 * - zones.service.ts           zones of the day, history, active-case counts, thresholds, the daily recompute;
 * - rule-sets.service.ts       versioned rule sets: drafts, copy, publish, retire;
 * - pkm-applications.service.ts, pkm-decisions.service.ts, pkm-letters.service.ts   village PKM;
 * - policies.access.ts         the record-level access layer every method starts with.
 * Call sites keep one object: `services.policies.*` is the spread of the use-case services.
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import type { RegionsService } from '../regions/index.js';
import { createPkmApplicationsService } from './pkm-applications.service.js';
import { createPkmDecisionsService } from './pkm-decisions.service.js';
import { createPkmLettersService } from './pkm-letters.service.js';
import { createPkmTransitions, type PkmStepEvent } from './pkm-transitions.js';
import { createPkmViews } from './pkm-views.js';
import { createPoliciesAccess } from './policies.access.js';
import { createLocalDays } from './policies.dates.js';
import { presentInForce } from './policies.presenter.js';
import { latestZoneHistoryDate } from './policies.repository.js';
import { createRegionIndex } from './region-index.js';
import { createRuleSetsService } from './rule-sets.service.js';
import { createRulesInForceService } from './rules-in-force.service.js';
import { createZonesService } from './zones.service.js';
import { isVenueTypeCode, sectorOfVenueType, type SectorCode, type VenueTypeCode } from '../../../common/reference/sectors.js';
import { problems } from '../../shared/errors.js';

const HISTORY_BACKFILL_DAYS = 31;

/** For /rules/in-force: the venue type, if given, must belong to the sector. */
function checkVenueType(sector: SectorCode, venueType: string | undefined): VenueTypeCode | null {
  if (venueType === undefined) return null;
  if (!isVenueTypeCode(venueType) || sectorOfVenueType(venueType) !== sector) {
    throw problems.validation([{ field: 'venueType', messageKey: 'validation.venueTypeSector', params: { venueType, sector } }]);
  }
  return venueType;
}

export interface PoliciesDeps {
  db: Db;
  clock: Clock;
  regions: Pick<RegionsService, 'list' | 'rootCodes' | 'adatOverlapsVillage'>;
  timeZone: string;
  cityName: string;
  /** Tells whoever acts next on a PKM step (app.ts: the notifications module through accounts' holders of the role). */
  notifyPkmStep?: (trx: Db, event: PkmStepEvent & { regionName: string }) => Promise<void>;
}

export function createPoliciesService(deps: PoliciesDeps) {
  const { db, clock, regions, timeZone, cityName } = deps;
  const days = createLocalDays(clock, timeZone);
  const regionIndex = createRegionIndex(regions);
  const cache = createRulesInForceService({ db, clock, timeZone, days, regionIndex });
  // Whoever must hear of a change to the rules in force made in this process, after its commit (main.ts: the check
  // that tells venue managers, issue #18). Changes made elsewhere are found by that check's scheduled pass.
  const listeners = new Set<() => void>();
  const rulesInForce: typeof cache = {
    ...cache,
    changed() {
      cache.changed();
      for (const listener of listeners) listener();
    },
  };
  const transitions = createPkmTransitions({
    db,
    clock,
    today: days.today,
    notify: deps.notifyPkmStep && (async (trx, event) => deps.notifyPkmStep?.(trx, { ...event, regionName: (await regionIndex.get(event.regionCode))?.name ?? event.regionCode })),
  });
  const access = createPoliciesAccess({ db, clock, regionIndex, advanceLifecycle: () => transitions.advanceLifecycle() });
  const views = createPkmViews({ db, timeZone, regionIndex, today: days.today });

  const zones = createZonesService({ db, clock, timeZone, regions, regionIndex, days, access, rulesInForce });
  const ruleSets = createRuleSetsService({ db, clock, timeZone, regionIndex, days, access, rulesInForce });
  const pkmApplications = createPkmApplicationsService({ db, clock, regions, regionIndex, days, access, transitions, views, rulesInForce });
  const pkmDecisions = createPkmDecisionsService({ db, clock, regionIndex, days, access, transitions, views, rulesInForce });
  const pkmLetters = createPkmLettersService({ db, timeZone, cityName, regionIndex, days, access });

  return {
    inForce: rulesInForce.inForce,
    /** Drops every cache (tests, and after bulk imports). */
    invalidateCaches: cache.changed,
    /** Calls `listener` after each change to the rules in force made in this process (a publish, a zone count…); returns the unsubscribe. */
    onRulesChanged(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    today: days.today,
    advanceLifecycle: transitions.advanceLifecycle,

    /** The daily job: PKM lifecycle, then today's zones (and any days missed while the server was down, up to a month). */
    async runDaily(): Promise<{ date: string; zonesComputed: number; lifecycleChanges: number }> {
      const { today, dateOfDay, dayOfDate } = days;
      const date = today();
      const lifecycleChanges = await transitions.advanceLifecycle(date);
      const last = await latestZoneHistoryDate(db);
      const first = last === null || last >= date ? date : dateOfDay(Math.max(dayOfDate(last) + 1, dayOfDate(date) - HISTORY_BACKFILL_DAYS));
      let zonesComputed = 0;
      for (let day = dayOfDate(first); day <= dayOfDate(date); day++) zonesComputed += (await zones.recomputeZones(dateOfDay(day))).length;
      return { date, zonesComputed, lifecycleChanges };
    },

    /** GET /rules/in-force (public): the rules in force for a kind of venue in a region, now or at `at`, presented. */
    async publicRulesInForce(q: { region: string; sector: SectorCode; venueType?: string; at?: string }) {
      const instant = q.at === undefined ? clock.now() : days.parseInstant(q.at, 'at');
      const answer = await rulesInForce.inForce({ regionCode: q.region, sector: q.sector, venueType: checkVenueType(q.sector, q.venueType), at: instant });
      return presentInForce(answer, instant, timeZone);
    },

    ...zones,
    ...ruleSets,
    ...pkmApplications,
    ...pkmDecisions,
    ...pkmLetters,
  };
}

export type PoliciesService = ReturnType<typeof createPoliciesService>;

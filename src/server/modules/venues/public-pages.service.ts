import { openingViewOf } from '../../shared/opening-text.js';
import type { Db } from '../../db/kysely.js';
import type { ReadSource } from '../../db/read-replica.js';
import { toIso, type Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { TimeWindow } from '../../shared/daily-window.js';
import type { RulesInForce } from '../policies/index.js';
import { isSectorCode, isVenueTypeCode, type SectorCode, type VenueTypeCode } from '../../../common/reference/sectors.js';
import type { RegionsService } from '../regions/index.js';
import type { ComplianceEvidence } from './compliance-evidence.js';
import { openingHoursOf, presentPublicSummary, presentScore } from './venues.presenter.js';
import { listVenues, regionSummaries } from './venues.read-model.js';
import { findVenue } from './venues.repository.js';
import { decodeCursor, pageOf } from './venues.shared.js';
import type { VenuesTable } from './venues.table.js';

/** What the rules module answers for a venue; policies.inForce(...) from createServices. */
export interface VenueRulesQuery {
  regionCode: string;
  sector: SectorCode;
  venueType?: VenueTypeCode | null;
  at: number;
  venueHours?: TimeWindow | null;
}
export type VenueRulesLookup = (query: VenueRulesQuery) => Promise<RulesInForce>;

function presentRules(rules: RulesInForce, capacity: number, venueHoursKnown: boolean) {
  return {
    restricted: rules.restricted,
    open: rules.open,
    closed: rules.closed,
    window: rules.window,
    capacityPercent: rules.capacityPercent,
    maxVisitors: Math.floor((capacity * rules.capacityPercent) / 100),
    dineIn: rules.dineIn,
    maxVisitMinutes: rules.maxVisitMinutes,
    closesAtLocal: rules.closesAtLocal ?? null,
    opensAtLocal: rules.opensAtLocal ?? null,
    opening: openingViewOf(rules, venueHoursKnown),
    reasonId: rules.reasonId ?? null,
    reasonEn: rules.reasonEn ?? null,
    sources: rules.sources.map((s) => ({ ruleSetId: s.ruleSetId, legalBasis: s.legalBasis, kind: s.kind })),
    measures: rules.measures.map((m) => ({ id: m.measuresId ?? null, en: m.measuresEn ?? null })),
  };
}

export interface PublicPagesServiceDeps {
  db: Db;
  /** Lists read here (db/read-replica.ts): a few seconds stale at most. */
  reads: ReadSource;
  clock: Clock;
  timeZone: string;
  regions: Pick<RegionsService, 'requireRegion'>;
  compliance: Pick<ComplianceEvidence, 'currentScore'>;
  rules?: VenueRulesLookup;
}

/** The public pages (no login): the list of verified venues and one venue's page with its rules and score. */
export function createPublicPagesService(deps: PublicPagesServiceDeps) {
  const { db, reads, clock, timeZone, regions, compliance } = deps;

  async function rulesFor(venue: VenuesTable, now: number): Promise<RulesInForce | null> {
    if (!deps.rules || !isSectorCode(venue.sector)) return null;
    return deps.rules({
      regionCode: venue.region_code,
      sector: venue.sector,
      venueType: isVenueTypeCode(venue.venue_type) ? venue.venue_type : null,
      at: now,
      venueHours: openingHoursOf(venue),
    });
  }

  return {
    /** Public: verified venues only, whoever asks. */
    async publicList(filter: { region?: string; sector?: string; q?: string; cursor?: string; limit: number }) {
      if (filter.region !== undefined) await regions.requireRegion(filter.region);
      return pageOf(
        await listVenues(reads.db(), { regionCode: filter.region, statuses: ['verified'], sector: filter.sector, q: filter.q, after: decodeCursor(filter.cursor), order: 'name', limit: filter.limit + 1 }),
        filter.limit,
        presentPublicSummary,
      );
    },

    /** The public page of a verified (or suspended, so that the page can say so) venue; others are 404. */
    async publicVenue(venueId: string) {
      const venue = await findVenue(db, venueId);
      if (!venue || (venue.status !== 'verified' && venue.status !== 'suspended')) throw problems.notFound('venueNotFound.detail');
      const now = clock.now();
      const region = await regions.requireRegion(venue.region_code);
      const [kecamatan, score, rules] = await Promise.all([
        region.parent_code ? regionSummaries(db, [region.parent_code]).then((r) => r[0]) : Promise.resolve(undefined),
        compliance.currentScore(db, venue, now),
        venue.status === 'verified' ? rulesFor(venue, now) : Promise.resolve(null),
      ]);
      return {
        ...presentPublicSummary({ ...venue, region_name: region.name }),
        status: venue.status,
        regionType: region.type,
        kecamatanName: kecamatan?.name ?? null,
        lat: venue.lat,
        lon: venue.lon,
        capacity: venue.capacity,
        indoor: venue.indoor === 1,
        openingHours: openingHoursOf(venue),
        zoneColour: rules?.zoneColour ?? null,
        rules: rules ? presentRules(rules, venue.capacity, openingHoursOf(venue) !== null) : null,
        compliance: presentScore(score, now, timeZone),
        localTime: rules?.localTime ?? null,
        at: toIso(now, timeZone),
      };
    },
  };
}

import type { FastifyPluginAsync } from 'fastify';
import { isSectorCode, isVenueTypeCode, sectorOfVenueType, type SectorCode, type VenueTypeCode } from '../../../common/reference/sectors.js';
import type { Clock } from '../../shared/clock.js';
import { otherLanguageHref, publicPageLanguage, queryText, sendPublicPage, type PublicPageSite } from '../../shared/public-page.js';
import type { PoliciesService } from './policies.service.js';
import { renderPublicZonesPage, type PublicZonesView } from './public-zones-page.js';
import { DEFAULT_ZONE_THRESHOLDS, type ZoneThresholds } from './zone-colour.js';
import { zoneMapShapesCache } from './zone-map-shapes.js';

/** Requests to /zona per client address and minute: each desa chosen on the map is one. */
export const PUBLIC_ZONES_PER_ADDRESS = 120;

const DEFAULT_SECTOR: SectorCode = 'trade';

/** The thresholds version in force now (the newest that has started), as the staff app's legend reads them. */
function thresholdsNow(versions: readonly { effectiveFrom: string; yellowFrom: number; orangeFrom: number; redFrom: number }[], now: number): ZoneThresholds {
  const current = versions.filter((v) => Date.parse(v.effectiveFrom) <= now).sort((a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom))[0];
  return current ? { yellowFrom: current.yellowFrom, orangeFrom: current.orangeFrom, redFrom: current.redFrom } : { ...DEFAULT_ZONE_THRESHOLDS };
}

/**
 * The public zone page, GET /zona?desa=&sector=&type= (issue #17): drawn by the server with its data and no script.
 * An unknown desa, sector or venue type answers the page with the field named (400); a venue type of another sector
 * (the form's list was that of the sector before it changed: there is no script to refresh it) is dropped.
 */
export const publicZonesPageRoutes: FastifyPluginAsync<{
  policies: PoliciesService;
  /** The desa/kelurahan boundaries as GeoJSON text (the regions module's, as GET /api/v1/regions/geojson?level=village). */
  boundaries: () => Promise<string>;
  site: PublicPageSite;
  clock: Clock;
  limitScale: number;
}> = async (app, opts) => {
  const { policies, site } = opts;
  const mapShapes = zoneMapShapesCache(opts.boundaries);

  app.get('/zona', { config: { access: 'public', rateLimit: { max: Math.round(PUBLIC_ZONES_PER_ADDRESS * opts.limitScale), timeWindow: 60_000 } }, schema: { hide: true } }, async (request, reply) => {
    const language = publicPageLanguage(request);
    const [map, zones, versions] = await Promise.all([mapShapes(), policies.zones(undefined), policies.thresholdVersions()]);
    const invalid: PublicZonesView['invalid'] = [];

    const askedDesa = queryText(request, 'desa').trim();
    const desa = askedDesa === '' ? null : zones.some((z) => z.regionCode === askedDesa) ? askedDesa : null;
    if (askedDesa !== '' && desa === null) invalid.push({ field: 'desa', value: askedDesa });

    const askedSector = queryText(request, 'sector').trim();
    let sector: SectorCode = DEFAULT_SECTOR;
    if (isSectorCode(askedSector)) sector = askedSector;
    else if (askedSector !== '') invalid.push({ field: 'sector', value: askedSector });

    const askedType = queryText(request, 'type').trim();
    let venueType: VenueTypeCode | null = null;
    if (isVenueTypeCode(askedType)) venueType = sectorOfVenueType(askedType) === sector ? askedType : null;
    else if (askedType !== '') invalid.push({ field: 'type', value: askedType });

    // The same answer as GET /api/v1/rules/in-force, only for a choice the page could read whole.
    const rules = desa && invalid.length === 0 ? await policies.publicRulesInForce({ region: desa, sector, ...(venueType ? { venueType } : {}) }) : null;

    const view: PublicZonesView = {
      today: policies.today(),
      map,
      zones,
      thresholds: thresholdsNow(versions, opts.clock.now()),
      desa,
      sector,
      venueType,
      invalid,
      rules,
      switchHref: otherLanguageHref(request, language.lang),
      langParam: language.chosen ? language.lang : null,
    };
    return sendPublicPage(reply, language, renderPublicZonesPage(site, view, language.lang), invalid.length > 0 ? 400 : 200);
  });
};

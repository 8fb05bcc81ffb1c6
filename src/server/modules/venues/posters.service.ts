import type { Db } from '../../db/kysely.js';
import { problems } from '../../shared/errors.js';
import type { Clock } from '../../shared/clock.js';
import { sectorLabel } from '../../shared/reference-labels.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import { renderPosterPdf, renderPosterPng, type PosterInput } from './poster.js';
import { checkInUrlFor, issuePosterToken, posterTokenFor, verifyPosterToken } from './poster-token.js';
import type { VenueAccessLayer } from './venues.access.js';
import { presentPoster, presentVenueSummary } from './venues.presenter.js';
import { regionSummaries } from './venues.read-model.js';
import { currentPoster, findPoster, insertPoster, markPostersReplaced, maxPosterSerial } from './venues.repository.js';
import { requireStatus, wrongStatus } from './venues.shared.js';
import type { VenuesTable } from './venues.table.js';

export const POSTER_NUMBER_PREFIX = 'DPS';

/** Issues a venue's posters: the first on approval (verification service), later ones on request (below). */
export function createPosterIssuer(deps: { clock: Clock; secretKey: Buffer }) {
  const { clock, secretKey } = deps;

  /** Replaces the current poster (if any) with a new one; returns it. Runs inside the caller's transaction. */
  return async function issuePoster(trx: Db, venue: VenuesTable, ctx: RequestContext, now: number) {
    const serial = (await maxPosterSerial(trx, venue.id)) + 1;
    const { posterId } = issuePosterToken(secretKey);
    const posterNumber = `${POSTER_NUMBER_PREFIX}-${String(venue.venue_number).padStart(6, '0')}-${serial}`;
    await markPostersReplaced(trx, venue.id, now);
    const row = { poster_id: posterId, venue_id: venue.id, serial, poster_number: posterNumber, issued_at: now, issued_by: ctx.principal?.userId ?? null, replaced_at: null };
    await insertPoster(trx, row);
    await recordAudit(trx, clock, ctx, { action: 'venue.poster_issue', entityType: 'venue', entityId: venue.id, regionCode: venue.region_code, details: { posterNumber, serial } });
    return row;
  };
}

export type PosterIssuer = ReturnType<typeof createPosterIssuer>;

export interface PostersServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** config.cityName, printed on the posters. */
  cityName: string;
  publicUrl: string;
  /** The instance key; poster tokens use their own HKDF-derived key from it. */
  secretKey: Buffer;
  regions: Pick<RegionsService, 'requireRegion'>;
  access: VenueAccessLayer;
  issuePoster: PosterIssuer;
}

/** The poster of a verified venue as PDF or PNG, and its reissue. */
export function createPostersService(deps: PostersServiceDeps) {
  const { db, clock, timeZone, cityName, publicUrl, secretKey, regions, access, issuePoster } = deps;

  async function posterInput(venue: VenuesTable): Promise<PosterInput> {
    if (venue.status !== 'verified') throw wrongStatus(venue.status);
    const poster = await currentPoster(db, venue.id);
    if (!poster) throw wrongStatus(venue.status); // unreachable: approval issues the first poster
    const region = await regions.requireRegion(venue.region_code);
    const kecamatan = region.parent_code ? (await regionSummaries(db, [region.parent_code]))[0] : undefined;
    const sector = sectorLabel(venue.sector);
    return {
      venueName: venue.name,
      address: venue.address,
      desaName: `${region.type === 'kelurahan' ? 'Kelurahan' : 'Desa'} ${region.name}`,
      ...(kecamatan ? { kecamatanName: kecamatan.name } : {}),
      sectorLabelId: sector.id,
      sectorLabelEn: sector.en,
      posterNumber: poster.poster_number,
      checkInUrl: checkInUrlFor(publicUrl, posterTokenFor(secretKey, poster.poster_id)),
      issuedAt: new Date(poster.issued_at),
      cityName,
      timeZone,
    };
  }

  return {
    async posterPdf(ctx: RequestContext, venueId: string) {
      const { venue } = await access.requireVenue(ctx, venueId, 'venues:read', { managers: true });
      const input = await posterInput(venue);
      return { bytes: await renderPosterPdf(input), posterNumber: input.posterNumber };
    },

    async posterPng(ctx: RequestContext, venueId: string) {
      const { venue } = await access.requireVenue(ctx, venueId, 'venues:read', { managers: true });
      const input = await posterInput(venue);
      return { bytes: await renderPosterPng(input), posterNumber: input.posterNumber };
    },

    /**
     * The venue behind a scanned poster, for an officer recording a violation there. A forged or unknown token and a
     * venue outside the officer's scope answer the same 404, so a poster tells nothing of another region's venues. A
     * replaced poster still names its venue: the officer stands in front of it.
     */
    async venueByPoster(ctx: RequestContext, token: string) {
      const verified = verifyPosterToken(secretKey, token);
      const poster = verified ? await findPoster(db, verified.posterId) : undefined;
      if (!poster) throw problems.notFound('venueNotFound.detail');
      const { venue } = await access.requireVenue(ctx, poster.venue_id, 'enforcement:record', { managers: false, outOfScopeAsNotFound: true });
      const region = (await regionSummaries(db, [venue.region_code]))[0];
      return presentVenueSummary({ ...venue, region_name: region?.name ?? venue.region_code }, timeZone);
    },

    /** A new poster; the previous one stops working at once (its page says it was replaced). */
    async reissuePoster(ctx: RequestContext, venueId: string) {
      const a = await access.requireVenue(ctx, venueId, 'venues:verify', { managers: true });
      requireStatus(a.venue, ['verified']);
      const now = clock.now();
      const poster = await db.transaction().execute((trx) => issuePoster(trx, a.venue, ctx, now));
      return presentPoster(poster, timeZone);
    },
  };
}

import { posterTokenFor } from '../../src/server/modules/venues/index.js';
import type { TestApp } from '../app-harness.js';

export interface VenueFixture {
  id: string;
  token: string;
  regionCode: string;
}

export interface VenueOverrides {
  name?: string;
  sector?: string;
  type?: string;
  regionCode?: string;
  lat?: number;
  lon?: number;
  capacity?: number;
  openingHours?: { from: string; until: string } | null;
}

// A point inside Kelurahan Serangan (its polygon's centroid).
const SERANGAN_POINT = { regionCode: '51.71.01.1001', lat: -8.736259, lon: 115.23211 };

/** Registers a venue through the API as the administrator, verifies it and returns the token of its current poster. */
export async function verifiedVenue(t: TestApp, overrides: VenueOverrides = {}): Promise<VenueFixture> {
  const body = {
    name: overrides.name ?? 'Warung Makan Bu Komang',
    sector: overrides.sector ?? 'trade',
    type: overrides.type ?? 'warung',
    regionCode: overrides.regionCode ?? SERANGAN_POINT.regionCode,
    address: 'Jl. Tukad Punggawa 1',
    lat: overrides.lat ?? SERANGAN_POINT.lat,
    lon: overrides.lon ?? SERANGAN_POINT.lon,
    capacity: overrides.capacity ?? 20,
    indoor: true,
    openingHours: overrides.openingHours === undefined ? null : overrides.openingHours,
  };
  const created = await t.request({ method: 'POST', url: '/api/v1/venues', cookie: t.adminCookie, payload: body });
  if (created.statusCode !== 201) throw new Error(`venue registration failed: ${created.statusCode} ${created.body}`);
  const id = created.json<{ id: string }>().id;
  const verified = await t.request({ method: 'POST', url: `/api/v1/venues/${id}/verification`, cookie: t.adminCookie, payload: { decision: 'approve' } });
  if (verified.statusCode !== 200) throw new Error(`verification failed: ${verified.statusCode} ${verified.body}`);
  return { id, token: await currentPosterToken(t, id), regionCode: body.regionCode };
}

export async function currentPosterToken(t: TestApp, venueId: string): Promise<string> {
  let poster = await t.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', venueId).where('replaced_at', 'is', null).executeTakeFirst();
  if (!poster) {
    const issued = await t.request({ method: 'POST', url: `/api/v1/venues/${venueId}/poster`, cookie: t.adminCookie });
    if (issued.statusCode >= 300) throw new Error(`poster issue failed: ${issued.statusCode} ${issued.body}`);
    poster = await t.database.db.selectFrom('venue_posters').select('poster_id').where('venue_id', '=', venueId).where('replaced_at', 'is', null).executeTakeFirstOrThrow();
  }
  return posterTokenFor(Buffer.alloc(32, 7), poster.poster_id);
}

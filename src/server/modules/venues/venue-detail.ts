import type { Db } from '../../db/kysely.js';
import { toIso, type Clock } from '../../shared/clock.js';
import type { ComplianceEvidence } from './compliance-evidence.js';
import { openContact, type ContactKeys } from './venue-contact.js';
import type { VenueAccess } from './venues.access.js';
import { staffCan } from './venues.policy.js';
import { openingHoursOf, presentAssessment, presentPoster, presentScore, presentStatusEvent, presentVenueSummary } from './venues.presenter.js';
import { listManagers, regionSummaries } from './venues.read-model.js';
import { assessmentIdsWithPhotos, findVenue, listAssessments, listPosters, listStatusEvents } from './venues.repository.js';

/** The full view of one venue for its managers and staff (what the venue page shows), and what the caller may do there. */
export function createVenueDetail(deps: { db: Db; clock: Clock; timeZone: string; compliance: Pick<ComplianceEvidence, 'currentScore'>; contacts: ContactKeys }) {
  const { db, clock, timeZone, compliance, contacts } = deps;

  async function detail(a: VenueAccess) {
    const { venue, principal, asManager } = a;
    const now = clock.now();
    const [regionRows, events, posters, inspections, selfAssessments, managers, score] = await Promise.all([
      regionSummaries(db, [venue.region_code, venue.banjar_code, venue.desa_adat_code, venue.point_region_code]),
      listStatusEvents(db, venue.id),
      listPosters(db, venue.id),
      listAssessments(db, venue.id, 'inspection', 20),
      listAssessments(db, venue.id, 'self_assessment', 1),
      listManagers(db, venue.id),
      compliance.currentScore(db, venue, now),
    ]);
    const withPhotos = await assessmentIdsWithPhotos(db, inspections.map((i) => i.id));
    const nameOf = (code: string | null) => (code ? (regionRows.find((r) => r.code === code)?.name ?? null) : null);
    const selfAssessment = selfAssessments[0];
    return {
      ...presentVenueSummary({ ...venue, region_name: nameOf(venue.region_code) ?? venue.region_code }, timeZone),
      banjarCode: venue.banjar_code,
      banjarName: nameOf(venue.banjar_code),
      desaAdatCode: venue.desa_adat_code,
      desaAdatName: nameOf(venue.desa_adat_code),
      lat: venue.lat,
      lon: venue.lon,
      positionConfirmed: venue.position_confirmed === 1,
      pointRegionCode: venue.point_region_code,
      pointRegionName: nameOf(venue.point_region_code),
      openingHours: openingHoursOf(venue),
      contactName: venue.contact_name,
      contactPhone: openContact(contacts, venue.contact_phone_enc),
      statusReason: venue.status_reason,
      verifiedAt: venue.verified_at === null ? null : toIso(venue.verified_at, timeZone),
      managers: managers.map((m) => ({ userId: m.user_id, displayName: m.display_name })),
      history: events.map((e) => presentStatusEvent(e, timeZone)),
      posters: posters.map((p) => presentPoster(p, timeZone)),
      selfAssessment: selfAssessment ? presentAssessment(selfAssessment, false, timeZone) : null,
      inspections: inspections.map((i) => presentAssessment(i, withPhotos.has(i.id), timeZone)),
      complianceDetail: presentScore(score, now, timeZone),
      permissions: {
        manage: asManager,
        correct: asManager || staffCan(principal, 'venues:verify', venue),
        verify: staffCan(principal, 'venues:verify', venue),
        inspect: staffCan(principal, 'venues:inspect', venue),
        selfAssess: asManager,
        poster: asManager || staffCan(principal, 'venues:verify', venue),
      },
    };
  }

  /** The detail after a change: the venue re-read (its columns changed), the caller's access as it was. */
  async function detailAfterChange(a: VenueAccess) {
    return detail({ ...a, venue: (await findVenue(db, a.venue.id)) ?? a.venue });
  }

  return { detail, detailAfterChange };
}

export type VenueDetail = ReturnType<typeof createVenueDetail>;

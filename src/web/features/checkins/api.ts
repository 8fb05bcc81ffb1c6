// The check-in endpoints the staff pages use (issue #5). Shapes are the server's, from the generated OpenAPI types
// (src/web/api/schema.d.ts).
import { request } from '../../api/client';
import type { ApiBody, ApiResponse, ApiSchema } from '../../api/types';

const enc = encodeURIComponent;

export type VenueChoice = Pick<ApiSchema<'VenueSummary'>, 'id' | 'name' | 'regionName' | 'status' | 'capacity'>;

export type OpenVisits = ApiResponse<'listOpenVisits'>;
/** Names; phones masked by the server (0812-****-7890). */
export type OpenVisit = OpenVisits['items'][number];
export type Occupancy = OpenVisits['occupancy'];
export type StaffVisitInput = ApiBody<'recordStaffVisit'>;

/** The five rating items: one list for server, check-in page and web app. */
export { RATING_ITEMS, type RatingItem } from '../../../common/reference/rating-items';

export type CheckinSummary = ApiResponse<'getVenueCheckinSummary'>;
export type Oversight = ApiResponse<'getCheckinOversight'>;

export const checkinsApi = {
  myVenues: (signal?: AbortSignal) => request<ApiResponse<'listMyVenues'>>('/me/venues', { signal }),
  venuesInScope: (signal?: AbortSignal) => request<ApiResponse<'listVenues'>>('/venues', { query: { limit: 200, status: 'verified' }, signal }),
  openVisits: (venueId: string, signal?: AbortSignal) => request<OpenVisits>(`/venues/${enc(venueId)}/visits/open`, { signal }),
  recordVisit: (venueId: string, body: StaffVisitInput) => request<ApiResponse<'recordStaffVisit', 201>>(`/venues/${enc(venueId)}/visits`, { method: 'POST', body }),
  checkOut: (venueId: string, visitId: string) =>
    request<ApiResponse<'checkOutStaffVisit'>>(`/venues/${enc(venueId)}/visits/${enc(visitId)}/checkout`, { method: 'POST' }),
  summary: (venueId: string, signal?: AbortSignal) => request<CheckinSummary>(`/venues/${enc(venueId)}/checkin-summary`, { signal }),
  oversight: (region: string, signal?: AbortSignal) => request<Oversight>('/checkins/oversight', { query: { region }, signal }),
};

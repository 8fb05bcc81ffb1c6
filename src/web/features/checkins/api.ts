// The check-in endpoints the staff pages use (issue #5). Shapes follow the server's response schemas (/openapi.json).
import { request } from '../../api/client';

const enc = encodeURIComponent;

export interface VenueChoice {
  id: string;
  name: string;
  regionName: string;
  status: string;
  capacity: number;
}

export interface Occupancy {
  current: number;
  limit: number;
  capacityPercent: number;
}

export interface OpenVisit {
  visitId: string;
  name: string;
  /** Masked by the server: 0812-****-7890. */
  phone: string;
  checkedInAt: string;
  source: string;
}

export interface OpenVisits {
  items: OpenVisit[];
  occupancy: Occupancy;
}

export interface StaffVisitInput {
  name: string;
  phone: string;
  checkedInAt: string;
  checkedOutAt?: string | null;
  source: 'desk' | 'paper';
}

export const RATING_ITEMS = ['masks', 'handwashing', 'distancing', 'temperature', 'cleanliness'] as const;
export type RatingItem = (typeof RATING_ITEMS)[number];

export interface CheckinSummary {
  occupancy: Occupancy;
  rules: { open: boolean; window: { from: string; until: string } | null; closesAtLocal: string | null; reasonId: string | null; reasonEn: string | null };
  todayByHour: number[];
  visitsToday: number;
  ratings: { count: number; averages: Record<RatingItem, number | null>; comments: { at: string; comment: string; mean: number }[] };
  refusedToday: { at: string; reason: string; detail: string | null }[];
}

export interface Oversight {
  poorRatings: { venueId: string; name: string; count: number; mean: number }[];
  overCapacity: { venueId: string; name: string; current: number; limit: number }[];
  refusedAttempts: { at: string; venueId: string | null; venueName: string | null; reason: string; detail: string | null }[];
}

interface VenueSummaryItem {
  id: string;
  name: string;
  regionName: string;
  status: string;
  capacity: number;
}

export const checkinsApi = {
  myVenues: (signal?: AbortSignal) => request<VenueSummaryItem[]>('/me/venues', { signal }),
  venuesInScope: (signal?: AbortSignal) => request<{ items: VenueSummaryItem[] }>('/venues', { query: { limit: 200, status: 'verified' }, signal }),
  openVisits: (venueId: string, signal?: AbortSignal) => request<OpenVisits>(`/venues/${enc(venueId)}/visits/open`, { signal }),
  recordVisit: (venueId: string, body: StaffVisitInput) => request<{ visitId: string }>(`/venues/${enc(venueId)}/visits`, { method: 'POST', body }),
  checkOut: (venueId: string, visitId: string) =>
    request<{ visitId: string; checkedOutAt: string }>(`/venues/${enc(venueId)}/visits/${enc(visitId)}/checkout`, { method: 'POST' }),
  summary: (venueId: string, signal?: AbortSignal) => request<CheckinSummary>(`/venues/${enc(venueId)}/checkin-summary`, { signal }),
  oversight: (region: string, signal?: AbortSignal) => request<Oversight>('/checkins/oversight', { query: { region }, signal }),
};

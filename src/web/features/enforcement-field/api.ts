// The reads the field screens need (issue #15). Writes go through the offline queue (sync.ts), never from here.
import { request } from '../../api/client';
import type { ApiResponse, ApiSchema } from '../../api/types';

const enc = encodeURIComponent;

export type Offence = ApiResponse<'listOffences'>[number];
export type Checkpoint = ApiResponse<'listCheckpoints'>[number];
export type VenueSummary = ApiSchema<'VenueSummary'>;
export type Oversight = ApiResponse<'getCheckinOversight'>;

export const fieldApi = {
  offences: () => request<Offence[]>('/offences'),
  checkpoints: () => request<Checkpoint[]>('/checkpoints'),
  venues: (q?: string) => request<ApiResponse<'listVenues'>>('/venues', { query: { limit: 200, status: 'verified', q } }),
  venueByPoster: (token: string) => request<VenueSummary>(`/venues/by-poster/${enc(token)}`),
  oversight: (region: string) => request<Oversight>('/checkins/oversight', { query: { region } }),
};

/** The poster token in a scanned or pasted check-in link (…/c/<token>), or the token itself. */
export function posterTokenOf(text: string): string | null {
  const trimmed = text.trim();
  const fromUrl = /\/c\/([A-Za-z0-9_-]{20,100})(?:[/?#]|$)/.exec(trimmed);
  if (fromUrl) return fromUrl[1] ?? null;
  return /^[A-Za-z0-9_-]{20,100}$/.test(trimmed) ? trimmed : null;
}

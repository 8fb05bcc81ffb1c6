// The venue endpoints of the API (issue #4), as the web client sees them. Kept in this feature folder so the
// shared client stays small; every call goes through the same `request` (credentials, language, problem+json).
// The shapes are the server's, from the generated OpenAPI types (src/web/api/schema.d.ts), named by operationId.
import { request } from '../../api/client';
import type { ApiBody, ApiResponse, ApiSchema, Me, Page, RegionSummary } from '../../api/types';

export type VenueSummary = ApiSchema<'VenueSummary'>;
export type VenueStatus = VenueSummary['status'];
export type Badge = VenueSummary['compliance']['badge'];
export type Label = VenueSummary['sectorLabel'];

export type VenueDetail = ApiSchema<'VenueDetail'>;
export type ComplianceDetail = ApiSchema<'ComplianceDetail'>;
export type ComplianceReason = ComplianceDetail['reasons'][number];
export type Assessment = VenueDetail['inspections'][number];
export type ChecklistAnswerRow = Assessment['answers'][number];
export type HistoryEntry = VenueDetail['history'][number];
export type Poster = VenueDetail['posters'][number];
export type OpeningHours = NonNullable<VenueDetail['openingHours']>;

export type VenueInput = ApiBody<'registerVenue'>;
export type AnswerInput = ApiBody<'submitSelfAssessment'>['answers'][number];

export type Checklist = ApiResponse<'getProkesChecklist'>;
export type ChecklistItem = Checklist['items'][number];
export type SectorInfo = ApiSchema<'Sector'>;
export type TodoItem = ApiResponse<'listInspectionTodo'>[number];

export type PublicVenueSummary = ApiSchema<'PublicVenueSummary'>;
export type PublicVenue = ApiSchema<'PublicVenue'>;

const enc = encodeURIComponent;

export const venuesApi = {
  signup: (body: ApiBody<'signUpVenueManager'>) => request<ApiResponse<'signUpVenueManager', 202>>('/venue-managers/signup', { method: 'POST', body }),
  confirmSignup: (body: ApiBody<'confirmVenueManagerSignup'>) => request<ApiResponse<'confirmVenueManagerSignup', 201>>('/venue-managers/signup/confirm', { method: 'POST', body }),
  me: (signal?: AbortSignal) => request<Me>('/me', { signal }),
  sectors: (signal?: AbortSignal) => request<SectorInfo[]>('/sectors', { signal }),
  checklist: (signal?: AbortSignal) => request<Checklist>('/prokes-checklist', { signal }),
  regionsOfType: (type: string, signal?: AbortSignal) => request<RegionSummary[]>('/regions', { query: { type }, signal }),
  locate: (lat: number, lon: number, signal?: AbortSignal) =>
    request<ApiResponse<'locateVenueRegion'>>('/venues/locate', { query: { lat, lon }, signal }),

  register: (body: VenueInput) => request<ApiResponse<'registerVenue', 201>>('/venues', { method: 'POST', body }),
  mine: (signal?: AbortSignal) => request<VenueSummary[]>('/me/venues', { signal }),
  get: (id: string, signal?: AbortSignal) => request<VenueDetail>(`/venues/${enc(id)}`, { signal }),
  update: (id: string, body: ApiBody<'updateVenue'>) =>
    request<VenueDetail>(`/venues/${enc(id)}`, { method: 'PATCH', body }),
  decide: (id: string, decision: 'approve' | 'reject', reason: string) =>
    request<VenueDetail>(`/venues/${enc(id)}/verification`, { method: 'POST', body: { decision, reason: reason || null } }),
  suspend: (id: string, reason: string) => request<VenueDetail>(`/venues/${enc(id)}/suspension`, { method: 'POST', body: { reason } }),
  reactivate: (id: string, reason: string) => request<VenueDetail>(`/venues/${enc(id)}/reactivation`, { method: 'POST', body: { reason } }),
  reissuePoster: (id: string) => request<ApiResponse<'reissueVenuePoster', 201>>(`/venues/${enc(id)}/poster`, { method: 'POST' }),
  posterUrl: (id: string, format: 'pdf' | 'png') => `/api/v1/venues/${enc(id)}/poster.${format}`,
  photoUrl: (id: string, inspectionId: string) => `/api/v1/venues/${enc(id)}/inspections/${enc(inspectionId)}/photo`,
  uploadPhoto: async (id: string, inspectionId: string, file: File) => {
    // Raw image body (not JSON): the server sniffs the bytes and limits the size.
    const response = await fetch(`/api/v1/venues/${enc(id)}/inspections/${enc(inspectionId)}/photo`, {
      method: 'PUT',
      headers: { 'Content-Type': file.type },
      body: file,
      credentials: 'same-origin',
    });
    if (!response.ok) throw new Error(`photo upload failed (${response.status})`);
  },
  compliance: (id: string, signal?: AbortSignal) =>
    request<ApiResponse<'getVenueCompliance'>>(`/venues/${enc(id)}/compliance`, { signal }),
  selfAssess: (id: string, body: ApiBody<'submitSelfAssessment'>) =>
    request<ApiResponse<'submitSelfAssessment', 201>>(`/venues/${enc(id)}/self-assessments`, { method: 'POST', body }),
  // The form sends '' when no result was chosen, so that the server's validation message shows beside the field.
  inspect: (id: string, body: Omit<ApiBody<'recordInspection'>, 'overallResult'> & { overallResult: string }) =>
    request<ApiResponse<'recordInspection', 201>>(`/venues/${enc(id)}/inspections`, { method: 'POST', body }),
  queue: (region: string | undefined, signal?: AbortSignal) => request<VenueSummary[]>('/venues/verification-queue', { query: { region }, signal }),
  todo: (region: string | undefined, signal?: AbortSignal) => request<TodoItem[]>('/inspections/todo', { query: { region }, signal }),

  publicList: (query: { region?: string; sector?: string; q?: string; cursor?: string | null }, signal?: AbortSignal) =>
    request<Page<PublicVenueSummary>>('/public/venues', { query: { ...query, limit: 30 }, signal }),
  publicVenue: (id: string, signal?: AbortSignal) => request<PublicVenue>(`/public/venues/${enc(id)}`, { signal }),
};

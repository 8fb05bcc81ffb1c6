// The venue endpoints of the API (issue #4), as the web client sees them. Kept in this feature folder so the
// shared client stays small; every call goes through the same `request` (credentials, language, problem+json).
import { request } from '../../api/client';
import type { Me, RegionSummary } from '../../api/types';

export interface Label {
  id: string;
  en: string;
}

export type VenueStatus = 'pending' | 'verified' | 'rejected' | 'suspended';
export type Badge = 'green' | 'yellow' | 'red' | 'grey';

export interface VenueSummary {
  id: string;
  venueNumber: number;
  name: string;
  sector: string;
  sectorLabel: Label;
  type: string;
  typeLabel: Label;
  regionCode: string;
  regionName: string;
  address: string;
  status: VenueStatus;
  capacity: number;
  indoor: boolean;
  compliance: { score: number | null; badge: Badge };
  createdAt: string;
}

export interface ComplianceReason {
  code: string;
  id: string;
  en: string;
  weight: number;
  params: Record<string, string | number>;
}

export interface ComplianceDetail {
  score: number | null;
  badge: Badge;
  reasons: ComplianceReason[];
  computedAt: string;
}

export interface ChecklistAnswerRow {
  item: string;
  answer: string;
  note: string | null;
}

export interface Assessment {
  id: string;
  kind: 'self_assessment' | 'inspection';
  checklistVersion: number;
  answers: ChecklistAnswerRow[];
  fractionMet: number | null;
  overallResult: string | null;
  notes: string | null;
  followUpDate: string | null;
  authorName: string | null;
  hasPhoto: boolean;
  at: string;
}

export interface HistoryEntry {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  details: { changes?: Record<string, { from: unknown; to: unknown }> } | null;
  actorName: string | null;
  at: string;
}

export interface Poster {
  posterNumber: string;
  serial: number;
  issuedAt: string;
  replacedAt: string | null;
  current: boolean;
}

export interface OpeningHours {
  from: string;
  until: string;
}

export interface VenueDetail extends VenueSummary {
  banjarCode: string | null;
  banjarName: string | null;
  desaAdatCode: string | null;
  desaAdatName: string | null;
  lat: number;
  lon: number;
  positionConfirmed: boolean;
  pointRegionCode: string | null;
  pointRegionName: string | null;
  openingHours: OpeningHours | null;
  contactName: string | null;
  contactPhone: string | null;
  statusReason: string | null;
  verifiedAt: string | null;
  managers: { userId: string; displayName: string }[];
  history: HistoryEntry[];
  posters: Poster[];
  selfAssessment: Assessment | null;
  inspections: Assessment[];
  complianceDetail: ComplianceDetail;
  permissions: { manage: boolean; correct: boolean; verify: boolean; inspect: boolean; selfAssess: boolean; poster: boolean };
}

export interface VenueInput {
  name: string;
  sector: string;
  type: string;
  regionCode: string;
  desaAdatCode?: string | null;
  address: string;
  lat: number;
  lon: number;
  positionConfirmed?: boolean;
  capacity: number;
  openingHours?: OpeningHours | null;
  indoor: boolean;
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface ChecklistItem {
  code: string;
  shortLabelId: string;
  shortLabelEn: string;
  labelId: string;
  labelEn: string;
  weight: number;
  mayBeNotApplicable: boolean;
  rules: string[];
  instruments: string[];
}

export interface Checklist {
  version: number;
  answers: string[];
  overallResults: string[];
  items: ChecklistItem[];
}

export interface SectorInfo {
  code: string;
  ordinal: number;
  labelId: string;
  labelEn: string;
  venueTypes: { code: string; labelId: string; labelEn: string }[];
}

export interface TodoItem {
  venue: VenueSummary;
  priority: number;
  reasons: { code: string; weight: number; params: Record<string, string | number> }[];
  lastInspection: { id: string; at: string; overallResult: string | null; followUpDate: string | null } | null;
}

export interface PublicVenueSummary {
  id: string;
  name: string;
  sector: string;
  sectorLabel: Label;
  type: string;
  typeLabel: Label;
  regionCode: string;
  regionName: string;
  address: string;
  compliance: { score: number | null; badge: Badge };
}

export interface PublicVenue extends Omit<PublicVenueSummary, 'compliance'> {
  status: VenueStatus;
  regionType: string;
  kecamatanName: string | null;
  capacity: number;
  indoor: boolean;
  openingHours: OpeningHours | null;
  zoneColour: string | null;
  rules: {
    restricted: boolean;
    open: boolean;
    closed: boolean;
    window: { from: string; until: string; crossesMidnight: boolean } | null;
    capacityPercent: number;
    maxVisitors: number;
    dineIn: boolean | null;
    maxVisitMinutes: number | null;
    closesAtLocal: string | null;
    opensAtLocal: string | null;
    reasonId: string | null;
    reasonEn: string | null;
    sources: { ruleSetId: string; legalBasis: string; kind: string }[];
  } | null;
  compliance: ComplianceDetail;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AnswerInput {
  item: string;
  answer: string;
  note?: string | null;
}

const enc = encodeURIComponent;

export const venuesApi = {
  signup: (body: { name: string; phone: string; email: string; password: string }) =>
    request<{ id: string; username: string }>('/venue-managers/signup', { method: 'POST', body }),
  me: (signal?: AbortSignal) => request<Me>('/me', { signal }),
  sectors: (signal?: AbortSignal) => request<SectorInfo[]>('/sectors', { signal }),
  checklist: (signal?: AbortSignal) => request<Checklist>('/prokes-checklist', { signal }),
  regionsOfType: (type: string, signal?: AbortSignal) => request<RegionSummary[]>('/regions', { query: { type }, signal }),
  locate: (lat: number, lon: number, signal?: AbortSignal) =>
    request<{ code: string; name: string; type: string }[]>('/venues/locate', { query: { lat, lon }, signal }),

  register: (body: VenueInput) => request<{ id: string; status: 'pending' }>('/venues', { method: 'POST', body }),
  mine: (signal?: AbortSignal) => request<VenueSummary[]>('/me/venues', { signal }),
  get: (id: string, signal?: AbortSignal) => request<VenueDetail>(`/venues/${enc(id)}`, { signal }),
  update: (id: string, body: Partial<VenueInput> & { reason?: string }) =>
    request<VenueDetail>(`/venues/${enc(id)}`, { method: 'PATCH', body }),
  decide: (id: string, decision: 'approve' | 'reject', reason: string) =>
    request<VenueDetail>(`/venues/${enc(id)}/verification`, { method: 'POST', body: { decision, reason: reason || null } }),
  suspend: (id: string, reason: string) => request<VenueDetail>(`/venues/${enc(id)}/suspension`, { method: 'POST', body: { reason } }),
  reactivate: (id: string, reason: string) => request<VenueDetail>(`/venues/${enc(id)}/reactivation`, { method: 'POST', body: { reason } }),
  reissuePoster: (id: string) => request<Poster>(`/venues/${enc(id)}/poster`, { method: 'POST' }),
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
    request<{ current: ComplianceDetail; history: { score: number | null; badge: Badge; trigger: string; computedAt: string }[] }>(`/venues/${enc(id)}/compliance`, { signal }),
  selfAssess: (id: string, body: { answers: AnswerInput[]; notes?: string | null }) =>
    request<{ id: string; fractionMet: number | null; notMet: string[] }>(`/venues/${enc(id)}/self-assessments`, { method: 'POST', body }),
  inspect: (id: string, body: { answers: AnswerInput[]; overallResult: string; notes?: string | null; followUpDate?: string | null }) =>
    request<{ id: string; compliance: ComplianceDetail }>(`/venues/${enc(id)}/inspections`, { method: 'POST', body }),
  queue: (region: string | undefined, signal?: AbortSignal) => request<VenueSummary[]>('/venues/verification-queue', { query: { region }, signal }),
  todo: (region: string | undefined, signal?: AbortSignal) => request<TodoItem[]>('/inspections/todo', { query: { region }, signal }),

  publicList: (query: { region?: string; sector?: string; q?: string; cursor?: string | null }, signal?: AbortSignal) =>
    request<Page<PublicVenueSummary>>('/public/venues', { query: { ...query, limit: 30 }, signal }),
  publicVenue: (id: string, signal?: AbortSignal) => request<PublicVenue>(`/public/venues/${enc(id)}`, { signal }),
};

// The tracing endpoints (issue #6). Shapes follow the server's response schemas (/openapi.json).
import { request } from '../../api/client';

const enc = encodeURIComponent;

export interface CaseItem {
  id: string;
  name: string;
  phone: string;
  nik: string | null;
  residenceCode: string;
  category: string;
  onsetDate: string | null;
  specimenDate: string | null;
  isolationStart: string | null;
  isolationEnd: string | null;
  episodeDate: string;
  sourceCaseId: string | null;
  createdAt: string;
}

export interface ContactItem {
  id: string;
  caseId: string;
  name: string;
  phone: string;
  followUpRegionCode: string;
  lastExposureAt: string;
  quarantineEnd: string;
  status: string;
  testResult: string | null;
  lastReportDate: string | null;
  reportedToday: boolean;
  missedDays: number;
  missedReport: boolean;
  lastReport: { date: string; symptomatic: boolean; symptoms: string[]; temperatureC: number | null } | null;
}

export interface CaseDetail extends CaseItem {
  window: { start: string; end: string };
  contacts: ContactItem[];
}

export interface Exposure {
  candidateId: string;
  name: string;
  phone: string;
  classification: 'close' | 'low';
  totalOverlapMinutes: number;
  lastExposureAt: string;
  status: string;
  reason: string | null;
  contactId: string | null;
  venues: { venueId: string; venueName: string; overlapMinutes: number; estimated: boolean }[];
}

export interface Clusters {
  clusters: { kind: string; key: string; name: string; size: number; from: string; to: string; caseIds: string[] }[];
  cases: { id: string; name: string; category: string; episodeDate: string; residenceCode: string }[];
  links: { caseId: string; sourceCaseId: string }[];
}

export interface CaseInput {
  name: string;
  phone: string;
  nik?: string;
  residenceCode: string;
  category: string;
  onsetDate?: string;
  specimenDate?: string;
  isolationStart?: string;
}

export const tracingApi = {
  cases: (signal?: AbortSignal) => request<CaseItem[]>('/cases', { signal }),
  register: (body: CaseInput) => request<{ id: string }>('/cases', { method: 'POST', body }),
  case: (id: string, signal?: AbortSignal) => request<CaseDetail>(`/cases/${enc(id)}`, { signal }),
  status: (id: string, category: string) => request<CaseItem>(`/cases/${enc(id)}/status`, { method: 'POST', body: { category } }),
  exposures: (id: string, signal?: AbortSignal) => request<Exposure[]>(`/cases/${enc(id)}/exposures`, { signal }),
  decide: (id: string, candidateId: string, body: { decision: 'confirm' | 'dismiss'; reason?: string }) =>
    request<{ status: string }>(`/cases/${enc(id)}/exposures/${enc(candidateId)}/decision`, { method: 'POST', body }),
  contacts: (signal?: AbortSignal) => request<ContactItem[]>('/contacts', { signal }),
  test: (id: string, body: { result: 'negative' | 'positive'; date: string; residenceCode?: string }) =>
    request<{ caseId: string | null }>(`/contacts/${enc(id)}/test`, { method: 'POST', body }),
  discharge: (id: string) => request<{ status: string }>(`/contacts/${enc(id)}/discharge`, { method: 'POST' }),
  clusters: (signal?: AbortSignal) => request<Clusters>('/clusters', { signal }),
  csvUrl: (id: string) => `/api/v1/cases/${enc(id)}/contacts.csv`,
};

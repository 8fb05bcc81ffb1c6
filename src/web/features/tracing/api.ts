// The tracing endpoints (issue #6). Shapes are the server's, from the generated OpenAPI types (src/web/api/schema.d.ts).
import { request } from '../../api/client';
import type { ApiBody, ApiResponse } from '../../api/types';

const enc = encodeURIComponent;

export type CaseItem = ApiResponse<'listCases'>[number];
export type CaseDetail = ApiResponse<'getCase'>;
export type ContactItem = ApiResponse<'listContacts'>[number];
export type Exposure = ApiResponse<'listCaseExposures'>[number];
export type Clusters = ApiResponse<'listClusters'>;
export type CaseInput = ApiBody<'registerCase'>;

export const tracingApi = {
  cases: (signal?: AbortSignal) => request<CaseItem[]>('/cases', { signal }),
  register: (body: CaseInput) => request<ApiResponse<'registerCase', 201>>('/cases', { method: 'POST', body }),
  case: (id: string, signal?: AbortSignal) => request<CaseDetail>(`/cases/${enc(id)}`, { signal }),
  status: (id: string, category: string) => request<ApiResponse<'changeCaseStatus'>>(`/cases/${enc(id)}/status`, { method: 'POST', body: { category } }),
  testReference: (id: string, testReference: string) =>
    request<ApiResponse<'setCaseTestReference'>>(`/cases/${enc(id)}/test-reference`, { method: 'POST', body: { testReference } }),
  requestSearch: (id: string, purpose: string) =>
    request<ApiResponse<'requestExposureSearch'>>(`/cases/${enc(id)}/exposure-search/request`, { method: 'POST', body: { purpose } }),
  approveSearch: (id: string) => request<ApiResponse<'approveExposureSearch'>>(`/cases/${enc(id)}/exposure-search/approve`, { method: 'POST' }),
  exposures: (id: string, signal?: AbortSignal) => request<Exposure[]>(`/cases/${enc(id)}/exposures`, { signal }),
  decide: (id: string, candidateId: string, body: ApiBody<'decideExposure'>) =>
    request<ApiResponse<'decideExposure'>>(`/cases/${enc(id)}/exposures/${enc(candidateId)}/decision`, { method: 'POST', body }),
  contacts: (signal?: AbortSignal) => request<ContactItem[]>('/contacts', { signal }),
  test: (id: string, body: ApiBody<'recordContactTest'>) =>
    request<ApiResponse<'recordContactTest'>>(`/contacts/${enc(id)}/test`, { method: 'POST', body }),
  discharge: (id: string) => request<ApiResponse<'dischargeContact'>>(`/contacts/${enc(id)}/discharge`, { method: 'POST' }),
  clusters: (signal?: AbortSignal) => request<Clusters>('/clusters', { signal }),
  csvUrl: (id: string) => `/api/v1/cases/${enc(id)}/contacts.csv`,
  fhirUrl: (id: string) => `/api/v1/cases/${enc(id)}/fhir`,
};

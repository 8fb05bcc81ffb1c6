// Health facilities (issue #16, self-screening): the list residents are shown with their screening result. Shapes from
// the generated OpenAPI types.
import { request } from '../../api/client';
import type { ApiBody, ApiResponse } from '../../api/types';

const enc = encodeURIComponent;

export type HealthFacility = ApiResponse<'listHealthFacilities'>[number];
export type FacilityBody = ApiBody<'createHealthFacility'>;
export type DayHours = FacilityBody['hours'][number];

export const facilitiesApi = {
  list: (signal?: AbortSignal) => request<HealthFacility[]>('/health-facilities', { signal }),
  create: (body: FacilityBody) => request<HealthFacility>('/health-facilities', { method: 'POST', body }),
  update: (id: string, body: FacilityBody) => request<HealthFacility>(`/health-facilities/${enc(id)}`, { method: 'PUT', body }),
  remove: (id: string) => request<undefined>(`/health-facilities/${enc(id)}`, { method: 'DELETE' }),
};

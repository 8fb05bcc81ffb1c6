// The newcomers' self-report (lapor diri, issue #15): the public form (no session) and the village officer's queue.
// Shapes from the generated OpenAPI types.
import { request } from '../../api/client';
import type { ApiBody, ApiResponse } from '../../api/types';

export type ArrivalInput = ApiBody<'reportArrival'>;
export type ArrivalReceipt = ApiResponse<'reportArrival', 201>;
export type ArrivalBatchInput = ApiBody<'reportArrivals'>;
export type ArrivalBatchReceipt = ApiResponse<'reportArrivals', 201>;
export type QueuedArrival = ApiResponse<'listArrivals'>[number];

export const arrivalsApi = {
  report: (body: ArrivalInput) => request<ArrivalReceipt>('/arrivals', { method: 'POST', body }),
  reportMany: (body: ArrivalBatchInput) => request<ArrivalBatchReceipt>('/arrivals/batch', { method: 'POST', body }),
  queue: (signal?: AbortSignal) => request<QueuedArrival[]>('/arrivals', { signal }),
  visit: (id: string, note: string) => request<QueuedArrival>(`/arrivals/${encodeURIComponent(id)}/visit`, { method: 'POST', body: note.trim() ? { note: note.trim() } : {} }),
};

// Border posts administration (issue #15): posts, their shifts and the daily counts. Shapes from the generated types.
import { request } from '../../api/client';
import type { ApiBody, ApiResponse } from '../../api/types';

const enc = encodeURIComponent;

export type BorderPost = ApiResponse<'listCheckpoints'>[number];
export type Shift = BorderPost['shifts'][number];
export type DailyCounts = ApiResponse<'checkpointDailyCounts'>;

export const borderPostsApi = {
  list: (signal?: AbortSignal) => request<BorderPost[]>('/checkpoints', { signal }),
  create: (body: ApiBody<'createCheckpoint'>) => request<ApiResponse<'createCheckpoint', 201>>('/checkpoints', { method: 'POST', body }),
  update: (id: string, body: ApiBody<'updateCheckpoint'>) => request<BorderPost>(`/checkpoints/${enc(id)}`, { method: 'PATCH', body }),
  daily: (id: string, date: string, signal?: AbortSignal) => request<DailyCounts>(`/checkpoints/${enc(id)}/daily`, { query: { date }, signal }),
};

// The home page's endpoint: the work waiting for the caller (GET /me/work), counted by the server in their scope.
import { request } from '../../api/client';
import type { ApiResponse } from '../../api/types';

export type WorkItem = ApiResponse<'getMyWork'>[number];
export type WorkKind = WorkItem['kind'];

export const homeApi = {
  work: (signal?: AbortSignal) => request<WorkItem[]>('/me/work', { signal }),
};

// Dashboards (issue #17): a region's panels for a period, one panel's CSV, and the event stream that asks the page to
// refetch. Shapes from the generated OpenAPI types.
import { API_BASE, ApiError, request } from '../../api/client';
import i18n from '../../i18n';
import type { ApiResponse } from '../../api/types';

export type Dashboard = ApiResponse<'getDashboard'>;
export type Panel = Dashboard['panels'][number];
export type Cell = Panel['rows'][number][number];

export interface DashboardQuery {
  region?: string;
  from?: string;
  to?: string;
}

function query(q: DashboardQuery): Record<string, string> {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v));
}

export const dashboardsApi = {
  get: (q: DashboardQuery, signal?: AbortSignal) => request<Dashboard>('/dashboards', { query: query(q), signal }),
  csvUrl: (id: string, q: DashboardQuery) => `${API_BASE}/dashboards/panels/${encodeURIComponent(id)}.csv?${new URLSearchParams(query(q)).toString()}`,
  eventsUrl: (region: string | undefined) => `${API_BASE}/dashboards/events${region ? `?region=${encodeURIComponent(region)}` : ''}`,
  async downloadCsv(id: string, q: DashboardQuery): Promise<void> {
    const response = await fetch(dashboardsApi.csvUrl(id, q), { headers: { 'Accept-Language': i18n.language || 'id' }, credentials: 'same-origin' });
    if (!response.ok) throw new ApiError({ status: response.status, type: 'about:blank' });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `${id}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

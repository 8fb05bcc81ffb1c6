// Screening referrals (issue #18): the answers residents chose to send to the puskesmas, for health tracers of the
// kecamatan. Shapes from the generated OpenAPI types.
import { request } from '../../api/client';
import type { ApiResponse } from '../../api/types';

export type ScreeningReferral = ApiResponse<'listScreeningReferrals'>[number];
export type ReferralStatus = 'open' | 'handled' | 'all';

export const referralsApi = {
  list: (filter: { region?: string; status?: ReferralStatus }, signal?: AbortSignal) =>
    request<ScreeningReferral[]>('/screening-referrals', { query: filter, signal }),
  markHandled: (id: string) => request<ScreeningReferral>(`/screening-referrals/${encodeURIComponent(id)}/handled`, { method: 'POST' }),
};

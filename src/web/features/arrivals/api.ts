// The newcomers' self-report (lapor diri, issue #15): public, no session. Shapes from the generated OpenAPI types.
import { request } from '../../api/client';
import type { ApiBody, ApiResponse } from '../../api/types';

export type ArrivalInput = ApiBody<'reportArrival'>;
export type ArrivalReceipt = ApiResponse<'reportArrival', 201>;

export const arrivalsApi = {
  report: (body: ArrivalInput) => request<ArrivalReceipt>('/arrivals', { method: 'POST', body }),
};

// The violation desk's endpoints (issue #15): the list in scope, a violation's detail, its photos and letters, and the
// task force's corrections. Shapes are the server's, from the generated OpenAPI types (src/web/api/schema.d.ts).
import { request } from '../../api/client';
import type { ApiBody, ApiQuery, ApiResponse } from '../../api/types';

const enc = encodeURIComponent;

export type ViolationPage = ApiResponse<'listViolations'>;
export type ViolationSummary = ViolationPage['items'][number];
export type ViolationDetail = ApiResponse<'getViolation'>;
export type ViolationSanction = ViolationDetail['sanctions'][number];
export type ViolationFilter = Pick<ApiQuery<'listViolations'>, 'region' | 'from' | 'to'>;
export type SanctionCorrection = ApiBody<'correctSanction'>;

/** Sanctions that are letters: the server renders them as PDF. */
export const LETTER_SANCTIONS: readonly string[] = ['teguran_tertulis', 'rekomendasi_pencabutan_izin'];

export const violationsApi = {
  list: (filter: ViolationFilter, cursor: string | null, signal?: AbortSignal) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
    if (cursor) query.set('cursor', cursor);
    query.set('limit', '50');
    return request<ViolationPage>(`/violations?${query.toString()}`, { signal });
  },
  get: (id: string, signal?: AbortSignal) => request<ViolationDetail>(`/violations/${enc(id)}`, { signal }),
  annulSanction: (id: string, reason: string) => request<ApiResponse<'annulSanction'>>(`/sanctions/${enc(id)}/annul`, { method: 'POST', body: { reason } }),
  correctSanction: (id: string, body: SanctionCorrection) => request<ApiResponse<'correctSanction'>>(`/sanctions/${enc(id)}/correct`, { method: 'POST', body }),
  photoUrl: (violationId: string, photoId: string) => `/api/v1/violations/${enc(violationId)}/photos/${enc(photoId)}`,
  letterUrl: (sanctionId: string) => `/api/v1/sanctions/${enc(sanctionId)}/letter.pdf`,
};

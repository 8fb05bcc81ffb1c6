// The resident's own space (Lindungi Diri, issue #16): the resident cookie, never the staff session. Shapes from the
// generated OpenAPI types.
import { request } from '../../api/client';
import type { ApiResponse } from '../../api/types';

export type ResidentMe = ApiResponse<'getResidentMe'>;
export type ResidentVisit = ApiResponse<'listResidentVisits'>[number];

export const citizenApi = {
  requestCode: (phone: string) => request<unknown>('/citizen/otp', { method: 'POST', body: { phone } }),
  signIn: (phone: string, code: string) => request<ResidentMe>('/citizen/session', { method: 'POST', body: { phone, code } }),
  me: (signal?: AbortSignal) => request<ResidentMe>('/citizen/me', signal ? { signal } : {}),
  /** Whether a resident is signed in: 200 either way. */
  session: (signal?: AbortSignal) => request<ApiResponse<'getResidentSession'>>('/citizen/session', signal ? { signal } : {}),
  visits: (signal?: AbortSignal) => request<ResidentVisit[]>('/citizen/me/visits', signal ? { signal } : {}),
  signOut: () => request<undefined>('/citizen/session/end', { method: 'POST' }),
};

// Thin fetch wrapper for the Jaga Baya API.
// - the session lives in an httpOnly cookie, so every request is sent with credentials: 'same-origin';
// - Accept-Language follows the UI language, so problem details come back in the user's language;
// - errors (RFC 9457 application/problem+json) become a typed ApiError that forms use to show
//   messages next to the offending fields.
import i18n from '../i18n';
import type {
  ApiResponse,
  AuditEntry,
  AuditQuery,
  CreateRegionRequest,
  CreateUserRequest,
  LoginResponse,
  Me,
  NewAssignment,
  Page,
  PublicConfig,
  RegionDetail,
  RegionFeatureCollection,
  RecoveryCodes,
  RegionSummary,
  Role,
  SignedIn,
  TwoFactorEnrolment,
  TwoFactorPolicy,
  TwoFactorStatus,
  UpdateUserRequest,
  UserItem,
} from './types';

export const API_BASE = '/api/v1';

export interface ProblemFieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem, or a stand-in for a response that was not one (status 0 = no response at all). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: ProblemFieldError[];
  /** Field errors keyed by normalised field path ("username", "assignments.0.regionCode"). */
  readonly fieldErrors: Readonly<Record<string, string>>;

  constructor(init: {
    status: number;
    type?: string | undefined;
    title?: string | undefined;
    detail?: string | undefined;
    errors?: ProblemFieldError[] | undefined;
  }) {
    super(init.detail ?? init.title ?? `HTTP ${init.status}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.title = init.title ?? '';
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    const byField: Record<string, string> = {};
    for (const e of this.errors) {
      const key = normaliseField(e.field);
      // Keep the first message per field: it is usually the most specific.
      if (!(key in byField)) byField[key] = e.message;
    }
    this.fieldErrors = byField;
  }

  /** True when the request never got an HTTP answer (offline, DNS, server down). */
  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /**
   * Field errors whose key is not in `known`: forms show these above the submit button, each named as a person reads
   * it (`labelOf`: "Alasan", never the API's "reason").
   */
  unmatchedFieldErrors(known: readonly string[], labelOf: (field: string) => string): string[] {
    return Object.entries(this.fieldErrors)
      .filter(([field]) => !known.includes(field))
      .map(([field, message]) => (field && !field.startsWith('(') ? `${labelOf(field)}: ${message}` : message));
  }
}

/**
 * Field names may arrive as JSON pointers ("/assignments/0/role"), dotted paths, bracketed
 * indices ("assignments[0].role") or with a "body" prefix; reduce them all to "assignments.0.role".
 */
export function normaliseField(field: string): string {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+|\.+$/g, '')
    .replace(/^body\./, '');
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;

/** The session registers here: a 401 on any ordinary request means the session is gone. */
export function setUnauthorizedListener(listener: UnauthorizedListener | null): void {
  onUnauthorized = listener;
}

/** Requests whose 401 is an answer about the input, not about the session. */
// The resident's routes answer 401 for the resident cookie: never a reason to drop the staff session.
const NO_SESSION_CHECK = new Set(['/auth/login', '/auth/login/second-factor', '/me/password']);
/** A resident's 401 (the resident cookie, citizen module) says nothing about the staff session. */
const noSessionCheck = (path: string) => NO_SESSION_CHECK.has(path) || path.startsWith('/citizen/');

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal | undefined;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal } = options;
  let url = API_BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }

  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': i18n.language || 'id',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new ApiError({ status: 0, type: 'about:network-error' });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !noSessionCheck(path)) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204 || response.status === 205) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function toApiError(response: Response): Promise<ApiError> {
  const contentType = response.headers.get('Content-Type') ?? '';
  if (contentType.includes('json')) {
    try {
      const raw: unknown = await response.json();
      if (raw && typeof raw === 'object') {
        const p = raw as Record<string, unknown>;
        return new ApiError({
          status: response.status,
          type: str(p['type']),
          title: str(p['title']) ?? response.statusText,
          detail: str(p['detail']),
          errors: parseFieldErrors(p['errors']),
        });
      }
    } catch {
      // fall through: not valid JSON
    }
  }
  return new ApiError({ status: response.status, title: response.statusText });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseFieldErrors(value: unknown): ProblemFieldError[] {
  if (!Array.isArray(value)) return [];
  const out: ProblemFieldError[] = [];
  for (const item of value) {
    if (item && typeof item === 'object') {
      const e = item as Record<string, unknown>;
      const message = str(e['message']);
      if (message) out.push({ field: str(e['field']) ?? '', message });
    }
  }
  return out;
}

const enc = encodeURIComponent;

/** One function per endpoint of the contract. */
export const api = {
  login: (username: string, password: string) =>
    request<LoginResponse>('/auth/login', { method: 'POST', body: { username, password } }),
  loginSecondFactor: (challenge: string, code: string) =>
    request<SignedIn>('/auth/login/second-factor', { method: 'POST', body: { challenge, code } }),
  logout: () => request<void>('/auth/logout', { method: 'POST' }),
  me: (signal?: AbortSignal) => request<Me>('/me', { signal }),
  /** Who is signed in: 200 either way, so loading a page anonymously logs no 401. */
  session: (signal?: AbortSignal) => request<{ signedIn: boolean; me?: Me }>('/session', { signal }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('/me/password', { method: 'POST', body: { currentPassword, newPassword } }),
  myTwoFactor: (signal?: AbortSignal) => request<TwoFactorStatus>('/me/two-factor', { signal }),
  startTwoFactorEnrolment: () => request<TwoFactorEnrolment>('/me/two-factor/enrolment', { method: 'POST' }),
  confirmTwoFactorEnrolment: (code: string) =>
    request<RecoveryCodes>('/me/two-factor/enrolment/confirm', { method: 'POST', body: { code } }),
  regenerateRecoveryCodes: (code: string) =>
    request<RecoveryCodes>('/me/two-factor/recovery-codes', { method: 'POST', body: { code } }),
  disableTwoFactor: (password: string, code: string) =>
    request<void>('/me/two-factor/disable', { method: 'POST', body: { password, code } }),
  twoFactorPolicy: (signal?: AbortSignal) => request<TwoFactorPolicy>('/two-factor/policy', { signal }),
  setTwoFactorPolicy: (requiredRoles: Role[]) =>
    request<TwoFactorPolicy>('/two-factor/policy', { method: 'PUT', body: { requiredRoles } }),

  publicConfig: (signal?: AbortSignal) => request<PublicConfig>('/config/public', { signal }),

  regions: (filter: { parent?: string; type?: string } = {}, signal?: AbortSignal) =>
    request<RegionSummary[]>('/regions', { query: filter, signal }),
  region: (code: string, signal?: AbortSignal) => request<RegionDetail>(`/regions/${enc(code)}`, { signal }),
  regionGeoJson: (level: 'kecamatan' | 'village', signal?: AbortSignal) =>
    request<RegionFeatureCollection>('/regions/geojson', { query: { level }, signal }),
  createRegion: (body: CreateRegionRequest) => request<ApiResponse<'addRegion', 201>>('/regions', { method: 'POST', body }),

  users: (cursor: string | null, limit: number, signal?: AbortSignal, filter: { q?: string; role?: string; region?: string } = {}) =>
    request<Page<UserItem>>('/users', { query: { cursor, limit, q: filter.q || undefined, role: filter.role || undefined, region: filter.region || undefined }, signal }),
  createUser: (body: CreateUserRequest) => request<ApiResponse<'createUser', 201>>('/users', { method: 'POST', body }),
  updateUser: (id: string, body: UpdateUserRequest) =>
    request<UserItem>(`/users/${enc(id)}`, { method: 'PATCH', body }),
  addAssignment: (userId: string, body: NewAssignment) =>
    request<ApiResponse<'addAssignment', 201>>(`/users/${enc(userId)}/assignments`, { method: 'POST', body }),
  resetUserTwoFactor: (userId: string) => request<void>(`/users/${enc(userId)}/two-factor/reset`, { method: 'POST' }),
  removeAssignment: (userId: string, assignmentId: string) =>
    request<void>(`/users/${enc(userId)}/assignments/${enc(assignmentId)}`, { method: 'DELETE' }),

  audit: (query: AuditQuery, signal?: AbortSignal) =>
    request<Page<AuditEntry>>('/audit', { query: { ...query }, signal }),
};

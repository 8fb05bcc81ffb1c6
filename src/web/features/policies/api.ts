// Client functions for the zones, rules and village PKM endpoints.
import { API_BASE, request } from '../../api/client';
import type { ApiBody, ApiResponse } from '../../api/types';
import type {
  PkmApplication,
  PkmInput,
  RuleSet,
  RuleSetInput,
  RulesInForce,
  SectorInfo,
  ThresholdsVersion,
  ZoneEntry,
  ZoneHistory,
} from './types';

const enc = encodeURIComponent;

export const policiesApi = {
  sectors: (signal?: AbortSignal) => request<SectorInfo[]>('/sectors', { signal }),
  zones: (date: string | undefined, signal?: AbortSignal) => request<ZoneEntry[]>('/zones', { query: { date }, signal }),
  zoneHistory: (code: string, range: { from?: string; to?: string }, signal?: AbortSignal) =>
    request<ZoneHistory>(`/zones/${enc(code)}/history`, { query: range, signal }),
  recordActiveCases: (body: ApiBody<'recordActiveCases'>) => request<ApiResponse<'recordActiveCases'>>('/zones/active-cases', { method: 'POST', body }),
  recordActiveCasesBulk: (body: ApiBody<'recordActiveCasesBulk'>) =>
    request<ApiResponse<'recordActiveCasesBulk'>>('/zones/active-cases/bulk', { method: 'POST', body }),
  thresholds: (signal?: AbortSignal) => request<ThresholdsVersion[]>('/zone-thresholds', { signal }),
  createThresholds: (body: ApiBody<'createZoneThresholds'>) =>
    request<ThresholdsVersion>('/zone-thresholds', { method: 'POST', body }),
  inForce: (query: { region: string; sector: string; venueType?: string | undefined; at?: string | undefined }, signal?: AbortSignal) =>
    request<RulesInForce>('/rules/in-force', { query, signal }),

  ruleSets: (query: { status?: string | undefined }, signal?: AbortSignal) => request<RuleSet[]>('/rule-sets', { query, signal }),
  ruleSet: (id: string, signal?: AbortSignal) => request<RuleSet>(`/rule-sets/${enc(id)}`, { signal }),
  createRuleSet: (body: RuleSetInput) => request<RuleSet>('/rule-sets', { method: 'POST', body }),
  updateRuleSet: (id: string, body: RuleSetInput) => request<RuleSet>(`/rule-sets/${enc(id)}`, { method: 'PUT', body }),
  deleteRuleSet: (id: string) => request<void>(`/rule-sets/${enc(id)}`, { method: 'DELETE' }),
  ruleSetAction: (id: string, action: 'copy' | 'publish' | 'retire') => request<RuleSet>(`/rule-sets/${enc(id)}/${action}`, { method: 'POST' }),

  applications: (query: { status?: string | undefined }, signal?: AbortSignal) => request<PkmApplication[]>('/pkm-applications', { query, signal }),
  overdue: (signal?: AbortSignal) => request<PkmApplication[]>('/pkm-applications/overdue-evaluations', { signal }),
  application: (id: string, signal?: AbortSignal) => request<PkmApplication>(`/pkm-applications/${enc(id)}`, { signal }),
  createApplication: (body: PkmInput) => request<PkmApplication>('/pkm-applications', { method: 'POST', body }),
  updateApplication: (id: string, body: PkmInput) => request<PkmApplication>(`/pkm-applications/${enc(id)}`, { method: 'PUT', body }),
  applicationAction: (id: string, path: string, body: Record<string, unknown> = {}) =>
    request<PkmApplication>(`/pkm-applications/${enc(id)}/${path}`, { method: 'POST', body }),
  letterUrl: (id: string) => `${API_BASE}/pkm-applications/${enc(id)}/letter.pdf`,
};

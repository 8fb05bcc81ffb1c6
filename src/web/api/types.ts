// Data shapes of the Jaga Baya HTTP API (/api/v1), as the web client sees them.
// Keep in step with the server's response schemas (see /openapi.json).

// One list with the server: a dependency-free module of its own.
export { ROLES, isRole, type Role } from '../../common/roles';

export const REGION_TYPES = ['kota', 'kecamatan', 'desa', 'kelurahan', 'banjar', 'desa_adat'] as const;
export type RegionType = (typeof REGION_TYPES)[number];

export function isRegionType(value: string): value is RegionType {
  return (REGION_TYPES as readonly string[]).includes(value);
}

/** Desa and kelurahan: the 43 villages of the city, the level drawn on the map. */
export function isVillageType(type: string): boolean {
  return type === 'desa' || type === 'kelurahan';
}

export interface Assignment {
  id: string;
  /** One of {@link ROLES}; typed as string so that a role added on the server does not break the client. */
  role: string;
  regionCode: string;
  regionName: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  assignments: Assignment[];
  permissions: string[];
}

export interface LoginResponse {
  user: Me;
}

export interface RegionSummary {
  code: string;
  name: string;
  type: string;
  parentCode: string | null;
}

export interface RegionRef {
  code: string;
  name: string;
  type: string;
}

export interface RegionDetail extends RegionSummary {
  population: number | null;
  centroid: { lat: number; lon: number } | null;
  ancestors: RegionRef[];
  overlaps: RegionRef[];
}

export interface RegionFeatureProperties {
  code: string;
  name: string;
  type: string;
  parentCode: string | null;
}

/** Minimal GeoJSON types (the map hands the object to Leaflet unchanged). */
export interface RegionFeature {
  type: 'Feature';
  properties: RegionFeatureProperties;
  geometry: { type: string; coordinates: unknown } | null;
}

export interface RegionFeatureCollection {
  type: 'FeatureCollection';
  features: RegionFeature[];
}

export interface CreateRegionRequest {
  name: string;
  type: 'banjar';
  parentCode: string;
  code?: string;
}

export interface PublicConfig {
  cityName: string;
  timeZone: string;
  tileUrl: string | null;
  tileAttribution: string | null;
}

export interface UserItem {
  id: string;
  username: string;
  displayName: string;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
  assignments: Assignment[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface NewAssignment {
  role: string;
  regionCode: string;
}

export interface CreateUserRequest {
  username: string;
  password: string;
  displayName: string;
  assignments: NewAssignment[];
}

export interface UpdateUserRequest {
  displayName?: string;
  disabled?: boolean;
  password?: string;
}

export interface AuditEntry {
  id: string;
  /** ISO-8601 with offset. */
  at: string;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditQuery {
  cursor?: string | undefined;
  limit?: number | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
}

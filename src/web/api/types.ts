// Data shapes of the Jaga Baya HTTP API (/api/v1), as the web client sees them. The shapes the server declares come
// from its OpenAPI document through the generated ./schema.d.ts (`npm run gen:api`; `npm test` fails when it is
// stale), named here by operationId; only what the server does not declare (GeoJSON, paging helpers) is written by hand.
import type { components, operations } from './schema';

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

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON an operation answers with (for status 200 unless another is given). */
export type ApiResponse<Op extends keyof operations, Status extends keyof operations[Op]['responses'] = 200 & keyof operations[Op]['responses']> =
  JsonContent<operations[Op]['responses'][Status]>;

/** The JSON body an operation takes. */
export type ApiBody<Op extends keyof operations> = JsonContent<operations[Op]['requestBody']>;

/** The query parameters an operation takes. */
export type ApiQuery<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

/** A schema the server names (a TypeBox schema with a `title`, see src/server/plugins/openapi.ts). */
export type ApiSchema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** An RFC 9457 problem document: what every 4xx/5xx answer carries. */
export type Problem = ApiSchema<'Problem'>;

export type Me = ApiSchema<'Me'>;
export type Assignment = ApiSchema<'Assignment'>;
/** Signed in (`user`), or the second step is due (`secondFactor`). */
export type LoginResponse = ApiResponse<'logIn'>;
export type SignedIn = ApiResponse<'logInSecondFactor'>;
export type TwoFactorStatus = ApiSchema<'TwoFactorStatus'>;
export type TwoFactorEnrolment = ApiSchema<'TwoFactorEnrolment'>;
export type RecoveryCodes = ApiSchema<'RecoveryCodes'>;
export type TwoFactorPolicy = ApiSchema<'TwoFactorPolicy'>;

export type RegionSummary = ApiResponse<'listRegions'>[number];
export type RegionDetail = ApiResponse<'getRegion'>;
export type RegionRef = RegionDetail['ancestors'][number];

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

/** One page of a cursor-paged list (the users and audit lists, the public venue list). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type CreateRegionRequest = ApiBody<'addRegion'>;
export type PublicConfig = ApiResponse<'getPublicConfig'>;

export type UserItem = ApiSchema<'User'>;
export type NewAssignment = ApiBody<'addAssignment'>;
export type CreateUserRequest = ApiBody<'createUser'>;
export type UpdateUserRequest = ApiBody<'updateUser'>;

export type AuditEntry = ApiResponse<'listAuditEvents'>['items'][number];
export type AuditQuery = Partial<ApiQuery<'listAuditEvents'>>;

// Shapes of the zones, rule-set and village PKM endpoints: the server's (policies.schemas.ts), from the generated
// OpenAPI types (src/web/api/schema.d.ts), named by operationId. The value lists below drive the UI's pickers and
// labels; where the server's schema declares a plain string for one of them, the type narrows it (marked).
import type { ApiBody, ApiQuery, ApiResponse, ApiSchema } from '../../api/types';

export type ZoneColour = ApiSchema<'ZoneEntry'>['colour'];
export const ZONE_COLOURS = ['green', 'yellow', 'orange', 'red'] as const satisfies readonly ZoneColour[];

/** The statuses the PKM list filters by (the server's enum). */
export type PkmStatus = NonNullable<ApiQuery<'listPkmApplications'>['status']>;
export const PKM_STATUSES = ['DRAFT', 'SUBMITTED', 'UNDER_REVIEW', 'RETURNED', 'RECOMMENDED', 'APPROVED', 'REJECTED', 'ACTIVE', 'ENDED'] as const satisfies readonly PkmStatus[];
type RuleSetStatus = NonNullable<ApiQuery<'listRuleSets'>['status']>;

/** `T` with some fields narrowed. */
type Narrowed<T, Fields> = Omit<T, keyof Fields> & Fields;

export type ZoneEntry = ApiSchema<'ZoneEntry'>;
type ZoneHistoryReply = ApiResponse<'getZoneHistory'>;
/** Narrowed: the server declares a day's colour as a string. */
export type ZoneHistory = Narrowed<ZoneHistoryReply, { days: Narrowed<ZoneHistoryReply['days'][number], { colour: ZoneColour }>[] }>;
export type ThresholdsVersion = ApiResponse<'listZoneThresholds'>[number];

export type SectorInfo = ApiSchema<'Sector'>;
export type VenueTypeInfo = SectorInfo['venueTypes'][number];

export type RulesInForce = ApiResponse<'getRulesInForce'>;
export type LocalWindow = RulesInForce['windows'][number];

/** Narrowed: the server declares a rule set's kind and status as strings. */
export type RuleSet = Narrowed<ApiSchema<'RuleSet'>, { kind: ApiBody<'createRuleSet'>['kind']; status: RuleSetStatus }>;
/** A rule as the server answers it and as the editors hold it (codes as strings; the server validates what is sent). */
export type Rule = RuleSet['rules'][number];
/** The rule-set form: the server's body with the rules as the editor holds them. */
export type RuleSetInput = Narrowed<ApiBody<'createRuleSet'>, { rules: Rule[] }>;

/** Narrowed: the server declares the status as a string. */
export type PkmApplication = Narrowed<ApiSchema<'PkmApplication'>, { status: PkmStatus }>;
export type PkmAction = PkmApplication['allowedActions'][number];
/** The PKM form: the server's body with the rules as the editor holds them. */
export type PkmInput = Narrowed<ApiBody<'createPkmApplication'>, { rules: Rule[] }>;

/**
 * THE FRONT DOOR of the policies area: everything other modules, app.ts, main.ts, cli.ts (and tests, bench) may use.
 * Nothing outside the module imports another file of it.
 */
export { createPoliciesService, type PoliciesDeps, type PoliciesService } from './policies.service.js';
export { policiesRoutes } from './policies.routes.js';
export { registerPoliciesJobs } from './policies.jobs.js';
export { ensureDefaultPolicies } from './policies.bootstrap.js';

// What the check-in path and venues ask: the rules in force for a venue, and their answer's shape.
export { REVISION_CHECK_MS, type InForceQuery } from './rules-in-force.service.js';
export type { RulesInForce } from './resolve-rules.js';
export { isZoneColour, ZONE_COLOUR_LABELS, type ZoneColour } from './zone-colour.js';
export { ACTIVE_CASE_SOURCES, type ActiveCaseSource } from './zone-computation.js';

// Inputs of the API, for callers that build them.
export type { RuleSetInput } from './rule-sets.service.js';
export type { PkmInput } from './pkm-applications.service.js';
export type { RuleInput } from './policies.shared.js';

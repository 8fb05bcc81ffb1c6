/**
 * THE FRONT DOOR of the policies area: what other modules, app.ts, main.ts, cli.ts (and tests, bench) use.
 * Nothing outside the module imports another file of it. Add an export here when another module needs it.
 */
export { createPoliciesService, type PoliciesService } from './policies.service.js';
export { policiesRoutes } from './policies.routes.js';
// The public zone page GET /zona, drawn by the server (issue #17).
export { publicZonesPageRoutes } from './public-zones-page.routes.js';
export { registerPoliciesJobs } from './policies.jobs.js';
export { ensureDefaultPolicies } from './policies.bootstrap.js';

// What the check-in path and venues ask (services.policies.inForce), and the shape of its answer.
export type { InForceQuery } from './rules-in-force.service.js';
export type { RulesInForce } from './resolve-rules.js';
// The check-in page names the zone colour of the day.
export { isZoneColour, ZONE_COLOUR_LABELS } from './zone-colour.js';
// The steps of a PKM someone must act on next: app.ts hands them to the notifications module.
export type { PkmStepEvent } from './pkm-transitions.js';
// The zone history per desa and day, read by the open data (issue #17).
export { createZoneHistoryReader, type ZoneHistoryReader } from './zone-history.repository.js';
// Dashboards and the weekly report (issue #17): zone and PKM figures in a region.
export { evaluationsBetween, pkmFigures, zoneHistoryCounts, zoneHistoryOfDesa, zonesOn, type ZoneOfDesa } from './policies-stats.repository.js';

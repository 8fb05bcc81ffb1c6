/* The enforcement module's front door: what app.ts and other modules may use. */
export { createEnforcementService, type EnforcementService } from './enforcement.service.js';
export { enforcementRoutes } from './enforcement.routes.js';
export type { SanctionLaddersTable, SanctionsTable, ViolationsTable } from './enforcement.table.js';
export { createEnforcementPersonRecords, VIOLATION_WINDOW_MONTHS, type EnforcementPersonRecords, type PersonViolation } from './person-records.js';
// The daily roll-up of violations per desa (issue #17).
export { createViolationRollups, type ViolationRollups } from './violation-rollups.js';
// Dashboards and the weekly report (issue #17): enforcement figures in a region.
export { checksByResult, violationsByOffenceAndTeam } from './enforcement-stats.repository.js';

/*
 * The front door of the tracing module: what app.ts, main.ts and other modules may use. Nothing outside the module
 * imports another file of it.
 */
import { encryptText } from '../../shared/crypto.js';
import { tracingKeys } from './tracing.keys.js';
export { createTracingService, type TracingDeps, type TracingService } from './tracing.service.js';
export { tracingRoutes, type TracingRoutesOptions } from './tracing.routes.js';
export { followUpPageRoutes } from './follow-up-page.routes.js';
export type { SelfIsolationInput, SelfIsolationView } from './self-isolation.service.js';
export { registerTracingJobs } from './tracing.jobs.js';
export { tracingSettingsFromEnv, DEFAULT_TRACING_SETTINGS, type TracingSettings } from './tracing.rules.js';
export type { EnqueueFn, OutboxMessage } from './tracing.outbox.js';
export type { CasesTable, ContactReportsTable, ContactsTable, ExposureCandidatesTable, ExposureSearchesTable, TracingVolumeAlertsTable, VenueNoticesTable } from './tracing.table.js';
export { createTracingPersonRecords, type PersonCase, type PersonContact, type TracingPersonRecords } from './person-records.js';

// The synthetic city (modules/synth): cases written in bulk, name and phone sealed as registration seals them.
export { insertCasesBulk } from './tracing.bulk.repository.js';
export function caseSealer(secretKey: Buffer): (value: string) => string {
  const { dataKey } = tracingKeys(secretKey);
  return (value) => encryptText(dataKey, value);
}
// The daily roll-up of new cases per desa (issue #17).
export { createCaseRollups, rebuildCaseRollups, type CaseRollups } from './case-rollups.js';
// Dashboards and the weekly report (issue #17): case figures in a region.
export { activeCasesByResidence, casesByOnset, desaClusters } from './tracing-stats.repository.js';

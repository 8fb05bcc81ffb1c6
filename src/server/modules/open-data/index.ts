/*
 * The open-data module's front door (issue #17): public daily figures per desa, kecamatan and kota. It reads the
 * roll-ups through their owners' front doors (checkins, tracing, enforcement, venues, policies' zone history) and
 * suppresses small counts (open-data-rows.ts); its one table holds the settled days' published text
 * (open-data.repository.ts), rewritten hourly by its job.
 */
export { createOpenDataService, type OpenDataService, type OpenDataSources, MAX_RANGE_DAYS } from './open-data.service.js';
export { openDataRoutes, openDataPageRoutes } from './open-data.routes.js';
export { createOpenDataDays, forgetPublishedOpenData } from './open-data.repository.js';
export { registerOpenDataJobs } from './open-data.jobs.js';

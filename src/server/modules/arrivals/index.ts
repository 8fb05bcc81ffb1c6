/* The front door of the arrivals module (newcomers' self-reports, lapor diri). */
export { ARRIVAL_RETENTION_DAYS, createArrivalsService, type ArrivalsService, SELF_ISOLATION_DAYS } from './arrivals.service.js';
export { arrivalsRoutes } from './arrivals.routes.js';
// The newcomer's self-report as a server page without script (GET/POST /lapor-diri, issue #17).
export { arrivalReportPageRoutes } from './arrival-report-page.routes.js';
export { registerArrivalJobs } from './arrivals.jobs.js';
export type { ArrivalsTable } from './arrivals.table.js';
export { createArrivalPersonRecords, type ArrivalPersonRecords, type PersonArrival } from './person-records.js';
// Dashboards and the weekly report (issue #17): newcomers in self-isolation in a region.
export { newcomersInIsolation } from './arrivals-stats.repository.js';

/* The front door of the reports module (issue #17): the weekly evaluation report and its e-mail subscriptions. */
export { createReportsService, type ReportsService } from './weekly-report.service.js';
export { reportsRoutes } from './reports.routes.js';
export { registerReportJobs, MONDAY_0800 } from './reports.jobs.js';
export { isoWeekDates, isoWeekOf, previousIsoWeek } from './iso-week.js';
export type { WeeklyReportSubscriptionsTable } from './reports.table.js';

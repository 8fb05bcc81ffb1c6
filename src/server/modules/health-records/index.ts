/* The front door of the health-records module (vaccinations and test results entered by health staff, issue #16). */
export { createHealthRecordsService, type HealthRecordsService } from './health-records.service.js';
export { healthRecordsRoutes } from './health-records.routes.js';
export { createHealthPersonRecords, type HealthPersonRecords, type PersonTestResult, type PersonVaccination } from './person-records.js';
export type { TestResultsTable, VaccinationsTable } from './health-records.table.js';

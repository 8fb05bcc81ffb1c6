/* The front door of the operations module: health, readiness and metrics, the job-run claims, and the public settings the web app reads. */
export { createOperationsService, type OperationsService } from './operations.service.js';
export { listJobRuns } from './job-runs.repository.js';
export { healthRoutes, publicConfigRoutes } from './operations.routes.js';

/* The front door of the operations module: the health check and the public settings the web app reads. */
export { createOperationsService, type OperationsService } from './operations.service.js';
export { healthRoutes, publicConfigRoutes } from './operations.routes.js';

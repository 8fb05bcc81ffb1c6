/* The front door of the audit module: what app.ts and other modules may use. */
export { recordAudit, recordListRead, createAuditService, type AuditEvent, type AuditService } from './audit.service.js';
export { auditRoutes } from './audit.routes.js';
export type { AuditLogTable } from './audit.table.js';

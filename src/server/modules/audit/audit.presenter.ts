import { toIso } from '../../shared/clock.js';
import type { AuditLogTable } from './audit.table.js';

/** An audit entry as the API shows it (the request id stays on the server). */
export function auditEntryReply(e: AuditLogTable, timeZone: string) {
  return {
    id: e.id,
    at: toIso(e.at, timeZone),
    actorUsername: e.actor_username,
    action: e.action,
    entityType: e.entity_type,
    entityId: e.entity_id,
    regionCode: e.region_code,
    ip: e.ip,
    details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null,
  };
}

export interface AuditLogTable {
  id: string;
  at: number;
  actor_user_id: string | null;
  actor_username: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  region_code: string | null;
  ip: string | null;
  request_id: string | null;
  /** JSON text. */
  details: string | null;
}

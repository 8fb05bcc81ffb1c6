export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  password_changed_at: number;
  created_at: number;
  created_by: string | null;
}

export interface RoleAssignmentsTable {
  id: string;
  user_id: string;
  role: string;
  region_code: string;
  created_at: number;
  created_by: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
}

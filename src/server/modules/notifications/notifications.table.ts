export type NotificationChannel = 'sms' | 'email' | 'inbox';
export type NotificationStatus = 'queued' | 'sent' | 'failed';

/** The outbox: one row per message, written in the transaction of the event that causes it. */
export interface NotificationsTable {
  id: string;
  channel: NotificationChannel;
  /** Unique: the same event enqueued twice is stored (and sent) once. */
  dedupe_key: string;
  /** The check-in person key (keyed hash of the phone, as visits.person_key): finds the device inbox's messages. */
  person_key: string | null;
  /**
   * The region of the event that caused the message (a contact's SMS: the case's residence; a venue notice: the
   * venue's region); null for a city-level message (sign-up mails, alerts to the administrators). The operator view
   * shows and retries a message only within the caller's scope; a city-level one only to the whole city's scope.
   */
  region_code: string | null;
  /** AES-256-GCM under a key derived from the instance key (purpose "notifications:data"). */
  recipient_enc: string;
  subject_enc: string | null;
  body_enc: string;
  lang: 'id' | 'en';
  status: NotificationStatus;
  /** Delivery attempts started (a claim counts one). */
  attempts: number;
  /** Due time of the next attempt (back-off moves it). */
  next_attempt_at: number;
  /** A worker holds the message until then; an expired lease (process died) lets another worker take it. */
  lease_until: number | null;
  lease_token: string | null;
  /** The last delivery error, without personal data ("HTTP 500", "timeout after 5000 ms"). */
  last_error: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  /** An in-app message to a staff account (GET /me/notifications); null for messages to people by phone or e-mail. */
  user_id: string | null;
  /** What happened, for an account's message (`venue_verified`, `pkm_returned` …): the catalogue's `notifications.staff.<kind>`. */
  kind: string | null;
  /** The text's parameters (JSON), sealed like the body: the list renders the kind in the reader's current language. */
  params_enc: string | null;
  /** When the account marked it read. */
  read_at: number | null;
}

export interface VisitsTable {
  id: string;
  venue_id: string;
  /** Keyed hash of the normalised phone: finds a person's visits without storing the number in clear. */
  person_key: string;
  /** Name and phone sealed together, AES-256-GCM under the instance key (visit-person.ts); null on visits of before. */
  person_enc: string | null;
  /** Visits written before migration 08: name and phone sealed apart (read by visit-person.ts). */
  name_enc: string | null;
  phone_enc: string | null;
  /** sha256 of the check-out secret held by the visitor's device; null for desk and paper entries. */
  secret_hash: string | null;
  t_in: number;
  t_out: number | null;
  /** How the visit ended: checkout | switch (checked in elsewhere) | auto (usual stay passed) | staff | paper. */
  out_kind: string | null;
  /** 1 when t_out is an estimate (auto-close, or a paper line without a time out). */
  estimated: number;
  /** qr | desk | paper | offline (a QR check-in made with no signal, sent later with the phone's time). */
  source: string;
  /** An offline check-in's key, chosen by the phone (unique): a replay finds the stored visit. Null otherwise. */
  client_key?: string | null;
  /** 1 when an offline check-in arrived for a time at which the venue was already full (it is never refused for that). */
  over_capacity?: number;
  entered_by: string | null;
  region_code: string;
  created_at: number;
}

export interface VenueOccupancyTable {
  venue_id: string;
  current: number;
  updated_at: number;
}

/** Refused or failed check-ins: evidence for the task force (a venue serving after closing time). */
export interface CheckinAttemptsTable {
  id: string;
  at: number;
  venue_id: string | null;
  region_code: string | null;
  reason: string;
  detail: string | null;
}

export interface VisitRatingsTable {
  visit_id: string;
  venue_id: string;
  region_code: string;
  masks: number;
  handwashing: number;
  distancing: number;
  temperature: number;
  cleanliness: number;
  /** Free text may name people: cleared when the visit itself is purged; the scores stay, anonymous. */
  comment: string | null;
  at: number;
  /** 'counted' (public badge, inspection list) or 'held' for review: part of a burst (checkins.ratings.ts). */
  status: string;
  /** 'address_burst' | 'fresh_burst' when held. */
  held_reason: string | null;
  /** The visit's person (keyed phone hash) and the local day: one rating per person, venue and day. Null once purged. */
  person_key: string | null;
  local_day: string | null;
  /** Keyed hash of the rater's address (burst detection); null once purged. */
  origin_key: string | null;
  /** 1 when the person had no visit before the rated one. */
  fresh: number;
}

/** Check-ins per venue and local day (issue #17): kept by the same transaction as the visits, never purged. */
export interface CheckinDailyVenueTable {
  venue_id: string;
  /** Local date YYYY-MM-DD of the visits' t_in. */
  day: string;
  /** The venue's desa (the first four parts of its region code). */
  region_code: string;
  checkins: number;
}

/** Check-ins per desa and local day: the same counts summed by desa, so a year of a city is a few thousand rows. */
export interface CheckinDailyDesaTable {
  region_code: string;
  day: string;
  checkins: number;
}

/** Check-ins per desa, local day and hour of the day (0–23): the dashboards' hour-of-day panel, at most 24 rows a desa-day. */
export interface CheckinHourlyDesaTable {
  region_code: string;
  day: string;
  hour: number;
  checkins: number;
}

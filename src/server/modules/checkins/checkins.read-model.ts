import { idTimeWindow } from '../../shared/ids.js';
import { sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import type { CheckinAttemptsTable, VisitsTable } from './checkins.table.js';

/*
 * The check-ins module's reads that join the venues module's tables, in one named place.
 * Foreign tables read here: `venues` (name, status, capacity, region, sector and type, opening hours of a venue) and
 * `venue_posters` (which venue a poster belongs to, and whether it was replaced). Nothing here writes.
 * findPosterVenue is on the check-in path (behind the service's poster cache): keep it one indexed lookup.
 */

/** What the check-in path needs to know about the venue behind a poster. */
export interface PosterVenueRow {
  poster_id: string;
  replaced_at: number | null;
  venue_id: string;
  name: string;
  status: string;
  capacity: number;
  region_code: string;
  sector: string;
  venue_type: string;
  opens_at: string | null;
  closes_at: string | null;
  address: string;
  compliance_badge: string;
  /** A suspension by an enforcement sanction (venues/sanction-effects.ts): the sanction's type and its end, if any. */
  suspension_sanction_id: string | null;
  status_reason: string | null;
  suspended_until: number | null;
}

export function findPosterVenue(db: Db, posterId: string): Promise<PosterVenueRow | undefined> {
  return db
    .selectFrom('venue_posters as p')
    .innerJoin('venues as v', 'v.id', 'p.venue_id')
    .select([
      'p.poster_id',
      'p.replaced_at',
      'v.id as venue_id',
      'v.name',
      'v.status',
      'v.capacity',
      'v.region_code',
      'v.sector',
      'v.venue_type',
      'v.opens_at',
      'v.closes_at',
      'v.address',
      'v.compliance_badge',
      'v.suspension_sanction_id',
      'v.status_reason',
      'v.suspended_until',
    ])
    .where('p.poster_id', '=', posterId)
    .executeTakeFirst();
}

export function findVenueForCheckins(db: Db, venueId: string): Promise<Omit<PosterVenueRow, 'poster_id' | 'replaced_at'> & { desa_adat_code: string | null } | undefined> {
  return db
    .selectFrom('venues as v')
    .select(['v.id as venue_id', 'v.name', 'v.status', 'v.capacity', 'v.region_code', 'v.desa_adat_code', 'v.sector', 'v.venue_type', 'v.opens_at', 'v.closes_at', 'v.address', 'v.compliance_badge', 'v.suspension_sanction_id', 'v.status_reason', 'v.suspended_until'])
    .where('v.id', '=', venueId)
    .executeTakeFirst();
}

/** Visits by id, newest first: within the t_in window the ids give (pruned on PostgreSQL), the missing ones unbound. */
export async function findVisits(db: Db, visitIds: string[]): Promise<(VisitsTable & { venue_name: string; rated: number })[]> {
  if (visitIds.length === 0) return [];
  const query = (ids: string[], window: { from: number; to: number } | null) =>
    db
      .selectFrom('visits as v')
      .innerJoin('venues as ve', 've.id', 'v.venue_id')
      .leftJoin('visit_ratings as r', 'r.visit_id', 'v.id')
      .selectAll('v')
      .select(['ve.name as venue_name', sql<number>`case when r.visit_id is null then 0 else 1 end`.as('rated')])
      .where('v.id', 'in', ids)
      .$if(window !== null, (q) => q.where('v.t_in', '>=', window!.from).where('v.t_in', '<=', window!.to))
      .execute();
  const window = idTimeWindow(visitIds);
  const rows = await query(visitIds, window);
  const found = new Set(rows.map((r) => r.id));
  const missing = window === null ? [] : visitIds.filter((id) => !found.has(id));
  if (missing.length > 0) rows.push(...(await query(missing, null)));
  return rows.sort((a, b) => Number(b.t_in) - Number(a.t_in));
}

export function attemptsInRegion(db: Db, regionCode: string, reasons: string[], since: number): Promise<(CheckinAttemptsTable & { venue_name: string | null })[]> {
  return db
    .selectFrom('checkin_attempts as a')
    .leftJoin('venues as v', 'v.id', 'a.venue_id')
    .selectAll('a')
    .select('v.name as venue_name')
    .where((eb) => eb.or([eb('a.region_code', '=', regionCode), eb('a.region_code', 'like', `${regionCode}.%`)]))
    .where('a.reason', 'in', reasons)
    .where('a.at', '>=', since)
    .orderBy('a.at', 'desc')
    .limit(500)
    .execute();
}

export function occupancyInRegion(db: Db, regionCode: string): Promise<{ venue_id: string; name: string; capacity: number; region_code: string; sector: string; venue_type: string; opens_at: string | null; closes_at: string | null; current: number }[]> {
  return db
    .selectFrom('venue_occupancy as o')
    .innerJoin('venues as v', 'v.id', 'o.venue_id')
    .select(['o.venue_id', 'v.name', 'v.capacity', 'v.region_code', 'v.sector', 'v.venue_type', 'v.opens_at', 'v.closes_at', 'o.current'])
    .where((eb) => eb.or([eb('v.region_code', '=', regionCode), eb('v.region_code', 'like', `${regionCode}.%`)]))
    .where('o.current', '>', 0)
    .execute();
}

export function venuesInRegion(db: Db, regionCode: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('venues')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('region_code', '=', regionCode), eb('region_code', 'like', `${regionCode}.%`)]))
    .execute();
}

/** Open visits older than `olderThan` with their venue's type, for the auto-close job. */
export function staleOpenVisits(db: Db, olderThan: number, limit: number): Promise<{ id: string; venue_id: string; t_in: number; venue_type: string }[]> {
  return db
    .selectFrom('visits as v')
    .innerJoin('venues as ve', 've.id', 'v.venue_id')
    .select(['v.id', 'v.venue_id', 'v.t_in', 've.venue_type'])
    .where('v.t_out', 'is', null)
    .where('v.t_in', '<', olderThan)
    .orderBy('v.t_in')
    .limit(limit)
    .execute();
}


/** A person's visits since `since` with their venue's name (foreign: `venues`), newest first: the resident's own list. */
export function visitsOfPerson(db: Db, personKey: string, since: number): Promise<{ id: string; venue_id: string; venue_name: string; t_in: number; t_out: number | null; estimated: number; source: string }[]> {
  return db
    .selectFrom('visits as v')
    .innerJoin('venues as ve', 've.id', 'v.venue_id')
    .select(['v.id', 'v.venue_id', 've.name as venue_name', 'v.t_in', 'v.t_out', 'v.estimated', 'v.source'])
    .where('v.person_key', '=', personKey)
    .where('v.t_in', '>=', since)
    .orderBy('v.t_in', 'desc')
    .orderBy('v.id', 'desc')
    .execute();
}

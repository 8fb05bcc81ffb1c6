import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../db/kysely.js';
import type { CheckinAttemptsTable, VisitRatingsTable, VisitsTable } from './checkins.table.js';

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
    ])
    .where('p.poster_id', '=', posterId)
    .executeTakeFirst();
}

export function findVenueForCheckins(db: Db, venueId: string): Promise<Omit<PosterVenueRow, 'poster_id' | 'replaced_at'> & { desa_adat_code: string | null } | undefined> {
  return db
    .selectFrom('venues as v')
    .select(['v.id as venue_id', 'v.name', 'v.status', 'v.capacity', 'v.region_code', 'v.desa_adat_code', 'v.sector', 'v.venue_type', 'v.opens_at', 'v.closes_at', 'v.address', 'v.compliance_badge'])
    .where('v.id', '=', venueId)
    .executeTakeFirst();
}

export function findVisit(db: Db, visitId: string): Promise<VisitsTable | undefined> {
  return db.selectFrom('visits').selectAll().where('id', '=', visitId).executeTakeFirst();
}

export function findVisits(db: Db, visitIds: string[]): Promise<(VisitsTable & { venue_name: string; rated: number })[]> {
  if (visitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('visits as v')
    .innerJoin('venues as ve', 've.id', 'v.venue_id')
    .leftJoin('visit_ratings as r', 'r.visit_id', 'v.id')
    .selectAll('v')
    .select(['ve.name as venue_name', sql<number>`case when r.visit_id is null then 0 else 1 end`.as('rated')])
    .where('v.id', 'in', visitIds)
    .orderBy('v.t_in', 'desc')
    .execute();
}

/**
 * Closes an open visit and takes it off its venue's counter, in the caller's transaction; false when it was already
 * closed (a replayed check-out). The counter is locked before the visit, the order jb_checkin_batch locks them in, so
 * a check-out never deadlocks with a batch of check-ins (SQLite has one writer at a time and needs no lock).
 */
export async function closeVisitAndCount(trx: Db, visit: { id: string; venue_id: string }, at: number, outKind: string, estimated: boolean): Promise<boolean> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await trx.selectFrom('venue_occupancy').select('venue_id').where('venue_id', '=', visit.venue_id).forUpdate().execute();
  }
  if (!(await closeVisit(trx, visit.id, at, outKind, estimated))) return false;
  await adjustOccupancy(trx, visit.venue_id, -1, at);
  return true;
}

async function closeVisit(db: Db, visitId: string, at: number, outKind: string, estimated: boolean): Promise<boolean> {
  const result = await db
    .updateTable('visits')
    .set({ t_out: at, out_kind: outKind, estimated: estimated ? 1 : 0 })
    .where('id', '=', visitId)
    .where('t_out', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Who is inside a venue now (open visits, newest first): for the venue's own desk. */
export function openVisitsOfVenue(db: Db, venueId: string, limit: number): Promise<Pick<VisitsTable, 'id' | 'person_enc' | 'name_enc' | 'phone_enc' | 't_in' | 'source'>[]> {
  return db
    .selectFrom('visits')
    .select(['id', 'person_enc', 'name_enc', 'phone_enc', 't_in', 'source'])
    .where('venue_id', '=', venueId)
    .where('t_out', 'is', null)
    .orderBy('t_in', 'desc')
    .limit(limit)
    .execute();
}

async function adjustOccupancy(db: Db, venueId: string, delta: number, at: number): Promise<void> {
  await db
    .insertInto('venue_occupancy')
    .values({ venue_id: venueId, current: Math.max(0, delta), updated_at: at })
    .onConflict((oc) =>
      oc.column('venue_id').doUpdateSet({
        current: sql<number>`case when venue_occupancy.current + ${delta} < 0 then 0 else venue_occupancy.current + ${delta} end`,
        updated_at: at,
      }),
    )
    .execute();
}

export async function currentOccupancy(db: Db, venueId: string): Promise<number> {
  const row = await db.selectFrom('venue_occupancy').select('current').where('venue_id', '=', venueId).executeTakeFirst();
  return row ? Number(row.current) : 0;
}

export async function insertVisit(db: Db, row: VisitsTable): Promise<void> {
  await db.insertInto('visits').values(row).execute();
}

export async function insertAttempt(db: Db, row: CheckinAttemptsTable): Promise<void> {
  await db.insertInto('checkin_attempts').values(row).execute();
}

export async function insertRating(db: Db, row: VisitRatingsTable): Promise<boolean> {
  const result = await db.insertInto('visit_ratings').values(row).onConflict((oc) => oc.column('visit_id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function ratingsOfVenue(db: Db, venueId: string, since: number): Promise<VisitRatingsTable[]> {
  return db.selectFrom('visit_ratings').selectAll().where('venue_id', '=', venueId).where('at', '>=', since).orderBy('at', 'desc').execute();
}

export function ratingsOfVenues(db: Db, venueIds: readonly string[], since: number): Promise<VisitRatingsTable[]> {
  if (venueIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('visit_ratings').selectAll().where('venue_id', 'in', [...venueIds]).where('at', '>=', since).execute();
}

export function visitTimesOfVenue(db: Db, venueId: string, from: number, to: number): Promise<{ t_in: number }[]> {
  return db.selectFrom('visits').select('t_in').where('venue_id', '=', venueId).where('t_in', '>=', from).where('t_in', '<', to).execute();
}

export function attemptsOfVenue(db: Db, venueId: string, since: number): Promise<CheckinAttemptsTable[]> {
  return db.selectFrom('checkin_attempts').selectAll().where('venue_id', '=', venueId).where('at', '>=', since).orderBy('at', 'desc').limit(200).execute();
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

export async function deleteVisitsBefore(db: Db, before: number): Promise<number> {
  const visits = await db.deleteFrom('visits').where('t_in', '<', before).where('t_out', 'is not', null).executeTakeFirst();
  return Number(visits.numDeletedRows);
}

export async function clearRatingCommentsBefore(db: Db, before: number): Promise<void> {
  await db.updateTable('visit_ratings').set({ comment: null }).where('at', '<', before).where('comment', 'is not', null).execute();
}

export async function deleteAttemptsBefore(db: Db, before: number): Promise<void> {
  await db.deleteFrom('checkin_attempts').where('at', '<', before).execute();
}

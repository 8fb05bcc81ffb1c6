import { PostgresAdapter, sql } from 'kysely';
import { addCheckins } from './checkin-rollup.repository.js';
import { addHourlyCheckins } from './checkin-hourly-rollup.repository.js';
import { idTimeWindow } from '../../shared/ids.js';
import type { Db } from '../../db/kysely.js';
import type { LocalDayAndHour } from '../../shared/local-time.js';
import type { CheckinAttemptsTable, VisitRatingsTable, VisitsTable } from './checkins.table.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A visit by id: first within the t_in window its UUIDv7 id gives (on PostgreSQL that prunes to a few day partitions),
 * then, when not found there (a back-dated desk entry, an id from elsewhere), unbound.
 */
export async function findVisit(db: Db, visitId: string): Promise<VisitsTable | undefined> {
  const window = idTimeWindow([visitId]);
  if (window) {
    const found = await db.selectFrom('visits').selectAll().where('id', '=', visitId).where('t_in', '>=', window.from).where('t_in', '<=', window.to).executeTakeFirst();
    if (found) return found;
  }
  return db.selectFrom('visits').selectAll().where('id', '=', visitId).executeTakeFirst();
}

/**
 * Closes an open visit and takes it off its venue's counter, in the caller's transaction; false when it was already
 * closed (a replayed check-out). The counter is locked before the visit, the order jb_checkin_batch locks them in, so
 * a check-out never deadlocks with a batch of check-ins (SQLite has one writer at a time and needs no lock).
 */
export async function closeVisitAndCount(trx: Db, visit: { id: string; venue_id: string; t_in: number }, at: number, outKind: string, estimated: boolean): Promise<boolean> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await trx.selectFrom('venue_occupancy').select('venue_id').where('venue_id', '=', visit.venue_id).forUpdate().execute();
  }
  if (!(await closeVisit(trx, visit, at, outKind, estimated))) return false;
  await adjustOccupancy(trx, visit.venue_id, -1, at);
  return true;
}

/** By the whole key (id, t_in): on PostgreSQL the update touches the visit's own day partition only. */
async function closeVisit(db: Db, visit: { id: string; t_in: number }, at: number, outKind: string, estimated: boolean): Promise<boolean> {
  const result = await db
    .updateTable('visits')
    .set({ t_out: at, out_kind: outKind, estimated: estimated ? 1 : 0 })
    .where('id', '=', visit.id)
    .where('t_in', '=', Number(visit.t_in))
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

/** A desk or paper entry, counted in the roll-ups (its t_in's local day and hour) in the same transaction. */
export async function insertVisit(db: Db, row: VisitsTable, local: LocalDayAndHour): Promise<void> {
  await db.insertInto('visits').values(row).execute();
  await countInRollups(db, row, local);
}

/** One visit written outside the group-commit batch (which counts its own) goes into every check-in roll-up. */
async function countInRollups(db: Db, row: { venue_id: string; region_code: string }, local: LocalDayAndHour): Promise<void> {
  await addCheckins(db, [{ venueId: row.venue_id, regionCode: row.region_code, day: local.localDay }]);
  await addHourlyCheckins(db, [{ regionCode: row.region_code, day: local.localDay, hour: local.localHour }]);
}

export async function insertAttempt(db: Db, row: CheckinAttemptsTable): Promise<void> {
  await db.insertInto('checkin_attempts').values(row).execute();
}

/** False when the visit, or its person at this venue on this day, already has a rating. */
export async function insertRating(db: Db, row: VisitRatingsTable): Promise<boolean> {
  const result = await db.insertInto('visit_ratings').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The counted ratings of a venue since `since`, newest first (held ones are not evidence until released). */
export function ratingsOfVenue(db: Db, venueId: string, since: number): Promise<VisitRatingsTable[]> {
  return db.selectFrom('visit_ratings').selectAll().where('venue_id', '=', venueId).where('at', '>=', since).where('status', '=', 'counted').orderBy('at', 'desc').execute();
}

export function ratingsOfVenues(db: Db, venueIds: readonly string[], since: number): Promise<VisitRatingsTable[]> {
  if (venueIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('visit_ratings').selectAll().where('venue_id', 'in', [...venueIds]).where('at', '>=', since).where('status', '=', 'counted').execute();
}

/** Ratings of a venue held for review since `since`, by reason. */
export async function heldRatingsOfVenue(db: Db, venueId: string, since: number): Promise<{ reason: string; count: number; latest: number }[]> {
  const rows = await db
    .selectFrom('visit_ratings')
    .select((eb) => ['held_reason', eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('latest')])
    .where('venue_id', '=', venueId)
    .where('status', '=', 'held')
    .where('at', '>=', since)
    .groupBy('held_reason')
    .execute();
  return rows.map((r) => ({ reason: r.held_reason ?? 'address_burst', count: Number(r.n), latest: Number(r.latest) }));
}

/** Counts a burst check needs: ratings of the venue since `since` from this origin, and from fresh phones. */
export async function recentRatingCounts(db: Db, venueId: string, since: number, originKey: string): Promise<{ fromSameAddress: number; fromFreshPhones: number }> {
  const row = await db
    .selectFrom('visit_ratings')
    .select([
      sql<number>`coalesce(sum(case when origin_key = ${originKey} then 1 else 0 end), 0)`.as('same'),
      sql<number>`coalesce(sum(case when fresh = 1 then 1 else 0 end), 0)`.as('fresh'),
    ])
    .where('venue_id', '=', venueId)
    .where('at', '>=', since)
    .executeTakeFirst();
  return { fromSameAddress: Number(row?.same ?? 0), fromFreshPhones: Number(row?.fresh ?? 0) };
}

/** Whether the person had a visit (anywhere) before `before`: a phone seen before is not fresh. */
export async function hasVisitBefore(db: Db, personKey: string, before: number): Promise<boolean> {
  const row = await db.selectFrom('visits').select('id').where('person_key', '=', personKey).where('t_in', '<', before).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Whether this visit has a rating (to tell a second rating of the visit from a second rating of the day). */
export async function visitIsRated(db: Db, visitId: string): Promise<boolean> {
  return (await db.selectFrom('visit_ratings').select('visit_id').where('visit_id', '=', visitId).executeTakeFirst()) !== undefined;
}

/** Counts a venue's held ratings in (staff released them after a look); the number released. */
export async function releaseHeldRatings(db: Db, venueId: string): Promise<number> {
  const result = await db.updateTable('visit_ratings').set({ status: 'counted' }).where('venue_id', '=', venueId).where('status', '=', 'held').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function visitTimesOfVenue(db: Db, venueId: string, from: number, to: number): Promise<{ t_in: number }[]> {
  return db.selectFrom('visits').select('t_in').where('venue_id', '=', venueId).where('t_in', '>=', from).where('t_in', '<', to).execute();
}

export function attemptsOfVenue(db: Db, venueId: string, since: number): Promise<CheckinAttemptsTable[]> {
  return db.selectFrom('checkin_attempts').selectAll().where('venue_id', '=', venueId).where('at', '>=', since).orderBy('at', 'desc').limit(200).execute();
}

export async function deleteVisitsBefore(db: Db, before: number): Promise<number> {
  const visits = await db.deleteFrom('visits').where('t_in', '<', before).where('t_out', 'is not', null).executeTakeFirst();
  return Number(visits.numDeletedRows);
}

/**
 * A rating's comment and its links to a person and an address go with its visit: cleared once the visit is purged
 * (a rating is given after the visit, so its own time may be a little later than the purge's limit); `before` bounds
 * the rows looked at. The scores stay, anonymous.
 */
export async function clearRatingCommentsBefore(db: Db, before: number): Promise<void> {
  await db
    .updateTable('visit_ratings')
    .set({ comment: null, person_key: null, origin_key: null })
    .where('at', '<', before + DAY_MS)
    .where((eb) => eb.or([eb('comment', 'is not', null), eb('person_key', 'is not', null)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('visits').select('visits.id').whereRef('visits.id', '=', 'visit_ratings.visit_id'))))
    .execute();
}

export async function deleteAttemptsBefore(db: Db, before: number): Promise<void> {
  await db.deleteFrom('checkin_attempts').where('at', '<', before).execute();
}

/**
 * Erases a person's visits on their request (issue #16), in the caller's transaction: an open visit is first closed
 * and taken off its venue's counter; the ratings of those visits (or given by the person) keep their scores, anonymous,
 * and lose their comment and their links to the person and the address, as the retention purge leaves them.
 * Answers how many visits and comments went. With `keepVisits` (tracing still needs them: an open case, contact or
 * exposure candidate of the person) only the comments go; the visits stay until their retention purge.
 */
export async function forgetVisitsOfPerson(trx: Db, personKey: string, at: number, options: { keepVisits?: boolean } = {}): Promise<{ visits: number; ratingComments: number }> {
  const visits = await trx.selectFrom('visits').select(['id', 'venue_id', 't_in', 't_out']).where('person_key', '=', personKey).execute();
  if (!options.keepVisits) for (const open of visits.filter((v) => v.t_out === null)) await closeVisitAndCount(trx, open, at, 'erased', false);
  const ids = visits.map((v) => v.id);
  const comments = await trx
    .selectFrom('visit_ratings')
    .select('visit_id')
    .where('comment', 'is not', null)
    .where((eb) => (ids.length > 0 ? eb.or([eb('person_key', '=', personKey), eb('visit_id', 'in', ids)]) : eb('person_key', '=', personKey)))
    .execute();
  await trx
    .updateTable('visit_ratings')
    .set({ comment: null, person_key: null, origin_key: null })
    .where((eb) => (ids.length > 0 ? eb.or([eb('person_key', '=', personKey), eb('visit_id', 'in', ids)]) : eb('person_key', '=', personKey)))
    .execute();
  if (options.keepVisits) return { visits: 0, ratingComments: comments.length };
  const deleted = await trx.deleteFrom('visits').where('person_key', '=', personKey).executeTakeFirst();
  return { visits: Number(deleted.numDeletedRows), ratingComments: comments.length };
}

/** A person's ratings (the scores and comment they gave): the resident's own records. */
export function ratingsOfPerson(db: Db, personKey: string): Promise<Pick<VisitRatingsTable, 'visit_id' | 'venue_id' | 'masks' | 'handwashing' | 'distancing' | 'temperature' | 'cleanliness' | 'comment' | 'at'>[]> {
  return db
    .selectFrom('visit_ratings')
    .select(['visit_id', 'venue_id', 'masks', 'handwashing', 'distancing', 'temperature', 'cleanliness', 'comment', 'at'])
    .where('person_key', '=', personKey)
    .orderBy('at')
    .execute();
}

/** An offline check-in already stored under the phone's key (a replay), or undefined. */
export function findVisitByClientKey(db: Db, clientKey: string): Promise<Pick<VisitsTable, 'id' | 'venue_id' | 'person_key' | 'secret_hash' | 't_in' | 't_out' | 'over_capacity'> | undefined> {
  return db.selectFrom('visits').select(['id', 'venue_id', 'person_key', 'secret_hash', 't_in', 't_out', 'over_capacity']).where('client_key', '=', clientKey).executeTakeFirst();
}

/**
 * People inside a venue at a past moment: visits begun before it (within the longest stay) and not ended by then.
 * For an offline check-in, which is never refused for capacity but records that the venue was full.
 */
export async function occupancyAt(db: Db, venueId: string, at: number): Promise<number> {
  const row = await db
    .selectFrom('visits')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('venue_id', '=', venueId)
    .where('t_in', '>=', at - DAY_MS)
    .where('t_in', '<=', at)
    .where((eb) => eb.or([eb('t_out', 'is', null), eb('t_out', '>', at)]))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Stores an offline check-in once: a second row with the same client key is not written (false). An open visit counts
 * on its venue's counter, which is locked first on PostgreSQL (the order jb_checkin_batch locks in). In the caller's
 * transaction.
 */
export async function insertOfflineVisit(trx: Db, row: VisitsTable & { client_key: string }, local: LocalDayAndHour): Promise<boolean> {
  const open = row.t_out === null;
  if (open && trx.getExecutor().adapter instanceof PostgresAdapter) {
    await trx.selectFrom('venue_occupancy').select('venue_id').where('venue_id', '=', row.venue_id).forUpdate().execute();
  }
  // The unique key is client_key on SQLite, (client_key, t_in) on PostgreSQL (a partitioned table's keys hold its
  // partition key); a replay sends the same claimed time, and findVisitByClientKey has looked first either way.
  const key = trx.getExecutor().adapter instanceof PostgresAdapter ? (['client_key', 't_in'] as const) : (['client_key'] as const);
  const result = await trx.insertInto('visits').values(row).onConflict((oc) => oc.columns([...key]).doNothing()).executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  if (open) await adjustOccupancy(trx, row.venue_id, 1, row.t_in);
  await countInRollups(trx, row, local);
  return true;
}

/** Refused check-ins (every checkin_attempts row is one) at these venues since `since` (a manager's home page). */
export async function countAttempts(db: Db, venueIds: readonly string[], since: number): Promise<number> {
  if (venueIds.length === 0) return 0;
  const row = await db.selectFrom('checkin_attempts').select((eb) => eb.fn.countAll<number | string>().as('n')).where('venue_id', 'in', [...venueIds]).where('at', '>=', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Counted ratings since `since` at these venues whose five items average `maxAverage` or less (a manager's home page). */
export async function countLowRatings(db: Db, venueIds: readonly string[], since: number, maxAverage: number): Promise<number> {
  if (venueIds.length === 0) return 0;
  const row = await db
    .selectFrom('visit_ratings')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('venue_id', 'in', [...venueIds])
    .where('at', '>=', since)
    .where('status', '=', 'counted')
    .where(sql<boolean>`(masks + handwashing + distancing + temperature + cleanliness) <= ${maxAverage * 5}`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

import type { Db } from '../../db/kysely.js';
import type { ArrivalsTable } from './arrivals.table.js';

export async function insertArrival(db: Db, row: ArrivalsTable): Promise<void> {
  await db.insertInto('arrivals').values(row).execute();
}

export function findArrival(db: Db, id: string): Promise<ArrivalsTable | undefined> {
  return db.selectFrom('arrivals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The village officer's queue: reports in the given scopes (region prefixes; undefined: the whole city), oldest open first. */
export function listArrivals(db: Db, filter: { scopes: string[] | undefined; status?: 'reported' | 'visited'; limit: number }): Promise<ArrivalsTable[]> {
  let q = db.selectFrom('arrivals').selectAll();
  const scopes = filter.scopes;
  if (scopes) q = q.where((eb) => eb.or(scopes.flatMap((code) => [eb('region_code', '=', code), eb('region_code', 'like', `${code}.%`)])));
  if (filter.status) q = q.where('status', '=', filter.status);
  return q.orderBy('status', 'asc').orderBy('arrival_date', 'asc').orderBy('id').limit(filter.limit).execute();
}

export async function markVisited(db: Db, id: string, patch: { visited_at: number; visited_by: string; visit_note: string | null; follow_up_id: string | null }): Promise<number> {
  const result = await db.updateTable('arrivals').set({ status: 'visited', ...patch }).where('id', '=', id).where('status', '=', 'reported').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The follow-ups of the reports the retention job deletes (self-isolation ended before `before`, YYYY-MM-DD). */
export async function followUpsOfArrivalsBefore(db: Db, before: string): Promise<string[]> {
  const rows = await db.selectFrom('arrivals').select('follow_up_id').where('isolation_until', '<', before).where('follow_up_id', 'is not', null).execute();
  return rows.map((r) => r.follow_up_id as string);
}

/** Reports whose self-isolation ended before `before` (YYYY-MM-DD) are deleted by the retention job. */
export async function deleteArrivalsBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('arrivals').where('isolation_until', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A person's reports by their keyed person hashes: the resident's own records. */
export function arrivalsOfPersonKeys(db: Db, personKeys: readonly string[]): Promise<ArrivalsTable[]> {
  if (personKeys.length === 0) return Promise.resolve([]);
  return db.selectFrom('arrivals').selectAll().where('person_key', 'in', personKeys).orderBy('arrival_date').execute();
}

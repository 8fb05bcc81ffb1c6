import { PostgresAdapter, sql } from 'kysely';
import { idTimeWindow } from '../../shared/ids.js';
import type { Db } from '../../db/kysely.js';
import type { SealedVisitPerson } from '../checkins/index.js';
import type { VenueNoticesTable } from './tracing.table.js';

/*
 * Tracing's reads of other modules' tables, in one named place: `visits` (checkins: who was where, and the sealed
 * person of a visit) and `venues` (a venue's name and region). A venue's managers' e-mail addresses are sealed by the
 * venues module and come through its front door (app.ts passes venues.managerContacts). Nothing here writes;
 * tracing's own tables are in tracing.repository.ts.
 */

export interface VisitRow {
  id: string;
  venue_id: string;
  person_key: string;
  t_in: number;
  t_out: number | null;
  estimated: number;
  venue_type: string | null;
}

const visitColumns = ['v.id', 'v.venue_id', 'v.person_key', 'v.t_in', 'v.t_out', 'v.estimated', 've.venue_type'] as const;

function normaliseVisit(r: { id: string; venue_id: string; person_key: string; t_in: number | string; t_out: number | string | null; estimated: number; venue_type: string | null }): VisitRow {
  return { ...r, t_in: Number(r.t_in), t_out: r.t_out === null ? null : Number(r.t_out), estimated: Number(r.estimated) };
}

/** A person's visits that may reach into [from, to): t_in bounded below by (from − longest stay), on the (person_key, t_in) index. */
export async function personVisits(db: Db, personKey: string, tInFrom: number, to: number): Promise<VisitRow[]> {
  const rows = await db
    .selectFrom('visits as v')
    .innerJoin('venues as ve', 've.id', 'v.venue_id')
    .select(visitColumns)
    .where('v.person_key', '=', personKey)
    .where('v.t_in', '>=', tInFrom)
    .where('v.t_in', '<', to)
    .execute();
  return rows.map(normaliseVisit);
}

/**
 * A case visit's span at one venue, as the SQL side sees it: `from` is where the case's presence starts (its check-in,
 * clipped to the window), `to` where the search for check-ins stops, `tInFrom` = from − longest stay (no visit lasts
 * longer in the core's eyes, so none that began earlier can still be there).
 */
export interface OverlapSpan {
  venueId: string;
  tInFrom: number;
  from: number;
  to: number;
}

/**
 * Every visit at the given venues that may overlap the given spans: one (venue_id, t_in) index range per span,
 * t_in bounded below by (span start − longest stay), and only visits still there at the span's start: checked out
 * after `from`, or open (t_out null: its end is an estimate, the pure core decides). A visit checked out at or before
 * `from` can never overlap [from, …) whatever the core does with it (effectiveEnd is at most t_out, or the piece is
 * empty; intervals are half-open), so pruning it in SQL changes no answer; it keeps the bulk of the index range
 * (everyone who left before the case came: ~1,950 rows read for ~200 candidates at 50 M visits) from reaching the
 * process (issue #19). On PostgreSQL the venue index covers t_out and the other columns read (migration 2026-12-10-01):
 * an index-only scan, the filter applied to index entries, no heap row fetched.
 *
 * On PostgreSQL the spans go as arrays into a lateral join: the plan is the same whatever the number of spans, and
 * each span's range is pruned to its own day partitions at run time (an OR of 20 ranges over 30 partitions costs more
 * to plan than to run); the bounds of all spans prune the plan to the window's days first. `offset 0` keeps the
 * subquery a parameterised scan per span (flattened, the planner joined venues first and read the whole window of each
 * venue, filtering the span's range after). A visit two spans reach comes once.
 */
export async function visitsOverlapping(db: Db, spans: readonly OverlapSpan[]): Promise<VisitRow[]> {
  if (spans.length === 0) return [];
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await overlappingOnPostgres(spans).execute(db);
    return [...new Map(rows.map((r) => [r.id, normaliseVisit(r)])).values()];
  }
  const rows = await db
    .selectFrom('visits as v')
    .innerJoin('venues as ve', 've.id', 'v.venue_id')
    .select(visitColumns)
    .where((eb) => eb.or(spans.map((s) => eb.and([eb('v.venue_id', '=', s.venueId), eb('v.t_in', '>=', s.tInFrom), eb('v.t_in', '<', s.to), eb.or([eb('v.t_out', 'is', null), eb('v.t_out', '>', s.from)])]))))
    .execute();
  return rows.map(normaliseVisit);
}

/** visitsOverlapping's statement on PostgreSQL (exported for the plan test: test/db/visit-partitions.test.ts). */
export function overlappingOnPostgres(spans: readonly OverlapSpan[]) {
  return sql<Parameters<typeof normaliseVisit>[0]>`
    select v.id, v.venue_id, v.person_key, v.t_in, v.t_out, v.estimated, ve.venue_type
      from unnest(${spans.map((s) => s.venueId)}::text[], ${spans.map((s) => s.tInFrom)}::bigint[], ${spans.map((s) => s.from)}::bigint[], ${spans.map((s) => s.to)}::bigint[]) as s(venue_id, t_from, t_start, t_to)
      cross join lateral (select v.id, v.venue_id, v.person_key, v.t_in, v.t_out, v.estimated from visits v
                           where v.venue_id = s.venue_id and v.t_in >= s.t_from and v.t_in < s.t_to
                             and (v.t_out is null or v.t_out > s.t_start)
                             and v.t_in >= ${Math.min(...spans.map((s) => s.tInFrom))}::bigint and v.t_in < ${Math.max(...spans.map((s) => s.to))}::bigint
                           offset 0) v
      join venues ve on ve.id = v.venue_id`;
}

/** The sealed people of these visits: within the t_in window their ids give (pruned on PostgreSQL), the missing ones unbound. */
export async function visitPeople(db: Db, ids: readonly string[]): Promise<({ id: string } & SealedVisitPerson)[]> {
  if (ids.length === 0) return [];
  const query = (some: readonly string[], window: { from: number; to: number } | null) =>
    db
      .selectFrom('visits')
      .select(['id', 'person_enc', 'name_enc', 'phone_enc'])
      .where('id', 'in', [...some])
      .$if(window !== null, (q) => q.where('t_in', '>=', window!.from).where('t_in', '<=', window!.to))
      .execute();
  const window = idTimeWindow(ids);
  const rows = await query(ids, window);
  const found = new Set(rows.map((r) => r.id));
  const missing = window === null ? [] : ids.filter((id) => !found.has(id));
  return missing.length > 0 ? [...rows, ...(await query(missing, null))] : rows;
}

export async function allVenueNotices(db: Db): Promise<(VenueNoticesTable & { venue_name: string })[]> {
  const rows = await db
    .selectFrom('venue_notices as n')
    .innerJoin('venues as v', 'v.id', 'n.venue_id')
    .selectAll('n')
    .select('v.name as venue_name')
    .orderBy('n.from_at')
    .execute();
  return rows.map((r) => ({ ...r, from_at: Number(r.from_at), until_at: Number(r.until_at), created_at: Number(r.created_at) }));
}

export async function venueInfo(db: Db, venueId: string): Promise<{ id: string; name: string; region_code: string } | undefined> {
  return db.selectFrom('venues').select(['id', 'name', 'region_code']).where('id', '=', venueId).executeTakeFirst();
}

export async function venueNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('venues').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/kysely.js';
import type { Database } from '../../db/schema.js';
import type { VenuesTable } from './venues.table.js';

/*
 * The venues module's reads that join other modules' tables, in one named place.
 * Foreign tables read here: `regions` (regions module: names and types of desa, banjar, desa adat),
 * `users` and `role_assignments` (accounts module: a manager's display name and role).
 * Nothing here writes.
 */

export interface RegionSummaryRow {
  code: string;
  name: string;
  type: string;
  parent_code: string | null;
}

/** Name, type and parent of the regions with these codes (reads `regions`). */
export async function regionSummaries(db: Db, codes: readonly (string | null)[]): Promise<RegionSummaryRow[]> {
  const wanted = codes.filter((c): c is string => c !== null);
  if (wanted.length === 0) return [];
  return db.selectFrom('regions').select(['code', 'name', 'type', 'parent_code']).where('code', 'in', wanted).execute();
}

/** The boundaries of the regions of these types that have one, as GeoJSON text (reads `regions`), for the venue locator. */
export async function regionGeometries(db: Db, types: readonly string[]): Promise<(RegionSummaryRow & { geometry: string })[]> {
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'name', 'type', 'parent_code', 'geometry'])
    .where('type', 'in', [...types])
    .where('geometry', 'is not', null)
    .orderBy('code')
    .execute();
  return rows.filter((r): r is RegionSummaryRow & { geometry: string } => r.geometry !== null);
}

/** A user account holding `role` (any region), or undefined (reads `users`, `role_assignments`). */
export function findUserWithRole(db: Db, userId: string, role: string): Promise<{ id: string; display_name: string } | undefined> {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name'])
    .where('u.id', '=', userId)
    .where((eb) => eb.exists(eb.selectFrom('role_assignments as a').select('a.id').whereRef('a.user_id', '=', 'u.id').where('a.role', '=', role)))
    .executeTakeFirst();
}

/** A user's display name (reads `users`). */
export async function userDisplayName(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
  return row?.display_name ?? null;
}

/** Venues whose desa (or desa adat) lies within one of the scopes: prefix match on the hierarchical codes. */
function inScopes(scopes: readonly string[]) {
  return (eb: ExpressionBuilder<Database, 'venues'>) =>
    eb.or(
      scopes.flatMap((s) => [
        eb('venues.region_code', '=', s),
        eb('venues.region_code', 'like', `${s}.%`),
        eb('venues.desa_adat_code', '=', s),
        eb('venues.desa_adat_code', 'like', `${s}.%`),
      ]),
    );
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface VenueListFilter {
  /** Only venues within one of these scopes; undefined = everywhere. */
  scopes?: readonly string[];
  /** Only venues whose desa lies within this region (prefix). */
  regionCode?: string;
  statuses?: readonly string[];
  sector?: string;
  venueType?: string;
  /** Case-insensitive substring of the name. */
  q?: string;
  /** Keyset: strictly after this (name, id). */
  after?: { name: string; id: string };
  order: 'name' | 'created';
  limit: number;
}

export type VenueListRow = VenuesTable & { region_name: string };

export function listVenues(db: Db, filter: VenueListFilter): Promise<VenueListRow[]> {
  let q = db.selectFrom('venues').innerJoin('regions', 'regions.code', 'venues.region_code').selectAll('venues').select('regions.name as region_name');
  if (filter.scopes) {
    if (filter.scopes.length === 0) return Promise.resolve([]);
    q = q.where(inScopes(filter.scopes));
  }
  const region = filter.regionCode;
  if (region !== undefined) q = q.where((eb) => eb.or([eb('venues.region_code', '=', region), eb('venues.region_code', 'like', `${region}.%`)]));
  if (filter.statuses) q = q.where('venues.status', 'in', [...filter.statuses]);
  if (filter.sector !== undefined) q = q.where('venues.sector', '=', filter.sector);
  if (filter.venueType !== undefined) q = q.where('venues.venue_type', '=', filter.venueType);
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const pattern = `%${escapeLike(filter.q.trim().toLowerCase())}%`;
    // ESCAPE spelled out: SQLite has no default escape character, PostgreSQL's is the backslash.
    q = q.where(sql<boolean>`lower(${sql.ref('venues.name')}) like ${pattern} escape '\\'`);
  }
  const after = filter.after;
  if (filter.order === 'name') {
    if (after) {
      q = q.where((eb) => eb.or([eb('venues.name', '>', after.name), eb.and([eb('venues.name', '=', after.name), eb('venues.id', '>', after.id)])]));
    }
    q = q.orderBy('venues.name').orderBy('venues.id');
  } else {
    q = q.orderBy('venues.created_at').orderBy('venues.id');
  }
  return q.limit(filter.limit).execute();
}

export function listVenuesOfManager(db: Db, userId: string): Promise<VenueListRow[]> {
  return db
    .selectFrom('venues')
    .innerJoin('venue_managers', 'venue_managers.venue_id', 'venues.id')
    .innerJoin('regions', 'regions.code', 'venues.region_code')
    .selectAll('venues')
    .select('regions.name as region_name')
    .where('venue_managers.user_id', '=', userId)
    .orderBy('venues.created_at', 'desc')
    .orderBy('venues.id')
    .execute();
}

export function listManagers(db: Db, venueId: string): Promise<{ user_id: string; display_name: string; created_at: number }[]> {
  return db
    .selectFrom('venue_managers')
    .innerJoin('users', 'users.id', 'venue_managers.user_id')
    .select(['venue_managers.user_id', 'users.display_name', 'venue_managers.created_at'])
    .where('venue_managers.venue_id', '=', venueId)
    .orderBy('venue_managers.created_at')
    .execute();
}


/** How many venues of a status lie in the scopes (undefined: the whole city): the home page's "venues to verify". */
export async function countVenues(db: Db, scopes: readonly string[] | undefined, status: string): Promise<number> {
  if (scopes && scopes.length === 0) return 0;
  let q = db.selectFrom('venues').select((eb) => eb.fn.countAll<number | string>().as('n')).where('venues.status', '=', status);
  if (scopes) q = q.where(inScopes(scopes));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The ids of the venues a manager manages (venue_managers): their home page's check-in counts. */
export async function managedVenueIds(db: Db, userId: string): Promise<string[]> {
  return (await db.selectFrom('venue_managers').select('venue_id').where('user_id', '=', userId).execute()).map((r) => r.venue_id);
}

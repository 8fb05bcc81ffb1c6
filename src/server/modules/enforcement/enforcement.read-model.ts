import type { Db } from '../../db/kysely.js';

/*
 * Reads of enforcement that touch another module's table: `venues` (owned by the venues module), for the names of
 * the venues whose violations a page lists (a venue's name is public, its directory shows it).
 */

export async function venueNames(db: Db, venueIds: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(venueIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('venues').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

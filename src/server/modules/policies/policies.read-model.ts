/**
 * Reads of the policies area that touch other modules' tables, in one named place.
 * Foreign tables read here: `regions` (owned by the regions module).
 */
import type { Db } from '../../db/kysely.js';

/** Whether a region exists (the Denpasar seed applies only where the city's regions are loaded). */
export async function regionExists(db: Db, code: string): Promise<boolean> {
  const row = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}

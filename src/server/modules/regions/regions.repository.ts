import type { Db } from '../../db/kysely.js';
import type { RegionOverlapsTable, RegionsTable } from './regions.table.js';

const SUMMARY_COLUMNS = ['code', 'name', 'type', 'parent_code'] as const;
export type RegionSummaryRow = Pick<RegionsTable, (typeof SUMMARY_COLUMNS)[number]>;

export async function countRegions(db: Db): Promise<number> {
  const row = await db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listRegionSummaries(db: Db, filter: { parentCode?: string; types?: string[] }): Promise<RegionSummaryRow[]> {
  let q = db.selectFrom('regions').select(SUMMARY_COLUMNS);
  if (filter.parentCode !== undefined) q = q.where('parent_code', '=', filter.parentCode);
  if (filter.types && filter.types.length > 0) q = q.where('type', 'in', filter.types);
  return q.orderBy('code').execute();
}

export async function findRegion(db: Db, code: string): Promise<Omit<RegionsTable, 'geometry'> | undefined> {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'type', 'parent_code', 'population', 'population_source', 'centroid_lat', 'centroid_lon', 'notes', 'source', 'created_at'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function findRegionSummaries(db: Db, codes: string[]): Promise<RegionSummaryRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('regions').select(SUMMARY_COLUMNS).where('code', 'in', codes).execute();
}

export async function listRegionGeometries(db: Db, types: string[]): Promise<(RegionSummaryRow & { geometry: string })[]> {
  const rows = await db
    .selectFrom('regions')
    .select([...SUMMARY_COLUMNS, 'geometry'])
    .where('type', 'in', types)
    .where('geometry', 'is not', null)
    .orderBy('code')
    .execute();
  return rows.filter((r): r is RegionSummaryRow & { geometry: string } => r.geometry !== null);
}

export async function listOverlaps(db: Db, code: string): Promise<RegionOverlapsTable[]> {
  return db
    .selectFrom('region_overlaps')
    .selectAll()
    .where((eb) => eb.or([eb('adat_code', '=', code), eb('village_code', '=', code)]))
    .execute();
}

export async function listRootCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('regions').select('code').where('parent_code', 'is', null).execute();
  return rows.map((r) => r.code);
}

export async function upsertRegion(db: Db, row: RegionsTable): Promise<void> {
  const { code: _code, created_at: _createdAt, ...rest } = row;
  await db
    .insertInto('regions')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...rest }))
    .execute();
}

export async function insertRegion(db: Db, row: RegionsTable): Promise<void> {
  await db.insertInto('regions').values(row).execute();
}

export async function replaceOverlaps(db: Db, adatCode: string, rows: RegionOverlapsTable[]): Promise<void> {
  await db.deleteFrom('region_overlaps').where('adat_code', '=', adatCode).execute();
  if (rows.length > 0) await db.insertInto('region_overlaps').values(rows).execute();
}

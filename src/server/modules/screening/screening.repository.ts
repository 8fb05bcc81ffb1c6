import type { Db } from '../../db/kysely.js';
import type { HealthFacilitiesTable, ScreeningReferralsTable } from './screening.table.js';

/* The screening module's SQL, on its own tables: health facilities and the referrals residents chose to send. */

export function listFacilities(db: Db, scopes?: readonly string[]): Promise<HealthFacilitiesTable[]> {
  let q = db.selectFrom('health_facilities').selectAll();
  if (scopes) {
    if (scopes.length === 0) return Promise.resolve([]);
    q = q.where((eb) => eb.or(scopes.flatMap((s) => [eb('region_code', '=', s), eb('region_code', 'like', `${s}.%`)])));
  }
  return q.orderBy('region_code').orderBy('name').execute();
}

export function findFacility(db: Db, id: string): Promise<HealthFacilitiesTable | undefined> {
  return db.selectFrom('health_facilities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertFacility(db: Db, row: HealthFacilitiesTable): Promise<void> {
  await db.insertInto('health_facilities').values(row).execute();
}

export async function updateFacility(db: Db, id: string, changes: Omit<HealthFacilitiesTable, 'id' | 'created_at'>): Promise<void> {
  await db.updateTable('health_facilities').set(changes).where('id', '=', id).execute();
}

export async function deleteFacility(db: Db, id: string): Promise<number> {
  const result = await db.deleteFrom('health_facilities').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertReferral(db: Db, row: ScreeningReferralsTable): Promise<void> {
  await db.insertInto('screening_referrals').values(row).execute();
}

/** A resident's referral not yet handled in the kecamatan: sending again replaces its answers. */
export function openReferralOf(db: Db, personKey: string, regionCode: string): Promise<ScreeningReferralsTable | undefined> {
  return db.selectFrom('screening_referrals').selectAll().where('person_key', '=', personKey).where('region_code', '=', regionCode).where('handled_at', 'is', null).executeTakeFirst();
}

export async function replaceReferralAnswers(db: Db, id: string, changes: Pick<ScreeningReferralsTable, 'answers' | 'advice' | 'created_at' | 'phone_enc'>): Promise<void> {
  await db.updateTable('screening_referrals').set(changes).where('id', '=', id).execute();
}

export function listReferrals(db: Db, filter: { scopes?: readonly string[]; status: 'open' | 'handled' | 'all'; limit: number }): Promise<ScreeningReferralsTable[]> {
  let q = db.selectFrom('screening_referrals').selectAll();
  if (filter.scopes) {
    const scopes = filter.scopes;
    if (scopes.length === 0) return Promise.resolve([]);
    q = q.where((eb) => eb.or(scopes.flatMap((s) => [eb('region_code', '=', s), eb('region_code', 'like', `${s}.%`)])));
  }
  if (filter.status === 'open') q = q.where('handled_at', 'is', null);
  if (filter.status === 'handled') q = q.where('handled_at', 'is not', null);
  return q.orderBy('created_at', 'desc').limit(filter.limit).execute();
}

export function findReferral(db: Db, id: string): Promise<ScreeningReferralsTable | undefined> {
  return db.selectFrom('screening_referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markReferralHandled(db: Db, id: string, at: number, by: string): Promise<number> {
  const result = await db.updateTable('screening_referrals').set({ handled_at: at, handled_by: by }).where('id', '=', id).where('handled_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function referralsOfPerson(db: Db, personKey: string): Promise<ScreeningReferralsTable[]> {
  return db.selectFrom('screening_referrals').selectAll().where('person_key', '=', personKey).orderBy('created_at').execute();
}

export async function deleteReferralsOfPerson(db: Db, personKey: string): Promise<number> {
  const result = await db.deleteFrom('screening_referrals').where('person_key', '=', personKey).executeTakeFirst();
  return Number(result.numDeletedRows);
}

import type { Db } from '../../db/kysely.js';
import type {
  VenueAssessmentPhotosTable,
  VenueAssessmentsTable,
  VenueComplianceScoresTable,
  VenueManagerProfilesTable,
  VenuePostersTable,
  VenueRulesNoticesTable,
  VenuesTable,
  VenueStatusEventsTable,
  VenueViolationsTable,
} from './venues.table.js';

// ---- venues -------------------------------------------------------------------------------------------------

/** The highest venue number in use (0 when none). */
export async function maxVenueNumber(db: Db): Promise<number> {
  const row = await db.selectFrom('venues').select((eb) => eb.fn.max<number | null>('venue_number').as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function nextVenueNumber(db: Db): Promise<number> {
  const row = await db.selectFrom('venues').select((eb) => eb.fn.max<number | null>('venue_number').as('n')).executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export async function insertVenue(db: Db, row: VenuesTable): Promise<void> {
  await db.insertInto('venues').values(row).execute();
}

export function findVenue(db: Db, id: string): Promise<VenuesTable | undefined> {
  return db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateVenue(db: Db, id: string, patch: Partial<Omit<VenuesTable, 'id'>>): Promise<void> {
  await db.updateTable('venues').set(patch).where('id', '=', id).execute();
}

// ---- managers -----------------------------------------------------------------------------------------------

export async function insertManager(db: Db, row: { venue_id: string; user_id: string; created_at: number; created_by: string | null }): Promise<void> {
  await db.insertInto('venue_managers').values(row).execute();
}

export async function isManager(db: Db, venueId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('venue_managers').select('user_id').where('venue_id', '=', venueId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

export async function insertManagerProfile(db: Db, row: VenueManagerProfilesTable): Promise<void> {
  await db.insertInto('venue_manager_profiles').values(row).execute();
}

export function findManagerProfile(db: Db, userId: string): Promise<VenueManagerProfilesTable | undefined> {
  return db.selectFrom('venue_manager_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** The profile whose phone or e-mail has this blind index (venue-contact.ts contactLookup). */
export function findManagerProfileBy(db: Db, field: 'email_hash' | 'phone_hash', hash: string): Promise<VenueManagerProfilesTable | undefined> {
  return db.selectFrom('venue_manager_profiles').selectAll().where(field, '=', hash).executeTakeFirst();
}

/** The sealed e-mail and phone of a venue's managers (venue_managers and the profiles, both this module's). */
export function managerProfilesOfVenue(db: Db, venueId: string): Promise<Pick<VenueManagerProfilesTable, 'user_id' | 'email_enc' | 'phone_enc'>[]> {
  return db
    .selectFrom('venue_managers as m')
    .innerJoin('venue_manager_profiles as p', 'p.user_id', 'm.user_id')
    .select(['m.user_id', 'p.email_enc', 'p.phone_enc'])
    .where('m.venue_id', '=', venueId)
    .orderBy('m.created_at')
    .execute();
}

// ---- verification history -----------------------------------------------------------------------------------

export async function insertStatusEvent(db: Db, row: VenueStatusEventsTable): Promise<void> {
  await db.insertInto('venue_status_events').values(row).execute();
}

export function listStatusEvents(db: Db, venueId: string): Promise<VenueStatusEventsTable[]> {
  return db.selectFrom('venue_status_events').selectAll().where('venue_id', '=', venueId).orderBy('at').orderBy('id').execute();
}

// ---- posters ------------------------------------------------------------------------------------------------

export async function insertPoster(db: Db, row: VenuePostersTable): Promise<void> {
  await db.insertInto('venue_posters').values(row).execute();
}

export function findPoster(db: Db, posterId: string): Promise<VenuePostersTable | undefined> {
  return db.selectFrom('venue_posters').selectAll().where('poster_id', '=', posterId).executeTakeFirst();
}

export function currentPoster(db: Db, venueId: string): Promise<VenuePostersTable | undefined> {
  return db.selectFrom('venue_posters').selectAll().where('venue_id', '=', venueId).where('replaced_at', 'is', null).executeTakeFirst();
}

export function listPosters(db: Db, venueId: string): Promise<VenuePostersTable[]> {
  return db.selectFrom('venue_posters').selectAll().where('venue_id', '=', venueId).orderBy('serial', 'desc').execute();
}

export async function maxPosterSerial(db: Db, venueId: string): Promise<number> {
  const row = await db.selectFrom('venue_posters').select((eb) => eb.fn.max<number | null>('serial').as('n')).where('venue_id', '=', venueId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function markPostersReplaced(db: Db, venueId: string, at: number): Promise<void> {
  await db.updateTable('venue_posters').set({ replaced_at: at }).where('venue_id', '=', venueId).where('replaced_at', 'is', null).execute();
}

// ---- self-assessments and inspections -----------------------------------------------------------------------

export async function insertAssessment(db: Db, row: VenueAssessmentsTable): Promise<void> {
  await db.insertInto('venue_assessments').values(row).execute();
}

export function findAssessment(db: Db, venueId: string, id: string): Promise<VenueAssessmentsTable | undefined> {
  return db.selectFrom('venue_assessments').selectAll().where('venue_id', '=', venueId).where('id', '=', id).executeTakeFirst();
}

export function listAssessments(db: Db, venueId: string, kind: string, limit: number): Promise<VenueAssessmentsTable[]> {
  return db
    .selectFrom('venue_assessments')
    .selectAll()
    .where('venue_id', '=', venueId)
    .where('kind', '=', kind)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function listAssessmentsSince(db: Db, venueId: string, kind: string, since: number): Promise<VenueAssessmentsTable[]> {
  return db
    .selectFrom('venue_assessments')
    .selectAll()
    .where('venue_id', '=', venueId)
    .where('kind', '=', kind)
    .where('at', '>=', since)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The latest assessment of `kind` for each of the venues (one row per venue that has any). */
export async function latestAssessments(db: Db, venueIds: readonly string[], kind: string): Promise<VenueAssessmentsTable[]> {
  if (venueIds.length === 0) return [];
  const rows = await db
    .selectFrom('venue_assessments as a')
    .selectAll('a')
    .where('a.venue_id', 'in', [...venueIds])
    .where('a.kind', '=', kind)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('venue_assessments as b')
            .select('b.id')
            .whereRef('b.venue_id', '=', 'a.venue_id')
            .where('b.kind', '=', kind)
            .where((inner) => inner.or([inner('b.at', '>', inner.ref('a.at')), inner.and([inner('b.at', '=', inner.ref('a.at')), inner('b.id', '>', inner.ref('a.id'))])])),
        ),
      ),
    )
    .execute();
  return rows;
}

export async function upsertPhoto(db: Db, row: VenueAssessmentPhotosTable): Promise<void> {
  const { assessment_id: _id, ...rest } = row;
  await db
    .insertInto('venue_assessment_photos')
    .values(row)
    .onConflict((oc) => oc.column('assessment_id').doUpdateSet(rest))
    .execute();
}

export function findPhoto(db: Db, assessmentId: string): Promise<VenueAssessmentPhotosTable | undefined> {
  return db.selectFrom('venue_assessment_photos').selectAll().where('assessment_id', '=', assessmentId).executeTakeFirst();
}

export async function assessmentIdsWithPhotos(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('venue_assessment_photos').select('assessment_id').where('assessment_id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.assessment_id));
}

// ---- violations and compliance scores -----------------------------------------------------------------------

export async function insertViolation(db: Db, row: VenueViolationsTable): Promise<void> {
  await db.insertInto('venue_violations').values(row).execute();
}

export async function deleteViolation(db: Db, venueId: string, sourceType: string, sourceId: string): Promise<void> {
  await db.deleteFrom('venue_violations').where('venue_id', '=', venueId).where('source_type', '=', sourceType).where('source_id', '=', sourceId).execute();
}

/** Venues whose sanction suspension has run out by `now`: the hourly job reopens them. */
export function listEndedSanctionSuspensions(db: Db, now: number): Promise<VenuesTable[]> {
  return db.selectFrom('venues').selectAll().where('status', '=', 'suspended').where('suspension_sanction_id', 'is not', null).where('suspended_until', '<=', now).execute();
}

export function listViolationsSince(db: Db, venueId: string, since: number): Promise<VenueViolationsTable[]> {
  return db.selectFrom('venue_violations').selectAll().where('venue_id', '=', venueId).where('occurred_at', '>=', since).orderBy('occurred_at').execute();
}

export async function insertComplianceScore(db: Db, row: VenueComplianceScoresTable): Promise<void> {
  await db.insertInto('venue_compliance_scores').values(row).execute();
}

export function listComplianceScores(db: Db, venueId: string, limit: number): Promise<VenueComplianceScoresTable[]> {
  return db
    .selectFrom('venue_compliance_scores')
    .selectAll()
    .where('venue_id', '=', venueId)
    .orderBy('computed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

// ---- rules told to managers (rules-notices.service.ts) --------------------------------------------------------

/** Every verified venue with what decides its rules: the (region, sector, type) groups are made from these. */
export function verifiedVenueKeys(db: Db): Promise<Pick<VenuesTable, 'id' | 'name' | 'region_code' | 'sector' | 'venue_type'>[]> {
  return db.selectFrom('venues').select(['id', 'name', 'region_code', 'sector', 'venue_type']).where('status', '=', 'verified').execute();
}

export function allRulesNotices(db: Db): Promise<Pick<VenueRulesNoticesTable, 'venue_id' | 'digest' | 'summary' | 'seq'>[]> {
  return db.selectFrom('venue_rules_notices').select(['venue_id', 'digest', 'summary', 'seq']).execute();
}

/** The first look at venues: what they must do now, told to nobody. A row already there (another process) stays. */
export async function insertRulesNotices(db: Db, rows: VenueRulesNoticesTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('venue_rules_notices').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('venue_id').doNothing()).execute();
  }
}

/**
 * Moves venues to their next told state (the same new summary for all), each only from the state it was read in
 * (its sequence number): answers the venues moved, with their new number; one another process moved first is left out.
 */
export async function advanceRulesNotices(
  db: Db,
  from: readonly { venueId: string; seq: number }[],
  next: { digest: string; summary: string; at: number },
): Promise<{ venue_id: string; seq: number }[]> {
  if (from.length === 0) return [];
  return db
    .updateTable('venue_rules_notices')
    .set((eb) => ({ digest: next.digest, summary: next.summary, seq: eb('seq', '+', 1), updated_at: next.at }))
    .where((eb) => eb.or(from.map((f) => eb.and([eb('venue_id', '=', f.venueId), eb('seq', '=', f.seq)]))))
    .returning(['venue_id', 'seq'])
    .execute();
}

import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/kysely.js';
import type { Database } from '../../db/schema.js';
import type { CheckpointChecksTable, CheckpointsTable, FineDepositsTable, SanctionLaddersTable, SanctionsTable, ViolationPhotosTable, ViolationsTable } from './enforcement.table.js';
import { addViolationCount } from './violation-rollup.repository.js';

/**
 * Rows in any of the scopes: a region column at or below a scope (region codes are hierarchical), or a desa adat
 * column equal to it (desa adat codes are not prefixes of desa codes).
 */
function inScopes<T extends keyof Database>(eb: ExpressionBuilder<Database, T>, scopes: readonly string[], region: string, adat?: string) {
  const regionRef = sql.ref<string>(region);
  return eb.or(scopes.flatMap((code) => [eb(regionRef, '=', code), eb(regionRef, 'like', `${code}.%`), ...(adat ? [eb(sql.ref<string>(adat), '=', code)] : [])]));
}

// ---- ladder versions -------------------------------------------------------------------------------------------

export function listLadders(db: Db): Promise<SanctionLaddersTable[]> {
  return db.selectFrom('sanction_ladders').selectAll().orderBy('effective_from').orderBy('id').execute();
}

// ---- violations ------------------------------------------------------------------------------------------------

export async function insertViolation(db: Db, row: ViolationsTable): Promise<void> {
  await db.insertInto('violations').values(row).execute();
  if (row.status === 'recorded') await addViolationCount(db, row.region_code, row.local_date, 1);
}

export function findViolation(db: Db, id: string): Promise<ViolationsTable | undefined> {
  return db.selectFrom('violations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByClientKey(db: Db, recordedBy: string, clientKey: string): Promise<ViolationsTable | undefined> {
  return db.selectFrom('violations').selectAll().where('recorded_by', '=', recordedBy).where('client_key', '=', clientKey).executeTakeFirst();
}

/**
 * The subject's violations of one family from local date `from` up to `before`, annulled ones left out, newest first.
 * `before.id` (an existing violation) breaks ties at the same instant; without it, everything up to the instant counts.
 */
export function priorViolations(db: Db, subject: { personKey: string } | { venueId: string }, family: string, from: string, before: { at: number; id?: string }): Promise<ViolationsTable[]> {
  let q = db.selectFrom('violations').selectAll().where('family', '=', family).where('status', '=', 'recorded').where('local_date', '>=', from);
  const { at, id } = before;
  q = id === undefined ? q.where('occurred_at', '<=', at) : q.where((eb) => eb.or([eb('occurred_at', '<', at), eb.and([eb('occurred_at', '=', at), eb('id', '<', id)])]));
  q = 'personKey' in subject ? q.where('person_key', '=', subject.personKey) : q.where('venue_id', '=', subject.venueId);
  return q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(100).execute();
}

/** A venue's recorded violations (annulled ones left out), oldest first: the permit-revocation letter's list. */
export function violationsOfVenue(db: Db, venueId: string): Promise<ViolationsTable[]> {
  return db.selectFrom('violations').selectAll().where('venue_id', '=', venueId).where('status', '=', 'recorded').orderBy('occurred_at').orderBy('id').limit(200).execute();
}

export interface ViolationListFilter {
  /** Region codes (desa, kecamatan, desa adat…) the rows must lie in; undefined: the whole city. */
  scopes: string[] | undefined;
  region?: string;
  from?: number;
  to?: number;
  /** Keyset: rows before (occurred_at, id). */
  before?: { at: number; id: string };
  limit: number;
}

/** Newest first. A row lies in a scope by its desa (prefix) or its desa adat. */
export function listViolations(db: Db, f: ViolationListFilter): Promise<ViolationsTable[]> {
  let q = db.selectFrom('violations').selectAll();
  const within = (codes: string[]) => q.where((eb) => inScopes(eb, codes, 'region_code', 'desa_adat_code'));
  if (f.scopes) q = within(f.scopes);
  if (f.region) q = within([f.region]);
  if (f.from !== undefined) q = q.where('occurred_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('occurred_at', '<', f.to);
  if (f.before) {
    const { at, id } = f.before;
    q = q.where((eb) => eb.or([eb('occurred_at', '<', at), eb.and([eb('occurred_at', '=', at), eb('id', '<', id)])]));
  }
  return q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

export async function annulViolation(db: Db, id: string, patch: { annul_reason: string; annulled_by: string; annulled_at: number }): Promise<void> {
  const before = await db.selectFrom('violations').select(['region_code', 'local_date', 'status']).where('id', '=', id).executeTakeFirst();
  await db.updateTable('violations').set({ status: 'annulled', ...patch }).where('id', '=', id).execute();
  // The violations roll-up loses it in the same transaction (violation-rollup.repository.ts).
  if (before?.status === 'recorded') await addViolationCount(db, before.region_code, before.local_date, -1);
}

// ---- violation photos ------------------------------------------------------------------------------------------

export async function insertPhoto(db: Db, row: ViolationPhotosTable): Promise<void> {
  await db.insertInto('violation_photos').values(row).execute();
}

/** The photos of a violation without their bytes, oldest first. */
export function photosOf(db: Db, violationId: string): Promise<Pick<ViolationPhotosTable, 'id' | 'size' | 'created_at' | 'client_key'>[]> {
  return db.selectFrom('violation_photos').select(['id', 'size', 'created_at', 'client_key']).where('violation_id', '=', violationId).orderBy('created_at').orderBy('id').execute();
}

export function findPhoto(db: Db, violationId: string, photoId: string): Promise<ViolationPhotosTable | undefined> {
  return db.selectFrom('violation_photos').selectAll().where('violation_id', '=', violationId).where('id', '=', photoId).executeTakeFirst();
}

// ---- sanctions -------------------------------------------------------------------------------------------------

export async function insertSanction(db: Db, row: SanctionsTable): Promise<void> {
  await db.insertInto('sanctions').values(row).execute();
}

export function findSanction(db: Db, id: string): Promise<SanctionsTable | undefined> {
  return db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSanctionByClientKey(db: Db, recordedBy: string, clientKey: string): Promise<SanctionsTable | undefined> {
  return db.selectFrom('sanctions').selectAll().where('recorded_by', '=', recordedBy).where('client_key', '=', clientKey).executeTakeFirst();
}

export function sanctionsOf(db: Db, violationIds: readonly string[]): Promise<SanctionsTable[]> {
  if (violationIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('sanctions').selectAll().where('violation_id', 'in', violationIds).orderBy('created_at').orderBy('id').execute();
}

export async function closeSanction(db: Db, id: string, patch: { status: 'corrected' | 'annulled'; replaced_by: string | null; change_reason: string; changed_by: string; changed_at: number }): Promise<number> {
  const result = await db.updateTable('sanctions').set(patch).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- border posts ----------------------------------------------------------------------------------------------

export async function insertCheckpoint(db: Db, row: CheckpointsTable): Promise<void> {
  await db.insertInto('checkpoints').values(row).execute();
}

export function findCheckpoint(db: Db, id: string): Promise<CheckpointsTable | undefined> {
  return db.selectFrom('checkpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateCheckpoint(db: Db, id: string, patch: { name: string; shifts: string }): Promise<void> {
  await db.updateTable('checkpoints').set(patch).where('id', '=', id).execute();
}

/** Posts in the given scopes (region prefixes), by name; undefined scopes: the whole city. */
export function listCheckpoints(db: Db, scopes: string[] | undefined): Promise<CheckpointsTable[]> {
  let q = db.selectFrom('checkpoints').selectAll();
  if (scopes) q = q.where((eb) => inScopes(eb, scopes, 'region_code'));
  return q.orderBy('name').orderBy('id').execute();
}

export async function insertCheck(db: Db, row: CheckpointChecksTable): Promise<void> {
  await db.insertInto('checkpoint_checks').values(row).execute();
}

export function findCheck(db: Db, id: string): Promise<CheckpointChecksTable | undefined> {
  return db.selectFrom('checkpoint_checks').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCheckByClientKey(db: Db, recordedBy: string, clientKey: string): Promise<CheckpointChecksTable | undefined> {
  return db.selectFrom('checkpoint_checks').selectAll().where('recorded_by', '=', recordedBy).where('client_key', '=', clientKey).executeTakeFirst();
}

export async function recordRapidTest(db: Db, id: string, patch: { rapid_test: string; rapid_test_at: number; case_opened: number | null }): Promise<number> {
  const result = await db.updateTable('checkpoint_checks').set(patch).where('id', '=', id).where('rapid_test', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Takes back a rapid test claimed at `at` whose suspect case could not be opened (only that claim, never a later one). */
export async function unrecordRapidTest(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('checkpoint_checks').set({ rapid_test: null, rapid_test_at: null, case_opened: null }).where('id', '=', id).where('rapid_test_at', '=', at).execute();
}

export async function setRapidTestCaseOpened(db: Db, id: string, opened: boolean): Promise<void> {
  await db.updateTable('checkpoint_checks').set({ case_opened: opened ? 1 : 0 }).where('id', '=', id).execute();
}

/** Counts of one post's day by shift and result. */
export function dailyCheckCounts(db: Db, checkpointId: string, localDate: string) {
  // Grouped by the minute of the check: the service places each minute in the post's shifts as they are now.
  return db
    .selectFrom('checkpoint_checks')
    .select(['at', 'result'])
    .where('checkpoint_id', '=', checkpointId)
    .where('local_date', '=', localDate)
    .execute();
}

// ---- fines -----------------------------------------------------------------------------------------------------

export async function markFinePaid(db: Db, id: string, patch: { paid_at: number; paid_on: string; receipt_number: string }): Promise<number> {
  const result = await db.updateTable('sanctions').set({ paid: 1, ...patch }).where('id', '=', id).where('type', '=', 'denda').where('status', '=', 'active').where('paid', '=', 0).executeTakeFirst();
  return Number(result.numUpdatedRows);
}


/** Standing fines not paid yet, oldest first, with their violation, in scope (undefined: the city). */
export function outstandingFines(db: Db, scopes: string[] | undefined, limit: number) {
  let q = db
    .selectFrom('sanctions')
    .innerJoin('violations', 'violations.id', 'sanctions.violation_id')
    .select([
      'sanctions.id as id',
      'sanctions.amount_idr as amount_idr',
      'sanctions.issued_on as issued_on',
      'violations.id as violation_id',
      'violations.offence as offence',
      'violations.team as team',
      'violations.region_code as region_code',
      'violations.subject_kind as subject_kind',
      'violations.venue_id as venue_id',
      'violations.name_enc as name_enc',
    ])
    .where('sanctions.type', '=', 'denda')
    .where('sanctions.status', '=', 'active')
    .where('sanctions.paid', '=', 0)
    .where('violations.status', '=', 'recorded');
  if (scopes) q = q.where((eb) => inScopes(eb, scopes, 'violations.region_code', 'violations.desa_adat_code'));
  return q.orderBy('sanctions.issued_on').orderBy('sanctions.id').limit(limit).execute();
}

/** Standing fines issued or paid on a local date, with their violation's team, in scope (undefined: the city). */
export function finesOfDay(db: Db, date: string, scopes: string[] | undefined) {
  let q = db
    .selectFrom('sanctions')
    .innerJoin('violations', 'violations.id', 'sanctions.violation_id')
    .select(['violations.team as team', 'sanctions.amount_idr as amount_idr', 'sanctions.issued_on as issued_on', 'sanctions.paid_on as paid_on'])
    .where('sanctions.type', '=', 'denda')
    .where('sanctions.status', '=', 'active')
    .where('violations.status', '=', 'recorded')
    .where((eb) => eb.or([eb('sanctions.issued_on', '=', date), eb('sanctions.paid_on', '=', date)]));
  if (scopes) q = q.where((eb) => inScopes(eb, scopes, 'violations.region_code', 'violations.desa_adat_code'));
  return q.orderBy('sanctions.id').execute();
}

export async function insertDeposit(db: Db, row: FineDepositsTable): Promise<void> {
  await db.insertInto('fine_deposits').values(row).execute();
}

export function depositsOfDay(db: Db, date: string, scopes: string[] | undefined): Promise<FineDepositsTable[]> {
  let q = db.selectFrom('fine_deposits').selectAll().where('local_date', '=', date);
  if (scopes) q = q.where((eb) => inScopes(eb, scopes, 'region_code'));
  return q.orderBy('id').execute();
}

/** A person's violations by their keyed person hashes (NIK- or phone-based): the resident's own records. */
export async function violationsOfPersonKeys(db: Db, personKeys: readonly string[]): Promise<ViolationsTable[]> {
  if (personKeys.length === 0) return [];
  const rows = await db.selectFrom('violations').selectAll().where('person_key', 'in', personKeys).orderBy('occurred_at').execute();
  return rows.map((r) => ({ ...r, occurred_at: Number(r.occurred_at), created_at: Number(r.created_at), annulled_at: r.annulled_at === null ? null : Number(r.annulled_at) }));
}

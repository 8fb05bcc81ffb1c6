import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/kysely.js';
import { moveCaseCount } from './case-rollup.repository.js';
import type { CasesTable, ContactReportsTable, ContactsTable, ExposureCandidatesTable, ExposureSearchesTable, TracingVolumeAlertsTable, VenueNoticesTable } from './tracing.table.js';

export async function insertCase(db: Db, row: CasesTable): Promise<void> {
  await db.insertInto('cases').values(row).execute();
  await moveCaseCount(db, null, row);
}

export async function findCase(db: Db, id: string): Promise<CasesTable | undefined> {
  return normaliseCase(await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst());
}

function normaliseCase<T extends CasesTable | undefined>(row: T): T {
  if (!row) return row;
  const n = (v: number | null) => (v === null ? null : Number(v));
  return { ...row, created_at: Number(row.created_at), updated_at: Number(row.updated_at), confirmed_at: n(row.confirmed_at), search_requested_at: n(row.search_requested_at), search_approved_at: n(row.search_approved_at) };
}

/** Open cases (not discarded, completed or died) of the same person, by phone hash or NIK hash. */
export async function openCasesOfPerson(db: Db, personKey: string, nikKey: string | null): Promise<CasesTable[]> {
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where((eb) => (nikKey ? eb.or([eb('person_key', '=', personKey), eb('nik_key', '=', nikKey)]) : eb('person_key', '=', personKey)))
    .where('category', 'not in', ['discarded', 'selesai_isolasi', 'meninggal'])
    .execute();
  return rows.map(normaliseCase);
}

/** Updates a case and moves its count in the new-cases roll-up when what it counts under changed (case-rollup.repository.ts). */
export async function updateCase(db: Db, id: string, patch: Partial<CasesTable>): Promise<void> {
  const counts = 'residence_code' in patch || 'episode_date' in patch || 'confirmed_at' in patch || 'category' in patch;
  const before = counts ? await db.selectFrom('cases').select(['residence_code', 'episode_date', 'confirmed_at', 'category']).where('id', '=', id).executeTakeFirst() : undefined;
  await db.updateTable('cases').set(patch).where('id', '=', id).execute();
  if (before) await moveCaseCount(db, before, { ...before, ...patch });
}

/** Cases whose residence lies within one of the scopes (prefix match on hierarchical codes). */
export async function listCasesInScopes(db: Db, scopes: readonly string[], limit: number): Promise<CasesTable[]> {
  if (scopes.length === 0) return [];
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where((eb) => eb.or(scopes.flatMap((s) => [eb('residence_code', '=', s), eb('residence_code', 'like', `${s}.%`)])))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(normaliseCase);
}

export async function countConfirmedIn(db: Db, residenceCode: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('residence_code', '=', residenceCode)
    .where('category', 'in', ['konfirmasi_simptomatik', 'konfirmasi_asimptomatik'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function confirmedCases(db: Db): Promise<CasesTable[]> {
  const rows = await db.selectFrom('cases').selectAll().where('confirmed_at', 'is not', null).where('category', '!=', 'discarded').execute();
  return rows.map(normaliseCase);
}

/** Four eyes: the approval is written once, by someone other than the requester, of a request still open. */
export async function approveSearch(db: Db, id: string, by: string, at: number): Promise<boolean> {
  const res = await db
    .updateTable('cases')
    .set({ search_approved_by: by, search_approved_at: at, updated_at: at })
    .where('id', '=', id)
    .where('search_requested_by', 'is not', null)
    .where('search_requested_by', '!=', by)
    .where('search_approved_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---------- need-to-know: searches and the volume alert

export async function insertExposureSearch(db: Db, row: ExposureSearchesTable): Promise<void> {
  await db.insertInto('exposure_searches').values(row).execute();
}

/** One account's exposure searches and the cases it registered without a test reference, in [from, to). */
export async function volumeOf(db: Db, userId: string, from: number, to: number): Promise<{ searches: number; casesWithoutTest: number }> {
  const searches = await db
    .selectFrom('exposure_searches')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .executeTakeFirstOrThrow();
  const cases = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('created_by', '=', userId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('test_reference', 'is', null)
    .executeTakeFirstOrThrow();
  return { searches: Number(searches.n), casesWithoutTest: Number(cases.n) };
}

/** Records the alert of an account and day: false when it was already raised (once per account and day). */
export async function insertVolumeAlert(db: Db, row: TracingVolumeAlertsTable): Promise<boolean> {
  const res = await db.insertInto('tracing_volume_alerts').values(row).onConflict((oc) => oc.columns(['user_id', 'date']).doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
}

// ---------- candidates

export async function candidatesOfCase(db: Db, caseId: string): Promise<ExposureCandidatesTable[]> {
  const rows = await db.selectFrom('exposure_candidates').selectAll().where('case_id', '=', caseId).execute();
  return rows.map(normaliseCandidate);
}

function normaliseCandidate(r: ExposureCandidatesTable): ExposureCandidatesTable {
  return { ...r, last_exposure_at: Number(r.last_exposure_at), computed_at: Number(r.computed_at), decided_at: r.decided_at === null ? null : Number(r.decided_at), total_overlap_minutes: Number(r.total_overlap_minutes) };
}

/** How many exposure candidates of this person wait for a tracer's decision (their visits are the evidence). */
export async function pendingCandidatesOfPerson(db: Db, personKey: string): Promise<number> {
  const row = await db.selectFrom('exposure_candidates').select((eb) => eb.fn.countAll<number>().as('n')).where('person_key', '=', personKey).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findCandidate(db: Db, caseId: string, id: string): Promise<ExposureCandidatesTable | undefined> {
  const row = await db.selectFrom('exposure_candidates').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
  return row ? normaliseCandidate(row) : undefined;
}

export async function insertCandidate(db: Db, row: ExposureCandidatesTable): Promise<void> {
  await db.insertInto('exposure_candidates').values(row).onConflict((oc) => oc.columns(['case_id', 'person_key']).doNothing()).execute();
}

export async function refreshPendingCandidate(db: Db, id: string, patch: Pick<ExposureCandidatesTable, 'visit_id' | 'classification' | 'total_overlap_minutes' | 'last_exposure_at' | 'venues' | 'computed_at'>): Promise<void> {
  await db.updateTable('exposure_candidates').set(patch).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Records a decision once: false when another decision got there first. */
export async function decideCandidate(db: Db, id: string, status: string, reason: string | null, by: string | null, at: number): Promise<boolean> {
  const res = await db
    .updateTable('exposure_candidates')
    .set({ status, reason, decided_by: by, decided_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---------- contacts

export async function insertContact(db: Db, row: ContactsTable): Promise<void> {
  await db.insertInto('contacts').values(row).execute();
}

function normaliseContact(r: ContactsTable): ContactsTable {
  return { ...r, last_exposure_at: Number(r.last_exposure_at), created_at: Number(r.created_at), updated_at: Number(r.updated_at) };
}

export async function findContact(db: Db, id: string): Promise<ContactsTable | undefined> {
  const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? normaliseContact(row) : undefined;
}

export async function findContactByTokenHash(db: Db, tokenHash: string): Promise<ContactsTable | undefined> {
  const row = await db.selectFrom('contacts').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row ? normaliseContact(row) : undefined;
}

export async function contactsByIds(db: Db, ids: readonly string[]): Promise<ContactsTable[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('contacts').selectAll().where('id', 'in', ids).execute();
  return rows.map(normaliseContact);
}

/** Follow-ups without a case (a newcomer's self-isolation), with their daily reports. */
export async function deleteContactsWithoutCase(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('contact_reports').where('contact_id', 'in', ids).execute();
  await db.deleteFrom('contacts').where('id', 'in', ids).where('case_id', 'is', null).execute();
}

export async function contactsOfCase(db: Db, caseId: string): Promise<ContactsTable[]> {
  const rows = await db.selectFrom('contacts').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
  return rows.map(normaliseContact);
}

export async function contactsInScopes(db: Db, scopes: readonly string[], statuses: readonly string[]): Promise<ContactsTable[]> {
  if (scopes.length === 0) return [];
  const rows = await db
    .selectFrom('contacts')
    .selectAll()
    .where((eb) => eb.or(scopes.flatMap((s) => [eb('follow_up_region_code', '=', s), eb('follow_up_region_code', 'like', `${s}.%`)])))
    .where('status', 'in', statuses)
    // A newcomer's self-isolation (no case) is followed by the village officer, not on the tracers' list.
    .where('case_id', 'is not', null)
    .orderBy('quarantine_end')
    .execute();
  return rows.map(normaliseContact);
}

/** Contacts in quarantine whose quarantine ended before `today` (YYYY-MM-DD). */
export async function contactsDueForDischarge(db: Db, today: string): Promise<ContactsTable[]> {
  const rows = await db.selectFrom('contacts').selectAll().where('status', '=', 'quarantine').where('quarantine_end', '<', today).execute();
  return rows.map(normaliseContact);
}

export async function updateContact(db: Db, id: string, patch: Partial<ContactsTable>): Promise<void> {
  await db.updateTable('contacts').set(patch).where('id', '=', id).execute();
}

export async function reportsOfContacts(db: Db, contactIds: readonly string[]): Promise<ContactReportsTable[]> {
  if (contactIds.length === 0) return [];
  return db.selectFrom('contact_reports').selectAll().where('contact_id', 'in', contactIds).orderBy('date').execute();
}

/** One report per contact and day: a second report the same day replaces the first. */
export async function replaceReport(db: Db, row: ContactReportsTable): Promise<void> {
  await db.deleteFrom('contact_reports').where('contact_id', '=', row.contact_id).where('date', '=', row.date).execute();
  await db.insertInto('contact_reports').values(row).execute();
}

// ---------- venue notices

export async function insertVenueNotice(db: Db, row: VenueNoticesTable): Promise<boolean> {
  const existing = await db.selectFrom('venue_notices').select('id').where('case_id', '=', row.case_id).where('venue_id', '=', row.venue_id).where('date', '=', row.date).executeTakeFirst();
  if (existing) return false;
  await db.insertInto('venue_notices').values(row).execute();
  return true;
}

export async function noticesOfVenue(db: Db, venueId: string): Promise<VenueNoticesTable[]> {
  const rows = await db.selectFrom('venue_notices').selectAll().where('venue_id', '=', venueId).orderBy('from_at', 'desc').execute();
  return rows.map((r) => ({ ...r, from_at: Number(r.from_at), until_at: Number(r.until_at), created_at: Number(r.created_at) }));
}

/** The notices a case caused, one per venue and day, in time order (the case page lists whom it told). */
export async function noticesOfCase(db: Db, caseId: string): Promise<VenueNoticesTable[]> {
  const rows = await db.selectFrom('venue_notices').selectAll().where('case_id', '=', caseId).orderBy('from_at').execute();
  return rows.map((r) => ({ ...r, from_at: Number(r.from_at), until_at: Number(r.until_at), created_at: Number(r.created_at) }));
}

/** Retention: closed cases last changed before `before`, with everything recorded about them and their contacts. */
export async function purgeClosedCasesBefore(db: Db, before: number): Promise<number> {
  const ids = (await db.selectFrom('cases').select('id').where('category', 'in', ['discarded', 'selesai_isolasi', 'meninggal']).where('updated_at', '<', before).execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  const contactIds = (await db.selectFrom('contacts').select('id').where('case_id', 'in', ids).execute()).map((r) => r.id);
  if (contactIds.length > 0) await db.deleteFrom('contact_reports').where('contact_id', 'in', contactIds).execute();
  await db.deleteFrom('contacts').where('case_id', 'in', ids).execute();
  await db.deleteFrom('exposure_candidates').where('case_id', 'in', ids).execute();
  await db.deleteFrom('venue_notices').where('case_id', 'in', ids).execute();
  await db.deleteFrom('exposure_searches').where('case_id', 'in', ids).execute();
  await db.deleteFrom('cases').where('id', 'in', ids).execute();
  return ids.length;
}

/** Every case of a person (any category), found by the keyed phone hash or one of the keyed NIK hashes: the resident's own records. */
export async function casesOfPerson(db: Db, personKey: string, nikKeys: readonly string[]): Promise<CasesTable[]> {
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where((eb) => (nikKeys.length > 0 ? eb.or([eb('person_key', '=', personKey), eb('nik_key', 'in', nikKeys)]) : eb('person_key', '=', personKey)))
    .orderBy('created_at')
    .execute();
  return rows.map(normaliseCase);
}

/** Every contact record of a person (keyed phone hash). */
export async function contactsOfPerson(db: Db, personKey: string): Promise<ContactsTable[]> {
  const rows = await db.selectFrom('contacts').selectAll().where('person_key', '=', personKey).orderBy('created_at').execute();
  return rows.map(normaliseContact);
}

function prefixes(column: string, scopes: readonly string[]) {
  return (eb: ExpressionBuilder<Database, 'cases' | 'contacts' | 'exposure_candidates'>) =>
    eb.or(scopes.flatMap((s) => [eb(eb.ref(column as 'cases.residence_code'), '=', s), eb(eb.ref(column as 'cases.residence_code'), 'like', `${s}.%`)]));
}

/** Exposure candidates still waiting for a tracer's decision, of cases residing in the scopes (home page). */
export async function countPendingCandidates(db: Db, scopes: readonly string[]): Promise<number> {
  if (scopes.length === 0) return 0;
  const row = await db
    .selectFrom('exposure_candidates')
    .innerJoin('cases', 'cases.id', 'exposure_candidates.case_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('exposure_candidates.status', '=', 'pending')
    .where(prefixes('cases.residence_code', scopes))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Contacts of a case in quarantine who sent no daily report for `day` (yesterday, local) although they were already
 * followed before `followedBefore` (the start of today) and their quarantine had not ended: in the scopes by their
 * follow-up region or their case's residence, as the contact's access rule (home page).
 */
export async function countContactsMissingReport(db: Db, scopes: readonly string[], day: string, followedBefore: number): Promise<number> {
  if (scopes.length === 0) return 0;
  const row = await db
    .selectFrom('contacts')
    .innerJoin('cases', 'cases.id', 'contacts.case_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('contacts.status', '=', 'quarantine')
    .where('contacts.quarantine_end', '>=', day)
    .where('contacts.created_at', '<', followedBefore)
    .where((eb) => eb.or([prefixes('contacts.follow_up_region_code', scopes)(eb), prefixes('cases.residence_code', scopes)(eb)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('contact_reports').select('contact_reports.id').whereRef('contact_reports.contact_id', '=', 'contacts.id').where('contact_reports.date', '=', day))))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

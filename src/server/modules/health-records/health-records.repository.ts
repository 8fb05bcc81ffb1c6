/** SQL of the health-records module, on its own tables only. */
import type { Db } from '../../db/kysely.js';
import type { TestResultsTable, VaccinationsTable } from './health-records.table.js';

export async function insertVaccination(db: Db, row: VaccinationsTable): Promise<void> {
  await db.insertInto('vaccinations').values(row).execute();
}

export async function insertTestResult(db: Db, row: TestResultsTable): Promise<void> {
  await db.insertInto('test_results').values(row).execute();
}

/** Which of these import keys are stored already (in either table). */
export async function knownImportKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const [v, t] = await Promise.all([
    db.selectFrom('vaccinations').select('import_key').where('import_key', 'in', [...keys]).execute(),
    db.selectFrom('test_results').select('import_key').where('import_key', 'in', [...keys]).execute(),
  ]);
  return new Set([...v, ...t].map((r) => r.import_key).filter((k): k is string => k !== null));
}

/** A person's records: by the phone's person key, or by one of the NIK hashes given. */
export async function vaccinationsOfPerson(db: Db, personKey: string, nikKeys: readonly string[]): Promise<VaccinationsTable[]> {
  return db
    .selectFrom('vaccinations')
    .selectAll()
    .where((eb) => (nikKeys.length > 0 ? eb.or([eb('person_key', '=', personKey), eb('nik_key', 'in', [...nikKeys])]) : eb('person_key', '=', personKey)))
    .orderBy('date')
    .execute();
}

export async function testResultsOfPerson(db: Db, personKey: string, nikKeys: readonly string[]): Promise<TestResultsTable[]> {
  return db
    .selectFrom('test_results')
    .selectAll()
    .where((eb) => (nikKeys.length > 0 ? eb.or([eb('person_key', '=', personKey), eb('nik_key', 'in', [...nikKeys])]) : eb('person_key', '=', personKey)))
    .orderBy('at')
    .execute();
}

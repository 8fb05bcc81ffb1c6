import type { Db } from '../../db/kysely.js';
import { deriveKey, keyedHash } from '../../shared/crypto.js';
import { testResultsOfPerson, vaccinationsOfPerson } from './health-records.repository.js';

/*
 * A person's vaccinations and test results, for the resident's own space (status colour, export): found by the check-in
 * person key of their phone, or by the NIKs given, which the caller takes from the person's own tracing cases (each
 * recorded under the same phone by a tracer), never from what the person typed.
 */
export interface PersonVaccination {
  id: string;
  dose: number;
  vaccine: string;
  date: string;
  regionCode: string;
  createdAt: number;
}
export interface PersonTestResult {
  id: string;
  kind: 'antigen' | 'pcr';
  result: 'positive' | 'negative';
  at: number;
  regionCode: string;
  createdAt: number;
}

export function createHealthPersonRecords(deps: { db: Db; secretKey: Buffer }) {
  const nikKeyKey = deriveKey(deps.secretKey, 'health:nik');
  return {
    async of(personKey: string, niks: readonly string[]): Promise<{ vaccinations: PersonVaccination[]; tests: PersonTestResult[] }> {
      const nikKeys = niks.map((n) => keyedHash(nikKeyKey, n));
      const [vaccinations, tests] = await Promise.all([vaccinationsOfPerson(deps.db, personKey, nikKeys), testResultsOfPerson(deps.db, personKey, nikKeys)]);
      return {
        vaccinations: vaccinations.map((v) => ({ id: v.id, dose: v.dose, vaccine: v.vaccine, date: v.date, regionCode: v.region_code, createdAt: v.created_at })),
        tests: tests.map((t) => ({ id: t.id, kind: t.kind as PersonTestResult['kind'], result: t.result as PersonTestResult['result'], at: t.at, regionCode: t.region_code, createdAt: t.created_at })),
      };
    },
  };
}
export type HealthPersonRecords = ReturnType<typeof createHealthPersonRecords>;

import type { Db } from '../../db/kysely.js';
import { decryptText, deriveKey, keyedHash } from '../../shared/crypto.js';
import { addDaysToDate } from '../../shared/local-time.js';
import { arrivalsOfPersonKeys } from './arrivals.repository.js';
import { ARRIVAL_RETENTION_DAYS } from './arrivals.service.js';

/*
 * A person's own self-reports, for the resident's space (issue #16). A report names its person by a hash keyed with
 * `arrivals:person` of `nik:<NIK>` (or of a passport number), never of the phone: so a resident's reports are found by
 * the NIKs their other records hold, and kept only when they carry the resident's phone too.
 */

export interface PersonArrival {
  reference: string;
  origin: string;
  arrivalDate: string;
  isolationUntil: string;
  regionCode: string;
  status: string;
  createdAt: number;
  /** The day the retention job deletes it. */
  keptUntil: string;
}

export function createArrivalPersonRecords(deps: { db: Db; secretKey: Buffer }) {
  const personKey = deriveKey(deps.secretKey, 'arrivals:person');
  const dataKey = deriveKey(deps.secretKey, 'arrivals:data');
  return {
    /** The reports naming one of `niks` AND this phone: a NIK alone is no proof that the report is the caller's. */
    async of(niks: readonly string[], phone: string): Promise<PersonArrival[]> {
      const rows = (await arrivalsOfPersonKeys(deps.db, niks.map((nik) => keyedHash(personKey, `nik:${nik}`)))).filter((a) => decryptText(dataKey, a.phone_enc) === phone);
      return rows.map((a) => ({
        reference: a.reference,
        origin: a.origin,
        arrivalDate: a.arrival_date,
        isolationUntil: a.isolation_until,
        regionCode: a.region_code,
        status: a.status,
        createdAt: Number(a.created_at),
        keptUntil: addDaysToDate(a.isolation_until, ARRIVAL_RETENTION_DAYS),
      }));
    },
  };
}
export type ArrivalPersonRecords = ReturnType<typeof createArrivalPersonRecords>;

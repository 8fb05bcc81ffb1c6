import type { Db } from '../../db/kysely.js';
import { decryptText, keyedHash } from '../../shared/crypto.js';
import { enforcementKeys } from './enforcement.keys.js';
import { violationsOfPersonKeys } from './enforcement.repository.js';
import { DEFAULT_LADDER } from './sanction-ladder.js';

/** How long an earlier violation raises the next sanction (the seeded ladder's window): what a kept violation is for. */
export const VIOLATION_WINDOW_MONTHS = DEFAULT_LADDER.windowMonths;

/*
 * A person's own violations, for the resident's space (issue #16): a violation names its person by a hash keyed with
 * `enforcement:person` of `nik:<NIK>` or, without a NIK, of `phone:<E.164>` (violations.service.ts); both are
 * computed here, and the NIK opened here, so no other module holds this module's keys.
 */

export interface PersonViolation {
  id: string;
  offence: string;
  regionCode: string;
  occurredAt: number;
  status: string;
  nik: string | null;
}

export function createEnforcementPersonRecords(deps: { db: Db; secretKey: Buffer }) {
  const keys = enforcementKeys(deps.secretKey);
  return {
    /**
     * The violations recorded under this phone: keyed by it (no NIK given), or keyed by one of `niks` AND carrying this
     * phone. A NIK alone is no proof: an offender may give a stranger's NIK, a number may be recycled.
     */
    async of(phone: string, niks: readonly string[]): Promise<PersonViolation[]> {
      const phoneKey = keyedHash(keys.personKey, `phone:${phone}`);
      const personKeys = [phoneKey, ...niks.map((nik) => keyedHash(keys.personKey, `nik:${nik}`))];
      const rows = (await violationsOfPersonKeys(deps.db, personKeys)).filter(
        (v) => v.person_key === phoneKey || (v.phone_enc !== null && decryptText(keys.dataKey, v.phone_enc) === phone),
      );
      return rows.map((v) => ({
        id: v.id,
        offence: v.offence,
        regionCode: v.region_code,
        occurredAt: v.occurred_at,
        status: v.status,
        nik: v.nik_enc === null ? null : decryptText(keys.dataKey, v.nik_enc),
      }));
    },
  };
}
export type EnforcementPersonRecords = ReturnType<typeof createEnforcementPersonRecords>;

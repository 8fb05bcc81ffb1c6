import type { Db } from '../../db/kysely.js';
import { decryptText, keyedHash } from '../../shared/crypto.js';
import { casesOfPerson, contactsOfPerson, findCase, pendingCandidatesOfPerson } from './tracing.repository.js';
import type { CasesTable } from './tracing.table.js';
import { tracingKeys } from './tracing.keys.js';
import type { TracingSettings } from './tracing.rules.js';

/*
 * A person's own tracing records, for the resident's space (issue #16): found by the keyed phone hash (the check-in
 * person key, which cases and contacts carry) or a keyed NIK hash; the NIK is opened here, the one module that may.
 * No staff access check: the caller is the person, signed in by their number.
 */

export interface PersonCase {
  id: string;
  category: string;
  onsetDate: string | null;
  specimenDate: string | null;
  isolationStart: string | null;
  isolationEnd: string | null;
  residenceCode: string;
  createdAt: number;
  updatedAt: number;
  /** Open (not discarded, isolation complete or died): kept under the health law while it runs. */
  open: boolean;
  /** The day the retention job may delete it: `retentionDays` after it closed (an open case: after its isolation end at the earliest). */
  keptUntil: string | null;
  nik: string | null;
}

export interface PersonContact {
  id: string;
  /** null for a newcomer's self-isolation follow-up (arrivals), which has no case. */
  caseId: string | null;
  lastExposureAt: number;
  quarantineEnd: string;
  status: string;
  testResult: string | null;
  testDate: string | null;
  followUpRegionCode: string;
  createdAt: number;
  /** In quarantine: kept under the health law while it runs. */
  open: boolean;
  /** A contact record goes with its case: the day the retention job may delete that case (null: not before it closes). */
  keptUntil: string | null;
}

const FINAL = new Set(['discarded', 'selesai_isolasi', 'meninggal']);
const DAY = 24 * 60 * 60 * 1000;

export function createTracingPersonRecords(deps: { db: Db; secretKey: Buffer; settings: Pick<TracingSettings, 'retentionDays'> }) {
  const keys = tracingKeys(deps.secretKey);
  const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const addDays = (date: string, days: number) => isoDay(Date.parse(`${date}T00:00:00Z`) + days * DAY);
  /**
   * When the retention job (purgeClosedCasesBefore) may delete a case: `retentionDays` after its last change once
   * closed; while open, not before its isolation ends (then null when no end is set yet).
   */
  const keptUntilOf = (c: CasesTable): string | null => {
    if (FINAL.has(c.category)) return isoDay(c.updated_at + deps.settings.retentionDays * DAY);
    return c.isolation_end === null ? null : addDays(c.isolation_end, deps.settings.retentionDays);
  };
  return {
    /** Whether the person's visits are still evidence for tracing: an exposure candidate awaiting a tracer's decision. */
    pendingCandidates: (personKey: string) => pendingCandidatesOfPerson(deps.db, personKey),
    async of(personKey: string, niks: readonly string[]): Promise<{ cases: PersonCase[]; contacts: PersonContact[] }> {
      const cases = await casesOfPerson(deps.db, personKey, niks.map((nik) => keyedHash(keys.nikHashKey, nik)));
      const contacts = await contactsOfPerson(deps.db, personKey);
      const sourceCases = new Map<string, CasesTable | undefined>();
      // A newcomer's self-isolation follow-up (arrivals) is a contact row with no case.
      for (const c of contacts) if (c.case_id !== null && !sourceCases.has(c.case_id)) sourceCases.set(c.case_id, await findCase(deps.db, c.case_id));
      return {
        cases: cases.map((c) => {
          const open = !FINAL.has(c.category);
          const keptUntil = keptUntilOf(c);
          return {
            id: c.id,
            category: c.category,
            onsetDate: c.onset_date,
            specimenDate: c.specimen_date,
            isolationStart: c.isolation_start,
            isolationEnd: c.isolation_end,
            residenceCode: c.residence_code,
            createdAt: c.created_at,
            updatedAt: c.updated_at,
            open,
            keptUntil,
            nik: c.nik_enc === null ? null : decryptText(keys.dataKey, c.nik_enc),
          };
        }),
        contacts: contacts.map((c) => ({
          id: c.id,
          caseId: c.case_id,
          lastExposureAt: c.last_exposure_at,
          quarantineEnd: c.quarantine_end,
          status: c.status,
          testResult: c.test_result,
          testDate: c.test_date,
          followUpRegionCode: c.follow_up_region_code,
          createdAt: c.created_at,
          open: c.status === 'quarantine',
          keptUntil: (() => {
            const source = c.case_id === null ? undefined : sourceCases.get(c.case_id);
            return source ? keptUntilOf(source) : null;
          })(),
        })),
      };
    },
  };
}
export type TracingPersonRecords = ReturnType<typeof createTracingPersonRecords>;

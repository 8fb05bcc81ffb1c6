/*
 * A resident's status colour (domain.md §9, PeduliLindungi's reference), as a pure function of the records held about
 * them. This version reads the tracing records only: `hitam` while a confirmed case's isolation or a close contact's
 * quarantine runs, else `hijau` with no record. Vaccinations, tests and the dated rule versions (Sep 2021, Jul 2022)
 * are the next inputs: they join `StatusRecords` and the rule below, and the answer's shape stays.
 */

export const STATUS_COLOURS = ['hijau', 'kuning', 'merah', 'hitam'] as const;
export type StatusColour = (typeof STATUS_COLOURS)[number];

/** Why the colour is what it is: a code the pages turn into words. */
export const STATUS_REASONS = ['isolation', 'quarantine', 'self_isolation', 'no_record'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export interface StatusRecords {
  /** Local date (YYYY-MM-DD) in the city: isolation and quarantine ends are local dates, their last day included. */
  today: string;
  cases: readonly { category: string; isolationEnd: string | null }[];
  /** Close contacts' quarantines, and a newcomer's 14-day self-isolation (a follow-up with no case: `selfIsolation`). */
  contacts: readonly { status: string; quarantineEnd: string; selfIsolation?: boolean }[];
}

export interface ResidentStatus {
  colour: StatusColour;
  reason: StatusReason;
  /** The last local day the colour holds (it changes the day after), or null when nothing ends it. */
  until: string | null;
}

const CONFIRMED = new Set(['konfirmasi_simptomatik', 'konfirmasi_asimptomatik']);

/** The later of two dates, where null means "not known to end" and wins. */
function later(a: string | null | undefined, b: string | null): string | null {
  if (a === undefined) return b;
  if (a === null || b === null) return null;
  return a > b ? a : b;
}

export function residentStatus(records: StatusRecords): ResidentStatus {
  const { today } = records;
  // A confirmed case still in isolation (an isolation end not yet set counts as running).
  let isolationUntil: string | null | undefined;
  for (const c of records.cases) {
    if (!CONFIRMED.has(c.category)) continue;
    if (c.isolationEnd !== null && c.isolationEnd < today) continue;
    isolationUntil = later(isolationUntil, c.isolationEnd);
  }
  let quarantineUntil: string | undefined;
  let onlySelfIsolation = true;
  for (const c of records.contacts) {
    if (c.status !== 'quarantine' || c.quarantineEnd < today) continue;
    if (!c.selfIsolation) onlySelfIsolation = false;
    quarantineUntil = quarantineUntil === undefined || c.quarantineEnd > quarantineUntil ? c.quarantineEnd : quarantineUntil;
  }
  // Both running: black until the later end (an isolation without an end date keeps it open).
  if (isolationUntil !== undefined) return { colour: 'hitam', reason: 'isolation', until: later(isolationUntil, quarantineUntil ?? isolationUntil) };
  // A newcomer's self-isolation (Pola Jaga Baya) keeps them home like a quarantine, but it is not a contact's.
  if (quarantineUntil !== undefined) return { colour: 'hitam', reason: onlySelfIsolation ? 'self_isolation' : 'quarantine', until: quarantineUntil };
  return { colour: 'hijau', reason: 'no_record', until: null };
}

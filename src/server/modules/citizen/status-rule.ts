/*
 * A resident's status colour (domain.md §9, PeduliLindungi's reference), as a pure function of the records held about
 * them, under a versioned status rule.
 *
 * - `hitam` always comes first, under every version and before any: a confirmed case's isolation, a close contact's
 *   quarantine or a newcomer's self-isolation that runs today, or a positive test of the last BLACK_CASE_DAYS days
 *   with no negative test after it.
 * - Before the first version (Sep 2021) nothing else was judged: `hijau`, reason `no_record`.
 * - Under a version: the doses recorded give `hijau` (`greenDoses` or more), `kuning` (`yellowDoses` or more) or
 *   `merah`; a recovered case (isolation ended less than SURVIVOR_WINDOW_DAYS ago) is at least `kuning`; a negative
 *   antigen test lifts to `hijau` for 24 h, a PCR for 72 h (exactly: at the instant the test was taken plus 24 h or
 *   72 h it no longer counts).
 * - No record under a version (no dose, no test, no case) is `merah`, reason `not_vaccinated`: the domain's "not
 *   vaccinated", which is what PeduliLindungi showed a person it had no vaccination record of. The /saya page says
 *   so and tells the person to ask their puskesmas to record a vaccination that is missing.
 *
 * `until` is the last local day the colour holds (null: nothing ends it); `changesAt` the instant it changes (the
 * start of the day after `until`, or a test's expiry). The door (`doorDecision`) refuses `hitam` always and `merah`
 * where the version says so.
 */
import { addDaysToDate, localDate, localDateTimeToEpochMs } from '../../shared/local-time.js';

export const STATUS_COLOURS = ['hijau', 'kuning', 'merah', 'hitam'] as const;
export type StatusColour = (typeof STATUS_COLOURS)[number];

/** Why the colour is what it is: a code the pages turn into words. */
export const STATUS_REASONS = [
  'isolation',
  'quarantine',
  'self_isolation',
  'positive_test',
  'negative_test',
  'fully_vaccinated',
  'partially_vaccinated',
  'recovered',
  'not_vaccinated',
  'no_record',
] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export const VACCINE_DOSES = [1, 2, 3, 4] as const;
/** Single-dose primary vaccines: their first dose completes the primary series (domain.md §9: "except J&J"). */
export const SINGLE_DOSE_VACCINES = new Set(['janssen']);

/** One dated version of the rule (domain.md §9). The parameters are the domain's defaults. */
export interface StatusRuleVersion {
  id: string;
  /** First local day (in the city) the version applies. */
  effectiveFrom: string;
  /** Doses for `hijau` (a single-dose primary vaccine counts as two). */
  greenDoses: number;
  /** Doses for `kuning`; fewer is `merah`. */
  yellowDoses: number;
  antigenValidHours: number;
  pcrValidHours: number;
  survivorWindowDays: number;
  blackCaseDays: number;
  /** What a door with a status check does with `merah`: refuse it (domain.md §9 "Denied") or let it in with a notice. */
  merahAtDoor: 'refuse' | 'admit';
}

/**
 * The seeded versions. Sep 2021 (vaccination-based): 2 doses green, 1 yellow, 0 red. Jul 2022 (booster required for
 * adult green): 3 doses green, 2 yellow, 0–1 red. Both deny red at the door (domain.md §9). The month is what the
 * domain notes give; the first of the month is used [U].
 */
export const STATUS_RULE_VERSIONS: readonly StatusRuleVersion[] = [
  { id: '2021-09', effectiveFrom: '2021-09-01', greenDoses: 2, yellowDoses: 1, antigenValidHours: 24, pcrValidHours: 72, survivorWindowDays: 90, blackCaseDays: 10, merahAtDoor: 'refuse' },
  { id: '2022-07', effectiveFrom: '2022-07-01', greenDoses: 3, yellowDoses: 2, antigenValidHours: 24, pcrValidHours: 72, survivorWindowDays: 90, blackCaseDays: 10, merahAtDoor: 'refuse' },
];

export interface StatusRecords {
  /** The instant judged (UTC epoch ms). */
  now: number;
  /** The city's zone: isolation and quarantine ends are local dates, their last day included. */
  timeZone: string;
  cases: readonly { category: string; isolationEnd: string | null }[];
  /** Close contacts' quarantines, and a newcomer's 14-day self-isolation (a follow-up with no case: `selfIsolation`). */
  contacts: readonly { status: string; quarantineEnd: string; selfIsolation?: boolean }[];
  vaccinations?: readonly { dose: number; vaccine: string; date: string }[];
  tests?: readonly { kind: 'antigen' | 'pcr'; result: 'positive' | 'negative'; at: number }[];
}

export interface ResidentStatus {
  colour: StatusColour;
  reason: StatusReason;
  /** The last local day the colour holds (it changes the day after, or at `changesAt`), or null when nothing ends it. */
  until: string | null;
  /** The instant the colour changes (ISO 8601), or null. */
  changesAt: string | null;
  /** The status rule version applied, or null before the first one. */
  rule: string | null;
}

const CONFIRMED = new Set(['konfirmasi_simptomatik', 'konfirmasi_asimptomatik']);
const HOUR = 3_600_000;

/** The later of two dates, where null means "not known to end" and wins. */
function later(a: string | null | undefined, b: string | null): string | null {
  if (a === undefined) return b;
  if (a === null || b === null) return null;
  return a > b ? a : b;
}

export function statusRuleVersionAt(date: string, versions: readonly StatusRuleVersion[] = STATUS_RULE_VERSIONS): StatusRuleVersion | null {
  let found: StatusRuleVersion | null = null;
  for (const v of versions) if (v.effectiveFrom <= date && (found === null || v.effectiveFrom > found.effectiveFrom)) found = v;
  return found;
}

export function residentStatus(records: StatusRecords, versions: readonly StatusRuleVersion[] = STATUS_RULE_VERSIONS): ResidentStatus {
  const { now, timeZone } = records;
  const today = localDate(now, timeZone);
  const version = statusRuleVersionAt(today, versions);
  const rule = version?.id ?? null;
  const dayAfter = (date: string | null) => (date === null ? null : new Date(localDateTimeToEpochMs(addDaysToDate(date, 1), '00:00', timeZone)).toISOString());
  const byDay = (colour: StatusColour, reason: StatusReason, until: string | null): ResidentStatus => ({ colour, reason, until, changesAt: dayAfter(until), rule });

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
  if (isolationUntil !== undefined) return byDay('hitam', 'isolation', later(isolationUntil, quarantineUntil ?? isolationUntil));
  // A newcomer's self-isolation (Pola Jaga Baya) keeps them home like a quarantine, but it is not a contact's.
  if (quarantineUntil !== undefined) return byDay('hitam', onlySelfIsolation ? 'self_isolation' : 'quarantine', quarantineUntil);

  const tests = (records.tests ?? []).filter((t) => t.at <= now);
  // A positive test (not yet a case in tracing) is black for BLACK_CASE_DAYS from its day, unless a negative test
  // was taken after it (domain.md §9: "reverts after a negative retest or 10 days after the positive result").
  const blackDays = version?.blackCaseDays ?? 10;
  const lastPositive = tests.filter((t) => t.result === 'positive').sort((a, b) => b.at - a.at)[0];
  if (lastPositive && !tests.some((t) => t.result === 'negative' && t.at > lastPositive.at)) {
    const until = addDaysToDate(localDate(lastPositive.at, timeZone), blackDays - 1);
    if (until >= today) return byDay('hitam', 'positive_test', until);
  }

  if (version === null) return byDay('hijau', 'no_record', null);

  // Vaccinations: the highest dose given up to today; a single-dose primary vaccine completes the primary series.
  let doses = 0;
  for (const v of records.vaccinations ?? []) {
    if (v.date > today) continue;
    doses = Math.max(doses, v.dose === 1 && SINGLE_DOSE_VACCINES.has(v.vaccine) ? 2 : v.dose);
  }
  if (doses >= version.greenDoses) return byDay('hijau', 'fully_vaccinated', null);

  // A survivor whose isolation ended less than SURVIVOR_WINDOW_DAYS ago (cannot be vaccinated yet): at least yellow.
  let survivorUntil: string | undefined;
  for (const c of records.cases) {
    if (c.isolationEnd === null || !(CONFIRMED.has(c.category) || c.category === 'selesai_isolasi')) continue;
    const end = addDaysToDate(c.isolationEnd, version.survivorWindowDays);
    if (end >= today && (survivorUntil === undefined || end > survivorUntil)) survivorUntil = end;
  }
  const base: ResidentStatus =
    doses >= version.yellowDoses
      ? byDay('kuning', 'partially_vaccinated', null)
      : survivorUntil !== undefined
        ? byDay('kuning', 'recovered', survivorUntil)
        : byDay('merah', 'not_vaccinated', null);

  // A negative test still valid lifts the colour to green until it expires (its instant + 24 h or 72 h).
  let testValidUntil: number | undefined;
  for (const t of tests) {
    if (t.result !== 'negative') continue;
    const expires = t.at + (t.kind === 'pcr' ? version.pcrValidHours : version.antigenValidHours) * HOUR;
    if (expires > now && (testValidUntil === undefined || expires > testValidUntil)) testValidUntil = expires;
  }
  if (testValidUntil !== undefined) {
    return { colour: 'hijau', reason: 'negative_test', until: localDate(testValidUntil - 1, timeZone), changesAt: new Date(testValidUntil).toISOString(), rule };
  }
  return base;
}

/** What a door with a status check does: refuse `hitam` always, `merah` where the version says so. */
export function doorDecision(status: ResidentStatus, versions: readonly StatusRuleVersion[] = STATUS_RULE_VERSIONS): 'admit' | 'refuse' {
  if (status.colour === 'hitam') return 'refuse';
  if (status.colour !== 'merah') return 'admit';
  const version = versions.find((v) => v.id === status.rule);
  return version?.merahAtDoor === 'refuse' ? 'refuse' : 'admit';
}

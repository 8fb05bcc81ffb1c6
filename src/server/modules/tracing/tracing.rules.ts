import { addDaysToDate, localDateTimeToEpochMs } from '../../shared/local-time.js';

/** Case categories (KMK HK.01.07/MENKES/413/2020 rev. 5, domain notes §7.1). */
export const INITIAL_CATEGORIES = ['suspek', 'probable', 'konfirmasi_simptomatik', 'konfirmasi_asimptomatik'] as const;
export const FINAL_CATEGORIES = ['discarded', 'selesai_isolasi', 'meninggal'] as const;
export const CATEGORIES = [...INITIAL_CATEGORIES, ...FINAL_CATEGORIES] as const;
export type CaseCategory = (typeof CATEGORIES)[number];
export const CONFIRMED_CATEGORIES: readonly CaseCategory[] = ['konfirmasi_simptomatik', 'konfirmasi_asimptomatik'];

export function isCategory(value: string): value is CaseCategory {
  return (CATEGORIES as readonly string[]).includes(value);
}
export function isFinal(category: string): boolean {
  return (FINAL_CATEGORIES as readonly string[]).includes(category);
}
export function isConfirmed(category: string): boolean {
  return (CONFIRMED_CATEGORIES as readonly string[]).includes(category);
}

/** Parameters with the defaults of domain notes §10; every one can be overridden (TRACING_* environment variables). */
export interface TracingSettings {
  traceBeforeDays: number;
  traceAfterDays: number;
  isolationDays: number;
  symptomFreeExtraDays: number;
  quarantineDays: number;
  closeContactMinutes: number;
  /** Per venue type overrides of the close-contact threshold (e.g. public transport: 5 minutes). */
  closeContactMinutesByVenueType: Record<string, number>;
  /** Longest stay a visit is taken to last (a forgotten check-out); bounds the SQL search. */
  maxStayHours: number;
  /** Two confirmed cases at one venue or desa within this many days form a cluster. */
  clusterDays: number;
  /** A new case for the same person within this many days of an open one is the same episode. */
  episodeDays: number;
  /** Closed cases (and their contacts, reports, candidates, venue notices) are deleted this many days after closing. */
  retentionDays: number;
  /** Volume alert (issue #14): more exposure searches than this by one account in a local day alerts the administrators. */
  alertSearchesPerDay: number;
  /** …or more cases registered without a test reference than this. */
  alertCasesWithoutTestPerDay: number;
  /** The administrators' e-mail addresses the alert goes to through the outbox (none: the alert is only audited). */
  alertEmails: string[];
}

export const DEFAULT_TRACING_SETTINGS: TracingSettings = {
  traceBeforeDays: 2,
  traceAfterDays: 14,
  isolationDays: 10,
  symptomFreeExtraDays: 3,
  quarantineDays: 14,
  closeContactMinutes: 15,
  closeContactMinutesByVenueType: {},
  maxStayHours: 24,
  clusterDays: 14,
  episodeDays: 90,
  retentionDays: 365,
  alertSearchesPerDay: 20,
  alertCasesWithoutTestPerDay: 10,
  alertEmails: [],
};

function alertEmails(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  for (const address of list) if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw new Error(`TRACING_ALERT_EMAILS: expected e-mail addresses separated by commas, got "${address}"`);
  return list;
}

export function tracingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
    return n;
  };
  const byType: Record<string, number> = {};
  for (const pair of (env.TRACING_CLOSE_CONTACT_MINUTES_BY_TYPE ?? '').split(',').filter(Boolean)) {
    const [type, minutes] = pair.split('=');
    if (!type || !minutes || !/^\d+$/.test(minutes)) throw new Error(`TRACING_CLOSE_CONTACT_MINUTES_BY_TYPE: expected type=minutes, got "${pair}"`);
    byType[type.trim()] = Number(minutes);
  }
  const d = DEFAULT_TRACING_SETTINGS;
  return {
    traceBeforeDays: int('TRACING_BEFORE_DAYS', d.traceBeforeDays),
    traceAfterDays: int('TRACING_AFTER_DAYS', d.traceAfterDays),
    isolationDays: int('TRACING_ISOLATION_DAYS', d.isolationDays),
    symptomFreeExtraDays: int('TRACING_SYMPTOM_FREE_EXTRA_DAYS', d.symptomFreeExtraDays),
    quarantineDays: int('TRACING_QUARANTINE_DAYS', d.quarantineDays),
    closeContactMinutes: int('TRACING_CLOSE_CONTACT_MINUTES', d.closeContactMinutes),
    closeContactMinutesByVenueType: byType,
    maxStayHours: int('TRACING_MAX_STAY_HOURS', d.maxStayHours),
    clusterDays: int('TRACING_CLUSTER_DAYS', d.clusterDays),
    episodeDays: int('TRACING_EPISODE_DAYS', d.episodeDays),
    retentionDays: int('TRACING_RETENTION_DAYS', d.retentionDays),
    alertSearchesPerDay: int('TRACING_ALERT_SEARCHES_PER_DAY', d.alertSearchesPerDay),
    alertCasesWithoutTestPerDay: int('TRACING_ALERT_CASES_WITHOUT_TEST_PER_DAY', d.alertCasesWithoutTestPerDay),
    alertEmails: alertEmails(env.TRACING_ALERT_EMAILS),
  };
}

// ---------------------------------------------------------------- dates

export interface CaseDates {
  category: string;
  onsetDate: string | null;
  specimenDate: string | null;
  isolationStart: string | null;
}

/** The date an episode counts from: onset, else specimen, else isolation start, else `fallback` (registration day). */
export function episodeDate(c: CaseDates, fallback: string): string {
  return c.onsetDate ?? c.specimenDate ?? c.isolationStart ?? fallback;
}

export function isSymptomatic(c: CaseDates): boolean {
  return c.category === 'konfirmasi_simptomatik' || (c.category !== 'konfirmasi_asimptomatik' && c.onsetDate !== null);
}

/**
 * Isolation end (§7.1): 10 days from onset (symptomatic, plus at least 3 symptom-free days) or from the specimen
 * date (asymptomatic); without either, from the isolation start.
 */
export function isolationEnd(c: CaseDates, s: TracingSettings, fallback: string): string {
  const symptomatic = isSymptomatic(c);
  const base = (symptomatic ? (c.onsetDate ?? c.specimenDate) : (c.specimenDate ?? c.onsetDate)) ?? c.isolationStart ?? fallback;
  return addDaysToDate(base, s.isolationDays + (symptomatic ? s.symptomFreeExtraDays : 0));
}

/**
 * Tracing window (§7.2) as instants [start, end): from local midnight `traceBeforeDays` before onset (or specimen
 * date) up to the end of the isolation start day, at most `traceAfterDays` after onset, and never past now.
 */
export function tracingWindow(c: CaseDates, s: TracingSettings, fallback: string, now: number, timeZone: string): { start: number; end: number } {
  const base = (isSymptomatic(c) ? (c.onsetDate ?? c.specimenDate) : (c.specimenDate ?? c.onsetDate)) ?? c.isolationStart ?? fallback;
  const start = localDateTimeToEpochMs(addDaysToDate(base, -s.traceBeforeDays), '00:00', timeZone);
  let end = localDateTimeToEpochMs(addDaysToDate(base, s.traceAfterDays + 1), '00:00', timeZone);
  if (c.isolationStart !== null) end = Math.min(end, localDateTimeToEpochMs(addDaysToDate(c.isolationStart, 1), '00:00', timeZone));
  return { start, end: Math.max(start, Math.min(end, now)) };
}

export function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The symptoms a contact can tick on the follow-up page (/k/). */
export const SYMPTOMS = ['fever', 'cough', 'sore_throat', 'runny_nose', 'shortness_of_breath', 'loss_of_smell_taste', 'fatigue', 'headache', 'diarrhoea'] as const;

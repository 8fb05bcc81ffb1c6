import { addDaysToDate } from '../../shared/local-time.js';
import { findOffence, SANCTION_TYPES, type SanctionType } from './offences.js';

/*
 * The sanction ladder: data, versioned with its legal basis like the rule sets (a city publishes a new version; the
 * one in force on the day of the offence applies). The ladder proposes; the officer decides, and a different sanction
 * needs a reason (enforcement.service.ts).
 *
 * For each offence, `steps[n]` is the sanction for an offence with n earlier offences of the same family within the
 * window; past the last step the last one repeats. Inside the grace period after a version takes effect the ladder
 * proposes socialisation only (teguran_lisan): Perwali 48/2020 enforced from two weeks after promulgation.
 */

export interface LadderStep {
  type: SanctionType;
  amountIdr?: number;
  days?: number;
  /** A second measure proposed with this one (the 4th venue offence: closure and a permit-revocation letter). */
  withRecommendation?: boolean;
}

export interface LadderVersion {
  id: string;
  legalBasis: string;
  /** YYYY-MM-DD, local date of the city. */
  effectiveFrom: string;
  /** YYYY-MM-DD exclusive, or null: in force until a newer version starts. */
  effectiveUntil: string | null;
  graceDays: number;
  windowMonths: number;
  steps: Record<string, LadderStep[]>;
}

export interface ProposedSanction {
  type: SanctionType;
  amountIdr?: number;
  days?: number;
  alsoRecommended?: 'rekomendasi_pencabutan_izin';
  /** Why this one: the n-th offence of its family, or the grace period. */
  basis: 'ladder' | 'grace_period';
  step: number;
}

const VENUE_STEPS: LadderStep[] = [
  { type: 'teguran_tertulis' },
  { type: 'denda', amountIdr: 1_000_000 },
  { type: 'penghentian_sementara', days: 3 },
  { type: 'penutupan', withRecommendation: true },
];

/** The default seeded on first start (issue #15): Perwali 32/2020 with the fines of Pergub 46/2020, no end date. */
export const DEFAULT_LADDER: Omit<LadderVersion, 'id'> = {
  legalBasis: 'Perwali Denpasar 32/2020 jo. Perwali Denpasar 48/2020; Pergub Bali 46/2020',
  effectiveFrom: '2020-05-15',
  effectiveUntil: null,
  graceDays: 14,
  windowMonths: 12,
  steps: {
    masker_tidak_benar: [{ type: 'teguran_lisan' }, { type: 'teguran_tertulis' }, { type: 'denda', amountIdr: 100_000 }],
    masker_tidak_dipakai: [{ type: 'denda', amountIdr: 100_000 }],
    fasilitas_prokes_tidak_ada: VENUE_STEPS,
    melebihi_kapasitas: VENUE_STEPS,
    melewati_jam_operasional: VENUE_STEPS,
  },
};

/** The version in force on a local date, the latest start winning when versions overlap. */
export function ladderInForce(versions: readonly LadderVersion[], date: string): LadderVersion | undefined {
  return versions
    .filter((v) => v.effectiveFrom <= date && (v.effectiveUntil === null || date < v.effectiveUntil))
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0))[0];
}

/** YYYY-MM-DD minus whole months, clamped to the month's last day (29 Feb − 12 months = 28 Feb). */
export function subtractMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The first local date whose earlier offences still count, for an offence on `date`. */
export function windowStart(version: Pick<LadderVersion, 'windowMonths'>, date: string): string {
  return subtractMonths(date, version.windowMonths);
}

/**
 * The sanction the ladder proposes for `offenceCode` on local date `date`, given how many earlier offences of the same
 * family the subject has within the window (the caller counts them: windowStart() to the offence, annulled excluded).
 */
export function proposeSanction(version: LadderVersion, offenceCode: string, date: string, priorOffences: number): ProposedSanction {
  if (!findOffence(offenceCode)) throw new RangeError(`unknown offence ${offenceCode}`);
  if (date < addDaysToDate(version.effectiveFrom, version.graceDays)) return { type: 'teguran_lisan', basis: 'grace_period', step: 0 };
  const steps = version.steps[offenceCode];
  if (!steps || steps.length === 0) throw new RangeError(`ladder ${version.id} has no steps for ${offenceCode}`);
  const index = Math.min(Math.max(0, priorOffences), steps.length - 1);
  const step = steps[index] as LadderStep;
  return {
    type: step.type,
    ...(step.amountIdr !== undefined ? { amountIdr: step.amountIdr } : {}),
    ...(step.days !== undefined ? { days: step.days } : {}),
    ...(step.withRecommendation ? { alsoRecommended: 'rekomendasi_pencabutan_izin' as const } : {}),
    basis: 'ladder',
    step: index + 1,
  };
}

/** Checks a ladder's steps before it is stored: known offences and sanctions, positive amounts and days. */
export function ladderProblems(steps: Record<string, LadderStep[]>): string[] {
  const problems: string[] = [];
  for (const [code, list] of Object.entries(steps)) {
    if (!findOffence(code)) problems.push(`${code}: unknown offence`);
    if (list.length === 0) problems.push(`${code}: no steps`);
    list.forEach((s, i) => {
      if (!(SANCTION_TYPES as readonly string[]).includes(s.type)) problems.push(`${code}[${i}]: unknown sanction ${s.type}`);
      if (s.amountIdr !== undefined && !(Number.isInteger(s.amountIdr) && s.amountIdr > 0)) problems.push(`${code}[${i}]: amount`);
      if (s.days !== undefined && !(Number.isInteger(s.days) && s.days > 0)) problems.push(`${code}[${i}]: days`);
    });
  }
  return problems;
}

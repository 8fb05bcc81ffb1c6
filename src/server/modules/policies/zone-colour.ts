/**
 * Zone colour of a desa/kelurahan from its active cases (domain notes §6.1). Denpasar's Satgas used green < 3,
 * yellow 3–10, orange 11–40, red > 40; the thresholds are a versioned setting because they changed over time.
 */
import { text } from '../../shared/texts.js';
import { problem, type ValidationProblem } from './validation.js';

export const ZONE_COLOURS = ['green', 'yellow', 'orange', 'red'] as const;
export type ZoneColour = (typeof ZONE_COLOURS)[number];

/** Each colour's name as it reads inside a sentence (catalogue `rules.zoneColours`). */
export const ZONE_COLOUR_LABELS: Readonly<Record<ZoneColour, { labelId: string; labelEn: string }>> = Object.fromEntries(
  ZONE_COLOURS.map((colour) => [colour, { labelId: text('id', `rules.zoneColours.${colour}`), labelEn: text('en', `rules.zoneColours.${colour}`) }]),
) as Record<ZoneColour, { labelId: string; labelEn: string }>;

/** The smallest active-case count of each colour above green. */
export interface ZoneThresholds {
  yellowFrom: number;
  orangeFrom: number;
  redFrom: number;
}

export const DEFAULT_ZONE_THRESHOLDS: Readonly<ZoneThresholds> = { yellowFrom: 3, orangeFrom: 11, redFrom: 41 };

const zoneColourSet: ReadonlySet<string> = new Set(ZONE_COLOURS);

export function isZoneColour(value: unknown): value is ZoneColour {
  return typeof value === 'string' && zoneColourSet.has(value);
}

/** The colour for a count of active cases. Throws on a negative or fractional count: that is a caller's bug. */
export function zoneColourFor(activeCases: number, thresholds: ZoneThresholds = DEFAULT_ZONE_THRESHOLDS): ZoneColour {
  if (!Number.isInteger(activeCases) || activeCases < 0) {
    throw new RangeError(`active cases must be a non-negative integer, got ${activeCases}`);
  }
  if (activeCases >= thresholds.redFrom) return 'red';
  if (activeCases >= thresholds.orangeFrom) return 'orange';
  if (activeCases >= thresholds.yellowFrom) return 'yellow';
  return 'green';
}

/** Problems with a thresholds setting: non-negative integers, strictly increasing, yellow at least 1. */
export function validateZoneThresholds(thresholds: ZoneThresholds, fieldPrefix = ''): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const keys = ['yellowFrom', 'orangeFrom', 'redFrom'] as const;
  for (const key of keys) {
    const value = thresholds[key];
    // yellowFrom 0 would leave no count that is green.
    const minimum = key === 'yellowFrom' ? 1 : 0;
    if (!Number.isInteger(value) || value < minimum) {
      problems.push(
        problem(
          fieldPrefix + key,
          'out_of_range',
          `Harus bilangan bulat ≥ ${minimum}`,
          `must be an integer of at least ${minimum}`,
        ),
      );
    }
  }
  if (problems.length > 0) return problems;
  if (thresholds.orangeFrom <= thresholds.yellowFrom) {
    problems.push(
      problem(
        fieldPrefix + 'orangeFrom',
        'not_increasing',
        'Ambang oranye harus lebih besar dari ambang kuning',
        'the orange threshold must be greater than the yellow threshold',
      ),
    );
  }
  if (thresholds.redFrom <= thresholds.orangeFrom) {
    problems.push(
      problem(
        fieldPrefix + 'redFrom',
        'not_increasing',
        'Ambang merah harus lebih besar dari ambang oranye',
        'the red threshold must be greater than the orange threshold',
      ),
    );
  }
  return problems;
}

/** One published version of the thresholds setting for a scope (usually the city). */
export interface ZoneThresholdsVersion {
  id: string;
  scopeRegionCode: string;
  effectiveFrom: number;
  effectiveTo: number | null;
  thresholds: ZoneThresholds;
  /** Who set it or the instrument it follows. */
  basis: string;
}

/**
 * The thresholds in force at an instant for a region: the nearest scope in the ancestry that has a version in
 * force, newest effectiveFrom first; the defaults when none has.
 */
export function zoneThresholdsInForce(
  versions: readonly ZoneThresholdsVersion[],
  regionAncestry: readonly string[],
  at: number,
): ZoneThresholds {
  return zoneThresholdsVersionInForce(versions, regionAncestry, at)?.thresholds ?? DEFAULT_ZONE_THRESHOLDS;
}

/** The version zoneThresholdsInForce reads its thresholds from; undefined when the defaults apply. */
export function zoneThresholdsVersionInForce(
  versions: readonly ZoneThresholdsVersion[],
  regionAncestry: readonly string[],
  at: number,
): ZoneThresholdsVersion | undefined {
  for (const code of regionAncestry) {
    let best: ZoneThresholdsVersion | undefined;
    for (const version of versions) {
      if (version.scopeRegionCode !== code) continue;
      if (at < version.effectiveFrom || (version.effectiveTo !== null && at >= version.effectiveTo)) continue;
      if (!best || version.effectiveFrom > best.effectiveFrom) best = version;
    }
    if (best) return best;
  }
  return undefined;
}

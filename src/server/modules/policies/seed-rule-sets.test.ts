import { describe, expect, it } from 'vitest';
import { DENPASAR_TIME_ZONE, localDateTimeToEpochMs } from '../../shared/local-time.js';
import { createRuleResolver, type ResolveInput } from './resolve-rules.js';
import { findOverlapsAmongPublished, validateRuleSet } from './rule-set.js';
import {
  DENPASAR_CITY_CODE,
  DENPASAR_SEED_RULE_SETS,
  DENPASAR_ZONE_THRESHOLDS_VERSIONS,
} from './seed-rule-sets.js';
import { validateZoneThresholds, zoneColourFor, zoneThresholdsInForce } from './zone-colour.js';

const SANUR_KAUH = ['51.71.01.2010', '51.71.01', DENPASAR_CITY_CODE];

function wita(localDateTime: string): number {
  const [date, time] = localDateTime.split(' ') as [string, string];
  return localDateTimeToEpochMs(date, time, DENPASAR_TIME_ZONE);
}

const resolver = createRuleResolver(DENPASAR_SEED_RULE_SETS);

function resolveAt(local: string, overrides: Partial<ResolveInput> = {}) {
  return resolver.resolve({
    regionAncestry: SANUR_KAUH,
    sector: 'trade',
    zoneColour: 'yellow',
    at: wita(local),
    timeZone: DENPASAR_TIME_ZONE,
    ...overrides,
  });
}

describe('Denpasar seed rule sets', () => {
  it('validate cleanly and do not overlap', () => {
    for (const ruleSet of DENPASAR_SEED_RULE_SETS) {
      expect({ id: ruleSet.id, problems: validateRuleSet(ruleSet) }).toEqual({ id: ruleSet.id, problems: [] });
    }
    expect(findOverlapsAmongPublished(DENPASAR_SEED_RULE_SETS)).toEqual([]);
    expect(new Set(DENPASAR_SEED_RULE_SETS.map((r) => r.id)).size).toBe(DENPASAR_SEED_RULE_SETS.length);
  });

  it('run back to back from March 2020 to the end of August 2021', () => {
    const sets = DENPASAR_SEED_RULE_SETS;
    for (let i = 1; i < sets.length; i++) {
      expect(sets[i]?.effectiveFrom).toBe(sets[i - 1]?.effectiveTo);
      expect(sets[i]?.version).toBe(i + 1);
    }
    expect(sets[sets.length - 1]?.effectiveTo).toBe(wita('2021-09-01 00:00'));
  });

  it('cite the legal bases as the domain notes do', () => {
    const bases = DENPASAR_SEED_RULE_SETS.map((r) => r.legalBasis);
    expect(bases).toContain('SE Walikota Denpasar 434/572/DKIS/2020');
    expect(bases).toContain('Perwali Denpasar 32/2020');
    expect(bases).toContain('Inmendagri 24/27/2021, SE Gub 12/2021, SE Walikota 180/434/HK/2021');
  });

  it.each([
    ['before any rule (Feb 2020)', '2020-02-01 23:00', {}, { restricted: false, open: true }],
    ['SE 434: shops close 21:00', '2020-04-01 21:00', {}, { open: false, reasonCode: 'outside_rule_window' }],
    ['SE 434: karaoke closed', '2020-04-01 12:00', { sector: 'youth_sport_tourism', venueType: 'nightlife' }, { open: false, closed: true }],
    ['Perwali 32 starts 15 May: transport at 50 %', '2020-05-15 00:00', { sector: 'transport' }, { capacityPercent: 50, capacityMode: 'enforce' }],
    ['Perwali 32: green desa still closes at 21:00 on 1 Aug', '2020-08-01 22:00', { zoneColour: 'green' }, { open: false }],
    ['revision: green desa open at 22:00 on 2 Aug', '2020-08-02 22:00', { zoneColour: 'green' }, { open: true, closesAtLocal: '23:00' }],
    ['revision: yellow desa closed at 22:00 on 2 Aug', '2020-08-02 22:00', { zoneColour: 'yellow' }, { open: false }],
    ['PPKM Jan 2021: mall closes 20:00', '2021-01-12 20:00', { venueType: 'mall' }, { open: false }],
    ['PPKM Jan 2021: warung open at 20:30, dine-in 25 %', '2021-01-12 20:30', { venueType: 'warung' }, { open: true, capacityPercent: 25, dineIn: true }],
    ['SE Gub 6/2021: restaurant until 22:00', '2021-03-10 21:30', { venueType: 'restaurant' }, { open: true, capacityPercent: 50 }],
    ['SE Gub 6/2021: red-zone restaurant closes 21:00', '2021-03-10 21:30', { venueType: 'restaurant', zoneColour: 'red' }, { open: false }],
    ['PPKM Darurat: take-away only', '2021-07-05 19:00', { venueType: 'warung' }, { open: true, dineIn: false }],
    ['PPKM Darurat: mall closed', '2021-07-05 12:00', { venueType: 'mall' }, { open: false, closed: true }],
    ['PPKM Darurat: pharmacy open at night', '2021-07-05 23:30', { sector: 'health', venueType: 'pharmacy' }, { open: true }],
    ['Level 4 Bali: dine-in 25 %, 30 min, until 21:00', '2021-08-10 20:00', { venueType: 'restaurant' }, { open: true, capacityPercent: 25, maxVisitMinutes: 30, closesAtLocal: '21:00' }],
    ['Level 4 Bali ends with August', '2021-09-01 00:00', { venueType: 'restaurant' }, { restricted: false }],
    ['today (2026) is unrestricted', '2026-06-01 23:00', { venueType: 'restaurant', venueHours: { from: '10:00', until: '22:00' } }, { restricted: false, open: false, reasonCode: 'outside_venue_hours', capacityPercent: 100 }],
  ] as const)('%s', (_name, local, overrides, expected) => {
    expect(resolveAt(local, overrides)).toMatchObject(expected);
  });

  it('ships the default zone thresholds from 15 May 2020', () => {
    const [version] = DENPASAR_ZONE_THRESHOLDS_VERSIONS;
    expect(version?.effectiveFrom).toBe(wita('2020-05-15 00:00'));
    expect(validateZoneThresholds(version?.thresholds ?? { yellowFrom: 0, orangeFrom: 0, redFrom: 0 })).toEqual([]);
    const thresholds = zoneThresholdsInForce(DENPASAR_ZONE_THRESHOLDS_VERSIONS, SANUR_KAUH, wita('2020-08-02 12:00'));
    expect([2, 3, 10, 11, 40, 41].map((n) => zoneColourFor(n, thresholds))).toEqual([
      'green',
      'yellow',
      'yellow',
      'orange',
      'orange',
      'red',
    ]);
  });
});

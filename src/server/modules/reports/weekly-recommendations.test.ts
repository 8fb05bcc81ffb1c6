import { describe, expect, it } from 'vitest';
import { isoWeekDates, isoWeekOf, previousIsoWeek } from './iso-week.js';
import { weeklyRecommendations } from './weekly-recommendations.js';

describe('weekly recommendations', () => {
  const d = (regionCode: string, colour: string | null, previousColour: string | null, pkmActive = false) => ({ regionCode, name: regionCode, colour, previousColour, pkmActive });
  it('tightens a PKM of a desa red two weeks running, asks one without to apply, watches a desa getting worse', () => {
    expect(weeklyRecommendations([d('a', 'red', 'red', true), d('b', 'red', 'red'), d('c', 'red', 'orange'), d('e', 'green', 'green', true), d('f', 'green', 'green'), d('g', 'yellow', 'orange'), d('h', 'red', null)], [{ regionCode: 'x', name: 'X' }])).toEqual([
      { kind: 'tightenPkm', regionCode: 'a', name: 'a' },
      { kind: 'applyPkm', regionCode: 'b', name: 'b' },
      { kind: 'watch', regionCode: 'c', name: 'c' },
      { kind: 'considerEndingPkm', regionCode: 'e', name: 'e' },
      { kind: 'evaluationOverdue', regionCode: 'x', name: 'X' },
    ]);
  });
});

describe('ISO weeks', () => {
  it('finds Monday to Sunday, across year ends', () => {
    expect(isoWeekDates('2026-W48')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(isoWeekDates('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    expect(isoWeekDates('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
    // 2026 starts on a Thursday: it has a week 53; 2025 has none.
    expect(isoWeekDates('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(isoWeekDates('2025-W53')).toBeNull();
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(previousIsoWeek('2026-11-30')).toBe('2026-W48');
  });
});

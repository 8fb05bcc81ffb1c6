import { describe, expect, it } from 'vitest';
import {
  findOverlappingPublished,
  findOverlapsAmongPublished,
  overlapProblems,
  validateRuleSet,
  versionsOverlap,
  type Rule,
  type RuleSet,
  type RuleSetDraft,
} from './rule-set.js';

const HOUR = 3_600_000;

function baseRule(overrides: Partial<Rule> = {}): Rule {
  return {
    sector: 'trade',
    zoneColours: 'all',
    window: { from: '00:00', until: '21:00' },
    capacityPercent: 100,
    dineIn: null,
    maxVisitMinutes: null,
    capacityMode: 'warn',
    ...overrides,
  };
}

function draft(overrides: Partial<RuleSetDraft> = {}): RuleSetDraft {
  return {
    legalBasis: 'Perwali Denpasar 32/2020',
    scopeRegionCode: '51.71',
    kind: 'city',
    effectiveFrom: 0,
    effectiveTo: 24 * HOUR,
    rules: [baseRule()],
    ...overrides,
  };
}

function codes(value: RuleSetDraft): [string, string][] {
  return validateRuleSet(value).map((p) => [p.field, p.code]);
}

describe('validateRuleSet', () => {
  it('accepts a well-formed draft, midnight-crossing and end-of-day windows included', () => {
    expect(validateRuleSet(draft())).toEqual([]);
    expect(
      validateRuleSet(
        draft({
          rules: [
            baseRule({ window: { from: '22:00', until: '02:00', crossesMidnight: true } }),
            baseRule({ sector: undefined, venueType: 'pharmacy', window: { from: '00:00', until: '24:00' } }),
            baseRule({ zoneColours: ['green'], window: { from: '10:00', until: '23:00' } }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it.each<[string, RuleSetDraft, [string, string][]]>([
    ['missing legal basis', draft({ legalBasis: '   ' }), [['legalBasis', 'required']]],
    ['bad scope', draft({ scopeRegionCode: 'Denpasar' }), [['scopeRegionCode', 'invalid_region_code']]],
    ['ends before it starts (period)', draft({ effectiveFrom: 10, effectiveTo: 10 }), [['effectiveTo', 'ends_before_start']]],
    [
      'window ends before it starts',
      draft({ rules: [baseRule(), baseRule({ sector: 'health', window: { from: '21:00', until: '09:00' } })] }),
      [['rules[1].window.until', 'window_ends_before_start']],
    ],
    [
      'window ends when it starts',
      draft({ rules: [baseRule({ window: { from: '09:00', until: '09:00' } })] }),
      [['rules[0].window.until', 'empty_window']],
    ],
    [
      'midnight flag on a same-day window',
      draft({ rules: [baseRule({ window: { from: '09:00', until: '21:00', crossesMidnight: true } })] }),
      [['rules[0].window.crossesMidnight', 'midnight_flag_mismatch']],
    ],
    [
      'malformed times',
      draft({ rules: [baseRule({ window: { from: '9:00', until: '24:30' } })] }),
      [
        ['rules[0].window.from', 'invalid_time'],
        ['rules[0].window.until', 'invalid_time'],
      ],
    ],
    [
      '24:00 is only an end',
      draft({ rules: [baseRule({ window: { from: '24:00', until: '24:00' } })] }),
      [['rules[0].window.from', 'invalid_time']],
    ],
    ['capacity above 100', draft({ rules: [baseRule({ capacityPercent: 101 })] }), [['rules[0].capacityPercent', 'out_of_range']]],
    ['capacity below 0', draft({ rules: [baseRule({ capacityPercent: -5 })] }), [['rules[0].capacityPercent', 'out_of_range']]],
    ['max visit of zero', draft({ rules: [baseRule({ maxVisitMinutes: 0 })] }), [['rules[0].maxVisitMinutes', 'out_of_range']]],
    ['no target', draft({ rules: [baseRule({ sector: undefined })] }), [['rules[0]', 'target_required']]],
    ['two targets', draft({ rules: [baseRule({ venueType: 'mall' })] }), [['rules[0]', 'target_ambiguous']]],
    [
      'unknown sector',
      draft({ rules: [baseRule({ sector: 'casino' as Rule['sector'] })] }),
      [['rules[0].sector', 'unknown_sector']],
    ],
    ['empty zone list', draft({ rules: [baseRule({ zoneColours: [] })] }), [['rules[0].zoneColours', 'invalid_zone_colours']]],
    [
      'repeated zone colour',
      draft({ rules: [baseRule({ zoneColours: ['red', 'red'] })] }),
      [['rules[0].zoneColours[1]', 'duplicate_zone_colour']],
    ],
    [
      'closed with a window',
      draft({ rules: [baseRule({ closed: true })] }),
      [['rules[0].window', 'closed_with_window']],
    ],
    [
      'two rules for the same target and colour',
      draft({
        rules: [
          baseRule({ zoneColours: ['green', 'yellow'] }),
          baseRule({ zoneColours: ['yellow'], window: { from: '00:00', until: '20:00' } }),
        ],
      }),
      [['rules[1]', 'duplicate_rule']],
    ],
  ])('%s', (_name, value, expected) => {
    expect(codes(value)).toEqual(expected);
  });

  it('does not treat an "all" rule and a colour rule for the same target as duplicates', () => {
    expect(codes(draft({ rules: [baseRule(), baseRule({ zoneColours: ['green'], window: { from: '00:00', until: '23:00' } })] }))).toEqual([]);
  });

  it('explains each problem in Indonesian and English', () => {
    const [first] = validateRuleSet(draft({ legalBasis: '' }));
    expect(first?.messageId).toMatch(/Dasar hukum/);
    expect(first?.messageEn).toMatch(/legal basis/);
  });
});

describe('overlapping published versions', () => {
  function published(id: string, from: number, to: number | null, overrides: Partial<RuleSet> = {}): RuleSet {
    return {
      id,
      legalBasis: `basis ${id}`,
      scopeRegionCode: '51.71',
      kind: 'city',
      effectiveFrom: from,
      effectiveTo: to,
      status: 'published',
      version: 1,
      rules: [],
      ...overrides,
    };
  }

  it.each<[string, RuleSet, RuleSet, boolean]>([
    ['back to back', published('a', 0, 10), published('b', 10, 20), false],
    ['bounded runs into the next', published('a', 0, 11), published('b', 10, 20), true],
    ['same start', published('a', 0, null), published('b', 0, 5), true],
    ['open-ended is superseded by a later version', published('a', 0, null), published('b', 10, null), false],
    ['later bounded inside an open-ended one', published('a', 0, null), published('b', 10, 20), false],
    ['other scope', published('a', 0, 20), published('b', 10, 20, { scopeRegionCode: '51.71.01' }), false],
    ['other kind', published('a', 0, 20), published('b', 10, 20, { kind: 'village_pkm' }), false],
  ])('%s → %s', (_name, a, b, overlaps) => {
    expect(versionsOverlap(a, b)).toBe(overlaps);
    expect(versionsOverlap(b, a)).toBe(overlaps);
  });

  it('finds the published versions a candidate overlaps, ignoring drafts and itself', () => {
    const existing = [
      published('a', 0, 100),
      published('b', 100, 200),
      published('draft', 0, 500, { status: 'draft' }),
      published('retired', 0, 500, { status: 'retired' }),
    ];
    const candidate = { id: 'c', scopeRegionCode: '51.71', kind: 'city' as const, effectiveFrom: 150, effectiveTo: 300 };
    expect(findOverlappingPublished(candidate, existing).map((r) => r.id)).toEqual(['b']);
    expect(findOverlappingPublished({ ...candidate, id: 'b' }, existing)).toEqual([]);
    expect(overlapProblems(candidate, existing)).toEqual([
      expect.objectContaining({ field: 'effectiveFrom', code: 'overlapping_version' }),
    ]);
    expect(findOverlapsAmongPublished([...existing, published('d', 50, 150)]).map(([x, y]) => [x.id, y.id])).toEqual([
      ['a', 'd'],
      ['b', 'd'],
    ]);
  });
});

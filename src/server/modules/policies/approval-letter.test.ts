import { describe, expect, it } from 'vitest';
import { describeRuleId } from './approval-letter.js';
import type { Rule } from './rule-set.js';

const rule = (overrides: Partial<Rule>): Rule => ({ sector: 'trade', zoneColours: 'all', window: null, capacityPercent: 100, dineIn: null, maxVisitMinutes: null, capacityMode: 'warn', ...overrides });

describe('the PKM letter words a rule the way the screens say it (issue #18)', () => {
  it('a window from midnight is a closing time, never "buka 00:00–20:00"', () => {
    const line = describeRuleId(rule({ window: { from: '00:00', until: '20:00' } }), 'WITA');
    expect(line).toContain('tutup pukul 20:00 WITA');
    expect(line).not.toContain('00:00');
  });

  it('a window to midnight is an opening time, any other a span', () => {
    expect(describeRuleId(rule({ window: { from: '06:00', until: '24:00' } }), 'WITA')).toContain('buka mulai pukul 06:00 WITA');
    expect(describeRuleId(rule({ window: { from: '22:00', until: '02:00', crossesMidnight: true } }), 'WITA')).toContain('buka pukul 22:00–02:00 WITA');
  });
});

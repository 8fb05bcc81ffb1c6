import { describe, expect, it } from 'vitest';
import { describeRuleChanges, rulesDigest, type RulesSummary } from './rules-notice.js';

const open: RulesSummary = { restricted: false, closed: false, hours: [], capacityPercent: 100, capacityMode: 'enforce', dineIn: null, maxVisitMinutes: null, statusCheck: false, zoneColour: 'green' };
const limited: RulesSummary = { ...open, restricted: true, hours: ['08:00–20:00'], capacityPercent: 50, dineIn: false };

describe('what a venue manager is told when the rules change', () => {
  it('the digest ignores the zone colour alone, and nothing is told for it', () => {
    expect(rulesDigest({ ...limited, zoneColour: 'red' })).toBe(rulesDigest(limited));
    expect(describeRuleChanges(limited, { ...limited, zoneColour: 'red' })).toBeNull();
  });

  it('names only what differs, in both languages', () => {
    expect(describeRuleChanges(open, limited)).toEqual({ id: 'buka 08:00–20:00, kapasitas 50%, tidak boleh makan di tempat', en: 'open 08:00–20:00, capacity 50%, no dining in' });
    expect(describeRuleChanges(limited, { ...limited, hours: ['08:00–18:00'] })?.en).toBe('open 08:00–18:00');
    expect(describeRuleChanges(limited, { ...limited, maxVisitMinutes: 60, statusCheck: true })?.id).toBe('kunjungan paling lama 60 menit, status pengunjung diperiksa di pintu');
  });

  it('a zone colour that changes something is named first; closing and lifting say so plainly', () => {
    expect(describeRuleChanges(limited, { ...limited, zoneColour: 'red', capacityPercent: 25 })?.id).toBe('zona merah, kapasitas 25%');
    expect(describeRuleChanges(limited, { ...limited, closed: true, hours: [] })?.en).toBe('closed by the rules');
    expect(describeRuleChanges(limited, open)?.en).toBe('no restrictions any more');
  });
});

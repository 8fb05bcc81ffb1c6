import { describe, expect, it } from 'vitest';
import { bandDayCounts } from './venue-band-days.js';

describe('venues by compliance band per desa and day', () => {
  const DAY = 86_400_000;
  const days = [
    { day: '2026-11-10', endMs: 1 * DAY },
    { day: '2026-11-11', endMs: 2 * DAY },
    { day: '2026-11-12', endMs: 3 * DAY },
  ];
  it('counts each venue under its last stored badge before the day ends, from the day it was verified, by desa', () => {
    const rows = bandDayCounts({
      venues: [
        { id: 'a', regionCode: '51.71.01.1001', verifiedAt: 0 },
        { id: 'b', regionCode: '51.71.01.1001.03', verifiedAt: 0 }, // a banjar: counted under its desa
        { id: 'c', regionCode: '51.71.01.1002', verifiedAt: 2 * DAY - 1 }, // verified on the 11th
      ],
      initial: new Map([['a', 'green'], ['b', 'none']]), // an unknown badge counts as not scored (grey)
      changes: [
        { venueId: 'a', at: 2 * DAY - 1, badge: 'red' }, // the 11th's last instant
        { venueId: 'b', at: 2 * DAY, badge: 'yellow' }, // the 12th's first instant
        { venueId: 'gone', at: 2 * DAY, badge: 'red' }, // a venue no longer listed: ignored
      ],
      days,
    });
    expect(rows).toEqual([
      { regionCode: '51.71.01.1001', day: '2026-11-10', band: 'green', venues: 1 },
      { regionCode: '51.71.01.1001', day: '2026-11-10', band: 'grey', venues: 1 },
      { regionCode: '51.71.01.1001', day: '2026-11-11', band: 'red', venues: 1 },
      { regionCode: '51.71.01.1001', day: '2026-11-11', band: 'grey', venues: 1 },
      { regionCode: '51.71.01.1002', day: '2026-11-11', band: 'grey', venues: 1 },
      { regionCode: '51.71.01.1001', day: '2026-11-12', band: 'yellow', venues: 1 },
      { regionCode: '51.71.01.1001', day: '2026-11-12', band: 'red', venues: 1 },
      { regionCode: '51.71.01.1002', day: '2026-11-12', band: 'grey', venues: 1 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { dailyLedger } from './fine-ledger.js';

const DAY = '2020-09-07';

describe('the daily fines ledger', () => {
  const fines = [
    { team: 'Yustisi 1', amountIdr: 100_000, issuedOn: DAY, paidOn: DAY },
    { team: 'Yustisi 1', amountIdr: 100_000, issuedOn: DAY, paidOn: DAY },
    { team: 'Yustisi 1', amountIdr: 1_000_000, issuedOn: DAY, paidOn: null },
    { team: 'Yustisi 2', amountIdr: 100_000, issuedOn: DAY, paidOn: '2020-09-08' },
    { team: 'Yustisi 2', amountIdr: 1_000_000, issuedOn: '2020-09-01', paidOn: DAY },
    { team: null, amountIdr: 100_000, issuedOn: DAY, paidOn: DAY },
  ];
  const deposits = [{ team: 'Yustisi 1', amountIdr: 150_000, reference: 'STS-001' }];

  it('tallies issued, paid on the spot, paid later, outstanding, deposited and cash on hand per team', () => {
    const { rows } = dailyLedger(DAY, fines, deposits);
    expect(rows.map((r) => r.team)).toEqual([null, 'Yustisi 1', 'Yustisi 2']);
    expect(rows[1]).toEqual({
      team: 'Yustisi 1',
      issued: { count: 3, amountIdr: 1_200_000 },
      paidOnSpot: { count: 2, amountIdr: 200_000 },
      paidLater: { count: 0, amountIdr: 0 },
      outstanding: { count: 1, amountIdr: 1_000_000 },
      collectedIdr: 200_000,
      depositedIdr: 150_000,
      depositReferences: ['STS-001'],
      cashOnHandIdr: 50_000,
    });
    // Paid the next day: outstanding at the end of this one. Issued earlier and paid today: collected today.
    expect(rows[2]).toMatchObject({ issued: { count: 1 }, outstanding: { count: 1, amountIdr: 100_000 }, paidLater: { count: 1, amountIdr: 1_000_000 }, collectedIdr: 1_000_000, cashOnHandIdr: 1_000_000 });
  });

  it('balances to the rupiah: the totals are the sums of the rows, and collected − deposited = cash on hand', () => {
    const { rows, totals } = dailyLedger(DAY, fines, deposits);
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    expect(totals.issued.amountIdr).toBe(sum((r) => r.issued.amountIdr));
    expect(totals.collectedIdr).toBe(1_300_000);
    expect(totals.depositedIdr).toBe(150_000);
    expect(totals.cashOnHandIdr).toBe(totals.collectedIdr - totals.depositedIdr);
    expect(totals.issued.amountIdr).toBe(totals.paidOnSpot.amountIdr + totals.outstanding.amountIdr);
  });

  it('refuses an amount that is not a positive whole rupiah', () => {
    expect(() => dailyLedger(DAY, [{ team: null, amountIdr: 0.5, issuedOn: DAY, paidOn: null }], [])).toThrow(RangeError);
  });
});

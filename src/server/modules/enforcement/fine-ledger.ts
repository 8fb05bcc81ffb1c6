/*
 * The fines ledger of one day, per team (pure): what was issued, what was paid on the spot or later, what is still
 * outstanding, what was deposited to the kas daerah, and the cash the team still holds. Every amount is a whole
 * rupiah; the totals are the sums of the team rows, so the daily cash report balances to the rupiah by construction
 * and the test holds it to the ledger's own rows.
 */

export interface FineEntry {
  team: string | null;
  amountIdr: number;
  /** Local date the fine was issued. */
  issuedOn: string;
  /** Local date it was paid, or null while outstanding. */
  paidOn: string | null;
}

export interface DepositEntry {
  team: string | null;
  amountIdr: number;
  reference: string;
}

export interface Tally {
  count: number;
  amountIdr: number;
}

export interface LedgerRow {
  team: string | null;
  issued: Tally;
  paidOnSpot: Tally;
  paidLater: Tally;
  outstanding: Tally;
  collectedIdr: number;
  depositedIdr: number;
  depositReferences: string[];
  cashOnHandIdr: number;
}

const zero = (): Tally => ({ count: 0, amountIdr: 0 });
const add = (t: Tally, amount: number) => {
  t.count += 1;
  t.amountIdr += amount;
};

/**
 * `fines`: those issued on `date` and those paid on `date` (issued earlier). Outstanding counts the fines issued on
 * the day and not paid by its end. Cash on hand = collected that day − deposited that day.
 */
export function dailyLedger(date: string, fines: readonly FineEntry[], deposits: readonly DepositEntry[]): { rows: LedgerRow[]; totals: LedgerRow } {
  const byTeam = new Map<string, LedgerRow>();
  const rowOf = (team: string | null) => {
    const key = team ?? '';
    let row = byTeam.get(key);
    if (!row) {
      row = { team, issued: zero(), paidOnSpot: zero(), paidLater: zero(), outstanding: zero(), collectedIdr: 0, depositedIdr: 0, depositReferences: [], cashOnHandIdr: 0 };
      byTeam.set(key, row);
    }
    return row;
  };
  for (const f of fines) {
    if (!Number.isInteger(f.amountIdr) || f.amountIdr <= 0) throw new RangeError(`a fine must be a positive whole rupiah amount, got ${f.amountIdr}`);
    const row = rowOf(f.team);
    if (f.issuedOn === date) {
      add(row.issued, f.amountIdr);
      if (f.paidOn === date) add(row.paidOnSpot, f.amountIdr);
      else if (f.paidOn === null || f.paidOn > date) add(row.outstanding, f.amountIdr);
    } else if (f.paidOn === date && f.issuedOn < date) {
      add(row.paidLater, f.amountIdr);
    }
  }
  for (const d of deposits) {
    const row = rowOf(d.team);
    row.depositedIdr += d.amountIdr;
    row.depositReferences.push(d.reference);
  }
  const rows = [...byTeam.values()].sort((a, b) => (a.team ?? '').localeCompare(b.team ?? ''));
  for (const row of rows) {
    row.collectedIdr = row.paidOnSpot.amountIdr + row.paidLater.amountIdr;
    row.cashOnHandIdr = row.collectedIdr - row.depositedIdr;
  }
  const totals: LedgerRow = { team: null, issued: zero(), paidOnSpot: zero(), paidLater: zero(), outstanding: zero(), collectedIdr: 0, depositedIdr: 0, depositReferences: [], cashOnHandIdr: 0 };
  for (const row of rows) {
    for (const k of ['issued', 'paidOnSpot', 'paidLater', 'outstanding'] as const) {
      totals[k].count += row[k].count;
      totals[k].amountIdr += row[k].amountIdr;
    }
    totals.collectedIdr += row.collectedIdr;
    totals.depositedIdr += row.depositedIdr;
    totals.cashOnHandIdr += row.cashOnHandIdr;
    totals.depositReferences.push(...row.depositReferences);
  }
  return { rows, totals };
}

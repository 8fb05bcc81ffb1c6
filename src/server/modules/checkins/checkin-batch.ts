/**
 * Check-ins are committed in batches (group commit): every request that arrives while the previous batch is being
 * written joins the next one, and each is acknowledged only after the transaction that holds it has committed.
 * This file is the pure decision step of a batch: given the commands, the open visits of the people involved and the
 * occupancy counters, it decides each outcome in arrival order. The SQLite store runs it in process; PostgreSQL runs
 * the same decision in the jb_checkin_batch function (migration 2026-11-29-04) to save round trips. The API tests run
 * against both engines, so the two stay in step.
 */

/** How far back a person's open visit is looked for: no visit lasts longer (the auto-close job ends them earlier). */
export const OPEN_VISIT_HORIZON_MS = 24 * 60 * 60 * 1000;

export interface CheckinCommand {
  visitId: string;
  venueId: string;
  regionCode: string;
  personKey: string;
  /** Name and phone, sealed (visit-person.ts). */
  personEnc: string;
  /** sha256 of the device's check-out secret; null when staff check the person in at the desk. */
  secretHash: string | null;
  source: 'qr' | 'desk';
  enteredBy: string | null;
  at: number;
  /** People allowed inside at once under the rules in force. */
  limit: number;
  /** false when the rule in force only warns about capacity. */
  enforceLimit: boolean;
}

/**
 * A check-in as the service hands it to the store: the person and the device's check-out secret still in plain text.
 * The store seals it into a command (visit-person.ts) where it writes, on SQLite in the writer thread, which takes the
 * keyed hash, the encryption and the secret's hash off the event loop (measured in bench/README.md).
 */
export type CheckinRequest = Omit<CheckinCommand, 'personKey' | 'personEnc' | 'secretHash'> & {
  person: { name: string; phone: string };
  /** null when staff check the person in at the desk. */
  checkoutSecret: string | null;
};

export interface OpenVisit {
  id: string;
  venueId: string;
  personKey: string;
  tIn: number;
}

export type CheckinOutcome =
  | { kind: 'created'; visitId: string; at: number; occupancy: number; closedVisitId: string | null }
  | { kind: 'duplicate'; visitId: string; checkedInAt: number; occupancy: number }
  | { kind: 'full'; occupancy: number };

export interface BatchPlan {
  outcomes: CheckinOutcome[];
  inserts: CheckinCommand[];
  /** Earlier visits elsewhere, closed because the person checked in here. */
  closes: { visitId: string; at: number }[];
  /** New counter values of every venue whose count changed. */
  occupancy: Map<string, number>;
  refusals: { venueId: string; regionCode: string; at: number; occupancy: number; limit: number }[];
}

export function planCheckinBatch(commands: CheckinCommand[], openVisits: OpenVisit[], counters: Map<string, number>): BatchPlan {
  const openByPerson = new Map<string, OpenVisit>();
  for (const v of openVisits) {
    const known = openByPerson.get(v.personKey);
    // Should there ever be two open visits, the newest is the one the person is at.
    if (!known || v.tIn > known.tIn) openByPerson.set(v.personKey, v);
  }
  const occupancy = new Map(counters);
  const changed = new Set<string>();
  const count = (venueId: string) => occupancy.get(venueId) ?? 0;
  const plan: BatchPlan = { outcomes: [], inserts: [], closes: [], occupancy: new Map(), refusals: [] };

  for (const cmd of commands) {
    const open = openByPerson.get(cmd.personKey);
    if (open && open.venueId === cmd.venueId) {
      plan.outcomes.push({ kind: 'duplicate', visitId: open.id, checkedInAt: open.tIn, occupancy: count(cmd.venueId) });
      continue;
    }
    const current = count(cmd.venueId);
    if (cmd.enforceLimit && current >= cmd.limit) {
      plan.outcomes.push({ kind: 'full', occupancy: current });
      plan.refusals.push({ venueId: cmd.venueId, regionCode: cmd.regionCode, at: cmd.at, occupancy: current, limit: cmd.limit });
      continue;
    }
    let closedVisitId: string | null = null;
    if (open) {
      plan.closes.push({ visitId: open.id, at: Math.max(cmd.at, open.tIn) });
      occupancy.set(open.venueId, Math.max(0, count(open.venueId) - 1));
      changed.add(open.venueId);
      closedVisitId = open.id;
    }
    occupancy.set(cmd.venueId, count(cmd.venueId) + 1);
    changed.add(cmd.venueId);
    plan.inserts.push(cmd);
    openByPerson.set(cmd.personKey, { id: cmd.visitId, venueId: cmd.venueId, personKey: cmd.personKey, tIn: cmd.at });
    plan.outcomes.push({ kind: 'created', visitId: cmd.visitId, at: cmd.at, occupancy: count(cmd.venueId), closedVisitId });
  }
  for (const venueId of changed) plan.occupancy.set(venueId, count(venueId));
  return plan;
}

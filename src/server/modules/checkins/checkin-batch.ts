/**
 * Check-ins are committed in batches (group commit): every request that arrives while the previous batch is being
 * written joins the next one, and each is acknowledged only after the transaction that holds it has committed.
 * This file is the pure decision step of a batch: given the commands, the open visits they claim and the occupancy
 * counters, it decides each outcome in arrival order. A visit is bound to the device that made it: only the device's
 * proof of its open visit (visit id + check-out secret) makes a rescan a duplicate or closes that visit when the
 * person checks in elsewhere; a phone number alone makes a new visit (tracing merges visits by person). The SQLite
 * store runs it in process; PostgreSQL runs the same decision in the jb_checkin_batch function (migration
 * 2026-12-03-02) to save round trips. test/db/checkin-store.test.ts holds every store to it.
 */

/** How far back a claimed open visit is looked for: no visit lasts longer (the auto-close job ends them earlier). */
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
  /**
   * The device's proof of the visit it holds open (its id and the sha256 of its check-out secret), or null. Only a
   * proven open visit of the same person makes a rescan a duplicate or is closed by a check-in elsewhere: a phone
   * number is a claim anyone can make, the secret is what the device holds.
   */
  proofVisitId: string | null;
  proofSecretHash: string | null;
  source: 'qr' | 'desk';
  enteredBy: string | null;
  at: number;
  /** The local date (YYYY-MM-DD, the city's time zone) of `at`: the day whose roll-up counts the visit (issue #17). */
  localDay: string;
  /** The local hour of the day (0–23) of `at`: the hour whose roll-up counts the visit. */
  localHour: number;
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
export type CheckinRequest = Omit<CheckinCommand, 'personKey' | 'personEnc' | 'secretHash' | 'proofVisitId' | 'proofSecretHash'> & {
  person: { name: string; phone: string };
  /** null when staff check the person in at the desk. */
  checkoutSecret: string | null;
  /** The visit the device holds open, with its check-out secret; null without one (the desk, the plain form). */
  proof: { visitId: string; checkoutSecret: string } | null;
};

/** An open visit some command of the batch claims to hold (looked up by the claim's visit id). */
export interface OpenVisit {
  id: string;
  venueId: string;
  personKey: string;
  secretHash: string | null;
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

/**
 * `openVisits`: the open visits (within OPEN_VISIT_HORIZON_MS) whose ids the commands claim as proof. A claim counts
 * only when the visit is open, belongs to the same person and the secret's hash matches; any other claim is ignored,
 * so the check-in is a new visit and its answer tells nothing about other visits.
 */
export function planCheckinBatch(commands: CheckinCommand[], openVisits: OpenVisit[], counters: Map<string, number>): BatchPlan {
  const openById = new Map<string, OpenVisit>();
  for (const v of openVisits) openById.set(v.id, v);
  const occupancy = new Map(counters);
  const changed = new Set<string>();
  const count = (venueId: string) => occupancy.get(venueId) ?? 0;
  const plan: BatchPlan = { outcomes: [], inserts: [], closes: [], occupancy: new Map(), refusals: [] };

  for (const cmd of commands) {
    const claimed = cmd.proofVisitId === null ? undefined : openById.get(cmd.proofVisitId);
    const open =
      claimed && claimed.personKey === cmd.personKey && claimed.secretHash !== null && claimed.secretHash === cmd.proofSecretHash ? claimed : undefined;
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
      openById.delete(open.id);
      closedVisitId = open.id;
    }
    occupancy.set(cmd.venueId, count(cmd.venueId) + 1);
    changed.add(cmd.venueId);
    plan.inserts.push(cmd);
    // A later command of the batch may prove this visit (the stores and jb_checkin_batch decide alike).
    openById.set(cmd.visitId, { id: cmd.visitId, venueId: cmd.venueId, personKey: cmd.personKey, secretHash: cmd.secretHash, tIn: cmd.at });
    plan.outcomes.push({ kind: 'created', visitId: cmd.visitId, at: cmd.at, occupancy: count(cmd.venueId), closedVisitId });
  }
  for (const venueId of changed) plan.occupancy.set(venueId, count(venueId));
  return plan;
}

import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { localDate } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { Principal } from '../accounts/index.js';
import type { SanctionEffects } from '../venues/index.js';
import type { EnforcementAccess } from './enforcement.access.js';
import { enforcementProblems } from './enforcement.errors.js';
import { presentSanction } from './enforcement.presenter.js';
import * as repo from './enforcement.repository.js';
import type { SanctionsTable, ViolationsTable } from './enforcement.table.js';
import { isAdatSanction } from './offences.js';
import { asProposed, sanctionProblems, type SanctionInput } from './sanction-input.js';
import type { ProposedSanction } from './sanction-ladder.js';

const DAY = 24 * 60 * 60_000;

export interface SanctionsServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  access: EnforcementAccess;
  effects: Pick<SanctionEffects, 'suspendForSanction' | 'liftSanction'>;
}

/** Applying a sanction for a violation, and a task-force member's correction or annulment (never a deletion). */
export function createSanctionsService(deps: SanctionsServiceDeps) {
  const { db, clock, timeZone, access, effects } = deps;

  /** Checks the input for this violation and who may apply it; returns the row to insert. */
  function prepare(principal: Principal, violation: ViolationsTable, input: SanctionInput, now: number, reasonOverride?: string): SanctionsTable {
    if (violation.status === 'annulled') throw enforcementProblems.violationAnnulled();
    const proposed = JSON.parse(violation.proposed) as ProposedSanction;
    const today = localDate(now, timeZone);
    const withReason = reasonOverride !== undefined ? { ...input, reason: input.reason?.trim() || reasonOverride } : input;
    const errors = sanctionProblems(withReason, violation.subject_kind as 'person' | 'venue', proposed);
    if (errors.length > 0) throw problems.validation(errors);
    // Adat sanctions are the desa adat's, under its pararem: only its own adat officer applies them.
    if (isAdatSanction(input.type) && !(violation.desa_adat_code && principal.canIn('enforcement:adat', violation.desa_adat_code))) throw enforcementProblems.adatOnly();
    return {
      id: newId(now),
      violation_id: violation.id,
      type: input.type,
      amount_idr: input.amountIdr ?? null,
      days: input.days ?? null,
      rice_kg: input.riceKg ?? null,
      assembly: input.assembly?.trim() || null,
      receipt_number: input.receiptNumber?.trim() || null,
      paid: input.paid ? 1 : 0,
      paid_at: input.paid ? now : null,
      paid_on: input.paid ? today : null,
      issued_on: today,
      starts_at: now,
      ends_at: input.type === 'penghentian_sementara' && input.days ? now + input.days * DAY : null,
      as_proposed: asProposed(input, proposed) ? 1 : 0,
      reason: withReason.reason?.trim() || null,
      status: 'active',
      replaced_by: null,
      change_reason: null,
      changed_by: null,
      changed_at: null,
      client_key: null,
      recorded_by: principal.userId,
      created_at: now,
    };
  }

  /** Whether a sanction of this type suspends (or closes) the venue. */
  function suspends(type: string): boolean {
    return type === 'penghentian_sementara' || type === 'penutupan';
  }

  /** A suspension or closure of a venue takes effect on its check-ins; `reason` is what the refusal shows. */
  async function takeEffect(trx: Db, ctx: RequestContext, violation: ViolationsTable, row: SanctionsTable): Promise<void> {
    if (!violation.venue_id || !suspends(row.type)) return;
    await effects.suspendForSanction(trx, ctx, { venueId: violation.venue_id, sanctionId: row.id, until: row.ends_at, reason: row.type });
  }

  function auditDetails(row: SanctionsTable) {
    return { violationId: row.violation_id, type: row.type, amountIdr: row.amount_idr, days: row.days, asProposed: row.as_proposed === 1 };
  }

  async function close(ctx: RequestContext, sanctionId: string, reasonInput: string, replacement?: SanctionInput) {
    const { principal, violation, sanction } = await access.requireSanction(ctx, sanctionId, 'enforcement:correct');
    const reason = reasonInput.trim();
    if (reason === '') throw enforcementProblems.field('reason', 'validation.reasonRequired');
    if (sanction.status !== 'active') throw enforcementProblems.sanctionClosed(sanction.status);
    const now = clock.now();
    const next = replacement ? prepare(principal, violation, replacement, now, reason) : null;
    await db.transaction().execute(async (trx) => {
      const closed = await repo.closeSanction(trx, sanction.id, { status: next ? 'corrected' : 'annulled', replaced_by: next?.id ?? null, change_reason: reason, changed_by: principal.userId, changed_at: now });
      if (closed === 0) throw enforcementProblems.sanctionClosed('changed');
      // A correction into another suspension or closure tells the manager of that one only.
      if (violation.venue_id) await effects.liftSanction(trx, ctx, { venueId: violation.venue_id, sanctionId: sanction.id, reason, replaced: next !== null && suspends(next.type) });
      if (next) {
        await repo.insertSanction(trx, next);
        await takeEffect(trx, ctx, violation, next);
      }
      await recordAudit(trx, clock, ctx, {
        action: next ? 'sanction.correct' : 'sanction.annul',
        entityType: 'sanction',
        entityId: sanction.id,
        regionCode: violation.region_code,
        details: { ...auditDetails(sanction), reason, replacedBy: next?.id ?? null },
      });
    });
    return next ? presentSanction(next) : presentSanction({ ...sanction, status: 'annulled', change_reason: reason, changed_by: principal.userId, changed_at: now });
  }

  return {
    /**
     * `clientKey` is the offline queue's idempotency key: a sanction sent again (its answer was lost on a weak signal)
     * answers 409 with the stored one's id and changes nothing, like a replayed violation.
     */
    async apply(ctx: RequestContext, violationId: string, input: SanctionInput & { clientKey?: string }) {
      const { principal, violation } = await access.requireViolation(ctx, violationId, 'enforcement:record');
      const { clientKey, ...sanction } = input;
      const replayOf = async () => (clientKey ? repo.findSanctionByClientKey(db, principal.userId, clientKey) : undefined);
      const earlier = await replayOf();
      if (earlier) throw enforcementProblems.replayed(earlier.id);
      const now = clock.now();
      const row = { ...prepare(principal, violation, sanction, now), client_key: clientKey ?? null };
      try {
        await db.transaction().execute(async (trx) => {
          await repo.insertSanction(trx, row);
          await takeEffect(trx, ctx, violation, row);
          await recordAudit(trx, clock, ctx, { action: 'sanction.apply', entityType: 'sanction', entityId: row.id, regionCode: violation.region_code, details: auditDetails(row) });
        });
      } catch (error) {
        // Two copies of one offline entry raced: the second finds the first.
        const raced = await replayOf();
        if (raced) throw enforcementProblems.replayed(raced.id);
        throw error;
      }
      return { id: row.id, sanction: presentSanction(row) };
    },

    correct(ctx: RequestContext, sanctionId: string, input: SanctionInput & { reason: string }) {
      return close(ctx, sanctionId, input.reason, input);
    },

    annulSanction(ctx: RequestContext, sanctionId: string, reason: string) {
      return close(ctx, sanctionId, reason);
    },
  };
}

export type SanctionsService = ReturnType<typeof createSanctionsService>;

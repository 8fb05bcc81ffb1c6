/** The village PKM workflow's record: every transition (with its audit entry), and the dated lifecycle steps. */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { systemContext, type RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { PkmAction, PkmStatus, PkmSystemAction } from './pkm-workflow.js';
import { insertTransition, listLifecycleDue, nextTransitionSeq, setApplicationStatusIf } from './policies.repository.js';
import type { PkmApplicationsTable } from './policies.table.js';

/**
 * A PKM step someone must act on next (issue #18): submitted (the task force reviews), recommended (the mayor
 * approves), returned (the desa revises). `seq` is the transition's number: one message per step, however often it
 * is replayed.
 */
export interface PkmStepEvent {
  applicationId: string;
  seq: number;
  to: 'SUBMITTED' | 'RECOMMENDED' | 'RETURNED';
  regionCode: string;
  adatRegionCode: string;
}
export type PkmStepNotifier = (trx: Db, event: PkmStepEvent) => Promise<void>;
const NOTIFIED_STEPS: readonly string[] = ['SUBMITTED', 'RECOMMENDED', 'RETURNED'];

export function createPkmTransitions(deps: { db: Db; clock: Clock; today: () => string; notify?: PkmStepNotifier }) {
  const { db, clock, today } = deps;

  async function record(
    trx: Db,
    ctx: RequestContext,
    app: PkmApplicationsTable,
    action: PkmAction | PkmSystemAction | 'create',
    to: string,
    comment: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const at = clock.now();
    const seq = await nextTransitionSeq(trx, app.id);
    await insertTransition(trx, {
      id: newId(at),
      application_id: app.id,
      seq,
      action,
      from_status: app.status,
      to_status: to,
      actor_user_id: ctx.principal?.userId ?? null,
      actor_username: ctx.principal?.username ?? null,
      comment,
      at,
    });
    await recordAudit(trx, clock, ctx, {
      action: `pkm.${action}`,
      entityType: 'pkm_application',
      entityId: app.id,
      regionCode: app.region_code,
      details: { from: app.status, to, ...(comment ? { comment } : {}), ...details },
    });
    if (deps.notify && to !== app.status && NOTIFIED_STEPS.includes(to)) {
      await deps.notify(trx, { applicationId: app.id, seq, to: to as PkmStepEvent['to'], regionCode: app.region_code, adatRegionCode: app.adat_region_code });
    }
  }

  /** APPROVED applications whose start date has come become ACTIVE; those whose end date has come become ENDED. */
  async function advanceLifecycle(date: string = today()): Promise<number> {
    const due = await listLifecycleDue(db, date);
    let changedCount = 0;
    for (const app of due) {
      const to: PkmStatus = app.end_date <= date ? 'ENDED' : 'ACTIVE';
      const action = to === 'ENDED' ? 'expire' : 'activate';
      const done = await db.transaction().execute(async (trx) => {
        if (!(await setApplicationStatusIf(trx, app.id, app.status, to, clock.now()))) return false;
        await record(trx, systemContext, app, action, to, null);
        return true;
      });
      if (done) changedCount++;
    }
    return changedCount;
  }

  return { record, advanceLifecycle };
}

export type PkmTransitions = ReturnType<typeof createPkmTransitions>;

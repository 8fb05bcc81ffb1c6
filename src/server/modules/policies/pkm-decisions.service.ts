/**
 * Village PKM applications from the decision on: approval (the approval letter and the village rule overlay it
 * publishes), extension, early end, and the weekly evaluations of an active PKM. Each change to the overlays changes the
 * rules in force: the policy revision is bumped and the cache's changed() called.
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { addDaysToDate } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { PoliciesAccess } from './policies.access.js';
import type { LocalDays } from './policies.dates.js';
import { PKM_EVALUATION_PERIOD_DAYS } from './pkm-workflow.js';
import type { PkmTransitions } from './pkm-transitions.js';
import type { PkmViews } from './pkm-views.js';
import type { ApplicationView } from './policies.presenter.js';
import {
  bumpPolicyRevision,
  countLetters,
  findLetter,
  findLetterByNumber,
  insertEvaluation,
  insertLetter,
  insertRuleSet,
  listEvaluations,
  listPublishedOverlays,
  maxVersionInSeries,
  updateApplication,
  updateRuleSet,
} from './policies.repository.js';
import type { RegionInfo } from './policies.shared.js';
import type { PkmApplicationsTable, RuleSetsTable } from './policies.table.js';
import type { RegionIndex } from './region-index.js';
import { publishRuleSetRow } from './rule-set-rows.js';
import type { RulesInForceService } from './rules-in-force.service.js';

export interface PkmDecisionsDeps {
  db: Db;
  clock: Clock;
  regionIndex: RegionIndex;
  days: LocalDays;
  access: PoliciesAccess;
  transitions: PkmTransitions;
  views: PkmViews;
  /** changed() after an overlay changes; the zone of the day for an evaluation's active cases. */
  rulesInForce: Pick<RulesInForceService, 'changed' | 'activeCasesNow'>;
}

export function createPkmDecisionsService(deps: PkmDecisionsDeps) {
  const { db, clock, regionIndex, days, access, transitions, views, rulesInForce } = deps;
  const { today, midnight, requireDate } = days;

  async function insertOverlay(
    trx: Db,
    ctx: RequestContext,
    app: PkmApplicationsTable,
    region: RegionInfo,
    legalBasis: string,
    from: string,
    to: string,
  ): Promise<RuleSetsTable> {
    const now = clock.now();
    const row: RuleSetsTable = {
      id: newId(now),
      kind: 'village_pkm',
      scope_region_code: app.region_code,
      legal_basis: legalBasis,
      title_id: `PKM ${region.type === 'kelurahan' ? 'Kelurahan' : 'Desa'} ${region.name}`,
      title_en: `Village PKM: ${region.name}`,
      effective_from: midnight(from),
      effective_to: midnight(to),
      status: 'draft',
      version: (await maxVersionInSeries(trx, app.region_code, 'village_pkm')) + 1,
      rules: app.rules,
      // A village's PKM restricts activities; checking visitors' status is the city's rule (its own rule sets).
      status_check: 0,
      copied_from_id: null,
      pkm_application_id: app.id,
      created_at: now,
      created_by: ctx.principal?.userId ?? null,
      updated_at: now,
      published_at: null,
      published_by: null,
      retired_at: null,
      retired_by: null,
    };
    await insertRuleSet(trx, row);
    try {
      await publishRuleSetRow(trx, clock, ctx, row);
    } catch (err) {
      if (err instanceof AppError && err.type === 'rule-set-overlap') {
        throw new AppError(409, 'pkm-overlap', 'conflict.title', 'pkmOverlap.detail', { region: region.name }, [{ field: 'startDate', messageKey: 'validation.invalid' }]);
      }
      throw err;
    }
    return row;
  }

  return {
    async approve(
      ctx: RequestContext,
      id: string,
      input: { letterNumber?: string; letterDate?: string; startDate?: string; approverName?: string; comment?: string | null },
    ): Promise<ApplicationView> {
      const { principal, app } = await access.application(ctx, id, 'approve', { current: true });
      const todayDate = today();
      const startDate = input.startDate ?? app.start_date;
      requireDate(startDate, 'startDate');
      if (startDate < todayDate) throw problems.validation([{ field: 'startDate', messageKey: 'validation.dateInPast', params: { today: todayDate } }]);
      const letterDate = input.letterDate ?? todayDate;
      requireDate(letterDate, 'letterDate');
      if (letterDate > todayDate) throw problems.validation([{ field: 'letterDate', messageKey: 'validation.dateInFuture', params: { today: todayDate } }]);
      const region = (await regionIndex.get(app.region_code)) as RegionInfo;
      const number = input.letterNumber?.trim() || `PKM/${startDate.slice(0, 4)}/${String((await countLetters(db)) + 1).padStart(3, '0')}`;
      if (await findLetterByNumber(db, number)) throw problems.validation([{ field: 'letterNumber', messageKey: 'validation.letterNumberTaken' }]);
      const endDate = addDaysToDate(startDate, app.length_days);
      const approverName = input.approverName?.trim() || principal.displayName;
      await db.transaction().execute(async (trx) => {
        const current = { ...app, start_date: startDate, end_date: endDate };
        const legalBasis = `Surat Persetujuan Walikota No. ${number} tanggal ${letterDate} (PKM ${region.name}, Perwali Denpasar 32/2020)`;
        const overlay = await insertOverlay(trx, ctx, current, region, legalBasis, startDate, endDate);
        const now = clock.now();
        await insertLetter(trx, { id: newId(now), application_id: app.id, number, letter_date: letterDate, approver_name: approverName, issued_at: now, issued_by: principal.userId });
        await updateApplication(trx, app.id, { status: 'APPROVED', start_date: startDate, end_date: endDate, rule_set_id: overlay.id, updated_at: now });
        await transitions.record(trx, ctx, app, 'approve', 'APPROVED', input.comment?.trim() || null, { letterNumber: number, letterDate, startDate, endDate, ruleSetId: overlay.id });
      });
      rulesInForce.changed();
      await transitions.advanceLifecycle();
      return views.one(principal, id);
    },

    /** Extends an approved or active PKM: a new overlay version runs from the old end to the new one. */
    async extend(ctx: RequestContext, id: string, input: { days: number; comment?: string | null }): Promise<ApplicationView> {
      const { principal, app } = await access.application(ctx, id, 'extend', { current: true });
      const region = (await regionIndex.get(app.region_code)) as RegionInfo;
      const letter = await findLetter(db, app.id);
      const newEnd = addDaysToDate(app.end_date, input.days);
      await db.transaction().execute(async (trx) => {
        const legalBasis = `Surat Persetujuan Walikota No. ${letter?.number ?? '-'} (PKM ${region.name}), diperpanjang s.d. ${addDaysToDate(newEnd, -1)}`;
        await insertOverlay(trx, ctx, app, region, legalBasis, app.end_date, newEnd);
        await updateApplication(trx, app.id, { end_date: newEnd, length_days: app.length_days + input.days, updated_at: clock.now() });
        await transitions.record(trx, ctx, app, 'extend', app.status, input.comment?.trim() || null, { days: input.days, endDate: newEnd });
      });
      rulesInForce.changed();
      return views.one(principal, id);
    },

    /**
     * Ends a PKM now. Overlays not yet started are retired; the one in force has its effective period closed at this
     * instant (the one edit made to a published version, recorded in the audit log; its rules never change).
     */
    async end(ctx: RequestContext, id: string, comment: string | null): Promise<ApplicationView> {
      const { principal, app } = await access.application(ctx, id, 'end', { current: true });
      if (comment === null || comment.trim() === '') throw problems.validation([{ field: 'comment', messageKey: 'validation.commentRequired' }]);
      const now = clock.now();
      const todayDate = today();
      await db.transaction().execute(async (trx) => {
        for (const overlay of await listPublishedOverlays(trx, app.id)) {
          if (overlay.effective_from >= now) {
            await updateRuleSet(trx, overlay.id, { status: 'retired', retired_at: now, retired_by: principal.userId, updated_at: now });
          } else if (overlay.effective_to === null || overlay.effective_to > now) {
            await updateRuleSet(trx, overlay.id, { effective_to: now, updated_at: now });
          }
        }
        const endDate = todayDate > app.start_date ? todayDate : app.start_date;
        await updateApplication(trx, app.id, { status: 'ENDED', end_date: endDate, updated_at: now });
        await transitions.record(trx, ctx, app, 'end', 'ENDED', comment.trim(), { endedAt: now });
        await bumpPolicyRevision(trx, now);
      });
      rulesInForce.changed();
      return views.one(principal, id);
    },

    async evaluate(ctx: RequestContext, id: string, input: { recommendation: string; notes: string; activeCases?: number | null }): Promise<ApplicationView> {
      const { principal, app } = await access.application(ctx, id, 'evaluate', { current: true });
      const done = (await listEvaluations(db, [app.id])).length;
      const week = done + 1;
      const activeCases = input.activeCases ?? (await rulesInForce.activeCasesNow(app.region_code)).activeCases;
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await insertEvaluation(trx, {
          id: newId(now),
          application_id: app.id,
          week,
          due_date: addDaysToDate(app.start_date, PKM_EVALUATION_PERIOD_DAYS * week),
          active_cases: activeCases,
          recommendation: input.recommendation,
          notes: input.notes.trim(),
          evaluated_at: now,
          evaluated_by: principal.userId,
          evaluated_by_username: principal.username,
        });
        await transitions.record(trx, ctx, app, 'evaluate', app.status, input.notes.trim(), { week, recommendation: input.recommendation, activeCases });
      });
      return views.one(principal, id);
    },
  };
}

export type PkmDecisionsService = ReturnType<typeof createPkmDecisionsService>;

/**
 * Village PKM applications (Perwali Denpasar 32/2020): drafting, the review-and-approval workflow (pkm-workflow.ts),
 * the approval letter and the village rule overlay it creates, weekly evaluations, extension and end. Part of the
 * policies service, which hands it the region index, local dates, the zone of the day and cache invalidation.
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { systemContext, type RequestContext } from '../../shared/request-context.js';
import type { Principal } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { isVillage, type RegionsService } from '../regions/index.js';
import { renderApprovalLetterPdf } from './approval-letter.js';
import { addDaysToDate, timeZoneAbbreviation } from '../../shared/local-time.js';
import {
  allowedActions,
  checkAction,
  isPkmStatus,
  permissionsForAction,
  PKM_EVALUATION_PERIOD_DAYS,
  type ApplicationParties,
  type PkmAction,
  type PkmStatus,
} from './pkm-workflow.js';
import { presentApplication, type ApplicationView } from './policies.presenter.js';
import {
  bumpPolicyRevision,
  countLetters,
  findApplication,
  findLetter,
  findLetterByNumber,
  insertApplication,
  insertEvaluation,
  insertLetter,
  insertRuleSet,
  insertTransition,
  listApplications,
  listEvaluations,
  listLifecycleDue,
  listTransitions,
  maxVersionInSeries,
  nextTransitionSeq,
  updateApplication,
  updateRuleSet,
} from './policies.repository.js';
import type { PkmApplicationsTable, RuleSetsTable } from './policies.table.js';
import { validateRuleSet, type Rule } from './rule-set.js';
import { policyValidation, requirePrincipal, toRule, type RegionInfo, type RuleInput } from './policies.shared.js';

export interface PkmInput {
  regionCode: string;
  adatRegionCode: string;
  grounds: string;
  rules: RuleInput[];
  borderPosts: number;
  maxGatheringSize: number | null;
  otherMeasures: string;
  startDate: string;
  lengthDays: number;
}

export interface PkmCore {
  db: Db;
  clock: Clock;
  regions: RegionsService;
  timeZone: string;
  cityName: string;
  regionInfo: (code: string) => Promise<RegionInfo | undefined>;
  getRegionIndex: () => Promise<Map<string, RegionInfo>>;
  today: () => string;
  midnight: (date: string) => number;
  requireDate: (text: string, field: string) => void;
  dateOfDay: (day: number) => string;
  dayNumberOf: (at: number) => number;
  activeCasesNow: (regionCode: string) => Promise<{ activeCases: number | null; date: string | null }>;
  /** Drops the caches of the rules in force after a change. */
  changed: () => void;
  publishRow: (trx: Db, ctx: RequestContext, row: RuleSetsTable) => Promise<void>;
}

export function createPkmService(core: PkmCore) {
  const { db, clock, regions, timeZone, cityName, regionInfo, getRegionIndex, today, midnight, requireDate, dateOfDay, dayNumberOf, activeCasesNow, changed, publishRow } = core;

  function parties(app: PkmApplicationsTable): ApplicationParties {
    return {
      status: app.status as PkmStatus,
      regionCode: app.region_code,
      adatRegionCode: app.adat_region_code,
      createdBy: app.created_by,
      submittedBy: app.submitted_by,
    };
  }

  async function requireApplication(id: string): Promise<PkmApplicationsTable> {
    const app = await findApplication(db, id);
    if (!app || !isPkmStatus(app.status)) throw problems.notFound('pkmNotFound.detail');
    return app;
  }

  function requireRead(principal: Principal, app: PkmApplicationsTable): void {
    principal.require('pkm:read');
    if (!principal.canIn('pkm:read', app.region_code) && !principal.canIn('pkm:read', app.adat_region_code)) {
      throw problems.outOfScope(app.region_code);
    }
  }

  function refuse(principal: Principal, app: PkmApplicationsTable, action: PkmAction): void {
    const check = checkAction(principal, parties(app), action);
    if (check.ok) return;
    switch (check.refusal) {
      case 'forbidden':
        throw permissionsForAction(action).some((p) => principal.can(p)) ? problems.outOfScope(app.region_code) : problems.forbidden();
      case 'illegal_transition':
        throw new AppError(409, 'pkm-illegal-transition', 'conflict.title', 'pkmTransition.detail', { action, status: app.status }, [
          { field: 'status', messageKey: 'validation.invalid' },
        ]);
      case 'own_application':
        throw new AppError(403, 'pkm-own-application', 'forbidden.title', 'pkmOwnApplication.detail');
    }
  }

  function nextEvaluationDue(app: PkmApplicationsTable, evaluations: number): string | null {
    if (app.status !== 'ACTIVE') return null;
    const due = addDaysToDate(app.start_date, PKM_EVALUATION_PERIOD_DAYS * (evaluations + 1));
    return due <= app.end_date ? due : null;
  }

  async function viewApplications(principal: Principal, rows: PkmApplicationsTable[], withDetails: boolean): Promise<ApplicationView[]> {
    const index = await getRegionIndex();
    const evaluations = await listEvaluations(db, rows.map((r) => r.id));
    const todayDate = today();
    const out: ApplicationView[] = [];
    for (const row of rows) {
      const own = evaluations.filter((e) => e.application_id === row.id);
      const due = nextEvaluationDue(row, own.length);
      const transitions = withDetails ? await listTransitions(db, row.id) : [];
      const createdBy = transitions.find((t) => t.action === 'create')?.actor_username ?? null;
      out.push(
        presentApplication(
          row,
          {
            regionName: index.get(row.region_code)?.name ?? row.region_code,
            adatRegionName: index.get(row.adat_region_code)?.name ?? row.adat_region_code,
            transitions,
            evaluations: withDetails ? own : [],
            letter: await findLetter(db, row.id),
            nextEvaluationDue: due,
            evaluationOverdue: due !== null && due < todayDate,
            allowedActions: allowedActions(principal, parties(row)),
            createdByUsername: createdBy,
          },
          timeZone,
        ),
      );
    }
    return out;
  }

  async function viewApplication(principal: Principal, id: string): Promise<ApplicationView> {
    const [view] = await viewApplications(principal, [await requireApplication(id)], true);
    return view as ApplicationView;
  }

  async function recordTransition(
    trx: Db,
    ctx: RequestContext,
    app: PkmApplicationsTable,
    action: string,
    to: string,
    comment: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const at = clock.now();
    await insertTransition(trx, {
      id: newId(at),
      application_id: app.id,
      seq: await nextTransitionSeq(trx, app.id),
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
  }

  /** APPROVED applications whose start date has come become ACTIVE; those whose end date has come become ENDED. */
  async function advanceLifecycle(date: string = today()): Promise<number> {
    const due = await listLifecycleDue(db, date);
    let changedCount = 0;
    for (const app of due) {
      const to: PkmStatus = app.end_date <= date ? 'ENDED' : 'ACTIVE';
      const action = to === 'ENDED' ? 'expire' : 'activate';
      const done = await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('pkm_applications')
          .set({ status: to, updated_at: clock.now() })
          .where('id', '=', app.id)
          .where('status', '=', app.status)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await recordTransition(trx, systemContext, app, action, to, null);
        return true;
      });
      if (done) changedCount++;
    }
    return changedCount;
  }

  async function validatePkmInput(principal: Principal, input: PkmInput, checkStart: boolean): Promise<{ region: RegionInfo; rules: Rule[]; endDate: string }> {
    const region = await regionInfo(input.regionCode);
    if (!region) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.unknownRegion' }]);
    if (!isVillage(region.type)) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.mustBeVillage' }]);
    const adat = await regionInfo(input.adatRegionCode);
    if (!adat) throw problems.validation([{ field: 'adatRegionCode', messageKey: 'validation.unknownRegion' }]);
    if (adat.type !== 'desa_adat') throw problems.validation([{ field: 'adatRegionCode', messageKey: 'validation.mustBeDesaAdat' }]);
    if (!principal.canIn('pkm:submit', region.code) && !principal.canIn('pkm:submit', adat.code)) {
      throw problems.outOfScope(region.code);
    }
    requireDate(input.startDate, 'startDate');
    if (checkStart && input.startDate < today()) {
      throw problems.validation([{ field: 'startDate', messageKey: 'validation.dateInPast', params: { today: today() } }]);
    }
    const rules = input.rules.map(toRule);
    const found = validateRuleSet({
      legalBasis: 'PKM',
      scopeRegionCode: region.code,
      kind: 'village_pkm',
      effectiveFrom: midnight(input.startDate),
      effectiveTo: null,
      rules,
    }).filter((p) => p.field.startsWith('rules'));
    if (found.length > 0) throw policyValidation(found);
    return { region, rules, endDate: addDaysToDate(input.startDate, input.lengthDays) };
  }

  async function simpleTransition(ctx: RequestContext, id: string, action: PkmAction, comment: string | null, requireComment: boolean): Promise<ApplicationView> {
    const principal = requirePrincipal(ctx);
    await advanceLifecycle();
    const app = await requireApplication(id);
    refuse(principal, app, action);
    if (requireComment && (comment === null || comment.trim() === '')) {
      throw problems.validation([{ field: 'comment', messageKey: 'validation.commentRequired' }]);
    }
    const check = checkAction(principal, parties(app), action);
    const to = check.ok && check.to ? check.to : (app.status as PkmStatus);
    // Read before the transaction: SQLite has one connection, which the transaction holds.
    const now = action === 'submit' ? await activeCasesNow(app.region_code) : null;
    await db.transaction().execute(async (trx) => {
      const patch: Partial<PkmApplicationsTable> = { status: to, updated_at: clock.now() };
      if (now) {
        patch.submitted_at = clock.now();
        patch.submitted_by = principal.userId;
        patch.active_cases = now.activeCases;
        patch.active_cases_date = now.date;
      }
      await updateApplication(trx, app.id, patch);
      await recordTransition(trx, ctx, app, action, to, comment?.trim() || null);
    });
    return viewApplication(principal, id);
  }

  async function overlaysOf(dbx: Db, applicationId: string): Promise<RuleSetsTable[]> {
    return dbx.selectFrom('rule_sets').selectAll().where('pkm_application_id', '=', applicationId).where('status', '=', 'published').orderBy('effective_from').execute();
  }

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
      await publishRow(trx, ctx, row);
    } catch (err) {
      if (err instanceof AppError && err.type === 'rule-set-overlap') {
        throw new AppError(409, 'pkm-overlap', 'conflict.title', 'pkmOverlap.detail', { region: region.name }, [{ field: 'startDate', messageKey: 'validation.invalid' }]);
      }
      throw err;
    }
    return row;
  }


  return {
    advanceLifecycle,

    async listApplications(ctx: RequestContext, filter: { status?: string; regionCode?: string }): Promise<ApplicationView[]> {
      const principal = requirePrincipal(ctx);
      principal.require('pkm:read');
      await advanceLifecycle();
      const scopes = principal.scopesFor('pkm:read');
      const roots = await regions.rootCodes();
      const rows = await listApplications(db, {
        scopes: scopes.some((s) => roots.includes(s)) ? undefined : scopes,
        statuses: filter.status ? [filter.status] : undefined,
        regionCode: filter.regionCode,
      });
      return viewApplications(principal, rows, false);
    },

    async overdueEvaluations(ctx: RequestContext): Promise<ApplicationView[]> {
      const principal = requirePrincipal(ctx);
      principal.require('pkm:read');
      await advanceLifecycle();
      const scopes = principal.scopesFor('pkm:read');
      const roots = await regions.rootCodes();
      const rows = await listApplications(db, { scopes: scopes.some((s) => roots.includes(s)) ? undefined : scopes, statuses: ['ACTIVE'] });
      return (await viewApplications(principal, rows, false)).filter((a) => a.evaluationOverdue);
    },

    async getApplication(ctx: RequestContext, id: string): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      requireRead(principal, await requireApplication(id));
      return viewApplication(principal, id);
    },

    async createApplication(ctx: RequestContext, input: PkmInput): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      principal.require('pkm:submit');
      const { region, rules, endDate } = await validatePkmInput(principal, input, true);
      const now = clock.now();
      const id = newId(now);
      await db.transaction().execute(async (trx) => {
        const row: PkmApplicationsTable = {
          id,
          region_code: region.code,
          adat_region_code: input.adatRegionCode,
          status: 'DRAFT',
          grounds: input.grounds.trim(),
          active_cases: null,
          active_cases_date: null,
          rules: JSON.stringify(rules),
          border_posts: input.borderPosts,
          max_gathering_size: input.maxGatheringSize,
          other_measures: input.otherMeasures.trim(),
          start_date: input.startDate,
          length_days: input.lengthDays,
          end_date: endDate,
          rule_set_id: null,
          created_at: now,
          created_by: principal.userId,
          submitted_at: null,
          submitted_by: null,
          updated_at: now,
        };
        await insertApplication(trx, row);
        await recordTransition(trx, ctx, { ...row, status: 'NEW' }, 'create', 'DRAFT', null, { startDate: input.startDate, lengthDays: input.lengthDays });
      });
      return viewApplication(principal, id);
    },

    async updateApplication(ctx: RequestContext, id: string, input: PkmInput): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      const app = await requireApplication(id);
      refuse(principal, app, 'edit');
      if (input.regionCode !== app.region_code) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.invalid' }]);
      const { rules, endDate } = await validatePkmInput(principal, input, true);
      await db.transaction().execute(async (trx) => {
        await updateApplication(trx, id, {
          adat_region_code: input.adatRegionCode,
          grounds: input.grounds.trim(),
          rules: JSON.stringify(rules),
          border_posts: input.borderPosts,
          max_gathering_size: input.maxGatheringSize,
          other_measures: input.otherMeasures.trim(),
          start_date: input.startDate,
          length_days: input.lengthDays,
          end_date: endDate,
          updated_at: clock.now(),
        });
        await recordTransition(trx, ctx, app, 'edit', app.status, null);
      });
      return viewApplication(principal, id);
    },

    async submitApplication(ctx: RequestContext, id: string): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      const app = await requireApplication(id);
      refuse(principal, app, 'submit');
      const todayDate = today();
      if (app.start_date < todayDate) {
        throw problems.validation([{ field: 'startDate', messageKey: 'validation.dateInPast', params: { today: todayDate } }]);
      }
      return simpleTransition(ctx, id, 'submit', null, false);
    },

    startReview: (ctx: RequestContext, id: string, comment: string | null) => simpleTransition(ctx, id, 'start_review', comment, false),
    recommend: (ctx: RequestContext, id: string, comment: string | null) => simpleTransition(ctx, id, 'recommend', comment, false),
    returnForRevision: (ctx: RequestContext, id: string, comment: string | null) => simpleTransition(ctx, id, 'return', comment, true),
    reject: (ctx: RequestContext, id: string, comment: string | null) => simpleTransition(ctx, id, 'reject', comment, true),

    async approve(
      ctx: RequestContext,
      id: string,
      input: { letterNumber?: string; letterDate?: string; startDate?: string; approverName?: string; comment?: string | null },
    ): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      const app = await requireApplication(id);
      refuse(principal, app, 'approve');
      const todayDate = today();
      const startDate = input.startDate ?? app.start_date;
      requireDate(startDate, 'startDate');
      if (startDate < todayDate) throw problems.validation([{ field: 'startDate', messageKey: 'validation.dateInPast', params: { today: todayDate } }]);
      const letterDate = input.letterDate ?? todayDate;
      requireDate(letterDate, 'letterDate');
      if (letterDate > todayDate) throw problems.validation([{ field: 'letterDate', messageKey: 'validation.dateInFuture', params: { today: todayDate } }]);
      const region = (await regionInfo(app.region_code)) as RegionInfo;
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
        await recordTransition(trx, ctx, app, 'approve', 'APPROVED', input.comment?.trim() || null, { letterNumber: number, letterDate, startDate, endDate, ruleSetId: overlay.id });
      });
      changed();
      await advanceLifecycle();
      return viewApplication(principal, id);
    },

    /** Extends an approved or active PKM: a new overlay version runs from the old end to the new one. */
    async extend(ctx: RequestContext, id: string, input: { days: number; comment?: string | null }): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      const app = await requireApplication(id);
      refuse(principal, app, 'extend');
      const region = (await regionInfo(app.region_code)) as RegionInfo;
      const letter = await findLetter(db, app.id);
      const newEnd = addDaysToDate(app.end_date, input.days);
      await db.transaction().execute(async (trx) => {
        const legalBasis = `Surat Persetujuan Walikota No. ${letter?.number ?? '-'} (PKM ${region.name}), diperpanjang s.d. ${addDaysToDate(newEnd, -1)}`;
        await insertOverlay(trx, ctx, app, region, legalBasis, app.end_date, newEnd);
        await updateApplication(trx, app.id, { end_date: newEnd, length_days: app.length_days + input.days, updated_at: clock.now() });
        await recordTransition(trx, ctx, app, 'extend', app.status, input.comment?.trim() || null, { days: input.days, endDate: newEnd });
      });
      changed();
      return viewApplication(principal, id);
    },

    /**
     * Ends a PKM now. Overlays not yet started are retired; the one in force has its effective period closed at this
     * instant (the one edit made to a published version, recorded in the audit log; its rules never change).
     */
    async end(ctx: RequestContext, id: string, comment: string | null): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      const app = await requireApplication(id);
      refuse(principal, app, 'end');
      if (comment === null || comment.trim() === '') throw problems.validation([{ field: 'comment', messageKey: 'validation.commentRequired' }]);
      const now = clock.now();
      const todayDate = today();
      await db.transaction().execute(async (trx) => {
        for (const overlay of await overlaysOf(trx, app.id)) {
          if (overlay.effective_from >= now) {
            await updateRuleSet(trx, overlay.id, { status: 'retired', retired_at: now, retired_by: principal.userId, updated_at: now });
          } else if (overlay.effective_to === null || overlay.effective_to > now) {
            await updateRuleSet(trx, overlay.id, { effective_to: now, updated_at: now });
          }
        }
        const endDate = todayDate > app.start_date ? todayDate : app.start_date;
        await updateApplication(trx, app.id, { status: 'ENDED', end_date: endDate, updated_at: now });
        await recordTransition(trx, ctx, app, 'end', 'ENDED', comment.trim(), { endedAt: now });
        await bumpPolicyRevision(trx, now);
      });
      changed();
      return viewApplication(principal, id);
    },

    async evaluate(ctx: RequestContext, id: string, input: { recommendation: string; notes: string; activeCases?: number | null }): Promise<ApplicationView> {
      const principal = requirePrincipal(ctx);
      await advanceLifecycle();
      const app = await requireApplication(id);
      refuse(principal, app, 'evaluate');
      const done = (await listEvaluations(db, [app.id])).length;
      const week = done + 1;
      const activeCases = input.activeCases ?? (await activeCasesNow(app.region_code)).activeCases;
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
        await recordTransition(trx, ctx, app, 'evaluate', app.status, input.notes.trim(), { week, recommendation: input.recommendation, activeCases });
      });
      return viewApplication(principal, id);
    },

    async approvalLetterPdf(ctx: RequestContext, id: string): Promise<{ filename: string; pdf: Buffer }> {
      const principal = requirePrincipal(ctx);
      const app = await requireApplication(id);
      requireRead(principal, app);
      const letter = await findLetter(db, app.id);
      if (!letter) throw problems.notFound('pkmNoLetter.detail');
      const index = await getRegionIndex();
      const region = index.get(app.region_code);
      const kecamatan = region?.parentCode ? index.get(region.parentCode) : undefined;
      const pdf = await renderApprovalLetterPdf({
        number: letter.number,
        letterDate: letter.letter_date,
        approverName: letter.approver_name,
        cityName,
        regionName: region?.name ?? app.region_code,
        regionCode: app.region_code,
        regionType: region?.type ?? 'desa',
        kecamatanName: kecamatan?.name ?? null,
        adatName: index.get(app.adat_region_code)?.name ?? app.adat_region_code,
        submittedDate: app.submitted_at === null ? null : dateOfDay(dayNumberOf(app.submitted_at)),
        startDate: app.start_date,
        endDate: app.end_date,
        lengthDays: app.length_days,
        activeCases: app.active_cases,
        activeCasesDate: app.active_cases_date,
        grounds: app.grounds,
        rules: JSON.parse(app.rules) as Rule[],
        borderPosts: app.border_posts,
        maxGatheringSize: app.max_gathering_size,
        otherMeasures: app.other_measures,
        applicationId: app.id,
        timeZoneLabel: timeZoneAbbreviation(timeZone),
      });
      const safe = letter.number.replace(/[^A-Za-z0-9]+/g, '-');
      return { filename: `surat-persetujuan-pkm-${safe}.pdf`, pdf };
    },

  };
}

/**
 * Village PKM applications (Perwali Denpasar 32/2020), drafting and review: list, read, create, edit, submit, and the
 * reviewers' steps before the decision (start review, recommend, return, reject). The workflow's rules are in
 * pkm-workflow.ts; who may act on which application is decided in policies.access.ts.
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { addDaysToDate } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { WorkCount } from '../../shared/work.js';
import type { Principal } from '../accounts/index.js';
import { type RegionsService, isVillage } from '../regions/index.js';
import { partiesOf, type PoliciesAccess } from './policies.access.js';
import type { LocalDays } from './policies.dates.js';
import { checkAction, type PkmAction, type PkmStatus } from './pkm-workflow.js';
import type { PkmTransitions } from './pkm-transitions.js';
import type { PkmViews } from './pkm-views.js';
import type { ApplicationView } from './policies.presenter.js';
import { countApplications, insertApplication, listApplications, updateApplication } from './policies.repository.js';
import { policyValidation, toRule, type RegionInfo, type RuleInput } from './policies.shared.js';
import type { PkmApplicationsTable } from './policies.table.js';
import type { RegionIndex } from './region-index.js';
import { validateRuleSet, type Rule } from './rule-set.js';
import type { RulesInForceService } from './rules-in-force.service.js';

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

export interface PkmApplicationsDeps {
  db: Db;
  clock: Clock;
  regions: Pick<RegionsService, 'rootCodes' | 'adatOverlapsVillage'>;
  regionIndex: RegionIndex;
  days: LocalDays;
  access: PoliciesAccess;
  transitions: PkmTransitions;
  views: PkmViews;
  /** The zone of the day: a submitted application records its desa's active cases. */
  rulesInForce: Pick<RulesInForceService, 'activeCasesNow'>;
}

/** The columns an applicant's form sets, for a new application and an edited one alike. */
function applicationColumns(input: PkmInput, rules: Rule[], endDate: string) {
  return {
    adat_region_code: input.adatRegionCode,
    grounds: input.grounds.trim(),
    rules: JSON.stringify(rules),
    border_posts: input.borderPosts,
    max_gathering_size: input.maxGatheringSize,
    other_measures: input.otherMeasures.trim(),
    start_date: input.startDate,
    length_days: input.lengthDays,
    end_date: endDate,
  };
}

export function createPkmApplicationsService(deps: PkmApplicationsDeps) {
  const { db, clock, regions, regionIndex, days, access, transitions, views, rulesInForce } = deps;
  const { today, midnight, requireDate } = days;

  async function validatePkmInput(principal: Principal, input: PkmInput, checkStart: boolean): Promise<{ region: RegionInfo; rules: Rule[]; endDate: string }> {
    const region = await regionIndex.get(input.regionCode);
    if (!region) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.unknownRegion' }]);
    if (!isVillage(region.type)) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.mustBeVillage' }]);
    const adat = await regionIndex.get(input.adatRegionCode);
    if (!adat) throw problems.validation([{ field: 'adatRegionCode', messageKey: 'validation.unknownRegion' }]);
    if (adat.type !== 'desa_adat') throw problems.validation([{ field: 'adatRegionCode', messageKey: 'validation.mustBeDesaAdat' }]);
    if (!principal.canIn('pkm:submit', region.code) && !principal.canIn('pkm:submit', adat.code)) {
      throw problems.outOfScope(region.code);
    }
    // A desa adat's PKM concerns the desa it lies in: a bendesa cannot file one for another desa's review queue.
    if (!(await regions.adatOverlapsVillage(adat.code, region.code))) {
      throw problems.validation([{ field: 'adatRegionCode', messageKey: 'validation.adatNotInVillage' }]);
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
    const { principal, app } = await access.application(ctx, id, action, { current: true });
    if (requireComment && (comment === null || comment.trim() === '')) {
      throw problems.validation([{ field: 'comment', messageKey: 'validation.commentRequired' }]);
    }
    const check = checkAction(principal, partiesOf(app), action);
    const to = check.ok && check.to ? check.to : (app.status as PkmStatus);
    // Read before the transaction: SQLite has one connection, which the transaction holds.
    const now = action === 'submit' ? await rulesInForce.activeCasesNow(app.region_code) : null;
    await db.transaction().execute(async (trx) => {
      const patch: Partial<PkmApplicationsTable> = { status: to, updated_at: clock.now() };
      if (now) {
        patch.submitted_at = clock.now();
        patch.submitted_by = principal.userId;
        patch.active_cases = now.activeCases;
        patch.active_cases_date = now.date;
      }
      await updateApplication(trx, app.id, patch);
      await transitions.record(trx, ctx, app, action, to, comment?.trim() || null);
    });
    return views.one(principal, id);
  }

  /** Applications visible to the caller: all of them from the city's root scope, else those in the caller's scopes. */
  async function visible(principal: Principal, filter: { statuses?: string[]; regionCode?: string }): Promise<PkmApplicationsTable[]> {
    const scopes = principal.scopesFor('pkm:read');
    const roots = await regions.rootCodes();
    return listApplications(db, { scopes: scopes.some((s) => roots.includes(s)) ? undefined : scopes, ...filter });
  }

  return {
    async listApplications(ctx: RequestContext, filter: { status?: string; regionCode?: string }): Promise<ApplicationView[]> {
      const principal = access.principal(ctx, 'pkm:read');
      await transitions.advanceLifecycle();
      const rows = await visible(principal, { statuses: filter.status ? [filter.status] : undefined, regionCode: filter.regionCode });
      return views.many(principal, rows, false);
    },

    async overdueEvaluations(ctx: RequestContext): Promise<ApplicationView[]> {
      const principal = access.principal(ctx, 'pkm:read');
      await transitions.advanceLifecycle();
      const rows = await visible(principal, { statuses: ['ACTIVE'] });
      return (await views.many(principal, rows, false)).filter((a) => a.evaluationOverdue);
    },

    /**
     * The PKM work waiting for the caller (home page): applications to review (task force), to approve (mayor), sent
     * back for revision (the desa's officers) and active ones whose weekly evaluation is overdue, each in the scopes of
     * the permission that acts on it. Only the kinds the caller's roles can have.
     */
    async pkmWork(ctx: RequestContext): Promise<WorkCount[]> {
      const principal = access.principal(ctx);
      await transitions.advanceLifecycle();
      const roots = await regions.rootCodes();
      const scopesOf = (permission: 'pkm:review' | 'pkm:approve' | 'pkm:submit') => {
        const scopes = principal.scopesFor(permission);
        return scopes.some((s) => roots.includes(s)) ? undefined : scopes;
      };
      const out: WorkCount[] = [];
      if (principal.can('pkm:review')) {
        out.push({ kind: 'pkm_to_review', count: await countApplications(db, { scopes: scopesOf('pkm:review'), statuses: ['SUBMITTED', 'UNDER_REVIEW'] }) });
        const active = await listApplications(db, { scopes: scopesOf('pkm:review'), statuses: ['ACTIVE'] });
        out.push({ kind: 'evaluations_overdue', count: (await views.many(principal, active, false)).filter((a) => a.evaluationOverdue).length });
      }
      if (principal.can('pkm:approve')) out.push({ kind: 'pkm_to_approve', count: await countApplications(db, { scopes: scopesOf('pkm:approve'), statuses: ['RECOMMENDED'] }) });
      if (principal.can('pkm:submit')) out.push({ kind: 'pkm_revision', count: await countApplications(db, { scopes: scopesOf('pkm:submit'), statuses: ['RETURNED'] }) });
      return out;
    },

    async getApplication(ctx: RequestContext, id: string): Promise<ApplicationView> {
      const { principal } = await access.application(ctx, id, 'read', { current: true });
      return views.one(principal, id);
    },

    async createApplication(ctx: RequestContext, input: PkmInput): Promise<ApplicationView> {
      const principal = access.principal(ctx, 'pkm:submit');
      const { region, rules, endDate } = await validatePkmInput(principal, input, true);
      const now = clock.now();
      const id = newId(now);
      await db.transaction().execute(async (trx) => {
        const row: PkmApplicationsTable = {
          id,
          region_code: region.code,
          ...applicationColumns(input, rules, endDate),
          status: 'DRAFT',
          active_cases: null,
          active_cases_date: null,
          rule_set_id: null,
          created_at: now,
          created_by: principal.userId,
          submitted_at: null,
          submitted_by: null,
          updated_at: now,
        };
        await insertApplication(trx, row);
        await transitions.record(trx, ctx, { ...row, status: 'NEW' }, 'create', 'DRAFT', null, { startDate: input.startDate, lengthDays: input.lengthDays });
      });
      return views.one(principal, id);
    },

    async updateApplication(ctx: RequestContext, id: string, input: PkmInput): Promise<ApplicationView> {
      const { principal, app } = await access.application(ctx, id, 'edit');
      if (input.regionCode !== app.region_code) throw problems.validation([{ field: 'regionCode', messageKey: 'validation.invalid' }]);
      const { rules, endDate } = await validatePkmInput(principal, input, true);
      await db.transaction().execute(async (trx) => {
        await updateApplication(trx, id, { ...applicationColumns(input, rules, endDate), updated_at: clock.now() });
        await transitions.record(trx, ctx, app, 'edit', app.status, null);
      });
      return views.one(principal, id);
    },

    async submitApplication(ctx: RequestContext, id: string): Promise<ApplicationView> {
      const { app } = await access.application(ctx, id, 'submit');
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
  };
}

export type PkmApplicationsService = ReturnType<typeof createPkmApplicationsService>;

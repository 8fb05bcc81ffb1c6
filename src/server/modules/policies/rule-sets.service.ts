/**
 * Versioned rule sets: drafts (create, edit, delete, copy a version), publishing and retiring. A publish or retirement
 * changes the rules in force: it bumps the policy revision and calls the cache's changed().
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { addDaysToDate } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { PoliciesAccess } from './policies.access.js';
import type { LocalDays } from './policies.dates.js';
import { presentRuleSet, type RuleSetView } from './policies.presenter.js';
import { bumpPolicyRevision, cityRuleSetInForce, deleteRuleSet, findRuleSet, insertRuleSet, listRuleSets, maxVersionInSeries, updateRuleSet } from './policies.repository.js';
import { policyValidation, toRule, type RuleInput } from './policies.shared.js';
import type { RuleSetsTable } from './policies.table.js';
import type { RegionIndex } from './region-index.js';
import { publishRuleSetRow, rowFromDraft } from './rule-set-rows.js';
import { findTemplate, RULE_SET_TEMPLATES, zoneTable } from './rule-set-templates.js';
import { validateRuleSet, type RuleSet, type RuleSetKind } from './rule-set.js';
import type { RulesInForceService } from './rules-in-force.service.js';

export interface RuleSetInput {
  kind: RuleSetKind;
  scopeRegionCode: string;
  legalBasis: string;
  titleId?: string | null;
  titleEn?: string | null;
  /** YYYY-MM-DD (local midnight) or an ISO-8601 date-time with offset. */
  effectiveFrom: string;
  effectiveTo?: string | null;
  rules: RuleInput[];
  statusCheck?: boolean;
}

export interface FirstRunView {
  /** The city region (scope of a city-wide rule set); null before the regions are imported. */
  cityScope: string | null;
  /** Whether a published city-wide rule set is in force now. */
  inForce: boolean;
  /** City-wide drafts waiting to be checked and published. */
  drafts: RuleSetView[];
  templates: { code: string; legalBasis: string; titleId: string; titleEn: string; ruleCount: number; zones: ReturnType<typeof zoneTable> }[];
}

export interface RuleSetsDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  regionIndex: RegionIndex;
  days: LocalDays;
  access: PoliciesAccess;
  rulesInForce: Pick<RulesInForceService, 'changed'>;
}

function notDraft(row: RuleSetsTable): AppError {
  return new AppError(409, 'rule-set-not-draft', 'conflict.title', 'ruleSetNotDraft.detail', { status: row.status }, [
    { field: 'status', messageKey: 'validation.publishedReadOnly', params: { status: row.status } },
  ]);
}

export function createRuleSetsService(deps: RuleSetsDeps) {
  const { db, clock, timeZone, regionIndex, days, access, rulesInForce } = deps;

  function validateRuleSetInput(input: RuleSetInput): RuleSet {
    const effectiveFrom = days.parseInstant(input.effectiveFrom, 'effectiveFrom');
    const effectiveTo = input.effectiveTo === undefined || input.effectiveTo === null ? null : days.parseInstant(input.effectiveTo, 'effectiveTo');
    const draft: RuleSet = {
      id: 'candidate',
      legalBasis: input.legalBasis.trim(),
      scopeRegionCode: input.scopeRegionCode,
      kind: input.kind,
      effectiveFrom,
      effectiveTo,
      status: 'draft',
      version: 1,
      rules: input.rules.map(toRule),
    };
    if (input.titleId) draft.titleId = input.titleId;
    if (input.titleEn) draft.titleEn = input.titleEn;
    if (input.statusCheck === true) draft.statusCheck = true;
    const found = validateRuleSet(draft);
    if (found.length > 0) throw policyValidation(found);
    return draft;
  }

  async function requireScopeRegion(code: string, field: string): Promise<void> {
    if (!(await regionIndex.get(code))) throw problems.validation([{ field, messageKey: 'validation.unknownRegion' }]);
  }

  async function viewRuleSet(row: RuleSetsTable): Promise<RuleSetView> {
    const region = await regionIndex.get(row.scope_region_code);
    return presentRuleSet(row, timeZone, region?.name ?? null);
  }

  /** The row as stored after a change, for the answer (the caller has just been allowed to act on it). */
  async function viewStored(id: string): Promise<RuleSetView> {
    const row = await findRuleSet(db, id);
    if (!row) throw problems.notFound('ruleSetNotFound.detail', { id });
    return viewRuleSet(row);
  }

  /** The city's own region (the root of the tree): the scope of a city-wide rule set. */
  async function cityScope(): Promise<string | null> {
    for (const region of (await regionIndex.all()).values()) if (region.parentCode === null) return region.code;
    return null;
  }

  async function insertDraft(ctx: RequestContext, userId: string, draft: RuleSet, action: 'rule_set.create', details: Record<string, unknown>): Promise<RuleSetView> {
    const now = clock.now();
    const id = newId(now);
    await db.transaction().execute(async (trx) => {
      await insertRuleSet(trx, {
        id,
        ...rowFromDraft(draft),
        status: 'draft',
        version: (await maxVersionInSeries(trx, draft.scopeRegionCode, draft.kind)) + 1,
        copied_from_id: null,
        pkm_application_id: null,
        created_at: now,
        created_by: userId,
        updated_at: now,
        published_at: null,
        published_by: null,
        retired_at: null,
        retired_by: null,
      });
      await recordAudit(trx, clock, ctx, { action, entityType: 'rule_set', entityId: id, regionCode: draft.scopeRegionCode, details });
    });
    return viewStored(id);
  }

  return {
    async listRuleSets(ctx: RequestContext, filter: { status?: string; kind?: string; scopeRegionCode?: string }): Promise<RuleSetView[]> {
      const principal = access.principal(ctx, 'rules:read');
      const rows = (await listRuleSets(db, filter)).filter((row) => access.mayReadRuleSet(principal, row));
      return Promise.all(rows.map(viewRuleSet));
    },

    async getRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      return viewRuleSet((await access.ruleSet(ctx, id, 'read')).row);
    },

    async createRuleSet(ctx: RequestContext, input: RuleSetInput): Promise<RuleSetView> {
      const principal = access.principal(ctx, 'rules:manage');
      await requireScopeRegion(input.scopeRegionCode, 'scopeRegionCode');
      principal.require('rules:manage', input.scopeRegionCode);
      const draft = validateRuleSetInput(input);
      return insertDraft(ctx, principal.userId, draft, 'rule_set.create', { legalBasis: draft.legalBasis, kind: draft.kind });
    },

    /**
     * First run (issue #18): whether a city-wide rule set is in force now, the city's drafts waiting to be published,
     * and the templates an administrator may adopt. City-level: no region's record.
     */
    async ruleSetFirstRun(ctx: RequestContext): Promise<FirstRunView> {
      access.principal(ctx, 'rules:manage');
      const city = await cityScope();
      const now = clock.now();
      const drafts = city ? (await listRuleSets(db, { status: 'draft', kind: 'city', scopeRegionCode: city })).filter((r) => r.pkm_application_id === null) : [];
      return {
        cityScope: city,
        inForce: city ? await cityRuleSetInForce(db, city, now) : false,
        drafts: await Promise.all(drafts.map(viewRuleSet)),
        templates: RULE_SET_TEMPLATES.map((tpl) => ({ code: tpl.code, legalBasis: tpl.legalBasis, titleId: tpl.titleId, titleEn: tpl.titleEn, ruleCount: tpl.rules.length, zones: zoneTable(tpl) })),
      };
    },

    /** Adopts a template as a city-wide draft starting today (local midnight); nothing is in force until it is published. */
    async adoptRuleSetTemplate(ctx: RequestContext, code: string): Promise<RuleSetView> {
      const principal = access.principal(ctx, 'rules:manage');
      const city = await cityScope();
      if (!city) throw problems.validation([{ field: 'template', messageKey: 'validation.unknownRegion' }]);
      principal.require('rules:manage', city);
      const template = findTemplate(code);
      if (!template) throw problems.validation([{ field: 'template', messageKey: 'validation.unknownTemplate' }]);
      const draft: RuleSet = {
        id: 'candidate',
        legalBasis: template.legalBasis,
        titleId: template.titleId,
        titleEn: template.titleEn,
        scopeRegionCode: city,
        kind: 'city',
        effectiveFrom: days.midnight(days.today()),
        effectiveTo: null,
        status: 'draft',
        version: 1,
        rules: template.rules.map((r) => ({ ...r })),
      };
      const found = validateRuleSet(draft);
      if (found.length > 0) throw policyValidation(found);
      return insertDraft(ctx, principal.userId, draft, 'rule_set.create', { legalBasis: draft.legalBasis, kind: draft.kind, template: template.code });
    },

    async updateRuleSet(ctx: RequestContext, id: string, input: RuleSetInput): Promise<RuleSetView> {
      const { principal, row } = await access.ruleSet(ctx, id, 'manage');
      if (row.status !== 'draft') throw notDraft(row);
      await requireScopeRegion(input.scopeRegionCode, 'scopeRegionCode');
      principal.require('rules:manage', input.scopeRegionCode);
      const draft = validateRuleSetInput(input);
      await db.transaction().execute(async (trx) => {
        const seriesChanged = draft.scopeRegionCode !== row.scope_region_code || draft.kind !== row.kind;
        await updateRuleSet(trx, id, {
          ...rowFromDraft(draft),
          ...(seriesChanged ? { version: (await maxVersionInSeries(trx, draft.scopeRegionCode, draft.kind)) + 1 } : {}),
          updated_at: clock.now(),
        });
        await recordAudit(trx, clock, ctx, { action: 'rule_set.update', entityType: 'rule_set', entityId: id, regionCode: draft.scopeRegionCode, details: { legalBasis: draft.legalBasis } });
      });
      return viewStored(id);
    },

    async deleteRuleSet(ctx: RequestContext, id: string): Promise<void> {
      const { row } = await access.ruleSet(ctx, id, 'manage');
      if (row.status !== 'draft') throw notDraft(row);
      await db.transaction().execute(async (trx) => {
        await deleteRuleSet(trx, id);
        await recordAudit(trx, clock, ctx, { action: 'rule_set.delete', entityType: 'rule_set', entityId: id, regionCode: row.scope_region_code, details: { legalBasis: row.legal_basis } });
      });
    },

    /** A new draft version copied from any version; it starts at the next local midnight unless edited. */
    async copyRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      const { principal, row: source } = await access.ruleSet(ctx, id, 'manage');
      if (source.pkm_application_id !== null) throw new AppError(409, 'rule-set-is-pkm', 'conflict.title', 'ruleSetIsPkm.detail');
      const now = clock.now();
      const tomorrow = days.midnight(addDaysToDate(days.today(), 1));
      const effectiveFrom = Math.max(source.effective_from, tomorrow);
      const effectiveTo = source.effective_to !== null && source.effective_to > effectiveFrom ? source.effective_to : null;
      const newRowId = newId(now);
      await db.transaction().execute(async (trx) => {
        await insertRuleSet(trx, {
          ...source,
          id: newRowId,
          status: 'draft',
          version: (await maxVersionInSeries(trx, source.scope_region_code, source.kind)) + 1,
          effective_from: effectiveFrom,
          effective_to: effectiveTo,
          copied_from_id: source.id,
          created_at: now,
          created_by: principal.userId,
          updated_at: now,
          published_at: null,
          published_by: null,
          retired_at: null,
          retired_by: null,
        });
        await recordAudit(trx, clock, ctx, { action: 'rule_set.copy', entityType: 'rule_set', entityId: newRowId, regionCode: source.scope_region_code, details: { copiedFrom: source.id } });
      });
      return viewStored(newRowId);
    },

    async publishRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      const { row } = await access.ruleSet(ctx, id, 'manage');
      if (row.status !== 'draft') throw notDraft(row);
      await db.transaction().execute(async (trx) => {
        await publishRuleSetRow(trx, clock, ctx, row);
        await recordAudit(trx, clock, ctx, { action: 'rule_set.publish', entityType: 'rule_set', entityId: id, regionCode: row.scope_region_code, details: { legalBasis: row.legal_basis, version: row.version } });
      });
      rulesInForce.changed();
      return viewStored(id);
    },

    async retireRuleSet(ctx: RequestContext, id: string): Promise<RuleSetView> {
      const { principal, row } = await access.ruleSet(ctx, id, 'manage');
      if (row.status !== 'published') {
        throw new AppError(409, 'rule-set-not-published', 'conflict.title', 'ruleSetNotPublished.detail', {}, [{ field: 'status', messageKey: 'validation.invalid' }]);
      }
      if (row.pkm_application_id !== null) throw new AppError(409, 'rule-set-is-pkm', 'conflict.title', 'ruleSetIsPkm.detail');
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await updateRuleSet(trx, id, { status: 'retired', retired_at: now, retired_by: principal.userId, updated_at: now });
        await bumpPolicyRevision(trx, now);
        await recordAudit(trx, clock, ctx, { action: 'rule_set.retire', entityType: 'rule_set', entityId: id, regionCode: row.scope_region_code, details: { legalBasis: row.legal_basis } });
      });
      rulesInForce.changed();
      return viewStored(id);
    },
  };
}

export type RuleSetsService = ReturnType<typeof createRuleSetsService>;

/** Rule-set rows to domain objects and back, and publishing a row: shared by the rule-set and village PKM use cases. */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { fieldErrorsOf, policyValidation } from './policies.shared.js';
import { bumpPolicyRevision, listPublishedInSeries, updateRuleSet } from './policies.repository.js';
import type { RuleSetsTable } from './policies.table.js';
import { overlapProblems, validateRuleSet, type Rule, type RuleSet, type RuleSetKind, type RuleSetStatus } from './rule-set.js';

export function toDomainRuleSet(row: RuleSetsTable): RuleSet {
  const ruleSet: RuleSet = {
    id: row.id,
    legalBasis: row.legal_basis,
    scopeRegionCode: row.scope_region_code,
    kind: row.kind as RuleSetKind,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    status: row.status as RuleSetStatus,
    version: row.version,
    rules: JSON.parse(row.rules) as Rule[],
  };
  if (row.status_check === 1) ruleSet.statusCheck = true;
  if (row.title_id !== null) ruleSet.titleId = row.title_id;
  if (row.title_en !== null) ruleSet.titleEn = row.title_en;
  return ruleSet;
}

export function rowFromDraft(draft: RuleSet): Pick<RuleSetsTable, 'kind' | 'scope_region_code' | 'legal_basis' | 'title_id' | 'title_en' | 'effective_from' | 'effective_to' | 'rules' | 'status_check'> {
  return {
    kind: draft.kind,
    scope_region_code: draft.scopeRegionCode,
    legal_basis: draft.legalBasis,
    title_id: draft.titleId ?? null,
    title_en: draft.titleEn ?? null,
    effective_from: draft.effectiveFrom,
    effective_to: draft.effectiveTo,
    rules: JSON.stringify(draft.rules),
    status_check: draft.statusCheck === true ? 1 : 0,
  };
}

/**
 * Publishes a draft row inside the caller's transaction: it must be valid and must not overlap a published version of
 * its series. Bumps the policy revision; the caller calls the rules-in-force cache's changed() after the commit.
 */
export async function publishRuleSetRow(trx: Db, clock: Clock, ctx: RequestContext, row: RuleSetsTable): Promise<void> {
  const domain = toDomainRuleSet(row);
  const found = validateRuleSet(domain);
  if (found.length > 0) throw policyValidation(found);
  const series = (await listPublishedInSeries(trx, row.scope_region_code, row.kind)).map(toDomainRuleSet);
  const overlaps = overlapProblems(domain, series);
  if (overlaps.length > 0) {
    throw new AppError(409, 'rule-set-overlap', 'conflict.title', 'ruleSetOverlap.detail', {}, fieldErrorsOf(overlaps));
  }
  const now = clock.now();
  await updateRuleSet(trx, row.id, { status: 'published', published_at: now, published_by: ctx.principal?.userId ?? null, updated_at: now });
  await bumpPolicyRevision(trx, now);
}

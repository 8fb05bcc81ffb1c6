/** First start (and tests): the historical Denpasar rule sets and zone thresholds, into a database that has none. */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { systemContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import { regionExists } from './policies.read-model.js';
import { bumpPolicyRevision, countRuleSets, insertRuleSet, insertThresholdVersion, listThresholdVersions } from './policies.repository.js';
import { DENPASAR_CITY_CODE, DENPASAR_SEED_RULE_SETS, DENPASAR_ZONE_THRESHOLDS_VERSIONS } from './seed-rule-sets.js';

/** Loads the historical Denpasar rule sets and zone thresholds into a database that has none (first start, tests). */
export async function ensureDefaultPolicies(db: Db, clock: Clock): Promise<{ ruleSets: number; thresholds: number } | null> {
  if ((await countRuleSets(db)) > 0) return null;
  if (!(await regionExists(db, DENPASAR_CITY_CODE))) return null;
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    for (const rs of DENPASAR_SEED_RULE_SETS) {
      await insertRuleSet(trx, {
        id: rs.id,
        kind: rs.kind,
        scope_region_code: rs.scopeRegionCode,
        legal_basis: rs.legalBasis,
        title_id: rs.titleId ?? null,
        title_en: rs.titleEn ?? null,
        effective_from: rs.effectiveFrom,
        effective_to: rs.effectiveTo,
        status: rs.status,
        version: rs.version,
        rules: JSON.stringify(rs.rules),
        // Only when set (no seeded set sets it): the seed also runs against schemas from before the column.
        ...(rs.statusCheck === true ? { status_check: 1 } : {}),
        copied_from_id: null,
        pkm_application_id: null,
        created_at: now,
        created_by: null,
        updated_at: now,
        published_at: now,
        published_by: null,
        retired_at: null,
        retired_by: null,
      });
    }
    const existing = await listThresholdVersions(trx);
    if (existing.length === 0) {
      for (const v of DENPASAR_ZONE_THRESHOLDS_VERSIONS) {
        await insertThresholdVersion(trx, {
          id: v.id,
          scope_region_code: v.scopeRegionCode,
          effective_from: v.effectiveFrom,
          effective_to: v.effectiveTo,
          yellow_from: v.thresholds.yellowFrom,
          orange_from: v.thresholds.orangeFrom,
          red_from: v.thresholds.redFrom,
          basis: v.basis,
          created_at: now,
          created_by: null,
        });
      }
    }
    await recordAudit(trx, clock, systemContext, {
      action: 'rule_set.seed',
      entityType: 'rule_set',
      regionCode: DENPASAR_CITY_CODE,
      details: { ruleSets: DENPASAR_SEED_RULE_SETS.map((r) => r.id) },
    });
    await bumpPolicyRevision(trx, now);
  });
  return { ruleSets: DENPASAR_SEED_RULE_SETS.length, thresholds: DENPASAR_ZONE_THRESHOLDS_VERSIONS.length };
}

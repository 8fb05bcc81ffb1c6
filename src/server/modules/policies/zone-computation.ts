/**
 * The zone of every desa/kelurahan on a date, from the latest active-case counts on or before it and the thresholds in
 * force at its start. Used by the zones-of-the-day cache (rules in force) and by the zones service when it stores
 * history.
 */
import type { Db } from '../../db/kysely.js';
import type { ZoneOfDay } from './policies.presenter.js';
import type { RegionInfo } from './policies.shared.js';
import { latestCountsOnOrBefore, listThresholdVersions } from './policies.repository.js';
import type { ZoneThresholdVersionsTable } from './policies.table.js';
import { DEFAULT_ZONE_THRESHOLDS, zoneColourFor, zoneThresholdsVersionInForce, type ZoneThresholdsVersion } from './zone-colour.js';

/** Where counts from several sources exist for one desa and day, the first listed wins: a person's entry corrects a feed. */
export const ACTIVE_CASE_SOURCES = ['manual', 'import', 'case_register'] as const;
export type ActiveCaseSource = (typeof ACTIVE_CASE_SOURCES)[number];

export function toThresholdsVersion(row: ZoneThresholdVersionsTable): ZoneThresholdsVersion {
  return {
    id: row.id,
    scopeRegionCode: row.scope_region_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    thresholds: { yellowFrom: row.yellow_from, orangeFrom: row.orange_from, redFrom: row.red_from },
    basis: row.basis,
  };
}

/**
 * Zones of the given villages (or only one) on `date`, whose local midnight is `at`.
 * `villages` comes from the region index.
 */
export async function computeZones(dbx: Db, villages: RegionInfo[], date: string, at: number, onlyRegion?: string): Promise<Map<string, ZoneOfDay>> {
  const list = onlyRegion ? villages.filter((v) => v.code === onlyRegion) : villages;
  const [counts, thresholdRows] = await Promise.all([latestCountsOnOrBefore(dbx, date, onlyRegion), listThresholdVersions(dbx)]);
  const versions = thresholdRows.map(toThresholdsVersion);
  const byRegion = new Map<string, { active_cases: number; date: string; source: string }>();
  const rank = (source: string) => {
    const i = (ACTIVE_CASE_SOURCES as readonly string[]).indexOf(source);
    return i === -1 ? ACTIVE_CASE_SOURCES.length : i;
  };
  for (const c of counts) {
    const known = byRegion.get(c.region_code);
    if (!known || rank(c.source) < rank(known.source)) byRegion.set(c.region_code, c);
  }
  const out = new Map<string, ZoneOfDay>();
  for (const v of list) {
    const count = byRegion.get(v.code);
    const version = zoneThresholdsVersionInForce(versions, v.ancestry, at);
    const activeCases = count?.active_cases ?? 0;
    out.set(v.code, {
      regionCode: v.code,
      name: v.name,
      colour: zoneColourFor(activeCases, version?.thresholds ?? DEFAULT_ZONE_THRESHOLDS),
      activeCases,
      countDate: count?.date ?? null,
      source: count?.source ?? null,
      thresholdsVersionId: version?.id ?? null,
    });
  }
  return out;
}

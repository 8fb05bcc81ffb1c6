import type { RegionSummary } from '../../api/types';

/** Same rule as the server's `isWithinRegion`: codes are hierarchical, an assignment covers its region and all below. */
export function isWithinScope(code: string, scope: string): boolean {
  return code === scope || code.startsWith(`${scope}.`);
}

/**
 * The regions a caller may pick in a filter or form: those within any of their assignments' regions. An officer of
 * one desa gets that desa (and its banjar), a kecamatan officer the kecamatan and its desa, a city-level assignment
 * (the administrator, the mayor, the city task force) every region. Desa adat codes hang under the city code, so they
 * come with a city-level assignment or with an assignment to the desa adat itself.
 */
export function regionsInScope(regions: RegionSummary[], scopes: readonly string[]): RegionSummary[] {
  if (scopes.length === 0) return [];
  return regions.filter((region) => scopes.some((scope) => isWithinScope(region.code, scope)));
}

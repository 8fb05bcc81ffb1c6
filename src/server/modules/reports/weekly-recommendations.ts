/*
 * The actions the weekly evaluation report recommends (issue #17; Perwali 32/2020, domain.md §4.3: a village PKM is
 * evaluated every week). A pure function of each desa's zone at the end of the week and of the week before, its PKM,
 * and the overdue evaluations:
 *   - red at the end of two consecutive weeks: with a PKM in force, tighten it; without one, the desa should apply;
 *   - green at the end of two consecutive weeks with a PKM in force: consider ending it at its evaluation;
 *   - worse at the end of the week than a week before (not yet red twice): watch it (inspections, border posts);
 *   - a weekly PKM evaluation overdue: complete it.
 */
export type RecommendationKind = 'tightenPkm' | 'applyPkm' | 'considerEndingPkm' | 'watch' | 'evaluationOverdue';

export interface DesaWeek {
  regionCode: string;
  name: string;
  /** Zone colour at the end of the week and of the week before (null: not computed). */
  colour: string | null;
  previousColour: string | null;
  pkmActive: boolean;
}

export interface Recommendation {
  kind: RecommendationKind;
  regionCode: string;
  name: string;
}

const ORDER = ['green', 'yellow', 'orange', 'red'];

export function weeklyRecommendations(desa: readonly DesaWeek[], overdue: readonly { regionCode: string; name: string }[]): Recommendation[] {
  const out: Recommendation[] = [];
  for (const d of desa) {
    const { regionCode, name } = d;
    if (d.colour === 'red' && d.previousColour === 'red') out.push({ kind: d.pkmActive ? 'tightenPkm' : 'applyPkm', regionCode, name });
    else if (d.colour === 'green' && d.previousColour === 'green' && d.pkmActive) out.push({ kind: 'considerEndingPkm', regionCode, name });
    else if (d.colour !== null && d.previousColour !== null && ORDER.indexOf(d.colour) > ORDER.indexOf(d.previousColour)) out.push({ kind: 'watch', regionCode, name });
  }
  for (const o of overdue) out.push({ kind: 'evaluationOverdue', regionCode: o.regionCode, name: o.name });
  return out;
}

/**
 * First-run rule sets (issue #18): a fresh install has only the historical seeds (all ended in 2021), so a zone turning
 * red changes nothing. The administrator adopts a template as a city-wide draft starting today, checks it, and
 * publishes it. The template is the Perwali Denpasar 32/2020 pattern as revised (domain notes §4.4).
 */
import { ZONE_COLOURS, type ZoneColour } from './zone-colour.js';
import type { Rule } from './rule-set.js';
import { PERWALI_32_REVISED_RULES } from './seed-rule-sets.js';

export interface RuleSetTemplate {
  code: string;
  legalBasis: string;
  titleId: string;
  titleEn: string;
  rules: readonly Rule[];
}

export const RULE_SET_TEMPLATES: readonly RuleSetTemplate[] = [
  {
    code: 'perwali-32-2020',
    legalBasis: 'Perwali Denpasar 32/2020 (pola PKM)',
    titleId: 'Pembatasan Kegiatan Masyarakat (PKM): tutup pukul 21.00 WITA, zona hijau pukul 23.00 WITA',
    titleEn: 'Community activity restrictions (PKM): close at 21:00 WITA, green zones at 23:00 WITA',
    rules: PERWALI_32_REVISED_RULES,
  },
];

export function findTemplate(code: string): RuleSetTemplate | undefined {
  return RULE_SET_TEMPLATES.find((t) => t.code === code);
}

/**
 * The template's zone table for trade (shops, markets, eateries): per zone colour, the latest closing time of the rules
 * that apply (the strictest wins, as in the rules engine), or null when no time limit applies.
 */
export function zoneTable(template: RuleSetTemplate): { colour: ZoneColour; closesAt: string | null; capacityPercent: number }[] {
  return ZONE_COLOURS.map((colour) => {
    const applicable = template.rules.filter((r) => r.sector === 'trade' && !r.venueType && (r.zoneColours === 'all' || r.zoneColours.includes(colour)));
    // A zone-specific rule replaces the general one for its zone, as in the seeded revision (green until 23:00).
    const specific = applicable.filter((r) => r.zoneColours !== 'all');
    const chosen = specific.length > 0 ? specific : applicable;
    const closes = chosen.map((r) => r.window?.until).filter((u): u is string => u !== undefined);
    return {
      colour,
      closesAt: closes.length > 0 ? closes.sort()[0]! : null,
      capacityPercent: Math.min(100, ...chosen.map((r) => r.capacityPercent)),
    };
  });
}

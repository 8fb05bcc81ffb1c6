import type { TFunction } from 'i18next';

const REASONS = ['venue_full', 'outside_hours', 'closed_by_rule', 'unknown_poster', 'poster_replaced', 'venue_suspended', 'venue_not_verified', 'rate_limited'] as const;
const SOURCES = ['qr', 'desk', 'paper'] as const;

export function reasonLabel(reason: string, t: TFunction): string {
  return (REASONS as readonly string[]).includes(reason) ? t(`checkins.reasons.${reason as (typeof REASONS)[number]}`) : reason;
}

/** The stored detail of a refused check-in: "3 of 3 people" for a full venue, else the rule's own words. */
export function attemptDetail(detail: string | null, t: TFunction, lang: string): string | null {
  // A burst stopped by the check-in limits: the reason's label says it all (the detail is its kind).
  if (!detail || detail === 'one_address' || detail === 'many_addresses') return null;
  if (detail.startsWith('{')) {
    try {
      const parsed = JSON.parse(detail) as { occupancy?: unknown; limit?: unknown; reasonId?: unknown; reasonEn?: unknown };
      if (typeof parsed.occupancy === 'number' && typeof parsed.limit === 'number') return t('checkins.fullDetail', { current: parsed.occupancy, limit: parsed.limit });
      // A closed venue's refusal keeps the rules' reason in both languages: show the reader's.
      const reason = lang === 'en' ? parsed.reasonEn : parsed.reasonId;
      if (typeof reason === 'string') return reason.charAt(0).toUpperCase() + reason.slice(1);
    } catch {
      // not JSON after all: show it as it is
    }
  }
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}

export function sourceLabel(source: string, t: TFunction): string {
  return (SOURCES as readonly string[]).includes(source) ? t(`checkins.sources.${source as (typeof SOURCES)[number]}`) : source;
}

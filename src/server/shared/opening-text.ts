/**
 * The shared "open now / reopens at" answer (common/opening-status.ts) in words from the catalogue, for the pages the
 * server renders and the refusals it sends. The web app words the same status with the same keys (web/lib/opening.ts).
 */
import Type from 'typebox';
import { openingStatus, openingView, type OpeningStatus, type OpeningView } from '../../common/opening-status.js';
import type { Language } from './language.js';
import { text } from './texts.js';

/** The parts of the rules engine's answer the status is read from. */
export interface OpeningRules {
  open: boolean;
  closed: boolean;
  localTime: string;
  windows: readonly { from: string; until: string; crossesMidnight: boolean }[];
}

/** The status of a venue (venueHoursKnown: it declared opening hours) or of a sector in a desa (false). */
export function openingStatusOf(rules: OpeningRules, venueHoursKnown: boolean): OpeningStatus {
  return openingStatus({ open: rules.open, closed: rules.closed, localTime: rules.localTime, windows: rules.windows, venueHoursKnown });
}

/** When it reopens, in words; null while open. `zone` is the time zone's label (WITA). */
export function reopensText(lang: Language, status: OpeningStatus | OpeningView, zone: string): string | null {
  const view = 'reopens' in status ? openingView(status) : status;
  if (view.state === 'open') return null;
  if (view.closedReason === 'closed_by_rule') return text(lang, 'opening.closedByRule');
  if (view.reopensDay === null) return text(lang, 'opening.closedAllDay');
  const today = view.reopensDay === 'today';
  if (view.reopensAt === null) return text(lang, today ? 'opening.reopensTodayOwnHours' : 'opening.reopensTomorrowOwnHours');
  return text(lang, today ? 'opening.reopensToday' : 'opening.reopensTomorrow', { time: view.reopensAt, zone });
}

/** The one line of state: open until…, open, or closed with when it reopens. */
export function openingText(lang: Language, status: OpeningStatus | OpeningView, zone: string): string {
  const view = 'reopens' in status ? openingView(status) : status;
  if (view.state === 'open') {
    return view.closesAt === null ? text(lang, 'opening.openNoLimit') : text(lang, 'opening.openUntil', { time: view.closesAt, zone });
  }
  return reopensText(lang, view, zone) as string;
}

/** The API shape of the status (common/opening-status.ts `OpeningView`). */
export const OpeningOut = Type.Object(
  {
    state: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    closesAt: Type.Union([Type.String(), Type.Null()]),
    closedReason: Type.Union([Type.Literal('closed_by_rule'), Type.Literal('no_window'), Type.Literal('outside_window'), Type.Null()]),
    reopensDay: Type.Union([Type.Literal('today'), Type.Literal('tomorrow'), Type.Null()]),
    reopensAt: Type.Union([Type.String(), Type.Null()]),
  },
  { description: 'Open now, or when it reopens: the one answer every screen shows (common/opening-status.ts).' },
);

/** The status as the API sends it. */
export function openingViewOf(rules: OpeningRules, venueHoursKnown: boolean): OpeningView {
  return openingView(openingStatusOf(rules, venueHoursKnown));
}

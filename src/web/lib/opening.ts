import type { TFunction } from 'i18next';
import type { OpeningView } from '../../common/opening-status';

/**
 * The shared "open now / reopens at" status (common/opening-status.ts, sent by the API as `opening`) in words. The
 * server words it with the same catalogue keys on the pages it renders (server/shared/opening-text.ts).
 */
export function reopensLine(t: TFunction, view: OpeningView, zone: string): string | null {
  if (view.state === 'open') return null;
  if (view.closedReason === 'closed_by_rule') return t('opening.closedByRule');
  if (view.reopensDay === null) return t('opening.closedAllDay');
  const today = view.reopensDay === 'today';
  if (view.reopensAt === null) return today ? t('opening.reopensTodayOwnHours') : t('opening.reopensTomorrowOwnHours');
  return today ? t('opening.reopensToday', { time: view.reopensAt, zone }) : t('opening.reopensTomorrow', { time: view.reopensAt, zone });
}

export function openingLine(t: TFunction, view: OpeningView, zone: string): string {
  if (view.state === 'open') return view.closesAt === null ? t('opening.openNoLimit') : t('opening.openUntil', { time: view.closesAt, zone });
  return reopensLine(t, view, zone) as string;
}

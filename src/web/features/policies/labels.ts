import type { TFunction } from 'i18next';
import type { SectorInfo, ZoneColour } from './types';

/** Fill and text colours of the zone colours (text meets WCAG AA on the fill). */
export const ZONE_FILL: Record<ZoneColour, string> = {
  green: '#2e9e5b',
  yellow: '#f2c94c',
  orange: '#f2994a',
  red: '#d64545',
};

export function zoneLabel(colour: string | null | undefined, t: TFunction): string {
  return colour === 'green' || colour === 'yellow' || colour === 'orange' || colour === 'red' ? t(`policies.colours.${colour}`) : t('policies.colours.unknown');
}

/** The label of a sector or venue type in the UI language. */
export function sectorLabel(sectors: readonly SectorInfo[] | undefined, code: string | undefined, lng: string): string {
  if (!code) return '';
  for (const s of sectors ?? []) {
    if (s.code === code) return lng === 'en' ? s.labelEn : s.labelId;
    const type = s.venueTypes.find((v) => v.code === code);
    if (type) return lng === 'en' ? type.labelEn : type.labelId;
  }
  return code;
}

/** "2026-12-01" → "1 Des 2026" / "1 Dec 2026". */
export function formatDate(date: string, lng: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(lng === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

/** Today's date in Denpasar (WITA, UTC+8, no daylight saving). */
export function todayInDenpasar(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

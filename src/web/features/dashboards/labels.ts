import type { TFunction } from 'i18next';
import { formatNumber } from '../../lib/format';
import type { Cell } from './api';

/** Where the catalogue names a panel's coded values, by column. */
const VALUE_KEYS: Record<string, string> = {
  zone: 'policies.colours',
  category: 'tracing.categories',
  stage: 'policies.pkm.statuses',
  offence: 'enforcement.offence',
  result: 'field.check.result',
  band: 'dashboards.bands',
  measure: 'dashboards.measures',
  status: 'dashboards.newcomerStatus',
};

/** A cell as a person reads it: coded values by their name, numbers in the language's format, empty as a dash. */
export function cellText(column: string, value: Cell, t: TFunction, lang: string): string {
  if (value === null) return column === 'zone' ? t('policies.colours.unknown') : '–';
  if (typeof value === 'number') return column === 'hour' ? `${String(value).padStart(2, '0')}:00` : formatNumber(value, lang);
  const base = VALUE_KEYS[column];
  return base ? t(`${base}.${value}`, { defaultValue: value }) : value;
}

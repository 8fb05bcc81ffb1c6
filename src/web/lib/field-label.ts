import type { TFunction } from 'i18next';

/**
 * The label of an API field ("rules.0.capacityPercent" → the catalogue's name of its last named part), so a message
 * never shows a code name; a field the catalogue does not name falls back to its words ("arrivalDate" → "arrival date").
 */
export function fieldLabel(field: string, t: TFunction): string {
  const leaf = field.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? field;
  const words = leaf.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return t(`fields.${leaf}`, { defaultValue: words.charAt(0).toUpperCase() + words.slice(1) });
}

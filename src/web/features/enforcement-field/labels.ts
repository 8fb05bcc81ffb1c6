import type { TFunction } from 'i18next';
import type id from '../../../i18n/id.json';

type OffenceKey = keyof (typeof id)['enforcement']['offence'];
type SanctionKey = keyof (typeof id)['enforcement']['sanction'];
type LetterKey = keyof (typeof id)['field']['check']['letters'];
type ResultKey = keyof (typeof id)['field']['check']['result'];
type ReasonKey = keyof (typeof id)['field']['check']['reasons'];

/** Labels of codes the server sends; an unknown code (a newer server) shows as it is. */
export function offenceLabel(code: string, t: TFunction): string {
  return t(`enforcement.offence.${code as OffenceKey}`, { defaultValue: code });
}
export function sanctionLabel(code: string, t: TFunction): string {
  return t(`enforcement.sanction.${code as SanctionKey}`, { defaultValue: code });
}
export function letterLabel(code: string, t: TFunction): string {
  return t(`field.check.letters.${code as LetterKey}`, { defaultValue: code });
}
export function checkResultLabel(code: string, t: TFunction): string {
  return t(`field.check.result.${code as ResultKey}`, { defaultValue: code });
}
export function checkReasonLabel(code: string, t: TFunction): string {
  return t(`field.check.reasons.${code as ReasonKey}`, { defaultValue: code });
}

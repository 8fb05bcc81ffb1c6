import type { Language } from '../../shared/language.js';
import { text } from '../../shared/texts.js';

/*
 * The texts tracing sends, built from the text catalogue (`notifications.*`). A venue's case notice is told through
 * the notifications module's account messages (`notifications.staff.venueCaseNotice`), in each manager's language.
 */

/** Fallback text (catalogue `notifications.sms.contactFallback`; the notifications module's own template is used when it provides one). Fits one SMS. */
export function defaultContactText(lang: Language, end: string, link: string): string {
  return text(lang, 'notifications.sms.contactFallback', { end, link });
}

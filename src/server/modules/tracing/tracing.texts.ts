import type { Language } from '../../shared/language.js';
import { text } from '../../shared/texts.js';

/*
 * The texts tracing sends, built from the text catalogue (`notifications.*`). The time-zone label is a parameter,
 * derived from the configured time zone.
 */

/** The e-mail to a venue's managers when a confirmed case visited: both languages in one message (their language is not known). */
export function venueNoticeEmail(p: { venueName: string; span: string; zoneLabel: string }): { subject: string; body: string } {
  const notice = { venue: p.venueName, span: p.span, zone: p.zoneLabel };
  return {
    subject: `${text('id', 'notifications.venueNotice.subject')} / ${text('en', 'notifications.venueNotice.subject')} — ${p.venueName}`,
    body: [text('id', 'notifications.venueNotice.body', notice), '', text('en', 'notifications.venueNotice.body', notice)].join('\n'),
  };
}

/** Fallback text (catalogue `notifications.sms.contactFallback`; the notifications module's own template is used when it provides one). Fits one SMS. */
export function defaultContactText(lang: Language, end: string, link: string): string {
  return text(lang, 'notifications.sms.contactFallback', { end, link });
}

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

/** Fallback texts (the notifications module's own templates are used when it provides them). Each fits one SMS. */
export function defaultContactText(lang: Language, end: string, link: string): string {
  return lang === 'en'
    ? `Jaga Baya: you were a close contact of a COVID-19 case. Quarantine until ${end}. Report daily: ${link}`
    : `Jaga Baya: Anda kontak erat kasus COVID-19. Karantina s/d ${end}. Lapor harian: ${link}`;
}

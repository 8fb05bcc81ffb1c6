import type { Language } from '../../shared/language.js';

/*
 * The literal texts tracing sends, in one named place until they move into the text catalogue (the catalogue
 * engineer's work). The time-zone label is a parameter, derived from the configured time zone.
 */

/** The e-mail to a venue's managers when a confirmed case visited: both languages in one message. */
export function venueNoticeEmail(p: { venueName: string; span: string; zoneLabel: string }): { subject: string; body: string } {
  return {
    subject: `Jaga Baya: pemberitahuan kasus COVID-19 / COVID-19 case notice — ${p.venueName}`,
    body: [
      `Seorang kasus konfirmasi COVID-19 berkunjung ke ${p.venueName} pada ${p.span} ${p.zoneLabel}.`,
      'Bersihkan dan disinfeksi area, pantau kesehatan pegawai, dan ikuti arahan puskesmas.',
      '',
      `A confirmed COVID-19 case visited ${p.venueName} on ${p.span} ${p.zoneLabel}.`,
      'Clean and disinfect the premises, watch your staff for symptoms and follow the puskesmas guidance.',
    ].join('\n'),
  };
}

/** Fallback texts (the notifications module's own templates are used when it provides them). Each fits one SMS. */
export function defaultContactText(lang: Language, end: string, link: string): string {
  return lang === 'en'
    ? `Jaga Baya: you were a close contact of a COVID-19 case. Quarantine until ${end}. Report daily: ${link}`
    : `Jaga Baya: Anda kontak erat kasus COVID-19. Karantina s/d ${end}. Lapor harian: ${link}`;
}

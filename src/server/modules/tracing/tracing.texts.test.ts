import { describe, expect, it } from 'vitest';
import { timeZoneAbbreviation } from '../../shared/local-time.js';
import { venueNoticeEmail } from './tracing.texts.js';

describe('the venue notice e-mail', () => {
  it('labels the time span with the configured zone, in both languages', () => {
    const mail = venueNoticeEmail({ venueName: 'Warung Made', span: '2026-11-29 10:00–11:00', zoneLabel: timeZoneAbbreviation('Asia/Jakarta') });
    expect(mail.subject).toContain('Warung Made');
    expect(mail.body).toContain('pada 2026-11-29 10:00–11:00 WIB.');
    expect(mail.body).toContain('on 2026-11-29 10:00–11:00 WIB.');
    expect(mail.body).not.toContain('WITA');
  });
});

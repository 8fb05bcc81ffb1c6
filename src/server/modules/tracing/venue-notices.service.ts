import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { RequestContext } from '../../shared/request-context.js';
import { timeZoneAbbreviation } from '../../shared/local-time.js';
import type { CaseTiming } from './case-timing.js';
import { earliestRelevantTIn } from './exposure.js';
import type { NoticeView } from './tracing.presenter.js';
import type { TracingAccess } from './tracing.access.js';
import { personVisits, venueInfo } from './tracing.read-model.js';
import * as repo from './tracing.repository.js';
import type { CasesTable } from './tracing.table.js';

export interface VenueNoticesDeps {
  db: Db;
  clock: Clock;
  /** The city's time zone: the span in the e-mail is local time, labelled with the zone's abbreviation (WITA …). */
  timeZone: string;
  timing: CaseTiming;
  access: TracingAccess;
  /** Tells a venue's managers of a notice (app.ts: the notifications module); without it nothing is sent. */
  notifyManagers?: VenueCaseNotifier;
}

/**
 * Tells a venue's managers that a confirmed case visited (issue #18): in-app, by e-mail when the account has an
 * address, each in the manager's language, like every other message to a venue's managers. `key` names the notice.
 */
export type VenueCaseNotifier = (trx: Db, notice: { venueId: string; venueName: string; regionCode: string; span: string; zone: string; key: string }) => Promise<void>;

/** Venue notices: a confirmed case visited a venue (date and time span only, never who). */
export function createVenueNoticesService(deps: VenueNoticesDeps) {
  const { db, clock, timeZone, timing, access } = deps;
  const zoneLabel = timeZoneAbbreviation(timeZone);
  const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
  const localTime = (ms: number) => timeFormat.format(ms);

  /**
   * Notices to the venues a confirmed case visited inside the window: one per venue and day, with the time span only;
   * their managers are told (in-app and by e-mail, in their language) through the outbox in the same transaction. Called by case registration and status
   * changes, inside their transaction (the access check was theirs).
   */
  async function noticeVenues(trx: Db, c: CasesTable): Promise<void> {
    const window = timing.windowOf(c);
    const visits = await personVisits(trx, c.person_key, earliestRelevantTIn(window.start, timing.maxStayMs), window.end);
    const opts = timing.exposureOptions(window);
    const spans = new Map<string, { venueId: string; date: string; from: number; until: number }>();
    for (const v of visits) {
      const end = Math.min(window.end, v.t_out === null ? Math.min(opts.now, v.t_in + opts.usualStayMs(v.venue_type)) : v.t_out, v.t_in + timing.maxStayMs);
      const from = Math.max(v.t_in, window.start);
      if (end <= from) continue;
      const date = timing.localDate(from);
      const key = `${v.venue_id}|${date}`;
      const known = spans.get(key);
      spans.set(key, known ? { ...known, from: Math.min(known.from, from), until: Math.max(known.until, end) } : { venueId: v.venue_id, date, from, until: end });
    }
    for (const s of spans.values()) {
      const venue = await venueInfo(trx, s.venueId);
      if (!venue) continue;
      const now = clock.now();
      const id = newId(now);
      const inserted = await repo.insertVenueNotice(trx, { id, venue_id: s.venueId, case_id: c.id, region_code: venue.region_code, date: s.date, from_at: s.from, until_at: s.until, created_at: now });
      if (!inserted || !deps.notifyManagers) continue;
      await deps.notifyManagers(trx, { venueId: s.venueId, venueName: venue.name, regionCode: venue.region_code, span: `${s.date} ${localTime(s.from)}–${localTime(s.until)}`, zone: zoneLabel, key: `venue-notice:${id}` });
    }
  }

  /** The notices of a venue, for its managers and the officers in its region. */
  async function venueNotices(ctx: RequestContext, venueId: string): Promise<NoticeView[]> {
    const venue = await access.requireVenueForNotices(ctx, venueId);
    return (await repo.noticesOfVenue(db, venue.id)).map((n) => ({ id: n.id, date: n.date, from: n.from_at, until: n.until_at }));
  }

  return { noticeVenues, venueNotices };
}

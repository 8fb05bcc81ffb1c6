/**
 * Tells a venue's managers when the rules in force for their venue change (issue #18): a rule set published, edited
 * or ended, or the zone colour of the venue's desa changing — whatever changes what the venue must do.
 *
 * One pass (`checkRulesChanges`) resolves the rules once per (region, sector, venue type) group — a few hundred for a
 * city of 20,000 venues — compares each verified venue's digest with the one last told (`venue_rules_notices`) and,
 * on a difference, moves the row on and enqueues the message in one transaction (venues with the same change are
 * moved by one statement, a few hundred per transaction). The move is a compare-and-set on
 * the row's sequence number and the message key carries the new number, so a change is told exactly once even when
 * the scheduled job and a publish's trigger (or two processes) look at the same moment; a second pass sends nothing.
 * A venue seen for the first time (new, or the first pass after an upgrade) is recorded without a message.
 */
import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import type { Localized } from '../../shared/language.js';
import { isSectorCode, isVenueTypeCode, sectorOfVenueType } from '../../../common/reference/sectors.js';
import type { VenueRulesLookup } from './public-pages.service.js';
import { describeRuleChanges, rulesDigest, summarizeRules, type RulesSummary } from './rules-notice.js';
import { advanceRulesNotices, allRulesNotices, insertRulesNotices, verifiedVenueKeys } from './venues.repository.js';
import type { VenueRulesNoticesTable } from './venues.table.js';

/** What the notifier receives: the venue, what changed in both languages, and the message key of this change. */
export interface VenueRulesChange {
  venueId: string;
  venueName: string;
  regionCode: string;
  changes: Localized;
  key: string;
}

export type VenueRulesNotifier = (trx: Db, change: VenueRulesChange) => Promise<void>;

export interface RulesNoticesDeps {
  db: Db;
  clock: Clock;
  rules?: VenueRulesLookup;
  notify?: VenueRulesNotifier;
}

export interface RulesCheckResult {
  venues: number;
  groups: number;
  firstSeen: number;
  told: number;
}

/** Venues moved per transaction: short transactions, few commits. */
const CHUNK = 500;

interface Changed {
  venue: { id: string; name: string; region_code: string };
  seq: number;
  /** The summary last told and the one now, as stored (JSON). */
  before: string;
  after: string;
  digest: string;
}

export function createRulesNoticesService(deps: RulesNoticesDeps) {
  const { db, clock } = deps;

  async function checkRulesChanges(): Promise<RulesCheckResult> {
    const result: RulesCheckResult = { venues: 0, groups: 0, firstSeen: 0, told: 0 };
    const rules = deps.rules;
    if (!rules) return result;
    const now = clock.now();
    const [venues, notices] = await Promise.all([verifiedVenueKeys(db), allRulesNotices(db)]);
    const told = new Map(notices.map((n) => [n.venue_id, n]));
    const groups = new Map<string, Promise<RulesSummary | null>>();
    const firstSeen: VenueRulesNoticesTable[] = [];
    const changed: Changed[] = [];
    for (const venue of venues) {
      if (!isSectorCode(venue.sector)) continue;
      const sector = venue.sector;
      const venueType = isVenueTypeCode(venue.venue_type) && sectorOfVenueType(venue.venue_type) === sector ? venue.venue_type : null;
      const groupKey = `${venue.region_code}|${sector}|${venueType ?? ''}`;
      let group = groups.get(groupKey);
      if (!group) {
        // A region the rules do not know (removed from the tree) is skipped, not a failed pass.
        group = rules({ regionCode: venue.region_code, sector, venueType, at: now }).then(summarizeRules, () => null);
        groups.set(groupKey, group);
      }
      const summary = await group;
      if (!summary) continue;
      result.venues++;
      const digest = rulesDigest(summary);
      const last = told.get(venue.id);
      if (!last) {
        firstSeen.push({ venue_id: venue.id, digest, summary: JSON.stringify(summary), seq: 0, updated_at: now });
        continue;
      }
      if (last.digest === digest) continue;
      changed.push({ venue, seq: last.seq, before: last.summary, after: JSON.stringify(summary), digest });
    }
    for (let i = 0; i < changed.length; i += CHUNK) {
      const chunk = changed.slice(i, i + CHUNK);
      result.told += await db.transaction().execute(async (trx) => {
        // Venues going through the same change (told the same before, the same now) move in one statement.
        const byChange = new Map<string, Changed[]>();
        for (const c of chunk) {
          const key = `${c.before}\n${c.after}`;
          byChange.set(key, [...(byChange.get(key) ?? []), c]);
        }
        let moved = 0;
        for (const same of byChange.values()) {
          const first = same[0]!;
          const movedRows = await advanceRulesNotices(trx, same.map((c) => ({ venueId: c.venue.id, seq: c.seq })), { digest: first.digest, summary: first.after, at: now });
          const changes = describeRuleChanges(JSON.parse(first.before) as RulesSummary, JSON.parse(first.after) as RulesSummary);
          const venueOf = new Map(same.map((c) => [c.venue.id, c.venue]));
          for (const row of movedRows) {
            const venue = venueOf.get(row.venue_id)!;
            if (changes && deps.notify) await deps.notify(trx, { venueId: venue.id, venueName: venue.name, regionCode: venue.region_code, changes, key: `venue-rules:${venue.id}:${row.seq}` });
          }
          moved += movedRows.length;
        }
        return moved;
      });
    }
    await insertRulesNotices(db, firstSeen);
    result.firstSeen = firstSeen.length;
    result.groups = groups.size;
    return result;
  }

  return { checkRulesChanges };
}

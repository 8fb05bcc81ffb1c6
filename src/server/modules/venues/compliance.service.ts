import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { ComplianceEvidence } from './compliance-evidence.js';
import type { VenueAccessLayer } from './venues.access.js';
import { presentScore, presentScoreHistory } from './venues.presenter.js';
import { findVenue, listComplianceScores } from './venues.repository.js';

export interface ComplianceServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  access: VenueAccessLayer;
  compliance: ComplianceEvidence;
}

/** A venue's compliance score and its history, and re-scoring (violations arrive through sanction-effects.ts). */
export function createComplianceService(deps: ComplianceServiceDeps) {
  const { db, clock, timeZone, access, compliance } = deps;

  return {
    async compliance(ctx: RequestContext, venueId: string) {
      const { venue } = await access.requireVenue(ctx, venueId, 'venues:read', { managers: true });
      const now = clock.now();
      const [current, history] = await Promise.all([compliance.currentScore(db, venue, now), listComplianceScores(db, venue.id, 100)]);
      return { current: presentScore(current, now, timeZone), history: history.map((h) => presentScoreHistory(h, timeZone)) };
    },

    /**
     * Re-scores one venue as of now (ratings arrive, evidence ages); for the check-in module and a daily job. A
     * system action with no caller: no access check.
     */
    async refreshCompliance(venueId: string, trigger = 'recompute') {
      const venue = await findVenue(db, venueId);
      if (!venue) throw problems.notFound('venueNotFound.detail');
      const now = clock.now();
      const visitorRatings = await compliance.ratingsEvidence(venue, now);
      const score = await db.transaction().execute((trx) => compliance.snapshotCompliance(trx, venue, trigger, now, visitorRatings));
      return presentScore(score, now, timeZone);
    },
  };
}

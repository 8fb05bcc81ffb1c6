import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { ComplianceEvidence } from './compliance-evidence.js';
import type { ViolationSeverity } from './compliance-score.js';
import { newId } from '../../shared/ids.js';
import { requirePrincipal, type VenueAccessLayer } from './venues.access.js';
import { presentScore, presentScoreHistory } from './venues.presenter.js';
import { findVenue, insertViolation, listComplianceScores } from './venues.repository.js';

export interface ComplianceServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  access: VenueAccessLayer;
  compliance: ComplianceEvidence;
}

/** A venue's compliance score and its history, violations, and re-scoring. */
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
     * Records a violation against a venue and re-scores it. The enforcement module calls this when it records a
     * business violation; until then it is reachable from services only.
     */
    async recordViolation(ctx: RequestContext, venueId: string, input: { severity: ViolationSeverity; description?: string | null; occurredAt?: number; sourceType?: string; sourceId?: string }) {
      requirePrincipal(ctx).require('venues:inspect');
      const a = await access.requireVenue(ctx, venueId, 'venues:inspect', { managers: false });
      const { principal } = a;
      const now = clock.now();
      const id = newId(now);
      const visitorRatings = await compliance.ratingsEvidence(a.venue, now);
      const score = await db.transaction().execute(async (trx) => {
        await insertViolation(trx, {
          id,
          venue_id: a.venue.id,
          severity: input.severity,
          description: input.description ?? null,
          occurred_at: input.occurredAt ?? now,
          source_type: input.sourceType ?? null,
          source_id: input.sourceId ?? null,
          recorded_by: principal.userId,
          created_at: now,
        });
        await recordAudit(trx, clock, ctx, { action: 'venue.violation', entityType: 'venue', entityId: a.venue.id, regionCode: a.venue.region_code, details: { violationId: id, severity: input.severity } });
        return compliance.snapshotCompliance(trx, a.venue, 'violation', now, visitorRatings);
      });
      return { id, compliance: presentScore(score, now, timeZone) };
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

import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { addDaysToDate, localDateTimeToEpochMs } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text } from '../../shared/texts.js';
import { recordAudit } from '../audit/index.js';
import type { Principal } from '../accounts/index.js';
import { isWithinRegion } from '../regions/index.js';
import type { CaseTiming } from './case-timing.js';
import { exposureSearchGround, TEST_REFERENCE_PATTERN, volumeExceeded, type SearchBasis } from './need-to-know.js';
import type { TracingAccess } from './tracing.access.js';
import { tracingProblems } from './tracing.errors.js';
import type { EnqueueFn } from './tracing.outbox.js';
import type { CaseView, TracingPresenter } from './tracing.presenter.js';
import * as repo from './tracing.repository.js';
import type { TracingSettings } from './tracing.rules.js';
import type { CasesTable, ExposureCandidatesTable } from './tracing.table.js';

export interface ExposureSearchDeps {
  db: Db;
  clock: Clock;
  settings: TracingSettings;
  timing: CaseTiming;
  timeZone: string;
  access: TracingAccess;
  presenter: TracingPresenter;
  enqueue?: EnqueueFn;
}

/** Where a case stands for the exposure search: what the case page shows (the ground, what is missing, the request). */
export interface SearchAccessView {
  basis: SearchBasis | null;
  missing: 'testReference' | 'approval' | 'category' | null;
  request: { purpose: string; requestedAt: number; requestedByMe: boolean; approvedAt: number | null } | null;
}

/**
 * Need-to-know for exposure searches (issue #14, finding 1): the test reference of a case, the four-eyes approval of a
 * suspect's search, the ground every search and decision must stand on, the audit entry of each search (its purpose
 * and whose records it revealed, for the Lindungi Diri access log) and the volume alert to the administrators.
 */
export function createExposureSearchService(deps: ExposureSearchDeps) {
  const { db, clock, settings, timing, access, presenter } = deps;

  /** The ground of a search or decision on this case, or 403 need-to-know naming what is missing. */
  function requireGround(c: CasesTable): SearchBasis {
    const ground = exposureSearchGround(c);
    if (ground.basis === null) throw tracingProblems.needToKnow(ground.missing);
    return ground.basis;
  }

  function searchAccess(principal: Principal | null, c: CasesTable): SearchAccessView {
    const ground = exposureSearchGround(c);
    return {
      basis: ground.basis,
      missing: ground.missing,
      request:
        c.search_requested_by !== null && c.search_requested_at !== null
          ? { purpose: c.search_purpose ?? '', requestedAt: c.search_requested_at, requestedByMe: c.search_requested_by === principal?.userId, approvedAt: c.search_approved_at }
          : null,
    };
  }

  /**
   * Volume alert, inline: after each search and each case registered without a test reference, the account's count of
   * the local day is compared with the thresholds; past one, the alert is recorded once per account and day (its row's
   * key) and, in the same transaction, an e-mail to each administrator address is put in the outbox and the alert is
   * audited.
   */
  async function checkVolume(ctx: RequestContext, principal: Principal): Promise<void> {
    const date = timing.today();
    const from = localDateTimeToEpochMs(date, '00:00', deps.timeZone);
    const to = localDateTimeToEpochMs(addDaysToDate(date, 1), '00:00', deps.timeZone);
    const counts = await repo.volumeOf(db, principal.userId, from, to);
    if (!volumeExceeded(counts, { searches: settings.alertSearchesPerDay, casesWithoutTest: settings.alertCasesWithoutTestPerDay })) return;
    await db.transaction().execute(async (trx) => {
      const now = clock.now();
      if (!(await repo.insertVolumeAlert(trx, { user_id: principal.userId, date, searches: counts.searches, cases_without_test: counts.casesWithoutTest, at: now }))) return;
      const params = { username: principal.username, date, searches: counts.searches, cases: counts.casesWithoutTest, searchLimit: settings.alertSearchesPerDay, caseLimit: settings.alertCasesWithoutTestPerDay };
      const subject = `${text('id', 'notifications.tracingVolumeAlert.subject')} / ${text('en', 'notifications.tracingVolumeAlert.subject')} — ${principal.username}`;
      const body = [text('id', 'notifications.tracingVolumeAlert.body', params), '', text('en', 'notifications.tracingVolumeAlert.body', params)].join('\n');
      if (deps.enqueue) {
        for (const recipient of settings.alertEmails) {
          // City-level (no region): the alert is about an account, for the city's administrators.
          await deps.enqueue(trx, { channel: 'email', recipient, subject, body, dedupeKey: `tracing-volume:${principal.userId}:${date}:${recipient}`, regionCode: null });
        }
      }
      await recordAudit(trx, clock, ctx, { action: 'tracing.volume_alert', entityType: 'user', entityId: principal.userId, details: { date, ...counts, recipients: settings.alertEmails.length } });
    });
  }

  /**
   * One exposure search, recorded: a row for the volume count and an audit entry whose details say why (the purpose:
   * contact tracing of this case, on which ground, approved by whom), as whom (the caller's roles and region covering
   * the case) and whose records it revealed: the person keys (the keyed phone hash of visits.person_key, never a
   * phone) and the visits, so the Lindungi Diri access log can later show a person "date, role, region, purpose" of
   * every read of their records.
   */
  async function recordSearch(ctx: RequestContext, principal: Principal, c: CasesTable, basis: SearchBasis, candidates: ExposureCandidatesTable[]): Promise<void> {
    const now = clock.now();
    const scope = principal.scopesFor('cases:read').find((s) => isWithinRegion(c.residence_code, s)) ?? null;
    const roles = [...new Set(principal.assignments.filter((a) => scope !== null && a.regionCode === scope).map((a) => a.role))];
    await db.transaction().execute(async (trx) => {
      await repo.insertExposureSearch(trx, { id: newId(now), case_id: c.id, user_id: principal.userId, basis, at: now });
      await recordAudit(trx, clock, ctx, {
        action: 'case.exposures',
        entityType: 'case',
        entityId: c.id,
        regionCode: c.residence_code,
        details: {
          purpose: { code: 'contact_tracing', basis, caseCategory: c.category, approvedBy: basis === 'four_eyes' ? c.search_approved_by : null },
          actor: { roles, region: scope },
          candidates: candidates.length,
          revealed: { personKeys: candidates.map((x) => x.person_key), visitIds: candidates.map((x) => x.visit_id) },
        },
      });
    });
    await checkVolume(ctx, principal);
  }

  return {
    requireSearchGround: requireGround,
    searchAccess,
    recordSearch,
    checkVolume,

    /** The laboratory reference of the test behind a confirmed or probable case: it opens the exposure search. */
    setTestReference: async (ctx: RequestContext, id: string, testReference: string): Promise<CaseView> => {
      const { case: c } = await access.requireCase(ctx, id, 'cases:manage');
      const ref = testReference.trim();
      if (!TEST_REFERENCE_PATTERN.test(ref)) throw tracingProblems.field('testReference', 'validation.testReference');
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await repo.updateCase(trx, c.id, { test_reference: ref, updated_at: now });
        await recordAudit(trx, clock, ctx, { action: 'case.test_reference', entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { replaced: c.test_reference !== null } });
      });
      return presenter.presentCase({ ...c, test_reference: ref, updated_at: now });
    },

    /** Four eyes, first pair: a tracer asks to search a suspect's exposures, saying why. */
    requestSearch: async (ctx: RequestContext, id: string, input: { purpose: string }): Promise<SearchAccessView> => {
      const { principal, case: c } = await access.requireCase(ctx, id, 'cases:manage');
      const purpose = input.purpose.trim();
      if (purpose.length < 10) throw tracingProblems.field('purpose', 'validation.purposeRequired');
      if (c.category !== 'suspek') throw tracingProblems.searchNotForSuspect(c.category);
      if (c.search_approved_at !== null) throw tracingProblems.alreadyApproved();
      const now = clock.now();
      const updated: CasesTable = { ...c, search_requested_by: principal.userId, search_requested_at: now, search_purpose: purpose, search_approved_by: null, search_approved_at: null, updated_at: now };
      await db.transaction().execute(async (trx) => {
        await repo.updateCase(trx, c.id, { search_requested_by: principal.userId, search_requested_at: now, search_purpose: purpose, updated_at: now });
        await recordAudit(trx, clock, ctx, { action: 'exposure_search.request', entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { purpose } });
      });
      return searchAccess(principal, updated);
    },

    /** Four eyes, second pair: another tracer or a supervisor (admin) in scope of the case approves; never the requester. */
    approveSearch: async (ctx: RequestContext, id: string): Promise<SearchAccessView> => {
      const { principal, case: c } = await access.requireCase(ctx, id, 'cases:manage');
      if (c.search_requested_by === null) throw tracingProblems.noSearchRequest();
      if (c.search_requested_by === principal.userId) throw tracingProblems.ownRequest();
      if (c.search_approved_at !== null) throw tracingProblems.alreadyApproved();
      if (c.category !== 'suspek') throw tracingProblems.searchNotForSuspect(c.category);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.approveSearch(trx, c.id, principal.userId, now))) throw tracingProblems.alreadyApproved();
        await recordAudit(trx, clock, ctx, { action: 'exposure_search.approve', entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { requestedBy: c.search_requested_by, purpose: c.search_purpose } });
      });
      return searchAccess(principal, { ...c, search_approved_by: principal.userId, search_approved_at: now });
    },
  };
}

export type ExposureSearchService = ReturnType<typeof createExposureSearchService>;

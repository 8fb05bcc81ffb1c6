import type { Db } from '../../db/kysely.js';
import type { ReadSource } from '../../db/read-replica.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { systemContext, type RequestContext } from '../../shared/request-context.js';
import { recordAudit, recordListRead } from '../audit/index.js';
import type { CaseRegistration, CaseInput } from './case-registration.js';
import { DAY, type CaseTiming } from './case-timing.js';
import type { ExposureSearchService } from './exposure-search.service.js';
import type { TracingAccess } from './tracing.access.js';
import { tracingProblems } from './tracing.errors.js';
import type { CaseDetailView, CaseView, TracingPresenter } from './tracing.presenter.js';
import * as readModel from './tracing.read-model.js';
import * as repo from './tracing.repository.js';
import { CATEGORIES, isCategory, isConfirmed, isFinal, isolationEnd, isValidDate, type CaseCategory, type TracingSettings } from './tracing.rules.js';
import type { CasesTable } from './tracing.table.js';

export interface CasesDeps {
  db: Db;
  /** The case list reads here (db/read-replica.ts); a case just registered is opened by id, on the primary. */
  reads: ReadSource;
  clock: Clock;
  settings: TracingSettings;
  timing: CaseTiming;
  access: TracingAccess;
  presenter: TracingPresenter;
  registration: CaseRegistration;
  noticeVenues: (trx: Db, c: CasesTable) => Promise<void>;
  /** Need-to-know: where a case stands for the exposure search, and the volume alert after a registration. */
  search: Pick<ExposureSearchService, 'searchAccess' | 'checkVolume'>;
}

/** Cases: register, list, read, change category; the retention purge of closed cases. */
export function createCasesService(deps: CasesDeps) {
  const { db, reads, clock, settings, timing, access, presenter, registration } = deps;

  return {
    async registerCase(ctx: RequestContext, input: CaseInput): Promise<{ id: string }> {
      const principal = access.requirePermission(ctx, 'cases:manage');
      const prepared = await registration.prepare(principal, input);
      const row = await registration.withProbeAudit(ctx, () => db.transaction().execute((trx) => registration.registerIn(trx, ctx, prepared, null)));
      if (row.confirmed_at !== null) await registration.feedZone(row.residence_code);
      if (row.test_reference === null) await deps.search.checkVolume(ctx, principal);
      return { id: row.id };
    },

    /**
     * A suspect referred by another module (a positive rapid test at a border post, issue #15) is registered for the
     * health tracers of the residence without retyping. The referring officer holds no tracing permission and sees no
     * case: the answer says only whether a case was opened or the person already had an open one.
     */
    async referSuspect(ctx: RequestContext, input: { name: string; phone: string; nik?: string; residenceCode: string }): Promise<{ opened: boolean }> {
      const prepared = await registration.prepare(null, { ...input, category: 'suspek' });
      try {
        await registration.withProbeAudit(ctx, () => db.transaction().execute((trx) => registration.registerIn(trx, ctx, prepared, null)));
        return { opened: true };
      } catch (error) {
        if (error instanceof AppError && error.type === 'duplicate-case') return { opened: false };
        throw error;
      }
    },

    async listCases(ctx: RequestContext): Promise<CaseView[]> {
      const principal = access.requirePermission(ctx, 'cases:read');
      const rows = await repo.listCasesInScopes(reads.db(), principal.scopesFor('cases:read'), 500);
      await recordListRead(db, clock, ctx, principal.scopesFor('cases:read'), { action: 'case.list', entityType: 'case', details: { count: rows.length } });
      return rows.map(presenter.presentCase);
    },

    async getCase(ctx: RequestContext, id: string): Promise<CaseDetailView> {
      const { principal, case: c } = await access.requireCase(ctx, id, 'cases:read');
      await recordAudit(db, clock, ctx, { action: 'case.read', entityType: 'case', entityId: c.id, regionCode: c.residence_code });
      const contacts = await repo.contactsOfCase(db, c.id);
      const reports = await repo.reportsOfContacts(db, contacts.map((k) => k.id));
      const notices = await repo.noticesOfCase(db, c.id);
      const venueNames = await readModel.venueNames(db, [...new Set(notices.map((n) => n.venue_id))]);
      return {
        ...presenter.presentCase(c),
        window: timing.windowOf(c),
        contacts: presenter.presentContacts(contacts, reports),
        exposureSearch: deps.search.searchAccess(principal, c),
        venueNotices: notices.map((n) => ({ venueId: n.venue_id, venueName: venueNames.get(n.venue_id) ?? '', date: n.date, from: n.from_at, until: n.until_at, notifiedAt: n.created_at })),
      };
    },

    async updateStatus(ctx: RequestContext, id: string, input: { category: string; isolationEnd?: string; isolationStart?: string }): Promise<CaseView> {
      const { case: c } = await access.requireCase(ctx, id, 'cases:manage');
      if (!isCategory(input.category)) throw tracingProblems.field('category', 'validation.enum', { values: CATEGORIES.join(', ') });
      if (isFinal(c.category)) throw tracingProblems.caseClosed(c.category);
      const to: CaseCategory = input.category;
      // Confirmed cases do not go back to suspect or probable; everything else is the tracer's judgement.
      if (isConfirmed(c.category) && (to === 'suspek' || to === 'probable' || to === 'discarded')) {
        throw tracingProblems.field('category', 'validation.categoryTransition', { from: c.category, to });
      }
      const start = input.isolationStart ?? c.isolation_start;
      if (input.isolationStart !== undefined && !isValidDate(input.isolationStart)) throw tracingProblems.field('isolationStart', 'validation.invalidDate');
      const dates = { category: to, onsetDate: c.onset_date, specimenDate: c.specimen_date, isolationStart: start };
      let end = isFinal(to) ? c.isolation_end : isolationEnd(dates, settings, timing.localDate(c.created_at));
      if (input.isolationEnd !== undefined) {
        if (!isValidDate(input.isolationEnd)) throw tracingProblems.field('isolationEnd', 'validation.invalidDate');
        const from = start ?? c.episode_date;
        if (input.isolationEnd < from) throw tracingProblems.field('isolationEnd', 'validation.endBeforeStart', { start: from });
        end = input.isolationEnd;
      }
      const now = clock.now();
      const updated: CasesTable = { ...c, category: to, isolation_start: start, isolation_end: end, updated_at: now, confirmed_at: c.confirmed_at ?? (isConfirmed(to) ? now : null) };
      await db.transaction().execute(async (trx) => {
        await repo.updateCase(trx, c.id, { category: to, isolation_start: start, isolation_end: end, updated_at: now, confirmed_at: updated.confirmed_at });
        await recordAudit(trx, clock, ctx, { action: 'case.status', entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { from: c.category, to, isolationEnd: end } });
        if (c.confirmed_at === null && updated.confirmed_at !== null) await deps.noticeVenues(trx, updated);
      });
      if (isConfirmed(c.category) || isConfirmed(to)) await registration.feedZone(c.residence_code);
      return presenter.presentCase(updated);
    },

    /** Retention job (system, no caller): closed cases older than the retention period go, with their contacts and reports. */
    async purgeExpired(): Promise<number> {
      const before = clock.now() - settings.retentionDays * DAY;
      const purged = await db.transaction().execute((trx) => repo.purgeClosedCasesBefore(trx, before));
      if (purged > 0) await recordAudit(db, clock, systemContext, { action: 'case.purge', entityType: 'case', details: { purged, retentionDays: settings.retentionDays } });
      return purged;
    },
  };
}

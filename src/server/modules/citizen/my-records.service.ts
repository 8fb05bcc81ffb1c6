import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { localDate } from '../../shared/local-time.js';
import { maskPhone } from '../../shared/phone.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text } from '../../shared/texts.js';
import { recordAudit } from '../audit/index.js';
import type { ArrivalPersonRecords } from '../arrivals/index.js';
import type { CheckinPersonRecords } from '../checkins/index.js';
import type { EnforcementPersonRecords } from '../enforcement/index.js';
import type { HealthPersonRecords } from '../health-records/index.js';
import type { NotificationPersonRecords } from '../notifications/index.js';
import type { TracingPersonRecords } from '../tracing/index.js';
import { assignmentsOf, staffActionsOn, type RecordIds } from './citizen.read-model.js';
import { eraseAccount } from './citizen.repository.js';
import type { Resident } from './sign-in.service.js';
import { doorDecision, residentStatus, type ResidentStatus } from './status-rule.js';
import { renderExportPdf, type RegionName } from './export-pdf.js';

/*
 * What the system holds about the signed-in resident (issue #16; UU PDP 27/2022: see, export, delete). Records are
 * found by the keyed phone hash (visits, cases, contacts, messages; violations by the enforcement module's own phone
 * hash) and, where a record holds one, by the NIK that the person's other records hold (cases, violations, arrivals).
 * Each owning module opens its own sealed fields and is reached through its front door.
 */

export interface MyRecordsDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** VISIT_RETENTION_DAYS: what "my visits" covers (older ones are purged anyway). */
  visitRetentionDays: number;
  /** TRACING_RETENTION_DAYS, named in the answer of a deletion. */
  tracingRetentionDays: number;
  /** The sanction ladder's window and the arrivals' retention, named in the answer of a deletion. */
  violationWindowMonths: number;
  arrivalRetentionDays: number;
  checkins: CheckinPersonRecords;
  tracing: TracingPersonRecords;
  enforcement: EnforcementPersonRecords;
  arrivals: ArrivalPersonRecords;
  notifications: NotificationPersonRecords;
  /** The self-screening answers the resident chose to send to a puskesmas (screening module). */
  screening: {
    of(personKey: string): Promise<{ id: string; regionCode: string; answers: unknown; advice: string; createdAt: number; handledAt: number | null }[]>;
    delete(trx: Db, personKey: string): Promise<number>;
  };
  cityName: string;
  /** Names and types of regions by code, for the PDF (regions module). */
  regionNames(codes: string[]): Promise<ReadonlyMap<string, RegionName>>;
  health: HealthPersonRecords;
}

const DAY = 24 * 60 * 60_000;
/**
 * Audit actions that read a record: `case.read`, `visit.export`, `violation.photo_read`, `violation.letter_read` … (a
 * change is not a read; the resident's page may show those later).
 */
const READ_ACTION = /\.(\w+_)?(read|export)(_|$)/;

export function createMyRecordsService(deps: MyRecordsDeps) {
  const { db, clock, timeZone } = deps;
  const iso = (ms: number) => new Date(ms).toISOString();
  const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

  /**
   * The resident's tracing, violation and arrival records: those recorded under their phone. The NIKs on their own
   * cases find violations and self-reports keyed by NIK, but each is kept only if it carries the same phone too: a NIK
   * alone proves nothing (an offender may give a stranger's NIK, a tracer may mistype a phone, numbers are recycled).
   */
  async function linkedRecords(resident: Resident) {
    const tracing = await deps.tracing.of(resident.personKey, []);
    const byPhone = await deps.enforcement.of(resident.phone, []);
    const niks = [...new Set([...tracing.cases, ...byPhone].map((r) => r.nik).filter((n): n is string => n !== null))];
    const violations = niks.length > 0 ? await deps.enforcement.of(resident.phone, niks) : byPhone;
    const arrivals = await deps.arrivals.of(niks, resident.phone);
    return { ...tracing, violations, arrivals };
  }

  /**
   * The status colour of the person behind a phone's person key at an instant: their tracing records, and their
   * vaccinations and tests (by the phone, or by a NIK that a tracer recorded on one of their own cases).
   */
  async function statusOf(personKey: string, now: number): Promise<ResidentStatus> {
    const tracing = await deps.tracing.of(personKey, []);
    const niks = [...new Set(tracing.cases.map((c) => c.nik).filter((n): n is string => n !== null))];
    const health = await deps.health.of(personKey, niks);
    return residentStatus({
      now,
      timeZone,
      cases: tracing.cases.map((c) => ({ category: c.category, isolationEnd: c.isolationEnd })),
      contacts: tracing.contacts.map((c) => ({ status: c.status, quarantineEnd: c.quarantineEnd, selfIsolation: c.caseId === null })),
      vaccinations: health.vaccinations,
      tests: health.tests,
    });
  }

  async function visitsOf(resident: Resident) {
    return deps.checkins.visits(resident.personKey, clock.now() - deps.visitRetentionDays * DAY);
  }

  async function accessLogOf(records: RecordIds) {
    const reads = (await staffActionsOn(db, records)).filter((r) => READ_ACTION.test(r.action));
    const assignments = await assignmentsOf(db, [...new Set(reads.map((r) => r.actorUserId))]);
    return reads.map((r) => {
      const mine = assignments.filter((a) => a.user_id === r.actorUserId);
      // The role the reader holds over the record's region (the most specific), else any of theirs.
      const covering = mine.filter((a) => r.regionCode !== null && (r.regionCode === a.region_code || r.regionCode.startsWith(`${a.region_code}.`))).sort((a, b) => b.region_code.length - a.region_code.length);
      const role = (covering[0] ?? mine[0])?.role ?? 'staff';
      return { at: iso(r.at), role, regionCode: r.regionCode, purpose: r.action };
    });
  }

  const recordIds = (visits: { visitId: string }[], linked: Awaited<ReturnType<typeof linkedRecords>>): RecordIds => ({
    visit: visits.map((v) => v.visitId),
    case: linked.cases.map((c) => c.id),
    contact: linked.contacts.map((c) => c.id),
    violation: linked.violations.map((v) => v.id),
  });

  async function exportDocument(ctx: RequestContext, resident: Resident, format: 'json' | 'pdf') {
    const visits = await visitsOf(resident);
    const linked = await linkedRecords(resident);
    const niks = [...new Set(linked.cases.map((c) => c.nik).filter((n): n is string => n !== null))];
    const [ratings, notifications, referrals, accessLog, health] = await Promise.all([
      deps.checkins.ratings(resident.personKey),
      deps.notifications.of(resident.personKey),
      deps.screening.of(resident.personKey),
      accessLogOf(recordIds(visits, linked)),
      deps.health.of(resident.personKey, niks),
    ]);
    const document = {
      exportedAt: iso(clock.now()),
      phone: resident.phone,
      visits: visits.map((v) => ({ ...v, checkedInAt: iso(v.checkedInAt), checkedOutAt: isoOrNull(v.checkedOutAt) })),
      ratings: ratings.map((r) => ({ ...r, at: iso(r.at) })),
      cases: linked.cases.map(({ open: _open, keptUntil: _kept, ...c }) => ({ ...c, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt) })),
      contacts: linked.contacts.map(({ open: _open, keptUntil: _kept, ...c }) => ({ ...c, lastExposureAt: iso(c.lastExposureAt), createdAt: iso(c.createdAt) })),
      vaccinations: health.vaccinations.map((v) => ({ ...v, createdAt: iso(v.createdAt) })),
      tests: health.tests.map((t) => ({ ...t, at: iso(t.at), createdAt: iso(t.createdAt) })),
      violations: linked.violations.map((v) => ({ ...v, occurredAt: iso(v.occurredAt) })),
      arrivals: linked.arrivals.map(({ keptUntil: _kept, ...a }) => ({ ...a, createdAt: iso(a.createdAt) })),
      notifications: notifications.map((n) => ({ ...n, createdAt: iso(n.createdAt), sentAt: isoOrNull(n.sentAt) })),
      screeningReferrals: referrals.map((r) => ({ ...r, createdAt: iso(r.createdAt), handledAt: isoOrNull(r.handledAt) })),
      accessLog,
    };
    await recordAudit(db, clock, ctx, {
      action: 'resident.export',
      entityType: 'resident',
      entityId: resident.personKey,
      details: { format, visits: visits.length, vaccinations: health.vaccinations.length, tests: health.tests.length, cases: linked.cases.length, contacts: linked.contacts.length, violations: linked.violations.length, arrivals: linked.arrivals.length, notifications: notifications.length, screeningReferrals: referrals.length },
    });
    return document;
  }

  return {
    async me(resident: Resident): Promise<{ phone: string; status: ResidentStatus }> {
      return { phone: maskPhone(resident.phone), status: await statusOf(resident.personKey, clock.now()) };
    },

    statusOf,

    /** The colour at a door that checks status, and whether the rule admits it (hitam never; merah per version). */
    async doorStatus(personKey: string, at: number) {
      const status = await statusOf(personKey, at);
      return { colour: status.colour, until: status.until, admit: doorDecision(status) === 'admit' };
    },

    async visits(resident: Resident) {
      return (await visitsOf(resident)).map((v) => ({ ...v, checkedInAt: iso(v.checkedInAt), checkedOutAt: isoOrNull(v.checkedOutAt) }));
    },

    async accessLog(resident: Resident) {
      return accessLogOf(recordIds(await visitsOf(resident), await linkedRecords(resident)));
    },

    /** Everything held about the resident, audited (the kinds not built yet are empty lists). */
    export(ctx: RequestContext, resident: Resident) {
      return exportDocument(ctx, resident, 'json');
    },

    /** The same content as a readable PDF in the resident's language (audited like the JSON export). */
    async exportPdf(ctx: RequestContext, resident: Resident): Promise<Buffer> {
      const document = await exportDocument(ctx, resident, 'pdf');
      const codes = [
        ...document.cases.map((c) => c.residenceCode),
        ...document.contacts.map((c) => c.followUpRegionCode),
        ...document.violations.map((v) => v.regionCode),
        ...document.arrivals.map((a) => a.regionCode),
        ...document.screeningReferrals.map((r) => r.regionCode),
        ...document.accessLog.map((a) => a.regionCode),
      ].filter((c): c is string => typeof c === 'string');
      const regions = await deps.regionNames([...new Set(codes)]);
      return renderExportPdf(document, { lang: ctx.lang, timeZone, cityName: deps.cityName, regions });
    },

    /**
     * Deletes at once what the law lets go (visits, ratings' comments, the device inbox, the resident account) and
     * says what must stay, why and until when. Asked again, it deletes nothing more and keeps the same.
     */
    async deletion(ctx: RequestContext, resident: Resident) {
      const linked = await linkedRecords(resident);
      const now = clock.now();
      // Visits stay while tracing still needs them (UU 4/1984): the person's open case or quarantine, or an exposure
      // candidate a tracer has not decided yet; deleting them would hide the people who shared a venue with them.
      const tracingHold = linked.cases.some((c) => c.open) || linked.contacts.some((c) => c.open) || (await deps.tracing.pendingCandidates(resident.personKey)) > 0;
      const heldVisits = tracingHold ? await visitsOf(resident) : [];
      const deleted = await db.transaction().execute(async (trx) => {
        const visits = await deps.checkins.forget(trx, resident.personKey, now, { keepVisits: tracingHold });
        const inbox = await deps.notifications.deleteInbox(trx, resident.personKey);
        const referrals = await deps.screening.delete(trx, resident.personKey);
        const account = await eraseAccount(trx, resident.personKey, resident.tokenHash);
        const counts = [
          { what: 'visits', count: visits.visits },
          { what: 'ratingComments', count: visits.ratingComments },
          { what: 'deviceInbox', count: inbox },
          { what: 'screeningReferrals', count: referrals },
          { what: 'account', count: account },
        ];
        await recordAudit(trx, clock, ctx, { action: 'resident.erase', entityType: 'resident', entityId: resident.personKey, details: Object.fromEntries(counts.map((c) => [c.what, c.count])) });
        return counts;
      });
      const latest = (dates: (string | null)[]) => (dates.includes(null) ? null : dates.reduce<string | null>((a, b) => (a === null || (b !== null && b > a) ? b : a), null));
      const kept: { what: string; count: number; why: string; until: string | null }[] = [];
      if (heldVisits.length > 0) {
        const lastVisit = Math.max(...heldVisits.map((v) => v.checkedInAt));
        kept.push({ what: 'visits', count: heldVisits.length, why: text(ctx.lang, 'citizen.kept.visits', { days: deps.visitRetentionDays }), until: localDate(lastVisit + deps.visitRetentionDays * DAY, timeZone) });
      }
      if (linked.cases.length > 0) kept.push({ what: 'cases', count: linked.cases.length, why: text(ctx.lang, 'citizen.kept.case', { days: deps.tracingRetentionDays }), until: latest(linked.cases.map((c) => c.keptUntil)) });
      if (linked.contacts.length > 0) kept.push({ what: 'contacts', count: linked.contacts.length, why: text(ctx.lang, 'citizen.kept.contact'), until: latest(linked.contacts.map((c) => c.keptUntil)) });
      if (linked.violations.length > 0) kept.push({ what: 'violations', count: linked.violations.length, why: text(ctx.lang, 'citizen.kept.violation', { months: deps.violationWindowMonths }), until: null });
      if (linked.arrivals.length > 0) kept.push({ what: 'arrivals', count: linked.arrivals.length, why: text(ctx.lang, 'citizen.kept.arrival', { days: deps.arrivalRetentionDays }), until: latest(linked.arrivals.map((a) => a.keptUntil)) });
      return { deleted, kept };
    },
  };
}
export type MyRecordsService = ReturnType<typeof createMyRecordsService>;

import { toIso } from '../../shared/clock.js';
import type { CsvValue } from '../../shared/csv.js';
import { decryptText } from '../../shared/crypto.js';
import { addDaysToDate } from '../../shared/local-time.js';
import type { CaseTiming } from './case-timing.js';
import type { SearchAccessView } from './exposure-search.service.js';
import type { TracingKeys } from './tracing.keys.js';
import type { CasesTable, ContactReportsTable, ContactsTable, ExposureCandidatesTable } from './tracing.table.js';

/* The fields of tracing's records that leave the server (decrypted), and their wire form (ISO times in the city's zone). */

export interface CaseView {
  id: string;
  name: string;
  phone: string;
  nik: string | null;
  residenceCode: string;
  banjarCode: string | null;
  category: string;
  onsetDate: string | null;
  specimenDate: string | null;
  isolationStart: string | null;
  isolationPlace: string | null;
  isolationEnd: string | null;
  episodeDate: string;
  sourceCaseId: string | null;
  confirmedAt: number | null;
  testReference: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ExposureView {
  candidateId: string;
  name: string;
  phone: string;
  classification: 'close' | 'low';
  totalOverlapMinutes: number;
  lastExposureAt: number;
  status: string;
  reason: string | null;
  contactId: string | null;
  venues: { venueId: string; venueName: string; overlapMinutes: number; estimated: boolean }[];
}

export interface ContactView {
  id: string;
  caseId: string;
  name: string;
  phone: string;
  followUpRegionCode: string;
  lastExposureAt: number;
  quarantineEnd: string;
  status: string;
  testResult: string | null;
  testDate: string | null;
  becameCaseId: string | null;
  lastReportDate: string | null;
  reportedToday: boolean;
  missedDays: number;
  lastReport: { date: string; symptomatic: boolean; symptoms: string[]; temperatureC: number | null } | null;
}

export interface ClusterView {
  kind: 'venue' | 'desa';
  key: string;
  name: string;
  size: number;
  from: string;
  to: string;
  caseIds: string[];
}

export interface ClustersView {
  clusters: ClusterView[];
  cases: { id: string; name: string; category: string; episodeDate: string; residenceCode: string }[];
  links: { caseId: string; sourceCaseId: string }[];
}

export interface NoticeView {
  id: string;
  date: string;
  from: number;
  until: number;
}

export function createTracingPresenter(deps: { keys: TracingKeys; timing: CaseTiming }) {
  const { dataKey } = deps.keys;
  const { timing } = deps;
  const open = (sealed: string) => decryptText(dataKey, sealed);

  function presentCase(c: CasesTable): CaseView {
    return {
      id: c.id,
      name: open(c.name_enc),
      phone: open(c.phone_enc),
      nik: c.nik_enc ? open(c.nik_enc) : null,
      residenceCode: c.residence_code,
      banjarCode: c.banjar_code,
      category: c.category,
      onsetDate: c.onset_date,
      specimenDate: c.specimen_date,
      isolationStart: c.isolation_start,
      isolationPlace: c.isolation_place,
      isolationEnd: c.isolation_end,
      episodeDate: c.episode_date,
      sourceCaseId: c.source_case_id,
      confirmedAt: c.confirmed_at,
      testReference: c.test_reference,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    };
  }

  /** Contacts with their reports (`reports` of these contacts, ordered by date): last report, today's, missed days. */
  function presentContacts(rows: ContactsTable[], reports: ContactReportsTable[]): ContactView[] {
    const t = timing.today();
    return rows.map((r) => {
      const own = reports.filter((x) => x.contact_id === r.id);
      const dates = new Set(own.map((x) => x.date));
      const last = own[own.length - 1] ?? null;
      // Missed: every day from the day after the contact was confirmed up to yesterday (and not past the end) without a report.
      let missedDays = 0;
      const first = addDaysToDate(timing.localDate(r.created_at), 1);
      for (let d = first; d < t && d <= r.quarantine_end; d = addDaysToDate(d, 1)) if (!dates.has(d)) missedDays++;
      return {
        id: r.id,
        // The tracers' lists hold contacts of cases only (the queries leave a newcomer's self-isolation out);
        // the self-isolation view drops this field.
        caseId: r.case_id ?? '',
        name: open(r.name_enc),
        phone: open(r.phone_enc),
        followUpRegionCode: r.follow_up_region_code,
        lastExposureAt: r.last_exposure_at,
        quarantineEnd: r.quarantine_end,
        status: r.status,
        testResult: r.test_result,
        testDate: r.test_date,
        becameCaseId: r.became_case_id,
        lastReportDate: last?.date ?? null,
        reportedToday: dates.has(t),
        missedDays,
        lastReport: last ? { date: last.date, symptomatic: last.symptomatic === 1, symptoms: JSON.parse(last.symptoms) as string[], temperatureC: last.temperature_c } : null,
      };
    });
  }

  /** Candidates, highest risk first: close before low, then longer overlap, then the latest exposure. */
  function presentExposures(
    candidates: ExposureCandidatesTable[],
    people: Map<string, { name: string; phone: string }>,
    venueNames: Map<string, string>,
    contactOfCandidate: Map<string | null, string>,
  ): ExposureView[] {
    const rank = (x: ExposureCandidatesTable) => (x.classification === 'close' ? 0 : 1);
    return [...candidates]
      .sort((a, b) => rank(a) - rank(b) || b.total_overlap_minutes - a.total_overlap_minutes || b.last_exposure_at - a.last_exposure_at || a.id.localeCompare(b.id))
      .map((x) => {
        const person = people.get(x.visit_id) ?? { name: '', phone: '' };
        return {
          candidateId: x.id,
          name: person.name,
          phone: person.phone,
          classification: x.classification === 'close' ? 'close' : 'low',
          totalOverlapMinutes: x.total_overlap_minutes,
          lastExposureAt: x.last_exposure_at,
          status: x.status,
          reason: x.reason,
          contactId: contactOfCandidate.get(x.id) ?? null,
          venues: (JSON.parse(x.venues) as { venueId: string; overlapMinutes: number; estimated: boolean }[]).map((v) => ({ ...v, venueName: venueNames.get(v.venueId) ?? '' })),
        };
      });
  }

  /** A case as a node of the cluster view: its name (decrypted), category, episode and residence; nothing else. */
  function clusterCaseLabel(c: CasesTable): ClustersView['cases'][number] {
    return { id: c.id, name: open(c.name_enc), category: c.category, episodeDate: c.episode_date, residenceCode: c.residence_code };
  }

  /** The contacts export: the fields a tracer sees on the follow-up list; never the NIK or the internal person key. */
  function contactsCsv(contacts: ContactView[]): { header: string[]; rows: CsvValue[][] } {
    return {
      header: ['name', 'phone', 'last_exposure', 'quarantine_end', 'status', 'follow_up_region', 'last_report', 'missed_days', 'test_result'],
      rows: contacts.map((k) => [k.name, k.phone, timing.localDate(k.lastExposureAt), k.quarantineEnd, k.status, k.followUpRegionCode, k.lastReportDate, k.missedDays, k.testResult]),
    };
  }

  return { presentCase, presentContacts, presentExposures, clusterCaseLabel, contactsCsv };
}

export type TracingPresenter = ReturnType<typeof createTracingPresenter>;

// ---- wire form (routes): times as ISO-8601 with the city's offset

export const caseReply = (c: CaseView, timeZone: string) => ({
  ...c,
  confirmedAt: c.confirmedAt === null ? null : toIso(c.confirmedAt, timeZone),
  createdAt: toIso(c.createdAt, timeZone),
  updatedAt: toIso(c.updatedAt, timeZone),
});

export const contactReply = (k: ContactView, timeZone: string) => ({ ...k, lastExposureAt: toIso(k.lastExposureAt, timeZone), missedReport: k.missedDays > 0 && !k.reportedToday });

export const exposureReply = (x: ExposureView, timeZone: string) => ({ ...x, lastExposureAt: toIso(x.lastExposureAt, timeZone) });

export const noticeReply = (n: NoticeView, timeZone: string) => ({ id: n.id, date: n.date, from: toIso(n.from, timeZone), until: toIso(n.until, timeZone) });

export const searchAccessReply = (a: SearchAccessView, timeZone: string) => ({
  ...a,
  request: a.request === null ? null : { ...a.request, requestedAt: toIso(a.request.requestedAt, timeZone), approvedAt: a.request.approvedAt === null ? null : toIso(a.request.approvedAt, timeZone) },
});

/** A case with what its page shows: contacts, the tracing window, the search ground and the venues told of it. */
export type CaseDetailView = CaseView & {
  contacts: ContactView[];
  window: { start: number; end: number };
  exposureSearch: SearchAccessView;
  venueNotices: { venueId: string; venueName: string; date: string; from: number; until: number; notifiedAt: number }[];
};

export const caseDetailReply = (c: CaseDetailView, timeZone: string) => ({
  ...caseReply(c, timeZone),
  venueNotices: c.venueNotices.map((n) => ({ ...n, from: toIso(n.from, timeZone), until: toIso(n.until, timeZone), notifiedAt: toIso(n.notifiedAt, timeZone) })),
  window: { start: toIso(c.window.start, timeZone), end: toIso(c.window.end, timeZone) },
  contacts: c.contacts.map((k) => contactReply(k, timeZone)),
  exposureSearch: searchAccessReply(c.exposureSearch, timeZone),
});

import type { Db } from '../../db/kysely.js';
import { primaryReads, type ReadSource } from '../../db/read-replica.js';
import type { Clock } from '../../shared/clock.js';
import type { Language } from '../../shared/language.js';
import type { SealedVisitPerson } from '../checkins/index.js';
import type { RegionsService } from '../regions/index.js';
import { createCaseRegistration } from './case-registration.js';
import { createCaseTiming } from './case-timing.js';
import { createCasesService } from './cases.service.js';
import { createClustersService } from './clusters.service.js';
import { createContactsService } from './contacts.service.js';
import { createExportService, type PersonTestsFn } from './export.service.js';
import { createExposureSearchService } from './exposure-search.service.js';
import { createExposuresService } from './exposures.service.js';
import { createTracingAccess } from './tracing.access.js';
import type { VenueAccessLayer } from '../venues/index.js';
import { tracingKeys } from './tracing.keys.js';
import type { EnqueueFn } from './tracing.outbox.js';
import { createTracingPresenter } from './tracing.presenter.js';
import type { TracingSettings } from './tracing.rules.js';
import { createVenueNoticesService, type VenueCaseNotifier } from './venue-notices.service.js';
import { createSelfIsolationService } from './self-isolation.service.js';
import { createTracingWorkService } from './tracing-work.service.js';

export interface TracingDeps {
  db: Db;
  /** Reads that may lag a few seconds: the case list, exposure finding (db/read-replica.ts). Unset: the primary. */
  reads?: ReadSource;
  clock: Clock;
  secretKey: Buffer;
  timeZone: string;
  publicUrl: string;
  settings: TracingSettings;
  regions: RegionsService;
  /** The venues module's one rule for "may this caller touch this venue?" (case notices of a venue). */
  venueAccess: Pick<VenueAccessLayer, 'requireVenue'>;
  /** The check-ins module's keyed hash of a phone (visits.person_key) and its decryption of a visit's person. */
  personKeyOf: (e164: string) => string;
  decryptVisitPerson: (row: SealedVisitPerson) => { name: string; phone: string };
  /** Tells a venue's managers that a confirmed case visited (app.ts: the notifications module), in the caller's transaction. */
  notifyVenueManagers?: VenueCaseNotifier;
  /** Feeds the zone colours: policies.recordActiveCases(…, 'case_register'). */
  recordActiveCases: (input: { regionCode: string; date: string; activeCases: number }) => Promise<unknown>;
  /** The health-records module's test results of a person (FHIR export's Observations); without it, none. */
  personTests?: PersonTestsFn;
  /** The notification outbox; without it (tests of other modules) nothing is sent. */
  enqueue?: EnqueueFn;
  /** The text of the contact's SMS in their language (≤ 160 characters). */
  contactText?: (lang: Language, params: { end: string; link: string }) => string;
  /** The text of a newcomer's self-isolation SMS in their language (≤ 160 characters). */
  selfIsolationText?: (lang: Language, params: { end: string; link: string }) => string;
}

/**
 * The tracing module, composed from its use cases (cases, exposures, contacts and follow-up, venue notices, clusters,
 * export), each with its own small deps. One facade keeps `services.tracing.*` call sites as they were.
 */
export function createTracingService(deps: TracingDeps) {
  const { db, clock, settings, timeZone, regions } = deps;
  const reads = deps.reads ?? primaryReads(db);
  const keys = tracingKeys(deps.secretKey);
  const timing = createCaseTiming({ clock, settings, timeZone });
  const access = createTracingAccess({ db, clock, venueAccess: deps.venueAccess });
  const presenter = createTracingPresenter({ keys, timing });
  const notices = createVenueNoticesService({ db, clock, timeZone, timing, access, notifyManagers: deps.notifyVenueManagers });
  const registration = createCaseRegistration({
    db,
    clock,
    settings,
    timing,
    keys,
    regions,
    personKeyOf: deps.personKeyOf,
    noticeVenues: notices.noticeVenues,
    recordActiveCases: deps.recordActiveCases,
  });
  const search = createExposureSearchService({ db, clock, settings, timing, timeZone, access, presenter, enqueue: deps.enqueue });
  return {
    settings,
    ...createTracingWorkService({ db, clock, timeZone }),
    ...createCasesService({ db, reads, clock, settings, timing, access, presenter, registration, noticeVenues: notices.noticeVenues, search }),
    setTestReference: search.setTestReference,
    requestExposureSearch: search.requestSearch,
    approveExposureSearch: search.approveSearch,
    ...createExposuresService({
      db,
      reads,
      clock,
      settings,
      timing,
      keys,
      access,
      presenter,
      publicUrl: deps.publicUrl,
      decryptVisitPerson: deps.decryptVisitPerson,
      enqueue: deps.enqueue,
      contactText: deps.contactText,
      search,
    }),
    ...createContactsService({ db, clock, timing, keys, access, presenter, registration, regions }),
    venueNotices: notices.venueNotices,
    ...createSelfIsolationService({ db, clock, keys, presenter, publicUrl: deps.publicUrl, personKeyOf: deps.personKeyOf, enqueue: deps.enqueue, selfIsolationText: deps.selfIsolationText }),
    ...createClustersService({ db, clock, settings, access, presenter, regions }),
    ...createExportService({ db, clock, access, presenter, publicUrl: deps.publicUrl, timeZone, personTests: deps.personTests }),
  };
}

export type TracingService = ReturnType<typeof createTracingService>;

// Issue #14, "must hold afterwards": the region × role × route test. The operations come from the app's own OpenAPI
// document (`app.swagger()`, the same one /openapi.json serves); every operation must be classified here, or the test
// fails: covered (a detail, export or change on one of region A's records, or a list asked for region A), or named in
// PUBLIC_OR_OWN below with the reason it has no region to leak.
//
// Region A is Kecamatan Denpasar Selatan (Serangan, Pedungan, Desa Adat Pedungan), with a venue and its manager,
// visits, an inspection with a photo, a case with exposures and a confirmed contact, the outbox messages those caused,
// a draft and a published rule set, an approved PKM application, staff accounts and their audit trail. Region B is
// Kecamatan Denpasar Timur (Kesiman, Desa Adat Kesiman), with a venue and its manager.
//
// Callers: every staff role assigned only in region B (the desa adat officer in Desa Adat Kesiman), the manager of the
// venue in region B, and anonymous. For every covered operation and every caller:
//   - detail, export, change: 401 (anonymous) or 403/404 problem+json; a 403 about an existing record does not name
//     the record's region; the database is as it was (every table but the audit log compared row by row; the audit log
//     may only gain `*.access_denied` rows and list-read rows);
//   - list: nothing of region A in the body (no id, name, phone, e-mail, NIK or marker text of A's records).
// Each detail, export and list is also called once by a caller in scope (the city administrator, or A's venue
// manager for "my venues"), who must get 200 and, for lists, see region A's markers: so an empty answer or a wrong id
// cannot pass for "no leak".
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, PEDUNGAN, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue } from '../factories/venues.js';

const ADAT_PEDUNGAN = '51.71.DA04';
const ADAT_KESIMAN = '51.71.DA07';
const KESIMAN_POINT = { regionCode: '51.71.02.1003', lat: -8.657053, lon: 115.245165 };
/** Region A's codes: a 403 about one of A's records must not contain them. */
const REGION_A_CODES = [SELATAN, ADAT_PEDUNGAN];

/**
 * Operations with no region-A record to reach, so not in the matrix, each with its reason. Adding an operation to the
 * app without deciding where it belongs fails the test.
 */
const PUBLIC_OR_OWN: Record<string, string> = {
  // Public reference data: regions, sectors, zones, thresholds, rules in force, the checklist. The same for everyone.
  getPublicConfig: 'public configuration of the instance',
  getHealth: 'public liveness probe, no data',
  getReadiness: 'public readiness probe for the load balancer, no data',
  getMetrics: 'operator metrics: counts by route pattern, no records; loopback without a proxy or METRICS_TOKEN only',
  listRegions: 'public region tree',
  getRegionBoundaries: 'public boundaries',
  getRegion: 'public region',
  listSectors: 'public reference data',
  listZones: 'public zone colours',
  getZoneHistory: 'public zone history of a region',
  listZoneThresholds: 'public thresholds',
  getRulesInForce: 'public rules in force (published rule sets only)',
  getProkesChecklist: 'public reference data',
  locateVenueRegion: 'public point-in-polygon lookup, no records',
  // The open data (issue #17): anonymous daily counts of every desa, counts 1–4 published as "<5" (test/api/open-data.test.ts).
  getOpenDataDaily: 'public open data: anonymous daily counts per desa, kecamatan, kota; small counts suppressed',
  getOpenDataSchema: 'public schema of the open data, no records',
  // The public venue directory and a venue's public occupancy: published by design (checked below for personal data).
  listPublicVenues: 'public directory of verified venues (name, address, badge); swept below for personal data',
  getPublicVenue: 'public page of a verified venue; swept below for personal data',
  getVenueOccupancy: 'public occupancy shown at the door; swept below for personal data',
  // The caller's own session and account.
  logIn: 'own account',
  logOut: 'own session',
  getMe: 'own account',
  getSession: 'own account (the probe: signed in or not)',
  changeMyPassword: 'own account',
  setMyLanguage: 'own account (the language of its notifications)',
  getMyWeeklyReportSubscription: "own account's subscription to the weekly report (issue #17)",
  setMyWeeklyReportSubscription: "own account's subscription to the weekly report (issue #17); the report each subscriber gets is their own scope's (weekly-report.test.ts)",
  // The account's own notifications (issue #18): messages addressed to the caller's account only; someone else's id
  // answers 404 and changes nothing (staff-notifications.test.ts).
  listMyNotifications: "own account's notifications",
  markMyNotificationRead: "own account's notification (another account's id: 404)",
  // Two-factor sign-in: the second step of a sign-in the password step began (a sealed challenge, no session yet),
  // and the caller's own authenticator and recovery codes.
  logInSecondFactor: 'own sign-in (the challenge the password step issued)',
  getMyTwoFactor: 'own account',
  startTwoFactorEnrolment: 'own account',
  confirmTwoFactorEnrolment: 'own account',
  regenerateRecoveryCodes: 'own account',
  disableTwoFactor: 'own account',
  // Public sign-up of a venue manager: creates a new account, reaches no existing record.
  signUpVenueManager: 'public sign-up',
  // A newcomer's self-report (lapor diri) and a kos owner's batch: public forms that create reports, reach no record.
  reportArrival: 'public self-report, creates a report of the caller',
  reportArrivals: "public batch report by a kos owner, creates the reports",
  confirmVenueManagerSignup: 'public sign-up (sealed token)',
  // The check-in device's own visits, bound to the device by the visit's secret (issue #14 finding 2, tested in
  // checkins.test.ts); the two reads are swept below with A's visit ids and a wrong secret.
  checkIn: 'public check-in by poster token (creates a visit of the caller)',
  sendOfflineCheckin: 'public check-in kept with no signal, by poster token (creates a visit of the caller; a replay needs its secret), tested in offline-checkin.test.ts',
  checkOut: "the device's own visit, proven by its secret",
  rateVisit: "the device's own visit, proven by its secret",
  listDeviceVisits: "the device's own visits, proven by their secrets; swept below",
  getDeviceInbox: "the device's own messages, proven by its visits' secrets; swept below",
  // The resident's own space (issue #16): a resident signed in by phone reaches only the records of their own number
  // (the resident cookie; a staff session never passes), tested in citizen.test.ts.
  requestResidentCode: 'public: sends a sign-in code to the number typed, the same answer for any number',
  signInResident: 'own sign-in (the code sent to the number)',
  signOutResident: 'own resident session',
  getResidentMe: "the resident's own status",
  getResidentSession: "the resident's own status (the probe: signed in or not)",
  listResidentVisits: "the resident's own visits (their number's keyed hash)",
  listResidentAccessLog: "who read the resident's own records",
  exportResidentData: "the resident's own records",
  deleteResidentData: "the resident's own records",
  listResidentMessages: "the resident's own inbox (messages to their number's keyed hash), tested in resident-inbox.test.ts",
  markResidentMessagesRead: "the resident's own inbox", 
  exportResidentDataPdf: "the resident's own records (the JSON export's content as a PDF), tested in screening.test.ts",
  // Self-screening (issue #16): the facilities a resident is sent to are public information (name, kind, address,
  // opening hours, the facility's own phone), the same list for every staff member; changing them is in the matrix.
  listHealthFacilities: 'public reference data: health facilities with their hours and phone, no personal data',
};

type Kind = 'list' | 'detail' | 'export' | 'change';
interface Operation { method: string; path: string; operationId: string; query: string[]; security: boolean }
interface Caller { label: string; cookie?: string; role: string; username?: string }

interface Fixture {
  venueId: string;
  /** The token printed on the venue's poster (an officer scans it to find the venue). */
  posterToken: string;
  pendingVenueId: string;
  visitId: string;
  deskVisitId: string;
  inspectionId: string;
  caseId: string;
  candidateId: string;
  contactId: string;
  notificationId: string;
  draftRuleSetId: string;
  publishedRuleSetId: string;
  pkmId: string;
  userId: string;
  assignmentId: string;
  violationId: string;
  violationPhotoId: string;
  sanctionId: string;
  /** A written warning: the sanction whose letter the matrix reads. */
  letterSanctionId: string;
  checkpointId: string;
  checkId: string;
  arrivalId: string;
  facilityId: string;
  referralId: string;
  managerCookie: string;
  /** The city's task force: the control for the border posts' reads, which the administrator does not make. */
  cityTaskForceCookie: string;
  /** Strings of region A's records: none may appear in a list answered to a caller outside A. */
  markers: string[];
  /** The markers that the public venue directory shows by design (verified venues' ids and names). */
  publicMarkers: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the OpenAPI document, read as it comes
type Doc = Record<string, any>;

function operationsOf(doc: Doc): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries<Doc>(doc.paths)) {
    for (const [method, op] of Object.entries<Doc>(methods)) {
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string,
        query: ((op.parameters ?? []) as Doc[]).filter((p) => p.in === 'query').map((p) => p.name as string),
        security: ((op.security ?? []) as unknown[]).length > 0,
      });
    }
  }
  return out;
}

/**
 * From the route's shape: a GET of a record's file is an export, a GET naming a record a detail, any other GET a list
 * (a report file of the caller's scope, like the daily cash report, is a list: searched for region A's records).
 */
function kindOf(op: Operation): Kind {
  if (op.method !== 'GET') return 'change';
  const record = /\{\w+\}/.test(op.path);
  if (record && /\.(csv|pdf|png)$|\/(photo|fhir)$/.test(op.path)) return 'export';
  return record ? 'detail' : 'list';
}

/** Path parameters: the record of region A that the path names, by its collection. */
function pathFor(op: Operation, f: Fixture): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const collection = op.path.split('/')[3] ?? '';
    switch (name) {
      case 'id':
        switch (collection) {
          case 'users': return f.userId;
          case 'rule-sets': return op.path.endsWith('/retire') ? f.publishedRuleSetId : f.draftRuleSetId;
          case 'pkm-applications': return f.pkmId;
          case 'venues': return op.path.endsWith('/verification') ? f.pendingVenueId : f.venueId;
          case 'cases': return f.caseId;
          case 'contacts': return f.contactId;
          case 'notifications': return f.notificationId;
          case 'violations': return f.violationId;
          case 'sanctions': return op.path.endsWith('/letter.pdf') ? f.letterSanctionId : f.sanctionId;
          case 'checkpoints': return f.checkpointId;
          case 'checkpoint-checks': return f.checkId;
          case 'arrivals': return f.arrivalId;
          case 'health-facilities': return f.facilityId;
          case 'screening-referrals': return f.referralId;
          // A dashboard panel (issue #17): the violations panel names region A's team.
          case 'dashboards': return 'violations';
        }
        break;
      case 'venueId': return f.venueId;
      case 'token': return f.posterToken;
      case 'visitId': return op.path.startsWith('/api/v1/venues/') ? f.deskVisitId : f.visitId;
      case 'inspectionId': return f.inspectionId;
      case 'photoId': return f.violationPhotoId;
      case 'candidateId': return f.candidateId;
      case 'assignmentId': return f.assignmentId;
    }
    throw new Error(`${op.operationId}: no region-A record for path parameter ${name}`);
  });
}

/** Query filters that ask for region A (lists), by parameter name. */
function queryFor(op: Operation, f: Fixture): string {
  const values: Record<string, string> = {
    region: op.operationId === 'listPkmApplications' ? PEDUNGAN : op.operationId === 'listScreeningReferrals' ? SELATAN : SERANGAN,
    scope: SERANGAN,
    entityId: f.caseId,
    date: '2026-11-29',
    week: '2026-W48',
    status: op.operationId === 'listNotifications' ? 'failed' : op.operationId === 'listRuleSets' ? 'draft' : '',
  };
  const params = op.query.filter((name) => values[name]).map((name) => `${name}=${encodeURIComponent(values[name]!)}`);
  return params.length ? `?${params.join('&')}` : '';
}

const trade = { sector: 'trade', window: { from: '00:00', until: '20:00' }, capacityPercent: 50 };
const ruleSetBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'city', scopeRegionCode: SERANGAN, legalBasis: 'SE Lurah Serangan 7/2026 matriks', titleId: 'Aturan Serangan matriks', titleEn: 'Serangan matrix rules',
  effectiveFrom: '2026-12-01', effectiveTo: null, rules: [trade], ...overrides,
});
const pkmBody = (overrides: Record<string, unknown> = {}) => ({
  regionCode: PEDUNGAN, adatRegionCode: ADAT_PEDUNGAN, grounds: 'Klaster matriks di Banjar Kaja Pedungan', rules: [trade], borderPosts: 2,
  maxGatheringSize: 20, otherMeasures: 'Penyekatan matriks', startDate: '2026-12-01', lengthDays: 14, ...overrides,
});
const checklist = async (t: TestApp) =>
  (await t.request({ method: 'GET', url: '/api/v1/prokes-checklist' })).json<{ items?: { code: string }[] } | { code: string }[]>();

/** A valid body for each change, so that only access can refuse it (a 400 fails the test). */
function bodyFor(operationId: string, items: string[]): { payload?: unknown; headers?: Record<string, string> } {
  const answers = items.map((item) => ({ item, answer: 'met' }));
  const bodies: Record<string, unknown> = {
    addRegion: { name: 'Banjar Matriks', type: 'banjar', parentCode: SERANGAN },
    createUser: { username: 'matrix.new', password: 'kata-sandi-matriks-9', displayName: 'Baru', assignments: [{ role: 'viewer', regionCode: SERANGAN }] },
    updateUser: { displayName: 'Diubah', disabled: true },
    // The city-wide two-factor policy: only a city administrator sets it (a kecamatan administrator gets 403).
    setTwoFactorPolicy: { requiredRoles: ['admin', 'health_tracer'] },
    addAssignment: { role: 'viewer', regionCode: TIMUR },
    createZoneThresholds: { scopeRegionCode: SELATAN, effectiveFrom: '2026-12-01', yellowFrom: 2, orangeFrom: 6, redFrom: 11, basis: 'matriks' },
    recordActiveCases: { regionCode: SERANGAN, date: '2026-11-29', activeCases: 9 },
    // Many desa at once (issue #18): a desa of region A refuses the whole list, preview or not.
    recordActiveCasesBulk: { date: '2026-11-29', commit: true, counts: [{ regionCode: SERANGAN, activeCases: 9 }] },
    createRuleSet: ruleSetBody(),
    // A city-wide draft from a template: only who manages rules for the whole city (issue #18).
    adoptRuleSetTemplate: { template: 'perwali-32-2020' },
    replaceRuleSet: ruleSetBody({ legalBasis: 'diubah' }),
    createPkmApplication: pkmBody({ startDate: '2027-01-05' }),
    updatePkmApplication: pkmBody({ grounds: 'diubah' }),
    startPkmReview: { comment: 'x' },
    recommendPkmApplication: { comment: 'x' },
    returnPkmApplication: { comment: 'x' },
    rejectPkmApplication: { comment: 'x' },
    approvePkmApplication: { comment: 'x' },
    extendPkm: { days: 7 },
    endPkm: { comment: 'x' },
    recordPkmEvaluation: { recommendation: 'end', notes: 'x' },
    registerVenue: { name: 'Kafe Baru Serangan', sector: 'trade', type: 'cafe', regionCode: SERANGAN, address: 'Jl. Baru 1', lat: -8.736259, lon: 115.23211, capacity: 10, indoor: true },
    updateVenue: { name: 'Diubah', reason: 'x' },
    decideVenueVerification: { decision: 'approve' },
    suspendVenue: { reason: 'x' },
    reactivateVenue: { reason: 'x' },
    submitSelfAssessment: { answers },
    recordInspection: { answers, overallResult: 'non_compliant' },
    recordStaffVisit: { name: 'Tamu Meja', phone: '081399999999', checkedInAt: '2026-11-29T01:00:00Z', source: 'desk' },
    registerCase: { name: 'Kasus Baru', phone: '081399999998', residenceCode: SERANGAN, category: 'konfirmasi_simptomatik', onsetDate: '2026-11-29', testReference: 'NAR-1' },
    changeCaseStatus: { category: 'sembuh' },
    setCaseTestReference: { testReference: 'NAR-2' },
    requestExposureSearch: { purpose: 'matriks' },
    decideExposure: { decision: 'confirm' },
    recordContactTest: { result: 'negative', date: '2026-11-29' },
    recordViolation: { offence: 'masker_tidak_benar', regionCode: SERANGAN, occurredAt: '2026-11-29T02:30:00Z', subject: { kind: 'person', name: 'Pelanggar Baru', phone: '081399999997' } },
    annulViolation: { reason: 'x' },
    applySanction: { type: 'teguran_tertulis', reason: 'x' },
    correctSanction: { type: 'teguran_lisan', reason: 'x' },
    annulSanction: { reason: 'x' },
    createCheckpoint: { name: 'Pos Baru', regionCode: SERANGAN },
    updateCheckpoint: { name: 'Pos Diubah', shifts: [{ from: '06:00', until: '14:00' }] },
    recordCheckpointCheck: CHECK,
    recordRapidTest: { result: 'negative' },
    markArrivalVisited: { note: 'x' },
    // Health records (issue #16): a new record in region A, named; outside their scope a health worker gets 403.
    recordVaccination: { phone: '081399999996', dose: 1, vaccine: 'sinovac', date: '2026-11-01', regionCode: SERANGAN },
    recordTestResult: { phone: '081399999996', kind: 'antigen', result: 'negative', at: '2026-11-29T01:00:00Z', regionCode: SERANGAN },
    previewHealthRecordsImport: { kind: 'vaccinations', csv: 'phone,dose,vaccine,date\n081399999996,1,sinovac,2026-11-01', regionCode: SERANGAN },
    importHealthRecords: { kind: 'vaccinations', csv: 'phone,dose,vaccine,date\n081399999996,1,sinovac,2026-11-01', regionCode: SERANGAN },
    payFine: { receiptNumber: 'KW-2' },
    createHealthFacility: FACILITY,
    updateHealthFacility: { ...FACILITY, name: 'Puskesmas Diubah' },
    recordFineDeposit: { date: '2026-11-29', team: 'Tim B', regionCode: SERANGAN, amountIdr: 1000, reference: 'STS-M' },
  };
  if (operationId === 'addViolationPhoto') return { headers: { 'content-type': 'image/png' }, payload: PNG };
  if (operationId === 'attachInspectionPhoto') return { headers: { 'content-type': 'image/png' }, payload: PNG };
  return operationId in bodies ? { payload: bodies[operationId] } : {};
}

/** A puskesmas in region A, open on weekdays. */
const FACILITY = { name: 'Puskesmas Matriks Selatan', kind: 'puskesmas', regionCode: SELATAN, address: 'Jl. Matriks 3', phone: '0361 777 000', hours: [...Array.from({ length: 5 }, () => ({ from: '08:00', until: '14:00' })), null, null] };

/** A check at a border post at 10:45 WITA, within its default shifts. */
const CHECK = { at: '2026-11-29T02:45:00Z', masked: true, temperatureC: 36.5, purpose: 'Bekerja', letter: 'surat_tugas' };

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Tables that change on any request (sessions' last use) or that refusals write by design (the login throttle). */
const VOLATILE = new Set(['sessions', 'audit_log', 'kysely_migration', 'kysely_migration_lock']);

/**
 * Every row of every table but the volatile ones, as text to compare: on PostgreSQL one statement answering a digest
 * of each table's rows (computed in the database, so little travels per request); on SQLite the rows themselves.
 */
async function snapshot(t: TestApp, tables: string[]): Promise<Record<string, string>> {
  const text = (rows: unknown[]) => JSON.stringify(rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('base64') : v))).sort());
  if (t.database.dialect === 'postgres') {
    const select = tables.map((name, i) => `(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${name}" x) as t${i}`).join(', ');
    const row = (await sql<Record<string, string>>`${sql.raw(`select ${select}`)}`.execute(t.database.db)).rows[0]!;
    return Object.fromEntries(tables.map((name, i) => [name, row[`t${i}`]!]));
  }
  const out: Record<string, string> = {};
  for (const table of tables) out[table] = text((await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.database.db)).rows);
  return out;
}

async function auditSince(t: TestApp, count: number): Promise<string[]> {
  const rows = await t.database.db.selectFrom('audit_log').select('action').orderBy('id').execute();
  return rows.slice(count).map((r) => r.action);
}

function isProblem(res: LightMyRequestResponse): boolean {
  return String(res.headers['content-type']).startsWith('application/problem+json');
}

describeEachDatabase('region × role × route: nothing of region A reaches anyone outside it', (dialect) => {
  let t: TestApp;
  let doc: Doc;
  let f: Fixture;
  let callers: Caller[];
  let items: string[];
  let tables: string[];

  beforeAll(async () => {
    // The dashboard's event stream closes after 50 ms here, so each call of it ends (issue #17).
    t = await createTestApp(dialect, { dashboardStream: { tickMs: 20, lifetimeMs: 50 } });
    doc = t.app.swagger();
    const admin = t.adminCookie;
    const ok = (res: LightMyRequestResponse, what: string) => {
      if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
      return res.body ? res.json<Record<string, unknown>>() : {};
    };
    const post = async (url: string, cookie: string, payload?: object) => ok(await t.request({ method: 'POST', url, cookie, ...(payload === undefined ? {} : { payload }) }), `POST ${url}`);
    const checklistBody = await checklist(t);
    items = (Array.isArray(checklistBody) ? checklistBody : (checklistBody.items ?? [])).map((i) => i.code);

    // ---- region A ------------------------------------------------------------------------------------------------
    const tracerA = await t.staff('matrix.tracer.a', [{ role: 'health_tracer', regionCode: SELATAN }]);
    const taskForceA = await t.staff('matrix.satgas.a', [{ role: 'task_force', regionCode: SELATAN }]);
    const approverA = await t.staff('matrix.approver.a', [{ role: 'approver', regionCode: SELATAN }]);
    const perbekelA = await t.staff('matrix.perbekel.a', [{ role: 'village_officer', regionCode: PEDUNGAN }]);
    const officerA = await t.staff('matrix.officer.a', [{ role: 'village_officer', regionCode: SERANGAN }]);
    const managerEmail = 'pengelola.matriks.a@example.id';
    const managerA = await t.signUpManager({ name: 'Pengelola Matriks A', email: managerEmail, phone: '081377700009', password: 'kata-sandi-aman-a1' });
    if (managerA.statusCode !== 201) throw new Error(`manager A: ${managerA.body}`);
    const managerId = managerA.json<{ id: string }>().id;
    const managerCookie = String([managerA.headers['set-cookie']].flat()[0]).split(';')[0]!;

    const venue = await verifiedVenue(t, { name: 'Warung Matriks Selatan' });
    await t.database.db.insertInto('venue_managers').values({ venue_id: venue.id, user_id: managerId, created_at: t.clock.now(), created_by: null }).execute();
    ok(await t.request({ method: 'PATCH', url: `/api/v1/venues/${venue.id}`, cookie: admin, payload: { contactName: 'Kontak Matriks', contactPhone: '081377700008' } }), 'contact');
    const pending = await post('/api/v1/venues', managerCookie, { name: 'Kafe Menunggu Matriks', sector: 'trade', type: 'cafe', regionCode: SERANGAN, address: 'Jl. Menunggu 2', lat: -8.736259, lon: 115.23211, capacity: 10, indoor: true });

    const visitors = [['Ni Luh Matriks', '081377700001'], ['Wayan Matriks', '081377700002']] as const;
    const visits: { visitId: string }[] = [];
    for (const [name, phone] of visitors) visits.push(ok(await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: venue.token, name, phone } }), 'check-in') as { visitId: string });
    const desk = await post(`/api/v1/venues/${venue.id}/visits`, admin, { name: 'Tamu Meja Matriks', phone: '081377700003', checkedInAt: '2026-11-29T01:30:00Z', source: 'desk' });
    // A small venue that turned a visitor away (venue_full): the oversight page's refused attempts.
    const small = await verifiedVenue(t, { name: 'Warung Kecil Matriks', capacity: 1 });
    for (const phone of ['081377700004', '081377700005', '081377700006']) await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: small.token, name: 'Tamu Kecil Matriks', phone } });
    t.clock.advance(60 * 60_000);

    await post(`/api/v1/venues/${venue.id}/self-assessments`, managerCookie, { answers: items.map((item) => ({ item, answer: 'met' })) });
    // Not compliant, with a follow-up date: the venue is on the inspection to-do list of its desa.
    const inspection = await post(`/api/v1/venues/${venue.id}/inspections`, officerA.cookie, { answers: items.map((item) => ({ item, answer: 'not_met' })), overallResult: 'non_compliant', notes: 'Catatan matriks', followUpDate: '2026-12-02' });
    ok(await t.request({ method: 'PUT', url: `/api/v1/venues/${venue.id}/inspections/${inspection.id as string}/photo`, cookie: officerA.cookie, headers: { 'content-type': 'image/png' }, payload: PNG }), 'photo');

    const kase = await post('/api/v1/cases', tracerA.cookie, { name: 'Kadek Kasus Matriks', phone: visitors[0][1], nik: '5171011708850001', residenceCode: SERANGAN, category: 'konfirmasi_simptomatik', onsetDate: '2026-11-29', testReference: 'NAR-MATRIKS-1' });
    // A second confirmed case in the same desa: a cluster (desa and venue) on the clusters page.
    const kase2 = await post('/api/v1/cases', tracerA.cookie, { name: 'Made Kasus Dua Matriks', phone: '081377700003', residenceCode: SERANGAN, category: 'konfirmasi_simptomatik', onsetDate: '2026-11-29', testReference: 'NAR-MATRIKS-2' });
    const exposures = ok(await t.request({ method: 'GET', url: `/api/v1/cases/${kase.id as string}/exposures`, cookie: tracerA.cookie }), 'exposures') as unknown as { candidateId: string; name: string }[];
    const candidate = exposures.find((e) => e.name === visitors[1][0]);
    if (!candidate) throw new Error(`no candidate in ${JSON.stringify(exposures)}`);
    const contact = await post(`/api/v1/cases/${kase.id as string}/exposures/${candidate.candidateId}/decision`, tracerA.cookie, { decision: 'confirm' });
    // The contact's SMS, failed for good: the message an operator could retry.
    const sms = await t.database.db.selectFrom('notifications').select('id').where('dedupe_key', 'like', 'contact:%').executeTakeFirstOrThrow();
    await t.database.db.updateTable('notifications').set({ status: 'failed', last_error: 'HTTP 500' }).where('id', '=', sms.id).execute();

    const draft = await post('/api/v1/rule-sets', taskForceA.cookie, ruleSetBody());
    const published = await post('/api/v1/rule-sets', taskForceA.cookie, ruleSetBody({ legalBasis: 'SE Lurah Serangan 8/2026', effectiveFrom: '2027-02-01' }));
    await post(`/api/v1/rule-sets/${published.id as string}/publish`, taskForceA.cookie);

    const pkm = await post('/api/v1/pkm-applications', perbekelA.cookie, pkmBody());
    await post(`/api/v1/pkm-applications/${pkm.id as string}/submit`, perbekelA.cookie);
    await post(`/api/v1/pkm-applications/${pkm.id as string}/review`, taskForceA.cookie, {});
    await post(`/api/v1/pkm-applications/${pkm.id as string}/recommend`, taskForceA.cookie, {});
    await post(`/api/v1/pkm-applications/${pkm.id as string}/approve`, approverA.cookie, { letterNumber: 'MATRIKS/1' });

    // A violation in Serangan, with its sanction.
    const satpolA = await t.staff('matrix.satpol.a', [{ role: 'enforcement_officer', regionCode: SELATAN }]);
    const violation = await post('/api/v1/violations', satpolA.cookie, { offence: 'masker_tidak_benar', regionCode: SERANGAN, occurredAt: '2026-11-29T02:30:00Z', subject: { kind: 'person', nik: '5171011708850001', name: 'Pelanggar Matriks', phone: '081377700010' }, team: 'Tim Matriks Selatan' });
    const sanction = await post(`/api/v1/violations/${violation.id as string}/sanctions`, satpolA.cookie, { type: 'denda', amountIdr: 100_000, paid: true, receiptNumber: 'KW-MATRIKS-1', reason: 'Sanksi matriks' });
    // A fine still due in Serangan: what the list of outstanding fines holds.
    const dueViolation = await post('/api/v1/violations', satpolA.cookie, { offence: 'masker_tidak_dipakai', regionCode: SERANGAN, occurredAt: '2026-11-29T02:40:00Z', subject: { kind: 'person', nik: '5171011708850004', name: 'Pelanggar Matriks Belum Bayar', phone: '081377700012' }, team: 'Tim Matriks Selatan' });
    await post(`/api/v1/violations/${dueViolation.id as string}/sanctions`, satpolA.cookie, { type: 'denda', amountIdr: 100_000, paid: false });
    const letterSanction = await post(`/api/v1/violations/${violation.id as string}/sanctions`, satpolA.cookie, { type: 'teguran_tertulis', reason: 'Surat matriks' });
    const violationPhoto = ok(await t.request({ method: 'POST', url: `/api/v1/violations/${violation.id as string}/photos`, cookie: satpolA.cookie, headers: { 'content-type': 'image/png' }, payload: PNG }), 'violation photo');

    // A border post in Serangan with a check; a newcomer's report in Serangan.
    const checkpoint = await post('/api/v1/checkpoints', admin, { name: 'Pos Matriks Serangan', regionCode: SERANGAN });
    const check = await post(`/api/v1/checkpoints/${checkpoint.id as string}/checks`, satpolA.cookie, { ...CHECK, nik: '3578011708850002' });
    ok(await t.request({ method: 'POST', url: '/api/v1/arrivals', payload: { name: 'Pendatang Matriks', nik: '3578011708850003', phone: '081377700011', origin: 'Surabaya', arrivalDate: '2026-11-29', regionCode: SERANGAN, address: 'Kos Matriks kamar 1', purpose: 'Bekerja' } }), 'arrival');
    const arrivals = ok(await t.request({ method: 'GET', url: '/api/v1/arrivals', cookie: officerA.cookie }), 'arrivals') as unknown as { id: string }[];

    const user = ok(await t.request({ method: 'GET', url: `/api/v1/users/${officerA.id}`, cookie: admin }), 'user') as { assignments: { id: string }[] };

    // A health facility in Selatan, and a resident's self-screening sent to its puskesmas (the page's service call).
    const facility = await post('/api/v1/health-facilities', admin, FACILITY);
    const referral = await t.services.screening.refer({ principal: null, lang: 'id', ip: null, requestId: null }, { personKey: 'matrix-person', phone: '+6281377700013' }, { symptoms: ['fever'], severe: false, contact: true, travel: false }, SELATAN);

    f = {
      venueId: venue.id,
      posterToken: venue.token,
      pendingVenueId: pending.id as string,
      visitId: visits[0]!.visitId,
      deskVisitId: desk.visitId as string,
      inspectionId: inspection.id as string,
      caseId: kase.id as string,
      candidateId: candidate.candidateId,
      contactId: contact.contactId as string,
      notificationId: sms.id,
      draftRuleSetId: draft.id as string,
      publishedRuleSetId: published.id as string,
      pkmId: pkm.id as string,
      userId: officerA.id,
      assignmentId: user.assignments[0]!.id,
      violationId: violation.id as string,
      violationPhotoId: violationPhoto.id as string,
      sanctionId: sanction.id as string,
      letterSanctionId: letterSanction.id as string,
      checkpointId: checkpoint.id as string,
      checkId: check.id as string,
      arrivalId: arrivals[0]!.id,
      facilityId: facility.id as string,
      referralId: referral.id,
      managerCookie,
      cityTaskForceCookie: (await t.staff('matrix.satgas.kota', [{ role: 'task_force', regionCode: '51.71' }])).cookie,
      markers: [],
      publicMarkers: [venue.id, 'Warung Matriks Selatan', small.id, 'Warung Kecil Matriks'],
    };
    f.markers = [
      venue.id, pending.id as string, 'Warung Matriks Selatan', 'Kafe Menunggu Matriks', 'Kontak Matriks', '77700008',
      ...visits.map((v) => v.visitId), ...visitors.flatMap(([name, phone]) => [name, phone.slice(4)]), 'Tamu Meja Matriks', '77700003',
      small.id, 'Warung Kecil Matriks', 'Tamu Kecil Matriks', kase2.id as string, 'Made Kasus Dua Matriks',
      inspection.id as string, 'Catatan matriks', kase.id as string, 'Kadek Kasus Matriks', '5171011708850001', 'NAR-MATRIKS-1',
      candidate.candidateId, f.contactId, sms.id, draft.id as string, 'SE Lurah Serangan 7/2026', pkm.id as string, 'Klaster matriks',
      checkpoint.id as string, 'Pos Matriks Serangan', check.id as string, '3578011708850002', arrivals[0]!.id, 'Pendatang Matriks', '3578011708850003', '77700011', 'Kos Matriks',
      referral.id, '77700013', violation.id as string, sanction.id as string, letterSanction.id as string, violationPhoto.id as string, 'Pelanggar Matriks', '77700010', dueViolation.id as string, '77700012', 'Sanksi matriks', 'Tim Matriks Selatan', 'KW-MATRIKS-1', satpolA.id,
      officerA.id, tracerA.id, taskForceA.id, approverA.id, perbekelA.id, managerId, 'matrix.officer.a', 'matrix.tracer.a', managerEmail, '77700009',
    ];
    for (const [key, value] of Object.entries(f)) if (value === undefined) throw new Error(`fixture ${key} missing`);

    // ---- region B ------------------------------------------------------------------------------------------------
    const managerB = await t.signUpManager({ name: 'Pengelola B', email: 'pengelola.b@example.id', phone: '081288800001', password: 'kata-sandi-aman-b1' });
    if (managerB.statusCode !== 201) throw new Error(`manager B: ${managerB.body}`);
    const managerBCookie = String([managerB.headers['set-cookie']].flat()[0]).split(';')[0]!;
    const venueB = await verifiedVenue(t, { name: 'Warung Kesiman B', ...KESIMAN_POINT });
    await t.database.db.insertInto('venue_managers').values({ venue_id: venueB.id, user_id: managerB.json<{ id: string }>().id, created_at: t.clock.now(), created_by: null }).execute();

    const staffRoles = ['admin', 'task_force', 'approver', 'village_officer', 'adat_officer', 'health_tracer', 'health_worker', 'enforcement_officer', 'viewer'];
    callers = [];
    for (const role of staffRoles) {
      const regionCode = role === 'adat_officer' ? ADAT_KESIMAN : TIMUR;
      callers.push({ label: `${role} of ${regionCode}`, role, username: `matrix.b.${role}`, cookie: (await t.staff(`matrix.b.${role}`, [{ role, regionCode }])).cookie });
    }
    callers.push({ label: "another venue's manager", role: 'venue_manager', cookie: managerBCookie }, { label: 'anonymous', role: 'anonymous' });
    tables = (await t.database.db.introspection.getTables()).map((x) => x.name).filter((name) => !VOLATILE.has(name)).sort();
  }, 120_000);
  afterAll(async () => t?.close());

  it('classifies every operation of the OpenAPI document', () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(90);
    const unclassified = operations.filter((op) => !(op.operationId in PUBLIC_OR_OWN) && !op.security);
    expect(unclassified.map((op) => op.operationId), 'public operations must be listed with a reason').toEqual([]);
    const stale = Object.keys(PUBLIC_OR_OWN).filter((id) => !operations.some((op) => op.operationId === id));
    expect(stale, 'allow-list entries naming no operation').toEqual([]);
  });

  it('the callers in scope see region A through every covered read (so the matrix below can tell a leak)', async () => {
    const failures: string[] = [];
    for (const op of operationsOf(doc)) {
      if (op.operationId in PUBLIC_OR_OWN || kindOf(op) === 'change') continue;
      const cookie = op.operationId === 'listMyVenues' ? f.managerCookie : op.path.startsWith('/api/v1/checkpoints') || op.path.startsWith('/api/v1/dashboards') || op.path.startsWith('/api/v1/reports') || op.operationId === 'findVenueByPoster' ? f.cityTaskForceCookie : t.adminCookie;
      const res = await t.request({ method: op.method, url: pathFor(op, f) + queryFor(op, f), cookie });
      if (res.statusCode !== 200) failures.push(`${op.operationId}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (kindOf(op) === 'list' && !NO_CONTROL_MARKER[op.operationId] && !f.markers.some((m) => res.body.includes(m))) failures.push(`${op.operationId}: no region A record in ${res.body.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers every caller outside region A without any of it, and changes nothing', async () => {
    const started = Date.now();
    const operations = operationsOf(doc).filter((op) => !(op.operationId in PUBLIC_OR_OWN));
    const leaks: string[] = [];
    let sent = 0;
    let before = await snapshot(t, tables);
    // The comparison can see a change: one column of one row of region A, changed and put back.
    const name = (await t.database.db.selectFrom('venues').select('name').where('id', '=', f.venueId).executeTakeFirstOrThrow()).name;
    await t.database.db.updateTable('venues').set({ name: 'changed' }).where('id', '=', f.venueId).execute();
    expect(await snapshot(t, tables)).not.toEqual(before);
    await t.database.db.updateTable('venues').set({ name }).where('id', '=', f.venueId).execute();
    expect(await snapshot(t, tables)).toEqual(before);
    let auditCount = (await auditSince(t, 0)).length;
    // A list is asked twice when it takes filters: with region A's, and as the caller would open it (no filter).
    const requests = operations.flatMap((op) => {
      const url = pathFor(op, f) + queryFor(op, f);
      const unfiltered = pathFor(op, f);
      return kindOf(op) === 'list' && url !== unfiltered ? [{ op, url }, { op, url: unfiltered }] : [{ op, url }];
    });
    for (const { op, url } of requests) {
      const kind = kindOf(op);
      for (const caller of callers) {
        const { payload, headers } = kind === 'change' ? bodyFor(op.operationId, items) : {};
        const res = await t.request({ method: op.method, url, cookie: caller.cookie, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
        sent++;
        const what = `${op.operationId} ${url.replace(/^\/api\/v1/, '')} as ${caller.label}: ${res.statusCode} ${res.body.slice(0, 300)}`;
        const allowed = ALLOWED_SUCCESS[op.operationId]?.includes(caller.role) ?? false;
        if (caller.role === 'anonymous') {
          if (res.statusCode !== 401 || !isProblem(res)) leaks.push(`${what} (anonymous must get 401)`);
        } else if (kind === 'list') {
          const found = f.markers.filter((m) => visibleBody(op, caller, res).includes(m) && !(SHOWN_BY_DESIGN[op.operationId]?.(f) ?? []).includes(m));
          if (found.length) {
            const at = res.body.indexOf(found[0]!);
            leaks.push(`${op.operationId} ${url} as ${caller.label}: ${res.statusCode} — contains ${found.join(', ')} in …${res.body.slice(Math.max(0, at - 300), at + 100)}…`);
          }
          if (res.statusCode >= 400 && !isProblem(res)) leaks.push(`${what} (not problem+json)`);
        } else if (!allowed) {
          if ((res.statusCode !== 403 && res.statusCode !== 404) || !isProblem(res)) leaks.push(`${what} (expected 403/404 problem+json)`);
          // The region the caller named in the query may be named back (a dashboard panel's CSV, issue #17); any other code of A may not.
          else if (res.statusCode === 403 && REGION_A_CODES.some((code) => res.body.replaceAll(new URL(url, 'http://x').searchParams.get('region') ?? '\u0000', '').includes(code)) && /\{\w+\}/.test(op.path)) leaks.push(`${what} (the refusal names region A)`);
        }
        const after = await snapshot(t, tables);
        const audited = await auditSince(t, auditCount);
        auditCount += audited.length;
        if (allowed && res.statusCode < 300) {
          before = after;
          continue;
        }
        const changed = tables.filter((table) => before[table] !== after[table]);
        if (changed.length) leaks.push(`${what} — changed ${changed.join(', ')}`);
        const unexpected = audited.filter((action) => !action.endsWith('.access_denied') && !(kind !== 'change' && res.statusCode === 200));
        if (unexpected.length) leaks.push(`${what} — audited ${unexpected.join(', ')}`);
        before = after;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.info(`region matrix [${dialect}]: ${operations.length} operations (${requests.length} requests, lists with and without region A’s filter) × ${callers.length} callers = ${sent} requests in ${seconds.toFixed(1)} s, ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
  }, 120_000);

  it("every outbox message carries the region of the event that caused it (issue #14, finding 10)", async () => {
    const rows = await t.database.db.selectFrom('notifications').select(['dedupe_key', 'region_code']).execute();
    const regionOf = (prefix: string) => [...new Set(rows.filter((r) => r.dedupe_key.startsWith(prefix)).map((r) => r.region_code))];
    expect(regionOf('contact:'), "a contact's SMS: the case's residence").toEqual([SERANGAN]);
    expect(regionOf('venue-notice:'), "a venue's case notice: the venue's region").toEqual([SERANGAN]);
    expect(regionOf('signup-'), 'a sign-up mail: city-level').toEqual([null]);
  });

  it('the public operations carry none of region A’s personal data', async () => {
    const personal = f.markers.filter((m) => !f.publicMarkers.includes(m));
    const requests = [
      { method: 'GET', url: '/api/v1/public/venues?region=' + SERANGAN },
      { method: 'GET', url: `/api/v1/public/venues/${f.venueId}` },
      { method: 'GET', url: `/api/v1/venues/${f.venueId}/occupancy` },
      { method: 'POST', url: '/api/v1/checkins/device-visits', payload: { visits: [{ visitId: f.visitId, checkoutSecret: 'not-the-secret-of-this-visit' }] } },
      { method: 'POST', url: '/api/v1/inbox', payload: { visits: [{ visitId: f.visitId, checkoutSecret: 'not-the-secret-of-this-visit' }] } },
    ];
    for (const r of requests) {
      const res = await t.request(r);
      expect(res.statusCode, `${r.url}: ${res.body}`).toBeLessThan(500);
      expect(personal.filter((m) => res.body.includes(m)), `${r.url}: ${res.body.slice(0, 300)}`).toEqual([]);
    }
  });
});

/**
 * Region A's ids that a list shows by design. An approved PKM application's published rule set (its overlay, the rules
 * in force in the desa) names the application it comes from; the application itself stays closed (403).
 */
const SHOWN_BY_DESIGN: Record<string, (f: Fixture) => string[]> = { listRuleSets: (f) => [f.pkmId] };

/**
 * The part of a list's answer that is about others: the audit log shows a caller their own actions, which may name
 * what they asked for (their refused probes' filters), so their own entries are left out of the search.
 */
function visibleBody(op: Operation, caller: Caller, res: LightMyRequestResponse): string {
  if (op.operationId !== 'listAuditEvents' || res.statusCode !== 200) return res.body;
  const page = res.json<{ items: { actorUsername: string | null }[] }>();
  return JSON.stringify({ ...page, items: page.items.filter((e) => e.actorUsername !== caller.username) });
}

/**
 * Changes that a caller outside region A may make by design. A venue manager registers a venue anywhere in the city
 * (it waits for the desa's verification, and belongs to them, not to region A's staff).
 */
const ALLOWED_SUCCESS: Record<string, string[]> = { registerVenue: ['venue_manager'] };

/** Lists whose in-scope answer holds none of the fixture's records (none is overdue today; reference data), so no marker is expected. */
const NO_CONTROL_MARKER: Record<string, true> = {
  listOverduePkmEvaluations: true,
  // Reference data for staff: the offence catalogue and the sanction ladder, the same in every region.
  listOffences: true,
  listSanctionLadders: true,
  // The city-wide two-factor policy per role: a setting, no region's record.
  getTwoFactorPolicy: true,
  // The home page's counts of waiting work: numbers, no record; that each role counts only its own region is
  // asserted role by role in home-work.test.ts (work seeded in and outside the caller's region).
  getMyWork: true,
  // First run (issue #18): whether a city-wide rule set is in force, the city's drafts and the templates; no region's record.
  getRuleSetFirstRun: true,
  // The dashboard's event stream carries no figure, only "refetch" events; its refusal outside the scope is asserted.
  getDashboardEvents: true,
  // The weekly report is a PDF (compressed streams); its figures are the dashboard's, searched through getDashboard.
  getWeeklyReportPdf: true,
  // A PDF's text is in compressed streams; the same daily cash report as CSV and JSON is searched.
  getCashReportPdf: true,
};

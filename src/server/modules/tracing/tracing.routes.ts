import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CandidateParams,
  CaseBody,
  CaseDetailReply,
  CaseList,
  CaseParams,
  CaseReply,
  ClustersReply,
  ContactList,
  ContactParams,
  CreatedReply,
  DecisionBody,
  DecisionReply,
  DischargeReply,
  ExposureList,
  NoticeList,
  SearchAccessReply,
  SearchRequestBody,
  StatusBody,
  TestReferenceBody,
  TestBody,
  TestReply,
  VenueParams,
} from './tracing.schemas.js';
import { caseDetailReply, caseReply, contactReply, exposureReply, noticeReply, searchAccessReply } from './tracing.presenter.js';
import type { TracingService } from './tracing.service.js';

export interface TracingRoutesOptions {
  tracing: TracingService;
  timeZone: string;
}

export const tracingRoutes: FastifyPluginAsync<TracingRoutesOptions> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { tracing, timeZone } = opts;
  const caseOut = (c: Parameters<typeof caseReply>[0]) => caseReply(c, timeZone);
  const contactOut = (k: Parameters<typeof contactReply>[0]) => contactReply(k, timeZone);
  const tags = ['tracing'];

  r.post('/cases', {
    config: { access: 'cases:manage' },
    schema: { operationId: 'registerCase', tags, summary: 'Register a case (health tracer in scope of the residence)', body: CaseBody, response: { 201: CreatedReply } },
  }, async (request, reply) => reply.status(201).send(await tracing.registerCase(request.ctx, request.body)));

  r.get('/cases', {
    config: { access: 'cases:read' },
    schema: { operationId: 'listCases', tags, summary: 'Cases in the caller’s scope, newest first', response: { 200: CaseList } },
  }, async (request) => (await tracing.listCases(request.ctx)).map(caseOut));

  r.get('/cases/:id', {
    config: { access: 'cases:read' },
    schema: { operationId: 'getCase', tags, summary: 'A case with its tracing window and contacts', params: CaseParams, response: { 200: CaseDetailReply } },
  }, async (request) => caseDetailReply(await tracing.getCase(request.ctx, request.params.id), timeZone));

  r.post('/cases/:id/status', {
    config: { access: 'cases:manage' },
    schema: { operationId: 'changeCaseStatus', tags, summary: 'Move a case to another category (discarded, selesai_isolasi, meninggal …)', params: CaseParams, body: StatusBody, response: { 200: CaseReply } },
  }, async (request) => caseOut(await tracing.updateStatus(request.ctx, request.params.id, request.body)));

  r.post('/cases/:id/test-reference', {
    config: { access: 'cases:manage' },
    schema: { operationId: 'setCaseTestReference', tags, summary: 'Record the laboratory reference of the test behind a confirmed or probable case (opens its exposure search); audited', params: CaseParams, body: TestReferenceBody, response: { 200: CaseReply } },
  }, async (request) => caseOut(await tracing.setTestReference(request.ctx, request.params.id, request.body.testReference)));

  r.post('/cases/:id/exposure-search/request', {
    config: { access: 'cases:manage' },
    schema: { operationId: 'requestExposureSearch', tags, summary: 'Four eyes: ask to search a suspect’s exposures, with the purpose; another tracer or a supervisor approves', params: CaseParams, body: SearchRequestBody, response: { 200: SearchAccessReply } },
  }, async (request) => searchAccessReply(await tracing.requestExposureSearch(request.ctx, request.params.id, request.body), timeZone));

  r.post('/cases/:id/exposure-search/approve', {
    config: { access: 'cases:manage' },
    schema: { operationId: 'approveExposureSearch', tags, summary: 'Four eyes: approve another person’s request to search a suspect’s exposures (never one’s own); audited', params: CaseParams, response: { 200: SearchAccessReply } },
  }, async (request) => searchAccessReply(await tracing.approveExposureSearch(request.ctx, request.params.id), timeZone));

  r.get('/cases/:id/exposures', {
    config: { access: 'cases:read' },
    schema: { operationId: 'listCaseExposures', tags, summary: 'Candidate contacts found from check-ins, one per person, highest risk first; needs a confirmed or probable case with a test reference, or an approved suspect; audited with its purpose', params: CaseParams, response: { 200: ExposureList } },
  }, async (request) => (await tracing.exposures(request.ctx, request.params.id)).map((x) => exposureReply(x, timeZone)));

  r.post('/cases/:id/exposures/:candidateId/decision', {
    config: { access: 'cases:manage' },
    schema: { operationId: 'decideExposure', tags, summary: 'Confirm (becomes a contact, notified) or dismiss (with a reason) a candidate', params: CandidateParams, body: DecisionBody, response: { 200: DecisionReply } },
  }, async (request) => tracing.decide(request.ctx, request.params.id, request.params.candidateId, request.body));

  r.get('/cases/:id/contacts.csv', {
    config: { access: 'cases:read' },
    schema: { operationId: 'exportCaseContacts', tags, summary: 'The contacts of a case as CSV (safe to open in a spreadsheet); audited', params: CaseParams },
  }, async (request, reply) => {
    const csv = await tracing.exportContactsCsv(request.ctx, request.params.id);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="contacts-${request.params.id}.csv"`)
      .header('cache-control', 'no-store')
      .send(`\uFEFF${csv}`);
  });

  // FHIR R4 (issue #17): a Bundle of type collection (fhir-bundle.ts says why); the body is FHIR's own JSON, so it is
  // sent as application/fhir+json and not described field by field here (the tests validate it against the R4 schema).
  r.get('/cases/:id/fhir', {
    config: { access: 'cases:read' },
    schema: { operationId: 'exportCaseFhir', tags, summary: 'The case as a FHIR R4 Bundle (Patient, Condition, Observation per test, RelatedPerson per contact), SATUSEHAT-ready; audited', params: CaseParams },
  }, async (request, reply) => {
    const bundle = await tracing.exportFhir(request.ctx, request.params.id);
    return reply
      .header('content-type', 'application/fhir+json; charset=utf-8')
      .header('content-disposition', `attachment; filename="case-${request.params.id}.fhir.json"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(bundle));
  });

  r.get('/contacts', {
    config: { access: 'cases:read' },
    schema: { operationId: 'listContacts', tags, summary: 'Daily follow-up list: contacts in quarantine followed by the caller’s puskesmas, missed reports flagged', response: { 200: ContactList } },
  }, async (request) => (await tracing.followUpList(request.ctx)).map(contactOut));

  r.post('/contacts/:id/test', {
    config: { access: 'cases:manage' },
    schema: { operationId: 'recordContactTest', tags, summary: 'Record a test result; a positive contact becomes a case linked to the source case', params: ContactParams, body: TestBody, response: { 200: TestReply } },
  }, async (request) => tracing.recordTest(request.ctx, request.params.id, request.body));

  r.post('/contacts/:id/discharge', {
    config: { access: 'cases:manage' },
    schema: { operationId: 'dischargeContact', tags, summary: 'Discharge a contact whose quarantine has ended', params: ContactParams, response: { 200: DischargeReply } },
  }, async (request) => tracing.discharge(request.ctx, request.params.id));

  r.get('/clusters', {
    config: { access: 'cases:read' },
    schema: { operationId: 'listClusters', tags, summary: 'Venues and desa with two or more confirmed cases within 14 days; chains of transmission', response: { 200: ClustersReply } },
  }, async (request) => tracing.clusters(request.ctx));

  // The venue's own managers read them too (the notice was e-mailed to them): the access layer decides per venue.
  r.get('/venues/:venueId/case-notices', {
    config: { access: 'authenticated' },
    schema: { operationId: 'listVenueCaseNotices', tags, summary: 'Notices that a confirmed case visited this venue (date and time span only)', params: VenueParams, response: { 200: NoticeList } },
  }, async (request) => (await tracing.venueNotices(request.ctx, request.params.venueId)).map((n) => noticeReply(n, timeZone)));
};

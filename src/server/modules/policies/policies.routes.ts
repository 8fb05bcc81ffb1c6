import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  ActiveCasesBody,
  BulkActiveCasesBody,
  BulkActiveCasesOut,
  AppId,
  ApplicationOut,
  ApproveBody,
  CommentBody,
  EvaluationBody,
  ExtendBody,
  HistoryOut,
  InForceOut,
  InForceQuerySchema,
  LocalDate,
  PkmBody,
  PkmQuery,
  RegionCode,
  RuleSetBody,
  AdoptTemplateBody,
  FirstRunOut,
  RuleSetId,
  RuleSetOut,
  RuleSetQuery,
  SectorOut,
  ThresholdsBody,
  ThresholdsOut,
  ZoneEntry,
} from './policies.schemas.js';
import type { PoliciesService } from './policies.service.js';
import { labelledSectorCatalogue } from '../../shared/reference-labels.js';

const IdParams = Type.Object({ id: RuleSetId });

/** Workflow actions whose body is optional: no body at all reads as {}. */
async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}
const AppParams = Type.Object({ id: AppId });

export const policiesRoutes: FastifyPluginAsync<{ policies: PoliciesService }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { policies } = opts;

  // ---- public ----

  r.get('/sectors', {
    config: { access: 'public' },
    schema: { operationId: 'listSectors', tags: ['rules'], summary: 'The 15 sectors (Pergub Bali 46/2020) and their venue types', response: { 200: Type.Array(SectorOut) } },
  }, async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').send(labelledSectorCatalogue()));

  r.get('/zones', {
    config: { access: 'public' },
    schema: {
      operationId: 'listZones',
      tags: ['zones'],
      summary: 'Zone colour of every desa/kelurahan on a date (default today), with the active cases behind it',
      querystring: Type.Object({ date: Type.Optional(LocalDate) }),
      response: { 200: Type.Array(ZoneEntry) },
    },
  }, (request) => policies.zones(request.query.date));

  r.get('/zones/:regionCode/history', {
    config: { access: 'public' },
    schema: {
      operationId: 'getZoneHistory',
      tags: ['zones'],
      summary: 'Zone history of one desa/kelurahan by day (default: the last 30 days)',
      params: Type.Object({ regionCode: RegionCode }),
      querystring: Type.Object({ from: Type.Optional(LocalDate), to: Type.Optional(LocalDate) }),
      response: { 200: HistoryOut },
    },
  }, (request) => policies.zoneHistory(request.params.regionCode, request.query));

  r.get('/zone-thresholds', {
    config: { access: 'public' },
    schema: { operationId: 'listZoneThresholds', tags: ['zones'], summary: 'Versions of the zone thresholds (smallest active-case count of each colour)', response: { 200: Type.Array(ThresholdsOut) } },
  }, () => policies.thresholdVersions());

  r.get('/rules/in-force', {
    config: { access: 'public' },
    schema: {
      operationId: 'getRulesInForce',
      tags: ['rules'],
      summary: 'Which rules are in force for a venue of a sector in a region at an instant (default now)',
      querystring: InForceQuerySchema,
      response: { 200: InForceOut },
    },
  }, (request) => policies.publicRulesInForce(request.query));

  // ---- zones (task force, administrators) ----

  r.post('/zones/active-cases', {
    config: { access: 'zones:manage' },
    schema: { operationId: 'recordActiveCases', tags: ['zones'], summary: 'Enter the daily active-case count of a desa/kelurahan', body: ActiveCasesBody, response: { 200: Type.Object({ ...ZoneEntry.properties, date: Type.String() }) } },
  }, (request) => policies.recordActiveCases(request.ctx, request.body));

  r.post('/zones/active-cases/bulk', {
    config: { access: 'zones:manage' },
    schema: {
      operationId: 'recordActiveCasesBulk',
      tags: ['zones'],
      summary: 'Check (commit: false) or store (commit: true) the active-case counts of many desa/kelurahan for one date; a row in error stores nothing',
      body: BulkActiveCasesBody,
      response: { 200: BulkActiveCasesOut },
    },
  }, (request) => policies.recordActiveCasesBulk(request.ctx, request.body));

  r.post('/zone-thresholds', {
    config: { access: 'zones:manage' },
    schema: { operationId: 'createZoneThresholds', tags: ['zones'], summary: 'A new version of the zone thresholds, from today or later', body: ThresholdsBody, response: { 201: ThresholdsOut } },
  }, async (request, reply) => reply.status(201).send(await policies.createThresholdsVersion(request.ctx, request.body)));

  // ---- rule sets ----

  r.get('/rule-sets', {
    config: { access: 'rules:read' },
    schema: { operationId: 'listRuleSets', tags: ['rules'], summary: 'Rule sets, newest first', querystring: RuleSetQuery, response: { 200: Type.Array(RuleSetOut) } },
  }, (request) => policies.listRuleSets(request.ctx, { status: request.query.status, kind: request.query.kind, scopeRegionCode: request.query.scope }));

  r.get('/rule-sets/first-run', {
    config: { access: 'rules:manage' },
    schema: { operationId: 'getRuleSetFirstRun', tags: ['rules'], summary: 'First run: whether a city-wide rule set is in force, the city drafts and the templates to adopt', response: { 200: FirstRunOut } },
  }, (request) => policies.ruleSetFirstRun(request.ctx));

  r.post('/rule-sets/from-template', {
    config: { access: 'rules:manage' },
    schema: { operationId: 'adoptRuleSetTemplate', tags: ['rules'], summary: 'Adopt a template as a city-wide draft starting today (published only after review)', body: AdoptTemplateBody, response: { 201: RuleSetOut } },
  }, async (request, reply) => reply.status(201).send(await policies.adoptRuleSetTemplate(request.ctx, request.body.template)));

  r.get('/rule-sets/:id', {
    config: { access: 'rules:read' },
    schema: { operationId: 'getRuleSet', summary: 'A rule set version with its rules', tags: ['rules'], params: IdParams, response: { 200: RuleSetOut } },
  }, (request) => policies.getRuleSet(request.ctx, request.params.id));

  r.post('/rule-sets', {
    config: { access: 'rules:manage' },
    schema: { operationId: 'createRuleSet', tags: ['rules'], summary: 'Create a draft rule set', body: RuleSetBody, response: { 201: RuleSetOut } },
  }, async (request, reply) => reply.status(201).send(await policies.createRuleSet(request.ctx, request.body)));

  r.put('/rule-sets/:id', {
    config: { access: 'rules:manage' },
    schema: { operationId: 'replaceRuleSet', tags: ['rules'], summary: 'Replace a draft (published versions are never edited in place)', params: IdParams, body: RuleSetBody, response: { 200: RuleSetOut } },
  }, (request) => policies.updateRuleSet(request.ctx, request.params.id, request.body));

  r.delete('/rule-sets/:id', {
    config: { access: 'rules:manage' },
    schema: { operationId: 'deleteRuleSet', tags: ['rules'], summary: 'Delete a draft', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await policies.deleteRuleSet(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  r.post('/rule-sets/:id/copy', {
    config: { access: 'rules:manage' },
    schema: { operationId: 'copyRuleSet', tags: ['rules'], summary: 'Copy a version into a new draft version', params: IdParams, response: { 201: RuleSetOut } },
  }, async (request, reply) => reply.status(201).send(await policies.copyRuleSet(request.ctx, request.params.id)));

  r.post('/rule-sets/:id/publish', {
    config: { access: 'rules:manage' },
    schema: { operationId: 'publishRuleSet', tags: ['rules'], summary: 'Publish a draft (refused when it overlaps a published version of its series)', params: IdParams, response: { 200: RuleSetOut } },
  }, (request) => policies.publishRuleSet(request.ctx, request.params.id));

  r.post('/rule-sets/:id/retire', {
    config: { access: 'rules:manage' },
    schema: { operationId: 'retireRuleSet', tags: ['rules'], summary: 'Retire a published version: it is no longer in force at any time', params: IdParams, response: { 200: RuleSetOut } },
  }, (request) => policies.retireRuleSet(request.ctx, request.params.id));

  // ---- village PKM applications ----

  r.get('/pkm-applications', {
    config: { access: 'pkm:read' },
    schema: { operationId: 'listPkmApplications', tags: ['pkm'], summary: 'Village PKM applications in my scope', querystring: PkmQuery, response: { 200: Type.Array(ApplicationOut) } },
  }, (request) => policies.listApplications(request.ctx, { status: request.query.status, regionCode: request.query.region }));

  r.get('/pkm-applications/overdue-evaluations', {
    config: { access: 'pkm:read' },
    schema: { operationId: 'listOverduePkmEvaluations', tags: ['pkm'], summary: 'Active PKM whose weekly evaluation is overdue', response: { 200: Type.Array(ApplicationOut) } },
  }, (request) => policies.overdueEvaluations(request.ctx));

  r.get('/pkm-applications/:id', {
    config: { access: 'pkm:read' },
    schema: { operationId: 'getPkmApplication', summary: 'A village PKM application with its transitions and the actions allowed to me', tags: ['pkm'], params: AppParams, response: { 200: ApplicationOut } },
  }, (request) => policies.getApplication(request.ctx, request.params.id));

  r.post('/pkm-applications', {
    config: { access: 'pkm:submit' },
    schema: { operationId: 'createPkmApplication', tags: ['pkm'], summary: 'Draft a village PKM application', body: PkmBody, response: { 201: ApplicationOut } },
  }, async (request, reply) => reply.status(201).send(await policies.createApplication(request.ctx, request.body)));

  r.put('/pkm-applications/:id', {
    config: { access: 'pkm:submit' },
    schema: { operationId: 'updatePkmApplication', tags: ['pkm'], summary: 'Edit a draft or returned application', params: AppParams, body: PkmBody, response: { 200: ApplicationOut } },
  }, (request) => policies.updateApplication(request.ctx, request.params.id, request.body));

  r.post('/pkm-applications/:id/submit', {
    config: { access: 'pkm:submit' },
    schema: { operationId: 'submitPkmApplication', summary: 'Submit a draft or returned application for review', tags: ['pkm'], params: AppParams, response: { 200: ApplicationOut } },
  }, (request) => policies.submitApplication(request.ctx, request.params.id));

  r.post('/pkm-applications/:id/review', {
    config: { access: 'pkm:review' },
    preValidation: emptyBodyAsObject,
    schema: { operationId: 'startPkmReview', tags: ['pkm'], summary: 'Task force starts the review', params: AppParams, body: CommentBody, response: { 200: ApplicationOut } },
  }, (request) => policies.startReview(request.ctx, request.params.id, request.body.comment ?? null));

  r.post('/pkm-applications/:id/recommend', {
    config: { access: 'pkm:review' },
    preValidation: emptyBodyAsObject,
    schema: { operationId: 'recommendPkmApplication', tags: ['pkm'], summary: 'Task force recommends approval to the mayor', params: AppParams, body: CommentBody, response: { 200: ApplicationOut } },
  }, (request) => policies.recommend(request.ctx, request.params.id, request.body.comment ?? null));

  r.post('/pkm-applications/:id/return', {
    config: { access: 'pkm:review' },
    schema: { operationId: 'returnPkmApplication', tags: ['pkm'], summary: 'Return for revision (comment required)', params: AppParams, body: CommentBody, response: { 200: ApplicationOut } },
  }, (request) => policies.returnForRevision(request.ctx, request.params.id, request.body.comment ?? null));

  r.post('/pkm-applications/:id/reject', {
    config: { access: 'authenticated' },
    schema: { operationId: 'rejectPkmApplication', tags: ['pkm'], summary: 'Reject: the task force while reviewing, the approver once recommended (comment required)', params: AppParams, body: CommentBody, response: { 200: ApplicationOut } },
  }, (request) => policies.reject(request.ctx, request.params.id, request.body.comment ?? null));

  r.post('/pkm-applications/:id/approve', {
    config: { access: 'pkm:approve' },
    preValidation: emptyBodyAsObject,
    schema: { operationId: 'approvePkmApplication', tags: ['pkm'], summary: 'Approve: issues the approval letter and the village rule overlay', params: AppParams, body: ApproveBody, response: { 200: ApplicationOut } },
  }, (request) => policies.approve(request.ctx, request.params.id, request.body));

  r.post('/pkm-applications/:id/extend', {
    config: { access: 'pkm:approve' },
    schema: { operationId: 'extendPkm', summary: 'Extend an approved or active PKM by a number of days', tags: ['pkm'], params: AppParams, body: ExtendBody, response: { 200: ApplicationOut } },
  }, (request) => policies.extend(request.ctx, request.params.id, request.body));

  r.post('/pkm-applications/:id/end', {
    config: { access: 'authenticated' },
    schema: { operationId: 'endPkm', tags: ['pkm'], summary: 'End an approved or active PKM now (comment required)', params: AppParams, body: CommentBody, response: { 200: ApplicationOut } },
  }, (request) => policies.end(request.ctx, request.params.id, request.body.comment ?? null));

  r.post('/pkm-applications/:id/evaluations', {
    config: { access: 'pkm:review' },
    schema: { operationId: 'recordPkmEvaluation', tags: ['pkm'], summary: 'Record the weekly evaluation of an active PKM', params: AppParams, body: EvaluationBody, response: { 200: ApplicationOut } },
  }, (request) => policies.evaluate(request.ctx, request.params.id, request.body));

  r.get('/pkm-applications/:id/letter.pdf', {
    config: { access: 'pkm:read' },
    schema: { operationId: 'getPkmApprovalLetter', tags: ['pkm'], summary: 'The approval letter as PDF', params: AppParams },
  }, async (request, reply) => {
    const { filename, pdf } = await policies.approvalLetterPdf(request.ctx, request.params.id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(pdf);
  });
};

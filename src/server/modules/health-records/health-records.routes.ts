import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ImportBody, ImportPreview, ImportResult, TestResultBody, TestResultRecord, VaccinationBody, VaccinationRecord } from './health-records.schemas.js';
import type { HealthRecordsService } from './health-records.service.js';

export const healthRecordsRoutes: FastifyPluginAsync<{ healthRecords: HealthRecordsService }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { healthRecords } = opts;
  const tags = ['health-records'];

  r.post('/vaccinations', {
    config: { access: 'health:record' },
    schema: { operationId: 'recordVaccination', tags, summary: 'A health worker records a vaccination dose of a resident (by phone or NIK) in their puskesmas’s region', body: VaccinationBody, response: { 201: VaccinationRecord } },
  }, async (request, reply) => reply.status(201).send(await healthRecords.recordVaccination(request.ctx, request.body)));

  r.post('/test-results', {
    config: { access: 'health:record' },
    schema: { operationId: 'recordTestResult', tags, summary: 'A health worker records an antigen or PCR test result of a resident (by phone or NIK)', body: TestResultBody, response: { 201: TestResultRecord } },
  }, async (request, reply) => reply.status(201).send(await healthRecords.recordTestResult(request.ctx, request.body)));

  r.post('/health-records/import/preview', {
    config: { access: 'health:record' },
    schema: { operationId: 'previewHealthRecordsImport', tags, summary: 'Checks a CSV file of vaccinations or test results row by row; stores nothing', body: ImportBody, response: { 200: ImportPreview } },
  }, (request) => healthRecords.previewImport(request.ctx, request.body));

  r.post('/health-records/import', {
    config: { access: 'health:record' },
    schema: { operationId: 'importHealthRecords', tags, summary: 'Stores the new rows of a checked CSV file (all or none; a row stored before is skipped)', body: ImportBody, response: { 200: ImportResult } },
  }, (request) => healthRecords.commitImport(request.ctx, request.body));
};

import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Facility, FacilityBody, FacilityQuery, IdParams, Referral, ReferralQuery } from './screening.schemas.js';
import type { ScreeningService } from './screening.service.js';

/** The staff API of self-screening: health facilities (administrators keep them) and residents' referrals. */
export const screeningRoutes: FastifyPluginAsync<{ screening: ScreeningService }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { screening } = opts;
  const tags = ['screening'];

  r.get('/health-facilities', {
    config: { access: 'facilities:read' },
    schema: { operationId: 'listHealthFacilities', tags, summary: 'Health facilities (puskesmas, hospitals, clinics) with opening hours and phone; optionally of one region', querystring: FacilityQuery, response: { 200: Type.Array(Facility) } },
  }, (request) => screening.listFacilities(request.ctx, request.query));

  r.post('/health-facilities', {
    config: { access: 'facilities:manage' },
    schema: { operationId: 'createHealthFacility', tags, summary: 'Add a health facility in the caller’s region (administrator)', body: FacilityBody, response: { 201: Facility } },
  }, async (request, reply) => reply.status(201).send(await screening.createFacility(request.ctx, request.body)));

  r.put('/health-facilities/:id', {
    config: { access: 'facilities:manage' },
    schema: { operationId: 'updateHealthFacility', tags, summary: 'Replace a health facility’s details and hours (administrator of its region)', params: IdParams, body: FacilityBody, response: { 200: Facility } },
  }, (request) => screening.updateFacility(request.ctx, request.params.id, request.body));

  r.delete('/health-facilities/:id', {
    config: { access: 'facilities:manage' },
    schema: { operationId: 'deleteHealthFacility', tags, summary: 'Remove a health facility (administrator of its region)', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await screening.deleteFacility(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  r.get('/screening-referrals', {
    config: { access: 'screening:referrals' },
    schema: { operationId: 'listScreeningReferrals', tags, summary: 'Self-screening answers residents sent to the puskesmas of a kecamatan in my scope, newest first (audited)', querystring: ReferralQuery, response: { 200: Type.Array(Referral) } },
  }, (request) => screening.listReferrals(request.ctx, request.query));

  r.post('/screening-referrals/:id/handled', {
    config: { access: 'screening:referrals' },
    schema: { operationId: 'markScreeningReferralHandled', tags, summary: 'Mark a referral handled (the puskesmas contacted the resident)', params: IdParams, response: { 200: Referral } },
  }, (request) => screening.markHandled(request.ctx, request.params.id));
};

import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { REGION_CODE_PATTERN } from './region-codes.js';
import type { RegionsService } from './regions.service.js';
import { GEO_LEVELS, REGION_TYPES, type GeoLevel } from './regions.types.js';

const RegionCode = Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN });
const RegionSummary = Type.Object({ code: Type.String(), name: Type.String(), type: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]) });
const RegionRef = Type.Object({ code: Type.String(), name: Type.String(), type: Type.String() });
const RegionDetail = Type.Object({
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  population: Type.Union([Type.Number(), Type.Null()]),
  centroid: Type.Union([Type.Object({ lat: Type.Number(), lon: Type.Number() }), Type.Null()]),
  ancestors: Type.Array(RegionRef),
  overlaps: Type.Array(RegionRef),
});

export const regionsRoutes: FastifyPluginAsync<{ regions: RegionsService }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { regions } = opts;

  r.get('/regions', {
    config: { access: 'public' },
    schema: {
      operationId: 'listRegions',
      tags: ['regions'],
      summary: 'Regions, optionally the direct children of one region and/or of one type',
      querystring: Type.Object({ parent: Type.Optional(RegionCode), type: Type.Optional(Type.Enum([...REGION_TYPES])) }),
      response: { 200: Type.Array(RegionSummary) },
    },
  }, async (request) => {
    if (request.query.parent !== undefined) await regions.requireRegion(request.query.parent);
    return regions.list({ parentCode: request.query.parent, type: request.query.type });
  });

  r.get('/regions/geojson', {
    config: { access: 'public' },
    schema: {
      operationId: 'getRegionBoundaries',
      tags: ['regions'],
      summary: 'Boundaries of one level as a GeoJSON FeatureCollection',
      querystring: Type.Object({ level: Type.Enum(Object.keys(GEO_LEVELS) as GeoLevel[]) }),
    },
  }, async (request, reply) => {
    const body = await regions.geojson(request.query.level);
    return reply.header('content-type', 'application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  });

  r.get('/regions/:code', {
    config: { access: 'public' },
    schema: { operationId: 'getRegion', summary: 'A region with its population, centroid, ancestors and overlapping regions', tags: ['regions'], params: Type.Object({ code: RegionCode }), response: { 200: RegionDetail } },
  }, (request) => regions.get(request.params.code));

  r.post('/regions', {
    config: { access: 'regions:manage' },
    schema: {
      operationId: 'addRegion',
      tags: ['regions'],
      summary: 'Add a banjar/lingkungan under a desa or kelurahan (or a banjar adat under a desa adat)',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 120 }),
        type: Type.Enum(['banjar', 'banjar_adat']),
        parentCode: RegionCode,
        code: Type.Optional(RegionCode),
      }),
      response: { 201: Type.Object({ code: Type.String() }) },
    },
  }, async (request, reply) => {
    const { type: _type, ...input } = request.body;
    return reply.status(201).send(await regions.addSubdivision(request.ctx, input));
  });
};

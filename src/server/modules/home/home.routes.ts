import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { WorkReply } from './home.schemas.js';
import type { HomeService } from './home.service.js';

export const homeRoutes: FastifyPluginAsync<{ home: HomeService }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/me/work', {
    config: { access: 'authenticated' },
    schema: {
      operationId: 'getMyWork',
      tags: ['home'],
      summary: "The work waiting for the caller (home page): each kind their roles can have, counted in their role's region scope",
      response: { 200: WorkReply },
    },
  }, (request) => opts.home.work(request.ctx));
};

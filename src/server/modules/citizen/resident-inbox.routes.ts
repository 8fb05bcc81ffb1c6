import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ID_PATTERN } from '../../shared/ids.js';
import type { ResidentInboxService } from './resident-inbox.service.js';
import type { Resident } from './sign-in.service.js';

const ResidentMessage = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  createdAt: Type.String(),
  read: Type.Boolean(),
});
const ResidentInbox = Type.Object({ unread: Type.Integer(), items: Type.Array(ResidentMessage) });
const MarkReadBody = Type.Object({ ids: Type.Array(Type.String({ pattern: ID_PATTERN }), { minItems: 1, maxItems: 100 }) });

/** The resident's inbox routes (issue #16), registered by citizen.routes.ts under the resident cookie. */
export function residentInboxRoutes(app: FastifyInstance, inbox: ResidentInboxService, residentOf: (request: FastifyRequest) => Resident): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['citizen'];
  r.get('/citizen/me/notifications', {
    config: { access: 'resident' },
    schema: { operationId: 'listResidentMessages', tags, summary: 'My inbox: exposure notices and follow-up links sent to my number, newest first, with read and unread', response: { 200: ResidentInbox } },
  }, (request) => inbox.list(residentOf(request)));

  r.post('/citizen/me/notifications/read', {
    config: { access: 'resident' },
    schema: { operationId: 'markResidentMessagesRead', tags, summary: 'Mark messages of my inbox read (ids of other numbers are ignored)', body: MarkReadBody, response: { 200: Type.Object({ marked: Type.Integer() }) } },
  }, (request) => inbox.markRead(request.ctx, residentOf(request), request.body.ids));
}

import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { SESSION_COOKIE, SESSION_IDLE_MS, type AccountsService } from './accounts.service.js';
import {
  AssignmentInput,
  AssignmentParams,
  ChangePasswordBody,
  CreatedId,
  CreateUserBody,
  LoginBody,
  LoginReply,
  Me,
  PageQuery,
  UpdateUserBody,
  UserIdParams,
  UserItem,
  UserPage,
} from './accounts.schemas.js';

export const accountsRoutes: FastifyPluginAsync<{ accounts: AccountsService; secureCookies: boolean }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts } = opts;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: opts.secureCookies };

  r.post('/auth/login', {
    config: { access: 'public' },
    schema: { operationId: 'logIn', tags: ['auth'], summary: 'Log in with username and password', body: LoginBody, response: { 200: LoginReply } },
  }, async (request, reply) => {
    const { token, me } = await accounts.login(request.ctx, request.body.username, request.body.password, request.headers['user-agent'] ?? null);
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_IDLE_MS / 1000 });
    return { user: me };
  });

  r.post('/auth/logout', {
    config: { access: 'public' },
    schema: { operationId: 'logOut', tags: ['auth'], summary: 'End the session', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await accounts.authenticate(token);
      await accounts.logout({ ...request.ctx, principal: session?.principal ?? null }, token);
    }
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.status(204).send(null);
  });

  r.get('/me', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getMe', tags: ['auth'], summary: 'The logged-in user, roles and region scopes', response: { 200: Me } },
  }, (request) => accounts.me(request.ctx));

  r.post('/me/password', {
    config: { access: 'authenticated' },
    schema: { operationId: 'changeMyPassword', tags: ['auth'], summary: 'Change my password', body: ChangePasswordBody, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await accounts.changePassword(request.ctx, request.body.currentPassword, request.body.newPassword, request.sessionTokenHash);
    return reply.status(204).send(null);
  });

  r.get('/users', {
    config: { access: 'users:manage' },
    schema: { operationId: 'listUsers', tags: ['users'], summary: 'Staff accounts in my scope', querystring: PageQuery, response: { 200: UserPage } },
  }, (request) => accounts.listUsers(request.ctx, request.query));

  r.post('/users', {
    config: { access: 'users:manage' },
    schema: { operationId: 'createUser', tags: ['users'], summary: 'Create a staff account', body: CreateUserBody, response: { 201: CreatedId } },
  }, async (request, reply) => reply.status(201).send(await accounts.createUser(request.ctx, request.body)));

  r.get('/users/:id', {
    config: { access: 'users:manage' },
    schema: { operationId: 'getUser', summary: 'A staff account with its role assignments', tags: ['users'], params: UserIdParams, response: { 200: UserItem } },
  }, (request) => accounts.getUser(request.ctx, request.params.id));

  r.patch('/users/:id', {
    config: { access: 'users:manage' },
    schema: { operationId: 'updateUser', tags: ['users'], summary: 'Rename, disable/enable or reset the password', params: UserIdParams, body: UpdateUserBody, response: { 200: UserItem } },
  }, (request) => accounts.updateUser(request.ctx, request.params.id, request.body));

  r.post('/users/:id/assignments', {
    config: { access: 'users:manage' },
    schema: { operationId: 'addAssignment', tags: ['users'], summary: 'Grant a role in a region', params: UserIdParams, body: AssignmentInput, response: { 201: CreatedId } },
  }, async (request, reply) => reply.status(201).send(await accounts.addAssignment(request.ctx, request.params.id, request.body)));

  r.delete('/users/:id/assignments/:assignmentId', {
    config: { access: 'users:manage' },
    schema: { operationId: 'removeAssignment', summary: 'Withdraw a role assignment', tags: ['users'], params: AssignmentParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await accounts.removeAssignment(request.ctx, request.params.id, request.params.assignmentId);
    return reply.status(204).send(null);
  });
};

import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_MAX_AGE_S,
  LOGIN_ADDRESS_WINDOW_MS,
  LOGINS_PER_ADDRESS,
  SESSION_COOKIE,
  WRONG_CURRENT_PASSWORD_WINDOW_MS,
  WRONG_CURRENT_PASSWORDS,
  SESSION_IDLE_MS,
  type AccountsService,
} from './accounts.service.js';
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

  // Wrong current passwords per account (whatever the address) and window: a stolen session cannot guess the
  // password at speed. Only wrong guesses count, so a user trying new passwords the policy refuses is not held.
  const wrongCurrentPasswords = app.createRateLimit({
    max: WRONG_CURRENT_PASSWORDS,
    timeWindow: WRONG_CURRENT_PASSWORD_WINDOW_MS,
    keyGenerator: (request) => `password-change:${request.ctx.principal?.userId ?? request.ip}`,
  });

  r.post('/auth/login', {
    // Per client address (login-throttle.ts, layer 1); the account's own back-off is the service's.
    config: { access: 'public', rateLimit: { max: LOGINS_PER_ADDRESS, timeWindow: LOGIN_ADDRESS_WINDOW_MS } },
    schema: { operationId: 'logIn', tags: ['auth'], summary: 'Log in with username and password', body: LoginBody, response: { 200: LoginReply } },
  }, async (request, reply) => {
    const { token, me, deviceToken } = await accounts.login(
      request.ctx,
      request.body.username,
      request.body.password,
      request.headers['user-agent'] ?? null,
      request.cookies[DEVICE_COOKIE],
    );
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_IDLE_MS / 1000 });
    // This browser is now known to the account: its next sign-ins pass a stranger's lock (login-throttle.ts).
    reply.setCookie(DEVICE_COOKIE, deviceToken, { ...cookieOptions, maxAge: DEVICE_COOKIE_MAX_AGE_S });
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
    // Per address as well, a coarse bound on any use of the route.
    config: { access: 'authenticated', rateLimit: { max: 30, timeWindow: WRONG_CURRENT_PASSWORD_WINDOW_MS } },
    schema: { operationId: 'changeMyPassword', tags: ['auth'], summary: 'Change my password', body: ChangePasswordBody, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await accounts.changePassword(request.ctx, request.body.currentPassword, request.body.newPassword, request.sessionTokenHash, {
      async heldForSeconds() {
        const seen = await wrongCurrentPasswords(request, { increment: false });
        if (seen.isAllowed || seen.remaining > 0) return null;
        const seconds = Math.max(1, seen.ttlInSeconds);
        reply.header('retry-after', String(seconds));
        return seconds;
      },
      async countWrong() {
        await wrongCurrentPasswords(request);
      },
    });
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

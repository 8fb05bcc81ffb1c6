import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_MAX_AGE_S,
  LOGIN_ADDRESS_WINDOW_MS,
  LOGIN_CHALLENGE_MS,
  LOGINS_PER_ADDRESS,
  SESSION_COOKIE,
  WRONG_CURRENT_PASSWORD_WINDOW_MS,
  WRONG_CURRENT_PASSWORDS,
  SESSION_IDLE_MS,
  type AccountsService,
} from './accounts.service.js';
import type { CurrentPasswordGuesses, SessionOpened } from './sessions.service.js';
import {
  AssignmentInput,
  AssignmentParams,
  ChangePasswordBody,
  CodeBody,
  CreatedId,
  DisableTwoFactorBody,
  CreateUserBody,
  LoginBody,
  LoginReply,
  Me,
  UserListQuery,
  RecoveryCodes,
  SecondFactorBody,
  SignedInReply,
  TwoFactorEnrolment,
  TwoFactorPolicy,
  TwoFactorPolicyBody,
  TwoFactorStatus,
  UpdateUserBody,
  UserIdParams,
  UserItem,
  UserPage,
  LanguageBody,
} from './accounts.schemas.js';

export const accountsRoutes: FastifyPluginAsync<{ accounts: AccountsService; secureCookies: boolean }> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts } = opts;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: opts.secureCookies };

  // Wrong current passwords (and codes, when changing two-factor sign-in) per account (whatever the address) and
  // window: a stolen session cannot guess the password at speed. Only wrong guesses count, so a user trying new passwords the policy refuses is not held.
  const wrongCurrentPasswords = app.createRateLimit({
    max: WRONG_CURRENT_PASSWORDS,
    timeWindow: WRONG_CURRENT_PASSWORD_WINDOW_MS,
    keyGenerator: (request) => `password-change:${request.ctx.principal?.userId ?? request.ip}`,
  });

  function startSession(reply: FastifyReply, session: SessionOpened) {
    reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_IDLE_MS / 1000 });
    // This browser is now known to the account: its next sign-ins pass a stranger's lock (login-throttle.ts).
    reply.setCookie(DEVICE_COOKIE, session.deviceToken, { ...cookieOptions, maxAge: DEVICE_COOKIE_MAX_AGE_S });
    return { user: session.me };
  }

  /** Wrong current passwords and codes of the caller's account, counted by `wrongCurrentPasswords`. */
  function guessesOf(request: FastifyRequest, reply: FastifyReply): CurrentPasswordGuesses {
    return {
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
    };
  }

  r.post('/auth/login', {
    // Per client address (login-throttle.ts, layer 1); the account's own back-off is the service's.
    config: { access: 'public', rateLimit: { max: LOGINS_PER_ADDRESS, timeWindow: LOGIN_ADDRESS_WINDOW_MS } },
    schema: {
      operationId: 'logIn',
      tags: ['auth'],
      summary: 'Log in with username and password (answers `secondFactor` when the account has two-factor sign-in)',
      body: LoginBody,
      response: { 200: LoginReply },
    },
  }, async (request, reply) => {
    const outcome = await accounts.login(
      request.ctx,
      request.body.username,
      request.body.password,
      request.headers['user-agent'] ?? null,
      request.cookies[DEVICE_COOKIE],
    );
    if (outcome.kind === 'second-factor') {
      const expiresInSeconds = Math.round(LOGIN_CHALLENGE_MS / 1000);
      return { secondFactor: { challenge: outcome.challenge, expiresInSeconds, methods: ['totp' as const, 'recovery_code' as const] } };
    }
    return startSession(reply, outcome);
  });

  r.post('/auth/login/second-factor', {
    // The same per-address limit as the password step; the account's back-off counts each code too.
    config: { access: 'public', rateLimit: { max: LOGINS_PER_ADDRESS, timeWindow: LOGIN_ADDRESS_WINDOW_MS } },
    schema: {
      operationId: 'logInSecondFactor',
      tags: ['auth'],
      summary: 'Finish a sign-in with the code of the authenticator app or a recovery code',
      body: SecondFactorBody,
      response: { 200: SignedInReply },
    },
  }, async (request, reply) => {
    const session = await accounts.loginSecondFactor(request.ctx, request.body.challenge, request.body.code, request.headers['user-agent'] ?? null);
    return startSession(reply, session);
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

  // The web app's probe on load: 200 either way, so an anonymous visitor's console holds no 401 (issue #17).
  r.get('/session', {
    config: { access: 'authenticated', twoFactorEnrolment: true, sessionProbe: true },
    schema: { operationId: 'getSession', tags: ['auth'], summary: 'Who is signed in: `{signedIn: false}` without a valid session (200, never 401), else the same account as GET /me', response: { 200: Type.Object({ signedIn: Type.Boolean(), me: Type.Optional(Me) }) } },
  }, async (request) => (request.ctx.principal ? { signedIn: true, me: await accounts.me(request.ctx) } : { signedIn: false }));

  r.get('/me', {
    config: { access: 'authenticated', twoFactorEnrolment: true },
    schema: { operationId: 'getMe', tags: ['auth'], summary: 'The logged-in user, roles and region scopes', response: { 200: Me } },
  }, (request) => accounts.me(request.ctx));

  r.put('/me/language', {
    config: { access: 'authenticated', twoFactorEnrolment: true },
    schema: { operationId: 'setMyLanguage', tags: ['auth'], summary: 'The language my notifications are written in (in-app and e-mail)', body: LanguageBody, response: { 200: LanguageBody } },
  }, (request) => accounts.setMyLanguage(request.ctx, request.body.language));

  r.post('/me/password', {
    // Per address as well, a coarse bound on any use of the route.
    config: { access: 'authenticated', rateLimit: { max: 30, timeWindow: WRONG_CURRENT_PASSWORD_WINDOW_MS } },
    schema: { operationId: 'changeMyPassword', tags: ['auth'], summary: 'Change my password', body: ChangePasswordBody, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await accounts.changePassword(request.ctx, request.body.currentPassword, request.body.newPassword, request.sessionTokenHash, guessesOf(request, reply));
    return reply.status(204).send(null);
  });

  // Two-factor sign-in of one's own account. The routes marked `twoFactorEnrolment` are the ones a session restricted
  // to setting it up may call (plugins/auth.ts).
  r.get('/me/two-factor', {
    config: { access: 'authenticated', twoFactorEnrolment: true },
    schema: { operationId: 'getMyTwoFactor', tags: ['auth'], summary: 'Whether my two-factor sign-in is on, and whether it is mandatory for me', response: { 200: TwoFactorStatus } },
  }, (request) => accounts.twoFactor(request.ctx));

  r.post('/me/two-factor/enrolment', {
    config: { access: 'authenticated', twoFactorEnrolment: true, rateLimit: { max: 30, timeWindow: WRONG_CURRENT_PASSWORD_WINDOW_MS } },
    schema: { operationId: 'startTwoFactorEnrolment', tags: ['auth'], summary: 'Set up two-factor sign-in: a new key, as a QR code and for typing in', response: { 200: TwoFactorEnrolment } },
  }, (request) => accounts.startTwoFactorEnrolment(request.ctx));

  r.post('/me/two-factor/enrolment/confirm', {
    config: { access: 'authenticated', twoFactorEnrolment: true, rateLimit: { max: 30, timeWindow: WRONG_CURRENT_PASSWORD_WINDOW_MS } },
    schema: { operationId: 'confirmTwoFactorEnrolment', tags: ['auth'], summary: 'Turn two-factor sign-in on with a first code; answers the recovery codes, once', body: CodeBody, response: { 200: RecoveryCodes } },
  }, (request) => accounts.confirmTwoFactorEnrolment(request.ctx, request.body.code));

  r.post('/me/two-factor/recovery-codes', {
    config: { access: 'authenticated', rateLimit: { max: 30, timeWindow: WRONG_CURRENT_PASSWORD_WINDOW_MS } },
    schema: { operationId: 'regenerateRecoveryCodes', tags: ['auth'], summary: 'New recovery codes (the old ones stop working), with a current code', body: CodeBody, response: { 200: RecoveryCodes } },
  }, (request, reply) => accounts.regenerateRecoveryCodes(request.ctx, request.body.code, guessesOf(request, reply)));

  r.post('/me/two-factor/disable', {
    config: { access: 'authenticated', rateLimit: { max: 30, timeWindow: WRONG_CURRENT_PASSWORD_WINDOW_MS } },
    schema: { operationId: 'disableTwoFactor', tags: ['auth'], summary: 'Turn two-factor sign-in off, with my password and a code', body: DisableTwoFactorBody, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await accounts.disableTwoFactor(request.ctx, request.body.password, request.body.code, guessesOf(request, reply));
    return reply.status(204).send(null);
  });

  r.get('/two-factor/policy', {
    config: { access: 'users:manage' },
    schema: { operationId: 'getTwoFactorPolicy', tags: ['users'], summary: 'Per role, whether two-factor sign-in is mandatory', response: { 200: TwoFactorPolicy } },
  }, (request) => accounts.twoFactorPolicy(request.ctx));

  r.put('/two-factor/policy', {
    config: { access: 'users:manage' },
    schema: { operationId: 'setTwoFactorPolicy', tags: ['users'], summary: 'Set the roles for which two-factor sign-in is mandatory (city administrators)', body: TwoFactorPolicyBody, response: { 200: TwoFactorPolicy } },
  }, (request) => accounts.setTwoFactorPolicy(request.ctx, request.body.requiredRoles));

  r.post('/users/:id/two-factor/reset', {
    config: { access: 'users:manage' },
    schema: { operationId: 'resetUserTwoFactor', tags: ['users'], summary: "Remove a user's authenticator and recovery codes (a lost phone)", params: UserIdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await accounts.resetTwoFactor(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  r.get('/users', {
    config: { access: 'users:manage' },
    schema: { operationId: 'listUsers', tags: ['users'], summary: 'Staff accounts in my scope', querystring: UserListQuery, response: { 200: UserPage } },
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

import Type from 'typebox';
import { ID_PATTERN } from '../../shared/ids.js';
import { REGION_CODE_PATTERN } from '../regions/index.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';
import { ROLES } from './permissions.js';
import { SECRET } from '../../shared/text-fields.js';

const Username = Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-zA-Z0-9._-]+$' });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH, ...SECRET });
const RegionCode = Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN });
const Id = Type.String({ pattern: ID_PATTERN });

export const AssignmentInput = Type.Object({ role: Type.Enum([...ROLES]), regionCode: RegionCode });

export const Assignment = Type.Object({ id: Type.String(), role: Type.String(), regionCode: Type.String(), regionName: Type.String() }, { title: 'Assignment' });

export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  assignments: Type.Array(Assignment),
  permissions: Type.Array(Type.String()),
  twoFactor: Type.Object({
    status: Type.Union([Type.Literal('off'), Type.Literal('pending'), Type.Literal('active')]),
    /** Mandatory for a role held: until it is active, the session may only set it up. */
    required: Type.Boolean(),
  }),
}, { title: 'Me' });

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Password });
/** Signed in (`user`, with the session cookie), or the password was right and the second step is due (`secondFactor`). */
export const LoginReply = Type.Union([
  Type.Object({ user: Me }),
  Type.Object({
    secondFactor: Type.Object({
      /** Single purpose, short-lived: only POST /auth/login/second-factor takes it; it is not a session. */
      challenge: Type.String(),
      expiresInSeconds: Type.Integer(),
      methods: Type.Array(Type.Union([Type.Literal('totp'), Type.Literal('recovery_code')])),
    }),
  }),
], { title: 'LoginReply' });
/** A 6-digit code of the authenticator app, or a recovery code (`xxxxx-xxxxx`). */
const SecondFactorCode = Type.String({ minLength: 6, maxLength: 24, pattern: '^[0-9A-Za-z -]+$' });
export const SecondFactorBody = Type.Object({ challenge: Type.String({ minLength: 1, maxLength: 100 }), code: SecondFactorCode });
export const SignedInReply = Type.Object({ user: Me });
export const TwoFactorStatus = Type.Object({
  status: Type.Union([Type.Literal('off'), Type.Literal('pending'), Type.Literal('active')]),
  required: Type.Boolean(),
  enrolmentRequired: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
}, { title: 'TwoFactorStatus' });
export const TwoFactorEnrolment = Type.Object({
  /** The base32 key, for typing into an app that cannot scan. */
  secret: Type.String(),
  /** otpauth://totp/… (SHA-1, 6 digits, 30 s). */
  uri: Type.String(),
  /** The URI as a QR code: an SVG image as a data: URL. */
  qrCode: Type.String(),
}, { title: 'TwoFactorEnrolment' });
export const CodeBody = Type.Object({ code: SecondFactorCode });
export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) }, { title: 'RecoveryCodes' });
export const DisableTwoFactorBody = Type.Object({ password: Password, code: SecondFactorCode });
export const TwoFactorPolicy = Type.Object({
  roles: Type.Array(Type.Object({ role: Type.String(), required: Type.Boolean(), recommended: Type.Boolean() })),
}, { title: 'TwoFactorPolicy' });
export const TwoFactorPolicyBody = Type.Object({ requiredRoles: Type.Array(Type.Enum([...ROLES]), { maxItems: 20 }) });
export const ChangePasswordBody = Type.Object({ currentPassword: Password, newPassword: Password });

export const UserItem = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  assignments: Type.Array(Assignment),
  twoFactor: Type.Union([Type.Literal('off'), Type.Literal('pending'), Type.Literal('active')]),
}, { title: 'User' });

export const CreateUserBody = Type.Object({
  username: Username,
  password: Password,
  displayName: Type.String({ minLength: 1, maxLength: 120 }),
  assignments: Type.Array(AssignmentInput, { maxItems: 20 }),
});

export const UpdateUserBody = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  disabled: Type.Optional(Type.Boolean()),
  password: Type.Optional(Password),
});

export const UserIdParams = Type.Object({ id: Id });
export const AssignmentParams = Type.Object({ id: Id, assignmentId: Id });
export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});
/** The user list: a page, narrowed by a search text (name or username), a role and a region (issue #18). */
export const UserListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  q: Type.Optional(Type.String({ maxLength: 120, description: 'Part of the display name or the username, case-insensitive; % and _ match literally' })),
  role: Type.Optional(Type.Enum([...ROLES])),
  region: Type.Optional(RegionCode),
});
export const UserPage = Type.Object({ items: Type.Array(UserItem), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const CreatedId = Type.Object({ id: Type.String() });

export const LanguageBody = Type.Object({ language: Type.Enum(['id', 'en']) });

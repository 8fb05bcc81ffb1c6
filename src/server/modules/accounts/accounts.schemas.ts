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
}, { title: 'Me' });

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Password });
export const LoginReply = Type.Object({ user: Me });
export const ChangePasswordBody = Type.Object({ currentPassword: Password, newPassword: Password });

export const UserItem = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  assignments: Type.Array(Assignment),
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
export const UserPage = Type.Object({ items: Type.Array(UserItem), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const CreatedId = Type.Object({ id: Type.String() });

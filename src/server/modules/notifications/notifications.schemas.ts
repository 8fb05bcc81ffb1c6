import Type from 'typebox';
import { ID_PATTERN } from '../../shared/ids.js';

const Id = Type.String({ pattern: ID_PATTERN });
const Secret = Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const NotificationsQuery = Type.Object({
  status: Type.Optional(Type.Enum(['queued', 'sent', 'failed'])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const NotificationsReply = Type.Object({
  counts: Type.Object({ queued: Type.Integer(), sent: Type.Integer(), failed: Type.Integer() }),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      channel: Type.String(),
      /** Masked: 0812-****-7890, k***@example.org. */
      recipient: Type.String(),
      lang: Type.String(),
      status: Type.String(),
      attempts: Type.Integer(),
      lastError: NullableString,
      createdAt: Type.String(),
      nextAttemptAt: NullableString,
      sentAt: NullableString,
    }),
  ),
});

export const NotificationParams = Type.Object({ id: Id });

export const InboxBody = Type.Object({
  /** Visits this device holds, each proved by the check-out secret it received at check-in. */
  visits: Type.Array(Type.Object({ visitId: Id, checkoutSecret: Secret }), { minItems: 1, maxItems: 50 }),
});

export const InboxReply = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      subject: NullableString,
      body: Type.String(),
      lang: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});

/** An account's own notifications (GET /me/notifications), in the account's language. */
export const MyNotificationsReply = Type.Array(
  Type.Object({
    id: Type.String(),
    /** venue_verified | venue_rejected | venue_suspended | venue_reactivated | venue_sanction_suspended | venue_sanction_closed | venue_rules_changed | venue_case_notice | pkm_returned | pkm_awaiting_review | pkm_awaiting_approval */
    kind: Type.String(),
    text: Type.String(),
    createdAt: Type.String(),
    readAt: NullableString,
  }),
);

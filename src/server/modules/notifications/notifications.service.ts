import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit, recordListRead } from '../audit/index.js';
import { createAccountMessages } from './account-messages.service.js';
import { createNotificationsAccess } from './notifications.access.js';
import type { Language } from '../../shared/language.js';
import { maskRecipient } from './notifications.channels.js';
import { enqueueNotification, notificationDataKey, openNotification, type NotificationMessage } from './notifications.outbox.js';
import { countByStatus, inboxMessages, type InboxScope, listByStatus, notificationExists, requeueFailed } from './notifications.repository.js';
import type { NotificationStatus } from './notifications.table.js';

export interface NotificationsDeps {
  db: Db;
  clock: Clock;
  secretKey: Buffer;
  /**
   * The check-ins module's answer to "whose messages may this device read?": the persons of the visits it proves it
   * holds (visit id + check-out secret). Wrong secrets prove nothing, so a stranger who knows a visit id reads nothing.
   */
  personKeysProvenBy: (claims: readonly { visitId: string; checkoutSecret: string }[]) => Promise<InboxScope[]>;
  /** The regions' roots (the city): an operator assigned there sees the whole outbox, city-level messages included. */
  rootCodes: () => Promise<string[]>;
  /** The accounts module's answer: the language an account's messages are read in. */
  languageOf: (userId: string) => Promise<Language>;
}

const INBOX_LIMIT = 50;

export function createNotificationsService(deps: NotificationsDeps) {
  const { db, clock } = deps;
  const key = notificationDataKey(deps.secretKey);
  const access = createNotificationsAccess({ db, clock, rootCodes: deps.rootCodes });

  return {
    ...createAccountMessages({ db, clock, secretKey: deps.secretKey, languageOf: deps.languageOf }),

    /** enqueueNotification with this instance's clock and key; `db` may be the caller's transaction. */
    enqueue(dbOrTrx: Db, message: NotificationMessage) {
      return enqueueNotification(dbOrTrx, clock, message, deps.secretKey);
    },

    /**
     * The operator's view: counts by status and the messages of one status (recipients masked, no bodies), of the
     * caller's regions only (notifications.access.ts). Audited.
     */
    async overview(ctx: RequestContext, query: { status: NotificationStatus; limit: number }) {
      const { principal, scopes } = await access.operator(ctx);
      const [counts, rows] = await Promise.all([countByStatus(db, scopes), listByStatus(db, query.status, query.limit, scopes)]);
      await recordListRead(db, clock, ctx, principal.scopesFor('notifications:manage'), { action: 'notification.list', entityType: 'notification', details: { status: query.status, returned: rows.length } });
      return {
        counts,
        items: rows.map((r) => {
          const opened = openNotification(key, r);
          return {
            id: r.id,
            channel: r.channel,
            recipient: maskRecipient(r.channel, opened.to),
            lang: r.lang,
            status: r.status,
            attempts: r.attempts,
            lastError: r.last_error,
            createdAt: r.created_at,
            nextAttemptAt: r.status === 'queued' ? r.next_attempt_at : null,
            sentAt: r.sent_at,
          };
        }),
      };
    },

    /** Puts a failed message of the caller's regions back in the queue with fresh attempts. Audited. */
    async retry(ctx: RequestContext, id: string) {
      const { regionCode } = await access.requireMessage(ctx, id);
      const done = await db.transaction().execute(async (trx) => {
        if (!(await requeueFailed(trx, id, clock.now()))) return false;
        await recordAudit(trx, clock, ctx, { action: 'notification.retry', entityType: 'notification', entityId: id, regionCode });
        return true;
      });
      if (!done) {
        if (!(await notificationExists(db, id))) throw problems.notFound('notification.notFound.detail');
        throw new AppError(409, 'notification-not-failed', 'conflict.title', 'notification.notFailed.detail');
      }
      return { id };
    },

    /**
     * The device inbox. The device proves visits it holds (visit id + check-out secret, as for its visit history);
     * the messages addressed to those visits' person keys come back, each person's only from the check-in time of
     * the earliest visit proven for them (checkins.provenPersonKeys). Wrong secrets prove nothing and are ignored, so
     * a stranger who knows a visit id reads nothing; and a stranger who checks in with someone else's phone number
     * (their own visit, their own secret) reads none of the messages that number had before (issue #14).
     */
    async inbox(claims: { visitId: string; checkoutSecret: string }[]) {
      const scopes = await deps.personKeysProvenBy(claims);
      const messages = await inboxMessages(db, scopes, INBOX_LIMIT);
      return messages.map((r) => {
        const opened = openNotification(key, r);
        return { id: r.id, subject: opened.subject, body: opened.body, lang: r.lang, createdAt: r.created_at };
      });
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

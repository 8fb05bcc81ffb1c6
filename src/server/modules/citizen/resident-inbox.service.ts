import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { NotificationPersonRecords } from '../notifications/index.js';
import { markMessagesRead, readMessageIds } from './citizen.repository.js';
import type { Resident } from './sign-in.service.js';

/*
 * The resident's inbox on /saya (issue #16): the exposure notices and follow-up links the outbox addressed to their
 * number (the keyed phone hash: SMS, e-mail and the device inbox alike), with read and unread. Only the signed-in
 * number's messages: a message of another number is never listed and cannot be marked.
 */

const INBOX_LIMIT = 100;

export function createResidentInboxService(deps: { db: Db; clock: Clock; notifications: NotificationPersonRecords }) {
  const { db, clock } = deps;
  return {
    async list(resident: Resident) {
      const [messages, read] = await Promise.all([deps.notifications.of(resident.personKey), readMessageIds(db, resident.personKey)]);
      const newest = messages.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).slice(0, INBOX_LIMIT);
      const items = newest.map((m) => ({ id: m.id, channel: m.channel, subject: m.subject, body: m.body, createdAt: new Date(m.createdAt).toISOString(), read: read.has(m.id) }));
      return { unread: items.filter((i) => !i.read).length, items };
    },

    /** Marks the resident's own messages read; ids of other numbers' messages (or of none) are ignored. */
    async markRead(ctx: RequestContext, resident: Resident, ids: readonly string[]) {
      const own = new Set((await deps.notifications.of(resident.personKey)).map((m) => m.id));
      const mine = [...new Set(ids)].filter((id) => own.has(id));
      const marked = await db.transaction().execute(async (trx) => {
        const n = await markMessagesRead(trx, resident.personKey, mine, clock.now());
        if (n > 0) await recordAudit(trx, clock, ctx, { action: 'resident.inbox_read', entityType: 'resident', entityId: resident.personKey, details: { count: n } });
        return n;
      });
      return { marked };
    },
  };
}
export type ResidentInboxService = ReturnType<typeof createResidentInboxService>;

import type { Db } from '../../db/kysely.js';
import { notificationDataKey, openNotification } from './notifications.outbox.js';
import { deleteInboxOfPerson, messagesOfPerson } from './notifications.repository.js';

/*
 * The messages addressed to a person (by the check-in person key, the keyed phone hash), opened for the person
 * themselves in the resident's space (issue #16); and their device inbox, deleted on their request.
 */

export interface PersonMessage {
  id: string;
  channel: string;
  subject: string | null;
  body: string;
  status: string;
  createdAt: number;
  sentAt: number | null;
}

export function createNotificationPersonRecords(deps: { db: Db; secretKey: Buffer }) {
  const key = notificationDataKey(deps.secretKey);
  return {
    async of(personKey: string): Promise<PersonMessage[]> {
      const rows = await messagesOfPerson(deps.db, personKey);
      return rows.map((row) => {
        const opened = openNotification(key, row);
        return { id: row.id, channel: row.channel, subject: opened.subject, body: opened.body, status: row.status, createdAt: Number(row.created_at), sentAt: row.sent_at === null ? null : Number(row.sent_at) };
      });
    },
    /** In the caller's transaction. */
    deleteInbox: (db: Db, personKey: string) => deleteInboxOfPerson(db, personKey),
  };
}
export type NotificationPersonRecords = ReturnType<typeof createNotificationPersonRecords>;

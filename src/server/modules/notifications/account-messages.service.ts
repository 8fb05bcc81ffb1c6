import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { decryptText } from '../../shared/crypto.js';
import { problems } from '../../shared/errors.js';
import type { Language } from '../../shared/language.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text, type TextKey } from '../../shared/texts.js';
import { enqueueNotification, notificationDataKey, openNotification } from './notifications.outbox.js';
import { accountMessages, markAccountMessageRead } from './notifications.repository.js';

/** What a staff account is told about (issue #18), and the catalogue entry (`notifications.staff.<entry>`) that says it. */
export const ACCOUNT_MESSAGE_KINDS = {
  venue_verified: 'venueVerified',
  venue_suspended: 'venueSuspended',
  venue_rules_changed: 'venueRulesChanged',
  pkm_returned: 'pkmReturned',
  pkm_awaiting_review: 'pkmAwaitingReview',
  pkm_awaiting_approval: 'pkmAwaitingApproval',
} as const;
export type AccountMessageKind = keyof typeof ACCOUNT_MESSAGE_KINDS;

export interface AccountRecipient {
  userId: string;
  lang: Language;
  /** Also by e-mail when the account has an address (a venue manager's). */
  email?: string | null;
}

export interface AccountEvent {
  kind: AccountMessageKind;
  params: Record<string, string>;
  /** Unique per workflow step (e.g. `pkm:<id>:<seq>`): a replay of the same step sends nothing more. */
  key: string;
  /** The region of the event: whose outbox operators see the message. */
  regionCode: string | null;
}

const LIST_LIMIT = 100;

function subjectAndBody(kind: AccountMessageKind, lang: Language, params: Record<string, string>): { subject: string; body: string } {
  const entry = ACCOUNT_MESSAGE_KINDS[kind];
  return {
    subject: text(lang, `notifications.staff.${entry}.subject` as TextKey, params),
    body: text(lang, `notifications.staff.${entry}.body` as TextKey, params),
  };
}

/*
 * Messages to staff accounts along the workflows, through the outbox: in-app always (channel `inbox`, addressed to the
 * account), by e-mail as well when the account has an address; each in the recipient's language. The list renders a
 * message from its kind and sealed parameters in the reader's current language.
 */
export function createAccountMessages(deps: { db: Db; clock: Clock; secretKey: Buffer; languageOf: (userId: string) => Promise<Language> }) {
  const { db, clock } = deps;
  const key = notificationDataKey(deps.secretKey);
  return {
    /** Tells each recipient once, in the caller's transaction. */
    async notifyAccounts(trx: Db, recipients: readonly AccountRecipient[], event: AccountEvent): Promise<void> {
      for (const r of recipients) {
        const { subject, body } = subjectAndBody(event.kind, r.lang, event.params);
        const common = { lang: r.lang, regionCode: event.regionCode, subject, body };
        await enqueueNotification(trx, clock, { ...common, channel: 'inbox', recipient: `account:${r.userId}`, userId: r.userId, kind: event.kind, params: event.params, dedupeKey: `${event.key}:${r.userId}:inbox` }, deps.secretKey);
        if (r.email) await enqueueNotification(trx, clock, { ...common, channel: 'email', recipient: r.email, dedupeKey: `${event.key}:${r.userId}:email` }, deps.secretKey);
      }
    },

    /** The caller's own messages, newest first, in their language. */
    async myNotifications(ctx: RequestContext) {
      if (!ctx.principal) throw problems.unauthenticated();
      const lang = await deps.languageOf(ctx.principal.userId);
      const rows = await accountMessages(db, ctx.principal.userId, LIST_LIMIT);
      return rows.map((r) => {
        const kind = r.kind as AccountMessageKind | null;
        const params = r.params_enc === null ? null : (JSON.parse(decryptText(key, r.params_enc)) as Record<string, string>);
        const rendered = kind && kind in ACCOUNT_MESSAGE_KINDS && params ? subjectAndBody(kind, lang, params).body : openNotification(key, r).body;
        return { id: r.id, kind: r.kind ?? 'message', text: rendered, createdAt: Number(r.created_at), readAt: r.read_at === null ? null : Number(r.read_at) };
      });
    },

    /** Marks one of the caller's messages read; another account's (or an unknown) id answers 404 and changes nothing. */
    async markRead(ctx: RequestContext, id: string): Promise<{ id: string }> {
      if (!ctx.principal) throw problems.unauthenticated();
      if (!(await markAccountMessageRead(db, id, ctx.principal.userId, clock.now()))) throw problems.notFound('notification.notFound.detail');
      return { id };
    },
  };
}

export type AccountMessages = ReturnType<typeof createAccountMessages>;

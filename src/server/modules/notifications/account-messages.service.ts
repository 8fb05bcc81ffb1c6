import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { decryptText } from '../../shared/crypto.js';
import { problems } from '../../shared/errors.js';
import type { Language, Localized } from '../../shared/language.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text, type TextKey } from '../../shared/texts.js';
import { characterCount, enqueueNotification, notificationDataKey, openNotification, SMS_MAX_LENGTH } from './notifications.outbox.js';
import { accountMessages, markAccountMessageRead } from './notifications.repository.js';

/** What a staff account is told about (issue #18), and the catalogue entry (`notifications.staff.<entry>`) that says it. */
export const ACCOUNT_MESSAGE_KINDS = {
  venue_verified: 'venueVerified',
  venue_rejected: 'venueRejected',
  venue_suspended: 'venueSuspended',
  venue_reactivated: 'venueReactivated',
  venue_sanction_suspended: 'venueSanctionSuspended',
  venue_sanction_closed: 'venueSanctionClosed',
  venue_rules_changed: 'venueRulesChanged',
  venue_case_notice: 'venueCaseNotice',
  pkm_returned: 'pkmReturned',
  pkm_awaiting_review: 'pkmAwaitingReview',
  pkm_awaiting_approval: 'pkmAwaitingApproval',
} as const;
export type AccountMessageKind = keyof typeof ACCOUNT_MESSAGE_KINDS;

/**
 * The kinds that also go by SMS, to the phone the account signed up with: those that change what a venue may do
 * today, so its manager must hear of them even away from the app and the mailbox — a suspension or closure, by an
 * officer or an enforcement sanction (visitors are refused at the door now) and a change of the rules in force
 * (closing hour, capacity: the door must follow them from now). The others wait for the app or the e-mail without
 * harm: a verification, a rejection or a reactivation asks nothing of the door by a deadline, and PKM steps
 * go to staff who work in the app every day (an SMS would only repeat it, at the city's cost).
 */
export const SMS_KINDS: ReadonlySet<AccountMessageKind> = new Set(['venue_suspended', 'venue_sanction_suspended', 'venue_sanction_closed', 'venue_rules_changed']);
/** A venue's name cut to this many characters in an SMS, when the whole text does not fit one. */
const SMS_NAME_MAX = 40;

export interface AccountRecipient {
  userId: string;
  lang: Language;
  /** Also by e-mail when the account has an address (a venue manager's). */
  email?: string | null;
  /** Also by SMS, for the kinds in SMS_KINDS, when the account has a phone (a venue manager's). */
  phone?: string | null;
}

/** A parameter is a value, or a text in both languages (what changed, in words): each reader gets theirs. */
export type AccountParams = Record<string, string | Localized>;

export interface AccountEvent {
  kind: AccountMessageKind;
  params: AccountParams;
  /** Unique per workflow step (e.g. `pkm:<id>:<seq>`): a replay of the same step sends nothing more. */
  key: string;
  /** The region of the event: whose outbox operators see the message. */
  regionCode: string | null;
}

const LIST_LIMIT = 100;

function subjectAndBody(kind: AccountMessageKind, lang: Language, params: AccountParams): { subject: string; body: string } {
  const entry = ACCOUNT_MESSAGE_KINDS[kind];
  return {
    subject: text(lang, `notifications.staff.${entry}.subject` as TextKey, params),
    body: text(lang, `notifications.staff.${entry}.body` as TextKey, params),
  };
}

/** The SMS of a kind in SMS_KINDS: the whole text when it fits one SMS, else the short one with the venue's name cut. */
export function accountSms(kind: AccountMessageKind, lang: Language, params: AccountParams): string {
  const entry = ACCOUNT_MESSAGE_KINDS[kind];
  const full = text(lang, `notifications.staff.${entry}.sms` as TextKey, params);
  if (characterCount(full) <= SMS_MAX_LENGTH) return full;
  const venue = typeof params.venue === 'string' && characterCount(params.venue) > SMS_NAME_MAX ? `${[...params.venue].slice(0, SMS_NAME_MAX - 1).join('')}…` : params.venue;
  const shortKey = (kind === 'venue_rules_changed' ? `notifications.staff.${entry}.smsShort` : `notifications.staff.${entry}.sms`) as TextKey;
  return text(lang, shortKey, { ...params, venue: venue ?? '' });
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
        if (r.phone && SMS_KINDS.has(event.kind)) {
          await enqueueNotification(trx, clock, { lang: r.lang, regionCode: event.regionCode, channel: 'sms', recipient: r.phone, body: accountSms(event.kind, r.lang, event.params), dedupeKey: `${event.key}:${r.userId}:sms` }, deps.secretKey);
        }
      }
    },

    /** The caller's own messages, newest first, in their language. */
    async myNotifications(ctx: RequestContext) {
      if (!ctx.principal) throw problems.unauthenticated();
      const lang = await deps.languageOf(ctx.principal.userId);
      const rows = await accountMessages(db, ctx.principal.userId, LIST_LIMIT);
      return rows.map((r) => {
        const kind = r.kind as AccountMessageKind | null;
        const params = r.params_enc === null ? null : (JSON.parse(decryptText(key, r.params_enc)) as AccountParams);
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

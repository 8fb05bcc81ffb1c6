import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { decryptText, deriveKey, encryptText } from '../../shared/crypto.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Language, Localized } from '../../shared/language.js';
import { normalizePhone } from '../../shared/phone.js';
import { interpolate, localized, type TextParams } from '../../shared/texts.js';
import { findIdByDedupeKey, insertNotification } from './notifications.repository.js';
import type { NotificationChannel, NotificationsTable } from './notifications.table.js';

/** One SMS: longer bodies are refused at enqueue rather than split or cut by a gateway. */
export const SMS_MAX_LENGTH = 160;
const BODY_MAX_LENGTH = 10_000;
const EMAIL_PATTERN = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export interface NotificationMessage {
  channel: NotificationChannel;
  /** E.164 or Indonesian phone (sms), e-mail address (email), anything descriptive (inbox: the person key decides). */
  recipient: string;
  body: string;
  subject?: string;
  /** Indonesian unless the person chose English. */
  lang?: Language;
  /** Unique per event and recipient, e.g. `contact:<contactId>:sms`: the same event enqueued twice is sent once. */
  dedupeKey: string;
  /** The check-in person key (visits.person_key, checkins.personKeyOf(phone)): the device inbox shows messages by it. */
  personKey?: string | null;
  /**
   * The region of the event that causes the message (the case's residence, the venue's region): whose operators see
   * and retry it. Omitted or null: a city-level message, seen only by operators of the whole city.
   */
  regionCode?: string | null;
  /** An in-app message to a staff account (inbox channel): the account's list (GET /me/notifications) shows it. */
  userId?: string;
  /** What happened (`notifications.staff.<kind>` in the catalogue), with the text's parameters. */
  kind?: string;
  params?: Record<string, string | Localized>;
}

/** The key that seals recipients, subjects and bodies at rest; derived from the instance key. */
export function notificationDataKey(secretKey: Buffer): Buffer {
  return deriveKey(secretKey, 'notifications:data');
}

/** Code points, not UTF-16 units: what a reader counts as characters. */
export function characterCount(text: string): number {
  return [...text].length;
}

function validated(message: NotificationMessage): { recipient: string; body: string; subject: string | null } {
  const errors: FieldError[] = [];
  let recipient = message.recipient.trim();
  const body = message.body.trim();
  if (message.dedupeKey.length < 1 || message.dedupeKey.length > 200) errors.push({ field: 'dedupeKey', messageKey: 'notification.dedupeKey' });
  if (body === '' || characterCount(body) > BODY_MAX_LENGTH) errors.push({ field: 'body', messageKey: 'notification.body', params: { max: BODY_MAX_LENGTH } });
  switch (message.channel) {
    case 'sms': {
      const e164 = normalizePhone(recipient);
      if (!e164) errors.push({ field: 'recipient', messageKey: 'validation.phone' });
      else recipient = e164;
      const length = characterCount(body);
      if (length > SMS_MAX_LENGTH) errors.push({ field: 'body', messageKey: 'notification.smsTooLong', params: { max: SMS_MAX_LENGTH, length } });
      break;
    }
    case 'email':
      if (!EMAIL_PATTERN.test(recipient) || recipient.length > 254) errors.push({ field: 'recipient', messageKey: 'notification.email' });
      break;
    case 'inbox':
      if (!message.personKey && !message.userId) errors.push({ field: 'personKey', messageKey: 'notification.personKeyRequired' });
      if (recipient === '') recipient = 'inbox';
      break;
  }
  if (errors.length > 0) throw problems.validation(errors);
  const subject = message.subject?.trim() || null;
  return { recipient, body, subject };
}

/**
 * Puts a message in the outbox. Call it with the transaction of the event that causes it, so the message exists if
 * and only if the event committed. Idempotent by `dedupeKey`: a second call returns the first message's id with
 * `duplicate: true` and stores nothing. SMS bodies over 160 characters and malformed recipients are refused with a
 * 400 validation problem (nothing stored). Inbox messages are delivered by the commit itself (the device reads them
 * from the outbox); SMS and e-mail wait for the worker.
 *
 * `secretKey` is the instance key (config.secretKey); the data key is derived from it here.
 */
export async function enqueueNotification(db: Db, clock: Clock, message: NotificationMessage, secretKey: Buffer): Promise<{ id: string; duplicate: boolean }> {
  const { recipient, body, subject } = validated(message);
  const key = notificationDataKey(secretKey);
  const now = clock.now();
  const row: NotificationsTable = {
    id: newId(now),
    channel: message.channel,
    dedupe_key: message.dedupeKey,
    person_key: message.personKey ?? null,
    region_code: message.regionCode ?? null,
    recipient_enc: encryptText(key, recipient),
    subject_enc: subject === null ? null : encryptText(key, subject),
    body_enc: encryptText(key, body),
    lang: message.lang === 'en' ? 'en' : 'id',
    status: message.channel === 'inbox' ? 'sent' : 'queued',
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    lease_token: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    sent_at: message.channel === 'inbox' ? now : null,
    user_id: message.userId ?? null,
    kind: message.kind ?? null,
    params_enc: message.params === undefined ? null : encryptText(key, JSON.stringify(message.params)),
    read_at: null,
  };
  if (await insertNotification(db, row)) return { id: row.id, duplicate: false };
  const existing = await findIdByDedupeKey(db, message.dedupeKey);
  if (!existing) throw new Error('notification insert was skipped but no row holds its dedupe key');
  return { id: existing, duplicate: true };
}

export interface OpenedNotification {
  id: string;
  channel: NotificationChannel;
  to: string;
  subject: string | null;
  body: string;
  lang: Language;
}

export function openNotification(key: Buffer, row: NotificationsTable): OpenedNotification {
  return {
    id: row.id,
    channel: row.channel,
    to: decryptText(key, row.recipient_enc),
    subject: row.subject_enc === null ? null : decryptText(key, row.subject_enc),
    body: decryptText(key, row.body_enc),
    lang: row.lang,
  };
}

/**
 * A message text in the person's language, checked to fit one SMS. Use it to build bodies:
 * `smsText(NOTIFICATION_TEXTS.contact, lang, { end: '12/12', link })`.
 */
export function smsText(text: Localized, lang: Language, params: TextParams): string {
  const body = interpolate(lang === 'en' ? text.en : text.id, lang, params);
  const length = characterCount(body);
  if (length > SMS_MAX_LENGTH) throw problems.validation([{ field: 'body', messageKey: 'notification.smsTooLong', params: { max: SMS_MAX_LENGTH, length } }]);
  return body;
}

/** Ready texts for the tracing flow (catalogue `notifications.sms`); each stays within one SMS with a link of up to about 60 characters. */
export const NOTIFICATION_TEXTS = {
  contact: localized('notifications.sms.contact'),
  exposure: localized('notifications.sms.exposure'),
  venue: localized('notifications.sms.venue'),
  /** The resident's sign-in code (citizen module). */
  residentCode: localized('notifications.sms.residentCode'),
  selfIsolation: localized('notifications.sms.selfIsolation'),
} satisfies Record<string, Localized>;

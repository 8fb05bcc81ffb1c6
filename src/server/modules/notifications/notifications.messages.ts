import type { Localized } from '../../shared/language.js';

/** Notification texts, merged into the server catalogue (shared/messages.ts). */
export const notificationMessages = {
  'notification.smsTooLong': {
    id: 'SMS maksimal {max} karakter (satu SMS), panjangnya {length}',
    en: 'an SMS must be at most {max} characters (one SMS), this one has {length}',
  },
  'notification.email': { id: 'bukan alamat e-mail yang valid', en: 'is not a valid e-mail address' },
  'notification.personKeyRequired': { id: 'wajib untuk pesan kotak masuk', en: 'is required for an inbox message' },
  'notification.dedupeKey': { id: 'wajib, 1–200 karakter', en: 'is required, 1–200 characters' },
  'notification.body': { id: 'wajib diisi, maksimal {max} karakter', en: 'is required, at most {max} characters' },
  'notification.notFound.detail': { id: 'Pesan tidak ditemukan.', en: 'Message not found.' },
  'notification.notFailed.detail': { id: 'Hanya pesan yang gagal yang dapat dikirim ulang.', en: 'Only a failed message can be retried.' },
} satisfies Record<string, Localized>;

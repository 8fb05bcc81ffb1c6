import type { Localized } from '../../shared/language.js';

/** Tracing texts, merged into the server catalogue (shared/messages.ts). */
export const tracingMessages = {
  'tracing.duplicateCase.detail': { id: 'Orang ini sudah terdaftar sebagai kasus dalam episode yang sama. Buka kasus yang ada.', en: 'This person is already registered as a case in the same episode. Open the existing case.' },
  'tracing.alreadyDecided.detail': { id: 'Kandidat ini sudah diputuskan ({status}).', en: 'This candidate has already been decided ({status}).' },
  'tracing.caseClosed.detail': { id: 'Kasus ini sudah ditutup ({category}).', en: 'This case is closed ({category}).' },
  'tracing.contactClosed.detail': { id: 'Kontak ini tidak lagi dalam karantina ({status}).', en: 'This contact is no longer in quarantine ({status}).' },
  'tracing.quarantineNotOver.detail': { id: 'Karantina baru berakhir pada {end}.', en: 'The quarantine only ends on {end}.' },
  'validation.nikFormat': { id: 'NIK harus 16 angka', en: 'a NIK has 16 digits' },
  'validation.nikRegion': { id: 'kode wilayah pada NIK tidak dikenal', en: 'the region code in the NIK is not known' },
  'validation.nikBirthDate': { id: 'tanggal lahir pada NIK tidak mungkin', en: 'the birth date in the NIK is impossible' },
  'validation.residence': { id: 'harus desa/kelurahan atau banjar', en: 'must be a desa/kelurahan or banjar' },
  'validation.dateRequiredForCategory': { id: 'tanggal gejala atau tanggal spesimen wajib untuk kasus konfirmasi', en: 'an onset or specimen date is required for a confirmed case' },
  'validation.endBeforeStart': { id: 'tidak boleh sebelum {start}', en: 'must not be before {start}' },
  'validation.categoryTransition': { id: 'tidak dapat diubah dari {from} ke {to}', en: 'cannot change from {from} to {to}' },
  'validation.temperature': { id: 'suhu harus antara 34 dan 43 °C', en: 'the temperature must lie between 34 and 43 °C' },
} satisfies Record<string, Localized>;

import type { Localized } from '../../shared/language.js';

/** Check-in texts, merged into the server catalogue (shared/messages.ts). */
export const checkinMessages = {
  'checkin.refused.title': { id: 'Check-in ditolak', en: 'Check-in refused' },
  'checkin.unknownPoster.detail': { id: 'Kode QR ini tidak dikenal. Pindai poster resmi Jaga Baya di tempat ini.', en: 'This QR code is not known. Scan the official Jaga Baya poster at this place.' },
  'checkin.posterReplaced.detail': { id: 'Poster ini sudah diganti dengan yang baru. Pindai poster terbaru di tempat ini.', en: 'This poster has been replaced. Scan the newest poster at this place.' },
  'checkin.venueSuspended.detail': { id: 'Tempat ini sedang dihentikan sementara oleh petugas. Check-in tidak dapat dilakukan.', en: 'This place has been suspended by the authorities. Check-in is not possible.' },
  'checkin.venueNotVerified.detail': { id: 'Tempat ini belum diverifikasi petugas desa/kelurahan.', en: 'This place has not been verified by the village officers yet.' },
  'checkin.venueFull.detail': { id: 'Tempat ini sudah penuh ({current} dari {limit} orang). Silakan tunggu atau datang lagi nanti.', en: 'This place is full ({current} of {limit} people). Please wait or come back later.' },
  'checkin.closed.detail': { id: '{reason}', en: '{reason}' },
  'checkin.visitNotFound.detail': { id: 'Kunjungan tidak ditemukan.', en: 'Visit not found.' },
  'checkin.wrongSecret.detail': { id: 'Perangkat ini tidak memegang kunjungan tersebut.', en: 'This device does not hold that visit.' },
  'checkin.alreadyCheckedOut.detail': { id: 'Kunjungan ini sudah check-out.', en: 'This visit is already checked out.' },
  'checkin.notCheckedOut.detail': { id: 'Beri penilaian setelah check-out.', en: 'Rate the place after checking out.' },
  'checkin.alreadyRated.detail': { id: 'Kunjungan ini sudah dinilai.', en: 'This visit has already been rated.' },
  'checkin.checkoutBeforeCheckin.detail': { id: 'Waktu keluar harus setelah waktu masuk.', en: 'The time out must be after the time in.' },
  'checkin.futureTime.detail': { id: 'Waktu tidak boleh di masa depan.', en: 'The time must not be in the future.' },
  'validation.name': { id: 'isi nama (1–100 karakter, tanpa karakter kontrol)', en: 'enter a name (1–100 characters, no control characters)' },
  'validation.afterCheckIn': { id: 'harus setelah waktu masuk', en: 'must be after the time in' },
  'validation.notFuture': { id: 'tidak boleh di masa depan', en: 'must not be in the future' },
  'validation.tooOld': { id: 'lebih lama dari masa simpan data', en: 'is older than the data retention period' },
} satisfies Record<string, Localized>;

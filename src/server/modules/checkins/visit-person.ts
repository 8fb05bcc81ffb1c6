import { decryptText, encryptText } from '../../shared/crypto.js';
import type { VisitsTable } from './checkins.table.js';

/**
 * A visit's name and phone number, sealed together in one AES-256-GCM ciphertext (`visits.person_enc`). One
 * encryption per check-in instead of two: measured on the check-in path, each native crypto operation cost about a
 * tenth of the throughput (bench/README.md). A newline separates the two: a name cannot hold control characters and a
 * phone number is E.164.
 *
 * Visits written before migration 08 hold `name_enc` and `phone_enc` instead; they leave with the retention period.
 */
export function sealVisitPerson(key: Buffer, person: { name: string; phone: string }): string {
  return encryptText(key, `${person.phone}\n${person.name}`);
}

/** The columns of a visit that hold its person, either format (tracing reads the same three). */
export type SealedVisitPerson = Pick<VisitsTable, 'person_enc' | 'name_enc' | 'phone_enc'>;

export function openVisitPerson(key: Buffer, row: SealedVisitPerson): { name: string; phone: string } {
  if (row.person_enc !== null) {
    const text = decryptText(key, row.person_enc);
    const cut = text.indexOf('\n');
    if (cut < 0) throw new Error('sealed visit person without a separator');
    return { phone: text.slice(0, cut), name: text.slice(cut + 1) };
  }
  if (row.name_enc === null || row.phone_enc === null) throw new Error('visit without personal data');
  return { name: decryptText(key, row.name_enc), phone: decryptText(key, row.phone_enc) };
}

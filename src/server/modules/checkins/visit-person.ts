import { decryptText, deriveKey, encryptText, keyedHash, sha256Hex } from '../../shared/crypto.js';
import type { CheckinCommand, CheckinRequest } from './checkin-batch.js';
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

/** The two keys a visit's person is stored under, both derived from the instance key (checkins.service.ts). */
export interface VisitKeys {
  /** Encrypts `person_enc`. */
  dataKey: Buffer;
  /** Keys the hash `person_key` that finds a person's visits. */
  personKeyKey: Buffer;
}

/** The visit keys of an instance key (the purposes are part of the stored format: never change them). */
export function visitKeys(secretKey: Buffer): VisitKeys {
  return { dataKey: deriveKey(secretKey, 'visits:data'), personKeyKey: deriveKey(secretKey, 'visits:person') };
}

export function personKeyOf(keys: VisitKeys, e164: string): string {
  return keyedHash(keys.personKeyKey, e164);
}

/** A check-in request as it is stored: the phone's keyed hash, name and phone sealed, the secret and the proof's secret hashed. */
export function sealCheckin(keys: VisitKeys, request: CheckinRequest): CheckinCommand {
  const { person, checkoutSecret, proof, ...rest } = request;
  return {
    ...rest,
    personKey: personKeyOf(keys, person.phone),
    personEnc: sealVisitPerson(keys.dataKey, person),
    secretHash: checkoutSecret === null ? null : sha256Hex(checkoutSecret),
    proofVisitId: proof?.visitId ?? null,
    proofSecretHash: proof ? sha256Hex(proof.checkoutSecret) : null,
  };
}

import { decryptText, deriveKey, encryptText, keyedHash } from '../../shared/crypto.js';

/*
 * The contact data of venues and their managers, encrypted at rest like visitors' (issue #14, finding 11): a venue's
 * contact phone (`venues.contact_phone_enc`) and a manager profile's phone and e-mail (`venue_manager_profiles.
 * phone_enc`, `email_enc`) are AES-256-GCM ciphertexts under a key of their own, derived from the instance key. The
 * profile's uniqueness (one manager per phone, per e-mail) holds on exact-match blind indexes: an HMAC of the
 * normalised value (E.164 phone, lower-case e-mail) under another key of its own (`phone_hash`, `email_hash`).
 *
 * Migration 2026-12-03-04 encrypted the rows written before it with the same purposes: the strings below are part of
 * the stored format and never change.
 */

export const CONTACT_DATA_PURPOSE = 'venues:contact';
export const CONTACT_LOOKUP_PURPOSE = 'venues:contact-lookup';

export interface ContactKeys {
  dataKey: Buffer;
  lookupKey: Buffer;
}

export function contactKeys(secretKey: Buffer): ContactKeys {
  return { dataKey: deriveKey(secretKey, CONTACT_DATA_PURPOSE), lookupKey: deriveKey(secretKey, CONTACT_LOOKUP_PURPOSE) };
}

export function sealContact(keys: ContactKeys, value: string): string;
export function sealContact(keys: ContactKeys, value: string | null): string | null;
export function sealContact(keys: ContactKeys, value: string | null): string | null {
  return value === null ? null : encryptText(keys.dataKey, value);
}

export function openContact(keys: ContactKeys, sealed: string): string;
export function openContact(keys: ContactKeys, sealed: string | null): string | null;
export function openContact(keys: ContactKeys, sealed: string | null): string | null {
  return sealed === null ? null : decryptText(keys.dataKey, sealed);
}

/** The blind index of a phone (E.164, as normalizePhone gives it) or an e-mail (trimmed, lower case). */
export function contactLookup(keys: ContactKeys, kind: 'phone' | 'email', normalised: string): string {
  return keyedHash(keys.lookupKey, `${kind}:${normalised}`);
}

/** An e-mail address as its blind index sees it. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The venue fields that name or reach a person. A correction's history and audit entries name them and never hold
 * their values (issue #14, finding 11).
 */
export const PERSONAL_VENUE_FIELDS: readonly string[] = ['contactName', 'contactPhone'];

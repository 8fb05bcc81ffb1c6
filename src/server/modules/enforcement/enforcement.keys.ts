import { decryptText, deriveKey } from '../../shared/crypto.js';
import type { ViolationsTable } from './enforcement.table.js';

/** Names, phones and NIKs of violators are encrypted with `dataKey`; a person is matched by a hash keyed with `personKey`. */
export interface EnforcementKeys {
  dataKey: Buffer;
  personKey: Buffer;
}

export function enforcementKeys(secretKey: Buffer): EnforcementKeys {
  return { dataKey: deriveKey(secretKey, 'enforcement:data'), personKey: deriveKey(secretKey, 'enforcement:person') };
}

/** A violator's NIK, name and phone in clear (null for a venue's violation). */
export function decryptPerson(keys: EnforcementKeys, v: Pick<ViolationsTable, 'nik_enc' | 'name_enc' | 'phone_enc'>) {
  return {
    nik: v.nik_enc ? decryptText(keys.dataKey, v.nik_enc) : null,
    name: v.name_enc ? decryptText(keys.dataKey, v.name_enc) : null,
    phone: v.phone_enc ? decryptText(keys.dataKey, v.phone_enc) : null,
  };
}

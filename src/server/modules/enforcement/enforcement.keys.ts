import { deriveKey } from '../../shared/crypto.js';

/** Names, phones and NIKs of violators are encrypted with `dataKey`; a person is matched by a hash keyed with `personKey`. */
export interface EnforcementKeys {
  dataKey: Buffer;
  personKey: Buffer;
}

export function enforcementKeys(secretKey: Buffer): EnforcementKeys {
  return { dataKey: deriveKey(secretKey, 'enforcement:data'), personKey: deriveKey(secretKey, 'enforcement:person') };
}

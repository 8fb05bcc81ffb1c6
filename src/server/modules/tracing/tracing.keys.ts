import { deriveKey } from '../../shared/crypto.js';

/** The keys of the tracing module: names, phones and NIKs are encrypted with `dataKey`; NIKs are matched by a keyed hash. */
export interface TracingKeys {
  dataKey: Buffer;
  nikHashKey: Buffer;
}

export function tracingKeys(secretKey: Buffer): TracingKeys {
  return { dataKey: deriveKey(secretKey, 'tracing:data'), nikHashKey: deriveKey(secretKey, 'tracing:nik') };
}

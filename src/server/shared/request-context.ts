import type { Principal } from '../modules/accounts/index.js';
import type { Language } from './language.js';

/** What a service needs to know about the caller: who, in which language, from where (for the audit log). */
export interface RequestContext {
  principal: Principal | null;
  lang: Language;
  ip: string | null;
  requestId: string | null;
}

export const systemContext: RequestContext = { principal: null, lang: 'id', ip: null, requestId: null };

import { createMyRecordsService, type MyRecordsDeps } from './my-records.service.js';
import { createResidentInboxService } from './resident-inbox.service.js';
import { createSignInService, type SignInDeps } from './sign-in.service.js';

export { RESIDENT_COOKIE, RESIDENT_SESSION_MS, type Resident } from './sign-in.service.js';

/** The citizen module's facade: sign-in by phone, and the resident's own records and data rights. */
export function createCitizenService(deps: SignInDeps & Omit<MyRecordsDeps, 'db' | 'clock'>) {
  return {
    signIn: createSignInService(deps),
    records: createMyRecordsService(deps),
    inbox: createResidentInboxService(deps),
  };
}
export type CitizenService = ReturnType<typeof createCitizenService>;

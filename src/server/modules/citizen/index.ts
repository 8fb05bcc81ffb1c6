/* The front door of the citizen module (Lindungi Diri, the resident's own space): what app.ts, main.ts and the auth plugin may use. */
export { createCitizenService, RESIDENT_COOKIE, type CitizenService, type Resident } from './citizen.service.js';
export { citizenRoutes } from './citizen.routes.js';
export { registerCitizenJobs } from './citizen.jobs.js';
export type { ResidentAccountsTable, ResidentCodesTable, ResidentGuessesTable, ResidentSessionsTable } from './citizen.table.js';

/* The front door of the screening module (self-screening, health facilities, referrals to the puskesmas). */
export { createScreeningService, type ScreeningService } from './screening.service.js';
export { screeningRoutes } from './screening.routes.js';
export { screeningPageRoutes } from './screening-page.routes.js';
export { evaluateScreening, type ScreeningAnswers } from './screening-rule.js';
export type { HealthFacilitiesTable, ScreeningReferralsTable } from './screening.table.js';

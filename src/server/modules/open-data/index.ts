/*
 * The open-data module's front door (issue #17): public daily figures per desa, kecamatan and kota. It owns no
 * table: it reads the roll-ups through their owners' front doors (checkins, tracing, enforcement, policies' zone
 * history) and suppresses small counts (open-data-rows.ts).
 */
export { createOpenDataService, type OpenDataService, MAX_RANGE_DAYS } from './open-data.service.js';
export { openDataRoutes, openDataPageRoutes } from './open-data.routes.js';

/* The front door of the regions module: what app.ts, bootstrap.ts, cli.ts and other modules may use. */
export {
  createRegionsService,
  denpasarImportFiles,
  ensureDefaultRegions,
  type RegionDetail,
  type RegionsService,
  type RegionSummary,
} from './regions.service.js';
export { regionsRoutes } from './regions.routes.js';
export { importRegions, RegionImportError, type RegionImportFiles, type RegionImportResult } from './regions.import.js';
export { isWithinRegion, regionAncestry, REGION_CODE_PATTERN } from './region-codes.js';
export { GEO_LEVELS, isVillage, REGION_TYPES, type GeoLevel, type RegionType } from './regions.types.js';
export type { RegionOverlapsTable, RegionsTable } from './regions.table.js';

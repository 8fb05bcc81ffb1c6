import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import type { RegionsService } from '../regions/index.js';
import type { SanctionEffects, VenueAccessLayer } from '../venues/index.js';
import { createEnforcementAccess } from './enforcement.access.js';
import { enforcementKeys } from './enforcement.keys.js';
import { createCheckpointsService, type CheckpointsServiceDeps } from './checkpoints.service.js';
import { createLettersService } from './letters.service.js';
import { createPhotosService } from './photos.service.js';
import { createFinesService } from './fines.service.js';
import { createSanctionsService } from './sanctions.service.js';
import { createViolationsService } from './violations.service.js';

/*
 * The enforcement module's services (violations, sanctions, fines, border posts), composed into one facade for routes.
 */
export interface EnforcementServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  cityName: string;
  secretKey: Buffer;
  regions: Pick<RegionsService, 'requireRegion' | 'rootCodes' | 'adatOverlapsVillage'>;
  venueAccess: Pick<VenueAccessLayer, 'requireVenue'>;
  effects: SanctionEffects;
  refreshCompliance: (venueId: string, trigger: string) => Promise<unknown>;
  referSuspect: CheckpointsServiceDeps['referSuspect'];
}

export function createEnforcementService(deps: EnforcementServiceDeps) {
  const access = createEnforcementAccess({ db: deps.db, clock: deps.clock });
  const keys = enforcementKeys(deps.secretKey);
  return {
    ...createViolationsService({ ...deps, keys, access }),
    ...createPhotosService({ db: deps.db, clock: deps.clock, access }),
    ...createLettersService({ db: deps.db, clock: deps.clock, timeZone: deps.timeZone, cityName: deps.cityName, keys, access, regions: deps.regions, venueAccess: deps.venueAccess }),
    ...createSanctionsService({ db: deps.db, clock: deps.clock, timeZone: deps.timeZone, access, effects: deps.effects }),
    ...createFinesService({ db: deps.db, clock: deps.clock, timeZone: deps.timeZone, cityName: deps.cityName, access, keys, regions: deps.regions }),
    ...createCheckpointsService({ db: deps.db, clock: deps.clock, timeZone: deps.timeZone, keys, regions: deps.regions, referSuspect: deps.referSuspect }),
  };
}

export type EnforcementService = ReturnType<typeof createEnforcementService>;

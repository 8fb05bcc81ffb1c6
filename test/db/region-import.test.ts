import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRegionsService, importRegions, RegionImportError } from '../../src/server/modules/regions/index.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../databases.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'kota-contoh');

describeEachDatabase('importing another city', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { regions: false });
  });
  afterAll(() => database.close());

  it('imports regions and boundaries from the same CSV + GeoJSON format, and re-imports idempotently', async () => {
    const files = { regionsCsv: path.join(fixtures, 'regions.csv'), geojsonFiles: [path.join(fixtures, 'boundaries.geojson')] };
    expect(await importRegions(database.db, files, systemClock.now())).toEqual({ regions: 4, boundaries: 1, desaAdat: 0 });
    expect(await importRegions(database.db, files, systemClock.now())).toEqual({ regions: 4, boundaries: 1, desaAdat: 0 });
    const regions = createRegionsService({ db: database.db, clock: systemClock });
    expect(await regions.rootCodes()).toEqual(['52.71']);
    const ampenan = await regions.get('52.71.01.1002');
    expect(ampenan).toMatchObject({ name: 'Ampenan Selatan', population: 1234, ancestors: [{ code: '52.71' }, { code: '52.71.01' }] });
    const geo = JSON.parse(await regions.geojson('village')) as { features: unknown[] };
    expect(geo.features).toHaveLength(1);
  });

  it('refuses a child whose code does not extend its parent, and writes nothing', async () => {
    await expect(importRegions(database.db, { regionsCsv: path.join(fixtures, 'bad-parent.csv'), geojsonFiles: [] }, 0)).rejects.toThrow(RegionImportError);
    const regions = createRegionsService({ db: database.db, clock: systemClock });
    await expect(regions.get('52.72.01')).rejects.toThrow();
  });
});

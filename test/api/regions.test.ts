import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, DENPASAR, KESIMAN, SELATAN, SERANGAN, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';

describeEachDatabase('regions', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('Kota Denpasar has 4 kecamatan and 43 desa/kelurahan with Kemendagri codes', async () => {
    const kecamatan = (await t.request({ method: 'GET', url: `/api/v1/regions?parent=${DENPASAR}&type=kecamatan` })).json();
    expect(kecamatan.map((r: { name: string }) => r.name)).toEqual(['Denpasar Selatan', 'Denpasar Timur', 'Denpasar Barat', 'Denpasar Utara']);
    const desa = (await t.request({ method: 'GET', url: '/api/v1/regions?type=desa' })).json();
    const kelurahan = (await t.request({ method: 'GET', url: '/api/v1/regions?type=kelurahan' })).json();
    expect(desa).toHaveLength(27);
    expect(kelurahan).toHaveLength(16);
    const selatan = (await t.request({ method: 'GET', url: `/api/v1/regions?parent=${SELATAN}` })).json();
    expect(selatan).toHaveLength(10);
    expect(selatan[0]).toEqual({ code: SERANGAN, name: 'Serangan', type: 'kelurahan', parentCode: SELATAN });
  });

  it('one region with ancestors, centroid and desa adat overlaps', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/regions/${SERANGAN}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ancestors.map((a: { code: string }) => a.code)).toEqual([DENPASAR, SELATAN]);
    expect(body.centroid.lat).toBeCloseTo(-8.736, 2);
    expect(body.overlaps).toEqual([{ code: '51.71.DA02', name: 'Desa Adat Serangan', type: 'desa_adat' }]);
    const city = (await t.request({ method: 'GET', url: `/api/v1/regions/${DENPASAR}` })).json();
    expect(city).toMatchObject({ name: 'Kota Denpasar', type: 'kota', parentCode: null, population: 673270 });
  });

  it('desa adat form a second map under the city', async () => {
    const adat = (await t.request({ method: 'GET', url: '/api/v1/regions?type=desa_adat' })).json();
    expect(adat.length).toBeGreaterThanOrEqual(11);
    expect(adat.every((r: { parentCode: string }) => r.parentCode === DENPASAR)).toBe(true);
  });

  it('an unknown region code is 404, a malformed one 400', async () => {
    const missing = await t.request({ method: 'GET', url: '/api/v1/regions/51.71.09.9999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toContain('51.71.09.9999');
    expect((await t.request({ method: 'GET', url: '/api/v1/regions?parent=51.71.09' })).statusCode).toBe(404);
    const bad = await t.request({ method: 'GET', url: '/api/v1/regions/drop%20table' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('code');
  });

  it('serves the 43 desa/kelurahan boundaries as GeoJSON', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/regions/geojson?level=village' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(43);
    expect(fc.features[0].geometry.type).toMatch(/Polygon/);
    const kec = (await t.request({ method: 'GET', url: '/api/v1/regions/geojson?level=kecamatan' })).json();
    expect(kec.features).toHaveLength(4);
    expect((await t.request({ method: 'GET', url: '/api/v1/regions/geojson?level=planet' })).statusCode).toBe(400);
  });

  it('an administrator adds a banjar under a desa in scope; out of scope is 403; others cannot', async () => {
    const add = await t.request({ method: 'POST', url: '/api/v1/regions', cookie: t.adminCookie, payload: { name: 'Banjar Dukuh', type: 'banjar', parentCode: SERANGAN } });
    expect(add.statusCode).toBe(201);
    expect(add.json().code).toBe(`${SERANGAN}.001`);
    const second = await t.request({ method: 'POST', url: '/api/v1/regions', cookie: t.adminCookie, payload: { name: 'Banjar Peken', type: 'banjar', parentCode: SERANGAN } });
    expect(second.json().code).toBe(`${SERANGAN}.002`);
    const children = (await t.request({ method: 'GET', url: `/api/v1/regions?parent=${SERANGAN}` })).json();
    expect(children.map((c: { name: string }) => c.name)).toEqual(['Banjar Dukuh', 'Banjar Peken']);

    const { cookie: selatanAdmin } = await t.staff('admin.selatan.regions', [{ role: 'admin', regionCode: SELATAN }]);
    const outside = await t.request({ method: 'POST', url: '/api/v1/regions', cookie: selatanAdmin, payload: { name: 'Banjar X', type: 'banjar', parentCode: KESIMAN } });
    expect(outside.statusCode).toBe(403);
    const { cookie: officer } = await t.staff('officer.serangan.regions', [{ role: 'village_officer', regionCode: SERANGAN }]);
    const notAdmin = await t.request({ method: 'POST', url: '/api/v1/regions', cookie: officer, payload: { name: 'Banjar Y', type: 'banjar', parentCode: SERANGAN } });
    expect(notAdmin.statusCode).toBe(403);
    const underKecamatan = await t.request({ method: 'POST', url: '/api/v1/regions', cookie: t.adminCookie, payload: { name: 'Banjar Z', type: 'banjar', parentCode: SELATAN } });
    expect(underKecamatan.statusCode).toBe(400);
    expect(underKecamatan.json().errors[0].field).toBe('parentCode');
    const after = (await t.request({ method: 'GET', url: `/api/v1/regions?parent=${SERANGAN}` })).json();
    expect(after).toHaveLength(2);
  });
});

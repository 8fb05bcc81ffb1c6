import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, SELATAN, SERANGAN, TIMUR, type TestApp } from '../app-harness.js';
import { describeEachDatabase } from '../databases.js';
import { verifiedVenue, type VenueFixture } from '../factories/venues.js';
import { fhirSchemaErrors } from '../fhir-schema.js';

const MIN = 60_000;
// FHIR resources are read by path in these assertions; their shape is what the R4 schema check holds.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Entry = { fullUrl: string; resource: Record<string, any> };

// Issue #17: GET /cases/{id}/fhir — the case as a FHIR R4 Bundle, for who may read the case, audited.
describeEachDatabase('FHIR export of a case', (dialect) => {
  let t: TestApp;
  let warung: VenueFixture;
  let tracer: { id: string; cookie: string };
  let caseId: string;
  const nik = '5171011708850001';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    warung = await verifiedVenue(t, { capacity: 50 });
    tracer = await t.staff('fhir.tracer', [{ role: 'health_tracer', regionCode: SELATAN }]);
    const worker = await t.staff('fhir.puskesmas', [{ role: 'health_worker', regionCode: SELATAN }]);
    // The case and a contact at the same warung for an hour.
    for (const [name, phone] of [['Kadek Positif', '081300000001'], ['Bagus Kontak', '081300000003']] as const) {
      expect((await t.request({ method: 'POST', url: '/api/v1/checkins', payload: { token: warung.token, name, phone } })).statusCode).toBe(201);
    }
    t.clock.advance(60 * MIN);
    // Two tests of the case's person: an antigen by phone, a PCR by NIK (the health-records module's).
    const at = new Date(t.clock.now() - 30 * MIN).toISOString();
    expect((await t.request({ method: 'POST', url: '/api/v1/test-results', cookie: worker.cookie, payload: { phone: '081300000001', kind: 'antigen', result: 'positive', at } })).statusCode).toBe(201);
    expect((await t.request({ method: 'POST', url: '/api/v1/test-results', cookie: worker.cookie, payload: { nik, kind: 'pcr', result: 'positive', at } })).statusCode).toBe(201);
    // Somebody else's test must not appear.
    expect((await t.request({ method: 'POST', url: '/api/v1/test-results', cookie: worker.cookie, payload: { phone: '081300000099', kind: 'pcr', result: 'negative', at } })).statusCode).toBe(201);
    const res = await t.request({ method: 'POST', url: '/api/v1/cases', cookie: tracer.cookie, payload: { name: 'Kadek Positif', phone: '081300000001', residenceCode: SERANGAN, category: 'konfirmasi_simptomatik', onsetDate: '2026-11-29', nik, testReference: 'NAR-5171-000009' } });
    expect(res.statusCode).toBe(201);
    caseId = res.json().id;
    const exposures = (await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/exposures`, cookie: tracer.cookie })).json<{ candidateId: string; name: string }[]>();
    const candidate = exposures.find((x) => x.name === 'Bagus Kontak')!;
    expect((await t.request({ method: 'POST', url: `/api/v1/cases/${caseId}/exposures/${candidate.candidateId}/decision`, cookie: tracer.cookie, payload: { decision: 'confirm' } })).statusCode).toBe(200);
  }, 60_000);
  afterAll(() => t.close());

  it('a tracer in scope gets a Bundle that validates against the R4 schema: Patient with NIK, Condition U07.1, an Observation per test, a RelatedPerson per contact; audited', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/fhir`, cookie: tracer.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    expect(res.headers['cache-control']).toBe('no-store');
    const bundle = res.json<{ resourceType: string; type: string; entry: Entry[] }>();
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const of = (type: string) => bundle.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource);
    expect(of('Patient')).toHaveLength(1);
    expect(of('Patient')[0]!.identifier).toContainEqual({ use: 'official', system: 'https://fhir.kemkes.go.id/id/nik', value: nik });
    expect(of('Condition')[0]!.code.coding[0]).toMatchObject({ code: 'U07.1' });
    expect(of('Condition')[0]!.clinicalStatus.coding[0].code).toBe('active');
    expect(of('Observation').map((o) => o.code.coding[0].code).sort()).toEqual(['94500-6', '94558-4']);
    expect(of('RelatedPerson').map((r) => r.name[0].text)).toEqual(['Bagus Kontak']);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'case.export_fhir').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_id: caseId, region_code: SERANGAN });
    expect(audit[0]!.details).not.toContain(nik);
    expect(audit[0]!.details).not.toContain('Kadek');
  });

  it('nobody else: another kecamatan’s tracer 403 (audited, no region named), roles without cases:read 403, anonymous 401, an unknown id 404', async () => {
    const other = await t.staff('fhir.tracer.timur', [{ role: 'health_tracer', regionCode: TIMUR }]);
    const outside = await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/fhir`, cookie: other.cookie });
    expect(outside.statusCode).toBe(403);
    expect(outside.body).not.toContain(SERANGAN);
    expect(outside.body).not.toContain('Kadek');
    const denied = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'case.access_denied').where('entity_id', '=', caseId).execute();
    expect(denied.length).toBeGreaterThanOrEqual(1);
    for (const role of ['health_worker', 'viewer', 'village_officer', 'task_force']) {
      const staff = await t.staff(`fhir.${role}`, [{ role, regionCode: SELATAN }]);
      const res = await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/fhir`, cookie: staff.cookie });
      expect(res.statusCode, role).toBe(403);
      expect(res.body).not.toContain('Kadek');
    }
    expect((await t.request({ method: 'GET', url: `/api/v1/cases/${caseId}/fhir` })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/cases/019ad0c0-0000-7000-8000-000000000000/fhir', cookie: tracer.cookie })).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'case.export_fhir').execute()).toHaveLength(1);
  });
});

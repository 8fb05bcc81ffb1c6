import { describe, expect, it } from 'vitest';
import { fhirSchemaErrors } from '../../../../test/fhir-schema.js';
import { caseToFhirBundle, conditionStatus, NIK_SYSTEM, resourceId, type FhirBundleInput } from './fhir-bundle.js';

// 2026-11-29 02:00 UTC = 10:00 WITA.
const T = Date.UTC(2026, 10, 29, 2, 0);
const input = (over: Partial<FhirBundleInput['case']> = {}, extra: Partial<FhirBundleInput> = {}): FhirBundleInput => ({
  case: {
    id: '019ad0c0-0000-7000-8000-000000000001',
    name: 'Kadek Positif',
    phone: '+6281300000001',
    nik: '5171011708850001',
    residenceCode: '51.71.01.1001',
    category: 'konfirmasi_simptomatik',
    onsetDate: '2026-11-28',
    specimenDate: '2026-11-29',
    confirmedAt: T,
    testReference: 'NAR-5171-000001',
    createdAt: T,
    ...over,
  },
  tests: [
    { id: '019ad0c0-0000-7000-8000-0000000000a1', kind: 'antigen', result: 'positive', at: T - 3_600_000 },
    { id: '019ad0c0-0000-7000-8000-0000000000a2', kind: 'pcr', result: 'negative', at: T + 86_400_000 },
  ],
  contacts: [{ id: '019ad0c0-0000-7000-8000-0000000000c1', name: 'Bagus Kontak', phone: '+6281300000003', lastExposureAt: T - 7_200_000, quarantineEnd: '2026-12-13' }],
  publicUrl: 'https://jagabaya.example.id/',
  timeZone: 'Asia/Makassar',
  now: T + 3_600_000,
  ...extra,
});
// FHIR resources are read by path in these assertions; their shape is what the R4 schema check holds.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Entry = { fullUrl: string; resource: Record<string, any> };
const entries = (b: Record<string, unknown>) => b.entry as Entry[];
const ofType = (b: Record<string, unknown>, type: string) => entries(b).filter((e) => e.resource.resourceType === type).map((e) => e.resource);

describe('a case as a FHIR R4 Bundle', () => {
  it('validates against the official R4 JSON schema, for every category, with and without NIK, tests and contacts', () => {
    for (const category of ['suspek', 'probable', 'konfirmasi_simptomatik', 'konfirmasi_asimptomatik', 'discarded', 'selesai_isolasi', 'meninggal']) {
      expect(fhirSchemaErrors(caseToFhirBundle(input({ category, confirmedAt: category.startsWith('konfirmasi') ? T : null })))).toEqual([]);
    }
    expect(fhirSchemaErrors(caseToFhirBundle(input({ nik: null, onsetDate: null, testReference: null }, { tests: [], contacts: [] })))).toEqual([]);
  });

  it('a broken bundle fails the same validation (so the test above can fail)', () => {
    const good = caseToFhirBundle(input());
    expect(fhirSchemaErrors({ ...good, type: 'pile' })).not.toEqual([]);
    const badObservation = structuredClone(good) as { entry: Entry[] };
    badObservation.entry.find((e) => e.resource.resourceType === 'Observation')!.resource.status = 'done';
    expect(fhirSchemaErrors(badObservation)).not.toEqual([]);
    const unknownField = structuredClone(good) as { entry: Entry[] };
    unknownField.entry[0]!.resource.nik = '5171011708850001';
    expect(fhirSchemaErrors(unknownField)).not.toEqual([]);
    const badDate = structuredClone(good) as { entry: Entry[] };
    badDate.entry.find((e) => e.resource.resourceType === 'Condition')!.resource.onsetDateTime = '28/11/2026';
    expect(fhirSchemaErrors(badDate)).not.toEqual([]);
  });

  it('Patient: NIK under the SATUSEHAT system, name, phone; every reference resolves inside the bundle', () => {
    const b = caseToFhirBundle(input());
    expect(b).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: '2026-11-29T11:00:00.000+08:00' });
    const [patient] = ofType(b, 'Patient');
    expect(patient!.identifier[0]).toEqual({ use: 'official', system: NIK_SYSTEM, value: '5171011708850001' });
    expect(patient).toMatchObject({ name: [{ text: 'Kadek Positif' }], telecom: [{ system: 'phone', value: '+6281300000001' }] });
    const urls = new Set(entries(b).map((e) => e.fullUrl));
    const refs = JSON.stringify(b).match(/"reference":"[^"]+"/g)!.map((r) => r.slice(13, -1));
    expect(refs.length).toBe(1 + 2 + 1);
    for (const r of refs) expect(urls.has(r)).toBe(true);
    for (const e of entries(b)) expect(e.fullUrl).toBe(`urn:uuid:${e.resource.id as string}`);
    // No NIK identifier when it is not known.
    expect(ofType(caseToFhirBundle(input({ nik: null })), 'Patient')[0]!.identifier.map((i: { system: string }) => i.system)).not.toContain(NIK_SYSTEM);
  });

  it('Condition: U07.1 once confirmed, U07.2 before; statuses from the category; onset', () => {
    const [confirmed] = ofType(caseToFhirBundle(input()), 'Condition');
    expect(confirmed!.code.coding.map((c: { code: string }) => c.code)).toEqual(['U07.1', '840539006']);
    expect(confirmed).toMatchObject({ clinicalStatus: { coding: [{ code: 'active' }] }, verificationStatus: { coding: [{ code: 'confirmed' }] }, onsetDateTime: '2026-11-28' });
    const [suspect] = ofType(caseToFhirBundle(input({ category: 'suspek', confirmedAt: null })), 'Condition');
    expect(suspect!.code.coding.map((c: { code: string }) => c.code)).toEqual(['U07.2', '840544004']);
    expect(conditionStatus('discarded', false)).toEqual({ clinical: 'inactive', verification: 'refuted' });
    expect(conditionStatus('selesai_isolasi', true)).toEqual({ clinical: 'resolved', verification: 'confirmed' });
    expect(ofType(caseToFhirBundle(input({ category: 'meninggal' })), 'Patient')[0]!.deceasedBoolean).toBe(true);
  });

  it('Observation per test (LOINC antigen / PCR, SNOMED result), RelatedPerson per contact with the exposure period', () => {
    const b = caseToFhirBundle(input());
    const obs = ofType(b, 'Observation');
    expect(obs.map((o) => [o.code.coding[0].code, o.valueCodeableConcept.coding[0].code, o.effectiveDateTime])).toEqual([
      ['94558-4', '10828004', '2026-11-29T09:00:00.000+08:00'],
      ['94500-6', '260385009', '2026-11-30T10:00:00.000+08:00'],
    ]);
    const [rp] = ofType(b, 'RelatedPerson');
    expect(rp).toMatchObject({ name: [{ text: 'Bagus Kontak' }], period: { start: '2026-11-29T08:00:00.000+08:00', end: '2026-12-13' } });
    // Stable ids: the same records give the same resource ids on every export.
    expect(ofType(caseToFhirBundle(input()), 'RelatedPerson')[0]!.id).toBe(resourceId('related-person', '019ad0c0-0000-7000-8000-0000000000c1'));
  });
});

import { v5 as uuidv5 } from 'uuid';
import { toIso } from '../../shared/clock.js';

/*
 * A case and its contacts as a FHIR R4 Bundle (issue #17, "SATUSEHAT-ready"): pure, so the mapping is unit-tested and
 * validated against the official R4 JSON schema without a database.
 *
 * - Bundle.type `collection`: a set of resources handed over for the receiver to map and ingest (SATUSEHAT takes
 *   resources one by one or in transactions against its own Patient ids), not an attested clinical document: a
 *   `document` needs a Composition with an author and the signature semantics of a letter, which a tracer's export is not.
 * - Patient: the case, NIK under SATUSEHAT's NIK system when known, name, phone, deceased when the case died.
 * - Condition: COVID-19; ICD-10 U07.1 (virus identified) once confirmed, else U07.2; SNOMED CT 840539006 (disease
 *   caused by SARS-CoV-2) or 840544004 (suspected); clinical and verification status from the case's category.
 * - Observation: each test result of the person (the health-records module's), LOINC 94558-4 (antigen, rapid
 *   immunoassay) or 94500-6 (RNA, NAA with probe detection), SNOMED positive/negative.
 * - RelatedPerson: each confirmed contact, related to the Patient by the exposure (period: last exposure to the end of
 *   quarantine). Not Encounter: an Encounter is an interaction between a patient and a care provider, whereas an
 *   exposure at a warung is a relation between two people, and the contact is not a patient of this record.
 * Ids are UUIDv5 of the record's own id, so the same case exported twice yields the same resource ids.
 */

export const NIK_SYSTEM = 'https://fhir.kemkes.go.id/id/nik';
export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
/** A fixed namespace for the resource ids (UUIDv5 of "<kind>:<record id>"). */
const ID_NAMESPACE = '6c0d3b7e-4f1a-5d2b-9a8e-1c2f3a4b5c6d';

export interface FhirCase {
  id: string;
  name: string;
  /** E.164. */
  phone: string;
  nik: string | null;
  residenceCode: string;
  category: string;
  onsetDate: string | null;
  specimenDate: string | null;
  confirmedAt: number | null;
  testReference: string | null;
  createdAt: number;
}
export interface FhirTest {
  id: string;
  kind: 'antigen' | 'pcr';
  result: 'positive' | 'negative';
  /** When the specimen was taken (UTC epoch ms). */
  at: number;
}
export interface FhirContact {
  id: string;
  name: string;
  phone: string;
  lastExposureAt: number;
  /** Local date YYYY-MM-DD. */
  quarantineEnd: string;
}
export interface FhirBundleInput {
  case: FhirCase;
  tests: readonly FhirTest[];
  contacts: readonly FhirContact[];
  /** The instance's public URL: the namespace of its own identifiers. */
  publicUrl: string;
  timeZone: string;
  now: number;
}

type Json = Record<string, unknown>;

export const resourceId = (kind: string, id: string): string => uuidv5(`${kind}:${id}`, ID_NAMESPACE);
const urn = (id: string) => `urn:uuid:${id}`;

const TESTS = {
  antigen: { code: '94558-4', display: 'SARS-CoV-2 (COVID-19) Ag [Presence] in Respiratory specimen by Rapid immunoassay' },
  pcr: { code: '94500-6', display: 'SARS-CoV-2 (COVID-19) RNA [Presence] in Respiratory specimen by NAA with probe detection' },
} as const;
const RESULTS = {
  positive: { snomed: '10828004', display: 'Positive', interpretation: 'POS' },
  negative: { snomed: '260385009', display: 'Negative', interpretation: 'NEG' },
} as const;

/** The Condition's statuses from the case's category (tracing.rules.ts): what the tracer recorded, nothing inferred. */
export function conditionStatus(category: string, confirmed: boolean): { clinical: 'active' | 'inactive' | 'resolved'; verification: 'confirmed' | 'provisional' | 'refuted' } {
  switch (category) {
    case 'discarded': return { clinical: 'inactive', verification: 'refuted' };
    case 'selesai_isolasi': return { clinical: 'resolved', verification: confirmed ? 'confirmed' : 'provisional' };
    case 'meninggal': return { clinical: 'inactive', verification: confirmed ? 'confirmed' : 'provisional' };
    case 'konfirmasi_simptomatik':
    case 'konfirmasi_asimptomatik': return { clinical: 'active', verification: 'confirmed' };
    default: return { clinical: 'active', verification: 'provisional' };
  }
}

export function caseToFhirBundle(input: FhirBundleInput): Json {
  const { case: c, publicUrl, timeZone } = input;
  const base = publicUrl.replace(/\/+$/, '');
  const iso = (ms: number) => toIso(ms, timeZone);
  const confirmed = c.confirmedAt !== null || c.category === 'konfirmasi_simptomatik' || c.category === 'konfirmasi_asimptomatik';
  const status = conditionStatus(c.category, confirmed);
  const patientId = resourceId('patient', c.id);
  const patientRef = { reference: urn(patientId) };

  const patient: Json = {
    resourceType: 'Patient',
    id: patientId,
    identifier: [
      ...(c.nik ? [{ use: 'official', system: NIK_SYSTEM, value: c.nik }] : []),
      { use: 'secondary', system: `${base}/fhir/sid/case`, value: c.id },
    ],
    name: [{ use: 'official', text: c.name }],
    telecom: [{ system: 'phone', value: c.phone, use: 'mobile' }],
    address: [{ use: 'home', extension: [{ url: `${base}/fhir/StructureDefinition/region-code`, valueCode: c.residenceCode }] }],
    ...(c.category === 'meninggal' ? { deceasedBoolean: true } : {}),
  };

  const condition: Json = {
    resourceType: 'Condition',
    id: resourceId('condition', c.id),
    identifier: [{ system: `${base}/fhir/sid/case`, value: c.id }],
    clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: status.clinical }] },
    verificationStatus: { coding: [{ system: CONDITION_VERIFICATION, code: status.verification }] },
    category: [{ coding: [{ system: CONDITION_CATEGORY, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
    code: confirmed
      ? { coding: [{ system: ICD10, code: 'U07.1', display: 'COVID-19, virus identified' }, { system: SNOMED, code: '840539006', display: 'Disease caused by severe acute respiratory syndrome coronavirus 2 (disorder)' }], text: 'COVID-19' }
      : { coding: [{ system: ICD10, code: 'U07.2', display: 'COVID-19, virus not identified' }, { system: SNOMED, code: '840544004', display: 'Suspected disease caused by severe acute respiratory coronavirus 2 (situation)' }], text: 'COVID-19' },
    subject: patientRef,
    ...(c.onsetDate ? { onsetDateTime: c.onsetDate } : {}),
    recordedDate: iso(c.createdAt),
    note: [{ text: `Jaga Baya category: ${c.category}` }],
    ...(c.testReference ? { evidence: [{ detail: [{ identifier: { system: `${base}/fhir/sid/lab-reference`, value: c.testReference }, display: c.testReference }] }] } : {}),
  };

  const observations: Json[] = input.tests.map((t) => ({
    resourceType: 'Observation',
    id: resourceId('observation', t.id),
    identifier: [{ system: `${base}/fhir/sid/test-result`, value: t.id }],
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }] }],
    code: { coding: [{ system: LOINC, ...TESTS[t.kind] }], text: t.kind === 'pcr' ? 'SARS-CoV-2 RT-PCR' : 'SARS-CoV-2 antigen' },
    subject: patientRef,
    effectiveDateTime: iso(t.at),
    valueCodeableConcept: { coding: [{ system: SNOMED, code: RESULTS[t.result].snomed, display: RESULTS[t.result].display }] },
    interpretation: [{ coding: [{ system: INTERPRETATION, code: RESULTS[t.result].interpretation }] }],
  }));

  const relatedPeople: Json[] = input.contacts.map((k) => ({
    resourceType: 'RelatedPerson',
    id: resourceId('related-person', k.id),
    identifier: [{ system: `${base}/fhir/sid/contact`, value: k.id }],
    active: true,
    patient: patientRef,
    relationship: [{ coding: [{ system: `${base}/fhir/CodeSystem/exposure`, code: 'close-contact', display: 'Close contact (exposure)' }], text: 'Kontak erat' }],
    name: [{ text: k.name }],
    telecom: [{ system: 'phone', value: k.phone, use: 'mobile' }],
    period: { start: iso(k.lastExposureAt), end: k.quarantineEnd },
  }));

  const resources = [patient, condition, ...observations, ...relatedPeople];
  return {
    resourceType: 'Bundle',
    id: resourceId('bundle', `${c.id}:${input.now}`),
    identifier: { system: `${base}/fhir/sid/export`, value: resourceId('bundle', `${c.id}:${input.now}`) },
    type: 'collection',
    timestamp: iso(input.now),
    entry: resources.map((r) => ({ fullUrl: urn(r.id as string), resource: r })),
  };
}

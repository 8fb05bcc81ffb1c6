import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { toCsv } from '../../shared/csv.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import { caseToFhirBundle, type FhirTest } from './fhir-bundle.js';
import type { TracingAccess } from './tracing.access.js';
import type { TracingPresenter } from './tracing.presenter.js';
import * as repo from './tracing.repository.js';

/** The health-records module's test results of a person (by the check-in person key and the NIKs of their cases). */
export type PersonTestsFn = (personKey: string, niks: readonly string[]) => Promise<readonly FhirTest[]>;

/** Export: the contacts of a case as CSV (formula-safe, see shared/csv.ts), and the case as a FHIR R4 Bundle; both audited. */
export function createExportService(deps: { db: Db; clock: Clock; access: TracingAccess; presenter: TracingPresenter; publicUrl: string; timeZone: string; personTests?: PersonTestsFn }) {
  const { db, clock, access, presenter } = deps;
  return {
    async exportContactsCsv(ctx: RequestContext, caseId: string): Promise<string> {
      const { case: c } = await access.requireCase(ctx, caseId, 'cases:read');
      const rows = await repo.contactsOfCase(db, c.id);
      const contacts = presenter.presentContacts(rows, await repo.reportsOfContacts(db, rows.map((r) => r.id)));
      await recordAudit(db, clock, ctx, { action: 'case.export_contacts', entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { rows: contacts.length } });
      const { header, rows: lines } = presenter.contactsCsv(contacts);
      return toCsv(header, lines);
    },

    /**
     * The case, its COVID-19 condition, the person's test results and the case's contacts as a FHIR R4 Bundle
     * (fhir-bundle.ts). Who may read the case reads this (`cases:read` in scope of its residence, as GET /cases/{id});
     * audited as `case.export_fhir` with the counts, never a value.
     */
    async exportFhir(ctx: RequestContext, caseId: string): Promise<Record<string, unknown>> {
      const { case: row } = await access.requireCase(ctx, caseId, 'cases:read');
      const c = presenter.presentCase(row);
      const contactRows = await repo.contactsOfCase(db, row.id);
      const contacts = presenter.presentContacts(contactRows, []);
      const tests = deps.personTests ? await deps.personTests(row.person_key, c.nik ? [c.nik] : []) : [];
      await recordAudit(db, clock, ctx, { action: 'case.export_fhir', entityType: 'case', entityId: row.id, regionCode: row.residence_code, details: { format: 'fhir-r4', tests: tests.length, contacts: contacts.length } });
      return caseToFhirBundle({
        case: c,
        tests,
        contacts: contacts.map((k) => ({ id: k.id, name: k.name, phone: k.phone, lastExposureAt: k.lastExposureAt, quarantineEnd: k.quarantineEnd })),
        publicUrl: deps.publicUrl,
        timeZone: deps.timeZone,
        now: clock.now(),
      });
    },
  };
}

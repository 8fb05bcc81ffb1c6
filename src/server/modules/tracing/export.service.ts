import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { toCsv } from '../../shared/csv.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { TracingAccess } from './tracing.access.js';
import type { TracingPresenter } from './tracing.presenter.js';
import * as repo from './tracing.repository.js';

/** Export: the contacts of a case as CSV (formula-safe, see shared/csv.ts), audited. */
export function createExportService(deps: { db: Db; clock: Clock; access: TracingAccess; presenter: TracingPresenter }) {
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
  };
}

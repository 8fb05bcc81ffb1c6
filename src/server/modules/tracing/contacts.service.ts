import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { decryptText } from '../../shared/crypto.js';
import { newId } from '../../shared/ids.js';
import { systemContext, type RequestContext } from '../../shared/request-context.js';
import { recordAudit, recordListRead } from '../audit/index.js';
import { isVillage, type RegionsService } from '../regions/index.js';
import type { CaseRegistration } from './case-registration.js';
import type { CaseTiming } from './case-timing.js';
import type { TracingAccess } from './tracing.access.js';
import { tracingProblems } from './tracing.errors.js';
import type { TracingKeys } from './tracing.keys.js';
import type { ContactView, TracingPresenter } from './tracing.presenter.js';
import * as repo from './tracing.repository.js';
import { isValidDate, SYMPTOMS } from './tracing.rules.js';
import type { CasesTable, ContactsTable } from './tracing.table.js';

export interface ContactsDeps {
  db: Db;
  clock: Clock;
  timing: CaseTiming;
  keys: TracingKeys;
  access: TracingAccess;
  presenter: TracingPresenter;
  registration: CaseRegistration;
  regions: Pick<RegionsService, 'get'>;
}

export type FollowUpState = { kind: 'ok'; contact: ContactsTable; today: string; reportedToday: boolean } | { kind: 'unknown' } | { kind: 'expired'; contact: ContactsTable };

/**
 * Contacts and their follow-up: the tracers' daily list, test results (a positive contact becomes a case), discharge;
 * and the service side of the contact's personal page (/k/{token}) where they report daily.
 */
export function createContactsService(deps: ContactsDeps) {
  const { db, clock, timing, keys, access, presenter, registration } = deps;

  async function followUpByToken(token: string): Promise<FollowUpState> {
    const contact = await access.contactByToken(token);
    if (!contact) return { kind: 'unknown' };
    const t = timing.today();
    if (contact.status !== 'quarantine' || t > contact.quarantine_end) return { kind: 'expired', contact };
    const reports = await repo.reportsOfContacts(db, [contact.id]);
    return { kind: 'ok', contact, today: t, reportedToday: reports.some((r) => r.date === t) };
  }

  return {
    async followUpList(ctx: RequestContext): Promise<ContactView[]> {
      const principal = access.requirePermission(ctx, 'cases:read');
      const rows = await repo.contactsInScopes(db, principal.scopesFor('cases:read'), ['quarantine']);
      await recordListRead(db, clock, ctx, principal.scopesFor('cases:read'), { action: 'contact.list', entityType: 'contact', details: { count: rows.length } });
      return presenter.presentContacts(rows, await repo.reportsOfContacts(db, rows.map((r) => r.id)));
    },

    async recordTest(ctx: RequestContext, contactId: string, input: { result: 'negative' | 'positive'; date: string; category?: string; residenceCode?: string; onsetDate?: string; testReference?: string }): Promise<{ contactId: string; caseId: string | null }> {
      const { principal, contact } = await access.requireContact(ctx, contactId);
      if (contact.status !== 'quarantine') throw tracingProblems.contactClosed(contact.status);
      const today = timing.today();
      if (!isValidDate(input.date)) throw tracingProblems.field('date', 'validation.invalidDate');
      if (input.date > today) throw tracingProblems.field('date', 'validation.dateInFuture', { today });
      const category = input.category ?? (input.onsetDate ? 'konfirmasi_simptomatik' : 'konfirmasi_asimptomatik');
      // Residence of a contact found through check-ins is unknown: the tracer names it, else the follow-up desa,
      // else (follow-up by a kecamatan or the city) the desa of the source case.
      let residenceCode = input.residenceCode;
      if (residenceCode === undefined) {
        const followUp = await deps.regions.get(contact.follow_up_region_code).catch(() => null);
        residenceCode = followUp && isVillage(followUp.type) ? followUp.code : ((await repo.findCase(db, contact.case_id))?.residence_code ?? contact.follow_up_region_code);
      }
      const prepared =
        input.result === 'positive'
          ? await registration.prepare(principal, {
              name: decryptText(keys.dataKey, contact.name_enc),
              phone: decryptText(keys.dataKey, contact.phone_enc),
              residenceCode,
              category,
              specimenDate: input.date,
              ...(input.onsetDate ? { onsetDate: input.onsetDate } : {}),
              ...(input.testReference ? { testReference: input.testReference } : {}),
              language: contact.language === 'en' ? 'en' : 'id',
            })
          : null;
      const now = clock.now();
      const out = await registration.withProbeAudit(ctx, () => db.transaction().execute(async (trx) => {
        let caseRow: CasesTable | null = null;
        if (prepared) caseRow = await registration.registerIn(trx, ctx, prepared, contact.case_id);
        await repo.updateContact(trx, contact.id, { test_result: input.result, test_date: input.date, status: caseRow ? 'became_case' : contact.status, became_case_id: caseRow?.id ?? null, updated_at: now });
        await recordAudit(trx, clock, ctx, { action: 'contact.test', entityType: 'contact', entityId: contact.id, regionCode: contact.follow_up_region_code, details: { result: input.result, date: input.date, caseId: caseRow?.id ?? null } });
        return caseRow;
      }));
      if (out?.confirmed_at) await registration.feedZone(out.residence_code);
      return { contactId: contact.id, caseId: out?.id ?? null };
    },

    async discharge(ctx: RequestContext, contactId: string): Promise<{ contactId: string; status: string }> {
      const { contact } = await access.requireContact(ctx, contactId);
      if (contact.status !== 'quarantine') throw tracingProblems.contactClosed(contact.status);
      if (timing.today() < contact.quarantine_end) throw tracingProblems.quarantineNotOver(contact.quarantine_end);
      await db.transaction().execute(async (trx) => {
        await repo.updateContact(trx, contact.id, { status: 'discharged', updated_at: clock.now() });
        await recordAudit(trx, clock, ctx, { action: 'contact.discharge', entityType: 'contact', entityId: contact.id, regionCode: contact.follow_up_region_code });
      });
      return { contactId: contact.id, status: 'discharged' };
    },

    /** Daily job (system, no caller): contacts whose quarantine ended without a positive test are discharged. */
    async dischargeDue(): Promise<number> {
      const due = await repo.contactsDueForDischarge(db, timing.today());
      for (const c of due) {
        await db.transaction().execute(async (trx) => {
          await repo.updateContact(trx, c.id, { status: 'discharged', updated_at: clock.now() });
          await recordAudit(trx, clock, systemContext, { action: 'contact.discharge', entityType: 'contact', entityId: c.id, regionCode: c.follow_up_region_code, details: { automatic: true } });
        });
      }
      return due.length;
    },

    /** The public follow-up page: the contact behind a link, or why the link does not work. */
    followUpByToken,

    async submitReport(token: string, input: { symptomatic: boolean; symptoms: string[]; temperatureC: number | null }): Promise<{ kind: 'ok' | 'unknown' | 'expired' | 'invalid' }> {
      const found = await followUpByToken(token);
      if (found.kind !== 'ok') return { kind: found.kind };
      const symptoms = input.symptoms.filter((s) => (SYMPTOMS as readonly string[]).includes(s));
      if (input.temperatureC !== null && (!Number.isFinite(input.temperatureC) || input.temperatureC < 34 || input.temperatureC > 43)) return { kind: 'invalid' };
      const symptomatic = input.symptomatic || symptoms.length > 0 || (input.temperatureC !== null && input.temperatureC >= 38);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await repo.replaceReport(trx, { id: newId(now), contact_id: found.contact.id, date: found.today, symptomatic: symptomatic ? 1 : 0, symptoms: JSON.stringify(symptoms), temperature_c: input.temperatureC, at: now });
        await recordAudit(trx, clock, systemContext, { action: 'contact.report', entityType: 'contact', entityId: found.contact.id, regionCode: found.contact.follow_up_region_code, details: { symptomatic } });
      });
      return { kind: 'ok' };
    },
  };
}

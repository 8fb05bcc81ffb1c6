import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { encryptText, randomToken, sha256Hex } from '../../shared/crypto.js';
import { newId } from '../../shared/ids.js';
import type { Language } from '../../shared/language.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { TracingKeys } from './tracing.keys.js';
import type { EnqueueFn } from './tracing.outbox.js';
import type { ContactView, TracingPresenter } from './tracing.presenter.js';
import * as repo from './tracing.repository.js';
import type { ContactsTable } from './tracing.table.js';

export interface SelfIsolationDeps {
  db: Db;
  clock: Clock;
  keys: TracingKeys;
  presenter: TracingPresenter;
  publicUrl: string;
  /** The check-ins module's keyed hash of a phone: the contact's person key, and what the device inbox shows the SMS by. */
  personKeyOf: (e164: string) => string;
  enqueue?: EnqueueFn;
  /** The SMS with the personal link, in the person's language (≤ 160 characters). */
  selfIsolationText?: (lang: Language, params: { end: string; link: string }) => string;
}

export interface SelfIsolationInput {
  name: string;
  /** E.164. */
  phone: string;
  /** The desa whose officer follows the person. */
  regionCode: string;
  /** Last day of the self-isolation (YYYY-MM-DD). */
  until: string;
  language: Language;
  /** What the follow-up is for, for the audit trail (e.g. `arrival:<id>`). */
  source: string;
}

/** What another module's staff screen shows of a follow-up: the state and the daily reports, no personal data. */
export interface SelfIsolationView {
  id: string;
  until: string;
  status: string;
  reportedToday: boolean;
  missedDays: number;
  lastReport: ContactView['lastReport'];
  /** The highest temperature reported (°C) and its day, when any report gave one. */
  highestTemperature: { date: string; temperatureC: number } | null;
}

/**
 * A self-isolation followed with the same personal link, page and daily reports as a case's contacts (/k/{token}),
 * for a person who is nobody's contact (a newcomer, issue #15): a `contacts` row without a case. The link is sent by
 * SMS through the outbox in the caller's transaction and never returned.
 */
export function createSelfIsolationService(deps: SelfIsolationDeps) {
  const { db, clock, keys, presenter } = deps;
  const linkFor = (token: string) => `${deps.publicUrl.replace(/\/$/, '')}/k/${token}`;

  return {
    /** Opens the follow-up in `trx` (the caller's change) and queues the SMS with the link; answers the follow-up's id. */
    async startSelfIsolation(trx: Db, ctx: RequestContext, input: SelfIsolationInput): Promise<{ id: string }> {
      const now = clock.now();
      const token = randomToken(16);
      const personKey = deps.personKeyOf(input.phone);
      const row: ContactsTable = {
        id: newId(now),
        case_id: null,
        candidate_id: null,
        person_key: personKey,
        name_enc: encryptText(keys.dataKey, input.name),
        phone_enc: encryptText(keys.dataKey, input.phone),
        follow_up_region_code: input.regionCode,
        last_exposure_at: now,
        quarantine_end: input.until,
        token_hash: sha256Hex(token),
        language: input.language,
        status: 'quarantine',
        test_result: null,
        test_date: null,
        became_case_id: null,
        created_by: ctx.principal?.userId ?? null,
        created_at: now,
        updated_at: now,
      };
      await repo.insertContact(trx, row);
      await recordAudit(trx, clock, ctx, { action: 'contact.self_isolation', entityType: 'contact', entityId: row.id, regionCode: input.regionCode, details: { source: input.source, until: input.until } });
      if (deps.enqueue && deps.selfIsolationText) {
        const end = `${input.until.slice(8, 10)}/${input.until.slice(5, 7)}`;
        const body = deps.selfIsolationText(input.language, { end, link: linkFor(token) });
        await deps.enqueue(trx, { channel: 'sms', recipient: input.phone, body, lang: input.language, dedupeKey: `contact:${row.id}`, personKey, regionCode: input.regionCode });
      }
      return { id: row.id };
    },

    /** The follow-ups' state and reports by id (the caller has already checked its own record's scope). */
    async selfIsolations(ids: readonly string[]): Promise<Map<string, SelfIsolationView>> {
      const rows = await repo.contactsByIds(db, ids);
      const reports = await repo.reportsOfContacts(db, rows.map((r) => r.id));
      const views = presenter.presentContacts(rows, reports);
      return new Map(
        views.map((v) => {
          const highest = reports
            .filter((r) => r.contact_id === v.id && r.temperature_c !== null)
            .reduce<{ date: string; temperatureC: number } | null>((top, r) => (top === null || (r.temperature_c as number) > top.temperatureC ? { date: r.date, temperatureC: r.temperature_c as number } : top), null);
          return [v.id, { id: v.id, until: v.quarantineEnd, status: v.status, reportedToday: v.reportedToday, missedDays: v.missedDays, lastReport: v.lastReport, highestTemperature: highest }];
        }),
      );
    },

    /** Retention: the follow-ups and their reports go with the record that opened them. */
    async deleteSelfIsolations(trx: Db, ids: readonly string[]): Promise<void> {
      await repo.deleteContactsWithoutCase(trx, ids);
    },
  };
}

export type SelfIsolationService = ReturnType<typeof createSelfIsolationService>;

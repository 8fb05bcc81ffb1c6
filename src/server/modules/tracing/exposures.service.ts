import type { Db } from '../../db/kysely.js';
import type { ReadSource } from '../../db/read-replica.js';
import type { Clock } from '../../shared/clock.js';
import { encryptText, randomToken, sha256Hex } from '../../shared/crypto.js';
import { problems } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Language } from '../../shared/language.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { SealedVisitPerson } from '../checkins/index.js';
import { addDaysToDate } from '../../shared/local-time.js';
import { isWithinRegion } from '../regions/index.js';
import type { CaseTiming } from './case-timing.js';
import { exposuresOf } from './exposure-query.js';
import type { TracingAccess } from './tracing.access.js';
import { tracingProblems } from './tracing.errors.js';
import type { TracingKeys } from './tracing.keys.js';
import type { ExposureSearchService } from './exposure-search.service.js';
import type { EnqueueFn } from './tracing.outbox.js';
import type { ExposureView, TracingPresenter } from './tracing.presenter.js';
import { venueNames, visitPeople } from './tracing.read-model.js';
import * as repo from './tracing.repository.js';
import type { TracingSettings } from './tracing.rules.js';
import type { CasesTable, ContactsTable, ExposureCandidatesTable } from './tracing.table.js';
import { defaultContactText } from './tracing.texts.js';

export interface ExposuresDeps {
  db: Db;
  /**
   * Exposure finding reads the visits here (db/read-replica.ts): the window of a case ends before it is registered, so
   * a few seconds of lag miss nothing; the candidates found are written to, and re-read from, the primary.
   */
  reads: ReadSource;
  clock: Clock;
  settings: TracingSettings;
  timing: CaseTiming;
  keys: TracingKeys;
  access: TracingAccess;
  presenter: TracingPresenter;
  publicUrl: string;
  /** The check-ins module's decryption of a visit's person. */
  decryptVisitPerson: (row: SealedVisitPerson) => { name: string; phone: string };
  /** The notification outbox; without it (tests of other modules) nothing is sent. */
  enqueue?: EnqueueFn;
  /** The text of the contact's SMS in their language (≤ 160 characters). */
  contactText?: (lang: Language, params: { end: string; link: string }) => string;
  /** Need-to-know: the ground of a search, and its record (audit with purpose, volume count). */
  search: Pick<ExposureSearchService, 'requireSearchGround' | 'recordSearch'>;
}

/** Exposures: the candidate contacts found from check-ins, and the tracer's decision that makes one a contact. */
export function createExposuresService(deps: ExposuresDeps) {
  const { db, reads, clock, settings, timing, keys, access, presenter } = deps;
  const linkFor = (token: string) => `${deps.publicUrl.replace(/\/$/, '')}/k/${token}`;

  /** Persists new candidates, refreshes pending ones; decided ones stay as decided. */
  async function computeCandidates(c: CasesTable): Promise<ExposureCandidatesTable[]> {
    const { candidates: found } = await exposuresOf(reads.db(), c.person_key, timing.exposureOptions(timing.windowOf(c)));
    const existing = new Map((await repo.candidatesOfCase(db, c.id)).map((x) => [x.person_key, x]));
    const now = clock.now();
    for (const f of found) {
      const fields = {
        visit_id: f.latestVisitId,
        classification: f.classification,
        total_overlap_minutes: f.totalOverlapMinutes,
        last_exposure_at: f.lastExposureAt,
        venues: JSON.stringify(f.venues.map((v) => ({ venueId: v.venueId, overlapMinutes: v.overlapMinutes, estimated: v.estimated }))),
        computed_at: now,
      };
      const known = existing.get(f.personKey);
      if (!known) await repo.insertCandidate(db, { id: newId(now), case_id: c.id, person_key: f.personKey, ...fields, status: 'pending', reason: null, decided_by: null, decided_at: null });
      else if (known.status === 'pending') await repo.refreshPendingCandidate(db, known.id, fields);
    }
    return repo.candidatesOfCase(db, c.id);
  }

  return {
    async exposures(ctx: RequestContext, id: string): Promise<ExposureView[]> {
      const { principal, case: c } = await access.requireCase(ctx, id, 'cases:read');
      const basis = deps.search.requireSearchGround(c);
      const candidates = await computeCandidates(c);
      const people = new Map((await visitPeople(db, candidates.map((x) => x.visit_id))).map((v) => [v.id, deps.decryptVisitPerson(v)]));
      const venueIds = [...new Set(candidates.flatMap((x) => (JSON.parse(x.venues) as { venueId: string }[]).map((v) => v.venueId)))];
      const names = await venueNames(db, venueIds);
      const contacts = new Map((await repo.contactsOfCase(db, c.id)).map((k) => [k.candidate_id, k.id]));
      await deps.search.recordSearch(ctx, principal, c, basis, candidates);
      return presenter.presentExposures(candidates, people, names, contacts);
    },

    async decide(ctx: RequestContext, caseId: string, candidateId: string, input: { decision: 'confirm' | 'dismiss'; reason?: string; language?: Language }): Promise<{ candidateId: string; status: string; contactId: string | null; quarantineEnd: string | null }> {
      const { principal, case: c, candidate } = await access.requireCandidate(ctx, caseId, candidateId);
      deps.search.requireSearchGround(c);
      const reason = input.reason?.trim() || null;
      if (input.decision === 'dismiss' && !reason) throw tracingProblems.field('reason', 'validation.reasonRequired');
      if (candidate.status !== 'pending') throw tracingProblems.alreadyDecided(candidate.status);
      const status = input.decision === 'confirm' ? 'confirmed' : 'dismissed';
      const now = clock.now();
      const result = await db.transaction().execute(async (trx) => {
        if (!(await repo.decideCandidate(trx, candidate.id, status, reason, principal.userId, now))) throw tracingProblems.decidedMeanwhile();
        await recordAudit(trx, clock, ctx, { action: `exposure.${input.decision}`, entityType: 'case', entityId: c.id, regionCode: c.residence_code, details: { candidateId: candidate.id, reason } });
        if (input.decision === 'dismiss') return { contactId: null, quarantineEnd: null };
        const visit = (await visitPeople(trx, [candidate.visit_id]))[0];
        if (!visit) throw problems.notFound();
        const person = deps.decryptVisitPerson(visit);
        const quarantineEnd = addDaysToDate(timing.localDate(candidate.last_exposure_at), settings.quarantineDays);
        const token = randomToken(16);
        const lang: Language = input.language ?? 'id';
        // Residence of a contact found through a check-in is unknown: the confirming tracer's own region follows up.
        const followUp = principal.scopesFor('cases:manage').find((s) => isWithinRegion(c.residence_code, s)) ?? principal.scopesFor('cases:manage')[0] ?? c.region_code;
        const contact: ContactsTable = {
          id: newId(now),
          case_id: c.id,
          candidate_id: candidate.id,
          person_key: candidate.person_key,
          name_enc: encryptText(keys.dataKey, person.name),
          phone_enc: encryptText(keys.dataKey, person.phone),
          follow_up_region_code: followUp,
          last_exposure_at: candidate.last_exposure_at,
          quarantine_end: quarantineEnd,
          token_hash: sha256Hex(token),
          language: lang,
          status: 'quarantine',
          test_result: null,
          test_date: null,
          became_case_id: null,
          created_by: principal.userId,
          created_at: now,
          updated_at: now,
        };
        await repo.insertContact(trx, contact);
        await recordAudit(trx, clock, ctx, { action: 'contact.create', entityType: 'contact', entityId: contact.id, regionCode: followUp, details: { caseId: c.id, quarantineEnd } });
        if (deps.enqueue) {
          const link = linkFor(token);
          const end = `${quarantineEnd.slice(8, 10)}/${quarantineEnd.slice(5, 7)}`;
          let body = defaultContactText(lang, end, link);
          try {
            if (deps.contactText) body = deps.contactText(lang, { end, link });
          } catch {
            // The outbox's own template did not fit one SMS with this link: the shorter fallback is used.
          }
          await deps.enqueue(trx, { channel: 'sms', recipient: person.phone, body, lang, dedupeKey: `contact:${contact.id}`, personKey: contact.person_key, regionCode: c.residence_code });
        }
        return { contactId: contact.id, quarantineEnd };
      });
      return { candidateId: candidate.id, status, contactId: result.contactId, quarantineEnd: result.quarantineEnd };
    },

    /** Test-only door: the personal link of a contact is sent, never returned; tests read it back from the outbox. */
    linkFor,
  };
}

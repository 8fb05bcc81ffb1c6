import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { sha256Hex } from '../../shared/crypto.js';
import { problems } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import type { Principal } from '../accounts/index.js';
import type { VenueAccessLayer } from '../venues/index.js';
import { tracingProblems } from './tracing.errors.js';
import * as repo from './tracing.repository.js';
import type { CasesTable, ContactsTable, ExposureCandidatesTable } from './tracing.table.js';

/*
 * THE record-level access layer of tracing: every service method starts with one call in here, which loads the record
 * the caller may act on or throws. 401 without a session; 403 when the caller holds the permission nowhere; 404 when
 * the record does not exist; 403 (out of scope, without the record's region, audited) when it lies outside every
 * region of theirs — the answers the API tests assert. Routes check no more than their `config.access`.
 */
/** A contact of a case (every contact the tracers act on). */
export type CaseContact = ContactsTable & { case_id: string };

export type CasePermission = 'cases:read' | 'cases:manage';

export function createTracingAccess(deps: { db: Db; clock: Clock; venueAccess: Pick<VenueAccessLayer, 'requireVenue'> }) {
  const { db, clock, venueAccess } = deps;

  /**
   * A staff member who may work with cases reached a record outside their scopes: answered 403 without naming where
   * the record lies (issue #14, finding 3), and audited under the record's region, so its administrators see the probe.
   */
  async function deny(ctx: RequestContext, entityType: 'case' | 'contact', entityId: string, regionCode: string, permission: string): Promise<never> {
    await recordAudit(db, clock, ctx, { action: `${entityType}.access_denied`, entityType, entityId, regionCode, details: { permission } });
    throw tracingProblems.caseOutOfScope();
  }

  /** The caller, holding `permission` somewhere (actions on no single record: lists, registration, clusters). */
  function requirePermission(ctx: RequestContext, permission: CasePermission | 'venues:read'): Principal {
    if (!ctx.principal) throw problems.unauthenticated();
    ctx.principal.require(permission);
    return ctx.principal;
  }

  /** A case the caller may see or change: 404 when it does not exist, 403 outside every scope of theirs. */
  async function requireCase(ctx: RequestContext, id: string, permission: CasePermission): Promise<{ principal: Principal; case: CasesTable }> {
    const principal = requirePermission(ctx, permission);
    const c = await repo.findCase(db, id);
    if (!c) throw problems.notFound();
    if (!principal.canIn(permission, c.residence_code)) return deny(ctx, 'case', c.id, c.residence_code, permission);
    return { principal, case: c };
  }

  /** An exposure candidate of a case the caller may manage: 404 for a candidate of another case. */
  async function requireCandidate(ctx: RequestContext, caseId: string, candidateId: string): Promise<{ principal: Principal; case: CasesTable; candidate: ExposureCandidatesTable }> {
    const { principal, case: c } = await requireCase(ctx, caseId, 'cases:manage');
    const candidate = await repo.findCandidate(db, c.id, candidateId);
    if (!candidate) throw problems.notFound();
    return { principal, case: c, candidate };
  }

  /** A contact the caller may manage: in scope of its follow-up region or of its source case's residence. */
  async function requireContact(ctx: RequestContext, id: string): Promise<{ principal: Principal; contact: CaseContact }> {
    const principal = requirePermission(ctx, 'cases:manage');
    const found = await repo.findContact(db, id);
    // A self-isolation without a case (a newcomer's) is the village officer's, through the arrivals module.
    if (!found || found.case_id === null) throw problems.notFound();
    const contact = { ...found, case_id: found.case_id };
    const c = await repo.findCase(db, contact.case_id);
    if (!principal.canIn('cases:manage', contact.follow_up_region_code) && !(c && principal.canIn('cases:manage', c.residence_code))) return deny(ctx, 'contact', contact.id, contact.follow_up_region_code, 'cases:manage');
    return { principal, contact };
  }

  /**
   * The contact behind a personal follow-up link (/k/{token}): the link is the credential. Undefined for a malformed or
   * unknown token.
   */
  async function contactByToken(token: string): Promise<ContactsTable | undefined> {
    if (!/^[\w-]{16,64}$/.test(token)) return undefined;
    return repo.findContactByTokenHash(db, sha256Hex(token));
  }

  /**
   * A venue whose case notices the caller may read: 404 when it does not exist, 403 outside the caller's venues:read
   * scopes. This is tracing's own copy of the venue rule until venues' front door (`../venues/index.js`) exposes the
   * one venue access rule (venues/venues.access.ts); then this becomes a call to it.
   */
  /**
   * A venue whose case notices the caller may read: the venues module's one rule ("may this caller touch this venue?"),
   * its own managers included: they were e-mailed the notice and must find it on their venue's page.
   */
  async function requireVenueForNotices(ctx: RequestContext, venueId: string): Promise<{ id: string; name: string; region_code: string }> {
    const { venue } = await venueAccess.requireVenue(ctx, venueId, 'venues:read', { managers: true });
    return { id: venue.id, name: venue.name, region_code: venue.region_code };
  }

  return { requirePermission, requireCase, requireCandidate, requireContact, contactByToken, requireVenueForNotices };
}

export type TracingAccess = ReturnType<typeof createTracingAccess>;

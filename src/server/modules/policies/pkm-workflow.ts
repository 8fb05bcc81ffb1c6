/**
 * Village PKM application workflow (Perwali Denpasar 32/2020, domain notes §4.3) as a table of transitions.
 *
 *   DRAFT → SUBMITTED → UNDER_REVIEW → RECOMMENDED → APPROVED → ACTIVE → ENDED
 *                        ↘ RETURNED (for revision, back to SUBMITTED)   ↘ REJECTED (task force or approver)
 *
 * Each action names the states it leaves, the state it reaches and the permissions that may take it. Whether the
 * caller holds the permission *in the application's region*, and the separation of duties (nobody decides on an
 * application they created or submitted), are checked by the service with the same table.
 */
import type { Permission } from '../accounts/index.js';

export const PKM_STATUSES = ['DRAFT', 'SUBMITTED', 'UNDER_REVIEW', 'RETURNED', 'RECOMMENDED', 'APPROVED', 'REJECTED', 'ACTIVE', 'ENDED'] as const;
export type PkmStatus = (typeof PKM_STATUSES)[number];

export const PKM_ACTIONS = ['edit', 'submit', 'start_review', 'recommend', 'return', 'reject', 'approve', 'extend', 'end', 'evaluate'] as const;
export type PkmAction = (typeof PKM_ACTIONS)[number];

/** Actions the system takes on its own when dates pass. */
export type PkmSystemAction = 'activate' | 'expire';

interface TransitionRule {
  from: readonly PkmStatus[];
  /** null = the status does not change (edit, extend, evaluate). */
  to: PkmStatus | null;
  permissions: readonly Permission[];
  /** A decision on someone's application: refused to whoever created or submitted it. */
  decision: boolean;
}

const TRANSITIONS: readonly (TransitionRule & { action: PkmAction })[] = [
  { action: 'edit', from: ['DRAFT', 'RETURNED'], to: null, permissions: ['pkm:submit'], decision: false },
  { action: 'submit', from: ['DRAFT', 'RETURNED'], to: 'SUBMITTED', permissions: ['pkm:submit'], decision: false },
  { action: 'start_review', from: ['SUBMITTED'], to: 'UNDER_REVIEW', permissions: ['pkm:review'], decision: true },
  { action: 'recommend', from: ['UNDER_REVIEW'], to: 'RECOMMENDED', permissions: ['pkm:review'], decision: true },
  { action: 'return', from: ['SUBMITTED', 'UNDER_REVIEW'], to: 'RETURNED', permissions: ['pkm:review'], decision: true },
  { action: 'reject', from: ['UNDER_REVIEW'], to: 'REJECTED', permissions: ['pkm:review'], decision: true },
  { action: 'reject', from: ['RECOMMENDED'], to: 'REJECTED', permissions: ['pkm:approve'], decision: true },
  { action: 'approve', from: ['RECOMMENDED'], to: 'APPROVED', permissions: ['pkm:approve'], decision: true },
  { action: 'extend', from: ['APPROVED', 'ACTIVE'], to: null, permissions: ['pkm:approve'], decision: true },
  { action: 'end', from: ['APPROVED', 'ACTIVE'], to: 'ENDED', permissions: ['pkm:review', 'pkm:approve'], decision: false },
  { action: 'evaluate', from: ['ACTIVE'], to: null, permissions: ['pkm:review'], decision: false },
];

/** The transition an action takes from a status, or undefined when the action is not allowed there. */
export function transitionFor(action: PkmAction, from: PkmStatus): (TransitionRule & { action: PkmAction }) | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
}

/** Every permission that could allow an action in some status (for route-level checks and the UI). */
export function permissionsForAction(action: PkmAction): Permission[] {
  return [...new Set(TRANSITIONS.filter((t) => t.action === action).flatMap((t) => t.permissions))];
}

export interface Actor {
  userId: string;
  canIn(permission: Permission, regionCode: string): boolean;
}

export interface ApplicationParties {
  status: PkmStatus;
  regionCode: string;
  adatRegionCode: string;
  createdBy: string;
  submittedBy: string | null;
}

export type Refusal = 'illegal_transition' | 'forbidden' | 'own_application';

function holds(actor: Actor, permissions: readonly Permission[], application: ApplicationParties): boolean {
  return permissions.some(
    (permission) =>
      actor.canIn(permission, application.regionCode) ||
      // A desa adat officer co-applies for the desa adat named in the application.
      (permission === 'pkm:submit' && actor.canIn(permission, application.adatRegionCode)),
  );
}

/**
 * Whether the actor may take the action now; the reason when not. Authority is checked before the state, so an
 * officer of another region learns nothing about an application's progress.
 */
export function checkAction(actor: Actor, application: ApplicationParties, action: PkmAction): { ok: true; to: PkmStatus | null } | { ok: false; refusal: Refusal } {
  if (!holds(actor, permissionsForAction(action), application)) return { ok: false, refusal: 'forbidden' };
  const transition = transitionFor(action, application.status);
  if (!transition) return { ok: false, refusal: 'illegal_transition' };
  if (!holds(actor, transition.permissions, application)) return { ok: false, refusal: 'forbidden' };
  if (transition.decision && (actor.userId === application.createdBy || actor.userId === application.submittedBy)) {
    return { ok: false, refusal: 'own_application' };
  }
  return { ok: true, to: transition.to };
}

export function allowedActions(actor: Actor, application: ApplicationParties): PkmAction[] {
  return PKM_ACTIONS.filter((action) => checkAction(actor, application, action).ok);
}

export function isPkmStatus(value: string): value is PkmStatus {
  return (PKM_STATUSES as readonly string[]).includes(value);
}

export const PKM_EVALUATION_PERIOD_DAYS = 7;
export const PKM_MAX_LENGTH_DAYS = 90;

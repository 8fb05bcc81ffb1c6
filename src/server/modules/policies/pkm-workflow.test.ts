import { describe, expect, it } from 'vitest';
import type { Permission } from '../accounts/index.js';
import { isWithinRegion } from '../regions/index.js';
import { allowedActions, checkAction, PKM_STATUSES, type PkmAction, type PkmStatus } from './pkm-workflow.js';

const PEDUNGAN = '51.71.01.1002';
const actor = (userId: string, grants: [Permission, string][]) => ({
  userId,
  canIn: (permission: Permission, region: string) => grants.some(([p, scope]) => p === permission && isWithinRegion(region, scope)),
});
const officer = actor('officer', [['pkm:submit', PEDUNGAN], ['pkm:read', PEDUNGAN]]);
const otherOfficer = actor('other', [['pkm:submit', '51.71.02.1003']]);
const adatOfficer = actor('bendesa', [['pkm:submit', '51.71.DA04']]);
const taskForce = actor('tf', [['pkm:review', '51.71'], ['pkm:read', '51.71']]);
const mayor = actor('mayor', [['pkm:approve', '51.71']]);
const app = (status: PkmStatus, submittedBy: string | null = 'officer') => ({ status, regionCode: PEDUNGAN, adatRegionCode: '51.71.DA04', createdBy: 'officer', submittedBy });

describe('village PKM workflow', () => {
  it.each([
    ['officer', officer, 'DRAFT', 'submit', 'SUBMITTED'],
    ['desa adat co-applicant', adatOfficer, 'DRAFT', 'submit', 'SUBMITTED'],
    ['task force', taskForce, 'SUBMITTED', 'start_review', 'UNDER_REVIEW'],
    ['task force', taskForce, 'UNDER_REVIEW', 'recommend', 'RECOMMENDED'],
    ['task force', taskForce, 'UNDER_REVIEW', 'return', 'RETURNED'],
    ['task force', taskForce, 'UNDER_REVIEW', 'reject', 'REJECTED'],
    ['officer', officer, 'RETURNED', 'submit', 'SUBMITTED'],
    ['mayor', mayor, 'RECOMMENDED', 'approve', 'APPROVED'],
    ['mayor', mayor, 'RECOMMENDED', 'reject', 'REJECTED'],
    ['task force', taskForce, 'ACTIVE', 'end', 'ENDED'],
  ] as const)('%s: %s --%s--> %s', (_who, who, status, action, to) => {
    expect(checkAction(who, app(status), action)).toEqual({ ok: true, to });
  });

  it.each([
    ['approve before review', mayor, 'SUBMITTED', 'approve', 'illegal_transition'],
    ['recommend before review', taskForce, 'SUBMITTED', 'recommend', 'illegal_transition'],
    ['a village officer approving', officer, 'RECOMMENDED', 'approve', 'forbidden'],
    ['another desa submitting', otherOfficer, 'DRAFT', 'submit', 'forbidden'],
    ['the task force rejecting a recommended one (the mayor decides)', taskForce, 'RECOMMENDED', 'reject', 'forbidden'],
    ['evaluating an approved PKM before it starts', taskForce, 'APPROVED', 'evaluate', 'illegal_transition'],
    ['editing once submitted', officer, 'SUBMITTED', 'edit', 'illegal_transition'],
  ] as const)('refuses %s', (_name, who, status, action, refusal) => {
    expect(checkAction(who, app(status), action)).toEqual({ ok: false, refusal });
  });

  it('refuses every decision to whoever created or submitted the application', () => {
    const both = actor('officer', [['pkm:submit', PEDUNGAN], ['pkm:review', PEDUNGAN], ['pkm:approve', PEDUNGAN]]);
    for (const [status, action] of [['SUBMITTED', 'start_review'], ['UNDER_REVIEW', 'recommend'], ['RECOMMENDED', 'approve'], ['ACTIVE', 'extend']] as [PkmStatus, PkmAction][]) {
      expect(checkAction(both, app(status), action)).toEqual({ ok: false, refusal: 'own_application' });
    }
    expect(checkAction(both, app('ACTIVE'), 'end')).toEqual({ ok: true, to: 'ENDED' });
  });

  it('lists the actions a user may take, and none in final states', () => {
    expect(allowedActions(officer, app('DRAFT'))).toEqual(['edit', 'submit']);
    expect(allowedActions(taskForce, app('UNDER_REVIEW'))).toEqual(['recommend', 'return', 'reject']);
    expect(allowedActions(mayor, app('RECOMMENDED'))).toEqual(['reject', 'approve']);
    for (const status of ['REJECTED', 'ENDED'] as const) {
      for (const who of [officer, taskForce, mayor]) expect(allowedActions(who, app(status))).toEqual([]);
    }
    expect(PKM_STATUSES).toHaveLength(9);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/databases.js';
import { fixedClock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { RequestContext } from '../../shared/request-context.js';
import { Principal } from '../accounts/principal.js';
import { createRegionsService } from '../regions/regions.service.js';
import { createPoliciesAccess } from './policies.access.js';
import { insertApplication } from './policies.repository.js';
import type { PkmApplicationsTable } from './policies.table.js';
import { createRegionIndex } from './region-index.js';
import { DENPASAR_SEED_RULE_SETS } from './seed-rule-sets.js';

const SESETAN = '51.71.01.1003';
const ADAT_PEDUNGAN = '51.71.DA04';
const KEC_DENPASAR_UTARA = '51.71.04';
const clock = fixedClock(Date.parse('2026-11-29T10:00:00+08:00'));

const ctxOf = (principal: Principal | null): RequestContext => ({ principal, lang: 'en', ip: null, requestId: null });
const person = (id: string, role: 'admin' | 'task_force' | 'village_officer' | 'approver' | 'viewer', regionCode: string) =>
  new Principal(id, id, id, [{ id: `a-${id}`, role, regionCode }]);

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<{ status: number; type: string }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, type: err.type };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('policies access layer', () => {
  let db: TestDatabase;
  let catchUps = 0;
  let access: ReturnType<typeof createPoliciesAccess>;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', { clock });
    const regionIndex = createRegionIndex(createRegionsService({ db: db.db, clock }));
    access = createPoliciesAccess({ db: db.db, clock, regionIndex, advanceLifecycle: async () => void catchUps++ });
    const app: PkmApplicationsTable = {
      id: 'app-1', region_code: SESETAN, adat_region_code: ADAT_PEDUNGAN, status: 'SUBMITTED', grounds: 'g', active_cases: null,
      active_cases_date: null, rules: '[]', border_posts: 1, max_gathering_size: null, other_measures: '', start_date: '2026-12-01',
      length_days: 14, end_date: '2026-12-15', rule_set_id: null, created_at: clock.now(), created_by: 'officer', submitted_at: clock.now(),
      submitted_by: 'officer', updated_at: clock.now(),
    };
    await insertApplication(db.db, app);
  });
  afterAll(async () => db.close());

  it('answers 401 without a principal, 403 without the permission', async () => {
    expect(await refusal(() => access.principal(ctxOf(null), 'rules:read'))).toMatchObject({ status: 401 });
    expect(await refusal(async () => access.principal(ctxOf(new Principal('x', 'x', 'x', [])), 'rules:read'))).toMatchObject({ status: 403 });
  });

  it('loads a rule set to read, 404 when unknown, 403 out of the manager’s scope', async () => {
    const id = DENPASAR_SEED_RULE_SETS[0]?.id as string;
    const viewer = ctxOf(person('v', 'viewer', SESETAN));
    expect((await access.ruleSet(viewer, id, 'read')).row.id).toBe(id);
    expect(await refusal(access.ruleSet(viewer, 'no-such-rule-set', 'read'))).toMatchObject({ status: 404 });
    expect(await refusal(access.ruleSet(ctxOf(person('t', 'task_force', KEC_DENPASAR_UTARA)), id, 'manage'))).toMatchObject({ status: 403, type: 'out-of-scope' });
    expect((await access.ruleSet(ctxOf(person('a', 'admin', '51.71')), id, 'manage')).row.id).toBe(id);
  });

  it('shows a PKM application in its desa’s scope only, and brings the lifecycle up to date first when asked', async () => {
    const before = catchUps;
    const inScope = ctxOf(person('o', 'village_officer', SESETAN));
    expect((await access.application(inScope, 'app-1', 'read', { current: true })).app.id).toBe('app-1');
    expect(catchUps).toBe(before + 1);
    expect(await refusal(access.application(ctxOf(person('p', 'village_officer', KEC_DENPASAR_UTARA)), 'app-1', 'read'))).toMatchObject({ status: 403, type: 'out-of-scope' });
    expect(await refusal(access.application(inScope, 'no-such-app', 'read'))).toMatchObject({ status: 404 });
    expect(catchUps).toBe(before + 1);
  });

  it('refuses workflow actions the way the workflow table says: illegal transitions 409, one’s own application 403', async () => {
    const approver = ctxOf(person('ap', 'approver', '51.71'));
    expect(await refusal(access.application(approver, 'app-1', 'approve'))).toMatchObject({ status: 409, type: 'pkm-illegal-transition' });
    const reviewer = ctxOf(person('t', 'task_force', '51.71'));
    expect((await access.application(reviewer, 'app-1', 'start_review')).app.status).toBe('SUBMITTED');
    expect(await refusal(access.application(ctxOf(person('v', 'viewer', '51.71')), 'app-1', 'start_review'))).toMatchObject({ status: 403, type: 'forbidden' });
    const submitter = ctxOf(new Principal('officer', 'officer', 'officer', [{ id: 'x', role: 'task_force', regionCode: '51.71' }]));
    expect(await refusal(access.application(submitter, 'app-1', 'start_review'))).toMatchObject({ status: 403, type: 'pkm-own-application' });
  });

  it('loads the desa whose counts a person records; a feed needs no principal; above village level is a 400', async () => {
    expect((await access.villageForCounts(ctxOf(person('t', 'task_force', SESETAN)), SESETAN, 'manual')).code).toBe(SESETAN);
    expect((await access.villageForCounts(ctxOf(null), SESETAN, 'case_register')).code).toBe(SESETAN);
    expect(await refusal(access.villageForCounts(ctxOf(null), SESETAN, 'manual'))).toMatchObject({ status: 401 });
    expect(await refusal(access.villageForCounts(ctxOf(person('a', 'admin', '51.71')), '51.71.01', 'manual'))).toMatchObject({ status: 400 });
    expect(await refusal(access.villageForCounts(ctxOf(person('a', 'admin', '51.71')), '51.71.99.9999', 'manual'))).toMatchObject({ status: 400 });
  });
});

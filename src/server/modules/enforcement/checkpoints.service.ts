import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { decryptText, encryptText } from '../../shared/crypto.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { localDate, localMinutesOfDay } from '../../shared/local-time.js';
import { nikMessageKey, nikOrigin, nikProblem, normalizeNik } from '../../shared/nik.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit, recordListRead } from '../audit/index.js';
import type { Principal } from '../accounts/index.js';
import type { RegionsService } from '../regions/index.js';
import { DEFAULT_SHIFTS, proposeCheckResult, shiftAt, shiftsProblem, type LetterType, type Shift } from './checkpoint-rules.js';
import { enforcementProblems } from './enforcement.errors.js';
import type { EnforcementKeys } from './enforcement.keys.js';
import * as repo from './enforcement.repository.js';
import { regionOrFieldError } from './region-lookup.js';
import type { CheckpointsTable } from './enforcement.table.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const MAX_ENTRY_AGE_DAYS = 30;

export interface CheckInput {
  at: string;
  masked: boolean;
  nik?: string;
  temperatureC: number;
  purpose: string;
  letter: LetterType;
  clientKey?: string;
}

export interface RapidTestInput {
  result: 'negative' | 'positive';
  name?: string;
  phone?: string;
  residenceCode?: string;
}

export interface CheckpointsServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  keys: EnforcementKeys;
  regions: Pick<RegionsService, 'requireRegion' | 'rootCodes'>;
  /** tracing.referSuspect: a positive rapid test opens a suspect case for the tracers of the residence. */
  referSuspect: (ctx: RequestContext, input: { name: string; phone: string; nik?: string; residenceCode: string }) => Promise<{ opened: boolean }>;
}

/** Border posts: set up by the task force; checks logged by the officers on shift, with the proposed result. */
export function createCheckpointsService(deps: CheckpointsServiceDeps) {
  const { db, clock, timeZone, keys, regions } = deps;

  type PostPermission = 'checkpoints:manage' | 'checkpoints:check';

  /** The caller, holding one of `permissions` somewhere (the task force and administrators manage posts, officers check). */
  function requirePermission(ctx: RequestContext, ...permissions: PostPermission[]): Principal {
    if (!ctx.principal) throw problems.unauthenticated();
    const principal = ctx.principal;
    const held = permissions.find((p) => principal.scopesFor(p).length > 0);
    principal.require(held ?? permissions[0]!);
    return principal;
  }

  async function requireCheckpoint(ctx: RequestContext, id: string, ...permissions: PostPermission[]): Promise<{ principal: Principal; post: CheckpointsTable }> {
    const principal = requirePermission(ctx, ...permissions);
    const post = await repo.findCheckpoint(db, id);
    if (!post) throw problems.notFound();
    if (!permissions.some((p) => principal.canIn(p, post.region_code))) {
      await recordAudit(db, clock, ctx, { action: 'checkpoint.access_denied', entityType: 'checkpoint', entityId: post.id, regionCode: post.region_code, details: { permission: permissions.join('|') } });
      throw problems.recordOutOfScope();
    }
    return { principal, post };
  }

  function presentPost(post: CheckpointsTable) {
    return { id: post.id, name: post.name, regionCode: post.region_code, shifts: JSON.parse(post.shifts) as Shift[] };
  }

  return {
    async createCheckpoint(ctx: RequestContext, input: { name: string; regionCode: string; shifts?: Shift[] }) {
      const principal = requirePermission(ctx, 'checkpoints:manage');
      const errors: FieldError[] = [];
      const name = input.name.trim();
      if (name === '') errors.push({ field: 'name', messageKey: 'validation.required' });
      await regionOrFieldError(regions, input.regionCode, 'regionCode', errors);
      const shifts = input.shifts ?? [...DEFAULT_SHIFTS];
      const shiftProblem = shiftsProblem(shifts);
      if (shiftProblem) errors.push({ field: 'shifts', messageKey: 'validation.shifts', params: { shift: shiftProblem } });
      if (errors.length > 0) throw problems.validation(errors);
      if (!principal.canIn('checkpoints:manage', input.regionCode)) throw problems.recordOutOfScope();
      const now = clock.now();
      const row: CheckpointsTable = { id: newId(now), name, region_code: input.regionCode, shifts: JSON.stringify(shifts), created_by: principal.userId, created_at: now };
      await db.transaction().execute(async (trx) => {
        await repo.insertCheckpoint(trx, row);
        await recordAudit(trx, clock, ctx, { action: 'checkpoint.create', entityType: 'checkpoint', entityId: row.id, regionCode: row.region_code, details: { name } });
      });
      return { id: row.id };
    },

    /** A post renamed or given other shifts; the daily counts place earlier checks by their time in the new shifts. */
    async updateCheckpoint(ctx: RequestContext, id: string, input: { name?: string; shifts?: Shift[] }) {
      const { post } = await requireCheckpoint(ctx, id, 'checkpoints:manage');
      const errors: FieldError[] = [];
      const name = input.name !== undefined ? input.name.trim() : post.name;
      if (name === '') errors.push({ field: 'name', messageKey: 'validation.required' });
      const shifts = input.shifts ?? (JSON.parse(post.shifts) as Shift[]);
      const shiftProblem = shiftsProblem(shifts);
      if (shiftProblem) errors.push({ field: 'shifts', messageKey: 'validation.shifts', params: { shift: shiftProblem } });
      if (errors.length > 0) throw problems.validation(errors);
      const sorted = [...shifts].sort((a, b) => a.from.localeCompare(b.from));
      const patch = { name, shifts: JSON.stringify(sorted) };
      await db.transaction().execute(async (trx) => {
        await repo.updateCheckpoint(trx, post.id, patch);
        await recordAudit(trx, clock, ctx, { action: 'checkpoint.update', entityType: 'checkpoint', entityId: post.id, regionCode: post.region_code, details: { changed: Object.keys(input) } });
      });
      return presentPost({ ...post, ...patch });
    },

    async listCheckpoints(ctx: RequestContext) {
      const principal = requirePermission(ctx, 'checkpoints:check', 'checkpoints:manage');
      const scopes = [...new Set([...principal.scopesFor('checkpoints:check'), ...principal.scopesFor('checkpoints:manage')])];
      const roots = await regions.rootCodes();
      const rows = await repo.listCheckpoints(db, scopes.some((s) => roots.includes(s)) ? undefined : scopes);
      return rows.map(presentPost);
    },

    async recordCheck(ctx: RequestContext, checkpointId: string, input: CheckInput) {
      const { principal, post } = await requireCheckpoint(ctx, checkpointId, 'checkpoints:check');
      if (input.clientKey) {
        const existing = await repo.findCheckByClientKey(db, principal.userId, input.clientKey);
        if (existing) throw enforcementProblems.replayed(existing.id);
      }
      const errors: FieldError[] = [];
      const at = Date.parse(input.at);
      const now = clock.now();
      if (!/^\d{4}-\d{2}-\d{2}T/.test(input.at) || Number.isNaN(at)) errors.push({ field: 'at', messageKey: 'validation.invalidInstant' });
      else if (at > now + 5 * MINUTE) errors.push({ field: 'at', messageKey: 'validation.notFuture' });
      else if (at < now - MAX_ENTRY_AGE_DAYS * DAY) errors.push({ field: 'at', messageKey: 'validation.occurredTooOld', params: { days: MAX_ENTRY_AGE_DAYS } });
      const nik = input.nik !== undefined ? normalizeNik(input.nik) : null;
      const problem = nik !== null ? nikProblem(nik, localDate(now, timeZone)) : null;
      if (problem) errors.push({ field: 'nik', messageKey: nikMessageKey(problem) });
      const purpose = input.purpose.trim();
      if (purpose === '') errors.push({ field: 'purpose', messageKey: 'validation.required' });
      if (errors.length > 0) throw problems.validation(errors);

      const { result, reasons } = proposeCheckResult(input);
      const origin = nik !== null ? nikOrigin(nik) : null;
      const shifts = JSON.parse(post.shifts) as Shift[];
      const row = {
        id: newId(now),
        checkpoint_id: post.id,
        at,
        local_date: localDate(at, timeZone),
        shift: shiftAt(shifts, localMinutesOfDay(at, timeZone)),
        masked: input.masked ? 1 : 0,
        nik_enc: nik !== null ? encryptText(keys.dataKey, nik) : null,
        origin_province: origin?.provinceCode ?? null,
        origin_regency: origin?.regencyCode ?? null,
        temperature_c: input.temperatureC,
        purpose,
        letter: input.letter,
        result,
        reasons: JSON.stringify(reasons),
        rapid_test: null,
        rapid_test_at: null,
        case_opened: null,
        client_key: input.clientKey ?? null,
        recorded_by: principal.userId,
        created_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await repo.insertCheck(trx, row);
        await recordAudit(trx, clock, ctx, { action: 'checkpoint.check', entityType: 'checkpoint', entityId: post.id, regionCode: post.region_code, details: { checkId: row.id, result } });
      });
      return { id: row.id, result, reasons, shift: row.shift, ...(origin ? { origin } : {}) };
    },

    /** A rapid test's result; a positive one opens a suspect case for the tracers of where the person stays. */
    async recordRapidTest(ctx: RequestContext, checkId: string, input: RapidTestInput) {
      requirePermission(ctx, 'checkpoints:check');
      const check = await repo.findCheck(db, checkId);
      if (!check) throw problems.notFound();
      const { post } = await requireCheckpoint(ctx, check.checkpoint_id, 'checkpoints:check');
      if (check.rapid_test !== null) throw enforcementProblems.rapidTestRecorded(check.rapid_test);
      if (input.result === 'positive') {
        const missing = (['name', 'phone', 'residenceCode'] as const).filter((f) => !input[f]?.trim());
        if (missing.length > 0) throw problems.validation(missing.map((field) => ({ field, messageKey: 'validation.requiredWhenPositive' })));
      }
      // The check is claimed first: of two replays sent at once only one gets past this, so only one opens a case.
      const now = clock.now();
      const claimed = await repo.recordRapidTest(db, check.id, { rapid_test: input.result, rapid_test_at: now, case_opened: null });
      if (claimed === 0) {
        const stored = await repo.findCheck(db, check.id);
        throw enforcementProblems.rapidTestRecorded(stored?.rapid_test ?? 'recorded');
      }
      let opened: boolean | null = null;
      if (input.result === 'positive') {
        const nik = check.nik_enc ? decryptText(keys.dataKey, check.nik_enc) : undefined;
        try {
          ({ opened } = await deps.referSuspect(ctx, { name: input.name as string, phone: input.phone as string, residenceCode: input.residenceCode as string, ...(nik ? { nik } : {}) }));
        } catch (err) {
          // The case could not be opened (its own validation): the test is not recorded either, so it can be sent again.
          await repo.unrecordRapidTest(db, check.id, now);
          throw err;
        }
      }
      await db.transaction().execute(async (trx) => {
        if (opened !== null) await repo.setRapidTestCaseOpened(trx, check.id, opened);
        await recordAudit(trx, clock, ctx, { action: 'checkpoint.rapid_test', entityType: 'checkpoint', entityId: post.id, regionCode: post.region_code, details: { checkId: check.id, result: input.result, caseOpened: opened } });
      });
      return { id: check.id, rapidTest: input.result, caseOpened: opened };
    },

    /**
     * A post's day, counted per shift and result (checks outside every shift under `shift: null`). Each check is placed
     * by its time in the shifts as they are now, so editing a post's shifts never files earlier checks under a shift
     * whose hours they were not in.
     */
    async dailyCounts(ctx: RequestContext, checkpointId: string, date: string) {
      const { post } = await requireCheckpoint(ctx, checkpointId, 'checkpoints:check', 'checkpoints:manage');
      const shifts = JSON.parse(post.shifts) as Shift[];
      const checks = (await repo.dailyCheckCounts(db, post.id, date)).map((c) => ({ shift: shiftAt(shifts, localMinutesOfDay(Number(c.at), timeZone)), result: c.result }));
      const slots: (number | null)[] = [...shifts.keys(), null];
      const byShift = slots.map((index) => {
        const count = (result: string) => checks.filter((c) => c.shift === index && c.result === result).length;
        const counts = { passed: count('passed'), turnedBack: count('turned_back'), referred: count('referred') };
        return { shift: index === null ? null : (shifts[index] as Shift), ...counts, total: counts.passed + counts.turnedBack + counts.referred };
      });
      await recordListRead(db, clock, ctx, [post.region_code], { action: 'checkpoint.daily', entityType: 'checkpoint', details: { checkpointId: post.id, date } });
      return { checkpointId: post.id, date, shifts: byShift.filter((s) => s.shift !== null || s.total > 0), total: byShift.reduce((sum, s) => sum + s.total, 0) };
    },
  };
}

export type CheckpointsService = ReturnType<typeof createCheckpointsService>;


import type { Db } from '../../db/kysely.js';
import { decryptText } from '../../shared/crypto.js';
import type { EnforcementKeys } from './enforcement.keys.js';
import type { Clock } from '../../shared/clock.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { localDate } from '../../shared/local-time.js';
import { text, type TextKey } from '../../shared/texts.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit, recordListRead } from '../audit/index.js';
import type { Principal } from '../accounts/index.js';
import { isWithinRegion, type RegionsService } from '../regions/index.js';
import { cashReportCsv, cashReportPdf } from './cash-report.js';
import type { EnforcementAccess } from './enforcement.access.js';
import { enforcementProblems } from './enforcement.errors.js';
import { presentSanction } from './enforcement.presenter.js';
import * as repo from './enforcement.repository.js';
import { regionOrFieldError } from './region-lookup.js';
import { dailyLedger } from './fine-ledger.js';

export interface FinesServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  cityName: string;
  access: EnforcementAccess;
  keys: EnforcementKeys;
  regions: Pick<RegionsService, 'requireRegion' | 'rootCodes'>;
}

/** Fines paid after the day they were issued, deposits to the kas daerah, and the day's ledger and cash report. */
export function createFinesService(deps: FinesServiceDeps) {
  const { db, clock, timeZone, access, regions } = deps;

  /** The scopes a day's figures are read in: one region asked for (in scope), else all of the caller's. */
  async function scopesOf(principal: Principal, region: string | undefined): Promise<{ scopes: string[] | undefined; label: string[] }> {
    const mine = principal.scopesFor('enforcement:read');
    if (region !== undefined) {
      await regions.requireRegion(region);
      if (!mine.some((s) => isWithinRegion(region, s))) throw problems.recordOutOfScope();
      return { scopes: [region], label: [region] };
    }
    const roots = await regions.rootCodes();
    return { scopes: mine.some((s) => roots.includes(s)) ? undefined : mine, label: mine };
  }

  async function ledger(ctx: RequestContext, query: { date: string; region?: string }) {
    const principal = access.requirePermission(ctx, 'enforcement:read');
    if (Number.isNaN(Date.parse(query.date))) throw enforcementProblems.field('date', 'validation.invalidDate');
    const { scopes, label } = await scopesOf(principal, query.region);
    const [fines, deposits] = await Promise.all([repo.finesOfDay(db, query.date, scopes), repo.depositsOfDay(db, query.date, scopes)]);
    const result = dailyLedger(
      query.date,
      fines.map((f) => ({ team: f.team, amountIdr: Number(f.amount_idr), issuedOn: f.issued_on, paidOn: f.paid_on })),
      deposits.map((d) => ({ team: d.team, amountIdr: Number(d.amount_idr), reference: d.reference })),
    );
    await recordListRead(db, clock, ctx, label, { action: 'fine.ledger', entityType: 'fine', details: { date: query.date } });
    return { date: query.date, scope: label, ...result };
  }

  return {
    /** A fine issued earlier is paid (at the office or the bank), with its receipt. */
    async payFine(ctx: RequestContext, sanctionId: string, input: { receiptNumber: string }) {
      const { violation, sanction } = await access.requireSanction(ctx, sanctionId, 'enforcement:record');
      const receipt = input.receiptNumber.trim();
      if (receipt === '') throw enforcementProblems.field('receiptNumber', 'validation.required');
      const now = clock.now();
      const paidOn = localDate(now, timeZone);
      await db.transaction().execute(async (trx) => {
        if ((await repo.markFinePaid(trx, sanction.id, { paid_at: now, paid_on: paidOn, receipt_number: receipt })) === 0) throw problems.conflict('not-an-unpaid-fine', 'enforcement.notAFine');
        await recordAudit(trx, clock, ctx, { action: 'fine.pay', entityType: 'sanction', entityId: sanction.id, regionCode: violation.region_code, details: { amountIdr: sanction.amount_idr } });
      });
      return presentSanction({ ...sanction, paid: 1, paid_at: now, paid_on: paidOn, receipt_number: receipt });
    },

    /** Cash handed to the kas daerah by a team on a day, with the deposit's reference. */
    async recordDeposit(ctx: RequestContext, input: { date: string; team?: string; regionCode: string; amountIdr: number; reference: string }) {
      const principal = access.requirePermission(ctx, 'enforcement:record');
      const errors: FieldError[] = [];
      if (Number.isNaN(Date.parse(input.date))) errors.push({ field: 'date', messageKey: 'validation.invalidDate' });
      else if (input.date > localDate(clock.now(), timeZone)) errors.push({ field: 'date', messageKey: 'validation.notFuture' });
      if (input.reference.trim() === '') errors.push({ field: 'reference', messageKey: 'validation.required' });
      await regionOrFieldError(regions, input.regionCode, 'regionCode', errors);
      if (errors.length > 0) throw problems.validation(errors);
      if (!principal.canIn('enforcement:record', input.regionCode)) throw problems.recordOutOfScope();
      const now = clock.now();
      const row = { id: newId(now), local_date: input.date, team: input.team?.trim() || null, region_code: input.regionCode, amount_idr: input.amountIdr, reference: input.reference.trim(), recorded_by: principal.userId, created_at: now };
      await db.transaction().execute(async (trx) => {
        await repo.insertDeposit(trx, row);
        await recordAudit(trx, clock, ctx, { action: 'fine.deposit', entityType: 'fine_deposit', entityId: row.id, regionCode: row.region_code, details: { date: row.local_date, team: row.team, amountIdr: row.amount_idr, reference: row.reference } });
      });
      return { id: row.id };
    },

    ledger,

    /** Fines still due in the caller's scope (or the region asked for): what a later payment is recorded against. */
    async outstandingFines(ctx: RequestContext, query: { region?: string }) {
      const principal = access.requirePermission(ctx, 'enforcement:read');
      const { scopes, label } = await scopesOf(principal, query.region);
      const rows = await repo.outstandingFines(db, scopes, 500);
      await recordListRead(db, clock, ctx, label, { action: 'fine.outstanding', entityType: 'fine', details: { count: rows.length } });
      return rows.map((r) => ({
        sanctionId: r.id,
        violationId: r.violation_id,
        offence: r.offence,
        issuedOn: r.issued_on,
        team: r.team,
        regionCode: r.region_code,
        amountIdr: Number(r.amount_idr),
        subject: r.subject_kind === 'venue' ? { kind: 'venue' as const, venueId: r.venue_id as string } : { kind: 'person' as const, name: r.name_enc ? decryptText(deps.keys.dataKey, r.name_enc) : '' },
      }));
    },

    async cashReport(ctx: RequestContext, query: { date: string; region?: string }, format: 'csv' | 'pdf') {
      const day = await ledger(ctx, query);
      // The report is read and signed on paper: regions by name ("Denpasar Selatan (kecamatan)"), not by code.
      const scopeNames = await Promise.all(
        day.scope.map(async (code) => {
          const region = await regions.requireRegion(code);
          return region.name === deps.cityName ? null : `${region.name} (${text(ctx.lang, `regionTypes.${region.type}.short` as TextKey)})`;
        }),
      );
      const scopeLabel = scopeNames.filter((n): n is string => n !== null).join(', ');
      const input = { date: day.date, cityName: deps.cityName, scopeLabel, rows: day.rows, totals: day.totals, lang: ctx.lang };
      return format === 'csv' ? cashReportCsv(input) : cashReportPdf(input);
    },
  };
}

export type FinesService = ReturnType<typeof createFinesService>;

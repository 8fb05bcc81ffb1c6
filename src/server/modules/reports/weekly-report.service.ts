import type { Db } from '../../db/kysely.js';
import { toIso, type Clock } from '../../shared/clock.js';
import { decryptText, deriveKey, encryptText } from '../../shared/crypto.js';
import { problems } from '../../shared/errors.js';
import type { Language } from '../../shared/language.js';
import { addDaysToDate, localDate, localDateTimeToEpochMs } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text } from '../../shared/texts.js';
import { recordAudit } from '../audit/index.js';
import type { Dashboard, DashboardsService } from '../dashboards/index.js';
import { enqueueNotification } from '../notifications/index.js';
import { evaluationsBetween, pkmFigures, zonesOn } from '../policies/index.js';
import { isoWeekDates, previousIsoWeek } from './iso-week.js';
import { subscribedTaskForce } from './reports.read-model.js';
import { deleteSubscription, findSubscription, upsertSubscription } from './reports.repository.js';
import { renderWeeklyReport, weeklySummary, type WeeklyReportInput } from './weekly-report-pdf.js';
import { weeklyRecommendations } from './weekly-recommendations.js';

export interface ReportsDeps {
  db: Db;
  clock: Clock;
  secretKey: Buffer;
  timeZone: string;
  cityName: string;
  publicUrl: string;
  dashboards: Pick<DashboardsService, 'dashboard' | 'figuresFor'>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/*
 * The weekly evaluation report (issue #17): the dashboard's panels for an ISO week (the same figures as
 * GET /dashboards), with the zone changes, the PKM evaluations recorded that week and the actions the rules recommend,
 * as an Indonesian PDF; and the Monday job that e-mails last week's report to the subscribed task force.
 */
export function createReportsService(deps: ReportsDeps) {
  const { db, clock, timeZone } = deps;
  const contactKey = deriveKey(deps.secretKey, 'reports:contact');

  function weekOf(week: string): { from: string; to: string } {
    const dates = isoWeekDates(week);
    if (!dates) throw problems.validation([{ field: 'week', messageKey: 'validation.invalid' }]);
    if (dates.from > localDate(clock.now(), timeZone)) throw problems.validation([{ field: 'week', messageKey: 'validation.dateInFuture' }]);
    return dates;
  }

  /** What the report shows besides the panels, read through the policies module's front door. */
  async function reportInput(dashboard: Dashboard, week: string): Promise<WeeklyReportInput> {
    const region = dashboard.region.code;
    const names = new Map<string, string>([[dashboard.region.code, dashboard.region.name], ...dashboard.children.map((c) => [c.code, c.name] as [string, string])]);
    const zoneMap = dashboard.panels.find((p) => p.id === 'zone-map');
    for (const r of zoneMap?.rows ?? []) names.set(String(r[0]), String(r[1]));
    const nameOf = (code: string) => names.get(code) ?? code;
    const end = await zonesOn(db, region, dashboard.to);
    const before = new Map((await zonesOn(db, region, addDaysToDate(dashboard.from, -1))).map((z) => [z.regionCode, z.colour]));
    const pkm = await pkmFigures(db, region, dashboard.to);
    const startMs = localDateTimeToEpochMs(dashboard.from, '00:00', timeZone);
    const endMs = localDateTimeToEpochMs(addDaysToDate(dashboard.to, 1), '00:00', timeZone);
    const evaluations = await evaluationsBetween(db, region, startMs, endMs);
    const desaName = async (code: string) => nameOf(code);
    const zoneChanges = [];
    for (const z of end) {
      const prev = before.get(z.regionCode);
      if (prev !== undefined && prev !== z.colour) zoneChanges.push({ name: await desaName(z.regionCode), from: prev, to: z.colour });
    }
    const recommendations = weeklyRecommendations(
      await Promise.all(end.map(async (z) => ({ regionCode: z.regionCode, name: await desaName(z.regionCode), colour: z.colour, previousColour: before.get(z.regionCode) ?? null, pkmActive: pkm.activeRegions.includes(z.regionCode) }))),
      await Promise.all(pkm.overdue.map(async (o) => ({ regionCode: o.regionCode, name: await desaName(o.regionCode) }))),
    );
    return {
      cityName: deps.cityName,
      regionName: dashboard.region.name,
      week,
      from: dashboard.from,
      to: dashboard.to,
      generatedAt: toIso(clock.now(), timeZone).slice(0, 16).replace('T', ' '),
      panels: dashboard.panels,
      summary: weeklySummary(dashboard.panels),
      zoneChanges,
      evaluations: await Promise.all(evaluations.map(async (e) => ({ name: await desaName(e.regionCode), week: e.week, due: e.dueDate, activeCases: e.activeCases, recommendation: e.recommendation }))),
      recommendations,
    };
  }

  return {
    /** The report of a region (in the caller's dashboard scope) for an ISO week that has begun. */
    async weeklyPdf(ctx: RequestContext, q: { region?: string; week: string }): Promise<{ pdf: Buffer; filename: string }> {
      const { from, to } = weekOf(q.week);
      const dashboard = await deps.dashboards.dashboard(ctx, { region: q.region, from, to });
      const pdf = await renderWeeklyReport(await reportInput(dashboard, q.week));
      return { pdf, filename: `laporan-mingguan-${dashboard.region.code}-${q.week}.pdf` };
    },

    /** The caller's own subscription. */
    async mySubscription(ctx: RequestContext): Promise<{ subscribed: boolean; email: string | null }> {
      if (!ctx.principal) throw problems.unauthenticated();
      const row = await findSubscription(db, ctx.principal.userId);
      return { subscribed: row !== undefined, email: row ? decryptText(contactKey, row.email_enc) : null };
    },

    /** Subscribes (with an address) or unsubscribes the caller: task-force members only. Audited without the address. */
    async setMySubscription(ctx: RequestContext, input: { subscribed: boolean; email?: string }): Promise<{ subscribed: boolean; email: string | null }> {
      const principal = ctx.principal;
      if (!principal) throw problems.unauthenticated();
      if (!principal.assignments.some((a) => a.role === 'task_force')) throw problems.forbidden();
      const email = input.email?.trim() ?? '';
      if (input.subscribed && !EMAIL.test(email)) throw problems.validation([{ field: 'email', messageKey: 'validation.format' }]);
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        if (input.subscribed) await upsertSubscription(trx, { user_id: principal.userId, email_enc: encryptText(contactKey, email), created_at: now, updated_at: now });
        else await deleteSubscription(trx, principal.userId);
        await recordAudit(trx, clock, ctx, { action: 'user.weekly_report', entityType: 'user', entityId: principal.userId, details: { subscribed: input.subscribed, changed: input.subscribed ? ['email'] : [] } });
      });
      return { subscribed: input.subscribed, email: input.subscribed ? email : null };
    },

    /**
     * The Monday job: last week's report of each subscriber's task-force region (the city's for the city task force),
     * by e-mail through the outbox. The dedupe key (week, account) makes a second run of the same week send nothing.
     */
    async sendWeekly(): Promise<{ week: string; queued: number }> {
      const week = previousIsoWeek(localDate(clock.now(), timeZone));
      const { from, to } = isoWeekDates(week)!;
      const subscribers = await subscribedTaskForce(db);
      // Each account's outermost task-force region.
      const regionOf = new Map<string, { emailEnc: string; regionCode: string; language: string | null }>();
      for (const s of subscribers) {
        const known = regionOf.get(s.userId);
        if (!known || s.regionCode.length < known.regionCode.length) regionOf.set(s.userId, s);
      }
      const reports = new Map<string, WeeklyReportInput>();
      let queued = 0;
      for (const [userId, s] of regionOf) {
        let input = reports.get(s.regionCode);
        if (!input) {
          input = await reportInput(await deps.dashboards.figuresFor(s.regionCode, from, to), week);
          reports.set(s.regionCode, input);
        }
        const lang: Language = s.language === 'en' ? 'en' : 'id';
        const params = {
          region: input.regionName, week, from, to,
          checkins: input.summary.checkins, newCases: input.summary.newCases, activeCases: input.summary.activeCases, violations: input.summary.violations,
          actions: input.recommendations.length,
          link: `${deps.publicUrl}/api/v1/reports/weekly.pdf?region=${encodeURIComponent(s.regionCode)}&week=${week}`,
        };
        const { duplicate } = await enqueueNotification(db, clock, {
          channel: 'email',
          recipient: decryptText(contactKey, s.emailEnc),
          subject: text(lang, 'weeklyReport.email.subject', params),
          body: text(lang, 'weeklyReport.email.body', params),
          lang,
          dedupeKey: `weekly-report:${week}:${userId}`,
          regionCode: s.regionCode,
        }, deps.secretKey);
        if (!duplicate) queued++;
      }
      return { week, queued };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;

/** The mayor's approval letter of a village PKM, as a PDF (approval-letter.ts draws it). */
import type { Db } from '../../db/kysely.js';
import { problems } from '../../shared/errors.js';
import { timeZoneAbbreviation } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import { renderApprovalLetterPdf } from './approval-letter.js';
import type { PoliciesAccess } from './policies.access.js';
import type { LocalDays } from './policies.dates.js';
import { findLetter } from './policies.repository.js';
import type { RegionIndex } from './region-index.js';
import type { Rule } from './rule-set.js';

export interface PkmLettersDeps {
  db: Db;
  timeZone: string;
  cityName: string;
  regionIndex: RegionIndex;
  days: Pick<LocalDays, 'dateOfDay' | 'dayNumberOf'>;
  access: PoliciesAccess;
}

export function createPkmLettersService(deps: PkmLettersDeps) {
  const { db, timeZone, cityName, regionIndex, days, access } = deps;
  return {
    async approvalLetterPdf(ctx: RequestContext, id: string): Promise<{ filename: string; pdf: Buffer }> {
      const { app } = await access.application(ctx, id, 'read');
      const letter = await findLetter(db, app.id);
      if (!letter) throw problems.notFound('pkmNoLetter.detail');
      const index = await regionIndex.all();
      const region = index.get(app.region_code);
      const kecamatan = region?.parentCode ? index.get(region.parentCode) : undefined;
      const pdf = await renderApprovalLetterPdf({
        number: letter.number,
        letterDate: letter.letter_date,
        approverName: letter.approver_name,
        cityName,
        regionName: region?.name ?? app.region_code,
        regionCode: app.region_code,
        regionType: region?.type ?? 'desa',
        kecamatanName: kecamatan?.name ?? null,
        adatName: index.get(app.adat_region_code)?.name ?? app.adat_region_code,
        submittedDate: app.submitted_at === null ? null : days.dateOfDay(days.dayNumberOf(app.submitted_at)),
        startDate: app.start_date,
        endDate: app.end_date,
        lengthDays: app.length_days,
        activeCases: app.active_cases,
        activeCasesDate: app.active_cases_date,
        grounds: app.grounds,
        rules: JSON.parse(app.rules) as Rule[],
        borderPosts: app.border_posts,
        maxGatheringSize: app.max_gathering_size,
        otherMeasures: app.other_measures,
        applicationId: app.id,
        timeZoneLabel: timeZoneAbbreviation(timeZone),
      });
      const safe = letter.number.replace(/[^A-Za-z0-9]+/g, '-');
      return { filename: `surat-persetujuan-pkm-${safe}.pdf`, pdf };
    },
  };
}

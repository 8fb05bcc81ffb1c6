import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import { timeZoneAbbreviation } from '../../shared/local-time.js';
import type { RequestContext } from '../../shared/request-context.js';
import { text, type TextKey } from '../../shared/texts.js';
import { recordAudit } from '../audit/index.js';
import type { RegionsService } from '../regions/index.js';
import type { VenueAccessLayer } from '../venues/index.js';
import type { EnforcementAccess } from './enforcement.access.js';
import { enforcementProblems } from './enforcement.errors.js';
import { decryptPerson, type EnforcementKeys } from './enforcement.keys.js';
import * as repo from './enforcement.repository.js';
import type { SanctionLaddersTable, SanctionsTable, ViolationsTable } from './enforcement.table.js';
import { findOffence } from './offences.js';
import { LETTER_KINDS, renderSanctionLetterPdf, type LetterKind, type LetterOffence } from './sanction-letter.js';
import type { LadderStep } from './sanction-ladder.js';
import { toLadderVersion } from './violations.service.js';

export interface LettersServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  cityName: string;
  keys: EnforcementKeys;
  access: EnforcementAccess;
  regions: Pick<RegionsService, 'requireRegion'>;
  venueAccess: Pick<VenueAccessLayer, 'requireVenue'>;
}

const REGION_PREFIX: Record<string, string> = { desa: 'Desa', kelurahan: 'Kelurahan', banjar: 'Banjar', kecamatan: 'Kecamatan', desa_adat: 'Desa Adat' };
const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const rupiah = (amount: number) => `Rp${amount.toLocaleString('id-ID')}`;

/** A sanction or ladder step in words, Indonesian: "Denda administratif Rp100.000", "… 3 hari". */
function sanctionWords(s: { type: string; amountIdr?: number | null; days?: number | null; withRecommendation?: boolean }): string {
  const label = text('id', `enforcement.sanction.${s.type}` as TextKey);
  const amount = s.amountIdr ? ` ${rupiah(s.amountIdr)}` : '';
  const days = s.days ? ` ${s.days} hari` : '';
  const recommendation = s.withRecommendation ? ` disertai ${text('id', 'enforcement.sanction.rekomendasi_pencabutan_izin').toLowerCase()}` : '';
  return `${label}${amount}${days}${recommendation}`;
}

/** The letters of the sanctions that are letters: a written warning, a recommendation to revoke a venue's permit. */
export function createLettersService(deps: LettersServiceDeps) {
  const { db, clock, timeZone, cityName, keys, access, regions, venueAccess } = deps;

  async function placeName(code: string): Promise<string> {
    const region = await regions.requireRegion(code);
    const name = `${REGION_PREFIX[region.type] ?? ''} ${region.name}`.trim();
    return region.type === 'banjar' && region.parent_code ? `${name}, ${await placeName(region.parent_code)}` : name;
  }

  async function offenceOf(v: ViolationsTable, sanctions: SanctionsTable[]): Promise<LetterOffence> {
    return {
      occurredAt: v.occurred_at,
      offenceLabel: text('id', `enforcement.offence.${v.offence}` as TextKey),
      legalBasis: findOffence(v.offence)?.legalBasis ?? '',
      place: await placeName(v.region_code),
      sanctions: sanctions.filter((s) => s.violation_id === v.id && s.status === 'active').map((s) => sanctionWords({ type: s.type, amountIdr: s.amount_idr, days: s.days })),
    };
  }

  return {
    /** The letter as a PDF; reading it is reading the violation (same rule, audited). */
    async sanctionLetterPdf(ctx: RequestContext, sanctionId: string): Promise<{ filename: string; pdf: Buffer }> {
      const { violation, sanction } = await access.requireSanction(ctx, sanctionId, 'enforcement:read');
      if (!LETTER_KINDS.includes(sanction.type)) throw problems.notFound('enforcement.noLetter');
      if (sanction.status !== 'active') throw enforcementProblems.sanctionClosed(sanction.status);
      const kind = sanction.type as LetterKind;

      const ladderRow = (await repo.listLadders(db)).find((l) => l.id === violation.ladder_id) as SanctionLaddersTable;
      const ladder = toLadderVersion(ladderRow);
      const steps: LadderStep[] = ladder.steps[violation.offence] ?? [];
      // What the next offence of the same kind brings: the steps after this one (the last step repeats).
      const after = steps.slice(violation.prior_count + 1);
      const nextSteps = (after.length > 0 ? after : steps.slice(-1)).map((s) => sanctionWords(s));

      let recipient;
      let history: LetterOffence[] = [];
      if (violation.venue_id) {
        const { venue } = await venueAccess.requireVenue(ctx, violation.venue_id, 'enforcement:read', { managers: false, outOfScopeAsNotFound: true });
        recipient = { kind: 'venue' as const, name: venue.name, address: venue.address, place: await placeName(venue.region_code) };
        if (kind === 'rekomendasi_pencabutan_izin') {
          const all = await repo.violationsOfVenue(db, venue.id);
          const sanctions = await repo.sanctionsOf(db, all.map((v) => v.id));
          history = await Promise.all(all.map((v) => offenceOf(v, sanctions)));
        }
      } else {
        const person = decryptPerson(keys, violation);
        recipient = { kind: 'person' as const, name: person.name ?? '', nik: person.nik };
      }

      const [year, month] = sanction.issued_on.split('-');
      const abbreviation = kind === 'teguran_tertulis' ? 'TT' : 'RPI';
      const number = `300/${abbreviation}-${sanction.id.slice(-6).toUpperCase()}/Satgas-COVID19/${ROMAN_MONTHS[Number(month) - 1]}/${year}`;
      const pdf = await renderSanctionLetterPdf({
        kind,
        number,
        letterDate: sanction.issued_on,
        cityName,
        timeZone,
        timeZoneLabel: timeZoneAbbreviation(timeZone),
        team: violation.team,
        recipient,
        offence: await offenceOf(violation, await repo.sanctionsOf(db, [violation.id])),
        ladderBasis: ladder.legalBasis,
        nextSteps,
        windowMonths: ladder.windowMonths,
        history,
        reference: sanction.id,
      });
      await recordAudit(db, clock, ctx, { action: 'violation.letter_read', entityType: 'violation', entityId: violation.id, regionCode: violation.region_code, details: { sanctionId: sanction.id, type: kind } });
      const slug = kind === 'teguran_tertulis' ? 'surat-teguran' : 'rekomendasi-pencabutan-izin';
      return { filename: `${slug}-${sanction.issued_on}-${sanction.id.slice(-6)}.pdf`, pdf };
    },
  };
}

export type LettersService = ReturnType<typeof createLettersService>;

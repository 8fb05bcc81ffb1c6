/**
 * Historical Denpasar restriction rule sets (March 2020 – August 2021) as seed data, from the project's domain notes
 * (§1 legal timeline, §4.4, §6.1–6.3). Legal bases are cited as the notes cite them. Confidence tags follow the notes:
 * [S] well sourced, [1] one source, [U] inferred here. Where the notes give no value, no rule is written, so the venue
 * is unrestricted by that instrument rather than restricted by a guess.
 *
 * All sets form one series (city kind, scope 51.71): each replaces the one before, and the last ends on 1 Sep 2021,
 * so any instant after that (e.g. 2026) resolves to "unrestricted".
 *
 * Every window starts at 00:00 because the instruments give closing times only; the venue's own hours bound the start.
 */
import { DENPASAR_TIME_ZONE, localDateTimeToEpochMs } from '../../shared/local-time.js';
import type { Rule, RuleSet, RuleWindow } from './rule-set.js';
import type { SectorCode, VenueTypeCode } from '../../../common/reference/sectors.js';
import { DEFAULT_ZONE_THRESHOLDS, type ZoneColour, type ZoneThresholdsVersion } from './zone-colour.js';

export const DENPASAR_CITY_CODE = '51.71';

/** Local midnight at the start of a date in Denpasar, as an instant. */
export function denpasarMidnight(date: string): number {
  return localDateTimeToEpochMs(date, '00:00', DENPASAR_TIME_ZONE);
}

type Target = { sector: SectorCode } | { venueType: VenueTypeCode };

interface RuleValues {
  zoneColours?: readonly ZoneColour[] | 'all';
  window?: RuleWindow | null;
  closed?: boolean;
  capacityPercent?: number;
  dineIn?: boolean | null;
  maxVisitMinutes?: number | null;
  capacityMode?: Rule['capacityMode'];
  measuresId?: string;
  measuresEn?: string;
}

/** A rule with the unrestricted defaults for whatever the instrument does not say. */
function rule(target: Target, values: RuleValues): Rule {
  const capacityPercent = values.capacityPercent ?? 100;
  const built: Rule = {
    ...target,
    zoneColours: values.zoneColours ?? 'all',
    window: values.window ?? null,
    capacityPercent,
    dineIn: values.dineIn ?? null,
    maxVisitMinutes: values.maxVisitMinutes ?? null,
    // A limit below 100 % is enforced at check-in; rules that only set hours or measures have nothing to enforce.
    capacityMode: values.capacityMode ?? (capacityPercent < 100 ? 'enforce' : 'warn'),
  };
  if (values.closed) built.closed = true;
  if (values.measuresId !== undefined) built.measuresId = values.measuresId;
  if (values.measuresEn !== undefined) built.measuresEn = values.measuresEn;
  return built;
}

function until(time: string): RuleWindow {
  return { from: '00:00', until: time };
}

function forTypes(types: readonly VenueTypeCode[], values: RuleValues): Rule[] {
  return types.map((venueType) => rule({ venueType }, values));
}

const EATERIES: readonly VenueTypeCode[] = ['restaurant', 'warung', 'cafe', 'food_stall'];
const ENTERTAINMENT: readonly VenueTypeCode[] = ['nightlife', 'cinema'];

const ENTERTAINMENT_CLOSED: RuleValues = {
  closed: true,
  measuresId: 'Bioskop, karaoke, bar dan diskotek ditutup sampai keadaan membaik',
  measuresEn: 'Cinemas, karaoke, bars and discos closed until the situation improves',
};

interface SeedSpec {
  id: string;
  legalBasis: string;
  titleId: string;
  titleEn: string;
  from: string;
  to: string;
  rules: Rule[];
}

function seedRuleSet(spec: SeedSpec, version: number): RuleSet {
  return {
    id: spec.id,
    legalBasis: spec.legalBasis,
    titleId: spec.titleId,
    titleEn: spec.titleEn,
    scopeRegionCode: DENPASAR_CITY_CODE,
    kind: 'city',
    effectiveFrom: denpasarMidnight(spec.from),
    effectiveTo: denpasarMidnight(spec.to),
    status: 'published',
    version,
    rules: spec.rules,
  };
}

/** Perwali 32/2020 city-wide PKM rules (§4.4), shared by the May 2020 text and its 2 Aug 2020 revision. */
function perwali32Rules(tradeRules: Rule[]): Rule[] {
  return [
    ...tradeRules,
    ...forTypes(ENTERTAINMENT, ENTERTAINMENT_CLOSED), // [1] closed since the Mar 2020 SE; no source says when it ended
    rule({ sector: 'transport' }, { capacityPercent: 50, measuresId: 'Angkutan umum maks. 50% kapasitas', measuresEn: 'Public transport at most 50 % of capacity' }), // [1]
    rule({ sector: 'education' }, { closed: true, measuresId: 'Belajar dari rumah', measuresEn: 'Learning from home' }), // [S]
    rule(
      { venueType: 'office' },
      { measuresId: 'Bekerja di kantor dibatasi; bekerja dari rumah dianjurkan', measuresEn: 'Work at the workplace restricted; work from home encouraged' },
    ), // [S]
    rule(
      { venueType: 'house_of_worship' },
      { measuresId: 'Kegiatan di tempat ibadah dibatasi; beribadah di rumah', measuresEn: 'Activities at houses of worship restricted; worship at home' },
    ), // [S]
    rule(
      { venueType: 'banjar_hall' },
      {
        measuresId: 'Kegiatan sosial, budaya dan upacara adat/keagamaan dibatasi',
        measuresEn: 'Social and cultural gatherings and adat/religious ceremonies restricted',
      },
    ), // [S]
  ];
}

/**
 * Perwali 32/2020 as revised on 2 Aug 2020 (§4.4): every zone closes at 21:00 WITA, a green-zone desa at 23:00; the
 * rest of the city-wide PKM rules. The seeded 2020 version and the first-run template (rule-set-templates.ts) share it.
 */
export const PERWALI_32_REVISED_RULES: Rule[] = perwali32Rules([
  rule(
    { sector: 'trade' },
    {
      window: until('21:00'),
      measuresId: 'Usaha tutup pukul 21.00 WITA',
      measuresEn: 'Businesses close at 21:00 WITA',
    },
  ),
  rule(
    { sector: 'trade' },
    {
      zoneColours: ['green'],
      window: until('23:00'),
      measuresId: 'Desa/kelurahan zona hijau boleh buka sampai pukul 23.00 WITA',
      measuresEn: 'Green-zone desa/kelurahan may open until 23:00 WITA',
    },
  ),
]);

const SEED_SPECS: SeedSpec[] = [
  {
    // [1] "Mar 2020". The start day is not in the notes: Antara Bali 187114 reported the SE on a Monday in late
    // March and a POS Bali report of 27 Mar describes it in force, so 23 Mar 2020 is used [U]. It ends when
    // Perwali 32/2020 takes over.
    id: 'dps-2020-03-23-se-walikota-434-572-dkis-2020',
    legalBasis: 'SE Walikota Denpasar 434/572/DKIS/2020',
    titleId: 'Pembatasan jam operasional tempat umum',
    titleEn: 'Opening hours of public places',
    from: '2020-03-23',
    to: '2020-05-15',
    rules: [
      rule(
        { sector: 'trade' },
        {
          window: until('21:00'),
          measuresId: 'Tempat umum buka sampai pukul 21.00 WITA, termasuk pasar 24 jam; jaga jarak fisik',
          measuresEn: 'Public places open until 21:00 WITA, 24-hour markets included; keep physical distance',
        },
      ),
      rule(
        { venueType: 'meeting_hall' },
        {
          window: until('21:00'),
          measuresId: 'Tidak menerima acara yang mengumpulkan orang banyak',
          measuresEn: 'No events that gather crowds',
        },
      ),
      rule(
        { venueType: 'hotel' },
        { measuresId: 'Tidak menyelenggarakan acara yang mengumpulkan orang banyak', measuresEn: 'No events that gather crowds' },
      ),
      ...forTypes(ENTERTAINMENT, ENTERTAINMENT_CLOSED),
    ],
  },
  {
    // [S] Promulgated and in force city-wide 15 May 2020; first phase 15–30 May, then extended until the revision.
    id: 'dps-2020-05-15-perwali-32-2020',
    legalBasis: 'Perwali Denpasar 32/2020',
    titleId: 'Pembatasan Kegiatan Masyarakat di Desa, Kelurahan dan Desa Adat dalam Percepatan Penanganan COVID-19',
    titleEn: 'Community activity restrictions (PKM) in desa, kelurahan and desa adat',
    from: '2020-05-15',
    to: '2020-08-02',
    rules: perwali32Rules([
      rule(
        { sector: 'trade' },
        {
          window: until('21:00'),
          measuresId: 'Toko, pasar, rumah makan dan mal tutup pukul 21.00 WITA; belanja dari rumah dianjurkan',
          measuresEn: 'Shops, markets, restaurants and malls close at 21:00 WITA; shopping from home encouraged',
        },
      ),
    ]),
  },
  {
    // [S] Revision effective 2 Aug 2020: green-zone desa until 23:00, every other zone 21:00. The instrument
    // number of the revision is not known (notes §11.2). In force until PPKM Jawa-Bali.
    id: 'dps-2020-08-02-perwali-32-2020-revised',
    legalBasis: 'Perwali Denpasar 32/2020 (revised)',
    titleId: 'Perubahan PKM: zona hijau sampai pukul 23.00 WITA',
    titleEn: 'PKM revision: green zones until 23:00 WITA',
    from: '2020-08-02',
    to: '2021-01-11',
    rules: PERWALI_32_REVISED_RULES,
  },
  {
    // [S] 11 Jan 2021, until PPKM Mikro. (A Bali SE of 26 Jan 2021 moved closing to 20:00 for all businesses; it is
    // not in the domain notes and is left out.)
    id: 'dps-2021-01-11-ppkm-jawa-bali',
    legalBasis: 'Inmendagri 1/2021 + Sekda Denpasar letter 180/012/HK',
    titleId: 'PPKM Jawa-Bali',
    titleEn: 'PPKM Java–Bali',
    from: '2021-01-11',
    to: '2021-02-09',
    rules: [
      rule(
        { sector: 'trade' },
        { window: until('21:00'), measuresId: 'Warung dan toko tetap sampai pukul 21.00 WITA', measuresEn: 'Warung and shops stay at 21:00 WITA' },
      ),
      ...forTypes(EATERIES, {
        window: until('21:00'),
        capacityPercent: 25,
        dineIn: true,
        measuresId: 'Makan di tempat maks. 25%; pesan-antar sampai pukul 21.00 WITA',
        measuresEn: 'Dine-in at most 25 %; delivery until 21:00 WITA',
      }),
      rule({ venueType: 'mall' }, { window: until('20:00'), measuresId: 'Mal tutup pukul 20.00 WITA', measuresEn: 'Malls close at 20:00 WITA' }),
      rule(
        { venueType: 'office' },
        { capacityPercent: 25, capacityMode: 'warn', measuresId: 'WFH 75% / WFO 25%', measuresEn: 'Work from home 75 % / at the office 25 %' },
      ),
      rule({ sector: 'education' }, { closed: true, measuresId: 'Sekolah daring', measuresEn: 'School online' }),
      rule({ venueType: 'house_of_worship' }, { capacityPercent: 50, measuresId: 'Tempat ibadah maks. 50%', measuresEn: 'Houses of worship at most 50 %' }),
    ],
  },
  {
    // [S] PPKM Mikro from 9 Feb 2021 (district-level rules, §6.2/§6.3), until SE Gub Bali 6/2021.
    id: 'dps-2021-02-09-ppkm-mikro',
    legalBasis: 'Inmendagri 3/2021',
    titleId: 'PPKM Mikro',
    titleEn: 'Micro-scale PPKM',
    from: '2021-02-09',
    to: '2021-03-09',
    rules: ppkmMikroRules('21:00'),
  },
  {
    // [1] Closing moves from 21:00 to 22:00, dine-in 50 %. The 9 Mar 2021 start is from the SE's own period
    // (9–22 Mar 2021, then extended) [U: not in the notes]. The red-zone overlay of Mar 2021 (§6.1) [1] is part of it.
    id: 'dps-2021-03-09-se-gub-bali-6-2021',
    legalBasis: 'SE Gub Bali 6/2021',
    titleId: 'Perpanjangan PPKM berbasis desa/kelurahan: jam operasional sampai 22.00 WITA',
    titleEn: 'PPKM by desa/kelurahan extended: opening until 22:00 WITA',
    from: '2021-03-09',
    to: '2021-07-03',
    rules: [
      ...ppkmMikroRules('22:00'),
      ...forTypes(['restaurant', 'warung'], {
        zoneColours: ['red'],
        window: until('21:00'),
        capacityPercent: 50,
        dineIn: true,
        measuresId: 'Zona merah: tidak ada layanan, termasuk bawa pulang, setelah pukul 21.00 WITA',
        measuresEn: 'Red zone: no service, take-away included, after 21:00 WITA',
      }),
      rule(
        { venueType: 'public_park' },
        {
          zoneColours: ['red'],
          closed: true,
          measuresId: 'Zona merah: ruang publik (mis. taman pemancingan) ditutup',
          measuresEn: 'Red zone: public spaces (e.g. fishing parks) closed',
        },
      ),
    ],
  },
  {
    // [S] PPKM Darurat 3–20 Jul 2021.
    id: 'dps-2021-07-03-ppkm-darurat',
    legalBasis: 'Inmendagri 15/2021, SE Gub 9/2021, SE 9R/2021',
    titleId: 'PPKM Darurat',
    titleEn: 'Emergency PPKM',
    from: '2021-07-03',
    to: '2021-07-21',
    rules: [
      rule(
        { sector: 'trade' },
        { window: until('20:00'), measuresId: 'Usaha non-esensial tutup pukul 20.00 WITA', measuresEn: 'Non-essential businesses close at 20:00 WITA' },
      ),
      ...forTypes(EATERIES, {
        window: until('20:00'),
        dineIn: false,
        measuresId: 'Hanya layanan bawa pulang/pesan-antar, sampai pukul 20.00 WITA',
        measuresEn: 'Take-away and delivery only, until 20:00 WITA',
      }),
      rule({ venueType: 'mall' }, { closed: true, measuresId: 'Mal ditutup', measuresEn: 'Malls closed' }),
      ...forTypes(['modern_market', 'traditional_market'], {
        window: until('20:00'),
        capacityPercent: 50,
        measuresId: 'Swalayan, pasar dan toko kebutuhan pokok sampai pukul 20.00 WITA, maks. 50%',
        measuresEn: 'Supermarkets, markets and grocery shops until 20:00 WITA at most 50 %',
      }),
      rule(
        { venueType: 'pharmacy' },
        { window: until('24:00'), measuresId: 'Apotek boleh buka 24 jam', measuresEn: 'Pharmacies may open 24 hours' },
      ),
      rule(
        { venueType: 'office' },
        {
          capacityPercent: 50,
          capacityMode: 'warn',
          measuresId: 'Sektor non-esensial 100% WFH; sektor esensial WFO maks. 50%',
          measuresEn: 'Non-essential sectors work from home 100 %; essential sectors at most 50 % at the office',
        },
      ),
      rule({ venueType: 'bank' }, { capacityPercent: 50, capacityMode: 'warn', measuresId: 'Sektor esensial WFO maks. 50%', measuresEn: 'Essential sector: at most 50 % at the office' }),
      rule(
        { venueType: 'government_office' },
        { capacityPercent: 25, capacityMode: 'warn', measuresId: 'Pemerintahan WFO maks. 25%', measuresEn: 'Government offices: at most 25 % at the office' },
      ),
      rule({ sector: 'education' }, { closed: true, measuresId: 'Pembelajaran daring', measuresEn: 'Teaching online' }),
      rule({ venueType: 'meeting_hall' }, { closed: true, measuresId: 'Resepsi pernikahan ditiadakan', measuresEn: 'Wedding receptions banned' }),
    ],
  },
  {
    // [1] PPKM Level 3 Bali, 21–25 Jul 2021. Eateries take-away only; the notes give no eatery hour, so the 21:00
    // of daily-needs shops is used for them as well [U].
    id: 'dps-2021-07-21-ppkm-level-3-se-gub-11-2021',
    legalBasis: 'SE Gub 11/2021',
    titleId: 'PPKM Level 3 Bali',
    titleEn: 'PPKM Level 3, Bali',
    from: '2021-07-21',
    to: '2021-07-26',
    rules: [
      rule(
        { sector: 'trade' },
        {
          window: until('21:00'),
          capacityPercent: 50,
          measuresId: 'Toko kebutuhan sehari-hari sampai pukul 21.00 WITA, maks. 50%',
          measuresEn: 'Daily-needs shops until 21:00 WITA at most 50 %',
        },
      ),
      ...forTypes(EATERIES, {
        window: until('21:00'),
        dineIn: false,
        measuresId: 'Hanya bawa pulang',
        measuresEn: 'Take-away only',
      }),
      rule(
        { venueType: 'mall' },
        {
          closed: true,
          measuresId: 'Mal ditutup kecuali akses ke restoran dan supermarket',
          measuresEn: 'Malls closed except access to restaurants and supermarkets',
        },
      ),
    ],
  },
  {
    // [S] PPKM Level 4, Bali variant, from 26 Jul 2021. The notes say "Jul–Aug 2021", so it ends with August [U].
    // "Malls included" is read as malls also at 25 % until 21:00 [U].
    id: 'dps-2021-07-26-ppkm-level-4-bali',
    legalBasis: 'Inmendagri 24/27/2021, SE Gub 12/2021, SE Walikota 180/434/HK/2021',
    titleId: 'PPKM Level 4 (varian Bali)',
    titleEn: 'PPKM Level 4 (Bali variant)',
    from: '2021-07-26',
    to: '2021-09-01',
    rules: [
      ...forTypes(EATERIES, {
        window: until('21:00'),
        capacityPercent: 25,
        dineIn: true,
        maxVisitMinutes: 30,
        measuresId: 'Makan di tempat maks. 25%, 30 menit, sampai pukul 21.00 WITA',
        measuresEn: 'Dine-in at most 25 %, 30 minutes, until 21:00 WITA',
      }),
      rule(
        { venueType: 'mall' },
        {
          window: until('21:00'),
          capacityPercent: 25,
          measuresId: 'Mal mengikuti ketentuan makan di tempat: maks. 25% sampai pukul 21.00 WITA',
          measuresEn: 'Malls follow the dine-in terms: at most 25 % until 21:00 WITA',
        },
      ),
      rule(
        { venueType: 'traditional_market' },
        {
          capacityPercent: 50,
          measuresId: 'Pasar non-esensial maks. 50% sampai pukul 16.00 WITA',
          measuresEn: 'Non-essential markets at most 50 % until 16:00 WITA',
        },
      ),
    ],
  },
];

/** PPKM Mikro district-level rules (§6.2) with the eatery and mall closing time of the period. */
function ppkmMikroRules(closing: string): Rule[] {
  return [
    rule({ sector: 'trade' }, { window: until(closing), measuresId: `Usaha sampai pukul ${closing.replace(':', '.')} WITA`, measuresEn: `Businesses until ${closing} WITA` }),
    ...forTypes(EATERIES, {
      window: until(closing),
      capacityPercent: 50,
      dineIn: true,
      measuresId: `Makan di tempat maks. 50% sampai pukul ${closing.replace(':', '.')} WITA; pesan-antar sesuai jam operasional`,
      measuresEn: `Dine-in at most 50 % until ${closing} WITA; delivery within own opening hours`,
    }),
    rule({ venueType: 'mall' }, { window: until(closing), measuresId: `Mal sampai pukul ${closing.replace(':', '.')} WITA`, measuresEn: `Malls until ${closing} WITA` }),
    rule(
      { venueType: 'traditional_market' },
      {
        window: until('21:00'),
        measuresId: 'Pasar sampai pukul 21.00 WITA dengan pengaturan arus pengunjung',
        measuresEn: 'Markets until 21:00 WITA with visitor-flow control',
      },
    ),
    rule({ venueType: 'office' }, { capacityPercent: 50, capacityMode: 'warn', measuresId: 'WFO 50%', measuresEn: 'At most 50 % at the office' }),
    rule({ sector: 'education' }, { closed: true, measuresId: 'Sekolah daring', measuresEn: 'School online' }),
    rule({ venueType: 'house_of_worship' }, { capacityPercent: 50, measuresId: 'Tempat ibadah maks. 50%', measuresEn: 'Houses of worship at most 50 %' }),
    rule(
      { sector: 'public_facilities' },
      {
        measuresId: 'Fasilitas umum dan kegiatan sosial budaya yang menimbulkan kerumunan tidak diizinkan',
        measuresEn: 'No crowd-forming public facilities or socio-cultural activities',
      },
    ),
  ];
}

/** The historical Denpasar rule sets, oldest first, versions 1…n of the city series. */
export const DENPASAR_SEED_RULE_SETS: readonly RuleSet[] = SEED_SPECS.map((spec, index) => seedRuleSet(spec, index + 1));

/** Denpasar's desa/kelurahan zone thresholds (§6.1), in force since PKM began. */
export const DENPASAR_ZONE_THRESHOLDS_VERSIONS: readonly ZoneThresholdsVersion[] = [
  {
    id: 'dps-zone-thresholds-2020-05-15',
    scopeRegionCode: DENPASAR_CITY_CODE,
    effectiveFrom: denpasarMidnight('2020-05-15'),
    effectiveTo: null,
    thresholds: { ...DEFAULT_ZONE_THRESHOLDS },
    basis: 'Satgas Penanganan COVID-19 Kota Denpasar: zona desa/kelurahan menurut kasus positif aktif',
  },
];

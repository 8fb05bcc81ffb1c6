/**
 * Venue sectors and venue types.
 *
 * The 15 sectors are those of Pergub Bali 46/2020 and Perwali Denpasar 48/2020 (domain notes §5.1). The sources run
 * "youth and sport" and "tourism" together as the fifteenth, so it is one code here. Venue types are sub-types that
 * restriction rules name directly (restaurant, mall, traditional market …); the sector each belongs to and the usual
 * stay are design choices [U], kept here as data so they can be changed in one place.
 */

export const SECTOR_CODES = [
  'public_services',
  'transport',
  'adat_religion',
  'arts_culture',
  'agriculture_fisheries_forestry',
  'trade',
  'finance',
  'health',
  'services_construction',
  'environment',
  'social',
  'public_facilities',
  'order_security',
  'education',
  'youth_sport_tourism',
] as const;
export type SectorCode = (typeof SECTOR_CODES)[number];

export interface Sector {
  code: SectorCode;
  /** Position in the Pergub 46/2020 list, 1–15. */
  ordinal: number;
  labelId: string;
  labelEn: string;
}

export const SECTORS: readonly Sector[] = [
  { code: 'public_services', ordinal: 1, labelId: 'Pelayanan publik', labelEn: 'Public services' },
  { code: 'transport', ordinal: 2, labelId: 'Transportasi', labelEn: 'Transport' },
  { code: 'adat_religion', ordinal: 3, labelId: 'Adat dan keagamaan', labelEn: 'Adat and religion' },
  { code: 'arts_culture', ordinal: 4, labelId: 'Seni dan budaya', labelEn: 'Arts and culture' },
  {
    code: 'agriculture_fisheries_forestry',
    ordinal: 5,
    labelId: 'Pertanian, perikanan dan kehutanan',
    labelEn: 'Agriculture, fisheries and forestry',
  },
  { code: 'trade', ordinal: 6, labelId: 'Perdagangan', labelEn: 'Trade' },
  { code: 'finance', ordinal: 7, labelId: 'Perbankan dan keuangan non-bank', labelEn: 'Bank and non-bank finance' },
  { code: 'health', ordinal: 8, labelId: 'Kesehatan', labelEn: 'Health' },
  { code: 'services_construction', ordinal: 9, labelId: 'Jasa dan konstruksi', labelEn: 'Services and construction' },
  { code: 'environment', ordinal: 10, labelId: 'Pengelolaan lingkungan hidup', labelEn: 'Environmental management' },
  { code: 'social', ordinal: 11, labelId: 'Sosial', labelEn: 'Social' },
  { code: 'public_facilities', ordinal: 12, labelId: 'Fasilitas umum', labelEn: 'Public facilities' },
  {
    code: 'order_security',
    ordinal: 13,
    labelId: 'Ketertiban, keamanan dan ketenteraman',
    labelEn: 'Order, security and peace',
  },
  { code: 'education', ordinal: 14, labelId: 'Pendidikan', labelEn: 'Education' },
  {
    code: 'youth_sport_tourism',
    ordinal: 15,
    labelId: 'Kepemudaan, olahraga dan pariwisata',
    labelEn: 'Youth, sport and tourism',
  },
];

export const VENUE_TYPE_CODES = [
  'government_office',
  'public_service_mall',
  'transport_terminal',
  'public_transport',
  'house_of_worship',
  'banjar_hall',
  'cinema',
  'arts_venue',
  'agricultural_business',
  'traditional_market',
  'modern_market',
  'mall',
  'shop',
  'restaurant',
  'warung',
  'cafe',
  'food_stall',
  'bank',
  'hospital',
  'health_clinic',
  'pharmacy',
  'office',
  'personal_care',
  'construction_site',
  'waste_facility',
  'social_institution',
  'public_park',
  'meeting_hall',
  'security_post',
  'school',
  'university',
  'training_centre',
  'hotel',
  'tourist_attraction',
  'sports_facility',
  'nightlife',
] as const;
export type VenueTypeCode = (typeof VENUE_TYPE_CODES)[number];

export interface VenueType {
  code: VenueTypeCode;
  sector: SectorCode;
  labelId: string;
  labelEn: string;
  /** A typical visit, used to close visits that were never checked out [U]. */
  usualStayMinutes: number;
  /** Whether dine-in / on-site consumption rules (PPKM "makan di tempat") concern this type. */
  dineInApplies: boolean;
}

export const VENUE_TYPES: readonly VenueType[] = [
  defineVenueType('government_office', 'public_services', 'Kantor pelayanan pemerintah', 'Government service office', 60),
  defineVenueType('public_service_mall', 'public_services', 'Mal Pelayanan Publik (MPP)', 'Public service mall (MPP)', 90),
  defineVenueType('transport_terminal', 'transport', 'Terminal, pelabuhan atau bandara', 'Terminal, port or airport', 60),
  defineVenueType('public_transport', 'transport', 'Angkutan umum', 'Public transport vehicle', 45),
  defineVenueType('house_of_worship', 'adat_religion', 'Tempat ibadah', 'House of worship', 90),
  defineVenueType('banjar_hall', 'adat_religion', 'Balai banjar', 'Banjar hall', 120),
  defineVenueType('cinema', 'arts_culture', 'Bioskop', 'Cinema', 150),
  defineVenueType('arts_venue', 'arts_culture', 'Gedung seni dan pertunjukan', 'Arts and performance venue', 150),
  defineVenueType(
    'agricultural_business',
    'agriculture_fisheries_forestry',
    'Usaha pertanian, perikanan atau kehutanan',
    'Farm, fishery or forestry business',
    120,
  ),
  defineVenueType('traditional_market', 'trade', 'Pasar rakyat / pasar tradisional', 'Traditional market', 60),
  defineVenueType('modern_market', 'trade', 'Pasar modern / swalayan / toko modern', 'Supermarket or minimarket', 30),
  defineVenueType('mall', 'trade', 'Pusat perbelanjaan / mal', 'Shopping centre / mall', 120),
  defineVenueType('shop', 'trade', 'Toko', 'Shop', 30),
  defineVenueType('restaurant', 'trade', 'Restoran / rumah makan', 'Restaurant', 90, true),
  defineVenueType('warung', 'trade', 'Warung makan', 'Warung (small eatery)', 60, true),
  defineVenueType('cafe', 'trade', 'Kafe', 'Cafe', 90, true),
  defineVenueType('food_stall', 'trade', 'Pedagang kaki lima / lapak jajanan', 'Street food stall', 30, true),
  defineVenueType('bank', 'finance', 'Bank / lembaga keuangan', 'Bank or finance office', 45),
  defineVenueType('hospital', 'health', 'Rumah sakit', 'Hospital', 180),
  defineVenueType('health_clinic', 'health', 'Puskesmas / klinik', 'Community health centre or clinic', 90),
  defineVenueType('pharmacy', 'health', 'Apotek', 'Pharmacy', 20),
  defineVenueType('office', 'services_construction', 'Kantor / tempat kerja', 'Office or workplace', 540),
  defineVenueType('personal_care', 'services_construction', 'Salon / pangkas rambut / spa', 'Salon, barber or spa', 90),
  defineVenueType('construction_site', 'services_construction', 'Proyek konstruksi', 'Construction site', 540),
  defineVenueType('waste_facility', 'environment', 'Fasilitas pengelolaan sampah', 'Waste management facility', 60),
  defineVenueType('social_institution', 'social', 'Panti / lembaga sosial', 'Social care institution', 120),
  defineVenueType('public_park', 'public_facilities', 'Taman / ruang publik', 'Public park or open space', 90),
  defineVenueType('meeting_hall', 'public_facilities', 'Gedung pertemuan', 'Meeting or function hall', 180),
  defineVenueType('security_post', 'order_security', 'Pos keamanan / pos pantau', 'Security or checkpoint post', 30),
  defineVenueType('school', 'education', 'Sekolah', 'School', 420),
  defineVenueType('university', 'education', 'Perguruan tinggi', 'University or academy', 240),
  defineVenueType('training_centre', 'education', 'Lembaga kursus / pelatihan', 'Course or training centre', 120),
  defineVenueType('hotel', 'youth_sport_tourism', 'Hotel / penginapan', 'Hotel or lodging', 720),
  defineVenueType('tourist_attraction', 'youth_sport_tourism', 'Daya tarik wisata', 'Tourist attraction', 150),
  defineVenueType('sports_facility', 'youth_sport_tourism', 'Fasilitas olahraga / pusat kebugaran', 'Sports facility or gym', 90),
  defineVenueType(
    'nightlife',
    'youth_sport_tourism',
    'Hiburan malam (karaoke, bar, diskotek)',
    'Nightlife (karaoke, bar, disco)',
    180,
  ),
];

function defineVenueType(
  code: VenueTypeCode,
  sector: SectorCode,
  labelId: string,
  labelEn: string,
  usualStayMinutes: number,
  dineInApplies = false,
): VenueType {
  return { code, sector, labelId, labelEn, usualStayMinutes, dineInApplies };
}

/** The default stay assumed for a venue whose type is unknown (domain notes §7.2 `DEFAULT_DWELL_MIN`). */
export const DEFAULT_USUAL_STAY_MINUTES = 60;

const sectorSet: ReadonlySet<string> = new Set(SECTOR_CODES);
const venueTypeSet: ReadonlySet<string> = new Set(VENUE_TYPE_CODES);
const sectorsByCode = new Map<string, Sector>(SECTORS.map((sector) => [sector.code, sector]));
const venueTypesByCode = new Map<string, VenueType>(VENUE_TYPES.map((venueType) => [venueType.code, venueType]));

export function isSectorCode(value: unknown): value is SectorCode {
  return typeof value === 'string' && sectorSet.has(value);
}

export function isVenueTypeCode(value: unknown): value is VenueTypeCode {
  return typeof value === 'string' && venueTypeSet.has(value);
}

export function sectorByCode(code: string): Sector | undefined {
  return sectorsByCode.get(code);
}

export function venueTypeByCode(code: string): VenueType | undefined {
  return venueTypesByCode.get(code);
}

export function sectorOfVenueType(code: VenueTypeCode): SectorCode {
  // Every code in VENUE_TYPE_CODES has an entry; the test suite checks it.
  return (venueTypesByCode.get(code) as VenueType).sector;
}

export function venueTypesOfSector(sector: SectorCode): VenueType[] {
  return VENUE_TYPES.filter((venueType) => venueType.sector === sector);
}

/** Usual stay for a venue type, or the default dwell when the type is unknown or absent. */
export function usualStayMinutes(code: string | null | undefined): number {
  return (code ? venueTypesByCode.get(code)?.usualStayMinutes : undefined) ?? DEFAULT_USUAL_STAY_MINUTES;
}

/** Whether a venue type is one of the given sector's sub-types. */
export function venueTypeBelongsToSector(code: VenueTypeCode, sector: SectorCode): boolean {
  return sectorOfVenueType(code) === sector;
}

/** Sectors with their venue types, in Pergub order: the body of `GET /api/v1/sectors`. */
export interface SectorCatalogueEntry extends Sector {
  venueTypes: Omit<VenueType, 'sector'>[];
}

export function sectorCatalogue(): SectorCatalogueEntry[] {
  return SECTORS.map((sector) => ({
    ...sector,
    venueTypes: VENUE_TYPES.filter((venueType) => venueType.sector === sector.code).map(
      ({ code, labelId, labelEn, usualStayMinutes: stay, dineInApplies }) => ({
        code,
        labelId,
        labelEn,
        usualStayMinutes: stay,
        dineInApplies,
      }),
    ),
  }));
}

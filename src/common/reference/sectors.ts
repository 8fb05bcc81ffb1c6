/**
 * Venue sectors and venue types.
 *
 * The 15 sectors are those of Pergub Bali 46/2020 and Perwali Denpasar 48/2020 (domain notes §5.1). The sources run
 * "youth and sport" and "tourism" together as the fifteenth, so it is one code here. Venue types are sub-types that
 * restriction rules name directly (restaurant, mall, traditional market …); the sector each belongs to and the usual
 * stay are design choices [U], kept here as data so they can be changed in one place. Their names are in the text
 * catalogue (`sectors.<code>`, `venueTypes.<code>`; the server reads them through `shared/reference-labels.ts`).
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
}

export const SECTORS: readonly Sector[] = [
  { code: 'public_services', ordinal: 1 },
  { code: 'transport', ordinal: 2 },
  { code: 'adat_religion', ordinal: 3 },
  { code: 'arts_culture', ordinal: 4 },
  { code: 'agriculture_fisheries_forestry', ordinal: 5 },
  { code: 'trade', ordinal: 6 },
  { code: 'finance', ordinal: 7 },
  { code: 'health', ordinal: 8 },
  { code: 'services_construction', ordinal: 9 },
  { code: 'environment', ordinal: 10 },
  { code: 'social', ordinal: 11 },
  { code: 'public_facilities', ordinal: 12 },
  { code: 'order_security', ordinal: 13 },
  { code: 'education', ordinal: 14 },
  { code: 'youth_sport_tourism', ordinal: 15 },
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
  /** A typical visit, used to close visits that were never checked out [U]. */
  usualStayMinutes: number;
  /** Whether dine-in / on-site consumption rules (PPKM "makan di tempat") concern this type. */
  dineInApplies: boolean;
}

export const VENUE_TYPES: readonly VenueType[] = [
  defineVenueType('government_office', 'public_services', 60),
  defineVenueType('public_service_mall', 'public_services', 90),
  defineVenueType('transport_terminal', 'transport', 60),
  defineVenueType('public_transport', 'transport', 45),
  defineVenueType('house_of_worship', 'adat_religion', 90),
  defineVenueType('banjar_hall', 'adat_religion', 120),
  defineVenueType('cinema', 'arts_culture', 150),
  defineVenueType('arts_venue', 'arts_culture', 150),
  defineVenueType('agricultural_business', 'agriculture_fisheries_forestry', 120),
  defineVenueType('traditional_market', 'trade', 60),
  defineVenueType('modern_market', 'trade', 30),
  defineVenueType('mall', 'trade', 120),
  defineVenueType('shop', 'trade', 30),
  defineVenueType('restaurant', 'trade', 90, true),
  defineVenueType('warung', 'trade', 60, true),
  defineVenueType('cafe', 'trade', 90, true),
  defineVenueType('food_stall', 'trade', 30, true),
  defineVenueType('bank', 'finance', 45),
  defineVenueType('hospital', 'health', 180),
  defineVenueType('health_clinic', 'health', 90),
  defineVenueType('pharmacy', 'health', 20),
  defineVenueType('office', 'services_construction', 540),
  defineVenueType('personal_care', 'services_construction', 90),
  defineVenueType('construction_site', 'services_construction', 540),
  defineVenueType('waste_facility', 'environment', 60),
  defineVenueType('social_institution', 'social', 120),
  defineVenueType('public_park', 'public_facilities', 90),
  defineVenueType('meeting_hall', 'public_facilities', 180),
  defineVenueType('security_post', 'order_security', 30),
  defineVenueType('school', 'education', 420),
  defineVenueType('university', 'education', 240),
  defineVenueType('training_centre', 'education', 120),
  defineVenueType('hotel', 'youth_sport_tourism', 720),
  defineVenueType('tourist_attraction', 'youth_sport_tourism', 150),
  defineVenueType('sports_facility', 'youth_sport_tourism', 90),
  defineVenueType('nightlife', 'youth_sport_tourism', 180),
];

function defineVenueType(
  code: VenueTypeCode,
  sector: SectorCode,
  usualStayMinutes: number,
  dineInApplies = false,
): VenueType {
  return { code, sector, usualStayMinutes, dineInApplies };
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

/** Sectors with their venue types, in Pergub order: `GET /api/v1/sectors` adds their names from the catalogue. */
export interface SectorCatalogueEntry extends Sector {
  venueTypes: Omit<VenueType, 'sector'>[];
}

export function sectorCatalogue(): SectorCatalogueEntry[] {
  return SECTORS.map((sector) => ({
    ...sector,
    venueTypes: VENUE_TYPES.filter((venueType) => venueType.sector === sector.code).map(
      ({ code, usualStayMinutes: stay, dineInApplies }) => ({
        code,
        usualStayMinutes: stay,
        dineInApplies,
      }),
    ),
  }));
}

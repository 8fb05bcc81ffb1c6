import { describe, expect, it } from 'vitest';
import {
  DEFAULT_USUAL_STAY_MINUTES,
  isSectorCode,
  isVenueTypeCode,
  SECTOR_CODES,
  SECTORS,
  sectorByCode,
  sectorCatalogue,
  sectorOfVenueType,
  usualStayMinutes,
  VENUE_TYPE_CODES,
  VENUE_TYPES,
  venueTypeByCode,
  venueTypesOfSector,
} from './sectors.js';

describe('sectors and venue types', () => {
  // Their names are in the text catalogue: src/server/shared/reference-labels.test.ts checks them.
  it('has the 15 Pergub 46/2020 sectors, in order', () => {
    expect(SECTORS).toHaveLength(15);
    expect(SECTORS.map((sector) => sector.code)).toEqual([...SECTOR_CODES]);
    expect(SECTORS.map((sector) => sector.ordinal)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it('describes every venue type code exactly once, inside a known sector', () => {
    expect(VENUE_TYPES.map((venueType) => venueType.code)).toEqual([...VENUE_TYPE_CODES]);
    for (const venueType of VENUE_TYPES) {
      expect(isSectorCode(venueType.sector)).toBe(true);
      expect(venueType.usualStayMinutes).toBeGreaterThan(0);
      expect(sectorOfVenueType(venueType.code)).toBe(venueType.sector);
    }
  });

  it('offers the sub-types the issue names', () => {
    for (const code of ['restaurant', 'mall', 'traditional_market', 'office', 'house_of_worship', 'tourist_attraction']) {
      expect(isVenueTypeCode(code)).toBe(true);
    }
    expect(venueTypeByCode('warung')).toMatchObject({ sector: 'trade', usualStayMinutes: 60, dineInApplies: true });
    expect(venueTypeByCode('office')).toMatchObject({ usualStayMinutes: 540, dineInApplies: false });
  });

  it('looks things up and falls back to the default stay', () => {
    expect(sectorByCode('trade')).toEqual({ code: 'trade', ordinal: 6 });
    expect(sectorByCode('casino')).toBeUndefined();
    expect(isSectorCode('casino')).toBe(false);
    expect(isVenueTypeCode(42)).toBe(false);
    expect(usualStayMinutes('school')).toBe(420);
    expect(usualStayMinutes('spaceport')).toBe(DEFAULT_USUAL_STAY_MINUTES);
    expect(usualStayMinutes(null)).toBe(DEFAULT_USUAL_STAY_MINUTES);
    expect(venueTypesOfSector('health').map((venueType) => venueType.code)).toEqual([
      'hospital',
      'health_clinic',
      'pharmacy',
    ]);
  });

  it('builds the catalogue for GET /api/v1/sectors', () => {
    const catalogue = sectorCatalogue();
    expect(catalogue).toHaveLength(15);
    expect(catalogue.flatMap((entry) => entry.venueTypes)).toHaveLength(VENUE_TYPES.length);
    expect(catalogue.find((entry) => entry.code === 'adat_religion')?.venueTypes.map((t) => t.code)).toContain(
      'house_of_worship',
    );
  });
});

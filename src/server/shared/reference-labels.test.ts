import { describe, expect, it } from 'vitest';
import { SECTORS, VENUE_TYPES } from '../../common/reference/sectors.js';
import { labelledSectorCatalogue, sectorLabel, venueTypeLabel } from './reference-labels.js';

// The names of src/common/reference's sectors and venue types, from the text catalogue (moved from sectors.test.ts).
describe('sector and venue-type names', () => {
  it('labels each of the 15 sectors in both languages', () => {
    for (const sector of SECTORS) {
      expect(sectorLabel(sector.code).id).not.toBe('');
      expect(sectorLabel(sector.code).en).not.toBe('');
    }
    expect(sectorLabel('trade').id).toBe('Perdagangan');
    expect(sectorLabel('trade')).toEqual({ id: 'Perdagangan', en: 'Trade' });
  });

  it('labels every venue type in both languages', () => {
    for (const venueType of VENUE_TYPES) {
      expect(venueTypeLabel(venueType.code).id).not.toBe('');
      expect(venueTypeLabel(venueType.code).en).not.toBe('');
    }
    expect(venueTypeLabel('warung')).toEqual({ id: 'Warung makan', en: 'Warung (small eatery)' });
  });

  it('reads an unknown code as itself, without reaching into the catalogue', () => {
    expect(sectorLabel('casino')).toEqual({ id: 'casino', en: 'casino' });
    expect(venueTypeLabel('toString')).toEqual({ id: 'toString', en: 'toString' });
  });

  it('names the catalogue of GET /api/v1/sectors', () => {
    const catalogue = labelledSectorCatalogue();
    expect(catalogue).toHaveLength(15);
    expect(catalogue[0]).toMatchObject({ code: 'public_services', ordinal: 1, labelId: 'Pelayanan publik', labelEn: 'Public services' });
    expect(catalogue.find((entry) => entry.code === 'trade')?.venueTypes.find((t) => t.code === 'restaurant')).toEqual({
      code: 'restaurant',
      labelId: 'Restoran / rumah makan',
      labelEn: 'Restaurant',
      usualStayMinutes: 90,
      dineInApplies: true,
    });
  });
});

import { isSectorCode, isVenueTypeCode, sectorCatalogue } from '../../common/reference/sectors.js';
import type { Localized } from './language.js';
import { localized } from './texts.js';

/*
 * The names of the reference data in src/common/reference (codes and numbers only: src/common does not read the
 * catalogue), taken from the text catalogue (`sectors.<code>`, `venueTypes.<code>`). The one place the server turns
 * those codes into words, for the API, the poster and the approval letter.
 */

/** A sector's name in both languages; an unknown code (a venue stored before a code was retired) reads as itself. */
export function sectorLabel(code: string): Localized {
  return isSectorCode(code) ? localized(`sectors.${code}`) : { id: code, en: code };
}

/** A venue type's name in both languages; an unknown code reads as itself. */
export function venueTypeLabel(code: string): Localized {
  return isVenueTypeCode(code) ? localized(`venueTypes.${code}`) : { id: code, en: code };
}

/** The body of `GET /api/v1/sectors`: the sectors with their venue types, in Pergub order, each named in both languages. */
export function labelledSectorCatalogue() {
  return sectorCatalogue().map(({ venueTypes, ...sector }) => {
    const name = sectorLabel(sector.code);
    return {
      ...sector,
      labelId: name.id,
      labelEn: name.en,
      venueTypes: venueTypes.map((venueType) => {
        const typeName = venueTypeLabel(venueType.code);
        return { ...venueType, labelId: typeName.id, labelEn: typeName.en };
      }),
    };
  });
}

import type { Db } from '../../db/kysely.js';
import { problems, type FieldError } from '../../shared/errors.js';
import { normalizePhone } from '../../shared/phone.js';
import { parseTimeOfDay } from '../../shared/daily-window.js';
import { isSectorCode, isVenueTypeCode, venueTypeBelongsToSector } from '../../../common/reference/sectors.js';
import { isVillage } from '../regions/index.js';
import type { createVenueLocator } from './venue-locator.js';
import { openingHoursOf } from './venues.presenter.js';
import { regionSummaries } from './venues.read-model.js';
import type { VenuesTable } from './venues.table.js';

/* The fields that describe a venue: their API shape, their columns, and every domain check of them. */

export interface VenueFields {
  name: string;
  sector: string;
  type: string;
  regionCode: string;
  banjarCode?: string | null;
  desaAdatCode?: string | null;
  address: string;
  lat: number;
  lon: number;
  positionConfirmed?: boolean;
  capacity: number;
  openingHours?: { from: string; until: string } | null;
  indoor: boolean;
  contactName?: string | null;
  contactPhone?: string | null;
}

/** The columns that describe a venue, from its fields: the same on registration and on correction. */
export function describingColumns(f: VenueFields) {
  return {
    name: f.name.trim(),
    sector: f.sector,
    venue_type: f.type,
    region_code: f.regionCode,
    banjar_code: f.banjarCode ?? null,
    desa_adat_code: f.desaAdatCode ?? null,
    address: f.address.trim(),
    lat: f.lat,
    lon: f.lon,
    capacity: f.capacity,
    opens_at: f.openingHours?.from ?? null,
    closes_at: f.openingHours?.until ?? null,
    indoor: f.indoor ? 1 : 0,
  };
}

/** The fields of a stored venue in the shape of the API input (to merge corrections and to diff them); the contact phone opened by the caller. */
export function fieldsOf(v: VenuesTable, contactPhone: string | null): Required<VenueFields> {
  return {
    name: v.name,
    sector: v.sector,
    type: v.venue_type,
    regionCode: v.region_code,
    banjarCode: v.banjar_code,
    desaAdatCode: v.desa_adat_code,
    address: v.address,
    lat: v.lat,
    lon: v.lon,
    positionConfirmed: v.position_confirmed === 1,
    capacity: v.capacity,
    openingHours: openingHoursOf(v),
    indoor: v.indoor === 1,
    contactName: v.contact_name,
    contactPhone,
  };
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export interface CheckedFields {
  pointRegionCode: string | null;
  positionConfirmed: boolean;
  contactPhone: string | null;
}

export function createVenueFieldsChecker(deps: { db: Db; locator: ReturnType<typeof createVenueLocator> }) {
  const { db, locator } = deps;

  /** Every domain check of a venue's fields at once, so a form can mark all offending fields. */
  return async function checkFields(f: VenueFields, checkPosition: boolean): Promise<CheckedFields> {
    const errors: FieldError[] = [];
    if (!isSectorCode(f.sector)) errors.push({ field: 'sector', messageKey: 'validation.unknownSector' });
    if (!isVenueTypeCode(f.type)) errors.push({ field: 'type', messageKey: 'validation.unknownVenueType' });
    else if (isSectorCode(f.sector) && !venueTypeBelongsToSector(f.type, f.sector)) {
      errors.push({ field: 'type', messageKey: 'validation.venueTypeNotInSector', params: { sector: f.sector } });
    }

    let regionOk = false;
    const region = (await regionSummaries(db, [f.regionCode]))[0];
    if (!region) errors.push({ field: 'regionCode', messageKey: 'validation.unknownRegion' });
    else if (!isVillage(region.type)) errors.push({ field: 'regionCode', messageKey: 'validation.notVillage' });
    else regionOk = true;

    if (f.banjarCode) {
      const banjar = (await regionSummaries(db, [f.banjarCode]))[0];
      if (!banjar) errors.push({ field: 'banjarCode', messageKey: 'validation.unknownRegion' });
      else if (banjar.type !== 'banjar' || banjar.parent_code !== f.regionCode) errors.push({ field: 'banjarCode', messageKey: 'validation.notBanjarOfVillage' });
    }
    if (f.desaAdatCode) {
      const adat = (await regionSummaries(db, [f.desaAdatCode]))[0];
      if (!adat) errors.push({ field: 'desaAdatCode', messageKey: 'validation.unknownRegion' });
      else if (adat.type !== 'desa_adat') errors.push({ field: 'desaAdatCode', messageKey: 'validation.notDesaAdat' });
    }

    if (f.openingHours) {
      if (parseTimeOfDay(f.openingHours.from) === null) errors.push({ field: 'openingHours.from', messageKey: 'validation.timeOfDay' });
      if (parseTimeOfDay(f.openingHours.until) === null) errors.push({ field: 'openingHours.until', messageKey: 'validation.timeOfDay' });
    }

    let contactPhone: string | null = null;
    if (f.contactPhone !== undefined && f.contactPhone !== null && f.contactPhone.trim() !== '') {
      contactPhone = normalizePhone(f.contactPhone);
      if (contactPhone === null) errors.push({ field: 'contactPhone', messageKey: 'validation.phone' });
    }

    // Position: outside every desa polygon is always an error; outside the chosen one only unless confirmed.
    let pointRegionCode: string | null = null;
    let positionConfirmed = false;
    if (checkPosition) {
      const villages = await locator.villagesAt(f.lat, f.lon);
      if (villages.length === 0) {
        errors.push({ field: 'lat', messageKey: 'validation.outsideCity' }, { field: 'lon', messageKey: 'validation.outsideCity' });
      } else {
        const inChosen = villages.find((v) => v.code === f.regionCode);
        pointRegionCode = (inChosen ?? villages[0])?.code ?? null;
        if (regionOk && !inChosen && (await locator.hasBoundary(f.regionCode))) {
          if (f.positionConfirmed === true) positionConfirmed = true;
          else errors.push({ field: 'positionConfirmed', messageKey: 'validation.positionMismatch', params: { pointRegionName: villages[0]?.name ?? '' } });
        }
      }
    }

    if (errors.length > 0) throw problems.validation(errors);
    return { pointRegionCode, positionConfirmed, contactPhone };
  };
}

export type VenueFieldsChecker = ReturnType<typeof createVenueFieldsChecker>;

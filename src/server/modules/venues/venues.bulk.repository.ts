import { bulkInsert } from '../../db/bulk-insert.js';
import type { DatabaseHandle } from '../../db/kysely.js';
import type { VenuesTable } from './venues.table.js';

/** Venues in bulk (the synthetic city): one statement per batch, see db/bulk-insert.ts. */
export function insertVenuesBulk(handle: DatabaseHandle, rows: readonly VenuesTable[]): Promise<void> {
  return bulkInsert<VenuesTable>(handle, 'venues', {
    id: 'text',
    venue_number: 'integer',
    name: 'text',
    sector: 'text',
    venue_type: 'text',
    region_code: 'text',
    banjar_code: 'text',
    desa_adat_code: 'text',
    address: 'text',
    lat: 'double precision',
    lon: 'double precision',
    position_confirmed: 'integer',
    point_region_code: 'text',
    capacity: 'integer',
    opens_at: 'text',
    closes_at: 'text',
    indoor: 'integer',
    contact_name: 'text',
    contact_phone_enc: 'text',
    status: 'text',
    status_reason: 'text',
    suspended_until: 'bigint',
    suspension_sanction_id: 'text',
    compliance_score: 'integer',
    compliance_badge: 'text',
    created_by: 'text',
    created_at: 'bigint',
    updated_at: 'bigint',
    verified_at: 'bigint',
  }, rows);
}

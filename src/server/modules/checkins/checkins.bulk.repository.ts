import { bulkInsert } from '../../db/bulk-insert.js';
import type { DatabaseHandle } from '../../db/kysely.js';
import type { VisitsTable } from './checkins.table.js';

/** Visits in bulk (the synthetic city): one statement per batch, see db/bulk-insert.ts. */
export function insertVisitsBulk(handle: DatabaseHandle, rows: readonly Required<VisitsTable>[]): Promise<void> {
  return bulkInsert<Required<VisitsTable>>(handle, 'visits', {
    id: 'text',
    venue_id: 'text',
    person_key: 'text',
    person_enc: 'text',
    name_enc: 'text',
    phone_enc: 'text',
    secret_hash: 'text',
    t_in: 'bigint',
    t_out: 'bigint',
    out_kind: 'text',
    estimated: 'integer',
    source: 'text',
    client_key: 'text',
    over_capacity: 'integer',
    entered_by: 'text',
    region_code: 'text',
    created_at: 'bigint',
  }, rows);
}

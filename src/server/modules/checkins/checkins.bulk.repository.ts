import { bulkInsert } from '../../db/bulk-insert.js';
import type { DatabaseHandle } from '../../db/kysely.js';
import type { VisitsTable } from './checkins.table.js';
import { ensureVisitPartitions } from './visit-partitions.repository.js';

const DAY_MS = 86_400_000;

/**
 * Visits in bulk (the synthetic city): one statement per batch, see db/bulk-insert.ts. On PostgreSQL the day
 * partitions of the batch's days are made first (a city generated for past days would otherwise fill the default).
 */
export async function insertVisitsBulk(handle: DatabaseHandle, rows: readonly Required<VisitsTable>[]): Promise<void> {
  if (handle.dialect === 'postgres' && rows.length > 0) {
    let min = Infinity;
    let max = -Infinity;
    for (const r of rows) {
      min = Math.min(min, r.t_in);
      max = Math.max(max, r.t_in);
    }
    await ensureVisitPartitions(handle.db, min, Math.floor(max / DAY_MS) - Math.floor(min / DAY_MS));
  }
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
